"""Rule self-tests: run a rule on the tiny documents of one of its ``examples``.

An example says whether the rule must pass or fail on its documents and,
optionally, which numbers (as written) the rule must select there. The
documents go through the same extraction and claims as real ones; their
line numbers are lines of the rule file, so a table points at the example.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..prose.claims import corpus_claims
from ..engine.evaluate import evaluate_rule
from ..records.errors import RuleError
from ..records.model import Claim, Document, Verdict
from ..rulefile.rules import Example, ExampleDocument, Rule


@dataclass(frozen=True)
class ExampleOutcome:
    """What the rule did on an example, and whether that is what the example expects."""

    rule: Rule
    example: Example
    verdict: Optional[Verdict]
    error: Optional[RuleError]  # the rule could not judge the example (selected nothing, ...)
    missing: tuple[str, ...] = ()  # numbers the example says the rule selects, and it did not
    unexpected: tuple[str, ...] = ()  # numbers the rule selected that the example does not list

    @property
    def outcome(self) -> str:
        """``pass``, ``fail`` or ``error``: what the rule did."""
        if self.error is not None or self.verdict is None:
            return "error"
        return "pass" if self.verdict.passed else "fail"

    @property
    def as_expected(self) -> bool:
        return self.outcome == self.example.expect and not self.missing and not self.unexpected


def example_documents(rule: Rule, example: Example) -> list[Document]:
    """The example's documents, placed at their lines of the rule file."""
    file_name = Path(rule.path).name
    return [
        Document(
            path=f"{rule.path}::{rule.name}[{example.name}]/{document.name}",
            name=document.name,
            text=document.text,
            title=document.title,
            outlet=document.outlet,
            date=document.date,
            date_source=f"{file_name}:{document.line}" if document.date else None,
            body_line=_first_text_line(rule, document),
        )
        for document in example.documents
    ]


def _first_text_line(rule: Rule, document: ExampleDocument) -> int:
    """The rule-file line the document's text starts on: after ``text: |``, else the key's own line."""
    lines = rule.source_lines
    if not 1 <= document.line <= len(lines):
        return max(document.line, 1)
    after_key = lines[document.line - 1].split(":", 1)[-1].strip()
    block = after_key[:1] in ("|", ">")
    return document.line + 1 if block else document.line


def run_example(rule: Rule, example: Example) -> ExampleOutcome:
    claims = corpus_claims(example_documents(rule, example))
    try:
        verdict = evaluate_rule(rule, claims)
    except RuleError as error:
        return ExampleOutcome(rule, example, None, error)
    missing, unexpected = _selection_differences(example, verdict.selected)
    return ExampleOutcome(rule, example, verdict, None, missing, unexpected)


def _selection_differences(example: Example, selected: tuple[Claim, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not example.selects:
        return (), ()
    # counted, not only compared as sets: "8,574" listed twice needs two claims written "8,574"
    wanted = Counter(_written(number) for number in example.selects)
    got = Counter(_written(claim.quantity.surface) for claim in selected)
    as_listed = {_written(number): number for number in example.selects}
    as_found = {_written(claim.quantity.surface): claim.quantity.surface for claim in selected}
    missing = tuple(as_listed[key] for key in wanted - got)
    unexpected = tuple(as_found[key] for key in got - wanted)
    return missing, unexpected


def _written(number: str) -> str:
    """A number as written, compared loosely: case and runs of spaces do not matter."""
    return " ".join(number.split()).casefold()
