"""Errors that carry a file and line, rendered as ``path:line: message``."""

from __future__ import annotations

from typing import Optional


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
        #: offending lines of the file, already formatted for display
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
