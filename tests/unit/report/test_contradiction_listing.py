"""A failure with many contradictions renders in bounded size and says how many it did not list."""

from __future__ import annotations

from datetime import date

from helpers.claims import make_claim

from pytest_claims.checks.base import MAX_LISTED
from pytest_claims.records.model import Claim, Verdict, Violation
from pytest_claims.report.tables import render_contradiction

DAY = date(2016, 11, 28)


def claims(count: int) -> list[Claim]:
    return [make_claim(f"{value} people are trapped.", str(value), document=f"d{value}.txt", day=DAY)
            for value in range(1001, 1001 + count)]


def test_the_headline_counts_unlisted_contradictions_and_a_line_says_which_are_shown() -> None:
    selected = claims(2 * MAX_LISTED)
    pairs = tuple(Violation((selected[2 * k], selected[2 * k + 1]), f"pair {k}") for k in range(MAX_LISTED))
    verdict = Verdict(rule="r", check="agreement", selected=tuple(selected), violations=pairs, unlisted=1234)
    lines = render_contradiction(verdict).splitlines()
    assert lines[0] == f"rule 'r' (agreement): 1,254 contradictions among {2 * MAX_LISTED} selected claims"
    assert lines[-2] == f"#{2 * MAX_LISTED - 1} vs #{2 * MAX_LISTED}: pair {MAX_LISTED - 1}"
    assert lines[-1] == f"... and 1,234 more contradictions not listed (the {MAX_LISTED} furthest apart are shown)"


def test_a_verdict_listing_thousands_renders_only_max_listed_of_them() -> None:
    selected = claims(5000)
    verdict = Verdict(rule="r", check="bounds", selected=tuple(selected),
                      violations=tuple(Violation((claim,), f"{claim.quantity.surface} is too high")
                                       for claim in selected))
    text = render_contradiction(verdict)
    lines = text.splitlines()
    assert lines[0] == "rule 'r' (bounds): 5,000 contradictions among 5000 selected claims"
    assert [line for line in lines if line.endswith("is too high")] == \
        [f"#{k + 1}: {1001 + k} is too high" for k in range(MAX_LISTED)]
    assert lines[-1] == f"... and 4,980 more contradictions not listed (the first {MAX_LISTED} found are shown)"
    assert "d1021.txt" not in text  # only claims of listed contradictions are in the table
    assert len(lines) < 3 * MAX_LISTED


def test_one_unlisted_contradiction_is_singular() -> None:
    selected = claims(2)
    verdict = Verdict(rule="r", check="trend", selected=tuple(selected),
                      violations=(Violation(tuple(selected), "rises"),), unlisted=1)
    lines = render_contradiction(verdict).splitlines()
    assert lines[0].startswith("rule 'r' (trend): 2 contradictions")
    assert lines[-1] == "... and 1 more contradiction not listed (the 1 furthest apart are shown)"


def test_a_fully_listed_verdict_has_no_count_line() -> None:
    selected = claims(2)
    verdict = Verdict(rule="r", check="trend", selected=tuple(selected), violations=(Violation(tuple(selected),
                                                                                              "rises"),))
    assert render_contradiction(verdict).splitlines()[-1] == "#1 vs #2: rises"
