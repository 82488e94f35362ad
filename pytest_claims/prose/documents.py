"""Finding and loading documents, with their metadata.

A document is a UTF-8 ``.txt`` file, a record of a ``.json`` or ``.jsonl``
CMS export (``prose/cms.py``), a web page (``.html``, ``.htm``: its article
text and metadata, ``prose/webpage.py``), or a ``.md`` file that may start with
YAML (``---``) or TOML (``+++``) front matter whose ``date``, ``outlet`` and
``title`` are read; its other keys (a CMS's ``author``, ``tags``, ``draft``...)
are accepted and ignored; its text is read with the Markdown markup blanked
in place (``prose/markup.py``), so spans and lines still count in the file.
Files that cannot carry their own metadata get it from ``claims-meta.yaml`` in their folder, a mapping
keyed by file name::

    000_871778a9916d0caa.txt:
      date: 2016-11-28
      outlet: The Guardian
      title: Syrian Military Takes Key Area of Aleppo

Each field is taken from the first source that has it: front matter, then
``claims-meta.yaml``, then the text itself (the first non-empty line is the
title, the first full date written in the text is the date; there is no
outlet fallback).

Text is the file's bytes decoded as UTF-8 (or UTF-16: ``prose/encodings.py``), minus a leading byte order mark;
line endings are kept as they are (``\\r\\n`` stays), and lines are counted
by ``\\n``. Only regular files are read: a named pipe, socket or device is an
error and never opened (opening a pipe waits for a writer). A document over
the size limit, or a sentence over a limit of ``prose/limits.py``, is an
error too; the rest of a document with such a sentence is still read.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import Any, Callable, Optional

from ..records.errors import DocumentError
from ..records.model import Document, DocumentInfo
from ..records.yamlfile import LineDict, YamlError, load_yaml
from .encodings import decode_document
from .limits import DOCUMENT_BYTES, LimitError, document_message, sentence_problems
from .markup import strip_markdown
from .separators import INVISIBLE_MARKS
from .webpage import PAGE_SUFFIXES, read_web_page
from .words import MONTH_PATTERN, MONTHS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: CMS exports: files of many records, one article each (read by ``prose/cms.py``)
EXPORT_SUFFIXES = (".json", ".jsonl")
DOCUMENT_SUFFIXES = (".txt", ".md", *PAGE_SUFFIXES, *EXPORT_SUFFIXES)
#: reads a CMS export: each record as a document, or its problem (``prose/cms.py`` makes one from the
#: ini file's field names; it is passed in, as that module reads with this one's helpers)
ExportReader = Callable[[Path], Iterable["Document | DocumentError"]]
METADATA_FILE = "claims-meta.yaml"
METADATA_KEYS = ("date", "outlet", "title")
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "venv", ".venv"})


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata for one document from a front matter block or ``claims-meta.yaml``.

    ``date_line`` is the 1-based line of the ``date`` key in ``source_file``.
    """

    date: Optional[date]
    outlet: Optional[str]
    title: Optional[str]
    date_line: Optional[int]
    source_file: str


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]  # sorted by path
    problems: tuple[DocumentError, ...]


