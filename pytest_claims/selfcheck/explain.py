"""Why a rule selected or ignored a number: the records behind ``--claims-explain``.

:func:`explain_rule` and :func:`explain_selector` build plain records;
:mod:`pytest_claims.report.selfchecks` turns them into tables. Both are
pure: no files, no globals, same input, same records.

Each claim group of a rule (``claims``, or ``left`` and ``right`` of a
relation, ...) is explained on its own, with its selector already merged
with the rule's ``select`` (:func:`pytest_claims.engine.evaluate.group_selectors`).
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

Selected claims are listed in :func:`pytest_claims.records.model.reading_order` (by
as-of date, then document and position); rejected ones by document and
position, as the table shows no dates.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..engine.evaluate import group_selectors
from ..language.selectors import Selector
from ..records.model import Claim, reading_order
from ..rulefile.rule import Rule
from .outcomes import GroupExplanation, Rejection, RuleExplanation


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
        sentences = {claim.sentence_key for claim in selected}
        misses = [miss for miss in misses if miss.claim.sentence_key in sentences]
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


