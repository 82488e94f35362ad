"""``check: expression``: named claims satisfy a condition the editor writes.

An editor names the claims a rule is about and writes what must hold
between them, in the small language of :mod:`pytest_claims.language.expressions`::

    claims:
      children: {counts: [children], near: [killed]}
      killed: {counts: [people, civilians], near: [killed]}
    expression: children <= killed

``together`` says which claims are put side by side: those of one sentence
(the default: each claim of the expression's first name with the nearest
claim of every other name in its sentence), of one document, or of one day
(as-of dates at most ``within_days`` apart; every combination). A
combination contradicts the expression only when no values inside its
claims' intervals satisfy a comparison (see ``expressions.failing``).

Documents and days hold many more combinations than claims. When each name
appears once in a comparison and moving one claim's interval moves a side
one way (sums and differences always; products and quotients when each
factor and divisor keeps one sign over the claims and no divisor can be 0),
the combinations are judged by the extremes of each window
(:mod:`~pytest_claims.checks.extremes`). Otherwise they are compared one by
one, at most :data:`~pytest_claims.checks.claimsets.MAX_COMBINATIONS` of
them: more is an error that says how to have fewer, never a pass.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, ClassVar, Mapping, Optional, Sequence

from ..language.expressions import BinOp, Comparison, Condition, ExpressionError, Name, Negate, Node, \
    can_hold, enclosure, failing, holds_at, node_text, parse, zero_divisor
from ..language.selectors import Selector
from ..prose.words import plural
from ..records.intervals import End, Ends
from ..records.model import Claim, Violation
from .base import Assignment, Check, CheckResult, CombinationLimitError, ParameterError, Satisfying, SearchSpace
from .claimsets import MAX_COMBINATIONS, by_sentence, combinations_within_days, count_combinations, dated_claims, \
    nearest_claim, undated_note, when_text
from .extremes import Direction, Found, Test, Window, by_document, day_windows, exhaustive_failures, hull, \
    in_window, listed, separation, tightest_failures
from .params import Choice, ExpressionText, NamedClaims, parameter, require_choice, require_days, within_days_parameter
from .phrases import claim_interval, is_share

SCOPES = ("sentence", "document", "day")


@dataclass(frozen=True)
class Expression(Check):
    """Named claims satisfy a condition: ``children <= killed``, ``captured + held <= 100%``."""

    name: ClassVar[str] = "expression"
    listing: ClassVar[str] = "the {listed} whose sides lie furthest apart"

    claims: Mapping[str, Selector] = parameter(NamedClaims(
        "the claims the expression talks about, each named (letters, digits, '_') with its own selector, "
        "combined with the rule's select",
        example={"children": {"counts": ["children"]}, "killed": {"counts": ["people", "civilians"]}},
        min_names=1))
    expression: str = parameter(ExpressionText(
        "what must hold between the named claims: + - * / ( ), numbers (\"1,000\", \"85%\"), comparisons < <= "
        "== != >= >, several joined with 'and'; shares count as fractions (100% = 1)",
        example="children <= killed", names="claims"))
    together: str = parameter(Choice(
        "which claims are compared together: those of one sentence (nearest to each other), one document, or "
        "one day (every combination)", example="sentence", options=SCOPES), default="sentence")
    within_days: int = within_days_parameter(
        "with together: day, claims whose dates are at most this many days apart count as one day", example=0)

    def __post_init__(self) -> None:
        require_choice("together", self.together, SCOPES)
        if not isinstance(self.claims, Mapping) or not self.claims:
            raise ValueError("claims needs at least one named claim, e.g. children: {counts: [children]}")
        if not isinstance(self.expression, str):
            raise ValueError(f"expression must be text, got {self.expression!r}")
        condition = parse(self.expression, refuse_zero_divisors=True)  # ExpressionError is a ValueError
        object.__setattr__(self, "_condition", condition)
        _check_names(condition, list(self.claims))
        require_days(self.within_days)
        if self.within_days and self.together != "day":
            raise ValueError("within_days only applies with together: day")

    @property
    def condition(self) -> Condition:
        condition: Condition = getattr(self, "_condition")
        return condition

    @property
    def needs_dates(self) -> bool:
        return self.together == "day"

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return dict(self.claims)

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        names = self.condition.names
        if self.together == "sentence":
            return self._in_sentences(names, groups)
        if self.together == "document":
            lists, windows = by_document([groups[name] for name in names])
            count = sum(count_combinations(in_window(lists, window), None) for window in windows)
            notes: tuple[str, ...] = ()
        else:
            lists = [dated_claims(groups[name]) for name in names]
            windows = day_windows(lists, self.within_days)
            count = count_combinations(lists, self.within_days)
            notes = undated_note([claim for name in names for claim in groups[name]])
        shown, counted, unlisted = listed(self._failures(names, lists, windows, count))
        violations = tuple(Violation(item.claims, self._constraint(self.condition.comparisons[item.label].text,
                                                                   names, item.claims))
                           for item in shown)
        return CheckResult(violations, count, notes + counted, unlisted)

    def spread(self, violation: Violation) -> Optional[float]:
        values = {name: Ends.of(claim.interval) for name, claim in zip(self.condition.names, violation.claims)}
        broken = [comparison for comparison in self.condition.comparisons
                  if violation.constraint.startswith(f"{comparison.text} cannot hold: ")]
        return max((float(separation(enclosure(comparison.left, values), enclosure(comparison.right, values)))
                    for comparison in broken), default=None)

    def _in_sentences(self, names: Sequence[str], groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        choices, unpaired = _nearest_in_sentence(names, groups)
        notes: tuple[str, ...] = ()
        if unpaired:
            notes += (f"{plural(unpaired, names[0] + ' claim')} had no "
                      f"{' / '.join(names[1:])} claim in the same sentence",)
        self._require_nonzero_divisors(names, choices)
        violations = []
        for choice in choices:
            values = {name: Ends.of(claim.interval) for name, claim in zip(names, choice)}
            for comparison in failing(self.condition, values):
                violations.append(Violation(choice, self._constraint(comparison.text, names, choice)))
        return CheckResult(tuple(violations), len(choices), notes)

    def _failures(self, names: Sequence[str], lists: Sequence[Sequence[Claim]], windows: Sequence[Window],
                  count: int) -> list[Found]:
        """The failing combinations, each claim's tightest: by window extremes, else one by one."""
        try:
            return tightest_failures(lists, windows, monotone_tests(self.condition, names, lists))
        except NotMonotone as reason:
            if count > MAX_COMBINATIONS:
                raise CombinationLimitError(self._too_many(count, str(reason))) from None
        if self.together == "document":
            choices = [choice for window in windows
                       for choice in combinations_within_days(in_window(lists, window), None)]
        else:
            choices = combinations_within_days(lists, self.within_days)
        self._require_nonzero_divisors(names, choices)

        def judge(ends: Sequence[Ends]) -> list[tuple[int, End]]:
            values = dict(zip(names, ends))
            return [(label, separation(enclosure(comparison.left, values), enclosure(comparison.right, values)))
                    for label, comparison in enumerate(self.condition.comparisons)
                    if not can_hold(comparison, values)]

        return exhaustive_failures(lists, choices, judge)

    def _require_nonzero_divisors(self, names: Sequence[str], choices: Sequence[Sequence[Claim]]) -> None:
        """DivisorCanBeZero when a divisor can be 0 for some combination: its comparison would hold whatever
        the values (see :func:`~pytest_claims.language.expressions.zero_divisor`)."""
        if "/" not in self.expression:
            return
        first: Optional[tuple[Comparison, Node, Sequence[Claim]]] = None
        count = 0
        for choice in choices:
            values = {name: Ends.of(claim.interval) for name, claim in zip(names, choice)}
            found = next(((comparison, divisor) for comparison in self.condition.comparisons
                          if (divisor := zero_divisor(comparison, values)) is not None), None)
            if found is not None:
                count += 1
                first = first or (*found, choice)
        if first is None:
            return
        comparison, divisor, choice = first
        used = _names(divisor)
        claims = "; ".join(f'{name} = "{claim.quantity.written}" {claim_interval(claim, is_share(claim))} at '
                           f"{claim.document}:{claim.line}"
                           for name, claim in zip(names, choice) if name in used)
        others = f" (and {plural(count - 1, 'other combination')} of claims)" if count > 1 else ""
        raise DivisorCanBeZero(
            f"expression '{self.expression}' cannot be judged: the divisor '{node_text(divisor)}' in "
            f"'{comparison.text}' can be 0 for {claims}{others}, and a division by 0 has no value; select claims "
            f"that cannot be 0 (the named claims' selectors), or compare without dividing (for 'a / b > 2' "
            f"write 'a > 2 * b' when b is never negative)")

    def _too_many(self, count: int, reason: str) -> str:
        together = "of one document" if self.together == "document" else when_text(self.within_days)
        fewer = "lower within_days, " if self.within_days else ""
        return (f"expression '{self.expression}' would compare {count:,} combinations of claims {together} one by "
                f"one, more than the {MAX_COMBINATIONS:,} allowed: {reason}, so the combinations cannot be judged "
                f"by their most extreme claims; narrow the rule's select or the named claims' selectors, "
                f"{fewer}or compare the claims of one sentence (together: sentence)")

    def _constraint(self, text: str, names: Sequence[str], choice: Sequence[Claim]) -> str:
        values = ", ".join(f'{name} = "{claim.quantity.written}" {claim_interval(claim, is_share(claim))}'
                           for name, claim in zip(names, choice))
        return f"{text} cannot hold: {values}"

    def describe(self) -> str:
        return f"{self.expression} (claims of one {self.together})"

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        return self.condition.numbers()

    def what_must_hold(self) -> str:
        return f"'{self.expression}'"

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import assume
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        condition = self.condition
        classes = space.classes(list(condition.names))

        @st.composite
        def build(draw: Any) -> Assignment:
            value: dict[str, Fraction] = {}
            for members in classes:
                value.update(dict.fromkeys(members, draw(space.free())))
            assume(holds_at(condition, value))
            return space.assign(value)

        return build()


