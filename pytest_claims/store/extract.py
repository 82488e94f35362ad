"""The claims of a whole run: documents streamed in path order, read from the cache, extracted in parallel.

Documents are loaded one batch at a time and dropped once their claims are
known, so memory grows with the claims kept, not with the text of the
archive. A document whose key (its text, metadata and the extractor's
fingerprint) is in the cache is decoded from it; the others are extracted,
in this process or, when there are enough of them, in a pool of processes.
Only this process writes to the cache: workers send their claims back
encoded, as the cache stores them.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..records.errors import DocumentError
from ..records.model import Claim, Document, DocumentInfo
from .cache import ClaimCache
from .codec import decode_claims, encode_claims
from .keys import document_key, extraction_fingerprint

#: documents read, looked up and written to the cache together (one transaction per batch)
BATCH = 64
#: documents to extract before a pool of processes pays for its start
MIN_POOL_DOCUMENTS = 8


@dataclass(frozen=True)
class Progress:
    """How far extraction has come, for a progress line."""

    done: int
    total: int
    claims: int
    extracted: int
    cached: int
    seconds: float
    #: the long document this process is reading, and (sentences read, its sentences): a single document
    #: of many thousand sentences shows its own progress; None and (0, 0) between documents
    document: Optional[str] = None
    sentences: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Extraction:
    """The claims of a run and what it took to get them."""

    claims: tuple[Claim, ...]
    documents: tuple[DocumentInfo, ...]
    #: documents whose claims were extracted in this run, and read from the cache
    extracted: int
    cached: int
    #: processes that extracted (1: this one)
    jobs: int
    seconds: float
    #: documents that could no longer be read when their claims were wanted
    problems: tuple[DocumentError, ...] = ()
    #: how many claims there are when they are held elsewhere (a cluster's workers, a claims dataset) and
    #: ``claims`` is empty; None: ``claims`` holds them all
    claim_count: Optional[int] = None
    #: where extraction ran: "local" (this process or its pool) or "dask"
    engine: str = "local"

    @property
    def count(self) -> int:
        """How many claims were found."""
        return len(self.claims) if self.claim_count is None else self.claim_count


class ExtractionFailure(DocumentError):
    """A document whose extraction raised: a bug of ours, reported as the document's error so that the
    other documents and every rule still run."""

    @classmethod
    def of(cls, document: Document, error: BaseException) -> ExtractionFailure:
        return cls(f"its claims could not be extracted ({internal_error(error)}); the other documents were "
                   f"checked without it. This is a bug in pytest-claims: please report it with the document",
                   document.path)


def internal_error(error: BaseException) -> str:
    """An unexpected exception in words: its type and message, cut to 200 characters."""
    message = " ".join(str(error).split())
    message = message if len(message) <= 200 else message[:199] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def extract_documents(documents: Iterable[Document | DocumentError], total: int, *,
                      cache: Optional[ClaimCache] = None, jobs: int = 1,
                      progress: Optional[Callable[[Progress], None]] = None) -> Extraction:
    """The claims of every document, in the order given; problems are kept, never raised.

    ``total`` is how many documents to expect (for progress); ``jobs`` how many
    processes may extract at once.
    """
    run = _Run(total, cache, jobs, progress)
    try:
        for batch in _batches(documents, BATCH):
            run.add(batch)
        run.finish()
    finally:
        run.close()
    return run.result()


def _batches(items: Iterable[Document | DocumentError], size: int) -> Iterator[list[Document | DocumentError]]:
    batch: list[Document | DocumentError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Run:
    """One extraction run's state: claims by document position, the pool, the counts."""

    def __init__(self, total: int, cache: Optional[ClaimCache], jobs: int,
                 progress: Optional[Callable[[Progress], None]]) -> None:
        self.total = total
        self.cache = cache
        self.jobs = max(1, jobs)
        self.progress = progress
        self.started = time.monotonic()
        self.by_position: list[Optional[list[Claim]]] = []
        self.documents: list[DocumentInfo] = []
        self.problems: list[DocumentError] = []
        self.waiting: list[tuple[int, Document, str]] = []  # misses not yet handed out
        self.running: dict[Future[str], tuple[int, Document, str]] = {}
        self.finished: list[tuple[str, str]] = []  # (key, payload) not yet written to the cache
        self.pool: Optional[ProcessPoolExecutor] = None
        self.used_pool = False
        self.extracted = self.cached = self.claim_count = 0

    def add(self, batch: Sequence[Document | DocumentError]) -> None:
        loaded = [item for item in batch if isinstance(item, Document)]
        self.problems.extend(item for item in batch if isinstance(item, DocumentError))
        keys = [document_key(document) for document in loaded]
        hits = self.cache.get_many(keys) if self.cache is not None else {}
        for document, key in zip(loaded, keys):
            position = len(self.by_position)
            self.by_position.append(None)
            self.documents.append(document.info)
            payload = hits.get(key)
            claims = self._decoded(key, payload, document) if payload is not None else None
            if claims is not None:
                self.cached += 1
                self._done(position, claims)
            else:
                self.waiting.append((position, document, key))
        self._dispatch(final=False)
        self._store()

    def finish(self) -> None:
        self._dispatch(final=True)
        while self.running:
            self._collect(block=True)
        self._store()

    def _decoded(self, key: str, payload: str, document: Document) -> Optional[list[Claim]]:
        """The cached claims, or None when the row cannot be decoded: it is dropped (with a warning) and
        the document extracted again."""
        try:
            return decode_claims(payload, document)
        except ValueError as error:
            assert self.cache is not None
            self.cache.drop(key, payload, str(error), document.name)
            return None

    def _dispatch(self, final: bool) -> None:
        """Hand out the waiting documents: to the pool when there are enough, else extract them here."""
        if not self.waiting:
            return
        if self.jobs > 1 and (self.pool is not None or len(self.waiting) >= MIN_POOL_DOCUMENTS):
            if self.pool is None:
                self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=pool_context())
                self.used_pool = True
            while self.waiting:
                # bounded in flight: memory stays flat however long the archive
                while len(self.running) >= 4 * self.jobs:
                    self._collect(block=True)
                position, document, key = self.waiting.pop(0)
                self.running[self.pool.submit(extract_encoded, document)] = (position, document, key)
            self._collect(block=False)
            return
        if not final and self.jobs > 1 and not self.pool:
            return  # wait: the next batch may bring enough documents for a pool
        from ..prose.claims import document_claims  # late: a run served by the cache never loads extraction

        for position, document, key in self.waiting:
            try:
                claims = document_claims(document, self._sentences(document))
            except Exception as error:  # noqa: BLE001 - one document's bug never takes the run down
                self._failed(position, document, error)
                continue
            self.finished.append((key, encode_claims(claims)))
            self.extracted += 1
            self._done(position, claims)
        self.waiting.clear()

    def _collect(self, block: bool) -> None:
        if not self.running:
            return
        done, _ = wait(list(self.running), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in done:
            position, document, key = self.running.pop(future)
            try:
                payload = future.result()
                claims = decode_claims(payload, document)
            except Exception as error:  # noqa: BLE001 - raised in the worker, or the worker died
                self._failed(position, document, error)
                continue
            self.finished.append((key, payload))
            self.extracted += 1
            self._done(position, claims)

    def _failed(self, position: int, document: Document, error: Exception) -> None:
        """The document's extraction raised: it becomes the document's error, with no claims (nor cache row)."""
        self.problems.append(ExtractionFailure.of(document, error))
        self._done(position, [])

    def _done(self, position: int, claims: list[Claim]) -> None:
        self.by_position[position] = claims
        self.claim_count += len(claims)
        if self.progress is not None:
            self.progress(Progress(self.extracted + self.cached, self.total, self.claim_count, self.extracted,
                                   self.cached, time.monotonic() - self.started))

    def _sentences(self, document: Document) -> Optional[Callable[[int, int], None]]:
        """What shows the progress of a long document read in this process (its sentences); None: quiet."""
        progress = self.progress
        if progress is None:
            return None

        def show(done: int, total: int) -> None:
            progress(Progress(self.extracted + self.cached, self.total, self.claim_count, self.extracted,
                              self.cached, time.monotonic() - self.started, document.name, (done, total)))
        return show

    def _store(self) -> None:
        if self.cache is not None and self.finished:
            self.cache.put_many(self.finished)
        self.finished = []

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def result(self) -> Extraction:
        claims = tuple(claim for found in self.by_position if found is not None for claim in found)
        return Extraction(claims, tuple(self.documents), self.extracted, self.cached,
                          self.jobs if self.used_pool else 1, time.monotonic() - self.started,
                          tuple(self.problems))


def extract_encoded(document: Document) -> str:
    """A pool worker's job: the document's claims, encoded as the cache stores them."""
    from ..prose.claims import document_claims

    return encode_claims(document_claims(document))


def pool_context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap, else start workers afresh.

    A forked child inherits the parent's threads' locks in whatever state
    they were in; pytest-xdist and other plugins run threads, so with more
    than one thread alive workers come from a fork server instead.
    """
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def read_extraction(path: Path) -> Extraction:
    """The claims and documents of a claims table, as a run that extracted them would hold them."""
    from .table import read_table  # late: pyarrow loads only for a table

    claims, catalogue = read_table(path)
    return Extraction(tuple(claims), catalogue.documents, 0, 0, 1, 0.0, catalogue.problems)


def write_extraction(path: Path, extraction: Extraction) -> int:
    """Write a run's claims as a claims table; the number of rows written."""
    from .table import write_table  # late: pyarrow loads only for a table

    return write_table(path, extraction.claims, extraction.documents, extraction.problems,
                       extractor=extraction_fingerprint())
