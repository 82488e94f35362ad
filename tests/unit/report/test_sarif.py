"""The SARIF view (pure): built from a real run's report on edited seeds, valid against the official SARIF 2.1.0
schema (stored offline in tests/data/sarif), one result per contradiction at its article's line."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers.paths import RULES, TESTS
from helpers.reports import ALEPPO, COUNCIL, MATCH_AREA, WARNING_RULE, WITHIN_TOTAL, EditedRun, edited_run, \
    export_run

from pytest_claims.report.outputs import VIEWS
from pytest_claims.report.sarif import (
    BROKEN_RULE,
    BROKEN_RULE_FILE,
    FINGERPRINT,
    SARIF_SCHEMA,
    SOURCE_ROOT,
    UNREADABLE_DOCUMENT,
    render_sarif,
    sarif_log,
    source_root,
)

SCHEMA_FILE = TESTS / "data" / "sarif" / "sarif-schema-2.1.0.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def test_the_stored_schema_is_the_official_one_and_needs_no_network() -> None:
    assert SCHEMA["id"] == SARIF_SCHEMA  # the $schema every log names is the schema it is checked against
    jsonschema.validators.validator_for(SCHEMA).check_schema(SCHEMA)
    found = list(refs(SCHEMA))
    assert len(found) > 100 and all(ref.startswith("#/") for ref in found)  # nothing to fetch
    assert (SCHEMA_FILE.parent / "LICENSE.md").is_file()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> EditedRun:
    return edited_run(tmp_path_factory.mktemp("edited"))


def results_of(log: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [result for result in log["runs"][0]["results"] if result["ruleId"] == rule_id]


def test_a_real_run_is_valid_sarif_with_one_result_per_contradiction(run: EditedRun) -> None:
    text = render_sarif(run.report, run.root)
    log = json.loads(text)
    VALIDATOR.validate(log)
    assert (log["$schema"], log["version"]) == (SARIF_SCHEMA, "2.1.0")
    [sarif_run] = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("pytest-claims", metadata.version("pytest-claims"))
    assert driver["informationUri"].startswith("https://")
    contradictions = sum(len(rule["contradictions"]) for rule in run.report["rules"])
    assert contradictions == 3
    rule_ids = {rule["name"] for rule in run.report["rules"]}
    assert len([r for r in sarif_run["results"] if r["ruleId"] in rule_ids]) == contradictions
    # every result names its rule by id and by index into the driver's rules
    for result in sarif_run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert sarif_run["originalUriBaseIds"][SOURCE_ROOT]["uri"] == run.root.resolve().as_uri() + "/"


@pytest.mark.parametrize("broken", [
    lambda log: log.update(version="2.0.0"),
    lambda log: log["runs"][0]["results"][0].update(level="fatal"),
    lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    lambda log: log["runs"][0]["results"][0].pop("message"),
    lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
], ids=["version", "level", "line 0", "no message", "no tool name"])
def test_the_schema_rejects_a_broken_log(run: EditedRun, broken: Any) -> None:
    log = sarif_log(run.report, run.root)
    broken(log)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(log)


def test_the_contradiction_is_at_the_article_line_with_the_values_and_constraint(run: EditedRun) -> None:
    log = sarif_log(run.report, run.root)
    [within] = results_of(log, WITHIN_TOTAL)
    assert within["level"] == "error"
    location = within["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": f"seeds/{run.edited.name}", "uriBaseId": SOURCE_ROOT},
                        "region": {"startLine": run.line}}
    assert "\"52\" cannot lie within [0, 40]" in within["message"]["text"]
    assert f"\"52\" ({run.edited.name}:{run.line})" in within["message"]["text"]
    assert "relatedLocations" not in within  # one claim: nothing else involved
    [ratio] = results_of(log, MATCH_AREA)
    [related] = ratio["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": run.line}
    assert related["message"]["text"].startswith("\"about 85%\"")
    # the bundled rules lie outside the run's folder: an absolute URI
    assert ratio["properties"]["ruleFile"] == (RULES / "neighbourhoods-and-area.yaml").resolve().as_uri()


def test_warning_rules_are_warnings_and_error_rules_errors(run: EditedRun) -> None:
    log = sarif_log(run.report, run.root)
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    severities = {rule["name"]: rule["severity"] for rule in run.report["rules"]}
    for name, severity in severities.items():
        assert levels[name] == ("warning" if severity == "warning" else "error")
    [warned] = results_of(log, WARNING_RULE)
    assert warned["level"] == "warning"
    assert len(warned["relatedLocations"]) == 1  # two claims, in two articles


def test_broken_rules_and_unreadable_files_are_error_results_and_notifications(run: EditedRun) -> None:
    log = sarif_log(run.report, run.root)
    [broken_rule] = results_of(log, BROKEN_RULE)
    assert broken_rule["level"] == "error" and broken_rule["properties"] == {"rule": "unicorns-within-total"}
    assert broken_rule["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "rules/zz-unicorns.yaml", "uriBaseId": SOURCE_ROOT}, "region": {"startLine": 2}}
    [broken_file] = results_of(log, BROKEN_RULE_FILE)
    assert broken_file["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rules/zz-broken.yaml"
    [empty] = results_of(log, UNREADABLE_DOCUMENT)
    assert empty["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "seeds/zz-empty.txt", "uriBaseId": SOURCE_ROOT}}  # no line: the whole file
    assert "empty document" in empty["message"]["text"]
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert sorted(n["descriptor"]["id"] for n in invocation["toolExecutionNotifications"]) == \
        sorted([BROKEN_RULE, BROKEN_RULE_FILE, UNREADABLE_DOCUMENT])


def test_a_clean_run_succeeds_with_its_warning_only(tmp_path: Path) -> None:
    clean = edited_run(tmp_path, problems=False)
    log = sarif_log(clean.report, tmp_path)
    VALIDATOR.validate(log)
    assert log["runs"][0]["invocations"][0] == {"executionSuccessful": True, "toolExecutionNotifications": []}
    assert not results_of(log, BROKEN_RULE) + results_of(log, BROKEN_RULE_FILE) + results_of(log, UNREADABLE_DOCUMENT)


def test_fingerprints_survive_lines_moving_and_tell_contradictions_apart(run: EditedRun, tmp_path: Path) -> None:
    moved = edited_run(tmp_path, lines_above=3)
    assert moved.line == run.line + 3
    before, after = sarif_log(run.report, run.root), sarif_log(moved.report, tmp_path)
    for rule_id in (WITHIN_TOTAL, MATCH_AREA, WARNING_RULE):
        [old], [new] = results_of(before, rule_id), results_of(after, rule_id)
        assert old["partialFingerprints"] == new["partialFingerprints"]
    [old], [new] = results_of(before, WITHIN_TOTAL), results_of(after, WITHIN_TOTAL)
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == \
        old["locations"][0]["physicalLocation"]["region"]["startLine"] + 3
    prints = [result["partialFingerprints"][FINGERPRINT] for result in before["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


def test_files_outside_the_source_root_are_absolute_file_uris(run: EditedRun, tmp_path: Path) -> None:
    log = sarif_log(run.report, tmp_path)  # an unrelated folder
    VALIDATOR.validate(log)
    [within] = results_of(log, WITHIN_TOTAL)
    assert within["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": run.edited.resolve().as_uri()}


def test_a_record_is_located_in_its_export_file_and_names_are_percent_encoded(run: EditedRun) -> None:
    """A CMS record's document path is ``export.jsonl:LINE``; its ``file`` is the export, which SARIF locates."""
    report = copy.deepcopy(run.report)
    export = run.root / "cms" / "news export #1.jsonl"
    record = f"{export}:3"
    for document in report["documents"]:
        if document["path"] == str(run.edited):
            document["path"], document["file"] = record, str(export)
    for claim in report["claims"]:
        if claim["document"] == str(run.edited):
            claim["document"] = record
    log = sarif_log(report, run.root)
    VALIDATOR.validate(log)
    [within] = results_of(log, WITHIN_TOTAL)
    assert within["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "cms/news%20export%20%231.jsonl", "uriBaseId": SOURCE_ROOT},
        "region": {"startLine": run.line}}


