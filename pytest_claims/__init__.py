"""pytest-claims: numeric-claim consistency checks for news prose."""

from __future__ import annotations

from typing import Any

from .records.intervals import Interval
from .records.model import Claim, Document, Quantity, Verdict, Violation

__all__ = ["EXTRACTOR_VERSION", "extract", "Claim", "Document", "Interval", "Quantity", "Verdict", "Violation"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Extraction (quantulum3) loads on first use: pytest imports this package for the
    # plugin on every run, also runs that never read a document.
    if name in ("extract", "EXTRACTOR_VERSION"):
        from .prose import extraction

        return getattr(extraction, name)
    if name == "PytestClaimsWarning":  # for -W error::pytest_claims.PytestClaimsWarning; the plugin imports pytest
        from .plugin import PytestClaimsWarning

        return PytestClaimsWarning
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
