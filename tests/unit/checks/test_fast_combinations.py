"""complement and expression (together: day / document) judged by window extremes, against every combination.

The reference below is the enumeration the two checks ran before (copied from
``claimsets.combinations_within_days``, ``Complement.evaluate`` and
``Expression.evaluate`` as they were, without their cap): every choice of one
claim per named list within the window, each judged on its own. What the
checks promise, and these properties check on random interval claims (open,
closed and unbounded ends, points, empty intervals, zero and negative
values, same-day claims, claims selected for two names, empty lists):

* the same verdict and the same number of combinations compared;
* every listed contradiction is one the enumeration reports, word for word;
* the same claims, in the same named slot, for the same comparison, are in a
  contradiction, each with the same largest gap (how far apart the two sides
  of the tightest contradiction it belongs to lie);
* beyond ``MAX_LISTED`` the rest is counted in ``unlisted``, and a note says what is counted;
* a condition that must be enumerated raises CombinationLimitError past
  ``MAX_COMBINATIONS`` (a RuleError through the engine), never a quiet pass.
"""

from __future__ import annotations

import itertools
import math
import re
from datetime import date, timedelta
from functools import reduce
from itertools import product
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.claims import make_claim as sentence_claim

from pytest_claims.checks import expression as expression_module
from pytest_claims.checks.base import CheckResult, CombinationLimitError
from pytest_claims.checks.claimsets import as_of_date, count_combinations, dated_claims
from pytest_claims.checks.complement import Complement
from pytest_claims.checks.expression import DivisorCanBeZero, Expression, NotMonotone, monotone_tests
from pytest_claims.checks.extremes import beyond, hull, interval_key, separation
from pytest_claims.checks.windows import order_value
from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.language.expressions import enclosure, failing, zero_divisor
from pytest_claims.language.selectors import Selector
from pytest_claims.records.errors import RuleError
from pytest_claims.records.intervals import End, Ends, Interval, add, can_be_equal, exact
from pytest_claims.records.model import COUNT, Claim, Quantity, Violation
from pytest_claims.rulefile.load import load_rule_file

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
FIRST_DAY = date(2016, 11, 28)
NAMES = ("a", "b", "c", "d")


# ---------------------------------------------------------------- the reference: every combination


def reference_combinations(lists: Sequence[Sequence[Claim]], within_days: Optional[int]) -> list[tuple[Claim, ...]]:
    """Every choice of one claim per list within ``within_days`` (None: dates ignored), one claim used once.

    Brute force, on purpose unlike the bisecting search it checks: every element of the product, kept when
    its claims are distinct and its dates span at most ``within_days``; lists in date order, as the search.
    """
    ordered = [list(claims) if within_days is None else sorted(claims, key=as_of_date) for claims in lists]
    chosen = []
    for choice in itertools.product(*ordered):
        if len({claim.key for claim in choice}) < len(choice):
            continue
        if within_days is not None and choice:
            days = [as_of_date(claim).toordinal() for claim in choice]
            if max(days) - min(days) > within_days:
                continue
        chosen.append(choice)
    return chosen


#: a reported contradiction: its claims (by identity) in slot order, which comparison, and its gap
Contradiction = tuple[tuple[int, ...], int, End]


def reference_complement(check: Complement, groups: Mapping[str, Sequence[Claim]]
                         ) -> tuple[list[Violation], int, list[Contradiction]]:
    names = list(check.parts)
    lists = [dated_claims(groups[name]) for name in names]
    choices = reference_combinations(lists, check.within_days)
    violations, found = [], []
    for choice in choices:
        total = reduce(add, (Ends.of(claim.interval) for claim in choice))
        if not can_be_equal(total, target_of(check)):
            violations.append(Violation(choice, check._constraint(names, choice, total)))
            found.append((ids(choice), 0, separation(total, target_of(check))))
    return violations, len(choices), found


