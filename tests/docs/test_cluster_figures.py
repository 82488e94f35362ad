"""docs/cluster.md, "Measured": the figures are what bench/cluster.py measured and saved, row for row.

Timings cannot be recomputed in a test (they depend on the machine and its
load); ``python bench/cluster.py --json bench/results/cluster.json`` saves
what it measured and the tables must show exactly that. What does not depend
on the machine is checked against the project itself: the archive is the
bundled corpus cut in four with no sentence repeated, the rules are the bench
rules, every way of checking gave the same verdicts, the synthetic run is the
100 million rows and its selections are the rows the generator meant, and the
scale on paper follows from the measured figures saved beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers.markdown import Table, read
from helpers.paths import BENCH, DOCS
from pytest_claims.rulefile.load import discover_rule_files, load_rules

sys.path.insert(0, str(BENCH))

import cluster  # noqa: E402

CLUSTER_DOC = DOCS / "cluster.md"
SECTION = "Measured"
SAVED = json.loads((BENCH / "results" / "cluster.json").read_text(encoding="utf-8"))
ARCHIVE = SAVED["archive"]
SYNTHETIC = SAVED["synthetic"]


def measured_tables() -> list[Table]:
    """The tables of the Measured section (its subsections included): after its heading, to the end."""
    doc = read(CLUSTER_DOC)
    [heading] = [h for h in doc.headings if h.level == 2 and h.text == SECTION]
    later = [h.line for h in doc.headings if h.level <= 2 and h.line > heading.line]
    end = min(later, default=10**9)
    return [table for table in doc.tables if heading.line < table.line < end]


def table_with(header: list[str]) -> Table:
    [table] = [table for table in measured_tables() if [h.strip() for h in table.header] == header]
    return table


def rows(table: Table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def text() -> str:
    return " ".join(read(CLUSTER_DOC).text.split())


# ---------------------------------------------------------------- the tables are the saved run


def archive_row(row: dict[str, Any]) -> list[str]:
    return [row["run"], f"{row['seconds']:.1f}", f"{row['ratio']:.2f}", row["result"]]


def test_the_archive_table_is_the_saved_run() -> None:
    table = table_with(["run", "seconds", "× local", "result"])
    assert rows(table) == [archive_row(row) for row in ARCHIVE["runs"]]
    assert all(row["exit_code"] == 0 for row in ARCHIVE["runs"])


def synthetic_row(row: dict[str, Any]) -> list[str]:
    return [row["engine"], str(row["workers"]), f"{row['rows']:,}", f"{row['selected']:,}",
            f"{row['select_seconds']:.1f}", f"{row['rows_per_second']:,.0f}", f"{row['check_seconds']:.1f}",
            row["verdict"]]


def test_the_synthetic_table_is_the_saved_run() -> None:
    table = table_with(["engine", "workers", "rows", "selected", "select s", "rows/s", "check s", "verdict"])
    assert rows(table) == [synthetic_row(row) for row in SYNTHETIC["engines"]]


def scale_row(row: dict[str, Any]) -> list[str]:
    value = row["format"] if row["value"] is None else row["format"].format(row["value"])
    return [row["figure"], value, row["basis"]]


def test_the_scale_table_is_the_saved_run() -> None:
    table = table_with(["figure", "value", "basis"])
    assert rows(table) == [scale_row(row) for row in SAVED["scale"]["rows"]]


def test_the_figures_in_the_prose_are_the_saved_ones() -> None:
    prose = text()
    assert f"{ARCHIVE['dask_overhead_ms_per_document']:.1f} ms per document" in prose
    load = SAVED["machine"]
    assert f"load average {load['load_before'][0]:.1f} before and {load['load_after'][0]:.1f} after" in prose
    assert f"{SYNTHETIC['bytes'] / 1e9:.1f} GB" in prose
    assert f"{SYNTHETIC['documents']:,} documents" in prose
    assert f"{SAVED['scale']['cores']:,} cores" in prose
    assert f"takes {SYNTHETIC['cluster_start_seconds']:.1f} s of it" in prose
    assert f"took {SYNTHETIC['open_seconds']:.0f} s and {SYNTHETIC['open_mb'] / 1024:.1f} GB" in prose


# ---------------------------------------------------------------- what does not depend on the machine


def test_the_archive_is_the_bundled_corpus_in_four_with_no_sentence_repeated(tmp_path: Path) -> None:
    built = cluster.build_corpus(BENCH / "corpus" / "texts", tmp_path / "archive")
    assert len(built.names) == ARCHIVE["documents"] == 4 * ARCHIVE["source_documents"] == 1_200
    assert built.repeated == {} and ARCHIVE["repeated_sentences"] == 0
    assert (built.sentences, built.bytes) == (ARCHIVE["sentences"], ARCHIVE["bytes"])
    assert f"{len(built.names):,} documents" in text()


def test_every_way_of_checking_gave_the_same_verdicts_on_the_bench_rules() -> None:
    rules = load_rules(discover_rule_files(BENCH / "rules"))
    assert sorted(ARCHIVE["tests"]) == sorted(f"{Path(rule.path).name}::{rule.name}" for rule in rules)
    assert ARCHIVE["verdicts_identical"] and ARCHIVE["verdict_lines_identical"]
    assert len(ARCHIVE["verdict_lines"]) == 4  # local, dask, and from each engine's dataset
    assert len(set(ARCHIVE["verdict_lines"].values())) == 1
    assert "identical" in text()


def test_the_grown_archive_extracted_only_the_new_documents() -> None:
    again = [update for name, update in ARCHIVE["updates"].items() if name.startswith("pytest-claims extract again")]
    assert len(again) == 2
    assert all(update["extracted"] == ARCHIVE["added_documents"] == 12 for update in again)
    assert all(update["unchanged"] == ARCHIVE["documents"] for update in again)
    assert ARCHIVE["added_sentences_in_archive"] == 0


def test_the_synthetic_run_is_the_100_million_rows_and_selected_what_was_meant() -> None:
    assert SYNTHETIC["rows"] == 100_000_000
    assert [row["rows"] for row in SYNTHETIC["engines"]] == [SYNTHETIC["rows"]] * 2
    assert [row["selected"] for row in SYNTHETIC["engines"]] == [SYNTHETIC["expected_selected"]] * 2
    assert SYNTHETIC["selections_identical"]
    assert SYNTHETIC["bytes"] < 10e9 and SYNTHETIC["kept"] is None
    assert 0.001 <= SYNTHETIC["expected_selected"] / SYNTHETIC["rows"] <= 0.01


def test_the_scale_on_paper_follows_from_the_saved_measurements() -> None:
    from pytest_claims.cluster.partitions import MAX_DOCUMENTS, TARGET_BYTES
    from pytest_claims.store.dataset import MERGED_PART_CLAIMS

    again = cluster.scale_on_paper(ARCHIVE, SYNTHETIC, target_bytes=TARGET_BYTES, max_documents=MAX_DOCUMENTS,
                                   merged_part_claims=MERGED_PART_CLAIMS)
    assert [scale_row(row) for row in again["rows"]] == [scale_row(row) for row in SAVED["scale"]["rows"]]
    for row in again["rows"]:
        assert row["basis"].split()[0] in {"measured", "assumed", "derived"}, row


@pytest.mark.parametrize("figure", ["claims per KB of text", "cores for the target wall time"])
def test_the_scale_table_names_its_key_figures(figure: str) -> None:
    assert figure in [row[0] for row in rows(table_with(["figure", "value", "basis"]))]
