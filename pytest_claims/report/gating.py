"""The closing section's lines on what the baseline and --claims-changed set aside, and on the exit code.

Pure: the plugin gathers the counts and prints the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..prose.words import plural
from ..store.baseline import Baseline, EntryKey
from ..store.gate import Gate

#: stale entries named in the closing section; the rest are counted
STALE_SHOWN = 10

#: pytest.ExitCode.USAGE_ERROR: what a run exits with when its check was incomplete (report imports no pytest)
INCOMPLETE_EXIT_CODE = 4


def gate_lines(gate: Gate, baseline_file: Optional[str], written: Optional[Baseline]) -> list[str]:
    """``written``: the baseline this run wrote (None: it read one, or wrote none)."""
    lines: list[str] = []
    if written is not None:
        lines.append(f"baseline written to {baseline_file}: {plural(written.contradictions, 'contradiction')} of "
                     f"{plural(len(written.rules), 'rule')} recorded")
    elif gate.baseline is not None:
        known = gate.totals()[0]
        lines.append(f"{plural(known, 'known contradiction')} (baseline {baseline_file})")
        stale = [(rule, gated) for rule, gated in gate.stale()]
        count = sum(len(gated.stale) + gated.stale_unnamed for _, gated in stale)
        if count:
            named = [f"{rule}: {entry_text(entry)}" for rule, gated in stale for entry in gated.stale]
            unnamed = [f"{rule}: {gated.stale_unnamed} beyond those listed" for rule, gated in stale
                       if gated.stale_unnamed]
            shown = (named + unnamed)[:STALE_SHOWN]
            rest = len(named) + len(unnamed) - len(shown)
            lines.append(f"{plural(count, 'stale baseline entry', 'stale baseline entries')}: "
                         + "; ".join(shown) + (f"; and {rest} more" if rest > 0 else "")
                         + "; run --claims-baseline-update to drop them")
    kept = gate.not_evaluated()
    if kept:
        lines.append(f"{plural(sum(rule.total for rule in kept.values()), 'baseline entry', 'baseline entries')}"
                     f" of rules not evaluated in this run left as they are: {', '.join(sorted(kept))}")
    if gate.changed is not None:
        unchanged = gate.totals()[1]
        lines.append(f"{plural(unchanged, 'contradiction')} among unchanged documents not reported "
                     f"(--claims-changed)")
    return lines


def entry_text(entry: EntryKey) -> str:
    """``002.txt '52' vs 002.txt 'about 85%'``."""
    return " vs ".join(f"{document} {value!r}" for document, value in entry)


def incomplete_reasons(broken_rules: int, broken_rule_files: int, unreadable: int,
                       unwritten: Sequence[str]) -> list[str]:
    """Why the check was incomplete, each reason a phrase; empty: it was complete."""
    reasons = []
    if broken_rules:
        reasons.append(f"{plural(broken_rules, 'rule')} could not be evaluated")
    if broken_rule_files:
        reasons.append(f"{plural(broken_rule_files, 'rule file')} could not be read")
    if unreadable:
        reasons.append(f"{plural(unreadable, 'document')} could not be read")
    reasons += [f"the {label} was not written" for label in unwritten]
    return reasons


def exit_line(reasons: Sequence[str], contradictions: bool) -> str:
    """The closing section's last line when the run exits with INCOMPLETE_EXIT_CODE."""
    also = " (contradictions were found too)" if contradictions else ""
    return (f"exit code {INCOMPLETE_EXIT_CODE} (usage error): the check was incomplete: {', '.join(reasons)}{also}; "
            "0 means consistent, 1 contradictions (see docs/ci.md)")
