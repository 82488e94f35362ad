"""CMS exports as documents: each record of a ``.jsonl`` or ``.json`` file is one article.

A ``.jsonl`` file holds one JSON object per line (blank lines are skipped); a
``.json`` file holds an array of them, or an object with exactly one member
whose value is that array (``{"articles": [...], "count": 2}``). Each record's
fields are found by name, the first present (and not null) of a list of names
winning; :class:`FieldNames` holds the lists, which the ini file can change
(``claims_field_text = body_html article_body``).

A record is a :class:`Document` whose ``path`` is the file and the record's
place, ``/news/export.jsonl:3`` (its line) or ``/news/export.json#/articles/2``
(its JSON pointer), and whose ``file`` is the file itself. JSON text cannot
hold a line break, so every line of a record's text maps to one file line: the
record's line (JSONL), or the line of its text value (JSON).

A record that cannot be used (no text, a field of the wrong type, a bad date,
a line that is not JSON) is a DocumentError naming the file and line, and the
file's other records are still read. ``claims-meta.yaml`` does not apply to
records: they carry their own metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..records.errors import DocumentError
from ..records.model import Document
from .documents import ExportReader, fallback_title, is_blank, parse_date, pick_date, read_text, resolve_path


@dataclass(frozen=True)
class FieldNames:
    """The record fields tried, in order, for each part of an article."""

    text: tuple[str, ...] = ("text", "body", "content")
    date: tuple[str, ...] = ("published", "date", "datePublished")
    outlet: tuple[str, ...] = ("outlet", "source", "publisher")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url",)
    id: tuple[str, ...] = ("id",)


#: the parts of an article a record's fields give, in the order the docs list them
PARTS = tuple(part.name for part in fields(FieldNames))
#: the ini key that names the fields of each part
INI_KEYS = {part: f"claims_field_{part}" for part in PARTS}


def field_names(configured: Mapping[str, Sequence[str]]) -> FieldNames:
    """The names of each part from ``configured`` (keyed by part, e.g. the ini values), the defaults for a part
    given no names."""
    unknown = sorted(set(configured) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown record parts {', '.join(unknown)} (parts: {', '.join(PARTS)})")
    return replace(FieldNames(), **{part: tuple(names) for part, names in configured.items() if names})


def export_reader(names: Optional[FieldNames] = None) -> ExportReader:
    """What reads a CMS export for :func:`~.documents.iter_documents` and its callers, with these field
    names (None: the defaults)."""
    return partial(iter_export, names=names)


@dataclass(frozen=True)
class _Record:
    """One record as read: its members, the file line of each member's value, and where it is."""

    members: dict[str, Any]
    lines: dict[str, int]
    line: int  # where the record starts
    pointer: Optional[str]  # the JSON pointer (.json); None for a JSONL line


def iter_export(path: Path, names: Optional[FieldNames] = None) -> Iterator[Document | DocumentError]:
    """Each record of the export at ``path`` as a document, or the problem that stops it, in file order."""
    names = names or FieldNames()
    path = resolve_path(Path(path))
    try:
        text = read_text(path)
    except DocumentError as error:
        yield error
        return
    if not text.strip():
        yield DocumentError("empty export: it holds no records", str(path))
        return
    records = _jsonl_records(text, path) if path.suffix.lower() == ".jsonl" else _json_records(text, path)
    for record in records:
        if isinstance(record, DocumentError):
            yield record
            continue
        try:
            yield _document(record, path, names)
        except DocumentError as error:
            yield error


# --------------------------------------------------------------------------
# JSONL: one record per line


def _jsonl_records(text: str, path: Path) -> Iterator[_Record | DocumentError]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield DocumentError(f"not valid JSON ({error.msg}, column {error.colno}): {_clip(line.strip())}; "
                                "each line of a .jsonl file holds one whole JSON object, one article: "
                                "mend the line or remove it", str(path), number)
            continue
        except RecursionError:
            yield DocumentError(f"{_TOO_DEEP}: {_clip(line.strip())}; mend the line or remove it", str(path), number)
            continue
        if not isinstance(value, dict):
            yield DocumentError(_not_a_record(value), str(path), number)
            continue
        yield _Record(value, dict.fromkeys(value, number), number, None)


def _not_a_record(value: Any) -> str:
    return f"a record must be a JSON object, one article ({{\"text\": ...}}), not {_described(value)}"


# --------------------------------------------------------------------------
# JSON: an array of records, or an object holding one

_WHITESPACE = re.compile(r"[ \t\n\r]*")
#: what a value nested past Python's recursion limit is (the standard decoder recurses once per level)
_TOO_DEEP = "JSON nested too deeply to read (arrays or objects inside each other about a thousand levels deep)"


