"""Sentences and the one tokenizer: offsets into the text, words, punctuation marks, abbreviations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.sentences import sentence_tokens, sentence_words, split_sentences, tokenize


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


# --- line breaks read in linear time ----------------------------------------------------------

def _reference_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a block breaks into lines, as the splitter read it before: the whole line and the whole
    rest of the block copied at every newline (quadratic in a paragraph of wrapped lines)."""
    lines, line_start = [], start
    for position in (i for i in range(start, end) if text[i] == "\n"):
        line = text[line_start:position].rstrip()
        rest = text[position + 1:end].lstrip()
        if line and not line.endswith((",", ";", ":", "-")) and (not rest or not rest[0].islower()):
            lines.append((line_start, position))
            line_start = position + 1
    return lines + [(line_start, end)]


def _line_starts(text: str) -> set[int]:
    """The offsets where a line the splitter keeps apart begins (one block: no blank lines)."""
    return {start for start, _ in _reference_lines(text, 0, len(text))}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.,;:-\n \t!?")), max_size=120).filter(lambda t: "\n\n" not in t))
def test_lines_break_where_the_quadratic_reading_broke_them(text: str) -> None:
    starts = sorted(_line_starts(text))
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    expected = [s for start, end in zip(starts, ends) for s in split_sentences(text[start:end])]
    assert [s.text for s in split_sentences(text)] == [s.text for s in expected]


def test_a_paragraph_of_many_wrapped_lines_splits_like_one_long_line() -> None:
    text = "Aleppo falls\nThe offensive went on" + "\nand on" * 3_000 + "."
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, 12), (13, len(text))]
    assert _reference_lines(text, 0, len(text)) == [(0, 12), (13, len(text))]


@given(st.text(alphabet=st.sampled_from(list("aZ1 ,.'’İıßﬁ-\n")), max_size=60), st.integers(0, 500))
def test_sentence_words_are_the_word_tokens_of_tokenize(text: str, offset: int) -> None:
    tokens = tokenize(text, offset)
    words = sentence_words(text, offset)
    assert words.low == tuple(token.low for token in tokens)
    assert words.starts == tuple(token.start for token in tokens)
    assert words.ends == tuple(token.end for token in tokens)
