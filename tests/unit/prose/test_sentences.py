"""Sentences and the one tokenizer: offsets into the text, words, punctuation marks, abbreviations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.sentences import sentence_tokens, split_sentences, tokenize


def texts(tokens: list) -> list[str]:  # type: ignore[type-arg]
    return [token.text for token in tokens]


def test_words_keep_inner_apostrophes_hyphens_and_periods() -> None:
    tokens = tokenize("East Aleppo’s al-Shaar fell; the U.S. said 8,574 died.")
    assert texts(tokens) == ["East", "Aleppo’s", "al-Shaar", "fell", "the", "U.S", "said", "8", "574", "died"]
    assert tokens[1].low == "aleppo's" and all(token.word for token in tokens)


def test_marks_are_tokens_and_a_period_stays_on_an_abbreviation() -> None:
    tokens = tokenize("Mr. Lavrov, the U.S. envoy said: “300 fled.”", marks=True)
    assert texts(tokens) == ["Mr.", "Lavrov", ",", "the", "U.S.", "envoy", "said", ":", "“", "300", "fled", ".", "”"]
    assert tokens[0].low == "mr" and not tokens[2].word and tokens[4].end - tokens[4].start == 4


def test_offsets_index_the_text_and_shift_by_offset() -> None:
    text = "Some 100,000 civilians remain."
    for token in tokenize(text, 40, marks=True):
        assert text[token.start - 40:token.end - 40] == token.text
    assert sentence_tokens(text, 40) == tuple(tokenize(text, 40))


@pytest.mark.parametrize(("text", "sentences"), [
    ("Troops advanced. Rebels fled.", ["Troops advanced.", "Rebels fled."]),
    ("Gen. Smith said 300 fled. Dr. Jones agreed.", ["Gen. Smith said 300 fled.", "Dr. Jones agreed."]),
    ("John F. Kennedy spoke. Then rain.", ["John F. Kennedy spoke.", "Then rain."]),
    ("Headline Without A Stop\nThe story begins here.", ["Headline Without A Stop", "The story begins here."]),
    ("A line that wraps,\nand goes on.", ["A line that wraps,\nand goes on."]),
    ("First paragraph\n\nSecond one.", ["First paragraph", "Second one."]),
    ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    found = split_sentences(text)
    assert [sentence.text for sentence in found] == sentences
    assert all(text[s.start:s.end] == s.text for s in found)
    assert [s.index for s in found] == list(range(len(found)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1 .,’'-\n“”:MrU.S"), max_size=120), st.booleans())
def test_tokens_are_in_order_do_not_overlap_and_cover_every_word_character(text: str, marks: bool) -> None:
    tokens = tokenize(text, marks=marks)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    assert all(text[t.start:t.end] == t.text for t in tokens)
    covered = {i for t in tokens for i in range(t.start, t.end)}
    wanted = {i for i, ch in enumerate(text) if (not ch.isspace() if marks else ch.isalnum())}
    assert wanted <= covered
