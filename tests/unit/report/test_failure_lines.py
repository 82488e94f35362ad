"""One line per failure: a rule's contradictions, an error's message, and a longrepr that pytest-xdist carries
whole (its crash line is what ``--tb=line`` prints)."""

from __future__ import annotations

import dataclasses

import pytest
from _pytest.reports import TestReport
from helpers.claims import make_claim

from pytest_claims.records.model import Verdict, Violation
from pytest_claims.report.failure_lines import (
    contradiction_line,
    error_repr,
    one_line_repr,
)

LATER = make_claim("Some 270,000 people remain trapped.", "270,000", document="b.txt")
EARLIER = make_claim("About 250,000 people are trapped.", "About 250,000", document="a.txt")
VIOLATION = Violation((EARLIER, LATER), "decreasing: 270,000 (2016-12-09) is not below 250,000 (2016-11-28)")
VERDICT = Verdict("trapped-falls", "trend", (EARLIER, LATER), (VIOLATION,))


def test_contradiction_line_names_the_count_places_values_and_constraint() -> None:
    assert contradiction_line(VERDICT) == (
        f"trapped-falls: 1 contradiction: {EARLIER.path}:{EARLIER.line} 'About 250,000' vs "
        f"{LATER.path}:{LATER.line} '270,000': decreasing: 270,000 (2016-12-09) is not below 250,000 (2016-11-28)")


def test_contradiction_line_counts_the_rest() -> None:
    more = dataclasses.replace(VERDICT, violations=(VIOLATION, VIOLATION), unlisted=3)
    line = contradiction_line(more)
    assert line.startswith("trapped-falls: 5 contradictions: ") and line.endswith(" (and 4 more)")
    assert contradiction_line(dataclasses.replace(VERDICT, violations=(), unlisted=2)) == \
        "trapped-falls: 2 contradictions"


@pytest.mark.parametrize(("message", "crash"), [
    ("rules/x.yaml:4: unknown key 'directon'\n   3 | check: trend", "rules/x.yaml:4: unknown key 'directon'"),
    ("seeds/empty.txt: empty document", "seeds/empty.txt:0: empty document"),
    ("no rule files (*.yaml, *.yml) in this folder", "rules:0: no rule files (*.yaml, *.yml) in this folder"),
])
def test_error_repr_is_located_by_its_message_or_the_item(message: str, crash: str) -> None:
    longrepr = error_repr(message, "rules", 0)
    assert str(longrepr.reprcrash) == crash
    printed = message.split("\n")[0] if ":" in message.split(" ")[0] else f"rules: {message}"
    assert str(longrepr).strip() == printed


@pytest.mark.parametrize("printed", [False, True], ids=["failure", "error"])
def test_the_line_survives_xdist_serialisation(printed: bool) -> None:
    longrepr = one_line_repr("rules/t.yaml", 12, "trapped-falls: 1 contradiction\nmore", printed=printed)
    report = TestReport("rules/t.yaml::trapped-falls", ("rules/t.yaml", 11, "rule"), {}, "failed", longrepr,
                        "call")
    # what pytest-xdist does between a worker and the controller
    again = TestReport._from_json(report._to_json())
    assert again.longrepr is not None and not isinstance(again.longrepr, str)
    assert str(again.longrepr.reprcrash) == "rules/t.yaml:12: trapped-falls: 1 contradiction"  # type: ignore[union-attr]
    assert str(again.longrepr).strip() == ("rules/t.yaml:12: trapped-falls: 1 contradiction" if printed else "")
