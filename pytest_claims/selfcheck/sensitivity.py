"""Sensitivity of a rule on the claims it selects: can it fail, and does it hold when satisfied?

A rule that cannot fail on its claims is *vacuous* (``bounds`` with only
``min: 0`` on counts tests nothing); a check that reports a contradiction on
values that satisfy its constraint is *unsound*. :func:`analyse_rule` finds
out with Hypothesis, on perturbed copies of the rule's selected claims: each
keeps its document, sentence, dates and source and gets a single point value
(converted back to its quantity's own scale, so a percent stays a percent),
and the check runs on them through :func:`pytest_claims.engine.evaluate.evaluate_groups`.

1. *Outside the constraint*: every claim takes a free value in [0, 3 M], M
   being the largest finite magnitude among the claims' interval ends, their
   written totals and the check's numbers (at least 1), mixed with a
   satisfying assignment with one claim pushed to 0 or 3 M. No failure in
   ``max_examples`` tries: ``vacuous``.
2. *Within the constraint*: assignments that satisfy the check by
   construction, built by each check kind (``Check.satisfying``). Any
   failure: ``unsound``. No satisfying assignment found (an ``expression``
   nothing satisfies): ``unsatisfiable``.

Values are exact fractions (64ths, and the numbers the rule and claims
mention); a satisfying assignment whose float round trip is not exact is
skipped, so float noise cannot pass for unsoundness. Searches are
derandomized, never timed, and evaluate the check at most ``max_examples``
times each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Callable, Mapping, Optional, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy

from ..checks import Check, CheckResult
from ..checks.base import Assignment
from ..engine.evaluate import evaluate_groups, select_groups
from ..prose.words import plural
from ..records.intervals import Ends, exact, format_number
from ..records.model import Claim
from ..rulefile.rule import Rule
from .outcomes import OK, UNSATISFIABLE, UNSOUND, VACUOUS, SensitivityReport

# ---------------------------------------------------------------- the search space


@dataclass(frozen=True)
class Space:
    """The selected claims, which groups hold them, and the values they may take."""

    claims: tuple[Claim, ...]  # each selected quantity once, first-seen order
    groups: Mapping[str, tuple[int, ...]]  # check group -> indices into claims, in the group's order
    top: Fraction  # 3 * M
    specials: tuple[Fraction, ...]  # numbers the claims and the check mention
    denominator: int  # grid step 1/denominator

    def values(self, lo: Fraction, hi: Fraction) -> SearchStrategy[Fraction]:
        """Grid values in [lo, hi], the ends and the special numbers between them."""
        picks = sorted({lo, hi, *(x for x in self.specials if lo <= x <= hi)})
        first, last = math.ceil(lo * self.denominator), math.floor(hi * self.denominator)
        grid = st.integers(first, last).map(lambda k: Fraction(k, self.denominator))
        return st.one_of(grid, st.sampled_from(picks)) if first <= last else st.sampled_from(picks)

    def free(self) -> SearchStrategy[Fraction]:
        return self.values(Fraction(0), self.top)

    def assign(self, by_group: Mapping[str, Fraction]) -> Assignment:
        """Each claim the value of the first of its groups that ``by_group`` names."""
        value: dict[int, Fraction] = {}
        for group, indices in self.groups.items():
            if group in by_group:
                for i in indices:
                    value.setdefault(i, by_group[group])
        return tuple(value[i] for i in range(len(self.claims)))

    def classes(self, names: Sequence[str]) -> list[list[str]]:
        """Names whose groups share a claim, joined: they must take one value."""
        classes: list[list[str]] = []
        for name in names:
            members = set(self.groups[name])
            joined = [c for c in classes if any(members & set(self.groups[other]) for other in c)]
            classes = [c for c in classes if c not in joined] + [[n for c in joined for n in c] + [name]]
        return classes


def _space(check: Check, groups: Mapping[str, Sequence[Claim]]) -> Space:
    index: dict[tuple[str, tuple[int, int]], int] = {}
    claims: list[Claim] = []
    for members in groups.values():
        for claim in members:
            if claim.key not in index:
                index[claim.key] = len(claims)
                claims.append(claim)
    numbers = [x for claim in claims for x in (claim.interval.low, claim.interval.high, claim.quantity.total)
               if x is not None and math.isfinite(x)]
    mentioned = {exact(x) for x in numbers} | set(check.mentioned_numbers())
    top = 3 * max([Fraction(1), *(abs(x) for x in mentioned)])
    return Space(tuple(claims), {group: tuple(index[claim.key] for claim in members)
                                 for group, members in groups.items()},
                 top, tuple(sorted(mentioned | {Fraction(0), Fraction(1), top})),
                 64 if top * 64 < 10 ** 13 else 1)


# ---------------------------------------------------------------- perturbing satisfying values


def _pushed(satisfying: SearchStrategy[Assignment], space: Space) -> SearchStrategy[Assignment]:
    """A satisfying assignment with one claim moved to the bottom or the top of the domain."""

    @st.composite
    def build(draw: Any) -> Assignment:
        values = list(draw(satisfying))
        i = draw(st.integers(0, len(values) - 1))
        far = draw(st.sampled_from((space.top, Fraction(0))))
        values[i] = far if values[i] != far else space.top - far
        return tuple(values)

    return build()


# ---------------------------------------------------------------- evaluating perturbations


def perturbed(claim: Claim, value: Fraction) -> Claim:
    """``claim`` with the single value ``value`` (comparison scale), on its quantity's own scale."""
    own = float(value / exact(claim.quantity.scale))
    return replace(claim, quantity=replace(claim.quantity, value=own, low=own, high=own, qualifier=None,
                                           low_inclusive=True, high_inclusive=True))


