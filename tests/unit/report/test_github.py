"""GitHub Actions annotations (pure): escaping as GitHub's runner reads it back, the article line of each
contradiction from a real run's report, and GitHub's per-step limits kept without losing count of anything."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from helpers.reports import ALEPPO, COUNCIL, MATCH_AREA, WARNING_RULE, WITHIN_TOTAL, EditedRun, edited_run, \
    export_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.report import github
from pytest_claims.report.github import ANNOTATIONS_PER_LEVEL, escape_data, escape_property, findings, under_actions

COMMAND = re.compile(r"::(?P<level>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)")
SUMMARY = re.compile(r"(?P<total>\d+) more not annotated \(.*; (?P<contradictions>\d+) of them contradictions\)")


def unescape(text: str) -> str:
    """GitHub's runner's reading of an escaped value: the reference the escaping must round-trip through."""
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda match: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":",
                                                         "2C": ","}[match.group(1)], text)


def parse(command: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.fullmatch(command)
    assert match, command
    properties = dict(part.split("=", 1) for part in match.group("properties").split(","))
    return match.group("level"), {key: unescape(value) for key, value in properties.items()}, \
        unescape(match.group("message"))


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% sure:\r\nyes, 1:2") == "100%25 sure:%0D%0Ayes, 1:2"
    assert escape_property("title: a, b 50%") == "title%3A a%2C b 50%25"


@given(st.text())
def test_escaped_values_are_one_line_and_read_back_whole(text: str) -> None:
    data, prop = escape_data(text), escape_property(text)
    assert "\n" not in data and "\r" not in data and unescape(data) == text
    assert not set(prop) & set("\r\n:,") and unescape(prop) == text


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> EditedRun:
    return edited_run(tmp_path_factory.mktemp("edited"))


def test_each_contradiction_on_its_article_line(run: EditedRun) -> None:
    commands = [parse(command) for command in github.annotations(run.report, run.root)]
    by_title = {properties["title"]: (level, properties, message) for level, properties, message in commands}
    level, properties, message = by_title[f"pytest-claims: {WITHIN_TOTAL}"]
    assert (level, properties["file"], properties["line"]) == ("error", f"seeds/{run.edited.name}", str(run.line))
    assert message.splitlines()[0] == "\"52\" cannot lie within [0, 40]"
    assert f"\"52\" ({run.edited.name}:{run.line})" in message
    assert by_title[f"pytest-claims: {MATCH_AREA}"][0] == "error"
    level, properties, _ = by_title[f"pytest-claims: {WARNING_RULE}"]
    assert level == "warning" and properties["file"].startswith("seeds/")  # an article, not the rule file
    level, properties, message = by_title["pytest-claims: broken rule unicorns-within-total"]
    assert (level, properties["file"], properties["line"]) == ("error", "rules/zz-unicorns.yaml", "2")
    assert "selected no claims" in message
    level, properties, message = by_title["pytest-claims: unreadable rule file"]
    assert (level, properties["file"], properties["line"], message) == ("error", "rules/zz-broken.yaml", "2",
                                                                        "invalid YAML")
    level, properties, message = by_title["pytest-claims: unreadable document"]
    assert (level, properties, message) == ("error", {"file": "seeds/zz-empty.txt",
                                                      "title": "pytest-claims: unreadable document"}, "empty document")
    assert len(commands) == 6  # nothing beyond the limits: no summary


def test_files_outside_the_workspace_keep_their_path(run: EditedRun, tmp_path: Path) -> None:
    [first, *_] = [parse(c) for c in github.annotations(run.report, tmp_path) if WITHIN_TOTAL in c]
    assert first[1]["file"] == str(run.edited.resolve())


def test_only_under_github_actions() -> None:
    assert under_actions({"GITHUB_ACTIONS": "true"})
    assert not under_actions({}) and not under_actions({"GITHUB_ACTIONS": "false"})


def many(run: EditedRun, rules: list[tuple[str, int]], problems: int) -> dict[str, Any]:
    """The real report with made-up rules: each (severity, n) rule lists n contradictions among real claims;
    ``problems`` more unreadable documents."""
    report = copy.deepcopy(run.report)
    claim_ids = [claim["id"] for claim in report["claims"]]
    template = next(rule for rule in report["rules"] if rule["outcome"] == "passed")
    for number, (severity, count) in enumerate(rules):
        rule = dict(template, name=f"made-up-{number}", severity=severity,
                    outcome="failed" if severity == "error" else "warning",
                    contradictions=[{"claims": [claim_ids[(number + k) % len(claim_ids)]],
                                     "constraint": f"made-up constraint {k}"} for k in range(count)])
        report["rules"].append(rule)
    report["problems"] += [{"kind": "document", "file": str(run.root / f"bad-{k}.txt"), "line": None,
                            "message": "empty document"} for k in range(problems)]
    return report


@settings(max_examples=60, deadline=None)
@given(rules=st.lists(st.tuples(st.sampled_from(["error", "warning"]), st.integers(0, 8)), max_size=6),
       problems=st.integers(0, 12), limit=st.integers(1, 12))
def test_never_beyond_the_limit_and_everything_counted(run: EditedRun, rules: list[tuple[str, int]],
                                                       problems: int, limit: int) -> None:
    report = many(run, rules, problems)
    found = findings(report, run.root)
    commands = [parse(command) for command in github.annotations(report, run.root, limit)]
    levels = [level for level, _, _ in commands]
    # brute force: each level shows its first `limit` findings, in order
    for level in ("error", "warning"):
        expected = [f for f in found if f.level == level][:limit]
        assert [(p.get("title"), m) for lv, p, m in commands if lv == level] == [(f.title, f.message)
                                                                                for f in expected]
        assert levels.count(level) <= limit
    notices = [message for level, _, message in commands if level == "notice"]
    assert len(notices) <= 1
    contradictions = sum(len(rule["contradictions"]) for rule in report["rules"])
    annotated = sum(1 for level, properties, _ in commands
                    if level != "notice" and not properties["title"].startswith(("pytest-claims: unreadable",
                                                                                  "pytest-claims: broken rule")))
    summary = SUMMARY.search(notices[0]) if notices else None
    assert annotated + (int(summary.group("contradictions")) if summary else 0) == contradictions
    assert len(commands) - len(notices) + (int(summary.group("total")) if summary else 0) == len(found)
    assert bool(notices) == (len(found) > len(commands) - len(notices))


def test_a_cms_record_is_annotated_on_its_export_line(tmp_path: Path) -> None:
    report = export_run(tmp_path, [COUNCIL, ALEPPO])
    [(level, properties, _)] = [parse(command) for command in github.annotations(report, tmp_path)]
    assert (level, properties["file"], properties["line"]) == ("error", "news/export.jsonl", "2")


def test_by_default_githubs_per_step_limit(run: EditedRun) -> None:
    report = many(run, [("error", 20), ("warning", 20)], problems=0)
    levels = [parse(command)[0] for command in github.annotations(report, run.root)]
    assert (levels.count("error"), levels.count("warning"), levels.count("notice")) == \
        (ANNOTATIONS_PER_LEVEL, ANNOTATIONS_PER_LEVEL, 1) == (10, 10, 1)
