"""``check: relation``: one number against another in the same sentence."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Mapping, Optional, Sequence

from ..language.selectors import Selector
from ..prose.words import plural
from ..records.intervals import Ends, can_relate
from ..records.model import Claim, Violation
from .base import Check, CheckResult, Satisfying, SearchSpace
from .claimsets import by_sentence, nearest_claim
from .params import Choice, Claims, parameter, require_choice
from .phrases import counted, selector_text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

OPERATORS = ("<", "<=", "==", ">=", ">")


@dataclass(frozen=True)
class Relation(Check):
    """Within a sentence, a number compares with another: "300 children among 219 people".

    Each left claim is paired with the nearest right claim of its own sentence
    (same path and sentence start): one in the same clause before any other,
    then the one with the fewest words between the two numbers, then the one
    that starts first (:func:`~pytest_claims.checks.claimsets.nearness`).
    Clauses are split by ``;``, ``:``, a comma or an em dash that is not
    between two digits ("1,204" is one number), and a spaced hyphen or en
    dash (" - ", " – "); parentheses split nothing, and words are counted as
    selectors count them. In "Among the 219 people killed on Sunday were 31
    children; 12 adults died later" the 31 children pair with the 219 people
    of their clause, not with the 12 adults one word away. A claim is never
    paired with itself, and left claims without a right claim in their
    sentence are not compared. A pair conflicts when no values in the two
    intervals satisfy ``left op right`` (``==``: the intervals share a point).

    Pairs are judged one at a time. When one claim takes part in several pairs
    (a right claim nearest to several left claims, or a claim selected on both
    sides) the pairs can each be satisfiable but not all at once -- e.g. with
    ``==``, left claims [0, 1] and [2, 3] both paired with a right claim
    [0, 3]. That is not reported. For ``<``, ``<=``, ``>=``, ``>`` and
    disjoint sides, judging pairs is exact.
    """

    name: ClassVar[str] = "relation"

    left: Selector = parameter(Claims(
        "which claims go on the left of the comparison (a selector, combined with the rule's select)",
        example={"counts": ["children"]}))
    op: str = parameter(Choice(
        "how a left claim compares with the nearest right claim in its sentence", example="<=",
        options=OPERATORS))
    right: Selector = parameter(Claims(
        "which claims go on the right of the comparison (a selector, combined with the rule's select)",
        example={"counts": ["people", "civilians"]}))

    def __post_init__(self) -> None:
        require_choice("op", self.op, OPERATORS)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"left": self.left, "right": self.right}

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        rights_by_sentence = by_sentence(groups["right"])
        violations: list[Violation] = []
        comparisons = unpaired = 0
        for left in groups["left"]:
            right = nearest_claim(left, rights_by_sentence.get(left.sentence_key, ()))
            if right is None:
                unpaired += 1
                continue
            comparisons += 1
            if not can_relate(Ends.of(left.interval), self.op, Ends.of(right.interval)):
                violations.append(Violation((left, right), f"{counted(left)} cannot be {self.op} {counted(right)}"))
        notes = (f"{plural(unpaired, 'left claim')} had no right claim in the same sentence",) if unpaired else ()
        return CheckResult(tuple(violations), comparisons, notes)

    def describe(self) -> str:
        return f"{selector_text(self.left)} {self.op} {selector_text(self.right)} in the same sentence"

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        shared = set(space.groups["left"]) & set(space.groups["right"])
        op = self.op
        if shared and op in ("<", ">"):
            return f"a claim selected on both sides cannot be {op} itself"
        pairs: SearchStrategy[tuple[Fraction, Fraction]]
        if shared or op == "==":
            pairs = space.free().map(lambda v: (v, v))
        else:
            pairs = st.tuples(space.free(), space.free()).filter(lambda p: p[0] != p[1] or "=" in op).map(
                lambda p: (min(p), max(p)) if op in ("<", "<=") else (max(p), min(p)))
        return pairs.map(lambda p: space.assign({"left": p[0], "right": p[1]}))
