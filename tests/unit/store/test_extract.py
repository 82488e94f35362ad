"""A run's claims: streamed in path order, read from the cache, extracted in a pool of processes.

Real documents (the seeds and distinct variants of them), real extraction,
a real SQLite cache and real worker processes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.paths import SEEDS

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import iter_corpus, iter_documents, load_catalogue, load_corpus
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document
from pytest_claims.store import extract
from pytest_claims.store.cache import ClaimCache
from pytest_claims.store.extract import MIN_POOL_DOCUMENTS, Progress, extract_documents

SEED_CORPUS = load_corpus([SEEDS])


@pytest.fixture(scope="module")
def variants() -> list[Document]:
    """More documents than a pool needs: the seeds, each in several distinct versions (a line of its own)."""
    documents = []
    for copy in range(2):
        for seed in SEED_CORPUS.documents:
            documents.append(Document(path=f"{seed.path}.{copy}", name=f"{copy}-{seed.name}",
                                      text=f"Version {copy}: 1{copy} reporters filed.\n{seed.text}",
                                      outlet=seed.outlet, date=seed.date, date_source=seed.date_source))
    assert len(documents) >= MIN_POOL_DOCUMENTS
    return documents


@pytest.fixture(scope="module")
def expected(variants: list[Document]) -> list[object]:
    return [claim for document in variants for claim in document_claims(document)]


def test_claims_come_in_document_order_with_every_document_listed(variants: list[Document],
                                                                  expected: list[object]) -> None:
    run = extract_documents(variants, len(variants), jobs=1)
    assert list(run.claims) == expected
    assert run.documents == tuple(document.info for document in variants)
    assert (run.extracted, run.cached, run.jobs) == (len(variants), 0, 1)


def test_a_pool_of_processes_gives_the_same_claims_in_the_same_order(variants: list[Document],
                                                                     expected: list[object]) -> None:
    run = extract_documents(variants, len(variants), jobs=2)
    assert run.jobs == 2
    assert list(run.claims) == expected


def test_few_documents_are_extracted_here_not_in_a_pool(variants: list[Document]) -> None:
    few = variants[: MIN_POOL_DOCUMENTS - 1]
    assert extract_documents(few, len(few), jobs=2).jobs == 1


def test_a_second_run_reads_every_document_from_the_cache(tmp_path: Path, variants: list[Document],
                                                          expected: list[object]) -> None:
    with ClaimCache.open(tmp_path / "claims.sqlite3") as cache:
        first = extract_documents(variants, len(variants), cache=cache, jobs=2)
        second = extract_documents(variants, len(variants), cache=cache, jobs=2)
        assert not cache.warnings
    assert (first.extracted, first.cached) == (len(variants), 0)
    assert (second.extracted, second.cached) == (0, len(variants))
    assert list(second.claims) == list(first.claims) == expected


def test_a_changed_document_alone_is_extracted_again(tmp_path: Path, variants: list[Document]) -> None:
    changed = [*variants]
    changed[3] = Document(path=changed[3].path, name=changed[3].name, text=changed[3].text + "\nAbout 12 more.\n",
                          outlet=changed[3].outlet, date=changed[3].date, date_source=changed[3].date_source)
    with ClaimCache.open(tmp_path / "claims.sqlite3") as cache:
        extract_documents(variants, len(variants), cache=cache)
        run = extract_documents(changed, len(changed), cache=cache)
    assert (run.extracted, run.cached) == (1, len(variants) - 1)
    assert [c.quantity.surface for c in run.claims if c.path == changed[3].path][-1] == "About 12"


def test_a_row_that_cannot_be_decoded_is_dropped_with_a_warning_and_extracted_again(
        tmp_path: Path, variants: list[Document], monkeypatch: pytest.MonkeyPatch) -> None:
    documents = variants[:2]
    with ClaimCache.open(tmp_path / "claims.sqlite3") as cache:
        extract_documents(documents, 2, cache=cache)
        real_decode = extract.decode_claims
        calls = []

        def failing_once(payload: str, document: Document) -> list[object]:
            calls.append(document.name)
            if len(calls) == 1:
                raise ValueError("claim 3: 'high' is text")
            return real_decode(payload, document)

        monkeypatch.setattr(extract, "decode_claims", failing_once)
        run = extract_documents(documents, 2, cache=cache)
        assert (run.extracted, run.cached) == (1, 1)
        assert any(documents[0].name in warning and "cannot be decoded" in warning for warning in cache.warnings)


def test_progress_is_reported_after_every_document() -> None:
    seen: list[Progress] = []
    documents = list(SEED_CORPUS.documents)
    run = extract_documents(documents, len(documents), progress=seen.append)
    assert [p.done for p in seen] == list(range(1, len(documents) + 1))
    assert all(p.total == len(documents) for p in seen)
    assert seen[-1].claims == len(run.claims)
    assert [p.seconds for p in seen] == sorted(p.seconds for p in seen)


def test_problems_met_while_streaming_are_kept_not_raised(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("About 300 people fled.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("   \n", encoding="utf-8")
    files = sorted(tmp_path.glob("*.txt"))
    run = extract_documents(iter_documents(files), len(files))
    assert [d.name for d in run.documents] == ["a.txt"]
    assert [(p.message, Path(p.path or "").name) for p in run.problems] == [("empty document", "b.txt")]
    assert [c.quantity.surface for c in run.claims] == ["About 300"]


def test_the_catalogue_keeps_metadata_and_problems_but_no_text(tmp_path: Path) -> None:
    catalogue = load_catalogue([SEEDS, tmp_path / "missing"])
    assert catalogue.documents == tuple(document.info for document in SEED_CORPUS.documents)
    assert not any(hasattr(info, "text") for info in catalogue.documents)
    assert [problem.message for problem in catalogue.problems] == ["no such file or directory"]


def test_iter_corpus_streams_the_same_documents_and_problems_as_load_corpus(tmp_path: Path) -> None:
    (tmp_path / "claims-meta.yaml").write_text("a.txt: [not, a, mapping]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("About 300 people fled.\n", encoding="utf-8")
    streamed = list(iter_corpus([tmp_path, SEEDS]))
    corpus = load_corpus([tmp_path, SEEDS])
    assert [item for item in streamed if isinstance(item, Document)] == list(corpus.documents)
    assert [str(item) for item in streamed if isinstance(item, DocumentError)] == [str(p) for p in corpus.problems]
    assert corpus.problems and corpus.documents
