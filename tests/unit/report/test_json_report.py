"""The JSON report (pure): built from real seed claims and verdicts, valid against the shipped schema."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers.claims import make_claim
from helpers.paths import PROJECT, RULES, SEEDS

from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import Catalogue, load_corpus
from pytest_claims.records.errors import ClaimsError, DocumentError, RuleError
from pytest_claims.records.model import Claim, Verdict, Violation
from pytest_claims.report.json_report import REPORT_VERSION, SCHEMA_ID, RuleProblem, build_report, report_schema, \
    write_report
from pytest_claims.rulefile.load import load_rules

VALIDATOR = jsonschema.Draft202012Validator(report_schema())


@pytest.fixture(scope="module")
def seeds() -> tuple[Catalogue, list[Claim]]:
    corpus = load_corpus([SEEDS])
    assert corpus.problems == ()
    return Catalogue(tuple(d.info for d in corpus.documents), ()), corpus_claims(corpus.documents)


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {claim["id"]: claim for claim in report["claims"]}


def test_the_schema_is_valid_versioned_and_shipped() -> None:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID
    assert schema["properties"]["version"] == {"const": REPORT_VERSION, "description": "the report's format version"}
    assert "report.schema.json" in (PROJECT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_seeds_with_the_bundled_rules_make_a_valid_report(seeds: tuple[Catalogue, list[Claim]]) -> None:
    catalogue, claims = seeds
    rules = load_rules(sorted(RULES.glob("*.yaml")))
    verdicts = {rule.name: evaluate_rule(rule, claims) for rule in rules}
    positions = {rule.name: (rule.path, rule.line) for rule in rules}
    report = build_report(catalogue, claims, verdicts, positions, [])
    VALIDATOR.validate(report)
    assert report["version"] == REPORT_VERSION and report["$schema"] == SCHEMA_ID
    assert report["counts"]["documents"] == len(catalogue.documents) == len(report["documents"])
    assert report["counts"]["quantities"] == len(claims) == len(report["claims"])
    assert report["counts"]["rules"] == len(rules)
    assert report["counts"]["passed"] + report["counts"]["warning"] == len(rules)  # the seeds are consistent
    assert [rule["name"] for rule in report["rules"]] == [r.name for r in sorted(rules, key=lambda r: (r.path, r.line))]
    claims_by_id = by_id(report)
    for rule, listed in zip(sorted(rules, key=lambda r: (r.path, r.line)), report["rules"]):
        selected = [claims_by_id[claim_id] for claim_id in listed["selected"]]
        assert [(c["document"], tuple(c["span"])) for c in selected] == \
            [(c.path, c.quantity.span) for c in verdicts[rule.name].selected]
        assert listed["file"] == rule.path and listed["line"] == rule.line and listed["check"] == rule.check.name
    # every claim's span covers its surface in the document text, and its line is the file's line
    texts = {path.resolve(): path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    documents = {d["path"] for d in report["documents"]}
    for claim in report["claims"]:
        assert claim["document"] in documents
        start, end = claim["span"]
        text = texts[Path(claim["document"]).resolve()]
        assert claim["surface"] in text.splitlines()[claim["line"] - 1]
        assert claim["sentence"][start - claim["sentence_start"]:end - claim["sentence_start"]] == claim["surface"]


def test_open_ends_are_null_and_inclusivity_is_kept() -> None:
    claim = make_claim("More than 341 people were killed.", "More than 341")
    open_above = replace(claim, quantity=replace(claim.quantity, high=None, low_inclusive=False,
                                                 qualifier="more_than"))
    report = build_report(Catalogue((), ()), [open_above], {}, {}, [])
    VALIDATOR.validate(report)
    [listed] = report["claims"]
    assert (listed["low"], listed["high"], listed["low_inclusive"], listed["qualifier"]) == \
        (341.0, None, False, "more_than")
    assert listed["as_of"] == "2016-11-28" and listed["as_of_source"] == "document date"


def test_a_verdict_with_contradictions_and_unlisted_ones_names_its_claims() -> None:
    first = make_claim("About 300,000 people are trapped.", "300,000")
    second = make_claim("Some 350,000 people are trapped.", "350,000", document="b.txt")
    later = make_claim("Some 400,000 people are trapped.", "400,000", document="c.txt")
    verdict = Verdict("trapped", "trend", (first, second), (Violation((first, second), "300,000 is not above 350,000"),),
                      notes=("1 claim without a date skipped",), unlisted=7)
    # ``later`` is in a verdict but not among the run's claims: it is listed all the same
    warned = Verdict("one-day", "expression", (later,), (Violation((later,), "x < y cannot hold"),),
                     severity="warning")
    report = build_report(Catalogue((), ()), [first, second], {"trapped": verdict, "one-day": warned},
                          {"trapped": ("/rules/t.yaml", 3), "one-day": ("/rules/a.yaml", 1)}, [])
    VALIDATOR.validate(report)
    [warning, failed] = report["rules"]  # in the order of the rule files
    assert failed == {"name": "trapped", "file": "/rules/t.yaml", "line": 3, "check": "trend", "severity": "error",
                      "outcome": "failed", "error": None, "selected": ["c1", "c2"],
                      "contradictions": [{"claims": ["c1", "c2"], "constraint": "300,000 is not above 350,000"}],
                      "unlisted": 7, "notes": ["1 claim without a date skipped"]}
    assert warning["outcome"] == "warning" and warning["contradictions"][0]["claims"] == ["c3"]
    assert [(c["name"], c["surface"]) for c in report["claims"]] == [("a.txt", "300,000"), ("b.txt", "350,000"),
                                                                     ("c.txt", "400,000")]
    assert report["counts"] == {"documents": 0, "quantities": 3, "unreadable_documents": 0,
                                     "broken_rule_files": 0, "rules": 2, "passed": 0, "failed": 1, "warning": 1,
                                     "error": 0}


def test_rule_errors_and_problems_carry_file_and_line() -> None:
    broken_file = RuleProblem("zz", ("/rules/zz.yaml", 2), RuleError("invalid YAML", "/rules/zz.yaml", 2),
                              file_problem=True)
    selects_nothing = RuleProblem("unicorns", ("/rules/u.yaml", 1),
                                  RuleError("rule 'unicorns' selected no claims", "/rules/u.yaml", 3), "bounds",
                                  "error")
    catalogue = Catalogue((), (DocumentError("empty document", "/news/b.txt"),))
    report = build_report(catalogue, None, {}, {}, [broken_file, selects_nothing])
    VALIDATOR.validate(report)
    assert report["counts"]["quantities"] is None and report["claims"] == []
    [rule] = report["rules"]
    assert (rule["name"], rule["outcome"], rule["check"], rule["error"]) == \
        ("unicorns", "error", "bounds", {"message": "rule 'unicorns' selected no claims", "file": "/rules/u.yaml",
                                         "line": 3})
    assert report["problems"] == [
        {"kind": "document", "file": "/news/b.txt", "line": None, "message": "empty document"},
        {"kind": "rule file", "file": "/rules/zz.yaml", "line": 2, "message": "invalid YAML"}]
    assert (report["counts"]["unreadable_documents"], report["counts"]["broken_rule_files"],
            report["counts"]["error"]) == (1, 1, 1)


@pytest.mark.parametrize("broken", [
    lambda r: r.update(version=2),
    lambda r: r["claims"][0].update(span=[1]),
    lambda r: r["claims"][0].update(kind="weight"),
    lambda r: r["rules"][0].update(outcome="skipped"),
    lambda r: r["rules"][0]["contradictions"][0].update(claims=["claim one"]),
    lambda r: r["counts"].pop("failed"),
    lambda r: r["documents"].append({"path": "/x.txt"}),
])
def test_the_schema_refuses_a_report_that_breaks_it(broken: Any) -> None:
    first = make_claim("About 300,000 people are trapped.", "300,000")
    verdict = Verdict("trapped", "trend", (first,), (Violation((first,), "no"),))
    report = build_report(Catalogue((), ()), [first], {"trapped": verdict}, {"trapped": ("/r.yaml", 1)}, [])
    VALIDATOR.validate(report)
    broken(report)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(report)


def test_the_writer_writes_whole_json_and_reports_a_folder_it_cannot_write(tmp_path: Path) -> None:
    report = build_report(Catalogue((), ()), [], {}, {}, [])
    target = tmp_path / "sub" / "out.json"
    write_report(target, report)
    assert json.loads(target.read_text(encoding="utf-8")) == report
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ClaimsError, match="cannot write the JSON report") as raised:
        write_report(tmp_path / "file" / "out.json", report)
    assert raised.value.path == str(tmp_path / "file" / "out.json")