class _Scanner:
    """Reads a JSON text value by value with the standard decoder, knowing the file line of each value."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.decoder = json.JSONDecoder()
        self._counted_to = 0
        self._line = 1
        #: where the last object or array walked (or record read) ends
        self.end = 0

    def skip(self, index: int) -> int:
        found = _WHITESPACE.match(self.text, index)
        assert found is not None  # the pattern matches the empty string
        return found.end()

    def at(self, index: int, char: str) -> bool:
        return self.text.startswith(char, index)

    def line(self, index: int) -> int:
        """The 1-based line of ``index``, counted on from the last one asked (they mostly rise)."""
        if index < self._counted_to:
            self._counted_to, self._line = 0, 1
        self._line += self.text.count("\n", self._counted_to, index)
        self._counted_to = index
        return self._line

    def value(self, index: int) -> tuple[Any, int]:
        try:
            return self.decoder.raw_decode(self.text, index)
        except json.JSONDecodeError:
            raise self.broken() from None
        except RecursionError:
            raise DocumentError(f"{_TOO_DEEP}; the records after this line are not read: mend the file",
                                str(self.path), self.line(index)) from None

    def broken(self) -> DocumentError:
        """The error for a text that is not JSON, at the line where the standard decoder stops."""
        try:
            json.loads(self.text)
        except json.JSONDecodeError as error:
            return DocumentError(f"not valid JSON ({error.msg}, column {error.colno}); the records after "
                                 "this line are not read: mend the file", str(self.path), error.lineno)
        except RecursionError:
            return DocumentError(f"{_TOO_DEEP}; mend the file", str(self.path))
        return DocumentError("not valid JSON", str(self.path))  # pragma: no cover - only called on a break

    def members(self, start: int) -> Iterator[tuple[str, int, Any]]:
        """(key, value offset, value) of each member of the object at ``start``; ``self.end`` is set after
        the last."""
        index = self.skip(start + 1)
        if self.at(index, "}"):
            self.end = index + 1
            return
        while True:
            if not self.at(index, '"'):
                raise self.broken()
            key, index = self.value(index)
            index = self.skip(index)
            if not self.at(index, ":"):
                raise self.broken()
            value_start = self.skip(index + 1)
            value, value_end = self.value(value_start)
            yield key, value_start, value
            index = self.skip(value_end)
            if self.at(index, ","):
                index = self.skip(index + 1)
            elif self.at(index, "}"):
                self.end = index + 1
                return
            else:
                raise self.broken()

    def elements(self, start: int) -> Iterator[int]:
        """The offset of each element of the array at ``start``; the caller sets ``self.end`` to where the
        element it was given ends before asking for the next."""
        index = self.skip(start + 1)
        if self.at(index, "]"):
            self.end = index + 1
            return
        while True:
            yield index
            index = self.skip(self.end)
            if self.at(index, ","):
                index = self.skip(index + 1)
            elif self.at(index, "]"):
                self.end = index + 1
                return
            else:
                raise self.broken()

    def record(self, start: int, pointer: str) -> _Record | DocumentError:
        """The element at ``start`` as a record (``self.end`` set to its end), or why it is not one."""
        line = self.line(start)
        if not self.at(start, "{"):
            value, self.end = self.value(start)
            return DocumentError(f"record #{pointer}: {_not_a_record(value)}", str(self.path), line)
        members: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value_start, value in self.members(start):
            members[key] = value
            lines[key] = self.line(value_start)
        return _Record(members, lines, line, pointer)


def _json_records(text: str, path: Path) -> Iterator[_Record | DocumentError]:
    scanner = _Scanner(text, path)
    try:
        start = scanner.skip(0)
        prefix = ""
        wrapped = scanner.at(start, "{")
        if wrapped:  # the object is checked whole, to its end, before its array is read
            start, prefix = _records_member(scanner, start)
        elif not scanner.at(start, "["):
            value, _ = scanner.value(start)
            yield DocumentError(f"a .json export holds an array of records ([{{...}}, ...]) or an object holding "
                                f"one ({{\"articles\": [...]}}), not {_kind(value)}", str(path), 1)
            return
        empty = True
        for number, element in enumerate(scanner.elements(start)):
            empty = False
            yield scanner.record(element, f"{prefix}/{number}")
        if empty:
            yield DocumentError(f"no records: the array{' #' + prefix if prefix else ''} is empty",
                                str(path), scanner.line(start))
        if not wrapped and scanner.skip(scanner.end) != len(text):
            raise scanner.broken()
    except DocumentError as error:
        yield error


def _records_member(scanner: _Scanner, start: int) -> tuple[int, str]:
    """The offset of the one array in the top-level object at ``start``, and its JSON pointer."""
    # the array is decoded here once to be skipped, then read again record by record
    arrays = [(key, value_start) for key, value_start, _ in scanner.members(start) if scanner.at(value_start, "[")]
    if scanner.skip(scanner.end) != len(scanner.text):
        raise scanner.broken()
    if len(arrays) != 1:
        found = f"{len(arrays)}: {', '.join(repr(key) for key, _ in arrays)}" if arrays else "none"
        raise DocumentError(f"a .json export that is an object must hold exactly one array of records "
                            f"({{\"articles\": [...]}}); arrays found: {found}", str(scanner.path), 1)
    key, offset = arrays[0]
    return offset, "/" + key.replace("~", "~0").replace("/", "~1")


# --------------------------------------------------------------------------
# A record as a document


def _document(record: _Record, path: Path, names: FieldNames) -> Document:
    text_key = _first_present(record, names.text)
    where = f"{path}:{record.line}" if record.pointer is None else f"{path}#{record.pointer}"
    shown = f"{path.name}:{record.line}" if record.pointer is None else f"{path.name}#{record.pointer}"
    if text_key is None:
        keys = ", ".join(repr(key) for key in record.members) or "none"
        raise _error(record, path, None,
                     f"no article text: the record has none of the fields {', '.join(names.text)} (its fields: "
                     f"{keys}); name the field that holds the text with claims_field_text in the ini file")
    text = record.members[text_key]
    if not isinstance(text, str):
        raise _error(record, path, text_key,
                     f"field {text_key!r} holds {_described(text)}, not the article's text; name the "
                     "field that holds the text with claims_field_text in the ini file")
    if is_blank(text):  # white space and invisible marks (zero-width spaces, direction marks) only
        raise _error(record, path, text_key, f"empty article: field {text_key!r} holds no text")
    line = record.lines[text_key]
    draft = Document(path=where, name=shown, text=text, body_line=line, file=str(path),
                     source_lines=(line,) * (text.count("\n") + 1))
    date_value, date_source = _record_date(record, path, names.date)
    if date_value is None:
        date_value, date_source = pick_date(draft, None, None)
    return replace(draft, title=_record_text(record, path, names.title, "title") or fallback_title(draft),
                   outlet=_record_text(record, path, names.outlet, "outlet"),
                   url=_record_text(record, path, names.url, "url"),
                   record_id=_record_text(record, path, names.id, "id"),
                   date=date_value, date_source=date_source)


def _first_present(record: _Record, names: Sequence[str]) -> Optional[str]:
    """The first of ``names`` the record has with a value (null counts as absent)."""
    return next((name for name in names if record.members.get(name) is not None), None)


def _record_date(record: _Record, path: Path, names: Sequence[str]) -> tuple[Optional[date], Optional[str]]:
    key = _first_present(record, names)
    if key is None:
        return None, None
    value = record.members[key]
    if not isinstance(value, str):
        raise _error(record, path, key, f"field {key!r} holds {_described(value)}, not a date; write "
                                        'it as text, "2016-12-06" or "2016-12-06T14:30:00Z"')
    if not value.strip():
        return None, None
    line = record.lines[key]
    try:
        day = parse_date(value.strip(), path, line)
    except DocumentError as error:
        raise _error(record, path, key, f"field {key!r}: {error.message}; mend it in the export, or name the "
                                        "field that holds the date with claims_field_date in the ini file") from None
    return day, f"field {key!r} line {line}"


def _record_text(record: _Record, path: Path, names: Sequence[str], part: str) -> Optional[str]:
    """The text of the first field of ``names`` present; numbers are written as text, blank text is absent."""
    key = _first_present(record, names)
    if key is None:
        return None
    value = record.members[key]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _error(record, path, key, f"field {key!r} holds {_described(value)}, not the {part} as "
                                        f"text; name the field that holds it with {INI_KEYS[part]} in the ini file")
    return str(value).strip() or None


def _error(record: _Record, path: Path, key: Optional[str], message: str) -> DocumentError:
    """A record's problem at the line of its field ``key`` (the record's line without one)."""
    line = record.lines[key] if key is not None else record.line
    prefix = "" if record.pointer is None else f"record #{record.pointer}: "
    return DocumentError(prefix + message, str(path), line)


def _described(value: Any) -> str:
    """``an object {"html": ...}``, ``a number 5``, ``true``: what a JSON value is, and the value."""
    return _quote(value) if isinstance(value, bool) or value is None else f"{_kind(value)} {_quote(value)}"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


_QUOTE_MAX = 60


def _quote(value: Any) -> str:
    """The value as JSON, cut short: enough to find it in the file."""
    return _clip(json.dumps(value, ensure_ascii=False))


def _clip(text: str) -> str:
    return text if len(text) <= _QUOTE_MAX else text[:_QUOTE_MAX - 1] + "…"
