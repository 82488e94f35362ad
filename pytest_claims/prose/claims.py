"""Claims: each quantity tied to its document, sentence and the noun it counts.

What a number counts is the head of the noun phrase written after it:
"An estimated 250,000 people have been trapped" counts people; "10,500
Syrian citizens had fled" counts citizens. For "32 of east Aleppo's 40
neighbourhoods" and for shares ("85% of the area") the phrase after "of" is
what is counted. English noun phrases after a number end at a preposition,
pronoun, verb or punctuation; after any number but one the counted noun is
plural, so the first plural-looking word is the head ("nine air strikes"),
else the last word of the phrase ("former rebel territory").

Each claim also records who makes it (:mod:`pytest_claims.attribution`,
read over the whole document so that "he said" finds its speaker) and when
it holds (:mod:`pytest_claims.asof`: the document date unless the sentence
dates the number, "on Sunday").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Optional

from .asof import as_of
from .attribution import attribute_document, choose
from .extraction import extract_by_sentence
from .separators import INVISIBLE_MARKS
from ..records.model import COUNT, SHARE, Claim, Document, Quantity, Sentence
from .sentences import Token, sentence_tokens
from .words import singular

_STOP = frozenset(
    """in on at from to into onto by with without for of since during after before over under
    across through throughout within near among amongst including included excluding between
    against around about per via as than like toward towards upon despite until till
    and or but nor while who which that whom whose where when whether if because so yet
    it they he she we you i them us him her its their there this these those me my our your his
    is are was were be been being has have had do does did will would can could may might must
    shall should said says say told according reported claimed added
    now also still already too just only not no more less ago later earlier each every all both
    then here alone even almost nearly roughly some any other's own
    off out up down along beyond behind above below beside besides inside outside past amid amidst
    today yesterday tomorrow tonight overnight last next annually respectively apiece altogether""".split()
)
_DETERMINERS = frozenset("the a an its their his her our your my this these those some any east west north south".split())
_PARTITIVES = frozenset("part parts portion share rest section sector bulk majority minority half whole".split())
_IRREGULAR_PLURALS = frozenset(
    """people children men women police personnel staff troops feet teeth mice geese cattle
    militia clergy crew media""".split()
)
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "ous")
_MAX_PHRASE = 4


def _looks_plural(word: str) -> bool:
    lowered = word.lower()
    if lowered in _IRREGULAR_PLURALS:
        return True
    return len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(_NOT_PLURAL_ENDINGS)


def _is_number_token(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,]+", text))


def _broken(sentence: str, prev_end: int, token_start: int) -> bool:
    """Whether punctuation other than hyphens and apostrophes stands between two tokens: it ends a phrase
    (invisible marks, zero-width or direction, are not punctuation)."""
    return bool(re.search(rf"[^\s\-'’‘{INVISIBLE_MARKS}]", sentence[prev_end:token_start]))


#: nouns that name a count of what follows "of": "the number of registered voters exceeded 2,400"
_NUMBER_OF = frozenset("number numbers total count tally".split())


def named_before(sentence: str, tokens: Sequence[Token], start: int) -> tuple[Optional[str], str]:
    """What a number written without a noun counts when its clause names it before: "the number of
    registered voters exceeded 2,400" counts voters."""
    before = tokens[:bisect_left(tokens, start, key=lambda token: token.start)]
    for k in range(len(before) - 1, 0, -1):
        if _broken(sentence, before[k].end, before[k + 1].start if k + 1 < len(before) else start):
            break
        if before[k].low == "of" and before[k - 1].low in _NUMBER_OF \
                and not _broken(sentence, before[k - 1].end, before[k].start):
            return _noun_phrase(sentence, before, k + 1, before[k].end)
    return None, ""


def counted_phrase(sentence: str, tokens: Sequence[Token], start: int, end: int,
                   kind: str) -> tuple[Optional[str], str]:
    """(singular head noun, phrase as written) of what the quantity at [start, end) counts.

    ``tokens`` are the sentence's tokens, offsets indexing ``sentence``.
    """
    if kind not in (COUNT, SHARE):
        return None, ""  # durations and measures are quantified by their unit
    after = tokens[bisect_left(tokens, end, key=lambda token: token.start):]  # tokens are in reading order
    if not after:
        return None, ""

    index = 0
    prev_end = end
    if _broken(sentence, prev_end, after[0].start):
        return None, ""
    if after[0].low == "out" and len(after) > 1 and after[1].low == "of" and not _broken(sentence, after[0].end, after[1].start):
        after = after[1:]  # "2.3 million out of 3.1 million households" reads as "of"
    if after[0].low == "of":
        # "32 of east Aleppo's 40 neighbourhoods": the phrase after the total;
        # "85% of the area": the phrase after "of".
        prev_end = after[0].end
        index = 1
        for look in range(1, min(len(after), 6)):
            if _broken(sentence, after[look - 1].end, after[look].start):
                break
            if _is_number_token(after[look].text):
                index, prev_end = look + 1, after[look].end
                break
    return _noun_phrase(sentence, after, index, prev_end)


