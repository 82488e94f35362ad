"""The claims of one document as compact JSON text, and back.

A payload is a JSON array ``[contexts, sentences, claims]``:

* ``contexts``: the distinct ``[date, date_source, outlet]`` of the claims
  (one for the claims of a real document);
* ``sentences``: the distinct ``[sentence_start, sentence]``, each written
  once however many claims it holds;
* ``claims``: one array per claim, its fields in the order of
  :data:`CLAIM_ROW`, the context and the sentence as indexes into the
  lists above.

The path and name of the document are not stored: a moved or renamed file
with the same text and metadata is the same entry, and :func:`decode_claims`
takes both from the Document being read. Dates are ISO text; numbers keep
their exact value and type (JSON writes a float's shortest repr, infinities
as ``Infinity``). Decoding checks the shape and type of every field and
raises :class:`CodecError` on anything else, so a damaged payload is never
half read. JSON, not pickle: reading a cache file must never run code.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Optional

from ..records.model import Claim, Document, Quantity

_TEXT = (str,)
_MAYBE_TEXT = (str, type(None))
_WHOLE = (int,)
_NUMBER = (float, int)
_MAYBE_NUMBER = (float, int, type(None))
_FLAG = (bool,)
#: what each claim array holds, in order, and the JSON types allowed there ("context" and "sentence" index the
#: payload's tables; dates are ISO text). Exact types: a boolean is not a number here.
CLAIM_ROW = (
    ("context", _WHOLE), ("sentence", _WHOLE), ("line", _WHOLE), ("value", _NUMBER), ("low", _MAYBE_NUMBER),
    ("high", _MAYBE_NUMBER), ("qualifier", _MAYBE_TEXT), ("unit", _TEXT), ("kind", _TEXT), ("surface", _TEXT),
    ("span_start", _WHOLE), ("span_end", _WHOLE), ("low_inclusive", _FLAG), ("high_inclusive", _FLAG),
    ("number_text", _TEXT), ("total", _MAYBE_NUMBER), ("counts", _MAYBE_TEXT), ("counted_phrase", _TEXT),
    ("source", _MAYBE_TEXT), ("source_text", _TEXT), ("as_of", _MAYBE_TEXT), ("as_of_source", _MAYBE_TEXT),
)
CLAIM_FIELDS = tuple(name for name, _ in CLAIM_ROW)
_ROW_TYPES = tuple(types for _, types in CLAIM_ROW)
#: the Claim and Quantity fields a payload keeps; Claim.document and Claim.path come from the Document
STORED_CLAIM_FIELDS = frozenset({"quantity", "date", "date_source", "outlet", "sentence", "sentence_start", "line",
                                 "counts", "counted_phrase", "source", "source_text", "as_of", "as_of_source"})
STORED_QUANTITY_FIELDS = frozenset({"value", "low", "high", "qualifier", "unit", "kind", "surface", "span",
                                    "low_inclusive", "high_inclusive", "number_text", "total"})


class CodecError(ValueError):
    """A payload that is not what :func:`encode_claims` writes (damaged, or from another format)."""


def encode_claims(claims: Sequence[Claim]) -> str:
    """The claims as one JSON text (see the module doc); their documents' path and name are left out."""
    contexts: dict[tuple[Optional[str], Optional[str], Optional[str]], int] = {}
    sentences: dict[tuple[int, str], int] = {}
    rows = []
    for claim in claims:
        quantity = claim.quantity
        context = contexts.setdefault((_iso(claim.date), claim.date_source, claim.outlet), len(contexts))
        sentence = sentences.setdefault((claim.sentence_start, claim.sentence), len(sentences))
        rows.append([
            context, sentence, claim.line, quantity.value, quantity.low, quantity.high, quantity.qualifier,
            quantity.unit, quantity.kind, quantity.surface, quantity.span[0], quantity.span[1],
            quantity.low_inclusive, quantity.high_inclusive, quantity.number_text, quantity.total, claim.counts,
            claim.counted_phrase, claim.source, claim.source_text, _iso(claim.as_of), claim.as_of_source,
        ])
    payload = [[list(context) for context in contexts], [list(sentence) for sentence in sentences], rows]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def decode_claims(payload: str, document: Document) -> list[Claim]:
    """The claims :func:`encode_claims` wrote, with ``document``'s path and name; CodecError if malformed."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"not JSON: {exc}") from None
    context_rows, sentence_rows, claim_rows = _array(data, 3, "payload")
    contexts = [(_day(_optional_text(row[0])), _optional_text(row[1]), _optional_text(row[2]))
                for row in (_array(item, 3, "context") for item in _array(context_rows, None, "contexts"))]
    sentences = [(_whole(row[0]), _text(row[1]))
                 for row in (_array(item, 2, "sentence") for item in _array(sentence_rows, None, "sentences"))]
    claims = []
    for item in _array(claim_rows, None, "claims"):
        checked = _array(item, len(CLAIM_ROW), "claim")
        if not all(type(value) in types for value, types in zip(checked, _ROW_TYPES)):
            raise CodecError(_wrong_field(checked))
        row: list[Any] = checked  # every field's type checked above
        day, day_source, outlet = contexts[_index(row[0], len(contexts))]
        sentence_start, sentence = sentences[_index(row[1], len(sentences))]
        quantity = Quantity(
            value=row[3], low=row[4], high=row[5], qualifier=row[6], unit=row[7], kind=row[8], surface=row[9],
            span=(row[10], row[11]), low_inclusive=row[12], high_inclusive=row[13], number_text=row[14],
            total=row[15],
        )
        claims.append(Claim(
            quantity=quantity, document=document.name, path=document.path, date=day, date_source=day_source,
            outlet=outlet, sentence=sentence, sentence_start=sentence_start, line=row[2], counts=row[16],
            counted_phrase=row[17], source=row[18], source_text=row[19], as_of=_day(row[20]), as_of_source=row[21],
        ))
    return claims


def _wrong_field(row: list[object]) -> str:
    for (name, types), value in zip(CLAIM_ROW, row):
        if type(value) not in types:
            return f"claim {name} {value!r} is not {' or '.join(kind.__name__ for kind in types)}"
    return "claim fields of the right types"  # not reached: called on a row with a wrong field


def _iso(day: Optional[datetime.date]) -> Optional[str]:
    return None if day is None else day.isoformat()


def _array(value: object, length: Optional[int], what: str) -> list[object]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise CodecError(f"{what} is not an array{'' if length is None else f' of {length}'}")
    return value


def _index(value: object, size: int) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise CodecError(f"index {value!r} out of range")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise CodecError(f"{value!r} is not text")
    return value


def _optional_text(value: object) -> Optional[str]:
    return None if value is None else _text(value)


def _whole(value: object) -> int:
    if type(value) is not int:
        raise CodecError(f"{value!r} is not a whole number")
    return value


@lru_cache(maxsize=4096)  # the same few dates in every payload: a lookup costs less than parsing and checking
def _day(text: Optional[str]) -> Optional[datetime.date]:
    """The date of ISO text (the caller has checked it is text or None)."""
    if text is None:
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CodecError(f"{text!r} is not a date") from None
    if day.isoformat() != text:
        raise CodecError(f"{text!r} is not a date as written by the encoder")
    return day
