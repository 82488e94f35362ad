"""Errors that carry a file and line, rendered as ``path:line: message`` with the lines quoted."""

from __future__ import annotations

import re
from typing import Optional, Sequence

#: what counts as a line break in files we quote (PyYAML counts the same ones)
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_EXCERPT_MAX_MARKED = 6
_EXCERPT_MAX_WIDTH = 120


class ClaimsError(Exception):
    """A problem in user input (a rule file, a document, an option).

    Never a bug in our code: these are reported to the user as one clear
    message naming the file and line, without a Python traceback.
    """

    def __init__(self, message: str, path: Optional[str] = None, line: Optional[int] = None,
                 excerpt: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        #: offending lines of the file, already formatted for display (:func:`format_excerpt`)
        self.excerpt = excerpt

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.location
        text = f"{where}: {self.message}" if where else self.message
        if self.excerpt:
            text += "\n" + self.excerpt
        return text


class RuleError(ClaimsError):
    """A rule file is broken, or a rule cannot be evaluated (selects nothing, needs dates)."""


class DocumentError(ClaimsError):
    """A document cannot be read, or its metadata is broken."""


def split_lines(text: str) -> tuple[str, ...]:
    """The lines of a file's text, split at every :data:`LINE_BREAK`."""
    return tuple(LINE_BREAK.split(text))


def format_excerpt(lines: Sequence[str], first: int, last: Optional[int] = None,
                   column: Optional[int] = None, context: int = 1) -> str:
    """Lines ``first``..``last`` (1-based) marked with ``>``, after ``context`` lines before.

    ``column`` (0-based) adds a caret under the first marked line.
    """
    if not lines:
        return ""
    first = min(max(first, 1), len(lines))
    last = _trim_trailing_blank(lines, first, min(max(last or first, first), len(lines)))
    shown_last = min(last, first + _EXCERPT_MAX_MARKED - 1)
    start = max(1, first - context)
    width = max(2, len(str(shown_last)))
    out = []
    for number in range(start, shown_last + 1):
        marker = ">" if number >= first else " "
        out.append(f"{marker} {number:>{width}} | {_clip(lines[number - 1])}")
        if number == first and column is not None:
            out.append(f"  {'':>{width}} | {' ' * min(column, _EXCERPT_MAX_WIDTH)}^")
    if shown_last < last:
        out.append(f"  {'':>{width}} | ... ({last - shown_last} more lines)")
    return "\n".join(out)


def _trim_trailing_blank(lines: Sequence[str], first: int, last: int) -> int:
    while last > first and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return last


def _clip(line: str) -> str:
    line = line.expandtabs(4)
    return line if len(line) <= _EXCERPT_MAX_WIDTH else line[: _EXCERPT_MAX_WIDTH - 1] + "…"
