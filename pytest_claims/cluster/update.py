"""``pytest-claims extract``: write or update a claims dataset from an archive, here or on a Dask cluster.

An update reads every document (to know its key: its text, metadata and the
extractor), extracts only those the dataset does not hold with that key, and
writes their claims as new parts; parts of documents that changed or left
are rewritten without them (:func:`~pytest_claims.store.dataset.plan_update`).
The work runs where the runner puts it: this process, a pool of processes,
or a Dask cluster's workers, which write the parts themselves, so claims
never travel to the client.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Protocol

from ..prose.documents import ExportReader
from ..records.errors import DocumentError
from ..store.dataset import Dataset, DatasetError, Found, commit, is_dataset, merge_groups, plan_update, \
    read_dataset, stray_parts
from ..store.extract import Progress, pool_context, internal_error
from ..store.keys import extraction_fingerprint
from .engine import Cluster, completed, failure_words, worker_deaths
from .partitions import plan_partitions
from .tasks import DatasetPartition, Listing, distinct_problems, list_archive, merge_dataset_parts, \
    rewrite_dataset_part, update_partition


class Runner(Protocol):
    """Runs tasks: here, in a pool of processes, or on a Dask cluster."""

    workers: int
    name: str

    def one(self, function: Callable[..., Any], *args: Any) -> Any: ...

    def each(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]
             ) -> Iterator[tuple[int, Any, Optional[BaseException]]]: ...


class LocalRunner:
    """This process (one job) or a pool of ``jobs`` processes."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.workers = max(1, jobs)

    def one(self, function: Callable[..., Any], *args: Any) -> Any:
        return function(*args)

    def each(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]
             ) -> Iterator[tuple[int, Any, Optional[BaseException]]]:
        if self.workers == 1 or len(calls) < 2:
            for index, args in enumerate(calls):
                try:
                    yield index, function(*args), None
                except Exception as error:  # noqa: BLE001 - the caller makes it the documents' error
                    yield index, None, error
            return
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=pool_context()) as pool:
            running: dict[Future[Any], int] = {pool.submit(function, *args): i for i, args in enumerate(calls)}
            while running:
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    index = running.pop(future)
                    failure = future.exception()
                    yield index, None if failure is not None else future.result(), failure


class DaskRunner:
    """A Dask cluster's workers; failed tasks tried again (:data:`~.engine.RETRIES`)."""

    name = "dask"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.workers = cluster.workers

    def one(self, function: Callable[..., Any], *args: Any) -> Any:
        return self.cluster.run_here_or_there(function, *args)

    def each(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]
             ) -> Iterator[tuple[int, Any, Optional[BaseException]]]:
        futures = [self.cluster.submit(function, *args) for args in calls]
        yield from completed(self.cluster, futures)


@dataclass(frozen=True)
class UpdateResult:
    """What an update did."""

    dataset: Dataset
    #: documents found in the archive (readable ones), extracted now, read from the extraction cache, kept as
    #: they were in the dataset
    documents: int
    extracted: int
    cached: int
    unchanged: int
    #: documents that left the dataset (removed from the archive, or now unreadable)
    removed: int
    parts_written: int
    parts_deleted: int
    problems: tuple[DocumentError, ...]
    skipped: tuple[str, ...]
    seconds: float
    engine: str
    workers: int


