"""Attribution: who a sentence says makes each claim, alone and in a document."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.attribution import (
    MAX_SOURCE_WORDS,
    Attribution,
    attribute,
    attribute_document,
    choose,
    find_cues,
    head_word,
)
from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.sentences import tokenize
from pytest_claims.records.model import Document
from helpers.paths import CASES

CASES = yaml.safe_load((CASES / "attribution.yaml").read_text(encoding="utf-8"))
SENTENCES = CASES["sentences"]
DOCUMENTS = CASES["documents"]
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


def span_of(sentence: str, surface: str) -> tuple[int, int]:
    start = sentence.index(surface)
    return start, start + len(surface)


@pytest.mark.parametrize("case", SENTENCES, ids=[case["id"] for case in SENTENCES])
def test_sentence_attribution(case: dict[str, Any]) -> None:
    sentence = case["sentence"]
    found = attribute(sentence, span_of(sentence, case["at"]) if "at" in case else None)
    if case["source"] is None and not case.get("pronoun"):
        assert found is None, found
        return
    assert found is not None
    assert found.source == case["source"]
    assert found.span is not None and sentence[found.span[0]:found.span[1]] == found.text
    if "written" in case:
        assert found.text == case["written"]
    if "cue" in case:
        assert found.cue == case["cue"]


def test_the_case_table_covers_what_the_issue_asks_for() -> None:
    ids = {case["id"] for case in SENTENCES}
    assert len(SENTENCES) >= 25
    for needed in ("observatory-said", "according-to-the-un", "russia-defence-ministry-said",
                   "inverted-said-x-with-role", "pronoun-subject-resolves-to-nothing-alone", "no-attribution",
                   "two-sources-first", "two-sources-second", "long-org-name-kept-whole",
                   "told-reuters-reuters-is-the-listener", "quoted-by-in-appositive", "citing-names-the-origin"):
        assert needed in ids


def make_document(sentences: list[str]) -> Document:
    return Document(path="/tmp/doc.txt", name="doc.txt", text="\n\n".join(sentences),
                    date=date(2016, 12, 6), date_source="test", outlet="Test Wire")


@pytest.mark.parametrize("case", DOCUMENTS, ids=[case["id"] for case in DOCUMENTS])
def test_document_attribution_through_real_claims(case: dict[str, Any]) -> None:
    claims = {claim.quantity.surface: claim for claim in document_claims(make_document(case["sentences"]))}
    for surface, source in case["expect"].items():
        assert surface in claims, sorted(claims)
        assert claims[surface].source == source, (surface, claims[surface].source_text)


def test_claim_keeps_the_source_as_written_with_its_pronoun() -> None:
    sentences = ["“The advance is going according to plan,” a Syrian military source told Reuters.",
                 "The army had recaptured 32 of the city's 40 neighbourhoods, he said."]
    claim = next(c for c in document_claims(make_document(sentences)) if c.quantity.surface == "32")
    assert (claim.source, claim.source_text) == ("Syrian military source", "he")


# ---------------------------------------------------------------- scopes and choice


def test_each_cue_covers_its_own_content() -> None:
    sentence = "The Observatory said 500 civilians had fled; Russia's military claimed more than 900 had left."
    first, second = find_cues(sentence)
    assert first.scope == (sentence.index(" 500"), sentence.index(";"))
    assert second.scope == (sentence.index(" more than 900"), len(sentence))
    assert first.region == (0, sentence.index(" 500"))


def test_a_trailing_cue_covers_the_clause_before_it_up_to_its_comma() -> None:
    sentence = "More than 900 had left, Russia's military claimed."
    [cue] = find_cues(sentence)
    assert cue.scope == (0, sentence.index(","))


def test_a_forward_scope_stops_at_a_later_trailing_attribution() -> None:
    sentence = "Lavrov said 300 fighters had left, the RIA news agency reported."
    lavrov, ria = find_cues(sentence)
    assert lavrov.scope[1] == sentence.index(", the RIA")
    assert ria.scope == (0, sentence.index(", the RIA"))
    assert choose((lavrov, ria), span_of(sentence, "300")) is lavrov


def test_without_a_span_the_leading_cue_is_chosen() -> None:
    sentence = "Lavrov said 300 fighters had left, citing the Defence Ministry."
    assert attribute(sentence) == Attribution("Defence Ministry", "the Defence Ministry",
                                              span_of(sentence, "the Defence Ministry"), "citing")


def test_head_word_of_a_name() -> None:
    assert head_word("Syrian Observatory for Human Rights") == "observatory"
    assert head_word("Russia's defence ministry") == "ministry"
    assert head_word("UN") == "un"


def test_short_name_resolves_to_the_earlier_full_name_with_that_head() -> None:
    sentences = ["The Syrian Observatory for Human Rights said the army advanced.",
                 "The observatory said 219 civilians were killed.",
                 "The monitor said 12 were children."]
    resolved = attribute_document(sentences)
    assert resolved[1][0].attribution.source == "Syrian Observatory for Human Rights"
    assert resolved[1][0].attribution.text == "The observatory"
    assert resolved[2][0].attribution.source == "monitor"  # another word: not guessed


def test_pronoun_in_the_same_sentence_takes_the_earlier_speaker() -> None:
    sentence = "The UN said 100 people left, and it said 50 more would follow."
    [(un, it)] = attribute_document([sentence])
    assert it.pronoun and it.attribution.source == "UN" and it.attribution.text == "it"


def test_pronoun_at_the_start_of_a_document_stays_unresolved() -> None:
    [(cue,)] = attribute_document(["He said 300 people were trapped."])
    assert cue.pronoun and cue.attribution.source is None


# ---------------------------------------------------------------- properties

NEWS_WORDS = st.sampled_from(
    ["said", "says", "told", "according", "to", "the", "The", "a", "Observatory", "UN", "he", "It", "they",
     ",", ";", ":", "“", "”", "\"", "Reuters", "of", "for", "300", "people", "citing", "quoted", "as", "saying",
     "reported", "by", "were", "and", "who", "Russia's", "defence", "ministry", "put", "toll", "at", "figures",
     "show", "estimates", "was", "has", "reached", "Syrian", "Human", "Rights", "on", "Sunday", "that", "."])
NEWS_SENTENCES = st.lists(NEWS_WORDS, max_size=40).map(" ".join)


def check_attribution(sentence: str, found: Optional[Attribution]) -> None:
    if found is None:
        return
    if found.span is not None:
        assert sentence[found.span[0]:found.span[1]] == found.text
    if found.source is not None:
        assert found.source.strip() == found.source and found.source
        assert not found.source.lower().startswith(("the ", "a ", "an "))
        assert len(found.source.split()) <= MAX_SOURCE_WORDS


@PROPERTY_SETTINGS
@given(st.text(max_size=300), st.integers(0, 300), st.integers(0, 30))
def test_attribute_never_crashes_on_arbitrary_text(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    check_attribution(text, attribute(text, (start, min(len(text), start + length))))
    check_attribution(text, attribute(text))


@PROPERTY_SETTINGS
@given(NEWS_SENTENCES, st.data())
def test_attribute_gives_well_formed_sources_on_news_like_text(sentence: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(sentence)))
    check_attribution(sentence, attribute(sentence, (start, min(len(sentence), start + 3))))
    for cue in find_cues(sentence):
        assert 0 <= cue.scope[0] <= cue.scope[1] <= len(sentence)
        assert 0 <= cue.region[0] <= cue.region[1] <= len(sentence)


@PROPERTY_SETTINGS
@given(st.lists(NEWS_SENTENCES, max_size=6))
def test_attribute_document_never_crashes_and_keeps_one_entry_per_sentence(sentences: list[str]) -> None:
    resolved = attribute_document(sentences)
    assert len(resolved) == len(sentences)
    for sentence, cues in zip(sentences, resolved):
        for cue in cues:
            check_attribution(sentence, cue.attribution)


@pytest.mark.parametrize("sentence", [
    "said " * 3000, "the Observatory said ; " * 1500, ", said the UN " * 1500, "A B C D E F said " * 1000,
    "“x,” he said, " * 1500, "according to " * 3000, "quoted " * 3000 + "as saying",
], ids=["verbs", "clauses", "inverted", "long-subjects", "quotes", "according", "quoted"])
def test_long_hostile_sentences_give_well_formed_cues(sentence: str) -> None:
    # How the time grows with the input is measured in bench/hostile_input.py, not timed here.
    for cue in find_cues(sentence):
        check_attribution(sentence, cue.attribution)
    resolved = attribute_document([sentence, sentence])
    assert len(resolved) == 2
    for cues in resolved:
        for cue in cues:
            check_attribution(sentence, cue.attribution)


# --- short names resolved by head word, in linear time ----------------------------------------

NAMED = ["The Syrian Observatory for Human Rights", "The Observatory", "The UN refugee agency", "The agency",
         "The UN", "Human Rights Watch", "The Syrian Observatory", "The refugee agency", "Observatory officials",
         "The Russian Defence Ministry", "The ministry", "The Syrian Defence Ministry"]


def _reference_sources(sentences: list[str]) -> list[list[Optional[str]]]:
    """Each named cue's source as resolved by scanning every name so far (the reading before the index
    by head word): a short name becomes the latest longer name with its head word and all its words."""
    named: list[str] = []
    rows = []
    for sentence in sentences:
        row: list[Optional[str]] = []
        for cue in find_cues(sentence):
            source = cue.attribution.source
            if cue.pronoun or source is None:
                row.append(None)
                continue
            words = [token.low for token in tokenize(source, marks=True) if token.word]
            if 0 < len(words) <= 3:
                for earlier in reversed(named):
                    earlier_words = [token.low for token in tokenize(earlier, marks=True) if token.word]
                    if (len(earlier_words) > len(words) and head_word(earlier) == words[-1]
                            and all(word in earlier_words for word in words)):
                        source = earlier
                        break
            if source in named:
                named.remove(source)
            named.append(source)
            row.append(source)
        rows.append(row)
    return rows


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(NAMED), max_size=30))
def test_short_names_resolve_as_a_scan_of_every_earlier_name_would(names: list[str]) -> None:
    sentences = [f"{name} said {number} people fled." for number, name in enumerate(names, 5)]
    resolved = [[None if cue.pronoun else cue.attribution.source for cue in cues]
                for cues in attribute_document(sentences)]
    assert resolved == _reference_sources(sentences)


def test_a_long_document_of_many_sources_resolves_its_short_names() -> None:
    sentences = [f"The Ministry of Region {n} said {n} people fled." for n in range(3_000)]
    sentences += ["The Syrian Observatory for Human Rights said 10 people fled.", "The Observatory said 12 fled."]
    resolved = attribute_document(sentences)
    assert resolved[-1][0].attribution.source == "Syrian Observatory for Human Rights"
    assert [cue.attribution.source for cues in resolved[:3] for cue in cues] == \
        ["Ministry of Region 0", "Ministry of Region 1", "Ministry of Region 2"]


# ---------------------------------------------------------------- what is no source, and title-case titles

@pytest.mark.parametrize(("text", "source", "source_text"), [
    ("By 3 May, 5,118 infections were recorded.", None, ""),
    ("By 3 May, 5,118 infections were recorded, officials said.", "officials", "officials"),
    ("Early estimates put the death toll at 5,118 people.", None, ""),
    ("Official figures put the death toll at 5,118 people.", None, ""),
    ("UN estimates put the death toll at 5,118 people.", "UN", "UN"),
    ("The largest recorded outbreak killed 5,118 people.", None, ""),
    ("The Minister of Health and Sanitation, Ana Moreira, said 5,118 people had died.",
     "Minister of Health and Sanitation", "The Minister of Health and Sanitation, Ana Moreira"),
])
def test_sources_through_the_pipeline(text: str, source: Optional[str], source_text: str) -> None:
    document = Document(path="/tmp/a.txt", name="a.txt", text=text, date=date(2020, 6, 4), date_source="test")
    claims = [claim for claim in document_claims(document) if claim.quantity.value == 5118]
    assert [(claim.source, claim.source_text) for claim in claims] == [(source, source_text)]
