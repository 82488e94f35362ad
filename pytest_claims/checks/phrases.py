"""How check kinds quote claims in their messages, so every kind words them alike."""

from __future__ import annotations

from ..records.intervals import Ends, describe_ends
from ..records.model import SHARE, Claim


def counted(claim: Claim) -> str:
    """``"27" children``: the number as written and what it counts."""
    what = claim.counted_phrase or claim.counts
    return f'"{claim.quantity.written}" {what}' if what else f'"{claim.quantity.written}"'


def selector_text(selector: object) -> str:
    describe = getattr(selector, "describe", None)
    return describe() if callable(describe) else str(selector)


def dated_briefly(claim: Claim) -> str:
    """``about 250,000 (2016-11-28, 000_a.txt)``."""
    return f"{claim.quantity.written} ({claim.as_of}, {claim.document})"


def dated_in_document(claim: Claim) -> str:
    """``about 300,000 on 2016-12-09 (002_a.txt)``."""
    return f"{claim.quantity.written} on {claim.as_of} ({claim.document})"


def quoted_with_interval(claim: Claim) -> str:
    """``"more than 341" (341, ∞)``; the interval is left out when it reads like the surface."""
    interval = str(claim.interval)
    surface = claim.quantity.written
    return f'"{surface}"' if interval == surface else f'"{surface}" {_parenthesized(interval)}'


def _parenthesized(interval: str) -> str:
    return interval if interval[0] in "[(" else f"({interval})"


def claim_interval(claim: Claim, as_percent: bool = False) -> str:
    """The claim's interval as checks write it; shares in percent when ``as_percent``."""
    return describe_ends(Ends.of(claim.interval), as_percent)


def is_share(claim: Claim) -> bool:
    return claim.kind == SHARE
