"""Which contradictions fail a run: those not in the baseline, and with --claims-changed only those that
involve a changed document. Pure: a verdict in, the verdict that fails (or passes) and what was set aside out.

Every rule still sees every claim of the archive; only the contradictions it reports are sifted.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from ..records.errors import ClaimsError
from ..records.model import Claim, Verdict, Violation
from .baseline import Baseline, EntryKey, RuleBaseline, entry_key


@dataclass(frozen=True)
class Gated:
    """A rule's verdict once sifted.

    ``verdict`` holds what fails: new contradictions (involving a changed document); its ``unlisted`` counts
    new contradictions beyond those listed, which can be told from known ones only by their number.
    """

    verdict: Verdict
    #: contradictions found in the baseline (or recorded into it)
    known: int = 0
    #: new contradictions among unchanged documents only, not reported (--claims-changed)
    unchanged: int = 0
    #: baseline entries of this rule that no longer occur, named
    stale: tuple[EntryKey, ...] = ()
    #: baseline contradictions of this rule beyond its named entries that no longer occur (counted)
    stale_unnamed: int = 0


def involves(violation: Violation, changed: Collection[str]) -> bool:
    """Whether a claim of ``violation`` comes from a changed path: the document's file, a CMS export
    holding its record (``export.jsonl:3``, ``export.json#/2``) or a folder above it."""
    return any(_changed(claim, changed) for claim in violation.claims)


def _changed(claim: Claim, changed: Collection[str]) -> bool:
    path = claim.path
    if path in changed:
        return True
    return any(path.startswith(prefix + suffix) for prefix in changed for suffix in (":", "#", os.sep))


def gate(verdict: Verdict, baseline: Optional[RuleBaseline], changed: Optional[Collection[str]] = None,
         record: bool = False) -> Gated:
    """Sift ``verdict``: ``baseline`` is the rule's known contradictions (None: no baseline in use; an empty
    RuleBaseline: a baseline that knows none of this rule's), ``changed`` the changed paths (None: every
    document counts), ``record`` True when this run writes the baseline (every contradiction becomes known).
    """
    total = len(verdict.violations) + verdict.unlisted
    if record:
        return Gated(replace(verdict, violations=(), unlisted=0), known=total)
    new: list[Violation] = list(verdict.violations)
    new_unlisted = verdict.unlisted
    stale: tuple[EntryKey, ...] = ()
    stale_unnamed = 0
    if baseline is not None:
        remaining = Counter(baseline.entries)
        new = []
        for violation in verdict.violations:
            key = entry_key(violation)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                new.append(violation)
        # Beyond the listed ones only the count tells: what the total grew by, less the new listed ones.
        new_unlisted = min(verdict.unlisted, max(0, total - baseline.total - len(new)))
        if not verdict.unlisted:  # every contradiction listed: what was not met is fixed
            stale = tuple(sorted(remaining.elements()))
            stale_unnamed = baseline.total - len(baseline.entries)
    known = total - len(new) - new_unlisted
    unchanged = 0
    if changed is not None:
        reported = [violation for violation in new if involves(violation, changed)]
        unchanged = len(new) - len(reported)
        new = reported
    return Gated(replace(verdict, violations=tuple(new), unlisted=new_unlisted), known, unchanged, stale,
                 stale_unnamed)


@dataclass
class Gate:
    """The run's sifting: the baseline read (or None), whether this run writes it, the changed paths; and on
    the process that prints the closing section, every rule's verdict as evaluated and as sifted."""

    baseline: Optional[Baseline] = None
    #: this run writes the baseline (no file yet, or --claims-baseline-update): every contradiction is known
    record: bool = False
    #: absolute paths of the changed documents and folders; None: not a pull-request run
    changed: Optional[frozenset[str]] = None
    evaluated: dict[str, Verdict] = field(default_factory=dict)
    gated: dict[str, Gated] = field(default_factory=dict)

    @property
    def uses_baseline(self) -> bool:
        return self.baseline is not None or self.record

    def sift(self, verdict: Verdict) -> Gated:
        """The verdict of a rule sifted, without keeping it (a worker's rule item)."""
        known: Optional[RuleBaseline] = None
        if self.baseline is not None:
            known = self.baseline.rules.get(verdict.rule, RuleBaseline((), 0))
        return gate(verdict, known, self.changed, self.record)

    def keep(self, verdict: Verdict) -> Verdict:
        """Sift and keep a rule's verdict (for the closing section and the baseline); the sifted verdict."""
        self.evaluated[verdict.rule] = verdict
        self.gated[verdict.rule] = gated = self.sift(verdict)
        return gated.verdict

    def to_write(self) -> Baseline:
        """The baseline this run writes: every contradiction of the rules it evaluated, and the entries of the
        rules it did not (deselected, broken) kept from the file it read."""
        written = dict(Baseline.of(self.evaluated.values()).rules)
        if self.baseline is not None:
            written.update({name: rule for name, rule in self.baseline.rules.items() if name not in self.evaluated})
        return Baseline(written)

    def not_evaluated(self) -> Mapping[str, RuleBaseline]:
        """Baseline rules this run did not evaluate: their entries are neither met nor stale."""
        if self.baseline is None:
            return {}
        return {name: rule for name, rule in self.baseline.rules.items() if name not in self.evaluated}

    def totals(self) -> tuple[int, int]:
        """(known, unchanged) over the rules kept."""
        return (sum(g.known for g in self.gated.values()), sum(g.unchanged for g in self.gated.values()))

    def stale(self) -> Iterable[tuple[str, Gated]]:
        return ((rule, gated) for rule, gated in self.gated.items() if gated.stale or gated.stale_unnamed)


def changed_paths(changed: Iterable[str], archive: Iterable[str], base: Path) -> frozenset[str]:
    """The changed files and folders as absolute paths (``base``: where relative ones start). Each must exist and
    lie among the documents given to --claims, where the rules see it with the archive; ClaimsError if not."""
    roots = [(base / root).resolve() for root in archive]
    found: set[str] = set()
    for text in changed:
        path = (base / text).resolve()
        if not path.exists():
            raise ClaimsError(f"--claims-changed {text}: no such file; a deleted document has no claims to check: "
                              "leave it out (git diff --diff-filter=d)")
        if not any(path == root or path.is_relative_to(root) for root in roots):
            raise ClaimsError(f"--claims-changed {text}: not among the documents of --claims "
                              f"({', '.join(str(root) for root in roots)}), so no rule would see its claims beside "
                              "the archive's; add its folder to --claims or leave it out")
        found.add(str(path))
    return frozenset(found)