def reference_expression(check: Expression, groups: Mapping[str, Sequence[Claim]]
                         ) -> tuple[list[Violation], int, list[Contradiction]]:
    names = check.condition.names
    if check.together == "document":
        paths: dict[str, None] = {}
        for name in names:
            for claim in groups[name]:
                paths.setdefault(claim.path)
        choices = [choice for path in paths
                   for choice in reference_combinations(
                       [[claim for claim in groups[name] if claim.path == path] for name in names], None)]
    else:
        choices = reference_combinations([dated_claims(groups[name]) for name in names], check.within_days)
    violations, found = [], []
    for choice in choices:
        values = {name: Ends.of(claim.interval) for name, claim in zip(names, choice)}
        if any(zero_divisor(comparison, values) is not None for comparison in check.condition.comparisons):
            raise DivisorCanBeZero("a divisor can be 0")  # cannot be judged: the rule is an error, never a pass
        for comparison in failing(check.condition, values):
            violations.append(Violation(choice, check._constraint(comparison.text, names, choice)))
            label = check.condition.comparisons.index(comparison)
            found.append((ids(choice), label, separation(enclosure(comparison.left, values),
                                                         enclosure(comparison.right, values))))
    return violations, len(choices), found


def target_of(check: Complement) -> Ends:
    return Ends.point(check.whole).widened(exact(check.tolerance))


def ids(claims: Sequence[Claim]) -> tuple[int, ...]:
    return tuple(id(claim) for claim in claims)


# ---------------------------------------------------------------- comparing with the reference


def label_of(check: Any, violation: Violation) -> int:
    if isinstance(check, Complement):
        return 0
    texts = [comparison.text + " cannot hold: " for comparison in check.condition.comparisons]
    return next(label for label, text in enumerate(texts) if violation.constraint.startswith(text))


def gap_of(check: Any, violation: Violation) -> End:
    ends = [Ends.of(claim.interval) for claim in violation.claims]
    if isinstance(check, Complement):
        return separation(reduce(add, ends), target_of(check))
    comparison = check.condition.comparisons[label_of(check, violation)]
    values = dict(zip(check.condition.names, ends))
    return separation(enclosure(comparison.left, values), enclosure(comparison.right, values))


def tightest_by_slot(found: Sequence[Contradiction]) -> dict[tuple[int, int, int], End]:
    """Per (slot, claim, comparison) in a contradiction, the largest gap of one it belongs to."""
    best: dict[tuple[int, int, int], End] = {}
    for claims, label, gap in found:
        for slot, claim in enumerate(claims):
            at = (slot, claim, label)
            best[at] = max(best.get(at, -math.inf), gap)
    return best


def assert_same_as_reference(check: Union[Complement, Expression], groups: Mapping[str, Sequence[Claim]]
                             ) -> Optional[CheckResult]:
    if isinstance(check, Complement):
        expected, compared, expected_found = reference_complement(check, groups)
    else:
        try:
            expected, compared, expected_found = reference_expression(check, groups)
        except DivisorCanBeZero:
            with pytest.raises(DivisorCanBeZero):  # some choice divides by an interval holding 0
                check.evaluate(groups)
            return None
    with mock.patch("pytest_claims.checks.extremes.MAX_LISTED", 10 ** 6):  # all of them, to compare
        result = check.evaluate(groups)
    assert result.comparisons == compared
    assert bool(result.violations) == bool(expected)
    assert not result.unlisted
    known = {(ids(violation.claims), violation.constraint) for violation in expected}
    for violation in result.violations:
        assert (ids(violation.claims), violation.constraint) in known
    listed = [(ids(violation.claims), label_of(check, violation), gap_of(check, violation))
              for violation in result.violations]
    assert tightest_by_slot(listed) == tightest_by_slot(expected_found)
    assert len({(claims, label) for claims, label, _ in listed}) == len(listed)  # each contradiction once
    gaps = [gap for _, _, gap in listed]
    assert gaps == sorted(gaps, reverse=True)  # tightest first
    assert [check.spread(violation) for violation in result.violations] == [float(gap) for gap in gaps]
    return result


# ---------------------------------------------------------------- drawing claims

#: a small grid of values, so that ends often meet exactly (touching open and closed ends)
VALUES = (-1.0, -0.5, 0.0, 0.5, 1.0, 2.0)


