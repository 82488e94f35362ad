"""Several processes writing and reading one cache file at once, as pytest-xdist workers and concurrent runs do."""

from __future__ import annotations

import json
import multiprocessing
import runpy
from dataclasses import replace
from pathlib import Path

from pytest_claims.records.model import Claim, Document
from pytest_claims.store.cache import ClaimCache
from pytest_claims.store.keys import extraction_fingerprint

HAMMER = Path(__file__).with_name("hammer.py")
PROCESSES = 4
GROUPS = 6
GROUP_SIZE = 12


def test_processes_hammering_one_file_never_see_half_a_write(
        tmp_path: Path, seeds_extracted: list[tuple[Document, list[Claim]]]) -> None:
    cache_path = tmp_path / "pytest-claims" / "claims.sqlite"
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as pool and xdist workers are
    barrier = context.Barrier(PROCESSES)
    processes = []
    for worker in range(PROCESSES):
        settings = {"CACHE_PATH": str(cache_path), "RESULT_PATH": str(tmp_path / f"worker{worker}.json"),
                    "WORKER": worker, "ROUNDS": 40, "GROUPS": GROUPS, "GROUP_SIZE": GROUP_SIZE, "BARRIER": barrier,
                    "FINGERPRINT": extraction_fingerprint(), "EXTRACTED": seeds_extracted}
        process = context.Process(target=runpy.run_path, args=(str(HAMMER),), kwargs={"init_globals": settings})
        process.start()
        processes.append(process)
    for process in processes:
        process.join(timeout=300)
    assert [process.exitcode for process in processes] == [0] * PROCESSES

    results = [json.loads((tmp_path / f"worker{worker}.json").read_text(encoding="utf-8"))
               for worker in range(PROCESSES)]
    assert [result["errors"] for result in results] == [[]] * PROCESSES
    assert [result["warnings"] for result in results] == [[]] * PROCESSES  # no busy timeout, nothing damaged
    # the check had something to check: workers read whole groups written by others
    assert all(result["full_groups"] > 10 for result in results), [result["full_groups"] for result in results]

    with ClaimCache.open(cache_path) as cache:
        for worker in range(PROCESSES):
            moved = [replace(document, path=f"/worker{worker}/{document.name}") for document, _ in seeds_extracted]
            assert cache.load_many(moved) == [[replace(claim, path=document.path) for claim in claims]
                                              for document, (_, claims) in zip(moved, seeds_extracted)]
        assert cache.warnings == []
