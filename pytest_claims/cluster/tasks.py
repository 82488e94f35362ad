"""What a worker runs: list an archive, extract a partition of it, select from what it holds, write a part.

Plain functions of plain records, so that any executor can run them: a Dask
worker, a process of a local pool, or this process. Nothing here imports
Dask.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..engine.selection import Census, RuleSelectors, Selected, census_of, select_many
from ..language.selectors import Selector
from ..prose.documents import DOCUMENT_SUFFIXES, ExportReader, discover_files, iter_documents
from ..records.errors import DocumentError
from ..records.model import Claim, Document, DocumentInfo
from ..store.cache import ClaimCache
from ..store.dataset import Found, PartWritten, merge_parts, rewrite_part, write_part
from ..store.extract import Extraction, extract_documents
from ..store.keys import document_key, extraction_fingerprint
from .remote import is_url, iter_url_documents, list_url


@dataclass(frozen=True)
class Listing:
    """An archive's document files (path or URL, and size) in archive order, its problems, the files skipped."""

    files: tuple[tuple[str, int], ...]
    problems: tuple[DocumentError, ...]
    skipped: tuple[str, ...]


def list_archive(paths: Sequence[str]) -> Listing:
    """The documents under ``paths`` as this machine sees them: local paths walked as a local run walks
    them (:func:`~pytest_claims.prose.documents.discover_files`), URLs listed through fsspec."""
    local = [path for path in paths if not is_url(path)]
    files: list[tuple[str, int]] = []
    problems: list[DocumentError] = []
    skipped: list[str] = []
    if local:
        found = discover_files(local)
        files += [(str(path), _size(path)) for path in found.files]
        problems += found.problems
        skipped += [str(path) for path in found.skipped]
    for url in (path for path in paths if is_url(path)):
        listed, trouble, others = list_url(url)
        files += listed
        problems += trouble
        skipped += others
    if not files:
        where = ", ".join(paths) or "(no paths given)"
        problems.append(DocumentError(f"no documents ({', '.join(DOCUMENT_SUFFIXES)}) found in {where}"))
    return Listing(tuple(files), tuple(problems), tuple(skipped))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_partition(files: Sequence[str], read_export: Optional[ExportReader]) -> Iterator[Document | DocumentError]:
    """The documents of ``files`` (paths and URLs, kept in order), or their problems."""
    run: list[str] = []
    remote = False
    for name in files:
        if run and is_url(name) != remote:
            yield from _read_run(run, remote, read_export)
            run = []
        remote = is_url(name)
        run.append(name)
    if run:
        yield from _read_run(run, remote, read_export)


def _read_run(files: Sequence[str], remote: bool, read_export: Optional[ExportReader]
              ) -> Iterable[Document | DocumentError]:
    return iter_url_documents(files, read_export) if remote else iter_documents(files, read_export)


def distinct_problems(problems: Sequence[DocumentError]) -> list[DocumentError]:
    """Each problem once, in order: every partition of a folder reads its claims-meta.yaml, so a problem of that
    file comes back from each (a local run reports it once)."""
    seen: set[tuple[str, Optional[str], Optional[int]]] = set()
    kept: list[DocumentError] = []
    for problem in problems:
        key = (problem.message, problem.path, problem.line)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept



@dataclass(frozen=True)
class PartitionSummary:
    """What the client needs of a partition while its claims stay on the worker."""

    documents: tuple[DocumentInfo, ...]
    problems: tuple[DocumentError, ...]
    claims: int
    extracted: int
    cached: int
    seconds: float


def open_cache(cache_path: Optional[str]) -> Optional[ClaimCache]:
    """The shared extraction cache, when this worker can reach its folder; None else (never created here)."""
    if cache_path is None or not Path(cache_path).parent.is_dir():
        return None
    return ClaimCache.open(Path(cache_path))


def extract_partition(files: Sequence[str], cache_path: Optional[str],
                      read_export: Optional[ExportReader]) -> Extraction:
    """Read and extract one partition, through the cache when the worker reaches it: the extraction a worker
    holds while the client has its summary."""
    cache = open_cache(cache_path)
    try:
        return extract_documents(read_partition(files, read_export), len(files), cache=cache, jobs=1)
    finally:
        if cache is not None:
            cache.close()


def summarize(part: Extraction) -> PartitionSummary:
    return PartitionSummary(part.documents, part.problems, len(part.claims), part.extracted, part.cached,
                            part.seconds)


def select_partition(part: Extraction, selectors: RuleSelectors) -> Selected:
    return select_many(part.claims, selectors)


def census_partition(part: Extraction, conditions: Sequence[Selector]) -> Census:
    return census_of(part.claims, conditions)


def partition_claims(part: Extraction) -> tuple[Claim, ...]:
    return part.claims


# ---------------------------------------------------------------- writing a claims dataset


@dataclass(frozen=True)
class DatasetPartition:
    """What a worker did with one partition of an update: every document found (in order) with its key, the part
    it wrote for those it extracted, what it kept, and its problems."""

    found: tuple[Found, ...]
    written: PartWritten
    problems: tuple[DocumentError, ...]
    extracted: int
    cached: int
    seconds: float


def update_partition(files: Sequence[str], known: Mapping[str, str], folder: str, cache_path: Optional[str],
                     read_export: Optional[ExportReader]) -> DatasetPartition:
    """Read a partition, extract the documents whose key ``known`` (path: key, the dataset's) does not hold,
    and write their claims as a new part of ``folder``."""
    started = time.monotonic()
    found: list[Found] = []
    fresh: list[Document | DocumentError] = []
    problems: list[DocumentError] = []
    for item in read_partition(files, read_export):
        if isinstance(item, DocumentError):
            problems.append(item)
            continue
        key = document_key(item)
        found.append(Found(item.info, key))
        if known.get(item.path) != key:
            fresh.append(item)
    cache = open_cache(cache_path)
    try:
        run = extract_documents(fresh, len(fresh), cache=cache, jobs=1)
    finally:
        if cache is not None:
            cache.close()
    failed = {problem.path for problem in run.problems}
    extracted_found = [item for item in found if known.get(item.info.path) != item.key
                       and item.info.path not in failed]
    written = write_part(Path(folder), run.claims, extracted_found, extraction_fingerprint())
    return DatasetPartition(tuple(item for item in found if item.info.path not in failed), written,
                            tuple(problems) + run.problems, run.extracted, run.cached,
                            time.monotonic() - started)


def rewrite_dataset_part(folder: str, part: str, keep: Sequence[str], extractor: Optional[str]) -> Optional[str]:
    return rewrite_part(Path(folder), part, keep, extractor)


def merge_dataset_parts(folder: str, parts: Sequence[str], extractor: Optional[str]) -> str:
    return merge_parts(Path(folder), parts, extractor)
