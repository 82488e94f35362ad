"""The baseline file (--claims-baseline): the contradictions a newsroom knows of and accepts for now.

Each contradiction is kept by what does not move when an article is edited elsewhere: its rule, and each
claim's document name and value as written (``"about 85%"``), never line numbers or spans. A rule that found
more contradictions than a verdict lists (``Verdict.unlisted``) also keeps its total, so that growth beyond
the listed ones still fails. The file is JSON with a version, its rules and entries sorted, one entry a line,
so that a pull request's diff of it reads as the contradictions added or dropped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..prose.documents import EXPORT_SUFFIXES
from ..records.errors import ClaimsError
from ..records.model import Claim, Verdict, Violation

#: the version of the file's layout; a file of another version is an error, not a guess
VERSION = 1

#: one claim of a contradiction: (document name, value as written)
ClaimKey = tuple[str, str]
#: one contradiction: its claims' keys, sorted (the order a check lists them in carries no meaning)
EntryKey = tuple[ClaimKey, ...]

_RECORD_PLACE = re.compile(r"(?P<file>.*(?:" + "|".join(re.escape(s) for s in EXPORT_SUFFIXES) + r"))"
                           r"(?::\d+|#.*)$", re.IGNORECASE)


def document_key(claim: Claim) -> str:
    """The claim's document name, without a CMS record's place in its export (``export.jsonl:3`` ->
    ``export.jsonl``): the line of a record moves when another record is added above it."""
    match = _RECORD_PLACE.fullmatch(claim.document)
    return match.group("file") if match else claim.document


def entry_key(violation: Violation) -> EntryKey:
    """What identifies a contradiction across edits: each claim's document and value as written."""
    return tuple(sorted((document_key(claim), claim.quantity.written) for claim in violation.claims))


@dataclass(frozen=True)
class RuleBaseline:
    """A rule's known contradictions: their keys (repeated when the same key occurs twice) and their total,
    which exceeds the keys when the rule found more than its verdict listed."""

    entries: tuple[EntryKey, ...]
    total: int

    @classmethod
    def of(cls, verdict: Verdict) -> RuleBaseline:
        return cls(tuple(sorted(entry_key(v) for v in verdict.violations)),
                   len(verdict.violations) + verdict.unlisted)


@dataclass(frozen=True)
class Baseline:
    """The known contradictions, by rule name."""

    rules: Mapping[str, RuleBaseline]

    @property
    def contradictions(self) -> int:
        return sum(rule.total for rule in self.rules.values())

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> Baseline:
        """The contradictions of these verdicts (rules without any are left out)."""
        return cls({v.rule: RuleBaseline.of(v) for v in sorted(verdicts, key=lambda v: v.rule) if not v.passed})


def render_baseline(baseline: Baseline) -> str:
    """The file's text: sorted keys, one entry a line, a final newline; the same baseline, the same bytes."""
    lines = ["{", f'  "version": {VERSION},', '  "rules": {']
    names = sorted(baseline.rules)
    for index, name in enumerate(names):
        rule = baseline.rules[name]
        lines.append(f"    {_json(name)}: {{")
        lines.append(f'      "contradictions": {rule.total},')
        entries = [_json({"claims": [{"document": doc, "value": value} for doc, value in entry]})
                   for entry in sorted(rule.entries)]
        if entries:
            lines.append('      "known": [')
            lines += [f"        {entry}" + ("," if i < len(entries) - 1 else "") for i, entry in enumerate(entries)]
            lines.append("      ]")
        else:
            lines.append('      "known": []')
        lines.append("    }" + ("," if index < len(names) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def parse_baseline(text: str, path: str) -> Baseline:
    """The baseline in ``text``; ClaimsError naming ``path`` when it is not a baseline file of this version."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ClaimsError(f"not a baseline file: invalid JSON: {error.msg}", path, error.lineno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        raise ClaimsError(f"not a baseline file of version {VERSION} (version: {found!r}); write it again "
                          "with --claims-baseline-update", path)
    rules = data.get("rules")
    if not isinstance(rules, dict):
        raise ClaimsError("not a baseline file: no \"rules\" object", path)
    parsed: dict[str, RuleBaseline] = {}
    for name, rule in rules.items():
        try:
            entries = tuple(tuple((str(c["document"]), str(c["value"])) for c in entry["claims"])
                            for entry in rule["known"])
            total = int(rule["contradictions"])
        except (KeyError, TypeError, ValueError):
            raise ClaimsError(f"not a baseline file: rule {name!r} has no \"contradictions\" count and "
                              "\"known\" list of claims (document, value)", path) from None
        parsed[str(name)] = RuleBaseline(tuple(sorted(tuple(sorted(entry)) for entry in entries)),
                                         max(total, len(entries)))
    return Baseline(parsed)


def read_baseline(path: Path) -> Baseline | None:
    """The baseline in ``path``; None when there is no such file (the run writes it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):  # not there: this run writes it (or says why not)
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ClaimsError(f"cannot read the baseline file: {reason}", str(path)) from None
    return parse_baseline(text, str(path))


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write the file whole or not at all (under another name, then renamed); ClaimsError when it cannot."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(render_baseline(baseline), encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        if partial.is_file():
            partial.unlink()
        raise ClaimsError(f"cannot write the baseline file: {error.strerror or error}", str(path)) from None
