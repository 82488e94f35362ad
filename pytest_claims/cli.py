"""The ``pytest-claims`` command: ``pytest-claims extract ARCHIVE --out claims/`` writes or updates a claims dataset.

Checking stays with pytest (``pytest --claims-table claims/``); this command
is the extraction job that runs beside it, nightly or on a cluster, where
pytest has no tests to run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional, TextIO

from .cluster.engine import Cluster, dask_missing
from .cluster.update import DaskRunner, LocalRunner, Runner, UpdateResult, update_dataset
from .prose.cms import FieldNames, export_reader
from .records.errors import ClaimsError
from .report.terminal import SKIPPED_SHOWN, progress_line
from .store.extract import Progress, default_jobs

#: exit codes: as pytest's (docs/ci.md): 0 every document read, 4 some could not be, 2 nothing written
OK, USAGE, INCOMPLETE = 0, 2, 4


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="pytest-claims", description="Extract the claims of an archive into a claims dataset that "
                                          "pytest --claims-table checks (docs/cluster.md).")
    actions = command.add_subparsers(dest="action", required=True, metavar="extract")
    extract = actions.add_parser(
        "extract", help="write or update a claims dataset (a folder of Parquet parts) from an archive",
        description="Write the claims of the documents under ARCHIVE to the dataset folder --out; run again on a "
                    "grown archive, only new and changed documents are extracted.")
    extract.add_argument("archive", nargs="+", metavar="ARCHIVE",
                         help="files and folders of documents, or URLs the workers can read (s3://, gs://, "
                              "https://, file://)")
    extract.add_argument("--out", required=True, metavar="DIR", help="the dataset folder (created when missing)")
    extract.add_argument("--engine", choices=("local", "dask"), default="local", metavar="ENGINE",
                         help="local: this machine's processes (default); dask: a Dask cluster")
    extract.add_argument("--scheduler", metavar="ADDRESS", default=None,
                         help="with --engine dask, a running scheduler (tcp://HOST:8786); without it a "
                              "LocalCluster of --jobs workers runs for the command")
    extract.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="processes (local) or LocalCluster workers (dask); default: the CPU count")
    extract.add_argument("--cache", metavar="FILE", default=None,
                         help="an extraction cache (SQLite) shared with pytest runs, e.g. "
                              ".pytest_cache/pytest-claims/claims.sqlite3; default: none")
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    return command


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    arguments = parser().parse_args(argv)
    if arguments.jobs is not None and arguments.jobs < 1:
        print(f"pytest-claims extract: --jobs must be at least 1, got {arguments.jobs}", file=err)
        return USAGE
    if arguments.scheduler and arguments.engine != "dask":
        print("pytest-claims extract: --scheduler needs --engine dask", file=err)
        return USAGE
    jobs = arguments.jobs or default_jobs()
    cluster: Optional[Cluster] = None
    try:
        runner: Runner
        if arguments.engine == "dask":
            problem = dask_missing()
            if problem is not None:
                print(f"pytest-claims extract: {problem.replace('--claims-engine dask', '--engine dask')}",
                      file=err)
                return USAGE
            cluster = Cluster.connect(arguments.scheduler, jobs)
            print(cluster.describe(), file=out)
            runner = DaskRunner(cluster)
        else:
            runner = LocalRunner(jobs)
        progress = None if arguments.quiet or not err.isatty() else _ProgressLine(err).show
        archive = [_absolute(path) for path in arguments.archive]
        result = update_dataset(archive, Path(arguments.out), runner,
                                cache_path=Path(arguments.cache).absolute() if arguments.cache else None,
                                read_export=export_reader(FieldNames()), progress=progress)
        if progress is not None:
            print("\r\033[K", end="", file=err)
    except ClaimsError as error:
        print(f"pytest-claims extract: {error}", file=err)
        return USAGE
    finally:
        if cluster is not None:
            cluster.close()
    for line in result_lines(result, arguments.out):
        print(line, file=out)
    for unreadable in result.problems:
        print(f"error: {unreadable}", file=err)
    return INCOMPLETE if result.problems else OK


def _absolute(path: str) -> str:
    """A local path as the workers need it (absolute); a URL as given."""
    from .cluster.remote import is_url

    return path if is_url(path) else str(Path(path).absolute())


def result_lines(result: UpdateResult, shown_as: str) -> list[str]:
    """What an update did, in two lines (and the skipped files)."""
    dataset = result.dataset
    where = f"Dask, {count(result.workers, 'worker')}" if result.engine == "dask" else \
        count(result.workers, "process", "processes")
    lines = [f"claims dataset {shown_as}: {count(dataset.claims, 'claim')} of {count(len(dataset.entries), 'document')}"
             f" in {count(len(dataset.parts), 'part')}",
             f"this update: {count(result.extracted, 'document')} extracted ({where}), {result.unchanged:,} unchanged, "
             f"{result.cached:,} read from the cache, {result.removed:,} removed, "
             f"{len(result.problems):,} unreadable; {count(result.parts_written, 'part')} written, "
             f"{result.parts_deleted:,} deleted; {result.seconds:.1f} s"]
    if result.skipped:
        shown = ", ".join(result.skipped[:SKIPPED_SHOWN])
        more = f", and {len(result.skipped) - SKIPPED_SHOWN:,} more" if len(result.skipped) > SKIPPED_SHOWN else ""
        lines.append(f"{count(len(result.skipped), 'file')} skipped (not documents): {shown}{more}")
    return lines


def count(number: int, noun: str, plural_form: str = "") -> str:
    """``1 document``, ``12,345 documents``."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {plural_form or noun + 's'}"


class _ProgressLine:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0

    def show(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last >= 0.25 or progress.done == progress.total:
            self.last = now
            print("\r\033[K" + progress_line(progress).replace(", 0 claims", ""), end="", file=self.stream,
                  flush=True)
