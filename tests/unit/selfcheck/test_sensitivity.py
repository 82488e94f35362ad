"""Sensitivity analysis on real parts: rule files loaded from YAML, claims extracted from documents."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import ClassVar, Mapping, Sequence

import pytest

from helpers.paths import RULES, SEEDS

from pytest_claims.checks import Bounds, Check, CheckResult
from pytest_claims.engine.evaluate import select_groups
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import load_corpus
from pytest_claims.records.errors import RuleError
from pytest_claims.records.intervals import exact
from pytest_claims.records.model import Claim, Violation
from pytest_claims.report.selfchecks import render_sensitivity
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Rule
from pytest_claims.selfcheck.outcomes import OK, UNSATISFIABLE, UNSOUND, VACUOUS, SensitivityReport
from pytest_claims.selfcheck.sensitivity import analyse_rule, perturbed

RULE_FILES = sorted(RULES.glob("*.yaml"))

FLOOD = {
    "monday.txt": ("2016-12-01", "About 5,000 people were trapped in the old town, rescuers said. "
                                 "The storm destroyed 12 bridges and 40 roads.\n"),
    "wednesday.txt": ("2016-12-03", "Some 3,000 people remain trapped in the old town, rescuers said. "
                                    "About 85% of the bridges were damaged.\n"),
    "valley.txt": ("2016-12-03", "Rescuers reached 30 villages, about 60% of the valley. "
                                 "The valley has 50 villages in all.\n"),
    "front.txt": ("2016-12-03", "Rebels hold about a quarter of the valley. "
                                "The army controls three quarters of the valley.\n"),
}


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    corpus = load_corpus([SEEDS])
    assert corpus.problems == ()
    return corpus_claims(corpus.documents)


@pytest.fixture
def flood_claims(tmp_path: Path) -> list[Claim]:
    folder = tmp_path / "news"
    folder.mkdir()
    meta = []
    for name, (day, text) in FLOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
        meta.append(f"{name}:\n  date: {day}\n  outlet: Valley Times\n")
    (folder / "claims-meta.yaml").write_text("".join(meta), encoding="utf-8")
    corpus = load_corpus([folder])
    assert corpus.problems == ()
    return corpus_claims(corpus.documents)


def write_rule(tmp_path: Path, text: str) -> Rule:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    (rule,) = load_rule_file(path)
    return rule


TRAPPED_TREND = """\
name: trapped-falls
description: Fewer people are trapped as rescuers reach the town.
select: {counts: [people], near: [trapped]}
check: trend
direction: decreasing
"""

COUNTS_NOT_NEGATIVE = """\
name: counts-not-negative
description: Counts are never negative.
select: {kind: count}
check: bounds
min: 0
"""


# ---------------------------------------------------------------- the bundled rules on the seeds


@pytest.mark.parametrize("path", RULE_FILES, ids=[path.stem for path in RULE_FILES])
def test_every_bundled_rule_can_fail_and_holds_when_satisfied_on_the_seeds(path: Path,
                                                                         seed_claims: list[Claim]) -> None:
    (rule,) = load_rule_file(path)
    report = analyse_rule(rule, seed_claims)
    assert report.status == OK, render_sensitivity(report)
    assert report.example == ()
    assert 0 < report.tried <= 2 * 200


# ---------------------------------------------------------------- statuses on tiny documents


def test_bounds_with_only_min_zero_on_counts_is_vacuous(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, COUNTS_NOT_NEGATIVE)
    selected = select_groups(rule, flood_claims)["claims"]
    assert {claim.quantity.surface for claim in selected} >= {"About 5,000", "12", "40", "Some 3,000"}
    report = analyse_rule(rule, flood_claims, max_examples=100)
    assert report.status == VACUOUS
    assert f"no perturbation of its {len(selected)} selected claims made it fail" in report.message
    assert "bounds min 0 on counts, which are never negative?" in report.message
    assert [claim for claim, _ in report.example] == list(selected)
    assert all(value >= 0 for _, value in report.example)
    assert report.tried == 2 * 100  # both searches ran to the end without a finding


def test_a_decreasing_trend_is_ok(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, TRAPPED_TREND)
    assert [c.quantity.surface for c in select_groups(rule, flood_claims)["claims"]] == ["About 5,000",
                                                                                        "Some 3,000"]
    report = analyse_rule(rule, flood_claims)
    assert report == SensitivityReport(report.rule, OK, report.message, (), report.tried)
    assert "it can fail" in report.message and "held on all" in report.message


@pytest.mark.parametrize("expression", ["x + 1 <= x", "x < x", "x != x"])
def test_a_condition_nothing_satisfies_is_unsatisfiable(tmp_path: Path, flood_claims: list[Claim],
                                                        expression: str) -> None:
    rule = write_rule(tmp_path, f"""\
