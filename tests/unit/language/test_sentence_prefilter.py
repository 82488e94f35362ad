"""Selector.sentence_may_match never turns away a sentence whose claim the selector chooses.

A claims dataset skips, without tokenizing them, the sentences this says cannot match (store/dataset.py); a
sentence skipped wrongly would be a claim lost. So: whenever ``matches`` chooses a claim, ``sentence_may_match``
says True for its sentence, on sentences of mixed case, curly apostrophes, prefixes and letters whose lower case
is longer than themselves; and it does say False, so the skipping is not empty.
"""

from __future__ import annotations

from helpers.claims import make_claim
from hypothesis import given
from hypothesis import strategies as st

from pytest_claims.language.selectors import Selector

WORDS = ["trapped", "Trapped", "TRAPPED", "civilians", "civilian's", "civilian’s", "Aleppo", "İstanbul",
         "straße", "STRASSE", "people", "the", "east", "neighbourhoods", "neighbo", "were", "said", "killed"]
PHRASES = ["trapped", "civilian's", "civilian’s", "east aleppo", "neighbo*", "istanbul", "i̇stanbul", "straße",
           "strasse", "killed", "people were", "said"]

sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(
    lambda words: " ".join([*words[:6], "250", *words[6:]]) + ".")
phrase_lists = st.lists(st.sampled_from(PHRASES), min_size=0, max_size=3)
selectors = st.builds(
    lambda near, near_all, window, pattern: Selector(near=tuple(near), near_all=tuple(near_all), window=window,
                                                     pattern=pattern),
    phrase_lists, phrase_lists, st.one_of(st.none(), st.integers(1, 6)),
    st.one_of(st.none(), st.sampled_from(["trapped", "(?i)aleppo", r"\d{3}", "killed|said"])))


@given(sentences, selectors, st.one_of(st.none(), selectors))
def test_a_sentence_whose_claim_is_chosen_is_never_turned_away(sentence: str, selector: Selector,
                                                               merged: Selector | None) -> None:
    if merged is not None:
        selector = selector.merge(merged)
    claim = make_claim(sentence, "250")
    if selector.matches(claim):
        assert selector.sentence_may_match(sentence)


def test_sentences_without_the_words_or_the_pattern_are_turned_away() -> None:
    sentence = "The army said 250 people were killed."
    assert not Selector(near=("trapped",)).sentence_may_match(sentence)
    assert not Selector(near_all=("people", "trapped")).sentence_may_match(sentence)
    assert not Selector(pattern="trapped").sentence_may_match(sentence)
    assert not Selector(near=("people",)).merge(Selector(near=("aleppo",))).sentence_may_match(sentence)
    assert Selector(near=("trapped", "killed")).sentence_may_match(sentence)
    assert Selector(near=("peop*",)).sentence_may_match(sentence)
    assert Selector(not_near=("people",)).sentence_may_match(sentence)  # a word that must be absent: never
    assert Selector().tests_sentence() is False and Selector(pattern="x").tests_sentence()
    assert Selector(counts=("people",)).merge(Selector(near=("x",))).tests_sentence()
