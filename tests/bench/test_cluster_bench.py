"""bench/cluster.py's pieces on tiny inputs: the corpus it builds, the synthetic dataset it writes and selects, the
output it reads, the scale it derives. Nothing is timed."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from helpers.paths import BENCH, SEEDS
from pytest_claims.engine.evaluate import evaluate_rule, group_selectors
from pytest_claims.prose.documents import load_corpus
from pytest_claims.prose.sentences import split_sentences
from pytest_claims.store.dataset import DatasetSource, read_dataset, select_part
from pytest_claims.store.table import read_table

sys.path.insert(0, str(BENCH))

import cluster  # noqa: E402

PARAGRAPHS = [
    "The mill employed 1,200 workers in 1910. It shipped 40,000 tonnes of flour. Its owner said little.",
    "By 1920 the workforce had fallen to 800. Two of the four kilns were shut. The town lost 3 schools.",
    "A fire in 1931 destroyed the east wing. Nobody was hurt. Insurance paid $2 million for the damage.",
]


def _source(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a-mill.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (folder / "b-port.txt").write_text("The port handled 12 ships a week. Dockers earned 4 dollars a day. "
                                       "Strikes came in 1889 and 1912. The harbour was dredged twice.\n",
                                       encoding="utf-8")
    (folder / cluster.META).write_text("a-mill.txt:\n  date: 1932-01-05\n  outlet: The Courier\n  title: The mill\n"
                                       "b-port.txt:\n  date: 1913-06-30\n  outlet: The Gazette\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the archive


def test_each_document_becomes_four_of_its_consecutive_sentences(tmp_path: Path) -> None:
    source = _source(tmp_path / "source")
    built = cluster.build_corpus(source, tmp_path / "built")
    assert len(built.names) == 4 * 2 and built.repeated == {}
    for original in sorted(source.glob("*.txt")):
        pieces = [tmp_path / "built" / f"{original.stem}-p{k}.txt" for k in range(1, 5)]
        sentences = [s.text for piece in pieces for s in split_sentences(piece.read_text(encoding="utf-8"))]
        assert sentences == [s.text for s in split_sentences(original.read_text(encoding="utf-8"))]
    assert built.sentences == 9 + 4


def test_the_built_documents_keep_their_source_s_date_and_outlet(tmp_path: Path) -> None:
    built = cluster.build_corpus(_source(tmp_path / "source"), tmp_path / "built")
    corpus = load_corpus([built.folder])
    assert corpus.problems == ()
    by_name = {document.name: document for document in corpus.documents}
    assert sorted(by_name) == sorted(built.names)
    assert {str(by_name[f"a-mill-p{k}.txt"].date) for k in range(1, 5)} == {"1932-01-05"}
    assert {by_name[f"b-port-p{k}.txt"].outlet for k in range(1, 5)} == {"The Gazette"}
    assert by_name["a-mill-p2.txt"].title == "The mill (part 2 of 4)"
    assert all((d.date_source or "").startswith("claims-meta.yaml") for d in corpus.documents)


def test_a_short_document_gives_fewer_pieces_never_empty_ones() -> None:
    assert cluster.split_document("One sentence only.") == ["One sentence only."]
    assert cluster.split_document("First. Second.") == ["First.", "Second."]
    assert cluster.split_document("") == []


def test_the_added_documents_are_seed_articles_in_four(tmp_path: Path) -> None:
    added = cluster.build_corpus(SEEDS, tmp_path / "added", limit=cluster.ADDED_SOURCES)
    assert len(added.names) == 12
    assert load_corpus([added.folder]).problems == ()


# ---------------------------------------------------------------- the synthetic dataset


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> cluster.SyntheticDataset:
    folder = tmp_path_factory.mktemp("synthetic") / "claims"
    return cluster.write_synthetic_dataset(folder, 10_000, 2_500, jobs=1, pools=cluster.sentence_pools(limit=20))


def test_the_synthetic_dataset_reads_back(synthetic: cluster.SyntheticDataset) -> None:
    dataset = read_dataset(synthetic.folder)
    assert (dataset.claims, len(dataset.parts), len(dataset.entries)) == (10_000, 4, synthetic.documents)
    assert dataset.extractor == cluster.SYNTHETIC_EXTRACTOR
    assert sum(entry.claims for entry in dataset.entries) == 10_000
    claims, catalogue = read_table(dataset.part_paths()[0])
    assert len(claims) == 2_500 and {claim.path for claim in claims} <= {d.path for d in catalogue.documents}
    for claim in claims:  # the span is the figure's place in its sentence
        start = claim.quantity.span[0] - claim.sentence_start
        assert claim.sentence[start:start + len(claim.quantity.surface)] == claim.quantity.surface
    assert {claim.quantity.kind for claim in claims} == set(cluster.KIND_SHARES)
    assert len({claim.sentence for claim in claims}) > 2_000


def test_select_part_chooses_the_rows_the_generator_meant(synthetic: cluster.SyntheticDataset) -> None:
    rule = cluster.load_rule(cluster.SYNTHETIC_RULE)
    selectors = group_selectors(rule)
    dataset = read_dataset(synthetic.folder)
    chosen = [select_part(path, {rule.name: selectors})[0] for path in dataset.part_paths()]
    assert synthetic.selected > 20  # about 0.6% of 10,000
    assert sum(len(kept) for kept in chosen) == synthetic.selected
    # the same claims as every selector run on every claim
    every = [claim for path in dataset.part_paths() for claim in read_table(path)[0]]
    brute = [claim for claim in every if all(selector.matches(claim) for selector in selectors.values())]
    assert [claim for kept in chosen for claim in kept] == brute
    assert all("trapped" in claim.counted_phrase for claim in brute)


def test_the_synthetic_rule_passes_on_the_dataset(synthetic: cluster.SyntheticDataset) -> None:
    rule = cluster.load_rule(cluster.SYNTHETIC_RULE)
    source = DatasetSource(read_dataset(synthetic.folder))
    groups = source.select(rule.name, group_selectors(rule))
    assert sum(map(len, groups.values())) == synthetic.selected
    assert evaluate_rule(rule, cluster.Selected(groups)).passed
    assert evaluate_rule(rule, DatasetSource(read_dataset(synthetic.folder))).passed


def test_parts_are_the_same_whoever_writes_them(tmp_path: Path) -> None:
    pools = cluster.sentence_pools(limit=5)
    first = cluster.synthetic_part(tmp_path, 3, 500, 7_000, pools)
    (tmp_path / first.name).rename(tmp_path / "first.parquet")
    again = cluster.synthetic_part(tmp_path, 3, 500, 7_000, pools)
    assert first == again
    assert read_table(tmp_path / "first.parquet")[0] == read_table(tmp_path / again.name)[0]
    assert sum(size for *_, size in first.documents) == 500


# ---------------------------------------------------------------- reading the runs, deriving the scale

PYTEST_OUTPUT = """\
PASSED bench/rules/interest-rates.yaml::interest-rates-within-bounds
FAILED bench/rules/population-grows.yaml::population-never-falls - Failed: 2 contradictions
================== 1 passed, 1 failed, 4 warnings in 10.31s ==================
"""
EXTRACT_OUTPUT = """\
claims dataset /tmp/x/dataset: 5,046 claims of 1,212 documents in 10 parts
this update: 12 documents extracted (Dask, 2 workers), 1,200 unchanged, 0 read from the cache, 0 removed, \
0 unreadable; 1 part written, 0 deleted; 2.4 s
"""


def test_the_runs_output_is_read() -> None:
    assert cluster.verdict_line(PYTEST_OUTPUT) == "1 passed, 1 failed, 4 warnings"
    assert cluster.verdict_line("no summary") == ""
    assert cluster.test_outcomes(PYTEST_OUTPUT) == {
        "bench/rules/interest-rates.yaml::interest-rates-within-bounds": "PASSED",
        "bench/rules/population-grows.yaml::population-never-falls": "FAILED"}
    update = cluster.parse_update(EXTRACT_OUTPUT)
    assert update == cluster.Update(5046, 1212, 10, 12, 1200, 2.4)
    assert cluster.update_text(update) == "12 documents extracted, 1,200 unchanged; 5,046 claims in 10 parts"
    assert cluster.parse_update(PYTEST_OUTPUT) is None


def test_commands_are_shown_without_the_temporary_folder(tmp_path: Path) -> None:
    command = cluster.extract_command([tmp_path / "archive"], tmp_path / "out", 2, "dask")
    assert cluster.shown(command, tmp_path) == \
        "pytest-claims extract $TMP/archive --out $TMP/out --engine dask --jobs 2 -q"
    local = cluster.claims_command(tmp_path / "archive", BENCH / "rules", 2, "local")
    assert "--claims-engine" not in local and "no:cacheprovider" in local
    assert cluster.claims_command(tmp_path, BENCH / "rules", 2, "dask")[-2:] == ["--claims-engine", "dask"]


def test_the_scale_follows_from_the_measured_rates() -> None:
    archive_figures = {"one_core": {"documents": 300, "bytes": 250_000, "seconds": 5.0}, "claims": 5_000,
                       "bytes": 1_000_000, "parts_bytes": 600_000, "catalogue_bytes": 60_000,
                       "updates": {cluster.EXTRACT_LOCAL: {"documents": 1_200}}, "files_listed_per_second": 20_000.0}
    engines = [{"engine": "local", "workers": 1, "select_seconds": 100.0, "check_seconds": 5.0, "selected": 500_000},
               {"engine": "dask", "workers": 2, "select_seconds": 60.0, "check_seconds": 5.0, "selected": 500_000}]
    synthetic = {"rows": 100_000_000, "part_rows": 100_000, "bytes_per_claim": 70.0, "engines": engines,
                 "tasks_per_second": 500.0, "open_seconds": 20.0, "open_mb": 800.0, "documents": 4_000_000,
                 "pickled_bytes_per_selected_claim": 400.0}
    scale = cluster.scale_on_paper(archive_figures, synthetic, target_bytes=1_000_000, max_documents=500,
                                   merged_part_claims=100_000)
    rows = {row["figure"]: row for row in scale["rows"]}
    core_hours = 10_000_000 * 5_000 / 50_000 / 3600  # 50 KB per core-second
    assert rows["extraction, core-hours"]["value"] == pytest.approx(core_hours)
    assert scale["cores"] == math.ceil(core_hours) == rows["cores for the target wall time"]["value"]
    assert scale["claims"] == pytest.approx(5 * 5_000 * 10_000_000 / 1_000)
    assert scale["partitions"] == 10_000_000 * 5_000 // 1_000_000  # a megabyte of text each
    assert rows["sent to the client for that rule, GB"]["value"] == pytest.approx(
        scale["claims"] * 0.005 * 400 / 1e9)
    assert {row["basis"].split()[0] for row in scale["rows"]} == {"measured", "assumed", "derived"}
    assert all(cluster.scale_value(row) for row in scale["rows"])
