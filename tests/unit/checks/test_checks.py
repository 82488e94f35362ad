"""Tests for pytest_claims.checks.kinds.

Three layers:

* example cases as data (``tests/cases/checks.yaml``), one per shape of interval
  and per edge of each check kind;
* parameter validation (``__post_init__``) and the registry's metadata;
* Hypothesis properties against exact references written here. Each reference
  builds concrete values (``Fraction``) inside every interval and the tests
  verify them point by point, so a reference can never vouch for an
  assignment that does not exist. A reference that wrongly finds nothing would
  show up as a disagreement with the soundness properties, which start from
  values that satisfy the constraint.
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from itertools import combinations
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.paths import CASES

from pytest_claims.checks import CHECKS, Agreement, Bounds, CheckResult, Relation, Trend
from pytest_claims.checks.params import Claims, parameters
from pytest_claims.engine.evaluate import evaluate_groups
from pytest_claims.records.intervals import Interval
from pytest_claims.records.model import COUNT, Claim, Quantity

CASES_FILE = CASES / "checks.yaml"
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

OPERATIONS: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge, ">": operator.gt,
}
#: how a later value must compare with an earlier one
TREND_OPERATOR = {"increasing": ">", "decreasing": "<", "non-decreasing": ">=", "non-increasing": "<="}
DIRECTIONS = tuple(TREND_OPERATOR)
FIRST_DAY = date(2016, 11, 28)


# ---------------------------------------------------------------- building claims


def make_claim(interval: Interval, index: int, *, day: Optional[date] = None,
               document: Optional[str] = None, sentence_start: int = 0, start: Optional[int] = None,
               surface: Optional[str] = None, qualifier: Optional[str] = None, kind: str = COUNT,
               unit: str = "", counted: str = "", total: Optional[float] = None, source: Optional[str] = None,
               outlet: Optional[str] = None) -> Claim:
    """A claim whose quantity has ``interval`` (on the quantity's own scale)."""
    surface = surface if surface is not None else str(interval)
    start = sentence_start + 10 * index if start is None else sentence_start + start
    document = document or f"{index:03d}_doc.txt"
    value = next((end for end in (interval.low, interval.high) if end is not None), 0.0)
    quantity = Quantity(value=value, low=interval.low, high=interval.high, qualifier=qualifier,
                        unit=unit, kind=kind, surface=surface, span=(start, start + len(surface)),
                        low_inclusive=interval.low_inclusive, high_inclusive=interval.high_inclusive,
                        number_text=surface, total=total)
    return Claim(quantity=quantity, document=document, path=f"/articles/{document}", date=day,
                 date_source=None, outlet=outlet, sentence="", sentence_start=sentence_start, line=1,
                 counts=None, counted_phrase=counted, source=source, as_of=day,
                 as_of_source=None if day is None else "document date")


def parse_interval(text: object) -> Interval:
    """``"250"``, ``"[1, 2]"``, ``"(341, inf)"``, ``"(-inf, 0.25)"``."""
    text = str(text).strip()
    if text[0] not in "[(":
        return Interval.point(float(text))
    low_text, high_text = text[1:-1].split(",")
    low, high = _parse_end(low_text), _parse_end(high_text)
    return Interval(low, high, text[0] == "[" and low is not None, text[-1] == "]" and high is not None)


def _parse_end(text: str) -> Optional[float]:
    return None if text.strip() in ("inf", "-inf") else float(text)


def claim_from_spec(spec: object, index: int, document: Optional[str] = None) -> Claim:
    """A claim from a case's claim entry (an interval text, or a mapping).

    Without a document of its own the claim gets ``document``, or one per claim.
    """
    if not isinstance(spec, dict):
        spec = {"interval": spec}
    return make_claim(
        parse_interval(spec["interval"]), index, day=spec.get("date"),
        document=spec.get("document", document),
        sentence_start=1000 * spec.get("sentence", 0), start=spec.get("at"),
        surface=None if spec.get("surface") is None else str(spec["surface"]),
        qualifier=spec.get("qualifier"), kind=spec.get("kind", COUNT), unit=spec.get("unit", ""),
        counted=spec.get("counted", ""), total=spec.get("total"), source=spec.get("source"),
        outlet=spec.get("outlet"))


def with_sentences(claims: Sequence[Claim]) -> list[Claim]:
    """The claims with the text of their sentences: each claim's surface at its span, and one-letter words
    every other character around them ("w w w"), so the words between two claims follow their distance in
    characters, with no clause mark."""
    texts: dict[tuple[str, int], list[str]] = {}
    for claim in claims:
        start, end = (at - claim.sentence_start for at in claim.quantity.span)
        text = texts.setdefault(claim.sentence_key, [])
        text.extend("w" if len(text) % 2 == 0 else " " for _ in range(len(text), end + 1))
        text[start:end] = claim.quantity.surface
        for at in (start - 1, end):  # a blank on each side: no filler word joins the number
            if at >= 0:
                text[at] = " "
    return [dataclasses.replace(claim, sentence="".join(texts[claim.sentence_key])) for claim in claims]


def single_group(claims: Sequence[Claim]) -> dict[str, Sequence[Claim]]:
    return {"claims": claims}


# ---------------------------------------------------------------- example cases


def load_cases() -> list[Any]:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [pytest.param(kind, case, id=f"{kind}: {case['name']}")
            for kind, kind_cases in cases.items() for case in kind_cases]


def groups_of(check: Any, specs: Sequence[object], claims: Sequence[Claim]) -> dict[str, Sequence[Claim]]:
    """The claims of each group of ``check``: a claim's ``role`` names its group (or a list of them)."""
    names = list(check.group_selectors())
    if names == ["claims"]:
        return single_group(claims)
    roles = [_roles(spec["role"]) for spec in specs if isinstance(spec, dict)]
    return {name: [claim for claim, role in zip(claims, roles) if name in role] for name in names}


def _roles(role: object) -> tuple[str, ...]:
    if role == "both":
        return ("left", "right")
    return tuple(role) if isinstance(role, list) else (str(role),)


def index_of(claim: Claim, claims: Sequence[Claim]) -> int:
    return next(i for i, candidate in enumerate(claims) if candidate is claim)


@pytest.mark.parametrize(("kind", "case"), load_cases())
def test_example_case(kind: str, case: dict[str, Any]) -> None:
    check = CHECKS[kind](**case["check"])
    # sentences need one document
    shared_document = "000_doc.txt" if kind in ("relation", "expression") else None
    claims = with_sentences([claim_from_spec(spec, i, shared_document) for i, spec in enumerate(case["claims"])])
    result = evaluate_groups(check, groups_of(check, case["claims"], claims))

    assert len(result.violations) == case["violations"], [v.constraint for v in result.violations]
    if "comparisons" in case:
        assert result.comparisons == case["comparisons"]
    else:  # a case that passes by comparing nothing proves nothing: it must say so with comparisons: 0
        assert result.comparisons > 0
    if "violating" in case:
        found = [[index_of(claim, claims) for claim in violation.claims] for violation in result.violations]
        assert found == case["violating"]
    if "constraints" in case:
        assert [violation.constraint for violation in result.violations] == case["constraints"]
    if "notes" in case:
        assert list(result.notes) == case["notes"]


def test_cases_cover_every_check_kind_and_qualifier_shape() -> None:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    assert set(cases) == set(CHECKS)
    qualifiers = {spec.get("qualifier") for kind_cases in cases.values() for case in kind_cases
                  for spec in case["claims"] if isinstance(spec, dict)}
    assert {"about", "more_than", "at_least", "up_to", "less_than", "range"} <= qualifiers
    for kind, kind_cases in cases.items():
        outcomes = {case["violations"] > 0 for case in kind_cases}
        assert outcomes == {True, False}, f"{kind} needs both passing and failing cases"


# ---------------------------------------------------------------- registry, parameters, descriptions


def test_registry_is_keyed_by_yaml_name() -> None:
    assert set(CHECKS) == {"bounds", "trend", "relation", "agreement", "complement", "ratio", "expression"}
    assert all(kind.name == name for name, kind in CHECKS.items())
    examples = {name: kind(**_examples(kind)) for name, kind in CHECKS.items()}
    groups = {name: tuple(check.group_selectors()) for name, check in examples.items()}
    assert groups == {
        "bounds": ("claims",), "trend": ("claims",), "relation": ("left", "right"), "agreement": ("claims",),
        "complement": ("retaken", "held"), "ratio": ("count", "share"), "expression": ("children", "killed")}
    assert {name for name, check in examples.items() if check.needs_dates} == {
        "trend", "agreement", "complement", "ratio"}
    day_expression = CHECKS["expression"](**{**_examples(CHECKS["expression"]), "together": "day"})
    assert day_expression.needs_dates


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_every_parameter_has_doc_and_a_valid_example(kind: str) -> None:
    declared = parameters(CHECKS[kind])
    assert [param.name for param in declared] == [field.name for field in dataclasses.fields(CHECKS[kind])]
    assert all(param.spec.doc.strip() for param in declared)
    examples = _examples(CHECKS[kind])
    check = CHECKS[kind](**examples)
    assert dataclasses.asdict(check) == examples
    for param in declared:
        if param.spec.choices:
            assert param.spec.example in param.spec.choices


def test_selector_fields_are_declared_as_claims() -> None:
    selectors = {param.name for param in parameters(Relation) if isinstance(param.spec, Claims)}
    assert selectors == set(Relation(**_examples(Relation)).group_selectors())


def _examples(kind: type) -> dict[str, object]:
    return {param.name: param.spec.example for param in parameters(kind)}


@pytest.mark.parametrize(("kind", "params", "message"), [
    ("bounds", {}, "needs min, max or both"),
    ("bounds", {"min": 5, "max": 3}, r"min \(5\) is above max \(3\)"),
    ("bounds", {"min": "0"}, "min must be a number"),
    ("bounds", {"max": True}, "max must be a number"),
    ("bounds", {"max": float("nan")}, "max must be a finite number"),
    ("trend", {"direction": "upwards"}, "direction must be one of: increasing, decreasing"),
    ("relation", {"left": "a", "op": "=", "right": "b"}, "op must be one of: <, <=, ==, >=, >"),
    ("agreement", {"within_days": -1}, "within_days must not be negative"),
    ("agreement", {"within_days": 1.5}, "within_days must be a whole number"),
    ("agreement", {"tolerance": -0.1}, "tolerance must be at least 0 and below 1"),
    ("agreement", {"tolerance": 1}, "tolerance must be at least 0 and below 1"),
    ("agreement", {"tolerance": 15}, "tolerance must be at least 0 and below 1"),
], ids=lambda value: str(value))
def test_invalid_parameters_are_rejected(kind: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CHECKS[kind](**params)


@pytest.mark.parametrize(("check", "description"), [
    (Bounds(min=0, max=40), "values within [0, 40]"),
    (Bounds(max=0.5), "values within (-∞, 0.5]"),
    (Trend("non-increasing"), "values non-increasing over time"),
    (Relation("children", "<=", "people"), "children <= people in the same sentence"),
    (Agreement(), "claims on the same day agree exactly"),
    (Agreement(within_days=2, tolerance=0.15), "claims within 2 days agree within 15%"),
], ids=lambda value: value if isinstance(value, str) else type(value).__name__)
def test_describe(check: Any, description: str) -> None:
    assert check.describe() == description


def test_relation_describes_selectors_by_their_describe_method() -> None:
    class Named:
        def __init__(self, text: str) -> None:
            self.text = text

        def describe(self) -> str:
            return self.text

    assert Relation(Named("counts [child]"), "<", Named("counts [person]")).describe() == \
        "counts [child] < counts [person] in the same sentence"


def test_check_result_defaults_to_no_notes() -> None:
    assert CheckResult((), 3).notes == ()


# ---------------------------------------------------------------- exact references


@dataclass(frozen=True, order=True)
class Infinitesimal:
    """The number e + k·ε for a positive infinitesimal ε; orders as (e, k)."""

    e: Fraction
    k: int

    def above(self) -> Infinitesimal:
        return Infinitesimal(self.e, self.k + 1)


@dataclass(frozen=True)
class Frame:
    """Finite stand-ins for -∞ and +∞, beyond every finite end of the intervals at hand.

    Squeezing the real line into (far_low, far_high) by a strictly increasing
    map that fixes every finite end keeps every order relation and every
    interval membership, so nothing is lost by looking for values inside.
    """

    far_low: Fraction
    far_high: Fraction
    ends: tuple[Fraction, ...]

    @classmethod
    def around(cls, intervals: Iterable[Interval]) -> Frame:
        ends = tuple(sorted({Fraction(end) for interval in intervals
                             for end in (interval.low, interval.high) if end is not None}))
        return cls(min(ends, default=Fraction(0)) - 1, max(ends, default=Fraction(0)) + 1, ends)

    def lowest(self, interval: Interval) -> Infinitesimal:
        """The least element of ``interval`` among numbers e + k·ε."""
        if interval.low is None:
            return Infinitesimal(self.far_low, 0)
        return Infinitesimal(Fraction(interval.low), 0 if interval.low_inclusive else 1)

    def highest(self, interval: Interval) -> Infinitesimal:
        if interval.high is None:
            return Infinitesimal(self.far_high, 0)
        return Infinitesimal(Fraction(interval.high), 0 if interval.high_inclusive else -1)

    def realize(self, values: Mapping[int, Infinitesimal]) -> dict[int, Fraction]:
        """Give ε a value small enough that every comparison among values and ends stays as it was."""
        points = sorted({value.e for value in values.values()} | set(self.ends))
        gap = min((b - a for a, b in zip(points, points[1:])), default=Fraction(1))
        steps = max((abs(value.k) for value in values.values()), default=0)
        epsilon = gap / (4 * (steps + 1))
        return {i: value.e + value.k * epsilon for i, value in values.items()}


def negated(interval: Interval) -> Interval:
    return Interval(None if interval.high is None else -interval.high,
                    None if interval.low is None else -interval.low,
                    interval.high_inclusive, interval.low_inclusive)


def contains(interval: Interval, x: Fraction) -> bool:
    # Interval.contains compares a Fraction with the float ends exactly
    return interval.contains(x)


def trend_reference(claims: Sequence[Claim], direction: str) -> Optional[dict[int, Fraction]]:
    """One value per claim meeting every cross-date pair at once, or None when there is none.

    Greedy over dates: each claim takes the least value of its interval that
    is above (or not below) everything dated earlier. Keeping the running top
    as low as possible never hurts a later claim, so the greedy fails only when
    no assignment exists. Decreasing directions run on negated intervals.
    """
    descending = direction in ("decreasing", "non-increasing")
    strict = direction in ("increasing", "decreasing")
    intervals = [negated(claim.interval) if descending else claim.interval for claim in claims]
    frame = Frame.around(intervals)
    chosen: dict[int, Infinitesimal] = {}
    top: Optional[Infinitesimal] = None  # the highest value dated before the current day
    for day in sorted({claim.as_of for claim in claims}):
        day_top = top
        for i in (i for i, claim in enumerate(claims) if claim.as_of == day):
            value = frame.lowest(intervals[i])
            if top is not None and (value <= top if strict else value < top):
                value = top.above() if strict else top
            if value > frame.highest(intervals[i]):
                return None
            chosen[i] = value
            day_top = value if day_top is None else max(day_top, value)
        top = day_top
    values = frame.realize(chosen)
    return {i: -value for i, value in values.items()} if descending else values


def satisfies_trend(claims: Sequence[Claim], values: Mapping[int, Fraction], direction: str) -> bool:
    holds = OPERATIONS[TREND_OPERATOR[direction]]
    inside = all(contains(claim.interval, values[i]) for i, claim in enumerate(claims))
    ordered = all(holds(values[j], values[i]) for i, j in cross_date_pairs(claims))
    return inside and ordered


def cross_date_pairs(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """(earlier, later) index pairs."""
    return [(i, j) for i in range(len(claims)) for j in range(len(claims)) if claims[i].as_of < claims[j].as_of]


def relation_reference(lefts: Sequence[Interval], op: str, right: Interval
                       ) -> Optional[tuple[list[Fraction], Fraction]]:
    """Values for several left intervals and one right interval with ``x op y`` for each left x.

    For one-sided operators the right value goes as far as it can toward the
    left claims and each left value as far as it can toward the right one; for
    ``==`` the one candidate is the greatest of the least elements.
    """
    frame = Frame.around([*lefts, right])
    if op == "==":
        every = [*lefts, right]
        value = max(frame.lowest(interval) for interval in every)
        if any(value > frame.highest(interval) for interval in every):
            return None
        xs, y = [value] * len(lefts), value
    elif op in ("<", "<="):
        xs, y = [frame.lowest(interval) for interval in lefts], frame.highest(right)
    else:
        xs, y = [frame.highest(interval) for interval in lefts], frame.lowest(right)
    if not all(OPERATIONS[op](x, y) for x in xs):
        return None
    values = frame.realize({**dict(enumerate(xs)), len(xs): y})
    return [values[i] for i in range(len(xs))], values[len(xs)]


def satisfies_relation(lefts: Sequence[Interval], op: str, right: Interval,
                       xs: Sequence[Fraction], y: Fraction) -> bool:
    return contains(right, y) and all(contains(interval, x) and OPERATIONS[op](x, y)
                                      for interval, x in zip(lefts, xs))


def agree(x: Fraction, y: Fraction, tolerance: Fraction) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def agreement_reference(a: Interval, b: Interval, tolerance: Fraction) -> Optional[tuple[Fraction, Fraction]]:
    """Values x in a, y in b that agree, searched over candidate x; None when none is found.

    For a given x the agreeing y form a closed band, so y is exact. Candidate
    x: a quarter grid over the frame, every end of ``a`` and the points 1/50
    inside each end. With half-integer ends and a tolerance p/q (q <= 20),
    agreeing disjoint intervals leave a slack of at least 1/(2q) >= 1/40 at the
    nearest ends, so x within 1/50 of its end still finds a y; intervals that
    meet share a point of the quarter grid (or a closed end).
    """
    frame = Frame.around([a, b])
    for x in agreement_candidates(a, frame):
        band = agreeing_band(x, tolerance)
        y = common_point(band, b)
        if y is not None:
            return x, y
    return None


def agreement_candidates(interval: Interval, frame: Frame) -> list[Fraction]:
    grid = [frame.far_low + Fraction(k, 4) for k in range(int(4 * (frame.far_high - frame.far_low)) + 1)]
    near_ends = [Fraction(end) + offset for end in (interval.low, interval.high) if end is not None
                 for offset in (Fraction(0), Fraction(1, 50), Fraction(-1, 50))]
    return [x for x in grid + near_ends if contains(interval, x)]


def agreeing_band(x: Fraction, tolerance: Fraction) -> Interval:
    """Every y with |x - y| <= tolerance * max(|x|, |y|), for tolerance < 1."""
    if x >= 0:
        return Interval((1 - tolerance) * x, x / (1 - tolerance))  # type: ignore[arg-type]
    return Interval(x / (1 - tolerance), (1 - tolerance) * x)  # type: ignore[arg-type]


def common_point(a: Interval, b: Interval) -> Optional[Fraction]:
    """A point of both intervals, given that ``a`` is bounded."""
    lows = [(Fraction(i.low), i.low_inclusive) for i in (a, b) if i.low is not None]
    highs = [(Fraction(i.high), i.high_inclusive) for i in (a, b) if i.high is not None]
    low, high = max(end for end, _ in lows), min(end for end, _ in highs)
    if low < high:
        return (low + high) / 2
    closed = all(is_closed for end, is_closed in lows + highs if end == low)
    return low if low == high and closed else None


def bounds_reference(interval: Interval, allowed: Interval) -> Optional[Fraction]:
    found = relation_reference([interval], "==", allowed)
    return None if found is None else found[1]


# ---------------------------------------------------------------- strategies

HALVES = st.integers(-6, 12).map(lambda k: Fraction(k, 2))
TOLERANCES = st.sampled_from(["0", "0.1", "0.15", "0.2", "0.25", "0.5", "0.75"])
DAYS = [FIRST_DAY + timedelta(days=k) for k in range(6)]


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """A non-empty interval with half-integer or missing ends."""
    low = None if draw(st.integers(0, 4)) == 0 else draw(HALVES)
    high = None if draw(st.integers(0, 4)) == 0 else draw(HALVES)
    if low is not None and high is not None and low > high:
        low, high = high, low
    low_closed, high_closed = draw(st.booleans()), draw(st.booleans())
    if low is not None and low == high:
        low_closed = high_closed = True
    return Interval(_float(low), _float(high), low_closed, high_closed)


@st.composite
def intervals_around(draw: st.DrawFn, value: Fraction) -> Interval:
    """A random interval with half-integer or missing ends that contains ``value``."""
    shapes = st.sampled_from(("none", "at", "beyond"))
    low_shape, high_shape = draw(shapes), draw(shapes)
    low = {"none": None, "at": value, "beyond": value - Fraction(draw(st.integers(1, 4)), 2)}[low_shape]
    high = {"none": None, "at": value, "beyond": value + Fraction(draw(st.integers(1, 4)), 2)}[high_shape]
    low_closed = low_shape == "at" or draw(st.booleans())
    high_closed = high_shape == "at" or draw(st.booleans())
    interval = Interval(_float(low), _float(high), low_closed, high_closed)
    assert contains(interval, value)
    return interval


def _float(x: Optional[Fraction]) -> Optional[float]:
    return None if x is None else float(x)  # exact for halves


@st.composite
def dated_claims(draw: st.DrawFn, days: int, max_claims: int = 6) -> list[Claim]:
    count = draw(st.integers(1, max_claims))
    return [make_claim(draw(intervals()), i, day=draw(st.sampled_from(DAYS[:days]))) for i in range(count)]


# ---------------------------------------------------------------- bounds properties


@st.composite
def bounds_checks(draw: st.DrawFn) -> Bounds:
    low = None if draw(st.booleans()) else draw(HALVES)
    high = draw(HALVES) if low is None or draw(st.booleans()) else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Bounds(min=_float(low), max=_float(high))


@PROPERTY_SETTINGS
@given(st.data())
def test_bounds_passes_when_values_lie_within(data: st.DataObject) -> None:
    check = data.draw(bounds_checks())
    allowed = check.range
    values = [clamped(value, allowed) for value in data.draw(st.lists(HALVES, min_size=1, max_size=5))]
    claims = [make_claim(data.draw(intervals_around(value)), i) for i, value in enumerate(values)]
    assert check.evaluate(single_group(claims)).violations == ()


def clamped(value: Fraction, allowed: Interval) -> Fraction:
    if allowed.low is not None:
        value = max(value, Fraction(allowed.low))
    if allowed.high is not None:
        value = min(value, Fraction(allowed.high))
    return value


@PROPERTY_SETTINGS
@given(bounds_checks(), st.lists(intervals(), min_size=1, max_size=6))
def test_bounds_reports_exactly_the_claims_without_an_allowed_value(check: Bounds, drawn: list[Interval]) -> None:
    claims = [make_claim(interval, i) for i, interval in enumerate(drawn)]
    result = check.evaluate(single_group(claims))

    assert result.comparisons == len(claims)
    reported = [violation.claims for violation in result.violations]
    assert all(len(violating) == 1 for violating in reported)
    witnesses = {i: bounds_reference(claim.interval, check.range) for i, claim in enumerate(claims)}
    assert [index_of(violating[0], claims) for violating in reported] == \
        [i for i, witness in witnesses.items() if witness is None]
    for i, witness in witnesses.items():
        if witness is not None:
            assert contains(claims[i].interval, witness) and contains(check.range, witness)


# ---------------------------------------------------------------- trend properties


@st.composite
def trend_following_values(draw: st.DrawFn) -> tuple[str, list[Claim]]:
    """Claims whose intervals contain values that follow a direction, in shuffled order."""
    direction = draw(st.sampled_from(DIRECTIONS))
    descending = direction in ("decreasing", "non-increasing")
    strict = direction in ("increasing", "decreasing")
    values = sorted(draw(st.lists(HALVES, min_size=1, max_size=6)), reverse=descending)
    day, placed = 0, []
    for position, value in enumerate(values):
        # a later date needs a strictly better value for strict directions
        may_advance = position > 0 and (not strict or value != values[position - 1])
        if may_advance and draw(st.booleans()):
            day += 1
        placed.append((value, DAYS[day]))
    placed = draw(st.permutations(placed))
    claims = [make_claim(draw(intervals_around(value)), i, day=day_)
              for i, (value, day_) in enumerate(placed)]
    return direction, claims


@PROPERTY_SETTINGS
@given(trend_following_values())
def test_trend_passes_when_values_follow_the_direction(drawn: tuple[str, list[Claim]]) -> None:
    direction, claims = drawn
    result = Trend(direction).evaluate(single_group(claims))
    assert result.violations == ()
    assert result.comparisons == len(cross_date_pairs(claims))
    witness = trend_reference(claims, direction)  # the reference must find what we started from
    assert witness is not None and satisfies_trend(claims, witness, direction)


@PROPERTY_SETTINGS
@given(st.sampled_from(DIRECTIONS), dated_claims(days=3))
def test_trend_pairwise_verdict_matches_global_feasibility(direction: str, claims: list[Claim]) -> None:
    result = Trend(direction).evaluate(single_group(claims))
    witness = trend_reference(claims, direction)

    assert (result.violations == ()) == (witness is not None)
    if witness is not None:
        assert satisfies_trend(claims, witness, direction)
    assert result.comparisons == len(cross_date_pairs(claims))


@PROPERTY_SETTINGS
@given(st.sampled_from(DIRECTIONS), dated_claims(days=3))
def test_trend_reports_each_conflicting_later_claim_once_with_an_infeasible_pair(
        direction: str, claims: list[Claim]) -> None:
    result = Trend(direction).evaluate(single_group(claims))

    def conflicts(i: int, j: int) -> bool:
        return trend_reference([claims[i], claims[j]], direction) is None

    for violation in result.violations:
        earlier, later = violation.claims
        assert earlier.as_of < later.as_of
        assert trend_reference([earlier, later], direction) is None
    reported_later = [index_of(violation.claims[1], claims) for violation in result.violations]
    conflicting_later = {j for i, j in cross_date_pairs(claims) if conflicts(i, j)}
    assert sorted(reported_later) == sorted(conflicting_later)


# ---------------------------------------------------------------- relation properties


def relation_groups(sentences: Sequence[Sequence[tuple[str, Interval]]]) -> tuple[list[Claim], list[Claim]]:
    """Left and right claims of one document, one list of (role, interval) per sentence."""
    lefts, rights = [], []
    for number, members in enumerate(sentences):
        for position, (role, interval) in enumerate(members):
            claim = make_claim(interval, position, document="000_doc.txt", sentence_start=1000 * number)
            (lefts if role == "left" else rights).append(claim)
    return lefts, rights


@st.composite
def relation_following_values(draw: st.DrawFn) -> tuple[str, list[list[tuple[str, Interval]]]]:
    """Sentences whose left values all stand in ``op`` to all right values of the sentence."""
    op = draw(st.sampled_from(tuple(OPERATIONS)))
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        pivot = draw(HALVES)
        roles = draw(st.permutations(["left"] * draw(st.integers(1, 3)) + ["right"] * draw(st.integers(1, 2))))
        sentences.append([(role, draw(intervals_around(related_value(draw, op, pivot, role)))) for role in roles])
    return op, sentences


def related_value(draw: st.DrawFn, op: str, pivot: Fraction, role: str) -> Fraction:
    """Left values sit on one side of the pivot, right values on the other, as ``op`` needs."""
    if op == "==":
        return pivot
    left_below = op in ("<", "<=")
    gap = Fraction(draw(st.integers(0, 3)), 2)
    if role == "left" and op in ("<", ">"):
        gap += Fraction(1, 2)  # strict: left values never sit on the pivot
    below = left_below if role == "left" else not left_below
    return pivot - gap if below else pivot + gap


@PROPERTY_SETTINGS
@given(relation_following_values())
def test_relation_passes_when_values_relate(drawn: tuple[str, list[list[tuple[str, Interval]]]]) -> None:
    op, sentences = drawn
    lefts, rights = relation_groups(sentences)
    result = Relation("left", op, "right").evaluate({"left": lefts, "right": rights})
    assert result.violations == ()
    assert result.comparisons == len(lefts)


@st.composite
def relation_stars(draw: st.DrawFn) -> list[list[tuple[str, Interval]]]:
    """Sentences with one right claim and some left claims each, plus at most one without a right claim."""
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        members = [("left", draw(intervals())) for _ in range(draw(st.integers(1, 3)))]
        members.insert(draw(st.integers(0, len(members))), ("right", draw(intervals())))
        sentences.append(members)
    if draw(st.booleans()):
        sentences.append([("left", draw(intervals()))])
    return sentences


@PROPERTY_SETTINGS
@given(st.sampled_from(tuple(OPERATIONS)), relation_stars())
def test_relation_verdict_matches_feasibility(op: str, sentences: list[list[tuple[str, Interval]]]) -> None:
    lefts, rights = relation_groups(sentences)
    result = Relation("left", op, "right").evaluate({"left": lefts, "right": rights})

    stars = [([interval for role, interval in members if role == "left"],
              next(interval for role, interval in members if role == "right"))
             for members in sentences if any(role == "right" for role, _ in members)]
    assert result.comparisons == sum(len(star_lefts) for star_lefts, _ in stars)
    pair_witnesses = [relation_reference([left], op, right) for star_lefts, right in stars for left in star_lefts]
    assert len(result.violations) == sum(witness is None for witness in pair_witnesses)
    if op != "==" and not result.violations:
        # one-sided comparisons: feasible pairs make a feasible sentence
        for star_lefts, right in stars:
            witness = relation_reference(star_lefts, op, right)
            assert witness is not None and satisfies_relation(star_lefts, op, right, *witness)
    for violation in result.violations:
        left, right = violation.claims
        assert relation_reference([left.interval], op, right.interval) is None


@PROPERTY_SETTINGS
@given(st.sampled_from(tuple(OPERATIONS)), intervals(), intervals())
def test_relation_pair_witness_exists_when_a_pair_passes(op: str, left: Interval, right: Interval) -> None:
    lefts, rights = relation_groups([[("left", left), ("right", right)]])
    result = Relation("left", op, "right").evaluate({"left": lefts, "right": rights})
    witness = relation_reference([left], op, right)
    assert (result.violations == ()) == (witness is not None)
    if witness is not None:
        assert satisfies_relation([left], op, right, *witness)


# ---------------------------------------------------------------- agreement properties


def window_pairs(claims: Sequence[Claim], within_days: int) -> list[tuple[int, int]]:
    return [(i, j) for i, j in combinations(range(len(claims)), 2)
            if abs((claims[i].as_of - claims[j].as_of).days) <= within_days]


def reported_pairs(result: CheckResult, claims: Sequence[Claim]) -> set[frozenset[int]]:
    return {frozenset(index_of(claim, claims) for claim in violation.claims) for violation in result.violations}


@PROPERTY_SETTINGS
@given(st.data(), TOLERANCES, st.integers(0, 2))
def test_agreement_reports_only_pairs_whose_values_cannot_agree(
        data: st.DataObject, tolerance_text: str, within_days: int) -> None:
    values = data.draw(st.lists(HALVES, min_size=1, max_size=6))
    claims = [make_claim(data.draw(intervals_around(value)), i, day=data.draw(st.sampled_from(DAYS[:4])))
              for i, value in enumerate(values)]
    tolerance = Fraction(tolerance_text)
    result = Agreement(within_days, float(tolerance_text)).evaluate(single_group(claims))

    disagreeing = {frozenset((i, j)) for i, j in window_pairs(claims, within_days)
                   if not agree(values[i], values[j], tolerance)}
    assert reported_pairs(result, claims) <= disagreeing
    assert result.comparisons == len(window_pairs(claims, within_days))


@PROPERTY_SETTINGS
@given(st.data(), st.sampled_from(["0", "0.25", "0.5", "0.75"]), HALVES.filter(bool))
def test_agreement_passes_with_values_exactly_the_tolerance_apart(
        data: st.DataObject, tolerance_text: str, base: Fraction) -> None:
    tolerance = Fraction(tolerance_text)
    # base and base * (1 - tolerance) agree exactly at the limit; 1 - tolerance is dyadic, so floats are exact
    values = data.draw(st.lists(st.sampled_from([base, base * (1 - tolerance)]), min_size=2, max_size=5))
    claims = [make_claim(data.draw(intervals_around(value)), i, day=FIRST_DAY) for i, value in enumerate(values)]
    result = Agreement(0, float(tolerance_text)).evaluate(single_group(claims))
    assert result.violations == ()
    assert result.comparisons == len(claims) * (len(claims) - 1) // 2


@PROPERTY_SETTINGS
@given(TOLERANCES, st.integers(0, 2), dated_claims(days=4))
def test_agreement_names_exactly_the_claims_in_pairs_that_cannot_agree(
        tolerance_text: str, within_days: int, claims: list[Claim]) -> None:
    tolerance = Fraction(tolerance_text)
    result = Agreement(within_days, float(tolerance_text)).evaluate(single_group(claims))

    infeasible = set()
    for i, j in window_pairs(claims, within_days):
        witness = agreement_reference(claims[i].interval, claims[j].interval, tolerance)
        if witness is None:
            infeasible.add(frozenset((i, j)))
        else:
            x, y = witness
            assert contains(claims[i].interval, x) and contains(claims[j].interval, y)
            assert agree(x, y, tolerance)
    # each claim in an infeasible pair is named, with one partner (test_fast_checks checks which one)
    assert reported_pairs(result, claims) <= infeasible
    assert set().union(*reported_pairs(result, claims)) == set().union(*infeasible)
    # and every infeasible pair is counted, listed or not
    assert len(result.violations) + result.unlisted == len(infeasible)
    assert result.comparisons == len(window_pairs(claims, within_days))


# ---------------------------------------------------------------- edge cases outside the properties


def test_trend_notes_and_skips_undated_claims() -> None:
    claims = [make_claim(Interval.point(5), 0, day=DAYS[0]), make_claim(Interval.point(1), 1),
              make_claim(Interval.point(3), 2), make_claim(Interval.point(4), 3, day=DAYS[1])]
    result = Trend("increasing").evaluate(single_group(claims))
    assert result.comparisons == 1
    assert [violation.claims for violation in result.violations] == [(claims[0], claims[3])]
    assert result.notes == ("2 claims without a date skipped",)


def test_trend_and_agreement_fail_on_an_empty_interval() -> None:
    empty = Interval(5, 5, False, True)
    # 6 would be above 5 and within 50% of it, were (5, 5] not empty
    claims = [make_claim(empty, 0, day=DAYS[0]), make_claim(Interval.point(6), 1, day=DAYS[0]),
              make_claim(Interval.point(6), 2, day=DAYS[1])]
    assert len(Trend("non-decreasing").evaluate(single_group(claims)).violations) == 1
    agreement = Agreement(within_days=1, tolerance=0.5).evaluate(single_group(claims))
    assert [violation.constraint.endswith("cannot agree: one has an empty range")
            for violation in agreement.violations] == [True, True]


def test_relation_never_pairs_a_claim_with_itself_even_when_equal_copies_exist() -> None:
    claim = make_claim(Interval.point(5), 0)
    twin = make_claim(Interval.point(5), 0)  # same path and span: the same quantity
    result = Relation("a", "<", "b").evaluate({"left": [claim], "right": [twin]})
    assert result.comparisons == 0
    assert result.notes == ("1 left claim had no right claim in the same sentence",)


def test_agreement_percent_shows_enough_decimals_to_differ_from_the_tolerance() -> None:
    claims = [make_claim(Interval.point(1000), 0, day=DAYS[0]), make_claim(Interval.point(849), 1, day=DAYS[0])]
    (violation,) = Agreement(tolerance=0.15).evaluate(single_group(claims)).violations
    assert violation.constraint.endswith("differ by 15.1% > tolerance 15%")
