"""docs/extraction.md: the benchmark figures are what ``bench/extraction.py`` computes today.

The tables leave out the time columns (they depend on the machine); every
other cell is recomputed with the benchmark's own loading and scoring. The
dev sets lie beside the project (``../shared/devsets``) and are not part of a
clean clone: without them there is nothing to measure, and the test skips.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from helpers.markdown import Table, read
from helpers.paths import BENCH, DEVSETS, DOCS

DOC = read(DOCS / "extraction.md")


def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench/extraction.py as a module; the paths it puts on sys.path are taken off after the test."""
    monkeypatch.setattr(sys, "path", [str(BENCH), *sys.path])
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cells(table: Table) -> dict[str, dict[str, str]]:
    """Each row's cells by column, keyed by the dev set; headers and cells stripped of padding."""
    header = [column.strip() for column in table.header]
    return {row.cells[0].markdown.strip(): {column: cell.markdown.strip() for column, cell in zip(header, row.cells)}
            for row in table.rows}


def tables_headed(*columns: str) -> list[Table]:
    """The tables whose header starts with these columns (padding stripped)."""
    return [table for table in DOC.tables
            if tuple(column.strip() for column in table.header[:len(columns)]) == columns]


def test_benchmark_tables_are_the_benchmarks_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    [scores_table] = tables_headed("dev set", "inputs", "gold")
    [years_table] = [table for table in DOC.tables if table.header[0].strip() == "dev set"
                     and table.header[1].strip() == "years removed"]
    if not (DEVSETS / "recognizers-text").is_dir():
        pytest.skip(f"the dev sets are not beside the project ({DEVSETS})")
    b = bench(monkeypatch)
    sets = {name: b.load_set(DEVSETS, name) for name in b.SETS}
    runs = b.run(sets, 1)
    scores = {system: {name: b.evaluate(cases, runs[system]["preds"][name])[0] for name, cases in sets.items()}
              for system in b.SYSTEMS}

    expected: dict[str, dict[str, str]] = {}
    every_case = [case for cases in sets.values() for case in cases]
    for name, cases in [*sets.items(), ("**all (micro)**", every_case)]:
        row = {"dev set": name, "inputs": str(len(cases)), "gold": str(sum(len(gold) for _, gold in cases))}
        for system in b.SYSTEMS:
            score = scores[system][name] if name in sets else b.total(scores[system].values())
            for column, value in zip(("P", "R", "F1", "qual acc (n)"), b._cell(score)):
                row[f"{system} {column}"] = value
        expected[name] = row
    assert cells(scores_table) == expected, scores_table.where

    years = {name: sum(len(g) for _, g in cases) - sum(len(g) for _, g in b.without_years(cases))
             for name, cases in sets.items()}
    expected_years = {}
    for name in (n for n in sets if years[n]):
        without = b.without_years(sets[name])
        row = {"dev set": name, "years removed": str(years[name])}
        for system in b.SYSTEMS:
            row[f"{system} F1"] = f"{b.evaluate(without, runs[system]['preds'][name])[0].f1:.3f}"
        expected_years[name] = row
    assert cells(years_table) == expected_years, years_table.where


def test_span_set_table_is_the_benchmarks_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    [span_table] = tables_headed("dev set", "inputs", "gold items")
    if not (DEVSETS / "recognizers-text").is_dir():
        pytest.skip(f"the dev sets are not beside the project ({DEVSETS})")
    b = bench(monkeypatch)
    span_sets = {name: b.load_span_set(DEVSETS / path) for name, path in b.SPAN_SETS.items()}
    runs = b.run({name: span_set.cases for name, span_set in span_sets.items()}, 1)
    scores = {system: {name: b.evaluate_spans(span_set, runs[system]["preds"][name])[0]
                       for name, span_set in span_sets.items()} for system in b.SYSTEMS}

    expected: dict[str, dict[str, str]] = {}
    for name in [*span_sets, "**all (micro)**"]:
        chosen = [span_sets[name]] if name in span_sets else list(span_sets.values())
        row = {"dev set": name, "inputs": str(sum(len(s.cases) for s in chosen)),
               "gold items": str(sum(s.gold for s in chosen)),
               "not scored": str(sum(len(s.skipped) for s in chosen))}
        for system in b.SYSTEMS:
            score = scores[system][name] if name in span_sets else b.span_total(scores[system].values())
            for column, value in zip(("found (n)", "value acc (n)", "unit acc (n)"), b._span_cell(score)):
                row[f"{system} {column}"] = value
        expected[name] = row
    assert cells(span_table) == expected, span_table.where
