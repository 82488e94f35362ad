"""Document.line_of: a binary search in newline offsets found once per document, same lines as counting."""

from __future__ import annotations

import dataclasses
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.records.model import Document


def _counted(document: Document, offset: int) -> int:
    """The line as it was computed before: newlines counted from the start of the text."""
    return document.body_line + document.text.count("\n", 0, offset)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t.")), max_size=200), st.integers(1, 50))
def test_line_of_is_the_counted_line_at_every_offset(text: str, body_line: int) -> None:
    document = Document(path="/p", name="p", text=text, body_line=body_line)
    assert [document.line_of(offset) for offset in range(len(text) + 2)] == \
        [_counted(document, offset) for offset in range(len(text) + 2)]


def test_a_long_document_finds_its_newlines_once() -> None:
    text = "".join(f"Line {n} says 5 people fled.\n" for n in range(20_000))
    document = Document(path="/p", name="p", text=text, body_line=3)
    assert document.line_of(len(text) - 1) == 20_002
    index = document.__dict__["_newlines"]
    assert len(index) == 20_000
    offsets = range(0, len(text), 997)
    assert [document.line_of(offset) for offset in offsets] == [_counted(document, offset) for offset in offsets]
    assert document.__dict__["_newlines"] is index  # read again, never rebuilt


def test_the_newline_index_is_no_part_of_the_record() -> None:
    document = Document(path="/p", name="p", text="a\nb\nc", body_line=2)
    fresh = Document(path="/p", name="p", text="a\nb\nc", body_line=2)
    assert document.line_of(4) == 4
    assert document == fresh and hash(document) == hash(fresh) and repr(document) == repr(fresh)
    moved = dataclasses.replace(document, body_line=10)
    assert "_newlines" not in moved.__dict__ and moved.line_of(4) == 12
    assert pickle.loads(pickle.dumps(document)).line_of(4) == 4