def _check_names(condition: Condition, named: Sequence[str]) -> None:
    for name in condition.names:
        if name not in named:
            close = difflib.get_close_matches(name, named, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ExpressionError(f"unknown name '{name}'; {hint}the named claims are: {', '.join(named)}",
                                  condition.name_column(name))
    for name in named:
        if name not in condition.names:
            raise ParameterError(f"'{name}' is named under 'claims' but the expression never uses it: use it "
                                 f"or remove it", f"claims.{name}")


def _nearest_in_sentence(names: Sequence[str], groups: Mapping[str, Sequence[Claim]]
                         ) -> tuple[list[tuple[Claim, ...]], int]:
    """Each claim of the first name with the nearest claim of every other name in its sentence."""
    sentences = {name: by_sentence(groups[name]) for name in names[1:]}
    choices: list[tuple[Claim, ...]] = []
    unpaired = 0
    for anchor in groups[names[0]]:
        choice: list[Claim] = [anchor]
        for name in names[1:]:
            candidates = [claim for claim in sentences[name].get(anchor.sentence_key, ())
                          if not any(claim.key == taken.key for taken in choice)]
            partner = nearest_claim(anchor, candidates)
            if partner is None:
                break
            choice.append(partner)
        if len(choice) == len(names):
            choices.append(tuple(choice))
        else:
            unpaired += 1
    return choices, unpaired


# ---------------------------------------------------------------- judging by window extremes


class DivisorCanBeZero(CombinationLimitError):
    """A divisor of the expression can be 0 for the claims: a comparison that cannot be judged.

    Never a pass: derived from CombinationLimitError, it becomes the rule's
    error as that does, with a message naming the expression and the claims.
    """


class NotMonotone(Exception):
    """Why a condition's combinations cannot be judged by the extremes of their claims."""


def monotone_tests(condition: Condition, names: Sequence[str], lists: Sequence[Sequence[Claim]]) -> list[Test]:
    """The condition's comparisons as tests by window extremes over ``lists`` (one per name); NotMonotone when
    a comparison is not monotone in each name's claims.

    Each side's low and high end are then fixed ends of its names' intervals,
    each moving the side one way, and the signs that decide which end (of
    factors and divisors) are read off the hull of all claims of each name,
    which holds every window's claims.
    """
    hulls = {name: hull(claims) for name, claims in zip(names, lists)}
    tests = []
    for label, comparison in enumerate(condition.comparisons):
        if comparison.op == "!=":
            raise NotMonotone(f"'{comparison.text}' compares with '!='")
        used = _names(comparison.left) + _names(comparison.right)
        repeated = next((name for name in used if used.count(name) > 1), None)
        if repeated is not None:
            raise NotMonotone(f"'{repeated}' appears more than once in '{comparison.text}'")
        ends = _Ends(hulls, comparison.text)
        above = {**ends.of(comparison.left, "lo"), **_flip(ends.of(comparison.right, "hi"))}
        below = {**_flip(ends.of(comparison.left, "hi")), **ends.of(comparison.right, "lo")}
        tests.append(Test(label, comparison.op, _sides(comparison, names),
                          tuple(above.get(name) for name in names), tuple(below.get(name) for name in names)))
    return tests


def _sides(comparison: Comparison, names: Sequence[str]) -> Callable[[Sequence[Ends]], tuple[Ends, Ends]]:
    def sides(ends: Sequence[Ends]) -> tuple[Ends, Ends]:
        values = dict(zip(names, ends))
        return enclosure(comparison.left, values), enclosure(comparison.right, values)
    return sides


class _Ends:
    """Which end of which name's intervals a side's low or high end is, and which way it moves it."""

    def __init__(self, hulls: Mapping[str, Ends], text: str) -> None:
        self.hulls, self.text = hulls, text

    def of(self, node: Node, end: str) -> dict[str, Direction]:
        if isinstance(node, Name):
            return {node.name: (end, 1)}
        if isinstance(node, Negate):
            return _flip(self.of(node.operand, _other(end)))
        if not isinstance(node, BinOp):  # a number
            return {}
        if node.op == "+":
            return {**self.of(node.left, end), **self.of(node.right, end)}
        if node.op == "-":
            return {**self.of(node.left, end), **_flip(self.of(node.right, _other(end)))}
        # x * y and x / y = x * (1 / y), each factor of one sign: each end of the product is one corner,
        # moving with x as y's sign says and with y as x's sign says
        if node.op == "/":
            divisor = enclosure(node.right, self.hulls)
            if divisor.contains(Fraction(0)):
                raise NotMonotone(f"a divisor in '{self.text}' can be 0")
            right_sign = 1 if divisor.is_empty() or divisor.lo >= 0 else -1
        else:
            right_sign = self.sign(node.right) if _names(node.left) else 1
        left_sign = self.sign(node.left) if _names(node.right) else 1
        right_end = end if left_sign > 0 else _other(end)
        # 1 / y falls as y grows: its low end is 1 / y's high end
        right = _flip(self.of(node.right, _other(right_end))) if node.op == "/" else self.of(node.right, right_end)
        return {**_scaled(self.of(node.left, end if right_sign > 0 else _other(end)), right_sign),
                **_scaled(right, left_sign)}

    def sign(self, node: Node) -> int:
        values = enclosure(node, self.hulls)
        if values.is_empty() or values.lo >= 0:
            return 1
        if values.hi <= 0:
            return -1
        raise NotMonotone(f"a factor in '{self.text}' takes values of both signs among the claims")


def _names(node: Node) -> list[str]:
    """The names in ``node``, each time it appears."""
    if isinstance(node, Name):
        return [node.name]
    if isinstance(node, Negate):
        return _names(node.operand)
    if isinstance(node, BinOp):
        return _names(node.left) + _names(node.right)
    return []


def _other(end: str) -> str:
    return "hi" if end == "lo" else "lo"


def _flip(directions: Mapping[str, Direction]) -> dict[str, Direction]:
    return _scaled(directions, -1)


def _scaled(directions: Mapping[str, Direction], sign: int) -> dict[str, Direction]:
    return {name: (end, way * sign) for name, (end, way) in directions.items()}