def _noun_phrase(sentence: str, after: Sequence[Token], index: int, prev_end: int) -> tuple[Optional[str], str]:
    """(singular head, phrase) of the noun phrase starting at ``after[index]`` (``prev_end``: where the text
    before it ends, for punctuation in between)."""
    phrase: list[str] = []
    while index < len(after) and len(phrase) < _MAX_PHRASE:
        token = after[index]
        if _broken(sentence, prev_end, token.start):
            break
        word = token.text
        lowered = token.low
        if not phrase and (lowered in _DETERMINERS or lowered.endswith("'s")):
            index, prev_end = index + 1, token.end
            continue
        if lowered.endswith("'s") and phrase:
            phrase.clear()  # "east Aleppo's neighbourhoods": the possessor is not the head
            index, prev_end = index + 1, token.end
            continue
        if lowered in _STOP or _is_number_token(word):
            break
        phrase.append(word)
        index, prev_end = index + 1, token.end
        if lowered in _PARTITIVES and index < len(after) and after[index].low == "of":
            # "40 percent of the eastern part of the city" counts the city
            phrase.clear()
            prev_end = after[index].end
            index += 1
    if not phrase:
        return None, ""
    head = next((w for w in phrase if _looks_plural(w)), phrase[-1])
    return singular(head), " ".join(phrase)


def _whole_counts(quantities: Sequence[Quantity], counted: Sequence[tuple[Optional[str], str]],
                  at: int) -> Optional[tuple[Optional[str], str]]:
    """What the whole of a part counts, for a part written without its noun ("Of the 45 districts, 31 ..."):
    the nearest quantity of the sentence whose value is the part's total."""
    wholes = [k for k, whole in enumerate(quantities) if k != at and whole.value == quantities[at].total
              and counted[k][0] is not None]
    if not wholes:
        return None
    return counted[min(wholes, key=lambda k: abs(k - at))]


def claims_from_sentences(document: Document,
                          extracted: Iterable[tuple[Sentence, Sequence[Quantity]]]) -> list[Claim]:
    """Claims of every quantity, with what it counts, who says it and when it holds.

    ``extracted`` must hold every sentence of the document, in order, also
    those without quantities: attribution reads them for context.
    """
    rows = list(extracted)
    cues = attribute_document([sentence.text for sentence, _ in rows])
    claims = []
    for (sentence, quantities), sentence_cues in zip(rows, cues):
        tokens = sentence_tokens(sentence.text) if quantities else ()
        counted = [counted_phrase(sentence.text, tokens, q.span[0] - sentence.start, q.span[1] - sentence.start,
                                  q.kind) for q in quantities]
        for at, quantity in enumerate(quantities):
            local = (quantity.span[0] - sentence.start, quantity.span[1] - sentence.start)
            counts, phrase = counted[at]
            if quantity.total is not None and not any(map(_looks_plural, phrase.split())):
                counts, phrase = _whole_counts(quantities, counted, at) or (counts, phrase)
            if counts is None and quantity.kind == COUNT:
                counts, phrase = named_before(sentence.text, tokens, local[0])
            cue = choose(sentence_cues, local)
            when = as_of(sentence.text, document.date, local)
            claims.append(
                Claim(
                    quantity=quantity,
                    document=document.name,
                    path=document.path,
                    date=document.date,
                    date_source=document.date_source,
                    outlet=document.outlet,
                    sentence=sentence.text,
                    sentence_start=sentence.start,
                    line=document.line_of(quantity.span[0]),
                    counts=counts,
                    counted_phrase=phrase,
                    source=None if cue is None else cue.attribution.source,
                    source_text="" if cue is None else " ".join(cue.attribution.text.split()),
                    as_of=when.date,
                    as_of_source=when.reason,
                )
            )
    return claims


def document_claims(document: Document, progress: Optional[Callable[[int, int], None]] = None) -> list[Claim]:
    """Every claim in a document, in reading order; ``progress(sentences read, sentences)`` follows a long one."""
    return claims_from_sentences(document, extract_by_sentence(document.text, progress))


def corpus_claims(documents: Iterable[Document]) -> list[Claim]:
    return [claim for document in documents for claim in document_claims(document)]
