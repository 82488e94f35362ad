"""pytest-claims: numeric-claim consistency checks for news prose."""

from __future__ import annotations

from .extraction import EXTRACTOR_VERSION, extract
from .model import Claim, Document, Interval, Quantity, Verdict, Violation

__all__ = ["EXTRACTOR_VERSION", "extract", "Claim", "Document", "Interval", "Quantity", "Verdict", "Violation"]
__version__ = "0.1.0"
