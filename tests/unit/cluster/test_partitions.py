"""Partitions: every document in exactly one contiguous run, in archive order, sized as the docstring promises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.cluster.partitions import MAX_DOCUMENTS, PER_WORKER, TARGET_BYTES, plan_partitions

PROPERTY_SETTINGS = settings(max_examples=400, deadline=None)

sizes_strategy = st.lists(st.one_of(st.integers(0, 3_000_000), st.integers(0, 2_000), st.integers(-10, 0)),
                          max_size=300)


def _held(sizes: list[int], part: range) -> int:
    return sum(max(0, sizes[position]) for position in part)


@PROPERTY_SETTINGS
@given(sizes=sizes_strategy, workers=st.integers(1, 16), target_bytes=st.integers(1, 5_000_000),
       max_documents=st.integers(1, 600))
def test_every_position_is_in_exactly_one_range_in_order(sizes: list[int], workers: int, target_bytes: int,
                                                         max_documents: int) -> None:
    ranges = plan_partitions(sizes, workers, target_bytes=target_bytes, max_documents=max_documents)
    assert all(part.step == 1 and len(part) > 0 for part in ranges)
    assert [position for part in ranges for position in part] == list(range(len(sizes)))


@PROPERTY_SETTINGS
@given(sizes=sizes_strategy, workers=st.integers(1, 16), target_bytes=st.integers(1, 5_000_000),
       max_documents=st.integers(1, 600))
def test_no_range_holds_more_documents_or_text_than_allowed(sizes: list[int], workers: int, target_bytes: int,
                                                            max_documents: int) -> None:
    ranges = plan_partitions(sizes, workers, target_bytes=target_bytes, max_documents=max_documents)
    assert all(len(part) <= max_documents for part in ranges)
    # a document larger than the target is a range alone; ranges of several stay within the target
    assert all(_held(sizes, part) <= target_bytes for part in ranges if len(part) > 1)


@PROPERTY_SETTINGS
@given(sizes=sizes_strategy, workers=st.integers(1, 16), target_bytes=st.integers(1, 5_000_000),
       max_documents=st.integers(1, 600))
def test_there_are_enough_ranges_to_keep_every_worker_busy(sizes: list[int], workers: int, target_bytes: int,
                                                           max_documents: int) -> None:
    ranges = plan_partitions(sizes, workers, target_bytes=target_bytes, max_documents=max_documents)
    assert len(ranges) >= min(len(sizes), PER_WORKER * workers)


@pytest.mark.parametrize("sizes", [[1, 1, 1, 1, 100], [4262, 5201, 8020, 5780, 5018], [0] * 9, [10] * 7])
def test_a_handful_of_files_still_makes_the_ranges_each_worker_needs(sizes: list[int]) -> None:
    """Small archives, where rounding decides: one file more than the ranges wanted must not give fewer ranges."""
    assert len(plan_partitions(sizes, 1)) >= min(len(sizes), PER_WORKER)


def test_no_files_no_ranges() -> None:
    assert plan_partitions([], 4) == []


def test_a_large_archive_is_cut_into_ranges_of_about_the_target_size() -> None:
    """10,000 articles of 5 KB on 2 workers: 50 MB, so ranges of 200 articles (1 MB), far more than 8."""
    ranges = plan_partitions([5_000] * 10_000, 2)
    assert {len(part) for part in ranges} == {TARGET_BYTES // 5_000}
    assert len(ranges) == 10_000 * 5_000 // TARGET_BYTES


def test_many_tiny_documents_are_capped_by_count_not_size() -> None:
    ranges = plan_partitions([100] * 5_000, 1)
    assert max(len(part) for part in ranges) == MAX_DOCUMENTS
    assert len(ranges) == 5_000 // MAX_DOCUMENTS
