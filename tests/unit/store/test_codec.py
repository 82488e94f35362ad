"""The payload codec: claims of a document to compact JSON and back, exactly, and nothing else decodes."""

from __future__ import annotations

import dataclasses
import json
import math
import zlib
from datetime import date
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.records.model import KINDS, QUALIFIERS, Claim, Document, Quantity
from pytest_claims.store.codec import (
    CLAIM_FIELDS,
    STORED_CLAIM_FIELDS,
    STORED_QUANTITY_FIELDS,
    CodecError,
    decode_claims,
    encode_claims,
)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
DOCUMENT = Document(path="/archive/2016/a.txt", name="a.txt", text="(text not read by the codec)")


def test_seed_claims_round_trip_equal_to_a_fresh_extraction(
        seeds_extracted: list[tuple[Document, list[Claim]]]) -> None:
    assert sum(len(claims) for _, claims in seeds_extracted) > 50
    for document, claims in seeds_extracted:
        assert decode_claims(encode_claims(claims), document) == claims


def test_path_and_name_come_from_the_document_read(seeds_extracted: list[tuple[Document, list[Claim]]]) -> None:
    document, claims = next((d, c) for d, c in seeds_extracted if c)
    payload = encode_claims(claims)
    assert document.path not in payload and document.name not in payload
    moved = dataclasses.replace(document, path="/elsewhere/renamed.txt", name="renamed.txt")
    decoded = decode_claims(payload, moved)
    assert {(claim.path, claim.document) for claim in decoded} == {("/elsewhere/renamed.txt", "renamed.txt")}
    assert [dataclasses.replace(claim, path=document.path, document=document.name) for claim in decoded] == claims


def test_payloads_are_compact(seeds_extracted: list[tuple[Document, list[Claim]]]) -> None:
    """Each sentence and the document's context are written once; compressed, a payload is a fraction of the text."""
    for document, claims in seeds_extracted:
        contexts, sentences, rows = json.loads(encode_claims(claims))
        assert contexts == [[document.date.isoformat() if document.date else None, document.date_source,
                             document.outlet]]
        assert len(sentences) == len({claim.sentence_start for claim in claims}) and len(rows) == len(claims)
    text = sum(len(document.text.encode()) for document, _ in seeds_extracted)
    stored = sum(len(zlib.compress(encode_claims(claims).encode(), 6)) for _, claims in seeds_extracted)
    assert stored < text / 2


def test_the_codec_covers_every_field_of_a_claim() -> None:
    """A field added to Claim or Quantity must be added to the codec, or cached claims would lose it."""
    assert {field.name for field in dataclasses.fields(Claim)} - {"document", "path"} == STORED_CLAIM_FIELDS
    assert {field.name for field in dataclasses.fields(Quantity)} == STORED_QUANTITY_FIELDS
    assert len(CLAIM_FIELDS) == len(set(CLAIM_FIELDS))


def test_no_claims_is_a_payload_too() -> None:
    assert decode_claims(encode_claims([]), DOCUMENT) == []


# --- arbitrary claims ------------------------------------------------------------------------------------------

_texts = st.text(max_size=40)
_optional_texts = st.none() | _texts
_days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
_optional_days = st.none() | _days
_numbers = st.floats(allow_nan=False) | st.integers(min_value=-(10 ** 30), max_value=10 ** 30)
_optional_numbers = st.none() | _numbers
_offsets = st.integers(min_value=0, max_value=10 ** 9)


@st.composite
def _claims(draw: st.DrawFn) -> Claim:
    start = draw(_offsets)
    quantity = Quantity(
        value=draw(_numbers), low=draw(_optional_numbers), high=draw(_optional_numbers),
        qualifier=draw(st.none() | st.sampled_from(QUALIFIERS) | _texts), unit=draw(_texts),
        kind=draw(st.sampled_from(KINDS) | _texts), surface=draw(_texts),
        span=(start, start + draw(st.integers(min_value=0, max_value=1000))),
        low_inclusive=draw(st.booleans()), high_inclusive=draw(st.booleans()), number_text=draw(_texts),
        total=draw(_optional_numbers),
    )
    return Claim(
        quantity=quantity, document=DOCUMENT.name, path=DOCUMENT.path, date=draw(_optional_days),
        date_source=draw(_optional_texts), outlet=draw(_optional_texts), sentence=draw(_texts),
        sentence_start=draw(_offsets), line=draw(st.integers(min_value=1, max_value=10 ** 7)),
        counts=draw(_optional_texts), counted_phrase=draw(_texts), source=draw(_optional_texts),
        source_text=draw(_texts), as_of=draw(_optional_days), as_of_source=draw(_optional_texts),
    )