def interval_claim(interval: Interval, index: int, day: date, document: str) -> Claim:
    """A claim whose quantity has ``interval``; ``index`` sets where its number stands (its key)."""
    surface = str(interval)
    start = 10 * index
    value = next((end for end in (interval.low, interval.high) if end is not None), 0.0)
    quantity = Quantity(value=value, low=interval.low, high=interval.high, qualifier=None, unit="", kind=COUNT,
                        surface=surface, span=(start, start + len(surface)),
                        low_inclusive=interval.low_inclusive, high_inclusive=interval.high_inclusive,
                        number_text=surface)
    return Claim(quantity=quantity, document=document, path=f"/articles/{document}", date=day, date_source=None,
                 outlet=None, sentence="", sentence_start=0, line=1, as_of=day, as_of_source="document date")


@st.composite
def intervals(draw: st.DrawFn, signs: str) -> Interval:
    """Open, closed or unbounded ends, points and empty intervals; for ``signs`` "positive" only values >= 0,
    for "negative" only values <= 0."""
    if signs == "negative":
        mirrored = draw(intervals("positive"))
        assert mirrored.low is not None
        return Interval(None if mirrored.high is None else -mirrored.high, -mirrored.low,
                        mirrored.high_inclusive, mirrored.low_inclusive)
    values = VALUES if signs == "any" else tuple(value for value in VALUES if value >= 0)
    low = draw(st.sampled_from(values)) if signs != "any" or draw(st.integers(0, 5)) else None
    shape = draw(st.sampled_from(["range", "range", "range", "point", "point", "unbounded", "reversed"]))
    if low is None or shape == "range":
        high = draw(st.sampled_from(tuple(value for value in values if low is None or value >= low)))
    elif shape == "point":
        high = low
    elif shape == "unbounded":
        high = None
    else:  # empty: the low end above the high one
        high = draw(st.sampled_from(values))
    return Interval(low, high, draw(st.booleans()), draw(st.booleans()))


#: the values a drawn case's claims take: of any sign, of one sign, or of one sign per name
SIGNS = ("any", "positive", "negative", "one per name")


@st.composite
def named_lists(draw: st.DrawFn, names: Sequence[str], signs: str = "any", documents: int = 2
                ) -> dict[str, list[Claim]]:
    """Claims of a few days and documents, each list a subset of one pool, so that lists can share a claim
    (and be empty)."""
    days = draw(st.integers(0, 2))
    pools: dict[str, list[Claim]] = {}
    for pool in (("positive", "negative") if signs == "one per name" else (signs,)):
        # Hypothesis draws the low end of a range often: the rare cases sit at the high end
        count = draw(st.integers(0, 10)) if draw(st.integers(0, 9)) == 9 else draw(st.integers(len(names), 12))
        pools[pool] = [interval_claim(draw(intervals(pool)), 100 * len(pools) + index,
                                      FIRST_DAY + timedelta(days=draw(st.integers(0, days))),
                                      f"{draw(st.integers(0, documents - 1))}.txt")
                       for index in range(count)]
    groups = {}
    for name in names:
        claims = pools[draw(st.sampled_from(sorted(pools)))]
        size = min(len(claims), draw(st.integers(1, 5)) if draw(st.integers(0, 9)) < 9 else 0)  # now and then none
        chosen = draw(st.lists(st.integers(0, len(claims) - 1), min_size=size, max_size=size, unique=True)) \
            if size else []
        groups[name] = [claims[index] for index in chosen]
    return groups


def selectors(names: Sequence[str]) -> dict[str, Selector]:
    return {name: Selector() for name in names}


# ---------------------------------------------------------------- complement


@PROPERTY_SETTINGS
@given(data=st.data(), parts=st.integers(2, 4), within_days=st.integers(0, 2),
       whole=st.sampled_from([0.0, 1.0, 1.5, 3.0]), tolerance=st.sampled_from([0.0, 0.25, 0.5]))
def test_complement_finds_what_enumeration_finds(data: st.DataObject, parts: int, within_days: int,
                                                 whole: float, tolerance: float) -> None:
    names = NAMES[:parts]
    check = Complement(parts=selectors(names), whole=whole, tolerance=tolerance, within_days=within_days)
    assert_same_as_reference(check, data.draw(named_lists(names)))


