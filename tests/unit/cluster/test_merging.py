"""Small parts are merged: a dataset updated night after night with a few documents does not become a heap of files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from helpers.paths import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from pytest_claims.cluster.update import LocalRunner, update_dataset
from pytest_claims.store import dataset
from pytest_claims.store.dataset import MERGED_PART_CLAIMS, SMALL_PART_CLAIMS, merge_groups, read_dataset

SIZES = st.dictionaries(st.from_regex(r"part-[0-9a-f]{4}\.parquet", fullmatch=True),
                        st.integers(0, 3 * SMALL_PART_CLAIMS), max_size=60)


@given(SIZES)
def test_merge_groups_take_only_small_parts_each_once_within_the_cap(sizes: dict[str, int]) -> None:
    groups = merge_groups(sizes)
    merged = [part for group in groups for part in group]
    assert len(merged) == len(set(merged))
    assert all(sizes[part] < SMALL_PART_CLAIMS for part in merged)
    assert all(len(group) > 1 for group in groups)
    assert all(sum(sizes[part] for part in group) <= MERGED_PART_CLAIMS for group in groups)
    small = [part for part, claims in sizes.items() if claims < SMALL_PART_CLAIMS]
    if len(small) <= dataset.SMALL_PARTS_ALLOWED:
        assert groups == []
    else:  # every small part is merged but at most one, left over when the last group would hold it alone
        assert set(merged) <= set(small) and len(small) - len(merged) <= 1


def test_a_part_left_over_alone_is_not_rewritten_for_nothing() -> None:
    per_group = MERGED_PART_CLAIMS // (SMALL_PART_CLAIMS - 1)  # 10 parts of 9,999 claims fill a merged part
    count = max(2 * per_group, dataset.SMALL_PARTS_ALLOWED) + 1
    count += (count % per_group != 1) * (per_group + 1 - count % per_group)  # one part over full groups
    sizes = {f"part-{i:04x}.parquet": SMALL_PART_CLAIMS - 1 for i in range(count)}
    groups = merge_groups(sizes)
    assert [len(group) for group in groups] == [per_group] * (count // per_group)


def test_an_update_over_the_allowance_merges_the_small_parts_and_loses_no_claim(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(SEEDS, archive)
    folder = tmp_path / "claims"
    first = update_dataset([str(archive)], folder, LocalRunner(1))
    assert len(first.dataset.parts) == 5  # one per document: five small parts, under the allowance
    rows_before = sorted(map(str, ds.dataset(folder, format="parquet").to_table().to_pylist()))
    monkeypatch.setattr(dataset, "SMALL_PARTS_ALLOWED", 2)
    (archive / "late.txt").write_text("Aid convoys reached 3 districts on Tuesday.\n", encoding="utf-8")
    second = update_dataset([str(archive)], folder, LocalRunner(1))
    assert second.extracted == 1 and second.unchanged == 5
    assert len(second.dataset.parts) == 1  # 6 small parts, over the allowance of 2: merged into one
    assert sorted(path.name for path in folder.glob("part-*.parquet")) == list(second.dataset.parts)
    assert second.parts_deleted == 6  # the five old parts and the one written for late.txt
    rows = ds.dataset(folder, format="parquet").to_table().to_pylist()
    assert len(rows) == first.dataset.claims + 1 == read_dataset(folder).claims
    kept = sorted(map(str, [row for row in rows if not row["path"].endswith("late.txt")]))
    assert kept == rows_before
    entries = read_dataset(folder).entries
    assert {entry.part for entry in entries if entry.claims} == set(second.dataset.parts)
