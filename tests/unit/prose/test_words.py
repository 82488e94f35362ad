"""Noun normalization used on both sides of `counts` matching."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose import claims, extraction, quantulum, words
from pytest_claims.prose.words import normalize_word, singular
from pytest_claims.records.model import Document
from helpers.paths import DOCS, README, RULES
from helpers.texts import devset_files, devset_texts, suite_texts


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Neighbourhoods", "neighbourhood"), ("children", "child"), ("people", "people"), ("persons", "people"),
     ("person", "people"), ("civilians", "civilian"), ("cities", "city"), ("bus", "bus"), ("crisis", "crisis"),
     ("gas", "gas"), ("areas", "area"), ("troops", "troops"), ("Residents", "resident")],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Lu"]), min_size=1, max_size=15))
def test_singular_is_idempotent_and_lower_case(word: str) -> None:
    once = singular(word)
    assert singular(once) == once
    assert once == once.lower()


# --- agreement with inflect, which singular() no longer imports -------------------------------

#: where singular() differs from inflect's singular_noun on purpose: inflect turns every "-men"
#: into "-man", cuts "refuses" to "refus", "fuzzes" to "fuz" and "dies" to "dy", and a plural pronoun into a
#: singular one
DELIBERATE = {"abdomen": ("abdomen", "abdoman"), "yemen": ("yemen", "yeman"), "refuses": ("refuse", "refus"),
              "fuzzes": ("fuzz", "fuz"),
              "they": ("they", "it"),
              "them": ("them", "it"), "ours": ("our", "mine"), "ourselves": ("ourself", "myself"),
              "themselves": ("themself", "itself"), "dies": ("die", "dy")}


def _inflect_singular(word: str) -> str:
    """singular() as it was: inflect's singular_noun behind the same guards."""
    quantulum.parse("1 m")  # inflect, imported the way extraction imports it (no typeguard cost)
    import inflect

    lowered = normalize_word(word)
    if lowered in ("person", "persons"):
        return "people"
    if lowered in words._SAME or len(lowered) < 3 or lowered in words._SINGULAR_IN_S \
            or lowered.endswith(words._SINGULAR_ENDINGS):
        return lowered
    try:
        result = inflect.engine().singular_noun(lowered)
    except Exception:
        return lowered
    return result if isinstance(result, str) and result else lowered


def _asked_words(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every word extraction and claims ask singular() about, over the seeds, the earthquake corpus,
    the case files and the dev sets."""
    asked: set[str] = set()

    def recording(word: str) -> str:
        asked.add(word)
        return singular(word)

    monkeypatch.setattr(claims, "singular", recording)
    monkeypatch.setattr(extraction, "singular", recording)
    extraction.extract_sentence.cache_clear()
    texts = [text for group in suite_texts().values() for text in group]
    texts += [text for path in devset_files() for text in devset_texts(path)]
    for number, text in enumerate(texts):
        claims.document_claims(Document(path=f"/texts/{number}", name=str(number), text=text,
                                        date=datetime.date(2016, 12, 1)))
    extraction.extract_sentence.cache_clear()
    return asked


def _vocabulary() -> set[str]:
    """Every word of the texts above and of the rules, docs and README (where selectors' words come from)."""
    texts = [text for group in suite_texts().values() for text in group]
    texts += [text for path in devset_files() for text in devset_texts(path)]
    texts += [path.read_text(encoding="utf-8") for path in [*RULES.glob("*.yaml"), *DOCS.glob("*.md"), README]]
    return {match.group() for text in texts for match in re.finditer(r"[^\W\d_]+", text)}


def test_singular_agrees_with_inflect_on_every_word_extraction_and_claims_ask_about(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _asked_words(monkeypatch)
    assert len(asked) > (300 if devset_files() else 100)  # the dev sets lie beside the project, not in a clone
    assert {word: singular(word) for word in asked} == {word: _inflect_singular(word) for word in asked}


def test_singular_agrees_with_inflect_on_every_word_of_the_texts_rules_and_docs() -> None:
    vocabulary = _vocabulary()
    assert len(vocabulary) > (3000 if devset_files() else 2000)
    differences = {word.lower(): (singular(word), _inflect_singular(word)) for word in vocabulary
                   if singular(word) != _inflect_singular(word)}
    assert differences == {word: pair for word, pair in DELIBERATE.items() if word in differences}
