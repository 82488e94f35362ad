"""Rule self-tests: run a rule on the tiny documents of one of its ``examples``.

An example says whether the rule must pass or fail on its documents and,
optionally, which numbers (as written) the rule must select there. The
documents go through the same extraction and claims as real ones; their
line numbers are lines of the rule file, so a table points at the example.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

from ..engine.evaluate import evaluate_rule
from ..records.errors import RuleError
from ..records.model import Claim, Document
from ..rulefile.rule import Example, ExampleDocument, Rule
from ..store.cache import ClaimCache
from ..store.extract import extract_documents
from .outcomes import ExampleOutcome


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


def run_example(rule: Rule, example: Example, cache: Optional[ClaimCache] = None) -> ExampleOutcome:
    """The rule on the example's documents, their claims read from ``cache`` when it has them."""
    documents = example_documents(rule, example)
    claims = extract_documents(documents, len(documents), cache=cache).claims
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