name: impossible
description: Nothing is one more than itself.
select: {{counts: [people]}}
check: expression
claims:
  x: {{near: [trapped]}}
expression: {expression}
""")
    report = analyse_rule(rule, flood_claims, max_examples=50)
    assert report.status == UNSATISFIABLE
    assert f"satisfy '{expression}'" in report.message
    assert report.example == ()


def test_a_satisfiable_expression_is_ok(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, """\
name: bridges-within-roads
description: Fewer bridges than roads were destroyed.
select: {kind: count}
check: expression
claims:
  bridges: {counts: [bridge]}
  roads: {counts: [road]}
expression: bridges <= roads
""")
    assert analyse_rule(rule, flood_claims).status == OK


RATIO_WITH_A_STATED_TOTAL = """\
name: villages-reached
description: Villages reached out of all villages match the share of the valley reached.
check: ratio
count: {counts: [village], near: [reached]}
share: {kind: share, near: [reached]}
total: {counts: [village], near: [all]}
"""

PARTS_OF_THE_VALLEY = """\
name: valley-parts
description: What rebels hold and what the army controls make up the valley.
select: {kind: share, counts: [valley]}
check: complement
parts:
  held: {near: [hold]}
  controlled: {near: [controls]}
whole: 100%
"""

TRAPPED_AGREE = """\
name: trapped-agree
description: Estimates of the trapped a few days apart agree within a half.
select: {counts: [people], near: [trapped]}
check: agreement
within_days: 3
tolerance: 50%
"""


@pytest.mark.parametrize("text", [RATIO_WITH_A_STATED_TOTAL, PARTS_OF_THE_VALLEY, TRAPPED_AGREE],
                         ids=["ratio", "complement", "agreement"])
def test_rules_that_hold_on_tiny_documents_are_ok(tmp_path: Path, flood_claims: list[Claim], text: str) -> None:
    report = analyse_rule(write_rule(tmp_path, text), flood_claims, max_examples=100)
    assert report.status == OK, render_sensitivity(report)
    assert "held on all" in report.message


def test_a_strict_relation_with_claims_on_both_sides_skips_the_search_within_it(
        tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, """\
name: bridges-and-roads
description: Of two counts in a sentence, the first is the smaller.
select: {kind: count, near: [destroyed]}
check: relation
left: {}
op: "<"
right: {}
""")
    report = analyse_rule(rule, flood_claims, max_examples=40)
    assert report.status == OK
    assert report.message.endswith("skipped: a claim selected on both sides cannot be < itself.")


@dataclass(frozen=True)
class FlagsEverything(Bounds):
    """A broken bounds check: every claim is a contradiction, whatever its value."""

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        claims = groups["claims"]
        return CheckResult(tuple(Violation((claim,), "flagged for no reason") for claim in claims), len(claims))


def test_a_check_that_flags_satisfying_values_is_unsound(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, COUNTS_NOT_NEGATIVE.replace("min: 0", "min: 0\nmax: 100000"))
    assert analyse_rule(rule, flood_claims, max_examples=50).status == OK
    broken = dataclasses.replace(rule, check=FlagsEverything(min=0, max=100000))
    report = analyse_rule(broken, flood_claims, max_examples=50)
    assert report.status == UNSOUND
    assert "flagged for no reason" in report.message
    assert report.example and all(0 <= value <= 100000 for _, value in report.example)
    assert report.tried == 2  # one failure outside the constraint, one on values within it


def test_an_unknown_check_kind_skips_the_search_within_its_constraint(tmp_path: Path,
                                                                       flood_claims: list[Claim]) -> None:
    @dataclass(frozen=True)
    class Mystery(Check):
        """A kind that builds no satisfying values (it does not override ``satisfying``) and flags every claim."""

        name: ClassVar[str] = "mystery"

        def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
            claims = groups["claims"]
            return CheckResult(tuple(Violation((claim,), "flagged") for claim in claims), len(claims))

        def describe(self) -> str:
            return "every claim flagged"

    rule = dataclasses.replace(write_rule(tmp_path, COUNTS_NOT_NEGATIVE), check=Mystery())
    report = analyse_rule(rule, flood_claims, max_examples=30)
    assert report.status == OK
    assert "no satisfying builder for check kind 'mystery'" in report.message
    assert report.tried == 1


def test_a_relation_without_pairs_is_vacuous_and_says_it_compared_nothing(tmp_path: Path,
                                                                          flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, """\
