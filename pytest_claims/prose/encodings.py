"""A document file's bytes as text, or why they are not text.

Documents are UTF-8. Two other ways of saving text are read as well, since
editors and Windows tools write them without asking: UTF-16 (and UTF-32)
with a byte order mark, and UTF-16 without one when the NUL bytes say
unambiguously which byte order it is (text in UTF-16 puts a NUL beside every
ASCII character: every space and digit). Anything else that holds NUL bytes
or many control characters is not text (a PDF, an image, a Word file saved
with a ``.txt`` name): reading it as UTF-8 would yield no claims and pass in
silence, so it is an error naming the file and saying to save it as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from typing import NoReturn, Optional

from ..records.errors import DocumentError

_SAVE_AS_UTF8 = "save it as UTF-8 text"
#: byte order marks, longest first (UTF-32 LE's starts with UTF-16 LE's)
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
                     (codecs.BOM_UTF8, "utf-8", "UTF-8"),
                     (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
#: how files of other formats start, and what to call them
_SIGNATURES = ((b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .xlsx file is one)"),
               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office file (.doc, .xls)"),
               (b"{\\rtf", "an RTF file"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
               (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"))
#: C0 control characters other than those text holds (tab, line feed, vertical tab, form feed, carriage
#: return); binary data is full of them. DEL and the C1 controls are left alone: text converted from a legacy
#: code page holds some, and JSON lets them stand unescaped
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
#: the share of byte pairs with a NUL on one side that makes data without a byte order mark UTF-16: text in
#: a Latin script has one in nearly every pair; a stray NUL in UTF-8 text is in far fewer
_MIN_NUL_SHARE = 0.25
#: the share of control characters above which a file is not text (a stray one or two are let through)
_MAX_CONTROL_SHARE = 0.01


def decode_document(data: bytes, path: str) -> str:
    """``data`` as text (module doc), without its byte order mark; DocumentError naming ``path`` when it is
    not text in an encoding this module reads."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DocumentError(f"not a text file: it is {what}; save the article as UTF-8 text "
                                "(.txt, .md or .html)", path)
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            text = _decoded(data[len(mark):], codec, name, path)
            break
    else:
        utf16 = _utf16_without_mark(data)
        if utf16 is None and b"\x00" in data:  # before decoding: binary data is rarely valid UTF-8 either
            _refuse_nul(data.count(b"\n", 0, data.index(b"\x00")) + 1, path)
        text = _decoded(data, utf16 or "utf-8", "UTF-16" if utf16 else "UTF-8", path)
    _require_text(text, path)
    return text


def _utf16_without_mark(data: bytes) -> Optional[str]:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes of ``data`` all stand on one side of its byte pairs,
    on that side of many pairs (as every space, digit and Latin letter puts one there), and it reads as that
    without error or control characters; None otherwise."""
    if b"\x00" not in data or len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if (even and odd) or max(odd, even) < _MIN_NUL_SHARE * len(data) / 2:
        return None
    codec = "utf-16-le" if odd else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if _control_count(text) == 0 else None


def _decoded(data: bytes, codec: str, name: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec != "utf-8":
            raise DocumentError(f"not valid {name}: {exc.reason} at byte {exc.start + 1} after the byte order "
                                f"mark; {_SAVE_AS_UTF8}", path) from None
        line, column = _byte_position(data, exc.start)
        raise DocumentError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, column {column}); "
                            f"{_SAVE_AS_UTF8}", path, line) from None


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``index``; the bytes before it are valid UTF-8."""
    line_start = data.rfind(b"\n", 0, index) + 1
    line = data.count(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8")) + 1
    return line, column


def _require_text(text: str, path: str) -> None:
    """DocumentError when ``text`` holds a NUL or more control characters than text does."""
    nul = text.find("\x00")
    if nul >= 0:
        _refuse_nul(text.count("\n", 0, nul) + 1, path)
    controls = _control_count(text)
    if controls > max(1, _MAX_CONTROL_SHARE * len(text)):
        first = _CONTROL.search(text)
        assert first is not None
        line = text.count("\n", 0, first.start()) + 1
        raise DocumentError(f"not a text file: {controls:,} of its {len(text):,} characters are control "
                            f"characters (the first, {first.group()!r}, at line {line}); {_SAVE_AS_UTF8}",
                            path, line)


def _refuse_nul(line: int, path: str) -> NoReturn:
    raise DocumentError(f"not a text file: it holds NUL bytes (the first at line {line}), as binary files "
                        f"and text saved as UTF-16 do; {_SAVE_AS_UTF8}", path, line)


def _control_count(text: str) -> int:
    return sum(1 for _ in _CONTROL.finditer(text))
