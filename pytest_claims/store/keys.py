"""What a cached entry is keyed by: the document's text and metadata, and the extractor's fingerprint.

The claims of a document are a function of its text, every Document field
but ``path`` and ``name`` (those two are put back on read), and the code that
extracts: our extraction version, the installed quantulum3 and inflect, the
Python minor version (the ``re`` module and Unicode tables change with it),
and the source of the modules that produce claims. Hashing that source means
any edit to the grammar invalidates the cache, bumped version or not.

Nothing here imports quantulum3, inflect or the extraction modules: a warm
run must not pay for them. Versions come from the installed distributions'
metadata, ``EXTRACTOR_VERSION`` is read from the source text. The source is
hashed once, when this module is imported (about a millisecond), which is
before extraction code loads; :func:`sources_changed` tells whether the
files were edited since, so that claims from code the fingerprint does not
name are never stored under it.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from ..records.model import Document

#: bump when what goes into a key changes (the fingerprint of an old key scheme must differ)
KEY_FORMAT = "1"
#: Document fields that are not hashed: claims take them from the Document being read
UNKEYED_FIELDS = ("path", "name")
#: source folders and files whose code decides the claims, under the pytest_claims package
CLAIM_SOURCES = ("prose", "records", "store/codec.py")
#: distributions whose behaviour the claims depend on
DEPENDENCIES = ("quantulum3", "inflect")

#: the pytest_claims package folder
PACKAGE = Path(__file__).resolve().parent.parent

_EXTRACTOR_VERSION = re.compile(r"""^EXTRACTOR_VERSION\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@cache
def extraction_fingerprint() -> str:
    """One line naming everything besides the document that can change its claims (computed once)."""
    extraction = PACKAGE / "prose" / "extraction.py"
    found = _EXTRACTOR_VERSION.search(extraction.read_text(encoding="utf-8")) if extraction.is_file() else None
    parts = [f"key format {KEY_FORMAT}", f"extractor {found.group(1) if found else 'unknown'}"]
    parts += [f"{name} {_installed_version(name)}" for name in DEPENDENCIES]
    parts.append(f"python {sys.version_info[0]}.{sys.version_info[1]}")
    parts.append(f"sources {_SOURCES_AT_IMPORT}")
    return "; ".join(parts)


def sources_changed() -> bool:
    """Whether the claim sources on disk differ from those the fingerprint names: edited during the run.

    The code this process (or a worker it started) runs may then be either
    version, so claims extracted now must not be stored under the fingerprint.
    """
    return sources_digest(PACKAGE) != _SOURCES_AT_IMPORT


def document_key(document: Document) -> str:
    """Hex SHA-256 of the fingerprint, the document's keyed metadata and its text."""
    metadata_fields = {field.name: getattr(document, field.name) for field in dataclasses.fields(document)
                       if field.name not in UNKEYED_FIELDS and field.name != "text"}
    head = json.dumps([extraction_fingerprint(), metadata_fields], sort_keys=True, default=_plain)
    digest = hashlib.sha256(head.encode("ascii"))
    digest.update(b"\0")  # the JSON head never holds a NUL: head and text cannot run into each other
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _plain(value: object) -> str:
    """Dates as ISO text (tagged, so the text "2016-11-28" and the date differ); anything else by repr."""
    if isinstance(value, datetime.date):
        return f"{type(value).__name__} {value.isoformat()}"
    return repr(value)


def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def sources_digest(package: Path) -> str:
    """SHA-256 (first 16 hex digits) over the names and bytes of the claim-producing sources."""
    digest = hashlib.sha256()
    for relative in CLAIM_SOURCES:
        for source in _source_files(package / relative):
            digest.update(f"{source.relative_to(package).as_posix()}\0".encode("utf-8"))
            digest.update(source.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def _source_files(entry: Path) -> list[Path]:
    """The file itself, or a folder's modules by name (bytecode too: an install may ship no source)."""
    if entry.is_file():
        return [entry]
    if entry.is_dir():
        return sorted(item for item in entry.iterdir() if item.is_file() and item.suffix in (".py", ".pyc"))
    return []


#: the claim sources as they were when this module was imported: before any extraction code is (the plugin
#: imports the cache at start-up, extraction on first use), so the fingerprint never names code newer than it
_SOURCES_AT_IMPORT = sources_digest(PACKAGE)
