"""docs/ci.md: its SARIF and GitHub annotation promises hold on a real run's report (the README's edit on the
seeds, an empty document, a broken rule file and a rule that selects nothing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.markdown import Table, read
from helpers.options import plugin_options
from helpers.paths import DOCS
from helpers.reports import EditedRun, edited_run

from pytest_claims.report import github
from pytest_claims.report.github import ANNOTATIONS_PER_LEVEL, findings
from pytest_claims.report.sarif import (
    BROKEN_RULE,
    BROKEN_RULE_FILE,
    FINGERPRINT,
    SOURCE_ROOT,
    UNREADABLE_DOCUMENT,
    sarif_log,
)

DOC = read(DOCS / "ci.md")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> EditedRun:
    return edited_run(tmp_path_factory.mktemp("edited"))


def table(*columns: str) -> Table:
    [found] = DOC.tables_with(*columns)
    return found


def section(title: str) -> str:
    """The Markdown under a second-level heading, up to the next one."""
    start = DOC.text.index(f"\n## {title}\n")
    end = DOC.text.find("\n## ", start + 1)
    return DOC.text[start:end if end > 0 else None]


def test_the_sections_other_docs_link_to() -> None:
    assert {"sarif", "github-annotations"} <= DOC.anchors


def test_the_option_is_the_plugins() -> None:
    assert "--claims-sarif" in section("SARIF")
    assert plugin_options().options["--claims-sarif"]["dest"] == "claims_report_sarif"


def test_the_sarif_table_is_what_the_log_holds(run: EditedRun) -> None:
    log = sarif_log(run.report, run.root)
    results = log["runs"][0]["results"]
    rules = {rule["name"]: rule for rule in run.report["rules"]}
    rows = table("finding", "rule id", "level", "located at").rows
    assert len(rows) == 5
    own = {row["rule id"].text: row for row in rows if row["rule id"].text.startswith("pytest-claims/")}
    assert set(own) == {BROKEN_RULE, UNREADABLE_DOCUMENT, BROKEN_RULE_FILE}
    for rule_id, row in own.items():
        [result] = [r for r in results if r["ruleId"] == rule_id]
        assert result["level"] == row["level"].text, row.where
    for row in rows:
        if row["rule id"].text != "the rule's name":
            continue
        severity = "warning" if "severity warning" in row["finding"].text else "error"
        found = [r for r in results if r["ruleId"] in rules and rules[r["ruleId"]]["severity"] == severity]
        assert found and {r["level"] for r in found} == {row["level"].text}, row.where
        assert row["located at"].text == "the article line of its first claim"
        for result in found:  # an article, never a rule file
            assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("seeds/")


def test_the_sarif_section_names_the_base_and_the_fingerprint() -> None:
    text = section("SARIF")
    assert f"`{SOURCE_ROOT}`" in text and f"named {FINGERPRINT}," in text


def test_the_example_annotations_are_what_the_readme_edit_prints(tmp_path: Path) -> None:
    [example] = [block for block in DOC.blocks if block.section == "GitHub annotations" and block.language == ""]
    clean = edited_run(tmp_path, problems=False)
    assert example.lines == github.annotations(clean.report, clean.root)


def test_the_annotation_table_is_what_the_step_prints(run: EditedRun) -> None:
    rows = table("finding", "annotation", "at").rows
    found = findings(run.report, run.root)
    by_kind = {
        "a contradiction of a rule of severity error": [f for f in found if f.contradiction and f.level == "error"],
        "a contradiction of a rule of severity warning": [f for f in found if f.level == "warning"],
        "a rule that could not be evaluated": [f for f in found if "broken rule" in f.title],
        "a document or rule file that could not be read": [f for f in found if "unreadable" in f.title],
    }
    assert [row["finding"].text for row in rows] == list(by_kind)
    for row in rows:
        kind = by_kind[row["finding"].text]
        assert kind and {f.level for f in kind} == {row["annotation"].text}, row.where
        files = {f.file or "" for f in kind}
        if row["at"].text.startswith("the article line"):
            assert all(file.startswith("seeds/") for file in files), row.where
        elif row["at"].text.startswith("the rule file"):
            assert all(file.startswith("rules/") for file in files) and all(f.line for f in kind), row.where


def test_the_limits_and_the_summary_notice(run: EditedRun) -> None:
    text = " ".join(section("GitHub annotations").split())
    limit = ANNOTATIONS_PER_LEVEL
    assert f"at most {limit} error, {limit} warning and {limit} notice annotations per step" in text
    assert f"at most {limit} errors and {limit} warnings" in text
    [quoted] = re.findall(r"\(\"(\d+ more not annotated [^.]*) \.\.\.\"\)", text)
    # the quoted notice is what the run prints with a limit of 3: five errors, contradictions first
    commands = github.annotations(run.report, run.root, limit=3)
    assert commands[-1].startswith("::notice ") and quoted in commands[-1]
