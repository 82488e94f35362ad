"""Sentences and word tokens, with offsets into the original text: the one tokenizer of prose.

quantulum3 is super-linear in the length of its input, so extraction runs it
one sentence at a time. The splitter is rule based: paragraph breaks always
end a sentence; ``.``, ``!`` and ``?`` (with closing quotes or brackets) end
one when followed by white space and an upper-case letter, a digit or an
opening quote, unless the period closes a known abbreviation or an initial.

:func:`tokenize` gives the words of a text (letters and digits, joined by
inner apostrophes, hyphens and periods: "Aleppo's", "al-Assad", "U.S");
with ``marks=True`` also each punctuation mark, a period kept on the word it
abbreviates ("U.S.", "Mr."). What a number counts, which words are near it
and who is said to have given it are all read from these tokens.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

from ..records.model import Sentence
from .words import normalize_word

#: titles written before a name, whose period ends no sentence and stays on the word ("Mr.")
TITLES = frozenset("mr mrs ms dr gen col lt sgt capt maj adm gov sen rep prof st jr sr".split())
_ABBREVIATIONS = TITLES | frozenset(
    """cmdr pres rev hon no nos vol fig approx est dept inc ltd co corp jan feb mar apr jun jul
    aug sep sept oct nov dec vs etc al e.g i.e u.s u.k u.n u.s.a p.m a.m""".split()
)

_PARAGRAPH = re.compile(r"\n[ \t]*\n+|\n(?=[ \t]*[-–—•*]\s)")
_NEWLINE = re.compile(r"\n")
_NOT_SPACE = re.compile(r"\S")
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_LETTER = "A-Za-z0-9\u00C0-\u024F"
_WORD_PATTERN = rf"[{_LETTER}]+(?:['’.\-][{_LETTER}]+)*"
_WORD = re.compile(_WORD_PATTERN)
_WORD_OR_MARK = re.compile(rf"{_WORD_PATTERN}|[^\s{_LETTER}]")


class Token(NamedTuple):
    """A word (or, with ``marks``, a punctuation mark) of a text; ``low`` is its normalized form.

    A named tuple, not a dataclass: a long archive makes millions, and a tuple is made five times faster.
    """

    start: int
    end: int
    text: str
    #: lower case with straight apostrophes (:func:`~pytest_claims.prose.words.normalize_word`)
    low: str

    @property
    def word(self) -> bool:
        """Whether the token is a word, not a punctuation mark."""
        return self.text[:1].isalnum()


def _is_abbreviation(text: str, period_at: int) -> bool:
    """True when the period at ``period_at`` closes an abbreviation or initial."""
    j = period_at
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:period_at].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    return word in _ABBREVIATIONS


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        first_period = match.start()
        if text[first_period] == "." and _is_abbreviation(text, first_period):
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    pieces.append((cursor, end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index ``text``, blanks are trimmed."""
    blocks: list[tuple[int, int]] = []
    cursor = 0
    for match in _PARAGRAPH.finditer(text):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, len(text)))
    # Single newlines inside a block are line wraps unless the line is short
    # like a headline; treat every newline as a boundary when the next line
    # starts a new sentence-like unit (upper case) and this line has no
    # final punctuation, so headlines and captions stand alone.
    spans: list[tuple[int, int]] = []
    for b_start, b_end in blocks:
        lines: list[tuple[int, int]] = []
        line_start = segment_start = b_start
        # the last character of the line so far that is not white space ("" while there is none),
        # kept from segment to segment: each newline reads only its own segment, so a paragraph of
        # many wrapped lines costs linear time, not a copy of the whole line per newline
        last = ""
        for nl in _NEWLINE.finditer(text, b_start, b_end):
            pos = nl.start()
            segment = text[segment_start:pos].rstrip()
            last = segment[-1] if segment else last
            segment_start = pos + 1
            nxt = _NOT_SPACE.search(text, pos + 1, b_end)  # the first character of what follows
            if last and (last not in ",;:-" and (nxt is None or not nxt.group().islower())):
                lines.append((line_start, pos))
                line_start = pos + 1
                last = ""
        lines.append((line_start, b_end))
        for l_start, l_end in lines:
            spans.extend(_split_block(text, l_start, l_end))
    sentences: list[Sentence] = []
    for s_start, s_end in spans:
        while s_start < s_end and text[s_start].isspace():
            s_start += 1
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        if s_start < s_end:
            sentences.append(Sentence(len(sentences), s_start, s_end, text[s_start:s_end]))
    return sentences


def tokenize(text: str, offset: int = 0, *, marks: bool = False) -> list[Token]:
    """The word tokens of ``text`` (offsets plus ``offset``); with ``marks``, punctuation marks too.

    With ``marks`` a period right after a word that has periods ("U.S") or is a title ("Mr") joins it:
    it does not end a phrase. The token's ``low`` stays the word's own.
    """
    if not marks:
        lowered = normalize_word(text)
        if len(lowered) != len(text):  # lower() lengthened a letter ("İ"): normalize word by word
            return [Token(m.start() + offset, m.end() + offset, m.group(), normalize_word(m.group()))
                    for m in _WORD.finditer(text)]
        return [Token(m.start() + offset, m.end() + offset, m.group(), lowered[m.start():m.end()])
                for m in _WORD.finditer(text)]
    tokens: list[Token] = []
    for match in _WORD_OR_MARK.finditer(text):
        piece, start = match.group(), match.start() + offset
        previous = tokens[-1] if tokens else None
        if (piece == "." and previous is not None and previous.word and previous.end == start
                and ("." in previous.text or previous.low in TITLES)):
            tokens[-1] = previous._replace(end=start + 1, text=previous.text + ".")
            continue
        tokens.append(Token(start, match.end() + offset, piece, normalize_word(piece)))
    return tokens


class Words(NamedTuple):
    """A sentence's word tokens as parallel tuples: normalized words, where each starts, where each ends."""

    low: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@lru_cache(maxsize=4096)
def sentence_words(sentence: str, offset: int = 0) -> Words:
    """The word tokens of :func:`tokenize`, as :class:`Words`: selectors read thousands of sentences and
    need only these, without a Token per word."""
    lowered = normalize_word(sentence)
    if len(lowered) != len(sentence):
        tokens = sentence_tokens(sentence, offset)
        return Words(tuple(t.low for t in tokens), tuple(t.start for t in tokens), tuple(t.end for t in tokens))
    spans = [match.span() for match in _WORD.finditer(sentence)]
    return Words(tuple(lowered[start:end] for start, end in spans), tuple(start + offset for start, _ in spans),
                 tuple(end + offset for _, end in spans))


@lru_cache(maxsize=4096)
def sentence_tokens(sentence: str, offset: int = 0) -> tuple[Token, ...]:
    """:func:`tokenize` of a sentence, cached: many claims, rules and selectors read one sentence."""
    return tuple(tokenize(sentence, offset))
