"""``--claims-sarif`` and GitHub Actions annotations: real runs on the seeds with an injected contradiction, a
rule that selects nothing and a broken rule file, in one process and under pytest-xdist."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from helpers.paths import TESTS
from helpers.sessions import copy_project, edit, run

from pytest_claims.report.sarif import BROKEN_RULE, BROKEN_RULE_FILE, SOURCE_ROOT

EDITED = "seeds/002_*.txt"
BROKEN_RULE_FILE_TEXT = "name: [broken\n"
SELECTS_NOTHING = "name: unicorns-within-total\nselect:\n  counts: [unicorn]\ncheck: bounds\nmin: 0\nmax: 10\n"
SCHEMA = json.loads((TESTS / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WORKERS = pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE"):  # the run's own, when these tests run under Actions
        monkeypatch.delenv(name, raising=False)
    copy_project(pytester)
    edit(pytester, EDITED, "recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo")
    (pytester.path / "rules" / "zz-broken.yaml").write_text(BROKEN_RULE_FILE_TEXT, encoding="utf-8")
    (pytester.path / "rules" / "zz-unicorns.yaml").write_text(SELECTS_NOTHING, encoding="utf-8")
    return pytester


def edited_line(pytester: pytest.Pytester) -> tuple[str, int]:
    [edited] = pytester.path.glob(EDITED)
    [line] = [number for number, text in enumerate(edited.read_text(encoding="utf-8").splitlines(), 1)
              if "recaptured 52" in text]
    return f"seeds/{edited.name}", line


def read_sarif(pytester: pytest.Pytester, name: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads((pytester.path / name).read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)
    return log


@WORKERS
def test_the_sarif_log_locates_the_contradiction_and_every_error(project: pytest.Pytester,
                                                                 workers: list[str]) -> None:
    result = run(project, "--claims", "seeds", "--claims-sarif", "out/claims.sarif", *workers)
    assert result.ret != pytest.ExitCode.OK
    assert "SARIF report written to out/claims.sarif" in result.outlines
    log = read_sarif(project, "out/claims.sarif")
    uri, line = edited_line(project)
    results = {result["ruleId"]: result for result in log["runs"][0]["results"]}
    within = results["neighbourhood-counts-within-total"]
    assert (within["level"], within["locations"][0]["physicalLocation"]) == (
        "error", {"artifactLocation": {"uri": uri, "uriBaseId": SOURCE_ROOT}, "region": {"startLine": line}})
    assert "\"52\" cannot lie within [0, 40]" in within["message"]["text"]
    assert results["one-day-toll-below-offensive-toll"]["level"] == "warning"
    assert results[BROKEN_RULE]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "rules/zz-unicorns.yaml", "uriBaseId": SOURCE_ROOT}, "region": {"startLine": 2}}
    assert results[BROKEN_RULE_FILE]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "rules/zz-broken.yaml"
    assert len(log["runs"][0]["results"]) == 5  # 3 contradictions, a broken rule, a broken rule file
    assert log["runs"][0]["originalUriBaseIds"][SOURCE_ROOT]["uri"] == project.path.resolve().as_uri() + "/"


def test_one_process_and_xdist_write_the_same_log(project: pytest.Pytester) -> None:
    run(project, "--claims", "seeds", "--claims-sarif", "one.sarif")
    run(project, "--claims", "seeds", "--claims-sarif", "two.sarif", "-n", "2")
    assert read_sarif(project, "one.sarif") == read_sarif(project, "two.sarif")


def annotation_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("::")]


@WORKERS
def test_under_github_actions_the_article_line_is_annotated(project: pytest.Pytester, workers: list[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run(project, "--claims", "seeds", *workers)
    uri, line = edited_line(project)
    lines = annotation_lines(result)
    assert len(lines) == 5, lines  # once, from the controller only
    assert any(text.startswith(f"::error file={uri},line={line},title=pytest-claims%3A "
                               "neighbourhood-counts-within-total::\"52\" cannot lie within [0, 40]%0A")
               for text in lines)
    assert sum(text.startswith(f"::error file={uri},line={line},") for text in lines) == 2
    [warning] = [text for text in lines if text.startswith("::warning ")]
    assert "title=pytest-claims%3A one-day-toll-below-offensive-toll::" in warning and "file=seeds/" in warning
    assert "::error file=rules/zz-unicorns.yaml,line=2,title=pytest-claims%3A broken rule unicorns-within-total::" \
        in "\n".join(lines)
    assert any(text.startswith("::error file=rules/zz-broken.yaml,line=2,") for text in lines)
    # printed in or right after the closing section, never before it
    section = next(n for n, text in enumerate(result.outlines) if "pytest-claims" in text and "=" in text)
    assert all(result.outlines.index(text) > section for text in lines)


def test_paths_are_relative_to_the_workspace(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.path.parent))
    result = run(project, "--claims", "seeds")
    uri, line = edited_line(project)
    assert any(text.startswith(f"::error file={project.path.name}/{uri},line={line},")
               for text in annotation_lines(result))


def test_no_annotations_outside_github_actions(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds")
    assert result.ret != pytest.ExitCode.OK and annotation_lines(result) == []


def test_a_log_that_cannot_be_written_fails_a_consistent_run(pytester: pytest.Pytester,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    copy_project(pytester)
    (pytester.path / "taken").write_text("", encoding="utf-8")
    result = run(pytester, "--claims", "seeds", "--claims-sarif", "taken/claims.sarif")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # not written: exit code 4 (docs/ci.md)
    assert any(line.startswith("error: SARIF report not written: taken/claims.sarif: cannot write the SARIF report")
               for line in result.outlines), result.outlines[-10:]
