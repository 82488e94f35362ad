"""The seeds, loaded and extracted once for every test of the cache."""

from __future__ import annotations

import pytest
from helpers.paths import SEEDS

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import load_corpus
from pytest_claims.records.model import Claim, Document

Extracted = list[tuple[Document, list[Claim]]]


@pytest.fixture(scope="session")
def seeds_extracted() -> Extracted:
    """Each seed document with its claims from a fresh extraction."""
    corpus = load_corpus([SEEDS])
    assert corpus.documents and not corpus.problems
    return [(document, document_claims(document)) for document in corpus.documents]
