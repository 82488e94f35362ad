"""prose/encodings.py: a document's bytes as text, or an error that says why they are not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.markdown import Row, read
from helpers.paths import DOCS

from pytest_claims.prose.documents import load_document, read_text
from pytest_claims.prose.encodings import decode_document
from pytest_claims.records.errors import DocumentError

TEXT = "Aleppo\nAbout 250,000 people are trapped – the UN said (café, 🙂).\r\n"


def _error(data: bytes) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        decode_document(data, "a.txt")
    assert info.value.path == "a.txt"
    return info.value


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf8_and_utf16_with_or_without_a_byte_order_mark_are_read(codec: str) -> None:
    assert decode_document(TEXT.encode(codec), "a.txt") == TEXT


def test_utf16_read_from_a_file_gives_the_claims_of_its_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    document = load_document(path, {})
    assert (document.text, document.title) == (TEXT, "Aleppo")
    assert read_text(path) == TEXT


# what the NUL bytes say when there is no byte order mark: readable only when they all fall on one side


def test_nul_bytes_on_both_sides_of_the_pairs_are_not_text() -> None:
    data = "Aleppo 250".encode("utf-16-le") + "Aleppo 250".encode("utf-16-be")
    error = _error(data)
    assert (error.line, error.message) == (1, "not a text file: it holds NUL bytes (the first at line 1), as binary "
                                              "files and text saved as UTF-16 do; save it as UTF-8 text")


def test_an_odd_number_of_bytes_with_nul_bytes_is_not_text() -> None:
    assert _error(b"Title\n" + "250".encode("utf-16-le") + b"\n").line == 2


def test_a_nul_inside_utf8_text_is_not_text() -> None:
    error = _error("Title\nfine\nthen\x00a NUL\n".encode())
    assert error.line == 3
    assert error.message.startswith("not a text file: it holds NUL bytes (the first at line 3)")


# other formats and binary data


@pytest.mark.parametrize(("data", "what"), [
    (b"%PDF-1.7\n1 0 obj", "a PDF file"),
    (b"PK\x03\x04\x14\x00", "a ZIP archive (a .docx, .odt or .xlsx file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf1\\ansi About 250,000 people}", "an RTF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff\xe0", "a JPEG image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b\x08", "a gzip archive"),
])
def test_files_of_other_formats_are_named(data: bytes, what: str) -> None:
    error = _error(data)
    assert (error.line, error.message) == (None, f"not a text file: it is {what}; save the article as UTF-8 text "
                                                 "(.txt, .md or .html)")


def test_many_control_characters_are_not_text() -> None:
    error = _error(b"Title\n" + b"\x01\x02\x1b" * 3 + b"About 250,000 people")
    assert (error.line, error.message) == (2, "not a text file: 9 of its 35 characters are control characters "
                                              "(the first, '\\x01', at line 2); save it as UTF-8 text")


def test_a_stray_control_character_is_let_through() -> None:
    text = "An escape \x1b here, a form feed \x0c, tabs\t and DEL \x7f stay text.\n"
    assert decode_document(text.encode(), "a.txt") == text


def test_bytes_that_are_not_utf8_are_located() -> None:
    error = _error("é€x".encode() + b"\xe9\n")
    assert (error.line, error.message) == (1, "not valid UTF-8 (byte 0xe9 at line 1, column 4); save it as "
                                              "UTF-8 text")


def test_utf16_with_a_mark_that_breaks_off_is_an_error() -> None:
    error = _error(codecs.BOM_UTF16_LE + "250".encode("utf-16-le") + b"!")
    assert error.message == ("not valid UTF-16: truncated data at byte 7 after the byte order mark; save it as "
                             "UTF-8 text")


# properties against Python's own codecs: the text read is the text written, or an error, never other text

# text as documents hold it: no control characters but tab, line feed, carriage return (surrogates cannot be
# encoded)
_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    chr(c) for c in range(32) if chr(c) not in "\t\n\r"))
TEXTS = st.text(_CHARACTERS, max_size=60)


@given(TEXTS)
def test_utf8_text_reads_back_as_written(text: str) -> None:
    assert decode_document(text.encode("utf-8"), "a.txt") == text.removeprefix("\ufeff")


@given(TEXTS, st.sampled_from(["utf-16", "utf-32"]))
def test_text_with_a_byte_order_mark_reads_back_as_written(text: str, codec: str) -> None:
    assert decode_document(text.encode(codec), "a.txt") == text


@given(TEXTS, st.sampled_from(["0", " ", "\n"]), st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_a_mark_reads_back_as_written_or_is_an_error(text: str, ascii_: str, codec: str) -> None:
    """Any document worth checking holds a digit, a space or a line break: a NUL byte beside it in UTF-16
    tells the byte order."""
    text = text + ascii_
    try:
        read = decode_document(text.encode(codec), "a.txt")
    except DocumentError as error:
        assert error.message.startswith("not a text file: it holds NUL bytes"), error.message
    else:
        assert read == text.removeprefix("\ufeff")


@given(st.binary(max_size=200))
def test_any_bytes_are_text_or_a_document_error(data: bytes) -> None:
    try:
        text = decode_document(data, "a.txt")
    except DocumentError as error:
        assert error.path == "a.txt" and error.message
    else:
        assert "\x00" not in text


def test_utf16_of_a_script_with_few_nul_bytes_is_an_error_not_a_guess() -> None:
    """Chinese text puts a NUL beside its digits only: too few to tell UTF-16 from a stray NUL in UTF-8."""
    error = _error(("北京市" * 10 + " 250").encode("utf-16-le"))
    assert error.message.startswith("not a text file: it holds NUL bytes")


# docs/documents.md: the errors its table shows are the errors given

#: what each row of the table describes, as bytes
DESCRIBED = {
    "nothing, or only white space": b" \n\t\n",
    "zero-width spaces and direction marks": "\u200b\u200d\n\u200e\u2066\u2069 \n".encode(),
    "a PDF file": b"%PDF-1.4\n1 0 obj",
    "bytes that are not UTF-8": b"fine\nab\xffc\n",
    "NUL bytes that are not UTF-16": b"Title\x00 and \x00\x00 more\n",
}
ROWS = [row for table in read(DOCS / "documents.md").tables_with("what `a.txt` holds", "error") for row in table.rows]


def test_every_row_of_the_documented_errors_is_tried() -> None:
    assert sorted(row["what `a.txt` holds"].text for row in ROWS) == sorted(DESCRIBED)


@pytest.mark.parametrize("row", ROWS, ids=[row.where for row in ROWS])
def test_documented_error_is_the_error_given(tmp_path: Path, row: Row) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(DESCRIBED[row["what `a.txt` holds"].text])
    with pytest.raises(DocumentError) as info:
        load_document(path, {})
    error = info.value
    assert (f"a.txt:{error.line}: " if error.line else "a.txt: ") + error.message == row["error"].codes[0], row.where