def _run(check: Check, space: Space, values: Assignment) -> tuple[CheckResult, Assignment]:
    """The check on the perturbed claims, and the values it saw (comparison scale)."""
    claims = [perturbed(claim, value) for claim, value in zip(space.claims, values)]
    groups = {group: tuple(claims[i] for i in indices) for group, indices in space.groups.items()}
    seen = tuple(exact(claim.quantity.normalized.low) for claim in claims)  # type: ignore[arg-type]
    return evaluate_groups(check, groups), seen


class _Found(Exception):
    """Ends a search at its first finding."""


def _search(strategy: SearchStrategy[Assignment], visit: Callable[[Assignment], Any],
            max_examples: int) -> tuple[Any, int]:
    """The first non-None ``visit`` result over derandomized draws, and how many visits finished."""
    found: list[Any] = []
    visits = 0

    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate,), verbosity=Verbosity.quiet,
              report_multiple_bugs=False)
    @given(strategy)
    def run(values: Assignment) -> None:
        nonlocal visits
        if found:  # Hypothesis replays the finding: do not evaluate it twice
            raise _Found
        if visits >= max_examples:
            return
        outcome = visit(values)  # may reject the draw with assume()
        visits += 1
        if outcome is not None:
            found.append(outcome)
            raise _Found

    try:
        run()
    except (_Found, Unsatisfiable):
        pass
    return (found[0] if found else None), visits


def _distance(claim: Claim, value: Fraction) -> Fraction:
    """How far ``value`` lies outside the claim's interval."""
    ends = Ends.of(claim.interval)
    return Fraction(max(ends.lo - value, value - ends.hi, 0)) if not ends.is_empty() else Fraction(0)


def analyse_rule(rule: Rule, claims: Sequence[Claim], *, max_examples: int = 200) -> SensitivityReport:
    """Whether ``rule`` can fail on the claims it selects, and holds on values that satisfy it.

    RuleError (from :func:`pytest_claims.engine.evaluate.select_groups`) when the rule selects nothing.
    """
    check = rule.check
    space = _space(check, select_groups(rule, claims))
    satisfying = check.satisfying(space)
    widest: dict[str, Any] = {"distance": Fraction(-1), "values": (), "comparisons": 0, "notes": ()}

    def outside(values: Assignment) -> Optional[Assignment]:
        result, seen = _run(check, space, values)
        distance = sum((_distance(c, v) for c, v in zip(space.claims, seen)), Fraction(0))
        if distance > widest["distance"]:
            widest.update(distance=distance, values=seen)
        widest["comparisons"] = max(widest["comparisons"], result.comparisons)
        widest["notes"] = widest["notes"] or result.notes
        return seen if result.violations else None

    def within(values: Assignment) -> Optional[tuple[Assignment, str]]:
        result, seen = _run(check, space, values)
        assume(seen == values)  # float round trip not exact: not a fair test
        return (seen, result.violations[0].constraint) if result.violations else None

    free = st.tuples(*(space.free() for _ in space.claims))
    mixed = free if isinstance(satisfying, str) else st.one_of(free, _pushed(satisfying, space))
    failure, tried = _search(mixed, outside, max_examples)
    unsound, held = (None, 0) if isinstance(satisfying, str) else _search(satisfying, within, max_examples)
    tried += held
    selected = plural(len(space.claims), "selected claim")
    skipped = f"; the search within its constraint was skipped: {satisfying}" if isinstance(satisfying, str) else ""

    def report(status: str, message: str, example: Assignment = ()) -> SensitivityReport:
        return SensitivityReport(rule.name, status, message,
                                 tuple((c, float(v)) for c, v in zip(space.claims, example)), tried)

    if not isinstance(satisfying, str) and held == 0:
        return report(UNSATISFIABLE, f"no values in [0, {format_number(float(space.top))}] satisfy "
                                     f"{check.what_must_hold()}: "
                                     f"the rule fails whatever its {selected} say.")
    if unsound is not None:
        return report(UNSOUND, f"the check failed on values that satisfy it ({check.describe()}): "
                               f"{unsound[1]}.", unsound[0])
    if failure is None:
        return report(VACUOUS, f"no perturbation of its {selected} made it fail: the rule cannot fail on "
                               f"these claims ({_hint(check, space, widest)}){skipped}.", widest["values"])
    within_text = "" if skipped else f", and it held on all {plural(held, 'assignment')} that satisfy it"
    return report(OK, f"it can fail: moving its {selected} outside its constraint broke it within "
                      f"{plural(tried - held, 'perturbation')}{within_text}{skipped}.")


def _hint(check: Check, space: Space, widest: Mapping[str, Any]) -> str:
    if widest["comparisons"] == 0:
        notes = "; ".join(widest["notes"])
        return f"its {check.name} check compared nothing" + (f": {notes}" if notes else "")
    return check.vacuity_hint(space.claims) or f"{check.describe()}: is it true of any values such claims can take?"
