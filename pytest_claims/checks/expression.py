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
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Mapping, Optional, Sequence

from ..language.expressions import Condition, ExpressionError, failing, holds_at, parse
from ..language.selectors import Selector
from ..prose.words import plural
from ..records.intervals import Ends
from ..records.model import Claim, Violation
from .base import Assignment, Check, CheckResult, ParameterError, Satisfying, SearchSpace
from .claimsets import by_sentence, combinations_within_days, dated_claims, nearest_claim, truncated_note, \
    undated_note
from .params import Choice, ExpressionText, NamedClaims, parameter, require_choice, require_days, within_days_parameter
from .phrases import claim_interval, is_share

SCOPES = ("sentence", "document", "day")


@dataclass(frozen=True)
class Expression(Check):
    """Named claims satisfy a condition: ``children <= killed``, ``captured + held <= 100%``."""

    name: ClassVar[str] = "expression"

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
        condition = parse(self.expression)  # ExpressionError is a ValueError
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
        notes: tuple[str, ...] = ()
        if self.together == "sentence":
            choices, unpaired = _nearest_in_sentence(names, groups)
            if unpaired:
                notes += (f"{plural(unpaired, names[0] + ' claim')} had no "
                          f"{' / '.join(names[1:])} claim in the same sentence",)
        elif self.together == "document":
            choices, truncated = _per_document(names, groups)
            notes += truncated_note(truncated)
        else:
            choices, truncated = combinations_within_days([dated_claims(groups[name]) for name in names],
                                                          self.within_days)
            notes = undated_note([claim for name in names for claim in groups[name]]) + truncated_note(truncated)
        violations = []
        for choice in choices:
            values = {name: Ends.of(claim.interval) for name, claim in zip(names, choice)}
            for comparison in failing(self.condition, values):
                violations.append(Violation(choice, self._constraint(comparison.text, names, choice)))
        return CheckResult(tuple(violations), len(choices), notes)

    def _constraint(self, text: str, names: Sequence[str], choice: Sequence[Claim]) -> str:
        values = ", ".join(f'{name} = "{claim.quantity.surface}" {claim_interval(claim, is_share(claim))}'
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


def _per_document(names: Sequence[str], groups: Mapping[str, Sequence[Claim]]
                  ) -> tuple[list[tuple[Claim, ...]], bool]:
    paths: dict[str, None] = {}
    for name in names:
        for claim in groups[name]:
            paths.setdefault(claim.path)
    choices: list[tuple[Claim, ...]] = []
    truncated = False
    for path in paths:
        lists = [[claim for claim in groups[name] if claim.path == path] for name in names]
        found, cut = combinations_within_days(lists, None)
        choices.extend(found)
        truncated = truncated or cut
    return choices, truncated
