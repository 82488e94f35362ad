"""Render verdicts for people. Pure functions: data in, text out.

Tables show when each claim holds (its as-of date, with where that came
from), who makes it (its source, blank for the outlet's own voice), the
number as written, the interval it asserts and the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tabulate import tabulate

from ..prose.asof import DOCUMENT_DATE
from ..language.expressions import describe_ends
from ..records.intervals import Ends
from ..records.model import SHARE, Claim, Verdict

if TYPE_CHECKING:
    from ..selfcheck.examples import ExampleOutcome

QUOTE_WIDTH = 110
SOURCE_WIDTH = 40


@dataclass(frozen=True)
class ClaimRow:
    """One line of a contradiction table."""

    number: int
    date: str
    document: str
    source: str
    written: str
    interval: str
    quote: str


def shorten_quote(claim: Claim, width: int = QUOTE_WIDTH) -> str:
    """The claim's sentence with its number marked, cut to ``width`` around the number."""
    quote = " ".join(claim.quote().split())
    if len(quote) <= width:
        return quote
    marker = quote.find("**")
    end_marker = quote.find("**", marker + 2) + 2
    half = max(0, (width - (end_marker - marker)) // 2)
    start = max(0, marker - half)
    stop = min(len(quote), start + width)
    start = max(0, stop - width)
    text = quote[start:stop]
    return ("…" if start > 0 else "") + text + ("…" if stop < len(quote) else "")


def date_label(claim: Claim) -> str:
    """When the claim holds and where that came from.

    ``2016-11-28 (claims-meta.yaml:15)`` when it is the document's date;
    ``2016-11-27 ('on Sunday', published 2016-11-28)`` when the sentence dates it.
    """
    if claim.as_of is None:
        return "no date"
    if claim.as_of == claim.date or claim.as_of_source in (None, DOCUMENT_DATE):
        return f"{claim.as_of.isoformat()} ({claim.date_source or 'unknown source'})"
    published = f", published {claim.date.isoformat()}" if claim.date is not None else ""
    return f"{claim.as_of.isoformat()} ({claim.as_of_source}{published})"


def source_label(claim: Claim, width: int = SOURCE_WIDTH) -> str:
    """The claim's source, cut to ``width``; blank when the sentence names none."""
    source = claim.source or ""
    return source if len(source) <= width else source[:width - 1] + "…"


def claim_key(claim: Claim) -> tuple[str, tuple[int, int]]:
    """What identifies a claim: its document and where its number stands."""
    return (claim.path, claim.quantity.span)


def reading_order(claim: Claim) -> tuple[object, ...]:
    """Dated claims first, by as-of date, then by document and position."""
    return (claim.as_of is None, claim.as_of.toordinal() if claim.as_of else 0, claim.document,
            claim.quantity.span)


def involved_claims(verdict: Verdict) -> list[Claim]:
    """Claims named by any violation, once each, in reading order."""
    seen: dict[tuple[str, tuple[int, int]], Claim] = {}
    for violation in verdict.violations:
        for claim in violation.claims:
            seen.setdefault(claim_key(claim), claim)
    return sorted(seen.values(), key=reading_order)


def interval_label(claim: Claim) -> str:
    """The interval the number asserts: ``(341, ∞)``; shares always in percent, ``[80.75%, 89.25%]`` for
    "about 85%" and ``(33.3333%, ∞)`` for "more than a third", as the checks' own messages write them."""
    return describe_ends(Ends.of(claim.interval), percent=claim.kind == SHARE)


def claim_rows(claims: Sequence[Claim]) -> list[ClaimRow]:
    return [
        ClaimRow(
            number=index,
            date=date_label(claim),
            document=f"{claim.document}:{claim.line}" + (f" ({claim.outlet})" if claim.outlet else ""),
            source=source_label(claim),
            written=claim.quantity.surface,
            interval=interval_label(claim),
            quote=shorten_quote(claim),
        )
        for index, claim in enumerate(claims, start=1)
    ]


def render_rows(rows: Sequence[ClaimRow]) -> str:
    table = [[f"#{r.number}", r.date, r.document, r.source, r.written, r.interval, r.quote] for r in rows]
    return tabulate(table, headers=["", "date (source)", "document", "said by", "as written", "interval", "quote"],
                    tablefmt="simple", disable_numparse=True)


def render_contradiction(verdict: Verdict, description: str = "") -> str:
    """The failure message of a rule: a table of only the claims involved, then the constraints."""
    claims = involved_claims(verdict)
    numbers = {claim_key(c): i for i, c in enumerate(claims, start=1)}
    count = len(verdict.violations)
    lines = [f"rule '{verdict.rule}' ({verdict.check}): {count} contradiction{'s' if count != 1 else ''} "
             f"among {len(verdict.selected)} selected claims"]
    if description:
        lines.append("  " + " ".join(description.split()))
    lines.append("")
    lines.append(render_rows(claim_rows(claims)))
    lines.append("")
    for violation in verdict.violations:
        refs = " vs ".join(f"#{numbers[claim_key(c)]}" for c in violation.claims)
        lines.append(f"{refs}: {violation.constraint}")
    lines.extend(render_notes(verdict))
    return "\n".join(lines)


def render_notes(verdict: Verdict) -> list[str]:
    """The check's notes (claims skipped, how claims were grouped), one line each."""
    return [f"note: {note}" for note in verdict.notes]


def render_selected(verdict: Verdict) -> str:
    """All claims a rule selected (for verbose output)."""
    return render_rows(claim_rows(sorted(verdict.selected, key=reading_order)))


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
