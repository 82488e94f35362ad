"""README, "On an archive": the figures are what the benchmarks measured and saved, row for row.

Timings cannot be recomputed in a test (they depend on the machine and its
load); the benchmarks save what they measured in ``bench/results/*.json``
(``python bench/archive.py --json bench/results/archive.json``,
``python bench/checks_scale.py --json bench/results/checks_scale.json``) and
the tables must show exactly that. What does not depend on the machine is
checked against the project itself: the corpus size, and that every target
the table claims as met is met by the saved figures.
"""

from __future__ import annotations

import json
from typing import Any

from helpers.markdown import Table, read
from helpers.paths import BENCH, README

SECTION = "On an archive"
ARCHIVE = json.loads((BENCH / "results" / "archive.json").read_text(encoding="utf-8"))
SCALE = json.loads((BENCH / "results" / "checks_scale.json").read_text(encoding="utf-8"))


def section_table(first_header: str) -> Table:
    [table] = [table for table in read(README).tables
               if table.section == SECTION and table.header[0].strip() == first_header]
    return table


def rows(table: Table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def archive_row(row: dict[str, Any]) -> list[str]:
    return [row["run"], f"{row['seconds']:.1f}", f"{row['ratio']:.3f}", row["target"], f"{row['peak_mb']:.0f}"]


def test_the_archive_table_is_the_saved_benchmark_run() -> None:
    table = section_table("run")
    assert [h.strip() for h in table.header] == ["run", "seconds", "× baseline", "target", "peak MB"]
    assert rows(table) == [archive_row(row) for row in ARCHIVE["rows"]]


def test_the_memory_figure_is_the_saved_growth_per_thousand_documents() -> None:
    growth = ARCHIVE["growth_mb_per_1000_documents"]
    assert growth is not None and growth > 0
    text = " ".join(read(README).text.split())
    assert (f"Memory grows by {growth:.0f} MB per 1,000 documents: the warm peak of the whole archive minus that "
            f"of {ARCHIVE['half_documents']} of its documents") in text


def test_the_archive_run_met_the_targets_it_claims() -> None:
    by_run = {row["run"]: row for row in ARCHIVE["rows"]}
    assert all(row["exit_code"] == 0 for row in ARCHIVE["rows"])
    for row in ARCHIVE["rows"]:
        if row["target"].startswith("<= ") and row["target"].endswith(": met"):
            limit = float(row["target"][3:].split("x")[0])
            assert row["ratio"] <= limit, row
    assert "re-extracts 1 document: met" in by_run["edited one document"]["target"]


def test_the_archive_is_the_bundled_corpus_and_the_seeds() -> None:
    corpus = sorted((BENCH / "corpus" / "texts").glob("*.txt"))
    seeds = sorted((BENCH.parent / "seeds").glob("*.txt"))
    assert ARCHIVE["documents"] == len(corpus) + len(seeds)
    assert str(ARCHIVE["documents"]) in read(README).text


def scale_row(row: dict[str, Any]) -> list[str]:
    return [row["rule"], row["data"], f"{row['claims']:,}", f"{row['wall_seconds']:.1f}", row["verdict"]]


def test_the_scale_table_is_the_saved_benchmark_run() -> None:
    table = section_table("rule")
    assert [h.strip() for h in table.header] == ["rule", "data", "claims", "seconds", "verdict"]
    assert rows(table) == [scale_row(row) for row in SCALE["full_size"]]
    assert {row["rule"] for row in SCALE["full_size"]} == {"trend", "agreement"}
    assert all(row["claims"] >= 1_000_000 for row in SCALE["full_size"])
