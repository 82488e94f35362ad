"""Where a rule's claims come from: the claims of the run in memory, or a source that selects them where they lie.

A rule needs only the claims its selectors match. In memory that is a
filter over every claim; over a claims dataset or on a cluster's workers
(``pytest_claims.cluster``) each partition is filtered where it is and only
the matches travel. Every source gives the same claims in the same order
(documents in path order, claims in reading order), so a verdict does not
depend on where the claims were.

:func:`select_many` is the one filter: it runs the selectors of many rules
over one partition's claims in one pass and returns each matching claim once,
with the positions each rule's groups take.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..language.selectors import Selector
from ..records.model import Claim

#: selectors by rule name, then by the check's claim group (``engine.evaluate.group_selectors``)
RuleSelectors = Mapping[str, Mapping[str, Selector]]
#: a partition's answer: the claims some rule selected, each once, and by rule and group their positions there
Selected = tuple[tuple[Claim, ...], dict[str, dict[str, tuple[int, ...]]]]


@dataclass(frozen=True)
class Census:
    """What a rule chose from, for the message of a rule that selected nothing."""

    claims: int
    #: documents with at least one claim
    documents: int
    #: how many claims each condition asked about selects alone, in the order asked
    per_condition: tuple[int, ...] = ()

    def __add__(self, other: Census) -> Census:
        """Two partitions' census (partitions never share a document)."""
        per_condition = tuple(a + b for a, b in zip(self.per_condition, other.per_condition)) \
            if self.per_condition and other.per_condition else self.per_condition or other.per_condition
        return Census(self.claims + other.claims, self.documents + other.documents, per_condition)


@runtime_checkable
class ClaimSource(Protocol):
    """Selects the claims of a rule's groups where the claims are."""

    def select(self, rule: str, selectors: Mapping[str, Selector]) -> dict[str, tuple[Claim, ...]]:
        """Each group's claims, in run order; a group that selects nothing maps to ``()``."""

    def census(self, conditions: Sequence[Selector]) -> Census:
        """The claims and documents there are, and how many claims each of ``conditions`` selects."""


class InMemory:
    """The claims of a run, held here."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = claims

    def select(self, rule: str, selectors: Mapping[str, Selector]) -> dict[str, tuple[Claim, ...]]:
        return {group: tuple(claim for claim in self.claims if selector.matches(claim))
                for group, selector in selectors.items()}

    def census(self, conditions: Sequence[Selector]) -> Census:
        return census_of(self.claims, conditions)


def census_of(claims: Sequence[Claim], conditions: Sequence[Selector]) -> Census:
    """The census of one partition's (or all) claims."""
    return Census(len(claims), len({claim.path for claim in claims}),
                  tuple(sum(condition.matches(claim) for claim in claims) for condition in conditions))


def select_many(claims: Sequence[Claim], selectors: RuleSelectors) -> Selected:
    """Every rule's groups over ``claims`` in one pass: the claims selected by any, each once and in order,
    and for each rule and group the positions of its claims among them."""
    kept: list[Claim] = []
    positions: dict[str, dict[str, list[int]]] = {rule: {group: [] for group in groups}
                                                  for rule, groups in selectors.items()}
    flat = [(positions[rule][group], selector) for rule, groups in selectors.items()
            for group, selector in groups.items()]
    for claim in claims:
        index = -1
        for found, selector in flat:
            if selector.matches(claim):
                if index < 0:
                    index = len(kept)
                    kept.append(claim)
                found.append(index)
    return tuple(kept), {rule: {group: tuple(found) for group, found in groups.items()}
                         for rule, groups in positions.items()}


def join_selected(parts: Sequence[Selected], rule: str) -> dict[str, tuple[Claim, ...]]:
    """One rule's groups from the answers of every partition, in partition order."""
    groups: dict[str, list[Claim]] = {}
    for kept, positions in parts:
        for group, found in positions.get(rule, {}).items():
            groups.setdefault(group, []).extend(kept[index] for index in found)
    return {group: tuple(claims) for group, claims in groups.items()}