def test_a_cms_record_is_located_in_its_export_and_keeps_its_fingerprint_when_moved(tmp_path: Path) -> None:
    first = sarif_log(export_run(tmp_path / "one", [ALEPPO]), tmp_path / "one")
    moved = sarif_log(export_run(tmp_path / "two", [COUNCIL, COUNCIL, ALEPPO]), tmp_path / "two")
    VALIDATOR.validate(moved)
    [before], [after] = results_of(first, WITHIN_TOTAL), results_of(moved, WITHIN_TOTAL)
    assert [before["locations"][0]["physicalLocation"], after["locations"][0]["physicalLocation"]] == [
        {"artifactLocation": {"uri": "news/export.jsonl", "uriBaseId": SOURCE_ROOT}, "region": {"startLine": line}}
        for line in (1, 3)]
    assert before["partialFingerprints"] == after["partialFingerprints"]


def test_registered_as_a_view_and_relative_to_the_workspace_under_actions(run: EditedRun, tmp_path: Path) -> None:
    assert VIEWS["sarif"].render is render_sarif
    assert source_root({"GITHUB_WORKSPACE": str(run.root)}, tmp_path) == run.root
    assert source_root({}, tmp_path) == tmp_path
    assert render_sarif(run.report, run.root) == render_sarif(run.report, run.root)  # same report, same text
