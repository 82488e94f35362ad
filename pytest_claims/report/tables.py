"""Claims as tables for people: a rule's contradictions, the claims it selected, every quantity.

Pure functions: data in, text out. Tables show when each claim holds (its
as-of date, with where that came from), who makes it (its source, blank for
the outlet's own voice), the number as written, the interval it asserts and
the sentence with the number marked.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tabulate import tabulate

from ..checks import CHECKS, Check
from ..checks.base import MAX_LISTED
from ..prose.asof import DOCUMENT_DATE
from ..prose.words import plural
from ..records.intervals import Ends, describe_ends
from ..records.model import SHARE, Claim, Verdict, reading_order

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


_SPACE_BEFORE_MARK = re.compile(r" (?=[.,;:!?]+(?: |$))")


def shorten_quote(claim: Claim, width: int = QUOTE_WIDTH) -> str:
    """The claim's sentence with its number marked, cut to ``width`` around the number."""
    # white space as a reader expects it: Markdown's markup is blanked in place ("**341**." reads "  341  ."),
    # so runs of blanks, and a blank before a closing mark, are the file's markup, not the writer's words
    quote = _SPACE_BEFORE_MARK.sub("", " ".join(claim.quote().split()))
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


def involved_claims(verdict: Verdict) -> list[Claim]:
    """Claims named by any violation, once each, in reading order."""
    seen: dict[tuple[str, tuple[int, int]], Claim] = {}
    for violation in verdict.violations:
        for claim in violation.claims:
            seen.setdefault(claim.key, claim)
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
            document=where(claim) + (f" ({claim.outlet})" if claim.outlet else ""),
            source=source_label(claim),
            written=claim.quantity.written,
            interval=interval_label(claim),
            quote=shorten_quote(claim),
        )
        for index, claim in enumerate(claims, start=1)
    ]


def render_rows(rows: Sequence[ClaimRow]) -> str:
    cells = [[f"#{r.number}", r.date, r.document, r.source, r.written, r.interval, r.quote] for r in rows]
    return table(cells, ["", "date (source)", "document", "said by", "as written", "interval", "quote"])


def render_contradiction(verdict: Verdict, description: str = "") -> str:
    """The failure message of a rule: a table of only the claims involved, then the constraints.

    Bounded in size: at most MAX_LISTED contradictions are shown, and the count
    of the rest (``Verdict.unlisted``, and any listed beyond MAX_LISTED) is a line
    of its own that says which ones were shown.
    """
    shown = verdict.violations[:MAX_LISTED]
    claims = involved_claims(dataclasses.replace(verdict, violations=shown))
    numbers = {c.key: i for i, c in enumerate(claims, start=1)}
    count = len(verdict.violations) + verdict.unlisted
    lines = [f"rule '{verdict.rule}' ({verdict.check}): {count:,} contradiction{'s' if count != 1 else ''} "
             f"among {len(verdict.selected)} selected claims"]
    if description:
        lines.append("  " + " ".join(description.split()))
    lines.append("")
    lines.append(render_rows(claim_rows(claims)))
    lines.append("")
    for violation in shown:
        refs = " vs ".join(f"#{numbers[c.key]}" for c in violation.claims)
        lines.append(f"{refs}: {violation.constraint}")
    if count > len(shown):
        which = CHECKS[verdict.check].listing if verdict.check in CHECKS else Check.listing
        more = count - len(shown)
        lines.append(f"... and {more:,} more contradiction{'s' if more != 1 else ''} not listed "
                     f"({which.format(listed=len(shown))} are shown)")
    lines.extend(render_notes(verdict))
    return "\n".join(lines)


def render_notes(verdict: Verdict) -> list[str]:
    """The check's notes (claims skipped, how claims were grouped), one line each."""
    return [f"note: {note}" for note in verdict.notes]


def render_selected(verdict: Verdict) -> str:
    """All claims a rule selected (for verbose output)."""
    return render_rows(claim_rows(sorted(verdict.selected, key=reading_order)))


def render_quantities(claims: Sequence[Claim]) -> str:
    """Every claim as one table in reading order, then ``N quantities in M documents``."""
    ordered = sorted(claims, key=reading_order)
    documents = len({claim.path for claim in claims})
    total = f"{plural(len(claims), 'quantity', 'quantities')} in {plural(documents, 'document')}"
    if not ordered:
        return total
    rows = [[where(c), date_label(c), c.quantity.written, interval_label(c), c.kind, c.counts or "",
             source_label(c), shorten_quote(c)] for c in ordered]
    headers = ["document:line", "as of (source)", "as written", "interval", "kind", "counts", "said by", "quote"]
    return table(rows, headers) + "\n" + total


def where(claim: Claim) -> str:
    """``002_076498367e560eef.txt:13``: the claim's document and line."""
    return at_line(claim.document, claim.line)


def at_line(document: str, line: int) -> str:
    """A document (its name or path) and a line of it; a JSONL record is named by its line already
    (``export.jsonl:3``), a JSON record by its pointer (``export.json#/articles/2:12``)."""
    return document if document.endswith(f".jsonl:{line}") else f"{document}:{line}"


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """The one table style of every report: plain columns, text kept as written (no number parsing)."""
    return tabulate(rows, headers=list(headers), tablefmt="simple", disable_numparse=True)
