"""Extraction and selection on a Dask cluster: a running scheduler, or a LocalCluster started for the run.

The client lists the archive on a worker, cuts it into partitions
(:mod:`.partitions`) and has the workers read and extract them; each
partition's claims stay in its worker's memory. A rule's selectors then run
on every partition where it lies (:func:`~pytest_claims.engine.selection.select_many`),
and only the selected claims come back to pytest, which runs the checks.
Verdicts are those of a run on one machine: the same claims, in the same
order.

A task that fails is tried again (:data:`RETRIES` times, on another worker
when one died); a partition that still fails is split into its documents,
each tried alone on the cluster, and a document that fails on its own
becomes that document's error, so no document is ever missing without a
word.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..engine.selection import Census, RuleSelectors, Selected, join_selected
from ..language.selectors import Selector
from ..prose.documents import ExportReader
from ..records.errors import ClaimsError, DocumentError
from ..records.model import Claim, DocumentInfo
from ..store.dataset import census_part, read_part_claims, select_part
from ..store.extract import Extraction, Progress, internal_error
from .partitions import plan_partitions
from .remote import is_url
from .tasks import Listing, PartitionSummary, census_partition, distinct_problems, extract_partition, \
    list_archive, partition_claims, select_partition, summarize

INSTALL_HINT = "pip install 'pytest-claims[dask]'"
#: times a failed task is tried again before its partition is split into documents
RETRIES = 2
#: how long to wait for a scheduler to answer
CONNECT_TIMEOUT = "20s"


class ClusterError(ClaimsError):
    """The cluster cannot be used: Dask is not installed, the scheduler cannot be reached."""


def dask_missing() -> Optional[str]:
    """Why the Dask engine cannot run here (its packages are missing), or None."""
    missing = []
    for name in ("dask", "distributed"):
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        return f"--claims-engine dask needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} " \
               f"not installed: {INSTALL_HINT}"
    return None


@dataclass
class Cluster:
    """A Dask client, and the LocalCluster it started when no scheduler was given."""

    client: Any
    local: Any
    address: str
    workers: int
    dashboard: Optional[str]

    @classmethod
    def connect(cls, scheduler: Optional[str], workers: int) -> Cluster:
        """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a LocalCluster of ``workers``
        single-threaded processes; ClusterError when Dask is missing or the scheduler does not answer."""
        problem = dask_missing()
        if problem is not None:
            raise ClusterError(problem)
        distributed: Any = importlib.import_module("distributed")  # untyped: its objects are Any here
        Client, LocalCluster = distributed.Client, distributed.LocalCluster
        if scheduler is None:
            dashboard = ":0" if importlib.util.find_spec("bokeh") is not None else None
            # A LocalCluster closes for good the nanny of a worker not back lost-worker-timeout (15 s) after it
            # died, checked by a timer per death: with a document that kills every worker trying it, an earlier
            # death's timer can fire mid-restart, and the cluster shrinks, at worst to no worker and a run that
            # never ends. The nannies restart their workers; the run waits for them.
            importlib.import_module("dask").config.set({"distributed.deploy.lost-worker-timeout": "1 hour"})
            local = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                 dashboard_address=dashboard, silence_logs=logging.ERROR)
            client = Client(local)
        else:
            local = None
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler!r} ({internal_error(error)}): "
                                   "start one (dask scheduler) or give its address as tcp://HOST:8786") from None
        info = client.scheduler_info()
        count = max(1, len(info.get("workers", {})))
        link = client.dashboard_link if (local is None or dashboard is not None) else None
        # as given when given: a scheduler may know itself by an address that is not the one reached
        return cls(client, local, scheduler or str(info.get("address", "")), count, link)

    def describe(self) -> str:
        """``Dask at tcp://127.0.0.1:40123 (2 workers), dashboard http://127.0.0.1:8787/status``."""
        where = "a LocalCluster" if self.local is not None else "the scheduler"
        line = f"Dask: {where} at {self.address} ({self.workers} worker{'s' if self.workers != 1 else ''})"
        return line + (f", dashboard {self.dashboard}" if self.dashboard else "")

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.client.submit(function, *args, retries=RETRIES, pure=False, **kwargs)

    def run_here_or_there(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` on a worker, its result here; a failure raises as the task raised."""
        return self.submit(function, *args).result()

    def map_gather(self, function: Callable[..., Any], items: Sequence[Any], *args: Any) -> list[Any]:
        """``function(item, *args)`` for each item on the workers, the results here in order."""
        futures = [self.submit(function, item, *args) for item in items]
        return list(self.client.gather(futures))


def completed(cluster: Cluster, futures: Sequence[Any]) -> Iterator[tuple[int, Any, Optional[BaseException]]]:
    """(index, result, None) or (index, None, error) for each future as it finishes."""
    as_completed: Any = importlib.import_module("distributed").as_completed
    index = {future.key: i for i, future in enumerate(futures)}
    for future in as_completed(list(futures)):
        error = future.exception() if future.status == "error" else None
        if future.status == "cancelled":
            error = RuntimeError("the task was cancelled (its worker left the cluster)")
        yield index[future.key], (None if error is not None else future.result()), error


@dataclass
class _Slot:
    """One partition, or one document of a partition that failed: its files and where its claims are."""

    files: list[str]
    claims: Any  # the future holding the partition's Extraction (store.extract), on a worker
    summary: Optional[PartitionSummary] = None
    error: Optional[BaseException] = None


@dataclass
class ClusterClaims:
    """The claims of a run, held by the cluster's workers partition by partition: a ClaimSource."""

    cluster: Cluster
    futures: list[Any]
    _selected: dict[str, list[Selected]] = field(default_factory=dict)

    def prefetch(self, selectors: RuleSelectors) -> None:
        """Select for many rules in one pass over the partitions."""
        if selectors and self.futures:
            answers = self.cluster.map_gather(select_partition, self.futures, selectors)
            for rule in selectors:
                self._selected[rule] = answers

    def select(self, rule: str, selectors: Any) -> dict[str, tuple[Claim, ...]]:
        answers = self._selected.pop(rule, None)
        if answers is None:
            answers = self.cluster.map_gather(select_partition, self.futures, {rule: selectors})
        groups = join_selected(answers, rule)
        return {group: groups.get(group, ()) for group in selectors}

    def census(self, conditions: Sequence[Selector]) -> Census:
        total = Census(0, 0, tuple(0 for _ in conditions))
        for census in self.cluster.map_gather(census_partition, self.futures, list(conditions)):
            total = total + census
        return total

    def gather(self) -> tuple[Claim, ...]:
        """Every claim, in run order (for what needs them all: reports, --claims-explain, a claims table)."""
        parts = self.cluster.map_gather(partition_claims, self.futures)
        return tuple(claim for part in parts for claim in part)

    def release(self) -> None:
        for future in self.futures:
            future.release()
        self.futures = []


def extract_on_cluster(cluster: Cluster, paths: Sequence[str], *, cache_path: Optional[Path],
                       read_export: Optional[ExportReader],
                       progress: Optional[Callable[[Progress], None]] = None) -> tuple[Extraction, ClusterClaims,
                                                                                        tuple[str, ...]]:
    """List and extract the archive on the cluster: the run's extraction (documents, problems, counts; its
    claims stay on the workers), the claims as a ClaimSource, and the files skipped as not documents."""
    started = time.monotonic()
    given = {_absolute(path): path if is_url(path) else str(Path(path)) for path in paths}
    listing: Listing = cluster.run_here_or_there(list_archive, list(given))
    files = [name for name, _ in listing.files]
    ranges = plan_partitions([size for _, size in listing.files], cluster.workers)
    cache = str(cache_path) if cache_path is not None else None
    slots = [_Slot(files[r.start:r.stop], None) for r in ranges]
    done_files = claims = extracted = cached = 0

    def report() -> None:
        if progress is not None:
            progress(Progress(done_files, len(files), claims, extracted, cached, time.monotonic() - started))

    def launch(batch: list[_Slot]) -> None:
        nonlocal done_files, claims, extracted, cached
        for slot in batch:
            slot.claims = cluster.submit(extract_partition, slot.files, cache, read_export)
        summaries = [cluster.submit(summarize, slot.claims) for slot in batch]
        for index, summary, error in completed(cluster, summaries):
            slot = batch[index]
            slot.summary, slot.error = summary, error
            if summary is not None:
                done_files += len(slot.files)
                claims += summary.claims
                extracted += summary.extracted
                cached += summary.cached
                report()

    launch(slots)
    final: list[_Slot] = []
    for slot in slots:
        if slot.error is None or (len(slot.files) == 1 and worker_deaths(slot.error) is None):
            final.append(slot)
            continue
        # Find the document that fails and keep the others: each alone on the cluster, as the scheduler blames
        # a worker's death on every task queued there too (an innocent document would fail beside the culprit).
        for name in slot.files:
            single = _Slot([name], None)
            launch([single])
            final.append(single)
    documents: list[DocumentInfo] = []
    problems = [_as_given(problem, given) for problem in listing.problems]  # then each partition's, once
    futures = []
    for slot in final:
        if slot.summary is None:
            error = slot.error or RuntimeError("no result")
            problems.append(DocumentError(f"its extraction failed {failure_words(error)}; the other documents were "
                                          "checked without it", slot.files[0]))
            continue
        documents.extend(slot.summary.documents)
        problems.extend(slot.summary.problems)
        futures.append(slot.claims)
    extraction = Extraction((), tuple(documents), extracted, cached, cluster.workers,
                            time.monotonic() - started, tuple(distinct_problems(problems)), claim_count=claims,
                            engine="dask")
    return extraction, ClusterClaims(cluster, futures), listing.skipped


def worker_deaths(error: BaseException) -> Optional[int]:
    """How many workers died running the task, when that is how it failed (distributed's KilledWorker, after
    the scheduler's own tries: retries do not apply); None when it raised."""
    allowed = getattr(error, "allowed_failures", None)
    return allowed + 1 if isinstance(allowed, int) else None


def failure_words(error: BaseException) -> str:
    """How a document's extraction failed on the cluster, every time it was tried."""
    deaths = worker_deaths(error)
    if deaths is not None:
        return f"{deaths} times on the Dask cluster (the worker process extracting it died each time)"
    return f"{RETRIES + 1} times on the Dask cluster ({internal_error(error)})"


def _absolute(path: str) -> str:
    """A local path as pytest sees it, where it was started: a worker's working folder is another."""
    return path if is_url(path) else os.path.abspath(path)


def _as_given(problem: DocumentError, given: Mapping[str, str]) -> DocumentError:
    """A problem with the paths named as they were given (``seeds``), not as the workers were sent them."""
    path = given.get(problem.path, problem.path) if problem.path is not None else None
    message = problem.message.replace(", ".join(given), ", ".join(given.values()))  # "no documents found in"
    if (path, message) == (problem.path, problem.message):
        return problem
    return DocumentError(message, path, problem.line, problem.excerpt)


def select_parts_on(cluster: Cluster) -> Callable[[Sequence[Path], RuleSelectors], list[Selected]]:
    """Selection of a claims dataset's parts on the cluster's workers (they must reach the folder)."""
    def select(paths: Sequence[Path], selectors: RuleSelectors) -> list[Selected]:
        return cluster.map_gather(select_part, [str(path) for path in paths], selectors)
    return select


def census_parts_on(cluster: Cluster) -> Callable[[Sequence[Path], Sequence[Selector]], list[Census]]:
    def census(paths: Sequence[Path], conditions: Sequence[Selector]) -> list[Census]:
        return cluster.map_gather(census_part, [str(path) for path in paths], list(conditions))
    return census


def read_parts_on(cluster: Cluster) -> Callable[[Sequence[Path]], list[tuple[Claim, ...]]]:
    def read(paths: Sequence[Path]) -> list[tuple[Claim, ...]]:
        return cluster.map_gather(read_part_claims, [str(path) for path in paths])
    return read
