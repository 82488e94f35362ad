"""The self-checks of a rule for people: its examples, what it selects (explain), its sensitivity.

Pure functions: records in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..checks.base import CLAIMS_GROUP
from ..prose.words import plural
from ..records.intervals import format_number
from ..records.model import SHARE, Claim
from ..selfcheck.outcomes import UNSOUND, VACUOUS, ExampleOutcome, Rejection, RuleExplanation, SensitivityReport
from .tables import date_label, interval_label, render_contradiction, render_selected, shorten_quote, \
    source_label, table, where


def render_example(outcome: ExampleOutcome) -> str:
    """Why an example of a rule did not turn out as it says: what the rule did instead."""
    example, rule = outcome.example, outcome.rule
    head = f"example '{example.name}' of rule '{rule.name}' expects the rule to {example.expect}"
    lines: list[str] = []
    if outcome.error is not None:
        lines.append(f"{head}, but the rule could not judge it: {outcome.error.message}")
    elif outcome.verdict is not None and outcome.outcome != example.expect:
        if example.expect == "fail":
            lines.append(f"{head}, but it passed: no contradiction among {len(outcome.verdict.selected)} selected "
                         f"claims")
            lines += ["", render_selected(outcome.verdict)]
        else:
            lines += [f"{head}, but it failed:", "", render_contradiction(outcome.verdict)]
    else:
        lines.append(f"{head}, and it did ({outcome.outcome}), but it selected other numbers than the example "
                     f"lists")
    if outcome.missing:
        lines.append("not selected: " + ", ".join(f'"{number}"' for number in outcome.missing))
    if outcome.unexpected:
        lines.append("also selected: " + ", ".join(f'"{number}"' for number in outcome.unexpected))
    if (outcome.missing or outcome.unexpected) and outcome.verdict is not None and outcome.outcome == example.expect:
        lines += ["", render_selected(outcome.verdict)]
    return "\n".join(lines)


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
    rows = [[date_label(c), where(c), source_label(c), c.quantity.written, c.counts or "", shorten_quote(c)]
            for c in claims]
    headers = ["date (source)", "document:line", "said by", "as written", "counts", "quote"]
    return [f"selected {plural(len(claims), 'claim')}:", table(rows, headers)]


def _rejected_section(rejections: Sequence[Rejection]) -> list[str]:
    if not rejections:
        return ["no nearby claims rejected"]
    rows = [[where(r.claim), r.claim.quantity.written, r.claim.counts or "", r.condition, r.reason,
             shorten_quote(r.claim)] for r in rejections]
    headers = ["document:line", "as written", "counts", "excluded by", "why", "quote"]
    return [f"rejected {plural(len(rejections), 'nearby claim')}:", table(rows, headers)]


def render_sensitivity(report: SensitivityReport) -> str:
    """A short paragraph and, for a vacuous or unsound rule, the perturbed values as a table."""
    tried = plural(report.tried, "perturbation")
    text = f"Rule '{report.rule}' is {report.status} ({tried} tried): {report.message}"
    if report.status not in (VACUOUS, UNSOUND) or not report.example:
        return text
    rows = [(where(claim), claim.quantity.written, interval_label(claim), _value_text(claim, value))
            for claim, value in report.example]
    return text + "\n\n" + table(rows, ["where", "as written", "interval", "perturbed"])


def _value_text(claim: Claim, value: float) -> str:
    return format_number(value * 100) + "%" if claim.kind == SHARE else format_number(value)