name: bridges-below-people
description: Bridges and people are never in one sentence here.
select: {kind: count}
check: relation
left: {counts: [bridge]}
op: "<="
right: {counts: [people]}
""")
    report = analyse_rule(rule, flood_claims, max_examples=40)
    assert report.status == VACUOUS
    assert "its relation check compared nothing: 1 left claim had no right claim in the same sentence" \
        in report.message


def test_selecting_nothing_is_the_engines_rule_error(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, TRAPPED_TREND.replace("[people]", "[tanks]"))
    with pytest.raises(RuleError, match="selected no claims"):
        analyse_rule(rule, flood_claims)


def test_two_runs_give_the_same_report(tmp_path: Path, flood_claims: list[Claim],
                                       seed_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, COUNTS_NOT_NEGATIVE)
    assert analyse_rule(rule, flood_claims, max_examples=60) == analyse_rule(rule, flood_claims, max_examples=60)
    (seed_rule,) = load_rule_file(RULES / "share-retaken-trend.yaml")
    assert analyse_rule(seed_rule, seed_claims) == analyse_rule(seed_rule, seed_claims)


def test_max_examples_bounds_the_evaluations(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, COUNTS_NOT_NEGATIVE)
    assert analyse_rule(rule, flood_claims, max_examples=7).tried == 14


# ---------------------------------------------------------------- perturbing and rendering


def test_a_perturbed_percent_stays_a_percent_and_keeps_its_total_and_place(flood_claims: list[Claim]) -> None:
    (share,) = [claim for claim in flood_claims if claim.quantity.surface == "About 85%"]
    moved = perturbed(share, Fraction(57, 100))
    assert moved.quantity.unit == "percent" and moved.quantity.value == 57
    assert exact(moved.interval.low) == exact(moved.interval.high) == Fraction(57, 100)
    assert (moved.document, moved.line, moved.sentence, moved.as_of, moved.quantity.span) == \
        (share.document, share.line, share.sentence, share.as_of, share.quantity.span)
    (count,) = [claim for claim in corpus_claims(load_corpus([SEEDS]).documents)
                if claim.quantity.total is not None]
    assert perturbed(count, Fraction(3)).quantity.total == count.quantity.total


def test_render_shows_the_status_and_a_table_of_the_perturbed_values(tmp_path: Path,
                                                                     flood_claims: list[Claim]) -> None:
    report = analyse_rule(write_rule(tmp_path, COUNTS_NOT_NEGATIVE), flood_claims, max_examples=20)
    text = render_sensitivity(report)
    assert text.startswith("Rule 'counts-not-negative' is vacuous (40 perturbations tried): no perturbation")
    header = next(line for line in text.splitlines() if line.startswith("where"))
    assert header.split() == ["where", "as", "written", "interval", "perturbed"]
    assert "monday.txt:1" in text and "About 5,000" in text and "[4,500, 5,500]" in text
    assert render_sensitivity(report) == text


def test_render_of_an_ok_report_has_no_table(tmp_path: Path, flood_claims: list[Claim]) -> None:
    report = analyse_rule(write_rule(tmp_path, TRAPPED_TREND), flood_claims, max_examples=20)
    assert render_sensitivity(report) == f"Rule 'trapped-falls' is ok ({report.tried} perturbations tried): " \
                                         f"{report.message}"
