"""Evaluating a rule: selecting its claims, refusing to judge what it cannot, the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, Mapping, Optional, Sequence

import pytest
from helpers.claims import make_claim
from helpers.paths import RULES

from pytest_claims import checks
from pytest_claims.checks import Check, CheckResult
from pytest_claims.checks.params import Claims, Flag, Number, parameter
from pytest_claims.engine.evaluate import evaluate_rule, group_selector
from pytest_claims.language.selectors import Selector
from pytest_claims.records.errors import RuleError
from pytest_claims.records.model import SHARE, Claim, Violation
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Rule

NOV_28, DEC_1, DEC_9 = date(2016, 11, 28), date(2016, 12, 1), date(2016, 12, 9)


@dataclass(frozen=True)
class FlagAbove(Check):
    """A one-group test check: flags claims above ``limit``; notes the values it saw."""

    name: ClassVar[str] = "flag-above"
    limit: float = parameter(Number("flag values above this", example=1), default=0.0)
    compare: bool = parameter(Flag("false: compare nothing", example=True), default=True)

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        claims = groups["claims"]
        flagged = tuple(Violation((claim,), f"{claim.quantity.value:g} > {self.limit:g}")
                        for claim in claims if claim.quantity.value > self.limit)
        seen = ", ".join(f"{claim.quantity.value:g}" for claim in claims)
        return CheckResult(flagged, len(claims) if self.compare else 0, (f"saw {seen}",))

    def describe(self) -> str:
        return f"values at most {self.limit:g}"


@dataclass(frozen=True)
class Dated(FlagAbove):
    name: ClassVar[str] = "dated"
    dated: ClassVar[bool] = True


@dataclass(frozen=True)
class Pairs(Check):
    """A two-group test check: notes which claims each side received."""

    name: ClassVar[str] = "pairs"
    left: Selector = parameter(Claims("left side", example={}), default=None)
    right: Selector = parameter(Claims("right side", example={}), default=None)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"left": self.left, "right": self.right}

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        def values(side: str) -> str:
            return ", ".join(f"{claim.quantity.value:g}" for claim in groups[side])
        return CheckResult((), len(groups["left"]) * len(groups["right"]),
                           (f"left {values('left')}", f"right {values('right')}"))

    def describe(self) -> str:
        return "pairs"


@pytest.fixture(autouse=True)
def register_test_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    for check in (FlagAbove, Dated, Pairs):
        monkeypatch.setitem(checks.CHECKS, check.name, check)


def rule_from(tmp_path: Path, text: str, name: str = "rule.yaml") -> Rule:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [rule] = load_rule_file(path)
    return rule


def sample_claims() -> list[Claim]:
    return [
        make_claim("About 250,000 people are trapped in east Aleppo.", "250,000", document="a.txt", day=NOV_28),
        make_claim("Some 10,500 people fled the siege.", "10,500", document="a.txt", day=NOV_28),
        make_claim("Up to 275,000 civilians are trapped.", "275,000", counts="civilian", document="b.txt",
                   day=DEC_1),
        make_claim("Rebels lost 32 districts.", "32", counts="district", document="c.txt", day=DEC_9),
        make_claim("They lost 85% of the area.", "85%", counts="area", kind=SHARE, document="c.txt", day=DEC_9),
    ]


def error_of(rule: Rule, claims: Sequence[Claim]) -> RuleError:
    with pytest.raises(RuleError) as caught:
        evaluate_rule(rule, claims)
    return caught.value


# ---------------------------------------------------------------- verdicts


def test_verdict_holds_the_selected_claims_and_the_check_result(tmp_path: Path) -> None:
    rule = rule_from(tmp_path, "name: trapped\nselect:\n  near: trapped\ncheck: flag-above\nlimit: 260000\n")
    verdict = evaluate_rule(rule, sample_claims())
    assert (verdict.rule, verdict.check) == ("trapped", "flag-above")
    assert [claim.quantity.value for claim in verdict.selected] == [250000, 275000]
    assert [violation.constraint for violation in verdict.violations] == ["275000 > 260000"]
    assert verdict.notes == ("saw 250000, 275000",)
    assert not verdict.passed


def test_a_rule_without_select_takes_every_claim(tmp_path: Path) -> None:
    verdict = evaluate_rule(rule_from(tmp_path, "check: flag-above\nlimit: 1000000000\n"), sample_claims())
    assert len(verdict.selected) == 5
    assert verdict.passed


def test_two_groups_merge_the_rule_select_with_each_side(tmp_path: Path) -> None:
    text = ("select:\n  near: trapped\ncheck: pairs\n"
            "left:\n  counts: people\nright:\n  counts: civilians\n")
    rule = rule_from(tmp_path, text)
    claims = sample_claims()
    verdict = evaluate_rule(rule, claims)
    # 10,500 people is a "people" claim but not near "trapped": the rule's select excludes it from left
    assert verdict.notes == ("left 250000", "right 275000")
    assert [claim.quantity.value for claim in verdict.selected] == [250000, 275000]
    assert group_selector(rule, "left").matches(claims[0])
    assert not group_selector(rule, "left").matches(claims[1])


def test_a_claim_in_both_groups_is_selected_once(tmp_path: Path) -> None:
    rule = rule_from(tmp_path, "check: pairs\nleft:\n  near: trapped\nright:\n  kind: count\n")
    verdict = evaluate_rule(rule, sample_claims())
    assert [claim.quantity.value for claim in verdict.selected] == [250000, 275000, 10500, 32]


# ---------------------------------------------------------------- refusing to judge


def test_selecting_nothing_is_an_error_not_a_pass(tmp_path: Path) -> None:
    text = "# header\nname: trapped\nselect:\n  counts: [people]\n  near: [besieged]\ncheck: flag-above\n"
    rule = rule_from(tmp_path, text)
    error = error_of(rule, sample_claims())
    assert error.message.startswith(
        "rule 'trapped' selected no claims (select: counts [people], near [besieged]) "
        "among 5 claims in 3 documents")
    assert (error.path, error.line) == (rule.path, 3)
    assert ">  3 | select:" in error.excerpt and ">  5 |   near: [besieged]" in error.excerpt


def test_selecting_nothing_says_what_each_condition_selects_alone(tmp_path: Path) -> None:
    rule = rule_from(tmp_path, "select:\n  counts: [people]\n  near: [besieged]\ncheck: flag-above\n")
    error = error_of(rule, sample_claims())
    assert error.message.endswith("claims each condition alone selects: counts [people]: 2; near [besieged]: 0")


def test_selecting_nothing_among_no_claims(tmp_path: Path) -> None:
    error = error_of(rule_from(tmp_path, "check: flag-above\n"), [])
    assert error.message == "rule 'rule' selected no claims (select: any claim) among 0 claims in 0 documents"


def test_an_empty_side_names_the_side_and_points_at_it(tmp_path: Path) -> None:
    text = "check: pairs\nleft:\n  counts: people\nright:\n  counts: children\n"
    rule = rule_from(tmp_path, text)
    error = error_of(rule, sample_claims())
    assert "rule 'rule' selected no claims for 'right' (select: counts [children])" in error.message
    assert error.line == 4


def test_missing_dates_name_every_undated_document(tmp_path: Path) -> None:
    claims = sample_claims()
    claims[0] = make_claim("About 250,000 people are trapped.", "250,000", document="a.txt", day=None)
    claims[2] = make_claim("Up to 275,000 people are trapped.", "275,000", document="b.txt", day=None)
    rule = rule_from(tmp_path, "name: x\nselect:\n  near: trapped\ncheck: dated\n")
    error = error_of(rule, claims)
    assert error.message == ("documents 'a.txt', 'b.txt' have no date; rule 'x' (dated) needs them: "
                             "add it to claims-meta.yaml or front matter")
    assert error.line == 4


def test_one_missing_date(tmp_path: Path) -> None:
    claims = [make_claim("About 250,000 people are trapped.", "250,000", document="a.txt", day=None)]
    error = error_of(rule_from(tmp_path, "name: x\ncheck: dated\n"), claims)
    assert error.message == ("document 'a.txt' has no date; rule 'x' (dated) needs one: "
                             "add it to claims-meta.yaml or front matter")


def test_undated_claims_outside_the_selection_do_not_matter(tmp_path: Path) -> None:
    claims = sample_claims() + [make_claim("Some 7 people.", "7", document="z.txt", day=None)]
    verdict = evaluate_rule(rule_from(tmp_path, "select:\n  near: trapped\ncheck: dated\nlimit: 1000000000\n"), claims)
    assert len(verdict.selected) == 2


def test_a_full_date_in_the_sentence_dates_a_claim_of_an_undated_document(tmp_path: Path) -> None:
    dated_by_sentence = make_claim("On November 13, 2016 about 250,000 people were trapped.", "250,000",
                                   document="a.txt", day=None, as_of=date(2016, 11, 13),
                                   as_of_source="'November 13, 2016'")
    later = make_claim("About 100,000 people are trapped.", "100,000", document="b.txt", day=DEC_9)
    text = "name: t\nselect:\n  near: trapped\ncheck: trend\ndirection: decreasing\n"
    assert evaluate_rule(rule_from(tmp_path, text), [dated_by_sentence, later]).passed


def test_trend_orders_claims_by_when_they_hold(tmp_path: Path) -> None:
    # published the same day, but one says "on Sunday": now they are compared
    sunday = make_claim("On Sunday about 200,000 people were trapped.", "200,000", document="a.txt", day=NOV_28,
                        as_of=date(2016, 11, 27), as_of_source="'On Sunday'")
    today = make_claim("About 250,000 people are trapped.", "250,000", document="b.txt", day=NOV_28)
    text = "name: t\nselect:\n  near: trapped\ncheck: trend\ndirection: decreasing\n"
    verdict = evaluate_rule(rule_from(tmp_path, text), [today, sunday])
    [violation] = verdict.violations
    assert violation.claims == (sunday, today)
    assert violation.constraint == ("decreasing: 250,000 on 2016-11-28 (b.txt) is not below "
                                    "200,000 on 2016-11-27 (a.txt)")


def test_checks_without_dates_accept_undated_claims(tmp_path: Path) -> None:
    claims = [make_claim("About 250,000 people are trapped.", "250,000", day=None)]
    assert evaluate_rule(rule_from(tmp_path, "check: flag-above\nlimit: 1000000000\n"), claims).passed


def test_nothing_to_compare_is_an_error(tmp_path: Path) -> None:
    rule = rule_from(tmp_path, "name: x\ncheck: flag-above\ncompare: false\n")
    error = error_of(rule, sample_claims())
    assert error.message == ("rule 'x' has nothing to compare: its flag-above check made no comparison "
                             "among 5 selected claims (saw 250000, 10500, 275000, 32, 85)")
    assert error.line == 2


# ---------------------------------------------------------------- with the real checks


def test_trend_rule_finds_a_rising_trapped_population(tmp_path: Path) -> None:
    text = ("name: trapped-population-decreases\nselect:\n  counts: [people, civilians]\n"
            "  near: [trapped]\ncheck: trend\ndirection: decreasing\n")
    verdict = evaluate_rule(rule_from(tmp_path, text), sample_claims())
    assert verdict.check == "trend"
    assert len(verdict.violations) == 1
    assert {claim.quantity.value for claim in verdict.violations[0].claims} == {250000, 275000}


def test_trend_on_one_date_has_nothing_to_compare(tmp_path: Path) -> None:
    claims = [make_claim("About 250,000 people are trapped.", "250,000", document="a.txt", day=NOV_28),
              make_claim("Some 200,000 people are trapped.", "200,000", document="b.txt", day=NOV_28)]
    text = "name: t\nselect:\n  near: trapped\ncheck: trend\ndirection: decreasing\n"
    error = error_of(rule_from(tmp_path, text), claims)
    assert error.message.startswith("rule 't' has nothing to compare")
    assert "all dated 2016-11-28" in error.message


def test_bounds_on_shares_compare_fractions(tmp_path: Path) -> None:
    text = "select:\n  kind: share\ncheck: bounds\nmin: 0%\nmax: 80%\n"
    verdict = evaluate_rule(rule_from(tmp_path, text), sample_claims())
    assert [claim.quantity.surface for violation in verdict.violations for claim in violation.claims] == ["85%"]


def test_bundled_rules_load() -> None:
    rules_dir = RULES
    paths = sorted(rules_dir.glob("*.yaml"))
    assert paths
    for path in paths:
        [rule] = load_rule_file(path)
        assert rule.name and rule.description
        assert isinstance(rule.select, Selector)
