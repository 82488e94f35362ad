"""Archives the workers reach by URL (``s3://``, ``gs://``, ``https://``, ``file://``), through fsspec.

A document at a URL is copied to a temporary folder on the worker, beside a
copy of its folder's ``claims-meta.yaml`` when there is one, and read from
there exactly as a local file is; its claims and problems name the URL.
"""

from __future__ import annotations

import copy
import dataclasses
import posixpath
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

from ..prose.documents import DOCUMENT_SUFFIXES, METADATA_FILE, SKIPPED_DIRS, ExportReader, iter_documents
from ..records.errors import DocumentError
from ..records.model import Document


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL (``scheme://...``) rather than a path on the worker's disk."""
    head, sep, _ = path.partition("://")
    return bool(sep) and head.isidentifier() and len(head) > 1


def _fs(url: str) -> tuple[Any, str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return fs, root


def list_url(url: str) -> tuple[list[tuple[str, int]], list[DocumentError], list[str]]:
    """The documents at or under ``url`` (URL, size) in path order, problems, and the other files skipped."""
    try:
        fs, root = _fs(url)
        if not fs.exists(root):
            return [], [DocumentError("no such file or folder at this URL", url)], []
        if not fs.isdir(root):
            if posixpath.splitext(root)[1].lower() in DOCUMENT_SUFFIXES:
                return [(url, int(fs.size(root) or 0))], [], []
            return [], [DocumentError(f"cannot read this file; documents are {', '.join(DOCUMENT_SUFFIXES)}",
                                      url)], []
        found = fs.find(root, detail=True)
    except Exception as error:  # noqa: BLE001 - a store's own errors (permissions, network) name no common base
        return [], [DocumentError(f"cannot list this URL: {type(error).__name__}: {error}", url)], []
    files: list[tuple[str, int]] = []
    skipped: list[str] = []
    for name, info in sorted(found.items()):
        relative = posixpath.relpath(name, root)
        parts = relative.split("/")
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts) or parts[-1] == METADATA_FILE:
            continue
        address = fs.unstrip_protocol(name)
        if posixpath.splitext(name)[1].lower() in DOCUMENT_SUFFIXES:
            files.append((address, int(info.get("size") or 0)))
        else:
            skipped.append(address)
    return files, [], skipped


def iter_url_documents(urls: Sequence[str], read_export: Optional[ExportReader]
                       ) -> Iterator[Document | DocumentError]:
    """Each document at ``urls`` (read as :func:`~pytest_claims.prose.documents.iter_documents` reads files),
    named by its URL."""
    with tempfile.TemporaryDirectory(prefix="pytest-claims-") as scratch:
        local: dict[str, str] = {}
        folders: dict[str, Path] = {}
        bases: dict[str, str] = {}  # each temporary folder and the URL of the folder it stands for
        order: list[str] = []
        for url in urls:
            fs, path = _fs(url)
            parent = posixpath.dirname(path)
            base = url[: len(url) - len(posixpath.basename(path))]
            try:
                if parent not in folders:
                    folders[parent] = Path(scratch, str(len(folders)))
                    folders[parent].mkdir()
                    meta = posixpath.join(parent, METADATA_FILE)
                    if fs.exists(meta):
                        fs.get_file(meta, str(folders[parent] / METADATA_FILE))
                        local[str(folders[parent] / METADATA_FILE)] = base + METADATA_FILE
                        _stand_ins(fs, parent, folders[parent])
                    bases[str(folders[parent])] = base.rstrip("/")
                target = folders[parent] / posixpath.basename(path)
                fs.get_file(path, str(target))
            except Exception as error:  # noqa: BLE001 - as in list_url
                yield DocumentError(f"cannot read this URL: {type(error).__name__}: {error}", url)
                continue
            local[str(target)] = url
            order.append(str(target))
        for item in iter_documents(order, read_export):
            yield _renamed(item, local, bases)


def _stand_ins(fs: Any, parent: str, folder: Path) -> None:
    """Empty files in ``folder`` for the files of the remote folder ``parent`` that its claims-meta.yaml (copied
    into ``folder``) names: a partition copies only its own documents, and the metadata's entries are checked
    against the folder's files as a local run checks them, so an entry for a document of another partition is
    no error (nor are its dates lost). The stand-ins are never read as documents."""
    import yaml

    try:
        named = yaml.safe_load((folder / METADATA_FILE).read_text(encoding="utf-8"))
        files = {posixpath.basename(entry["name"]) for entry in fs.ls(parent, detail=True)
                 if entry.get("type") == "file"}
    except Exception:  # noqa: BLE001 - a broken file is read again, and reported, by load_metadata
        return
    if isinstance(named, dict):
        for name in named:
            if isinstance(name, str) and name in files - {METADATA_FILE}:  # a base name: listed files have no /
                (folder / name).touch()


def _renamed(item: Document | DocumentError, local: dict[str, str], bases: dict[str, str]
             ) -> Document | DocumentError:
    """``item`` with the temporary paths in its names (and a problem's message) replaced by the URLs they were
    copied from."""
    def name(text: Optional[str]) -> Optional[str]:
        if text is None:
            return None
        for copy in sorted(local, key=len, reverse=True):
            if text.startswith(copy):
                return local[copy] + text[len(copy):]
        return text

    if isinstance(item, DocumentError):
        renamed = copy.copy(item)
        renamed.path = name(item.path)
        for scratch, url in bases.items():
            renamed.message = renamed.message.replace(scratch, url)
        return renamed
    return dataclasses.replace(item, path=name(item.path) or item.path, file=name(item.file))
