"""``--claims-report-json``: a real run on the seeds with an injected contradiction, in one process and under
pytest-xdist, writes a report valid against the shipped schema that names the contradiction's document and line."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from helpers.sessions import BUNDLED_RULES, copy_project, edit, run

from pytest_claims.report.json_report import report_schema

#: the README's edit: 52 of 40 neighbourhoods contradicts the total and the share retaken
EDITED = "seeds/002_*.txt"
BROKEN_RULE_FILE = "name: [broken\n"
SELECTS_NOTHING = "name: unicorns-within-total\nselect:\n  counts: [unicorn]\ncheck: bounds\nmin: 0\nmax: 10\n"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    copy_project(pytester)
    edit(pytester, EDITED, "recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo")
    (pytester.path / "rules" / "zz-broken.yaml").write_text(BROKEN_RULE_FILE, encoding="utf-8")
    (pytester.path / "rules" / "zz-unicorns.yaml").write_text(SELECTS_NOTHING, encoding="utf-8")
    return pytester


def read_report(pytester: pytest.Pytester, name: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((pytester.path / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    return report


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_the_report_names_the_contradiction_and_every_error(project: pytest.Pytester, workers: list[str]) -> None:
    result = run(project, "--claims", "seeds", "--claims-report-json", "out/report.json", *workers)
    outcomes = result.parseoutcomes()
    assert (outcomes["failed"], outcomes["errors"]) == (2, 2)
    assert "claims report written to out/report.json" in result.outlines
    report = read_report(project, "out/report.json")
    [edited] = project.path.glob(EDITED)
    [line] = [number for number, text in enumerate(edited.read_text(encoding="utf-8").splitlines(), 1)
              if "recaptured 52" in text]
    claims = {claim["id"]: claim for claim in report["claims"]}
    rules = {rule["name"]: rule for rule in report["rules"]}
    within = rules["neighbourhood-counts-within-total"]
    assert (within["outcome"], within["check"], within["unlisted"]) == ("failed", "bounds", 0)
    [contradiction] = within["contradictions"]
    [claim] = [claims[claim_id] for claim_id in contradiction["claims"]]
    assert (claim["document"], claim["line"], claim["surface"]) == (str(edited), line, "52")
    assert contradiction["constraint"] == '"52" cannot lie within [0, 40]'
    assert rules["neighbourhoods-retaken-match-area-retaken"]["outcome"] == "failed"
    assert rules["one-day-toll-below-offensive-toll"]["outcome"] == "warning"
    unicorns = rules["unicorns-within-total"]
    assert (unicorns["outcome"], unicorns["check"], unicorns["error"]["line"]) == ("error", "bounds", 2)
    assert "selected no claims" in unicorns["error"]["message"]
    assert report["problems"] == [{"kind": "rule file", "file": str(project.path / "rules" / "zz-broken.yaml"),
                                   "line": 2, "message": report["problems"][0]["message"]}]
    assert report["problems"][0]["message"].startswith("invalid YAML")
    assert report["counts"] == {"documents": 5, "quantities": len(claims), "unreadable_documents": 0,
                                "broken_rule_files": 1, "rules": len(BUNDLED_RULES) + 1, "passed": len(BUNDLED_RULES) - 3,
                                "failed": 2, "warning": 1, "error": 1}


def test_one_process_and_xdist_write_the_same_report(project: pytest.Pytester) -> None:
    run(project, "--claims", "seeds", "--claims-report-json", "one.json")
    run(project, "--claims", "seeds", "--claims-report-json", "two.json", "-n", "2")
    assert read_report(project, "one.json") == read_report(project, "two.json")


def test_without_the_option_no_report_and_no_line(pytester: pytest.Pytester) -> None:
    copy_project(pytester)
    result = run(pytester, "--claims", "seeds")
    assert not any("claims report" in line for line in result.outlines)
    assert not list(pytester.path.rglob("*.json"))


def test_a_report_that_cannot_be_written_fails_the_run(pytester: pytest.Pytester) -> None:
    copy_project(pytester)
    (pytester.path / "taken").write_text("", encoding="utf-8")
    result = run(pytester, "--claims", "seeds", "--claims-report-json", "taken/report.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # not written: exit code 4 (docs/ci.md)
    assert any(line.startswith("error: claims report not written: taken/report.json: cannot write the claims report")
               for line in result.outlines), result.outlines[-10:]