def test_complement_lists_the_parts_that_cannot_add_up_with_the_sum() -> None:
    retaken = interval_claim(Interval(0.75, 1.0, False, True), 0, FIRST_DAY, "0.txt")
    quarter = interval_claim(Interval(0.0, 0.25, True, False), 1, FIRST_DAY, "1.txt")
    half = interval_claim(Interval(0.45, 0.55), 2, FIRST_DAY, "2.txt")
    check = Complement(parts=selectors(["retaken", "held"]), whole=1.0)
    result = check.evaluate({"retaken": [retaken], "held": [quarter, half]})
    assert result.comparisons == 2
    assert [violation.claims for violation in result.violations] == [(retaken, half)]
    assert result.violations[0].constraint == (
        'the parts cannot add up to 1: retaken "(0.75, 1]" (0.75, 1] + held "[0.45, 0.55]" [0.45, 0.55] '
        '= (1.2, 1.55]')


def test_complement_touching_ends_decide_by_whether_they_are_open() -> None:
    """[0.75, 1] + (0.25, 0.5] is (1, 1.5], which misses 1 by an open end; [0.75, 1] + [0.25, 0.5] holds it."""
    above = interval_claim(Interval(0.75, 1.0, True, True), 0, FIRST_DAY, "0.txt")
    just_above = interval_claim(Interval(0.25, 0.5, False, True), 1, FIRST_DAY, "1.txt")
    touching = interval_claim(Interval(0.25, 0.5, True, True), 2, FIRST_DAY, "2.txt")
    check = Complement(parts=selectors(["retaken", "held"]), whole=1.0)
    result = check.evaluate({"retaken": [above], "held": [just_above, touching]})
    assert [violation.claims for violation in result.violations] == [(above, just_above)]


def test_complement_never_uses_one_claim_for_two_parts() -> None:
    both = interval_claim(Interval.point(0.9), 0, FIRST_DAY, "0.txt")
    other = interval_claim(Interval.point(0.05), 1, FIRST_DAY, "1.txt")
    check = Complement(parts=selectors(["retaken", "held"]), whole=1.0)
    alone = check.evaluate({"retaken": [both], "held": [both]})
    assert (alone.comparisons, alone.violations) == (0, ())
    paired = check.evaluate({"retaken": [both], "held": [both, other]})
    assert paired.comparisons == 1
    assert [violation.claims for violation in paired.violations] == [(both, other)]


def test_complement_compares_a_million_combinations_by_their_extremes() -> None:
    """1,000 claims per part on one day: one retaken claim too high for the lowest held one."""
    retaken = [interval_claim(Interval.point(0.5 + 0.0001 * (index % 100)), index, FIRST_DAY, "a.txt")
               for index in range(1000)]
    held = [interval_claim(Interval.point(0.49 - 0.0001 * (index % 100)), 1000 + index, FIRST_DAY, "b.txt")
            for index in range(1000)]
    too_high = interval_claim(Interval.point(0.75), 5000, FIRST_DAY, "c.txt")
    check = Complement(parts=selectors(["retaken", "held"]), whole=1.0, tolerance=0.2)
    result = check.evaluate({"retaken": [*retaken, too_high], "held": held})
    assert result.comparisons == 1001 * 1000
    assert {violation.claims[0] for violation in result.violations} == {too_high}
    # every held claim fails with the high one only, its tightest: one contradiction per held claim
    assert len(result.violations) + result.unlisted == 1000


def test_complement_lists_the_tightest_and_counts_the_rest() -> None:
    retaken = [interval_claim(Interval.point(0.9 + 0.01 * index), index, FIRST_DAY, "a.txt") for index in range(5)]
    held = interval_claim(Interval.point(0.5), 10, FIRST_DAY, "b.txt")
    check = Complement(parts=selectors(["retaken", "held"]), whole=1.0)
    with mock.patch("pytest_claims.checks.extremes.MAX_LISTED", 2):
        result = check.evaluate({"retaken": retaken, "held": [held]})
    assert [violation.claims[0] for violation in result.violations] == [retaken[4], retaken[3]]
    assert result.unlisted == 3
    assert result.notes == ("5 contradicting combinations counted: for each claim in a contradiction, the tightest "
                            "combination it belongs to; other combinations of the same claims are not counted",)


