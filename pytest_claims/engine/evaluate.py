"""Evaluating one rule over the claims of all documents.

A rule that selects nothing, lacks the dates it needs, or finds nothing to
compare is a RuleError, never a pass: a silent pass would hide a rule that
no longer matches the articles.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence, Union

from ..checks import Check, CheckResult
from ..checks.base import CLAIMS_GROUP, MAX_LISTED, CombinationLimitError
from ..checks.windows import widest_first
from ..language.selectors import Selector
from ..prose.words import plural
from ..records.model import Claim, Verdict, Violation
from ..rulefile.rule import Rule
from .grouping import partition
from .selection import ClaimSource, InMemory


def evaluate_rule(rule: Rule, claims: Union[Sequence[Claim], ClaimSource]) -> Verdict:
    """Run ``rule``'s check over the claims it selects; RuleError when it cannot judge.

    ``claims`` are the claims of the run, or a :class:`~pytest_claims.engine.selection.ClaimSource` that
    selects them where they are (a claims dataset, a cluster's workers); the verdict is the same.
    """
    groups = select_groups(rule, claims)
    require_dates(rule, groups)
    try:
        result = evaluate_groups(rule.check, groups)
    except CombinationLimitError as error:
        raise rule.error(str(error), "check") from None
    if result.comparisons == 0:
        raise rule.error(_nothing_to_compare(rule, groups, result.notes), "check")
    return Verdict(
        rule=rule.name,
        check=rule.check.name,
        selected=_union(groups),
        violations=tuple(result.violations),
        notes=tuple(result.notes),
        severity=rule.severity,
        unlisted=result.unlisted,
    )


def evaluate_groups(check: Check, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
    """The check over its claim groups, once per ``group_by`` group when the check has one; at most
    MAX_LISTED contradictions listed (see :func:`bounded`)."""
    by = check.grouping()
    if by is None:
        return bounded(check, check.evaluate(groups))
    partitions, skipped = partition(groups, by)
    violations: list[Violation] = []
    notes = [f"{plural(skipped, 'claim')} without {'an' if by == 'outlet' else 'a'} {by} skipped"] if skipped else []
    sizes = "; ".join(f"{label}: {plural(len({id(c) for claims in part.values() for c in claims}), 'claim')}"
                      for label, part in partitions)
    notes.append(f"grouped by {by} into {plural(len(partitions), 'group')}" + (f": {sizes}" if sizes else ""))
    comparisons = unlisted = 0
    for label, part in partitions:
        result = check.evaluate(part)
        comparisons += result.comparisons
        unlisted += result.unlisted
        violations.extend(replace(violation, constraint=f"{by} {label}: {violation.constraint}")
                          for violation in result.violations)
        notes.extend(f"{by} {label}: {note}" for note in result.notes)
    return bounded(check, CheckResult(tuple(violations), comparisons, tuple(notes), unlisted))


def bounded(check: Check, result: CheckResult) -> CheckResult:
    """``result`` with at most MAX_LISTED contradictions listed and the rest counted in ``unlisted``: those
    furthest apart when the kind ranks them (:meth:`~pytest_claims.checks.base.Check.spread`; over all
    ``group_by`` groups, as each group lists its own furthest), else the first found; in the order found."""
    violations = result.violations
    if len(violations) <= MAX_LISTED:
        return result
    spreads = [check.spread(violation) for violation in violations]
    ranked = [spread for spread in spreads if spread is not None]
    keep = widest_first(ranked, MAX_LISTED) if len(ranked) == len(spreads) else range(MAX_LISTED)
    return replace(result, violations=tuple(violations[i] for i in keep),
                   unlisted=result.unlisted + len(violations) - MAX_LISTED)


def group_selectors(rule: Rule) -> dict[str, Selector]:
    """Each claim group of the rule's check and its selector: the rule's ``select`` AND the group's own."""
    return {group: rule.select if own is None else rule.select.merge(own)
            for group, own in rule.check.group_selectors().items()}


def group_selector(rule: Rule, group: str) -> Selector:
    """The selector of one of the check's groups."""
    return group_selectors(rule)[group]


def select_groups(rule: Rule, claims: Union[Sequence[Claim], ClaimSource]) -> dict[str, tuple[Claim, ...]]:
    """The claims of each group of the check; RuleError when a group selects none."""
    source = claims if isinstance(claims, ClaimSource) else InMemory(claims)
    selectors = group_selectors(rule)
    groups = source.select(rule.name, selectors)
    for group, selector in selectors.items():
        if not groups.get(group):
            raise rule.error(_selected_nothing(rule, group, selector, source),
                             "select" if group == CLAIMS_GROUP else group)
    return groups


def require_dates(rule: Rule, groups: Mapping[str, Sequence[Claim]]) -> None:
    """RuleError naming every document with a selected claim that has no date, when the check needs dates.

    A claim has no date when its document has none and its sentence gives no
    full date ("November 13, 2016") either.
    """
    if not rule.check.needs_dates:
        return
    undated = sorted({claim.document for claim in _union(groups) if claim.as_of is None})
    if not undated:
        return
    unknown = next((claim for claim in _union(groups) if claim.as_of is None and claim.as_of_source), None)
    if unknown is not None:  # the document has a date, but the sentence counts back past the calendar
        raise rule.error(f"the claim {unknown.quantity.written!r} of '{unknown.document}' (line {unknown.line}) "
                         f"has no date: {unknown.as_of_source}; rule '{rule.name}' ({rule.check.name}) needs one: "
                         f"give the document its real date in claims-meta.yaml or front matter", "check")
    names = ", ".join(f"'{name}'" for name in undated)
    subject = f"document {names} has" if len(undated) == 1 else f"documents {names} have"
    one = "one" if len(undated) == 1 else "them"
    raise rule.error(f"{subject} no date; rule '{rule.name}' ({rule.check.name}) needs {one}: "
                     f"add it to claims-meta.yaml or front matter", "check")


def _union(groups: Mapping[str, Sequence[Claim]]) -> tuple[Claim, ...]:
    """Every claim of every group once, in first-seen order."""
    seen: dict[int, Claim] = {}
    for claims in groups.values():
        for claim in claims:
            seen.setdefault(id(claim), claim)
    return tuple(seen.values())


def _selected_nothing(rule: Rule, group: str, selector: Selector, source: ClaimSource) -> str:
    conditions = selector.conditions()
    # how many claims each condition alone selects, to point at the condition to fix
    census = source.census(conditions if len(conditions) >= 2 else ())
    which = "" if group == CLAIMS_GROUP else f" for '{group}'"
    nearest = ""
    if census.per_condition and census.claims:
        counts = [f"{condition.describe()}: {count}" for condition, count in zip(conditions, census.per_condition)]
        nearest = f"; claims each condition alone selects: {'; '.join(counts)}"
    return (f"rule '{rule.name}' selected no claims{which} (select: {selector.describe()}) among "
            f"{plural(census.claims, 'claim')} in {plural(census.documents, 'document')}{nearest}")


def _nothing_to_compare(rule: Rule, groups: Mapping[str, Sequence[Claim]], notes: Sequence[str]) -> str:
    selected = _union(groups)
    message = (f"rule '{rule.name}' has nothing to compare: its {rule.check.name} check made no "
               f"comparison among {plural(len(selected), 'selected claim')}")
    dates = {claim.as_of for claim in selected}
    if rule.check.needs_dates and len(dates) == 1:
        (only,) = dates
        message += f", all dated {only}"
    if notes:
        message += f" ({'; '.join(notes)})"
    return message
