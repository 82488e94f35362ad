"""What a rule file holds, once read: :class:`Rule` records with their examples and line marks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..checks import Check
from ..language.selectors import Selector
from ..records.errors import RuleError, format_excerpt

#: the keys of a rule beside its check's own parameters
BASE_KEYS = ("name", "description", "select", "check", "severity", "examples")
SEVERITIES = ("error", "warning")
EXPECTATIONS = ("pass", "fail")
EXAMPLE_KEYS = ("name", "expect", "text", "date", "outlet", "documents", "selects")
EXAMPLE_DOCUMENT_KEYS = ("name", "text", "date", "outlet", "title")
RULE_FILE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ExampleDocument:
    """One tiny document of a rule example, as written in the rule file."""

    name: str
    text: str
    date: Optional[datetime.date] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    line: int = 0  # line of the document's text in the rule file


@dataclass(frozen=True)
class Example:
    """A rule self-test: documents the rule must pass or fail on.

    ``selects`` lists numbers as written that the rule must select in these
    documents, no more and no fewer; empty when the author did not say.
    """

    name: str
    expect: str  # "pass" or "fail"
    documents: tuple[ExampleDocument, ...]
    line: int
    selects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of a rule file; each becomes one pytest test.

    ``line`` is the rule mapping's first line (its first key). ``key_spans``
    holds (key, first line, last line) for every key, nested keys dotted
    (``select.near``, ``left.counts``), so later errors can point at them.
    """

    name: str
    description: str
    path: str
    line: int
    select: Selector
    check: Check
    severity: str = "error"
    examples: tuple[Example, ...] = ()
    key_spans: tuple[tuple[str, int, int], ...] = field(default=(), repr=False, compare=False)
    source_lines: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def line_of(self, key: str) -> int:
        """Line of ``key`` (e.g. ``"select"``, ``"select.near"``), or the rule's line."""
        return self._span(key)[0]

    def error(self, message: str, key: Optional[str] = None) -> RuleError:
        """A RuleError at ``key`` (or the rule's first line), quoting those lines."""
        first, last = self._span(key) if key else (self.line, self.line)
        return RuleError(message, self.path, first, format_excerpt(self.source_lines, first, last))

    def _span(self, key: Optional[str]) -> tuple[int, int]:
        return find_span(self.key_spans, key, self.line)


def find_span(spans: Iterable[tuple[str, int, int]], key: Optional[str], default: int) -> tuple[int, int]:
    """First and last line of ``key`` among (key, first, last) spans; ``default`` for both when absent."""
    for name, first, last in spans:
        if name == key:
            return first, last
    return default, default


class RuleNames:
    """Rule names taken so far: a later rule reusing one is an error at its ``name`` line."""

    def __init__(self) -> None:
        self._first: dict[str, Rule] = {}

    def duplicate(self, rule: Rule) -> Optional[RuleError]:
        earlier = self._first.setdefault(rule.name, rule)
        if earlier is rule:
            return None
        return rule.error(f"duplicate rule name '{rule.name}': also defined at {earlier.path}:{earlier.line}",
                          "name")


def check_unique_names(rules: Iterable[Rule]) -> None:
    names = RuleNames()
    for rule in rules:
        error = names.duplicate(rule)
        if error is not None:
            raise error