def _shared(claims: list[Claim], sentence: Optional[str]) -> list[Claim]:
    """Claims of one sentence, as a document has them, so the sentence table is exercised."""
    if sentence is None:
        return claims
    return [dataclasses.replace(claim, sentence=sentence, sentence_start=7) for claim in claims]


@PROPERTY_SETTINGS
@given(st.lists(_claims(), max_size=6), st.none() | _texts)
def test_any_claims_round_trip(claims: list[Claim], shared_sentence: Optional[str]) -> None:
    """Open ends (None), inclusivity flags, unicode, None fields, ints beside floats, infinities."""
    claims = _shared(claims, shared_sentence)
    decoded = decode_claims(encode_claims(claims), DOCUMENT)
    assert decoded == claims
    # == holds for 1 == 1.0 too: the types must survive as well
    for before, after in zip(claims, decoded):
        assert [type(getattr(after.quantity, name)) for name in ("value", "low", "high", "total")] == [
            type(getattr(before.quantity, name)) for name in ("value", "low", "high", "total")]


def test_infinite_bounds_and_lone_surrogates_round_trip() -> None:
    claim = _claim_with(low=-math.inf, high=math.inf, sentence="broken \udcff text", outlet="Le Monde – édition")
    assert decode_claims(encode_claims([claim]), DOCUMENT) == [claim]


def _claim_with(low: Optional[float], high: Optional[float], sentence: str, outlet: str) -> Claim:
    quantity = Quantity(value=3.0, low=low, high=high, qualifier=None, unit="", kind="count", surface="3",
                        span=(0, 1))
    return Claim(quantity=quantity, document=DOCUMENT.name, path=DOCUMENT.path, date=None, date_source=None,
                 outlet=outlet, sentence=sentence, sentence_start=0, line=1)


# --- what does not decode ---------------------------------------------------------------------------------------

def _valid() -> list[object]:
    claim = _claim_with(low=1.0, high=None, sentence="3 people", outlet="AFP")
    payload = json.loads(encode_claims([claim]))
    assert isinstance(payload, list)
    return payload


def _with(path: tuple[int, ...], value: object) -> str:
    payload = _valid()
    target: object = payload
    for index in path[:-1]:
        assert isinstance(target, list)
        target = target[index]
    assert isinstance(target, list)
    target[path[-1]] = value
    return json.dumps(payload)


@pytest.mark.parametrize("payload", [
    "", "not json", "[1, 2", "{}", "[]", "[[], [], [], []]", "null",
    _with((2, 0, 0), 1),  # context index out of range
    _with((2, 0, 1), -1),  # sentence index out of range
    _with((2, 0, 2), "1"),  # line as text
    _with((2, 0, 3), True),  # value as a boolean
    _with((2, 0, 3), None),  # value missing
    _with((2, 0, 10), 1.5),  # span start not whole
    _with((2, 0, 12), 1),  # inclusivity as a number
    _with((2, 0, 16), 5),  # counts as a number
    _with((2, 0, 20), "28/11/2016"),  # as-of date not ISO
    _with((2, 0, 20), "2016-02-30"),  # no such day
    _with((0, 0, 0), "20161128"),  # a date the encoder never writes
    _with((0, 0, 0), ["2016-11-28"]),  # a date in an array
    _with((0, 0), ["2016-11-28", None]),  # context short of a field
    _with((1, 0), [0]),  # sentence without its text
    _with((2, 0), [0, 0, 1]),  # claim short of fields
    _with((2,), {"claims": []}),
], ids=lambda payload: payload[:60])
def test_malformed_payloads_are_refused(payload: str) -> None:
    with pytest.raises(CodecError):
        decode_claims(payload, DOCUMENT)


def test_a_deeply_nested_payload_is_refused_not_a_crash() -> None:
    with pytest.raises(CodecError):
        decode_claims("[" * 100_000 + "]" * 100_000, DOCUMENT)