# ---------------------------------------------------------------- expression


EXPRESSIONS = ("a + b <= 1", "a <= b", "a - b >= 0", "a * 2 == b", "a / b < 0.5", "a + a <= b", "a + b + c == 1",
               "a * b > c - d", "0 <= a - b <= 1", "a != b", "-a < b * c", "(a + b) / c >= 0.5",
               "a <= b and b <= c", "2 * a - b * c > d / 4")


@pytest.mark.parametrize("text", EXPRESSIONS)
@settings(max_examples=150, deadline=None)
@given(data=st.data(), together=st.sampled_from(["day", "document"]), within_days=st.integers(0, 2),
       signs=st.sampled_from(SIGNS))
def test_expression_finds_what_enumeration_finds(text: str, data: st.DataObject, together: str,
                                                 within_days: int, signs: str) -> None:
    names = _names_of(text)
    check = Expression(claims=selectors(names), expression=text, together=together,
                       within_days=within_days if together == "day" else 0)
    assert_same_as_reference(check, data.draw(named_lists(names, signs)))


def _names_of(text: str) -> tuple[str, ...]:
    return tuple(name for name in NAMES if name in text.replace("and", ""))


@pytest.mark.parametrize("text", EXPRESSIONS)
@settings(max_examples=150, deadline=None)
@given(data=st.data(), signs=st.sampled_from(SIGNS))
def test_the_extremes_move_each_test_one_way(text: str, data: st.DataObject, signs: str) -> None:
    """What the search rests on: a claim nearer to failing a test (by its key) never makes a choice pass it
    that a farther claim made fail."""
    names = _names_of(text)
    regimes = {name: data.draw(st.sampled_from(["positive", "negative"])) if signs == "one per name" else signs
               for name in names}
    lists = [[interval_claim(interval, index, FIRST_DAY, "0.txt")
              for index, interval in enumerate(data.draw(st.lists(intervals(regimes[name]), min_size=1, max_size=3)))]
             for name in names]
    try:
        tests = monotone_tests(Expression(claims=selectors(names), expression=text).condition, names, lists)
    except NotMonotone:
        return
    for test, way, strict in [(test, way, strict) for test in tests for way, strict in test.ways()]:
        directions = test.above if way == "above" else test.below
        for choice in product(*lists):
            ends = [Ends.of(claim.interval) for claim in choice]
            fails = beyond(*test.sides(ends), way, strict)
            for slot, direction in enumerate(directions):
                for other in lists[slot]:
                    moved = ends[:slot] + [Ends.of(other.interval)] + ends[slot + 1:]
                    if interval_key(other.interval, direction) >= interval_key(choice[slot].interval, direction):
                        assert beyond(*test.sides(moved), way, strict) or not fails


@pytest.mark.parametrize("text", ["a + b <= 1", "a - b >= 0", "a * 2 == b", "a / b < 0.5", "a * b > c - d",
                                  "0 <= a - b <= 1", "-a < b * c", "(a + b) / c >= 0.5", "2 * a - b * c > d / 4"])
def test_expressions_of_values_of_one_sign_are_judged_by_extremes(text: str) -> None:
    names = _names_of(text)
    lists = [[interval_claim(Interval(0.5, 2.0), index, FIRST_DAY, "a.txt")] for index, _ in enumerate(names)]
    check = Expression(claims=selectors(names), expression=text, together="day")
    assert len(monotone_tests(check.condition, names, lists)) == len(check.condition.comparisons)


@pytest.mark.parametrize(("text", "reason"), [
    ("a + a <= b", "'a' appears more than once in 'a + a <= b'"),
    ("a != b", "'a != b' compares with '!='"),
    ("a * b > c - d", "a factor in 'a * b > c - d' takes values of both signs among the claims"),
    ("a / b < 0.5", "a divisor in 'a / b < 0.5' can be 0"),
])
def test_expressions_the_extremes_cannot_judge_say_why(text: str, reason: str) -> None:
    names = _names_of(text)
    lists = [[interval_claim(Interval(-1.0, 2.0), index, FIRST_DAY, "a.txt")] for index, _ in enumerate(names)]
    check = Expression(claims=selectors(names), expression=text, together="day")
    with pytest.raises(NotMonotone, match=f"^{re.escape(reason)}$"):
        monotone_tests(check.condition, names, lists)


