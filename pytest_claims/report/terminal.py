"""The closing ``pytest-claims`` section of a run, as lines of text. Pure: the plugin only prints them."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

from ..prose.documents import Catalogue
from ..prose.words import plural
from ..records.model import Claim, DocumentInfo, Verdict
from ..selfcheck.outcomes import RuleExplanation
from ..store.extract import Extraction, Progress
from .selfchecks import render_explanation
from .tables import render_contradiction, render_notes, render_quantities, render_selected


def header_lines(rules_dir: Path, document_paths: Sequence[str], rooted_at: Optional[Path],
                 table: Optional[Path] = None) -> list[str]:
    """The session header: where rules and documents (or the claims table) come from; ``rooted_at`` when
    pytest rooted the session outside the folder it was started in."""
    claims = f"claims from the table {table}" if table is not None else f"documents from {', '.join(document_paths)}"
    lines = [f"claims: rules from {rules_dir}; {claims}"]
    if rooted_at is not None:
        option = "--claims-table=PATH" if table is not None else "--claims=PATH"
        lines.append(f"claims: paths outside the project made pytest root the session at {rooted_at}; "
                     f"write {option} and --claims-rules=DIR (with '=') or add --rootdir=. to root it here")
    return lines


def summary_lines(corpus: Catalogue, claims: Optional[Sequence[Claim] | int], verdicts: Mapping[str, Verdict],
                  warnings: Sequence[tuple[Verdict, str]], explanations: Sequence[RuleExplanation],
                  verbosity: int, quantities: Optional[Sequence[Claim]], base: Path,
                  late_problems: int = 0) -> list[str]:
    """What the run found: counts, the contradictions of warning rules, and what the options asked for.

    ``claims`` (or how many there are) is None when no rule ran (nothing was extracted); ``warnings`` are (verdict, description)
    of warning rules with contradictions; ``quantities`` are the claims to list (None: not asked for);
    paths under ``base`` are shown relative to it; ``late_problems`` counts documents collection read but
    extraction could not (a limit, a failure), unreadable too.
    """
    count = claims if isinstance(claims, int) or claims is None else len(claims)
    extracted = "quantities not extracted (no rule ran)" if count is None else f"{count} quantities"
    failed = sum(1 for verdict in verdicts.values() if not verdict.passed) - len(warnings)
    unreadable = len(corpus.problems) + late_problems
    lines = [f"{len(corpus.documents)} documents, {extracted}, {unreadable} unreadable documents; "
             f"{plural(len(verdicts), 'rule')} evaluated, {failed} with contradictions"
             + (f", {len(warnings)} warning rules with contradictions" if warnings else "")]
    if corpus.skipped:
        lines.append(skipped_line(corpus.skipped, base))
    for verdict, description in warnings:
        lines += ["", "warning: " + render_contradiction(verdict, description)]
    if verbosity >= 1:
        lines += [document_line(document) for document in corpus.documents]
    if verbosity >= 2:  # here, not in the rule's test: pytest shows a passing test's output to no one
        for name, verdict in verdicts.items():
            lines += ["", f"rule '{name}' selected {len(verdict.selected)} claims:", render_selected(verdict)]
            lines += render_notes(verdict)
    for explanation in explanations:
        lines += ["", relative_paths(render_explanation(explanation), base)]
    if quantities is not None:
        lines += ["", render_quantities(quantities)]
    return lines


#: the skipped files named in the closing section; the rest are counted
SKIPPED_SHOWN = 10


def skipped_line(skipped: Sequence[str], base: Path) -> str:
    """``2 files skipped (not documents): notes.docx, sub/image.png``, naming at most SKIPPED_SHOWN."""
    shown = ", ".join(relative_paths(path, base) for path in skipped[:SKIPPED_SHOWN])
    rest = len(skipped) - SKIPPED_SHOWN
    more = f", and {rest} more" if rest > 0 else ""
    return f"{plural(len(skipped), 'file')} skipped (not documents): {shown}{more}"


def document_line(document: DocumentInfo) -> str:
    """``  002_a.txt: 2016-12-09 (from claims-meta.yaml:26), Reuters``."""
    date = document.date.isoformat() if document.date else "no date"
    source = f" (from {document.date_source})" if document.date_source else ""
    return f"  {document.name}: {date}{source}, {document.outlet or 'unknown outlet'}"


def extraction_line(extraction: Extraction, cache: Optional[Path], base: Path) -> str:
    """``extraction: 3 documents extracted (2 processes), 2 read from the cache (.pytest_cache/...)``."""
    processes = f" ({extraction.jobs} processes)" if extraction.jobs > 1 else ""
    if extraction.engine == "dask":
        processes = f" (Dask, {plural(extraction.jobs, 'worker')})"
    if cache is None:
        where = "no cache (-p no:cacheprovider)"
    else:
        where = f"{extraction.cached} read from the cache ({relative_paths(str(cache), base)})"
    return f"extraction: {plural(extraction.extracted, 'document')} extracted{processes}, {where}"


def progress_line(progress: Progress) -> str:
    """``extracting claims: 120/400 documents (40 from the cache), 5,321 claims, 12.3 documents/s, 23 s left``;
    while a long document is read, ``; long.txt: sentence 12,000/50,000`` after the claims."""
    line = f"extracting claims: {progress.done:,}/{progress.total:,} documents"
    if progress.cached:
        line += f" ({progress.cached:,} from the cache)"
    line += f", {progress.claims:,} claims"
    if progress.document is not None:
        line += f"; {progress.document}: sentence {progress.sentences[0]:,}/{progress.sentences[1]:,}"
    if progress.extracted and progress.seconds > 0:
        rate = progress.extracted / progress.seconds
        left = (progress.total - progress.done) / rate
        line += f", {rate:,.1f} documents/s, {_duration(left)} left"
    return line


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def relative_paths(text: str, base: Path) -> str:
    """``text`` with the paths under ``base`` (where pytest was started) written relative to it."""
    return text.replace(str(base) + os.sep, "")
