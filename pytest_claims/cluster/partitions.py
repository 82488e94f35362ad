"""Documents in partitions: contiguous runs of the archive, sized for throughput.

A partition is one task: too small and the scheduler's overhead per task
(about a millisecond) and the result's trip dominate; too large and the
last partitions leave workers idle while one finishes. Partitions keep the
archive's order (each is a contiguous run of files), so claims gathered
partition by partition are in the order of a run on one machine.
"""

from __future__ import annotations

from collections.abc import Sequence

#: text per partition aimed at: about 10 s of extraction on one core at ~100 KB/s
TARGET_BYTES = 1_000_000
#: never more documents than this in one partition (many tiny documents still cost time each)
MAX_DOCUMENTS = 500
#: partitions per worker at least, so that a slow partition does not leave the others idle at the end
PER_WORKER = 4


def plan_partitions(sizes: Sequence[int], workers: int, *, target_bytes: int = TARGET_BYTES,
                    max_documents: int = MAX_DOCUMENTS) -> list[range]:
    """Split files of these ``sizes`` (in archive order) into contiguous ranges of positions.

    Each range holds about ``target_bytes`` of text (a range of several files at most that) and at most
    ``max_documents`` files, and there are at least ``PER_WORKER * workers`` ranges, or one per file when
    there are fewer files. Every position is in exactly one range, in order.
    """
    total = sum(max(0, size) for size in sizes)
    if not sizes:
        return []
    wanted = max(1, PER_WORKER * max(1, workers))
    budget = max(1, min(target_bytes, total // wanted if total >= wanted else 1))
    # rounded down: with ceil(n / wanted) files a range, 5 files for 4 ranges would make 3 ranges of 2
    limit = max(1, min(max_documents, len(sizes) // wanted))
    ranges: list[range] = []
    start = 0
    held = 0
    for position, size in enumerate(sizes):
        if position > start and (held + max(0, size) > budget or position - start >= limit):
            ranges.append(range(start, position))
            start, held = position, 0
        held += max(0, size)
    ranges.append(range(start, len(sizes)))
    return ranges