def update_dataset(paths: Sequence[str], folder: Path, runner: Runner, *, cache_path: Optional[Path] = None,
                   read_export: Optional[ExportReader] = None,
                   progress: Optional[Callable[[Progress], None]] = None) -> UpdateResult:
    """Bring the dataset in ``folder`` up to date with the archive at ``paths``; DatasetError when ``folder`` is
    something else or cannot be written."""
    started = time.monotonic()
    folder = Path(folder).absolute()
    old = _existing(folder)
    strays = stray_parts(folder, old)
    for name in strays:  # left by an update that was stopped: never listed, so never read
        (folder / name).unlink(missing_ok=True)
    _writable(folder)
    listing: Listing = runner.one(list_archive, list(paths))
    files = [name for name, _ in listing.files]
    ranges = plan_partitions([size for _, size in listing.files], runner.workers)
    known = _known_keys(old)
    cache = str(cache_path) if cache_path is not None else None
    partitions = [files[r.start:r.stop] for r in ranges]
    results: list[Optional[DatasetPartition]] = [None] * len(partitions)
    problems: list[DocumentError] = list(listing.problems)
    counts = [0, 0, 0]  # files done, extracted, cached

    def calls(groups: Sequence[list[str]]) -> list[tuple[Any, ...]]:
        return [(group, {path: key for name in group for path, key in known.get(name, {}).items()}, str(folder),
                 cache, read_export) for group in groups]

    def run(groups: list[list[str]]) -> list[tuple[Optional[DatasetPartition], Optional[BaseException]]]:
        answers: list[tuple[Optional[DatasetPartition], Optional[BaseException]]] = [(None, None)] * len(groups)
        for index, result, error in runner.each(update_partition, calls(groups)):
            answers[index] = (result, error)
            if result is not None:
                counts[0] += len(groups[index])
                counts[1] += result.extracted
                counts[2] += result.cached
                if progress is not None:
                    progress(Progress(counts[0], len(files), 0, counts[1], counts[2], time.monotonic() - started))
        return answers

    ordered: list[DatasetPartition] = []
    for group, (result, error) in zip(partitions, run(partitions)):
        if result is not None:
            ordered.append(result)
            continue
        if len(group) == 1 and (error is None or worker_deaths(error) is None):
            problems.append(_failed(group[0], error, runner))
            continue
        # each document alone: a scheduler blames a worker's death on every task queued there too
        for name in group:
            [(one, failure)] = run([[name]])
            if one is not None:
                ordered.append(one)
            else:
                problems.append(_failed(name, failure, runner))
    found: list[Found] = []
    parts_of: dict[str, Optional[str]] = {}
    claims_of: dict[str, int] = {}
    extracted = cached = written = 0
    for part in ordered:
        found.extend(part.found)
        problems.extend(part.problems)
        extracted += part.extracted
        cached += part.cached
        written += part.written.part is not None
        for item, count in part.written.documents:
            parts_of[item.info.path] = part.written.part if count else None
            claims_of[item.info.path] = count
    plan = plan_update(old, found)
    renamed: dict[str, Optional[str]] = {part: part for part in plan.keep}
    rewrites = list(plan.rewrite)
    for index, result, error in runner.each(rewrite_dataset_part,
                                            [(str(folder), part, keep, old.extractor if old else None)
                                             for part, keep in rewrites]):
        if error is not None:
            raise DatasetError(f"cannot rewrite the part {rewrites[index][0]} ({internal_error(error)}); the dataset "
                               "is unchanged: run the update again", str(folder))
        renamed[rewrites[index][0]] = result
        written += result is not None
    for path, entry in plan.unchanged.items():
        parts_of[path] = renamed.get(entry.part) if entry.part is not None else None
        claims_of[path] = entry.claims if parts_of[path] is not None else 0
    obsolete = list(plan.drop) + [part for part, _ in rewrites]
    merged, merged_into = _merge_small_parts(folder, runner, parts_of, claims_of)
    obsolete += merged
    written += merged_into
    problems = distinct_problems(problems)
    dataset = commit(folder, found, parts_of, claims_of, problems, extraction_fingerprint(), obsolete)
    found_paths = {item.info.path for item in found}
    removed = sum(entry.info.path not in found_paths for entry in old.entries) if old is not None else 0
    return UpdateResult(dataset, len(found), extracted, cached, len(plan.unchanged), removed, written,
                        len(obsolete), tuple(problems), listing.skipped, time.monotonic() - started, runner.name,
                        runner.workers)


def _merge_small_parts(folder: Path, runner: Runner, parts_of: dict[str, Optional[str]],
                       claims_of: Mapping[str, int]) -> tuple[list[str], int]:
    """Merge the small parts (:func:`~pytest_claims.store.dataset.merge_groups`) on the workers; ``parts_of`` is
    updated to the merged parts. The parts merged (to delete once the manifest is written) and how many parts
    they became."""
    claims_per_part: dict[str, int] = {}
    for path, part in parts_of.items():
        if part is not None:
            claims_per_part[part] = claims_per_part.get(part, 0) + claims_of.get(path, 0)
    groups = merge_groups(claims_per_part)
    if not groups:
        return [], 0
    merged_into: dict[str, str] = {}
    for index, result, error in runner.each(merge_dataset_parts,
                                            [(str(folder), group, extraction_fingerprint()) for group in groups]):
        if error is not None:
            raise DatasetError(f"cannot merge small parts ({internal_error(error)}); the dataset is unchanged: run "
                               "the update again", str(folder))
        merged_into.update((part, result) for part in groups[index])
    for path, part in parts_of.items():
        if part in merged_into:
            parts_of[path] = merged_into[part]
    return list(merged_into), len(groups)


def _writable(folder: Path) -> None:
    """Make the dataset folder, and prove it can be written, before any worker writes a part into it."""
    probe = folder / f".pytest-claims-probe-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise DatasetError(f"cannot write the dataset folder: {error.strerror or error}; give a folder you may "
                           "write to", str(folder)) from None


def _existing(folder: Path) -> Optional[Dataset]:
    if is_dataset(folder):
        return read_dataset(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DatasetError("is not a claims dataset and not an empty folder: give a new or empty folder for "
                           "the dataset (an update never writes among other files)", str(folder))
    return None


def _known_keys(old: Optional[Dataset]) -> Mapping[str, dict[str, str]]:
    """The dataset's document keys by the file that holds the document (a CMS export holds many)."""
    known: dict[str, dict[str, str]] = {}
    for entry in old.entries if old is not None else ():
        known.setdefault(entry.info.source_file, {})[entry.info.path] = entry.key
    return known


def _failed(name: str, error: Optional[BaseException], runner: Runner) -> DocumentError:
    failure = error or RuntimeError("no result")
    how = failure_words(failure) if runner.name == "dask" else f"in a worker process ({internal_error(failure)})"
    return DocumentError(f"its extraction failed {how}; the dataset was written without it and the next update "
                         "tries it again", name)
