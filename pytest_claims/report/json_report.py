"""The JSON report of a run (``--claims-report-json``): every document, claim and rule outcome as plain data.

Pure: :func:`build_report` turns the run's records into a dict of JSON values, valid against the schema
shipped beside the package (``pytest_claims/report.schema.json``, see docs/json-report.md);
:func:`write_report` is the only part that touches a file.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from ..prose.documents import Catalogue
from ..records.errors import ClaimsError
from ..records.model import Claim, DocumentInfo, Verdict
from .outputs import render_json, write_view

#: the report's format version: bumped when a field changes meaning or is removed
REPORT_VERSION = 1
#: the schema's ``$id``, stable across releases of the same version
SCHEMA_ID = "urn:pytest-claims:report.schema.json"
SCHEMA_FILE = "report.schema.json"

PASSED = "passed"
FAILED = "failed"
WARNING = "warning"
ERROR = "error"


@dataclass(frozen=True)
class RuleProblem:
    """A rule that could not be evaluated, or a rule file that could not be read.

    ``name`` is the test's name; ``position`` is where the rule (or the broken file) is written;
    ``check`` and ``severity`` are None when the rule was never read.
    """

    name: str
    position: tuple[str, int]
    error: ClaimsError
    check: Optional[str] = None
    severity: Optional[str] = None
    #: a whole rule file (or the rules folder) is broken, not one rule
    file_problem: bool = False


def report_schema() -> dict[str, Any]:
    """The report's JSON Schema, as shipped in the package."""
    text = resources.files("pytest_claims").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def build_report(catalogue: Catalogue, claims: Optional[Sequence[Claim]], verdicts: Mapping[str, Verdict],
                 positions: Mapping[str, tuple[str, int]], rule_problems: Sequence[RuleProblem]) -> dict[str, Any]:
    """The report: ``claims`` is None when nothing was extracted; ``verdicts`` and ``positions`` are keyed by
    rule name; rules are listed in the order they are written (evaluated and broken alike)."""
    ids = _ClaimIds(claims or ())
    evaluated = [_rule(name, positions.get(name, ("", 0)), verdict, ids) for name, verdict in verdicts.items()]
    broken = [_broken_rule(problem) for problem in rule_problems if not problem.file_problem]
    rules = sorted(evaluated + broken, key=lambda rule: (rule["file"], rule["line"], rule["name"]))
    problems = [_problem("document", problem) for problem in catalogue.problems]
    problems += [_problem("rule file", problem.error, problem.position) for problem in rule_problems
                 if problem.file_problem]
    outcomes = [rule["outcome"] for rule in rules]
    return {
        "$schema": SCHEMA_ID,
        "version": REPORT_VERSION,
        "counts": {
            "documents": len(catalogue.documents),
            "quantities": None if claims is None else len(ids.claims),
            "unreadable_documents": len(catalogue.problems),
            "broken_rule_files": sum(1 for problem in rule_problems if problem.file_problem),
            "rules": len(rules),
            **{outcome: outcomes.count(outcome) for outcome in (PASSED, FAILED, WARNING, ERROR)},
        },
        "documents": [_document(document) for document in catalogue.documents],
        "claims": [_claim(ids.of(claim), claim) for claim in ids.claims],
        "rules": rules,
        "problems": problems,
    }


def write_report(path: Path, report: Mapping[str, Any]) -> None:
    """Write ``report`` as UTF-8 JSON, whole or not at all (a reader never sees half a file)."""
    write_view(path, render_json(report), "JSON report")


class _ClaimIds:
    """``c1``, ``c2``... for the run's claims in their order; a claim a verdict holds but the run does not
    (never expected) is added, so every id a rule names is listed."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = list(claims)
        self._ids = {claim.key: f"c{number}" for number, claim in enumerate(self.claims, 1)}

    def of(self, claim: Claim) -> str:
        found = self._ids.get(claim.key)
        if found is None:
            self.claims.append(claim)
            found = self._ids[claim.key] = f"c{len(self.claims)}"
        return found


def _date(day: Optional[datetime.date]) -> Optional[str]:
    return None if day is None else day.isoformat()


def _document(document: DocumentInfo) -> dict[str, Any]:
    return {"path": document.path, "name": document.name, "file": document.source_file,
            "date": _date(document.date), "date_source": document.date_source, "outlet": document.outlet,
            "title": document.title, "url": document.url, "record_id": document.record_id}


def _claim(claim_id: str, claim: Claim) -> dict[str, Any]:
    quantity = claim.quantity
    return {
        "id": claim_id, "document": claim.path, "name": claim.document, "line": claim.line,
        "span": list(quantity.span), "surface": quantity.surface, "number_text": quantity.number_text,
        "value": quantity.value, "low": quantity.low, "high": quantity.high,
        "low_inclusive": quantity.low_inclusive, "high_inclusive": quantity.high_inclusive,
        "qualifier": quantity.qualifier, "kind": quantity.kind, "unit": quantity.unit, "total": quantity.total,
        "counts": claim.counts, "counted_phrase": claim.counted_phrase,
        "source": claim.source, "source_text": claim.source_text,
        "date": _date(claim.date), "outlet": claim.outlet,
        "as_of": _date(claim.as_of), "as_of_source": claim.as_of_source,
        "sentence": claim.sentence, "sentence_start": claim.sentence_start,
    }


def _outcome(verdict: Verdict) -> str:
    if verdict.passed:
        return PASSED
    return WARNING if verdict.severity == "warning" else FAILED


def _rule(name: str, position: tuple[str, int], verdict: Verdict, ids: _ClaimIds) -> dict[str, Any]:
    return {
        "name": name, "file": position[0], "line": position[1], "check": verdict.check,
        "severity": verdict.severity, "outcome": _outcome(verdict), "error": None,
        "selected": [ids.of(claim) for claim in verdict.selected],
        "contradictions": [{"claims": [ids.of(claim) for claim in violation.claims],
                            "constraint": violation.constraint} for violation in verdict.violations],
        "unlisted": verdict.unlisted,
        "notes": list(verdict.notes),
    }


def _broken_rule(problem: RuleProblem) -> dict[str, Any]:
    return {
        "name": problem.name, "file": problem.position[0], "line": problem.position[1], "check": problem.check,
        "severity": problem.severity, "outcome": ERROR, "error": _error(problem.error),
        "selected": [], "contradictions": [], "unlisted": 0, "notes": [],
    }


def _error(error: ClaimsError) -> dict[str, Any]:
    return {"message": error.message, "file": error.path, "line": error.line}


def _problem(kind: str, error: ClaimsError, position: Optional[tuple[str, int]] = None) -> dict[str, Any]:
    file, line = error.path, error.line
    if file is None and position is not None:
        file, line = position[0], position[1] or None
    return {"kind": kind, "file": file, "line": line, "message": error.message}
