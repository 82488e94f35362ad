"""One line per failure, for ``--tb=line`` and for pytest warnings.

pytest's ``--tb=line`` prints a failure's ``longrepr`` and then its crash
line (``str(longrepr.reprcrash)``, else the first 50 characters of the
longrepr); an error only its ``longrepr``. :func:`one_line_repr` builds a
longrepr of pytest's own classes (which pytest-xdist serialises whole) whose
crash line is ``file:line: message`` and which prints nothing more for a
failure and that one line for an error.
"""

from __future__ import annotations

import re

from _pytest._code.code import ReprEntry, ReprExceptionInfo, ReprFileLocation, ReprTraceback

from ..records.model import Claim, Verdict
from .tables import at_line


def contradiction_line(verdict: Verdict) -> str:
    """A rule's contradictions in one line: how many, then the first with its claims' places and values.

    ``trapped-falls: 2 contradictions: seeds/a.txt:5 '270,000' vs seeds/b.txt:9 '250,000': decreasing: ...``
    """
    count = len(verdict.violations) + verdict.unlisted
    line = f"{verdict.rule}: {count:,} contradiction{'s' if count != 1 else ''}"
    if not verdict.violations:
        return line
    first = verdict.violations[0]
    line += ": " + " vs ".join(_claim_place(claim) for claim in first.claims) + f": {first.constraint}"
    if count > 1:
        line += f" (and {count - 1:,} more)"
    return line


def _claim_place(claim: Claim) -> str:
    """``/news/a.txt:13 '52'``."""
    return f"{at_line(claim.path, claim.line)} '{claim.quantity.written}'"


def one_line_repr(path: str, line: int, message: str, *, printed: bool) -> ReprExceptionInfo:
    """A longrepr whose crash line is ``path:line: message`` (its first line).

    ``printed``: the longrepr prints that line itself (errors, whose section
    shows only the longrepr); otherwise it prints nothing (failures, after
    which ``--tb=line`` prints the crash line).
    """
    first = message.split("\n", 1)[0]
    crash = ReprFileLocation(path, line, first)
    where = f"{path}:{line}: " if line else f"{path}: "
    entries = [ReprEntry([where + first], None, None, None, "value")] if printed else []
    return ReprExceptionInfo(reprtraceback=ReprTraceback(entries, None, "value"), reprcrash=crash)


_LOCATED = re.compile(r"(?P<path>[^\s:][^:\n]*?)(?::(?P<line>[0-9]+))?: (?P<message>.*)")


def error_repr(text: str, path: str, line: int) -> ReprExceptionInfo:
    """The one-line longrepr of an error whose message is ``text``, printed as its first line.

    A message that starts with its own ``file:line:`` (rule and document errors do) is located there;
    any other at ``path:line``.
    """
    first = text.split("\n", 1)[0]
    located = _LOCATED.fullmatch(first)
    if located is not None and (located["line"] or "." in located["path"]):
        return one_line_repr(located["path"], int(located["line"] or 0), located["message"], printed=True)
    return one_line_repr(path, line, first, printed=True)
