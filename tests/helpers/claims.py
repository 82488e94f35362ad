"""Real Claim records built by hand, so rule tests do not depend on extraction."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pytest_claims.records.model import COUNT, SHARE, Claim, Quantity


def make_claim(
    sentence: str,
    number: str,
    *,
    value: Optional[float] = None,
    counts: Optional[str] = "people",
    kind: str = COUNT,
    document: str = "a.txt",
    outlet: Optional[str] = "Reuters",
    day: Optional[date] = date(2016, 11, 28),
    sentence_start: int = 40,
    occurrence: int = 1,
    source: Optional[str] = None,
    source_text: str = "",
    as_of: Optional[date] = None,
    as_of_source: Optional[str] = None,
) -> Claim:
    """A claim for the ``occurrence``-th appearance of ``number`` (its surface) in ``sentence``.

    ``sentence_start`` is non-zero so that offsets into the document differ
    from offsets into the sentence, as they do in real documents. The claim
    holds on ``as_of`` when given, else on the document date ``day``.
    """
    at = -1
    for _ in range(occurrence):
        at = sentence.index(number, at + 1)
    digits = "".join(ch for ch in number if ch.isdigit() or ch == ".")
    amount = value if value is not None else float(digits)
    unit = "percent" if kind == SHARE and number.endswith("%") else ""
    quantity = Quantity(
        value=amount, low=amount, high=amount, qualifier=None, unit=unit, kind=kind, surface=number,
        span=(sentence_start + at, sentence_start + at + len(number)), number_text=number,
    )
    return Claim(
        quantity=quantity, document=document, path=f"/news/{document}", date=day,
        date_source=None if day is None else "test", outlet=outlet, sentence=sentence,
        sentence_start=sentence_start, line=3, counts=counts, source=source,
        source_text=source_text or (source or ""), as_of=as_of or day,
        as_of_source=as_of_source or (None if (as_of or day) is None else "document date"),
    )