def test_expression_day_reports_the_tightest_pair_of_a_million() -> None:
    """1,000 day tolls and 1,000 offensive tolls on one day: only 219 equal to 219 fails."""
    day_tolls = [interval_claim(Interval.point(float(index % 200)), index, FIRST_DAY, "a.txt") for index in range(999)]
    offensive = [interval_claim(Interval.point(float(300 + index)), 1000 + index, FIRST_DAY, "b.txt")
                 for index in range(999)]
    equal_day = interval_claim(Interval.point(219.0), 5000, FIRST_DAY, "c.txt")
    equal_offensive = interval_claim(Interval.point(219.0), 5001, FIRST_DAY + timedelta(days=1), "d.txt")
    check = Expression(claims=selectors(["day_toll", "offensive_toll"]), expression="day_toll < offensive_toll",
                       together="day", within_days=1)
    result = check.evaluate({"day_toll": [*day_tolls, equal_day], "offensive_toll": [*offensive, equal_offensive]})
    assert result.comparisons == 1000 * 1000
    assert [violation.claims for violation in result.violations] == [(equal_day, equal_offensive)]
    assert result.violations[0].constraint == (
        'day_toll < offensive_toll cannot hold: day_toll = "219" 219, offensive_toll = "219" 219')
    assert result.unlisted == 0


def test_expression_document_compares_claims_of_one_document_only() -> None:
    low = interval_claim(Interval.point(1.0), 0, FIRST_DAY, "x.txt")
    high_elsewhere = interval_claim(Interval.point(5.0), 1, FIRST_DAY, "y.txt")
    high_here = interval_claim(Interval.point(5.0), 2, FIRST_DAY, "x.txt")
    check = Expression(claims=selectors(["a", "b"]), expression="a >= b", together="document")
    result = check.evaluate({"a": [low], "b": [high_elsewhere, high_here]})
    assert result.comparisons == 1
    assert [violation.claims for violation in result.violations] == [(low, high_here)]


# ---------------------------------------------------------------- the cap on enumeration


@PROPERTY_SETTINGS
@given(data=st.data(), text=st.sampled_from(["a + a <= b", "a != b", "a * b > c - d", "a - a * b < c"]),
       together=st.sampled_from(["day", "document"]), cap=st.integers(0, 6))
def test_enumeration_past_the_cap_is_an_error_never_a_pass(data: st.DataObject, text: str, together: str,
                                                            cap: int) -> None:
    names = _names_of(text)
    groups = data.draw(named_lists(names, "any"))
    check = Expression(claims=selectors(names), expression=text, together=together)
    _, compared, _ = reference_expression(check, groups)
    lists = [dated_claims(groups[name]) for name in names]
    try:
        monotone_tests(check.condition, names, lists)
        enumerated = False
    except NotMonotone:
        enumerated = True
    with mock.patch.object(expression_module, "MAX_COMBINATIONS", cap):
        if enumerated and compared > cap:
            with pytest.raises(CombinationLimitError, match=re.escape(f"would compare {compared:,} combinations")):
                check.evaluate(groups)
        else:
            assert_same_as_reference(check, groups)


def test_too_many_combinations_to_enumerate_is_a_rule_error(tmp_path: Path) -> None:
    """400 x 400 claims of one day for a condition with a repeated name: 160,000 combinations, refused."""
    claims = [sentence_claim(f"Alpha counted {number} people.", str(number), document=f"a{number}.txt")
              for number in range(100, 500)]
    claims += [sentence_claim(f"Beta counted {number} people.", str(number), document=f"b{number}.txt")
               for number in range(1000, 1400)]
    path = tmp_path / "rule.yaml"
    path.write_text("name: doubled\nselect: {counts: [people]}\ncheck: expression\n"
                    "claims:\n  a: {near: [alpha]}\n  b: {near: [beta]}\n"
                    "expression: a + a <= b\ntogether: day\n", encoding="utf-8")
    [rule] = load_rule_file(path)
    with pytest.raises(RuleError) as caught:
        evaluate_rule(rule, claims)
    message = str(caught.value)
    assert ("expression 'a + a <= b' would compare 160,000 combinations of claims on the same day one by one, "
            "more than the 100,000 allowed: 'a' appears more than once in 'a + a <= b'") in message
    assert "narrow the rule's select or the named claims' selectors" in message
    assert "rule.yaml:3" in message  # the check's line