@dataclass(frozen=True)
class Catalogue:
    """The documents of a run as a run keeps them: metadata in path order, and what could not be read.

    ``skipped`` are the other files found in the folders (not documents), as absolute paths in order;
    ``files`` the document files read, in order, which extraction reads again (a CMS export is one file
    of many documents).
    """

    documents: tuple[DocumentInfo, ...]
    problems: tuple[DocumentError, ...]
    skipped: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover_files` found: documents, problems, and the other files of the folders."""

    files: list[Path]  # absolute, resolved, deduplicated, sorted
    problems: list[DocumentError]
    skipped: list[Path]  # sorted


# --------------------------------------------------------------------------
# Dates written in text

_SP = r"[ \t\u00a0]+"  # never a newline: a date does not span lines
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    rf"""
    (?<!\w)
    (?:
        (?P<m1>{MONTH_PATTERN})\.?{_SP}(?P<d1>{_DAY}),?{_SP}(?P<y1>[0-9]{{4}})     # December 8, 2016
      | (?P<d2>{_DAY}){_SP}(?P<m2>{MONTH_PATTERN})\.?,?{_SP}(?P<y2>[0-9]{{4}})     # 8 December 2016
      | (?P<y3>[0-9]{{4}})-(?P<m3>[0-9]{{2}})-(?P<d3>[0-9]{{2}})            # 2016-12-08
    )
    (?![0-9])
    """,
    re.VERBOSE,
)


def find_dates(text: str) -> list[tuple[date, int, str]]:
    """Full dates (with a year) written in ``text``: (date, offset, surface), in order.

    Recognized: "December 8, 2016", "Dec. 8, 2016", "December 8th 2016",
    "8 December 2016", "8 Dec 2016" and "2016-12-08". Impossible dates
    ("February 30, 2016") are skipped, as are dates without a year.
    """
    found = []
    for match in _DATE_RE.finditer(text):
        parsed = _match_date(match)
        if parsed is not None:
            found.append((parsed, match.start(), match.group()))
    return found


def _match_date(match: re.Match[str]) -> Optional[date]:
    g = match.groupdict()
    if g["y3"] is not None:
        year, month, day = g["y3"], g["m3"], g["d3"]
    else:
        year = g["y1"] or g["y2"]
        month = str(MONTHS[(g["m1"] or g["m2"]).lower()])
        day = (g["d1"] or g["d2"]).rstrip("stndrh")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Reading files


def read_text(path: Path, limit: Optional[int] = None) -> str:
    """The file decoded as UTF-8 (or UTF-16, see :mod:`~pytest_claims.prose.encodings`) without a BOM;
    DocumentError when it is not text, not a regular file, or (with ``limit``) over ``limit`` bytes."""
    return decode_document(read_bytes(path, limit), str(path))


def read_bytes(path: Path, limit: Optional[int] = None) -> bytes:
    """The bytes of a regular file; a named pipe, socket, device or folder is an error, never opened.

    Opening a named pipe waits for a writer, and reading a device may never end: the file is checked
    with ``stat`` first, then opened without blocking and checked again (it may have been replaced).
    A file over ``limit`` bytes is a :class:`~pytest_claims.prose.limits.LimitError`, and is not read.
    """
    try:
        _check_regular(path, os.stat(path).st_mode)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}"
                            + ("; the link points nowhere: fix or remove it" if path.is_symlink() else ""),
                            str(path)) from None
    with os.fdopen(descriptor, "rb") as file:
        try:
            status = os.fstat(file.fileno())
            _check_regular(path, status.st_mode)
            if limit is not None and status.st_size > limit:
                raise LimitError(document_message(status.st_size), str(path))
            data = file.read() if limit is None else file.read(limit + 1)
        except OSError as exc:
            raise DocumentError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    if limit is not None and len(data) > limit:  # grew since fstat
        raise LimitError(document_message(len(data)), str(path))
    return data


#: what a file that is not a regular file is, by its ``stat`` mode
_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _check_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
        raise DocumentError(f"not a regular file ({kind}): reading it could wait forever, so it was not read; "
                            "remove it from the folder or give a regular file", str(path))


# --------------------------------------------------------------------------
# YAML: scalars are read as the text written, so a title "1984" stays text and a
# bad date reaches our own check instead of failing inside PyYAML.


def _load_yaml(text: str, path: Path, first_line: int) -> Any:
    """The YAML in ``text``, which starts on line ``first_line`` of ``path``; scalars stay text."""
    try:
        return load_yaml(text, first_line=first_line, text_scalars=True)
    except YamlError as error:
        raise DocumentError(f"not valid YAML: {error.problem}", str(path), error.line) from None


def _mapping_items(value: Any, path: Path, line: int, what: str) -> list[tuple[str, int, Any]]:
    """(key, key line, value) of a mapping at ``line``, refusing keys that are not text."""
    if not isinstance(value, LineDict):
        raise DocumentError(f"{what} must be a mapping of 'key: value' lines", str(path), line)
    items: list[tuple[str, int, Any]] = []
    for key, (key_line, _) in value.key_spans.items():
        if not isinstance(key, str):
            raise DocumentError(f"{what}: keys must be plain text", str(path), key_line)
        items.append((key, key_line, value[key]))
    return items


def _suggest(word: str, choices: Sequence[str]) -> str:
    """The nearest choice as "; did you mean 'x'?", or "" when none is close."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _parse_meta(items: Iterable[tuple[str, int, Any]], path: Path, what: str, *,
                strict: bool = True) -> DocumentMeta:
    """Validate the date/outlet/title of (key, key line, value) items.

    ``strict`` (``claims-meta.yaml``, our own file) makes any other key an
    error, a typo caught; front matter belongs to the CMS, so there other
    keys are ignored.
    """
    texts: dict[str, str] = {}
    date_value: Optional[date] = None
    date_line: Optional[int] = None
    for key, line, value_node in items:
        if key not in METADATA_KEYS:
            if not strict:
                continue
            raise DocumentError(
                f"unknown key {key!r} in {what}{_suggest(key, METADATA_KEYS)} "
                f"(valid keys: {', '.join(METADATA_KEYS)})",
                str(path),
                line,
            )
        texts[key] = _scalar_text(key, value_node, path, line)
        if key == "date":
            date_value, date_line = parse_date(texts[key], path, line), line
    return DocumentMeta(date_value, texts.get("outlet"), texts.get("title"), date_line, str(path))


def _scalar_text(key: str, value: Any, path: Path, line: int) -> str:
    if isinstance(value, (dict, list)):  # LineDict and LineList from YAML, tables and arrays from TOML
        raise DocumentError(f"{key} must be a single value, not a list or mapping", str(path), line)
    if isinstance(value, (date, time)):  # TOML's own dates and times
        value = value.isoformat()
    text = "" if value is None else str(value).strip()
    if not text:
        raise DocumentError(f"{key} has no value; give one or remove the key", str(path), line)
    return text


# A date, optionally with a time and a zone: "2016-12-06", "2016-12-06T14:30:00Z",
# "2016-12-06 14:30:00+01:00", YAML's "2001-12-14 21:59:43.10 -5".
_DATE_TIME_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[Tt ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:[ \t]*(?:[Zz]|[+-][0-9]{1,2}(?::?[0-9]{2})?))?)?"
)


def parse_date(text: str, path: Path, line: int) -> date:
    """The calendar date as written; a time and zone after it are checked, then left aside."""
    problem = "write it as YYYY-MM-DD (a time may follow: 2016-12-06T14:30:00Z)"
    match = _DATE_TIME_RE.fullmatch(text)
    if match:
        try:
            if match["hour"] is not None:
                time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
            return date.fromisoformat(match["date"])
        except ValueError as exc:
            problem = f"{exc}"
    raise DocumentError(f"bad date {text!r}: {problem}", str(path), line)


# --------------------------------------------------------------------------
# claims-meta.yaml


def load_metadata(folder: Path) -> dict[str, DocumentMeta]:
    """Metadata from ``folder/claims-meta.yaml`` keyed by file name; ``{}`` when there is none.

    Raises DocumentError (with the file and line) for broken YAML, unknown
    keys, bad dates, and entries naming a file that is not in the folder.
    """
    folder = Path(folder)
    meta_path = folder / METADATA_FILE
    if not meta_path.exists():  # one that is not a regular file is an error of read_text, not ignored
        return {}
    root = _load_yaml(read_text(meta_path), meta_path, 1)
    if root is None:
        return {}
    documents = _documents_in(folder)
    metadata: dict[str, DocumentMeta] = {}
    for name, line, entry in _mapping_items(root, meta_path, 1, METADATA_FILE):
        _check_entry_name(name, folder, documents, meta_path, line)
        if entry is None:
            raise DocumentError(f"entry {name!r} is empty; give its date, outlet and title",
                                str(meta_path), line)
        what = f"the entry for {name!r}"
        metadata[name] = _parse_meta(_mapping_items(entry, meta_path, line, what), meta_path, what)
    return metadata


def _documents_in(folder: Path) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise DocumentError(f"cannot list the folder: {exc.strerror or exc}", str(folder)) from None
    return sorted(n for n in names
                  if Path(n).suffix.lower() in DOCUMENT_SUFFIXES and (folder / n).is_file())


def _check_entry_name(name: str, folder: Path, documents: list[str], meta_path: Path,
                      line: int) -> None:
    if Path(name).suffix.lower() in EXPORT_SUFFIXES and name in documents:
        raise DocumentError(f"{name!r} is a CMS export: its records carry their own metadata and "
                            f"{METADATA_FILE} does not apply to them; remove the entry", str(meta_path), line)
    if name in documents:
        return
    if Path(name).name != name or name in ("", ".", ".."):
        problem = f"{name!r} is not a file name; name files in this folder only " \
                  f"(a subfolder takes its own {METADATA_FILE})"
    elif (folder / name).is_file():
        problem = f"{name!r} is not a document (documents are {_suffix_list()})"
    else:
        problem = f"no file {name!r} in {folder}{_suggest(name, documents)}"
    raise DocumentError(problem, str(meta_path), line)


# --------------------------------------------------------------------------
# Documents

# Front matter: a "---" (YAML) or "+++" (TOML) line at the very start, then a closing line alike.
_FRONT_OPEN = re.compile(r"(---|\+\+\+)[ \t]*\r?\n")
_FRONT_CLOSE = {fence: re.compile(rf"^{re.escape(fence)}[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
                for fence in ("---", "+++")}


def _split_front_matter(text: str, path: Path) -> tuple[Optional[DocumentMeta], int]:
    """Front matter metadata (or None) and the offset where the body begins."""
    opening = _FRONT_OPEN.match(text)
    if opening is None:
        return None, 0
    fence = opening.group(1)
    closing = _FRONT_CLOSE[fence].search(text, opening.end())
    if closing is None:
        raise DocumentError(f"front matter starts here but has no closing {fence!r} line", str(path), 1)
    block = text[opening.end():closing.start()]
    if fence == "+++":
        items = _toml_items(block, path, 2)
    else:
        value = _load_yaml(block, path, 2)
        items = [] if value is None else _mapping_items(value, path, 2, "front matter")
    if not items:
        return None, closing.end()
    return _parse_meta(items, path, "front matter", strict=False), closing.end()


_TOML_ERROR_LINE = re.compile(r"\(at line (?P<line>[0-9]+), column [0-9]+\)|\(at end of document\)")


def _toml_items(block: str, path: Path, first_line: int) -> list[tuple[str, int, Any]]:
    """(key, key line, value) of the TOML in ``block``, which starts on line ``first_line`` of ``path``."""
    try:
        table: dict[str, Any] = tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_ERROR_LINE.search(message)
        lines = block.count("\n") + (0 if block.endswith("\n") else 1)
        line = first_line + max(lines, 1) - 1  # "at end of document": its last line
        if found and found["line"]:
            line = first_line + int(found["line"]) - 1
        problem = _TOML_ERROR_LINE.sub("", message).strip()
        raise DocumentError(f"not valid TOML: {problem}", str(path), line) from None
    return [(key, _toml_key_line(block, key, first_line), value) for key, value in table.items()]


def _toml_key_line(block: str, key: str, first_line: int) -> int:
    """The line of top-level ``key`` (tomllib keeps no positions); the block's first line when not found."""
    written = re.compile(rf"""[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*[=.]""")
    for number, line in enumerate(block.split("\n")):
        if line.lstrip().startswith("["):  # a table: what follows is not top-level
            break
        if written.match(line):
            return first_line + number
    return first_line


def load_document(path: Path, metadata: Mapping[str, DocumentMeta] | None = None) -> Document:
    """Load one document. Raises DocumentError when it cannot be used.

    ``metadata`` is the folder's metadata keyed by file name; when it is None
    the folder's ``claims-meta.yaml`` (if any) is read. Pass ``{}`` to use none.
    """
    path = resolve_path(Path(path))
    if path.suffix.lower() in EXPORT_SUFFIXES:
        raise DocumentError("a CMS export holds many documents: read it with iter_documents", str(path))
    text = read_text(path, DOCUMENT_BYTES.value)
    if path.suffix.lower() in PAGE_SUFFIXES and not is_blank(text):
        return _load_page(path, text, metadata)
    if is_blank(text):
        raise DocumentError(_empty(text), str(path))
    front: Optional[DocumentMeta] = None
    body_offset = 0
    if path.suffix.lower() == ".md":
        front, body_offset = _split_front_matter(text, path)
    body = text[body_offset:]
    body_line = text.count("\n", 0, body_offset) + 1
    if is_blank(body):
        raise DocumentError("empty document: nothing after the front matter", str(path))
    if metadata is None:
        metadata = load_metadata(path.parent)
    from_file = metadata.get(path.name)
    if path.suffix.lower() == ".md":
        body = strip_markdown(body)  # same length and lines: spans and line numbers still index the file
        if is_blank(body):
            raise DocumentError("empty document: nothing but Markdown markup", str(path))
    draft = Document(path=str(path), name=path.name, text=body,
                     body_offset=body_offset, body_line=body_line)
    sources = [meta for meta in (front, from_file) if meta is not None]
    date_value, date_source = pick_date(draft, front, from_file)
    return replace(
        draft,
        title=next((m.title for m in sources if m.title), None) or fallback_title(draft),
        outlet=next((m.outlet for m in sources if m.outlet), None),
        date=date_value,
        date_source=date_source,
    )


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing a reader sees: white space and invisible marks (zero-width spaces and
    joiners, direction marks, byte order marks) only."""
    return not text.translate(_INVISIBLE).strip()


_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_MARKS))


def _empty(text: str) -> str:
    """What an empty document's error says: with the invisible marks it holds, if any."""
    if not text.strip():
        return "empty document"
    return ("empty document: it holds only invisible characters (zero-width spaces or joiners, direction "
            "marks) and white space")


def _load_page(path: Path, html: str, metadata: Mapping[str, DocumentMeta] | None) -> Document:
    """A web page's article as a document: its own metadata first, then ``claims-meta.yaml``, then the text."""
    page = read_web_page(html, str(path))
    if metadata is None:
        metadata = load_metadata(path.parent)
    from_file = metadata.get(path.name)
    draft = Document(path=str(path), name=path.name, text=page.text, source_lines=page.source_lines, url=page.url)
    date_value, date_source = pick_date(draft, None, from_file)
    if page.date is not None:
        date_value, date_source = page.date, page.date_source
    return replace(
        draft,
        title=page.title or (from_file.title if from_file else None) or fallback_title(draft),
        outlet=page.outlet or (from_file.outlet if from_file else None),
        date=date_value,
        date_source=date_source,
    )


def fallback_title(document: Document) -> Optional[str]:
    for line in document.text.splitlines():
        title = line.strip()
        if document.name.lower().endswith(".md"):
            title = title.lstrip("#").strip()
        if title:
            return title
    return None


def pick_date(
    document: Document, front: Optional[DocumentMeta], from_file: Optional[DocumentMeta]
) -> tuple[Optional[date], Optional[str]]:
    if front is not None and front.date is not None:
        return front.date, f"front matter line {front.date_line}"
    if from_file is not None and from_file.date is not None:
        return from_file.date, f"{Path(from_file.source_file).name}:{from_file.date_line}"
    # The first full date, not the earliest: captions and datelines come
    # first, while later dates in a story are as often past events it recalls.
    dates = find_dates(document.text)
    if not dates:
        return None, None
    found, offset, surface = dates[0]
    return found, f'text line {document.line_of(offset)}: "{surface}"'


# --------------------------------------------------------------------------
# Discovery and the corpus


def discover(paths: Sequence[str | Path]) -> tuple[list[Path], list[DocumentError]]:
    """Document files under ``paths`` (absolute, resolved, deduplicated, sorted) and problems."""
    found = discover_files(paths)
    return found.files, found.problems


def discover_files(paths: Sequence[str | Path]) -> Discovery:
    """Document files under ``paths``, problems, and the folders' other files.

    Directories are walked recursively, skipping hidden entries and
    ``__pycache__``, ``node_modules``, ``venv`` and ``.venv``; a file found
    there that is not a document (nor ``claims-meta.yaml``) is skipped and
    listed. A path that does not exist, or a file given by name that is not a
    document, is a problem.
    """
    found: set[Path] = set()
    skipped: set[Path] = set()
    problems: list[DocumentError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            documents, others = _walk(path, problems)
            found.update(documents)
            skipped.update(others)
        elif path.exists():  # a named pipe or device too: reading it reports what it is, and never opens it
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                found.add(resolve_path(path))
            else:
                problems.append(DocumentError(_unsupported(path), str(path)))
        else:
            problems.append(DocumentError("no such file or directory", str(path)))
    return Discovery(sorted(found), problems, sorted(skipped))


def _unsupported(path: Path) -> str:
    if path.name == METADATA_FILE:
        return (f"{METADATA_FILE} is read with the documents in its folder; "
                "give the folder or the documents instead")
    kind = f"{path.suffix!r} files" if path.suffix else "files without a suffix"
    return f"cannot read {kind}; documents are {_suffix_list()}"


def _walk(root: Path, problems: list[DocumentError]) -> tuple[list[Path], list[Path]]:
    """The documents under ``root`` and its other files (hidden ones and ``claims-meta.yaml`` aside); a
    folder that cannot be listed is a problem.

    Symbolic links to folders are followed, each folder walked once: a link
    to a folder already walked (a loop back to a parent, or a second way to
    the same folder) is not walked again, as its documents are read already.
    """
    files: list[Path] = []
    others: list[Path] = []
    walked = {os.path.realpath(root)}

    def unreadable(error: OSError) -> None:
        folder = error.filename or str(root)
        problems.append(DocumentError(f"cannot read the folder: {error.strerror or error}; its documents are "
                                      "not checked: make it readable (chmod) or leave it out of the paths given",
                                      str(folder)))

    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
        kept = []
        for name in dirs:
            real = os.path.realpath(os.path.join(folder, name))
            if real not in walked:
                walked.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in names:
            if name.startswith(".") or name == METADATA_FILE:
                continue
            if Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                files.append(resolve_path(Path(folder, name)))
            else:
                others.append(resolve_path(Path(folder, name)))
    return files, others


def _suffix_list() -> str:
    """The document suffixes as a sentence says them: ".txt, .md, ... or .jsonl"."""
    return f"{', '.join(DOCUMENT_SUFFIXES[:-1])} or {DOCUMENT_SUFFIXES[-1]}"


def resolve_path(path: Path) -> Path:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop; reading it will report the problem
        return path.absolute()
    if not resolved.exists() and path.is_symlink():
        return path.absolute()  # a broken link is reported by its own name, not by where it points
    return resolved


def load_corpus(paths: Sequence[str | Path], read_export: Optional[ExportReader] = None) -> Corpus:
    """Load every document under ``paths``; problems are collected, never raised.

    A broken ``claims-meta.yaml`` is one problem, and the documents in its
    folder still load, with their metadata taken from the text.
    ``read_export`` reads CMS exports (``.json``, ``.jsonl``); without one
    each export is a problem.
    """
    documents: list[Document] = []
    problems: list[DocumentError] = []
    for loaded in iter_corpus(paths, read_export):
        if isinstance(loaded, Document):
            documents.append(loaded)
        else:
            problems.append(loaded)
    return Corpus(tuple(documents), tuple(problems))


def load_catalogue(paths: Sequence[str | Path], read_export: Optional[ExportReader] = None) -> Catalogue:
    """What :func:`load_corpus` finds, without keeping any document's text (an archive need not fit in memory),
    and the files skipped as not documents."""
    documents: list[DocumentInfo] = []
    problems: list[DocumentError] = []
    found = discover_files(paths)
    for loaded in _iter_found(found, paths, read_export):
        if isinstance(loaded, Document):
            documents.append(loaded.info)
        else:
            problems.append(loaded)
    return Catalogue(tuple(documents), tuple(problems), tuple(str(path) for path in found.skipped),
                     tuple(str(path) for path in found.files))


def iter_corpus(paths: Sequence[str | Path], read_export: Optional[ExportReader] = None
                ) -> Iterator[Document | DocumentError]:
    """Each document under ``paths`` loaded in path order, one at a time, or the problem that stopped it.

    Problems of discovery (a missing path, an unsupported file, no documents
    at all) come first, then each document or its problem in path order.
    """
    return _iter_found(discover_files(paths), paths, read_export)


def _iter_found(found: Discovery, paths: Sequence[str | Path], read_export: Optional[ExportReader]
                ) -> Iterator[Document | DocumentError]:
    problems = list(found.problems)
    if not found.files:
        where = ", ".join(str(p) for p in paths) or "(no paths given)"
        problems.append(DocumentError(f"no documents ({', '.join(DOCUMENT_SUFFIXES)}) found in {where}"))
    yield from problems
    yield from iter_documents(found.files, read_export)


def iter_documents(files: Iterable[str | Path], read_export: Optional[ExportReader] = None
                   ) -> Iterator[Document | DocumentError]:
    """Each file loaded as a document (each record of a CMS export as one), or its problem; each folder's
    metadata is read once."""
    folders: dict[Path, Mapping[str, DocumentMeta]] = {}
    for given in files:
        path = Path(given)
        if path.parent not in folders:
            folder_problems: list[DocumentError] = []
            folders[path.parent] = _metadata_or_problem(path.parent, folder_problems)
            yield from folder_problems
        if path.suffix.lower() in EXPORT_SUFFIXES:
            if read_export is None:
                yield DocumentError("a CMS export, and no reader for exports was given "
                                    "(read_export=pytest_claims.prose.cms.export_reader())", str(path))
            else:
                yield from within_limits(read_export(path))
            continue
        try:
            document = load_document(path, folders[path.parent])
        except DocumentError as exc:
            yield exc
            continue
        yield from sentence_problems(document)
        yield document


def within_limits(loaded: Iterable[Document | DocumentError]) -> Iterator[Document | DocumentError]:
    """CMS records as :func:`iter_documents` gives files: a record over the size limit is its error, and a
    sentence over a limit is an error given before the record's document (which is still read)."""
    for item in loaded:
        if isinstance(item, Document):
            size = len(item.text.encode("utf-8")) if len(item.text) > DOCUMENT_BYTES.value // 4 else 0
            if size > DOCUMENT_BYTES.value:
                yield LimitError(document_message(size), item.path)
                continue
            yield from sentence_problems(item)
        yield item


def _metadata_or_problem(folder: Path, problems: list[DocumentError]) -> Mapping[str, DocumentMeta]:
    try:
        return load_metadata(folder)
    except DocumentError as exc:
        problems.append(exc)
        return {}
