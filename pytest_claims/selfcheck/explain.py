"""Why a rule selected or ignored a number, and every quantity found: data first, then text.

:func:`explain_rule` and :func:`explain_selector` build plain records;
:func:`render_explanation` and :func:`render_quantities` turn records and
claims into tables. All four are pure: no files, no globals, same input,
same text.

Each claim group of a rule (``claims``, or ``left`` and ``right`` of a
relation, ...) is explained on its own, with its selector already merged
with the rule's ``select`` (:func:`pytest_claims.engine.group_selectors`).
A group explanation lists the claims the selector selects and the *nearby
candidates* it rejects:

* A **nearby candidate** (a "near miss") is a rejected claim that meets every
  condition of the selector but exactly one. That one condition is recorded
  as the :attr:`Rejection.condition` (as the editor wrote it, e.g. ``near
  [trapped, squeezed]`` or ``not_near [fled], window 3``) with the
  condition's own reason (``'fled' is near (3 words away)``). Conditions are
  those of :meth:`Selector.conditions`, one per key, merged selectors
  included; a condition written twice (in ``select`` and in a group) counts
  once.
* When the selector has a **single condition**, every rejected claim fails
  exactly that condition, so the rule above would list the whole corpus.
  Then only rejected claims in a sentence that also holds a selected claim
  (same document, same sentence) are nearby; when nothing is selected,
  nothing is nearby.
* An **empty selector** matches every claim and so rejects nothing.

Selected claims are listed in :func:`pytest_claims.report.reading_order` (by
as-of date, then document and position); rejected ones by document and
position, as the table shows no dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tabulate import tabulate

from ..engine.evaluate import CLAIMS_GROUP, group_selectors
from ..records.model import Claim
from ..report.tables import date_label, interval_label, reading_order, shorten_quote, source_label
from ..rulefile.rules import Rule
from ..language.selectors import Selector
from ..prose.words import plural


@dataclass(frozen=True)
class Rejection:
    """A nearby claim the selector rejected, and the one condition that excluded it."""

    claim: Claim
    #: the selector condition that excluded it, as the editor wrote it: "near [trapped, squeezed]"
    condition: str
    #: that condition's reason: "no word of [trapped, squeezed] in the sentence"
    reason: str


@dataclass(frozen=True)
class GroupExplanation:
    """What one claim group's selector selected, and the nearby claims it rejected."""

    group: str  # "claims", "left", "right", or a check's own group name
    selector: str  # Selector.describe()
    selected: tuple[Claim, ...]  # in reading order
    rejected: tuple[Rejection, ...]  # nearby candidates only, in reading order


@dataclass(frozen=True)
class RuleExplanation:
    """Every claim group of one rule, explained."""

    rule: str
    path: str
    line: int
    groups: tuple[GroupExplanation, ...]


# ---------------------------------------------------------------- data


def explain_selector(group: str, selector: Selector, claims: Sequence[Claim]) -> GroupExplanation:
    """The claims ``selector`` selects among ``claims`` and the nearby ones it rejects (see module doc)."""
    conditions = selector.conditions()
    selected: list[Claim] = []
    misses: list[Rejection] = []
    for claim in claims:
        failed = [condition for condition in conditions if not condition.matches(claim)]
        if not failed:
            selected.append(claim)
        elif len(failed) == 1:
            (condition,) = failed
            reason = condition.reject_reason(claim) or ""
            misses.append(Rejection(claim, condition.describe(), reason))
    if len(conditions) == 1:
        sentences = {_sentence_key(claim) for claim in selected}
        misses = [miss for miss in misses if _sentence_key(miss.claim) in sentences]
    return GroupExplanation(
        group=group,
        selector=selector.describe(),
        selected=tuple(sorted(selected, key=reading_order)),
        rejected=tuple(sorted(misses, key=lambda miss: (miss.claim.document, miss.claim.quantity.span))),
    )


def explain_rule(rule: Rule, claims: Sequence[Claim]) -> RuleExplanation:
    """Each claim group of ``rule``'s check explained over ``claims``; never raises for an empty group."""
    groups = tuple(explain_selector(group, selector, claims)
                   for group, selector in group_selectors(rule).items())
    return RuleExplanation(rule=rule.name, path=rule.path, line=rule.line, groups=groups)


def _sentence_key(claim: Claim) -> tuple[str, int]:
    return (claim.path, claim.sentence_start)


# ---------------------------------------------------------------- text


def render_explanation(explanation: RuleExplanation) -> str:
    """The rule's heading, then per group its conditions, selected claims and nearby rejected claims."""
    lines = [f"rule '{explanation.rule}' ({explanation.path}:{explanation.line})"]
    only_claims = [group.group for group in explanation.groups] == [CLAIMS_GROUP]
    for group in explanation.groups:
        lines.append("")
        lines.append(group.selector if only_claims else f"group '{group.group}': {group.selector}")
        lines.extend(_selected_section(group.selected))
        lines.extend(_rejected_section(group.rejected))
    return "\n".join(lines)


def _selected_section(claims: Sequence[Claim]) -> list[str]:
    if not claims:
        return ["selected no claims"]
    table = [[date_label(c), _where(c), source_label(c), c.quantity.surface, c.counts or "", shorten_quote(c)]
             for c in claims]
    headers = ["date (source)", "document:line", "said by", "as written", "counts", "quote"]
    return [f"selected {plural(len(claims), 'claim')}:", _table(table, headers)]


def _rejected_section(rejections: Sequence[Rejection]) -> list[str]:
    if not rejections:
        return ["no nearby claims rejected"]
    table = [[_where(r.claim), r.claim.quantity.surface, r.claim.counts or "", r.condition, r.reason,
              shorten_quote(r.claim)] for r in rejections]
    headers = ["document:line", "as written", "counts", "excluded by", "why", "quote"]
    return [f"rejected {plural(len(rejections), 'nearby claim')}:", _table(table, headers)]


def render_quantities(claims: Sequence[Claim]) -> str:
    """Every claim as one table in reading order, then ``N quantities in M documents``."""
    ordered = sorted(claims, key=reading_order)
    documents = len({claim.path for claim in claims})
    total = f"{plural(len(claims), 'quantity', 'quantities')} in {plural(documents, 'document')}"
    if not ordered:
        return total
    table = [[_where(c), date_label(c), c.quantity.surface, interval_label(c), c.kind, c.counts or "",
              source_label(c), shorten_quote(c)] for c in ordered]
    headers = ["document:line", "as of (source)", "as written", "interval", "kind", "counts", "said by", "quote"]
    return _table(table, headers) + "\n" + total


def _where(claim: Claim) -> str:
    return f"{claim.document}:{claim.line}"


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    return tabulate(rows, headers=list(headers), tablefmt="simple", disable_numparse=True)