def test_a_monotone_condition_is_judged_however_many_combinations(tmp_path: Path) -> None:
    claims = [sentence_claim(f"Alpha counted {number} people.", str(number), document=f"a{number}.txt")
              for number in range(100, 500)]
    claims += [sentence_claim(f"Beta counted {number} people.", str(number), document=f"b{number}.txt")
               for number in range(1000, 1400)]
    path = tmp_path / "rule.yaml"
    path.write_text("name: doubled\nselect: {counts: [people]}\ncheck: expression\n"
                    "claims:\n  a: {near: [alpha]}\n  b: {near: [beta]}\n"
                    "expression: 2 * a <= b\ntogether: day\n", encoding="utf-8")
    [rule] = load_rule_file(path)
    verdict = evaluate_rule(rule, claims)
    assert verdict.passed
    path.write_text(path.read_text(encoding="utf-8").replace("2 * a", "3 * a"), encoding="utf-8")
    [rule] = load_rule_file(path)
    verdict = evaluate_rule(rule, claims)
    # 3a <= b fails for a >= 334 with b = 1000 (166 claims a, each tightest with b = 1000) and for every b with
    # a = 499 (400 claims b, each tightest with a = 499): 565 combinations, the tightest 499 with 1000
    assert not verdict.passed
    assert [claim.quantity.value for claim in verdict.violations[0].claims] == [499.0, 1000.0]
    assert len(verdict.violations) + verdict.unlisted == 565


# ---------------------------------------------------------------- keys, hulls and counting


FLOATS = st.one_of(st.sampled_from([0.0, -0.0, 0.1, 0.2, 0.30000000000000004, 0.3, 1e-310, 5e-324, 1e308, -1e308,
                                    1.0000000000000002, 0.9999999999999999, 123456789012345.67]),
                   st.floats(allow_nan=False, allow_infinity=False))


@PROPERTY_SETTINGS
@given(x=FLOATS, y=FLOATS)
def test_order_values_order_and_tie_as_exact_ends_do(x: float, y: float) -> None:
    exact_order = (exact(x) > exact(y)) - (exact(x) < exact(y))
    assert (order_value(x) > order_value(y)) - (order_value(x) < order_value(y)) == exact_order


@PROPERTY_SETTINGS
@given(claims=st.lists(intervals("any"), max_size=6))
def test_hull_holds_every_non_empty_interval_and_no_more(claims: list[Interval]) -> None:
    drawn = [interval_claim(interval, index, FIRST_DAY, "0.txt") for index, interval in enumerate(claims)]
    present = [ends for ends in (Ends.of(interval) for interval in claims) if not ends.is_empty()]
    if not present:
        assert hull(drawn).is_empty()
        return
    lo, hi = min(ends.lo for ends in present), max(ends.hi for ends in present)
    assert hull(drawn) == Ends(lo, hi, any(ends.lo_closed for ends in present if ends.lo == lo),
                               any(ends.hi_closed for ends in present if ends.hi == hi))



@PROPERTY_SETTINGS
@given(data=st.data(), lists=st.integers(1, 4), within_days=st.one_of(st.none(), st.integers(0, 3)))
def test_count_combinations_counts_what_enumeration_makes(data: st.DataObject, lists: int,
                                                          within_days: Optional[int]) -> None:
    groups = data.draw(named_lists(NAMES[:lists]))
    columns = [dated_claims(groups[name]) for name in NAMES[:lists]]
    assert count_combinations(columns, within_days) == len(reference_combinations(columns, within_days))
