"""A verdict lists at most MAX_LISTED contradictions and counts the rest, over all ``group_by`` groups."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from helpers.claims import make_claim

from pytest_claims.checks.base import MAX_LISTED
from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.records.model import Claim
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Rule

FIRST_DAY = date(2016, 11, 28)


def rule_from(tmp_path: Path, text: str) -> Rule:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    [rule] = load_rule_file(path)
    return rule


def rising(values: list[int], source: str, document: str) -> list[Claim]:
    """One claim a day, as written, each "X people are trapped" from ``source``."""
    return [make_claim(f"{value} people are trapped, {source} said.", str(value), document=f"{document}{i}.txt",
                       day=FIRST_DAY + timedelta(days=i), source=source) for i, value in enumerate(values)]


def test_group_by_lists_the_furthest_apart_over_all_groups_and_counts_the_rest(tmp_path: Path) -> None:
    # each source says 1,000 on the first day, then more each day: 1 to 15 more (UN), 100 to 1,500 more (council)
    un = rising([1000] + [1000 + k for k in range(1, 16)], "UN", "un")
    council = rising([1000] + [1000 + 100 * k for k in range(1, 16)], "local council", "council")
    rule = rule_from(tmp_path, "name: t\nselect:\n  counts: people\ncheck: trend\ndirection: non-increasing\n"
                               "group_by: source\n")
    verdict = evaluate_rule(rule, un + council)

    assert not verdict.passed
    assert (len(verdict.violations), verdict.unlisted) == (MAX_LISTED, 30 - MAX_LISTED)
    # each later claim against the first one; the 20 furthest apart: the council's 15 and the UN's 5 widest,
    # group by group in the order the groups were found
    assert all(violation.claims[0].quantity.value == 1000 for violation in verdict.violations)
    assert [violation.claims[1].quantity.value for violation in verdict.violations] == \
        [1000 + k for k in range(11, 16)] + [1000 + 100 * k for k in range(1, 16)]
    assert all(violation.constraint.startswith("source ") for violation in verdict.violations)


def test_a_kind_that_does_not_rank_lists_the_first_found(tmp_path: Path) -> None:
    claims = [make_claim(f"{value} people are trapped.", str(value), document=f"d{value}.txt", day=FIRST_DAY)
              for value in range(101, 131)]
    rule = rule_from(tmp_path, "name: t\nselect:\n  counts: people\ncheck: bounds\nmax: 100\n")
    verdict = evaluate_rule(rule, claims)
    assert (len(verdict.violations), verdict.unlisted) == (MAX_LISTED, 10)
    assert [violation.claims[0] for violation in verdict.violations] == claims[:MAX_LISTED]


def test_a_verdict_with_few_contradictions_lists_them_all(tmp_path: Path) -> None:
    claims = rising([300, 200, 250], "UN", "un")
    rule = rule_from(tmp_path, "name: t\nselect:\n  counts: people\ncheck: trend\ndirection: decreasing\n")
    verdict = evaluate_rule(rule, claims)
    assert (len(verdict.violations), verdict.unlisted) == (1, 0)
    assert verdict.violations[0].claims == (claims[1], claims[2])
