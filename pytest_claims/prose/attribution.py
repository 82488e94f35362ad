"""Who makes a claim: the source a sentence attributes its numbers to.

News prose names its sources with a small set of constructions, and this
module reads them with a small grammar over word tokens (no tagger):

* ``X said/says/told/reported/estimated/claimed/added/announced/stated/
  warned/counted/confirmed/wrote/noted ...``: the subject X is the noun
  phrase ending right before the verb (auxiliaries and adverbs in between
  are skipped: "X has repeatedly said"; a form of *be* before the verb is a
  passive, "were reported to have fled", and names no source).
* ``..., said X`` and ``“...,” said X``: the inverted order.
* ``X, a UK-based group that monitors the conflict, said``: the appositive
  between the commas is kept in ``text`` but is not the source; so is
  ``Salih Muslim, the joint head of the PYD said`` (a name, a comma and a
  role right before the verb).
* ``according to X``, ``as reported by X``, ``citing X``, ``quoted X as
  saying``, ``X put the death toll at``, ``X's figures show``.

A noun phrase is chunks of words (an article ends a chunk on its left)
joined by ``of/for/with/on/in/from/at/to/by``, at most 8 words without the
article; a longer one loses trailing prepositional phrases, and one that is
still longer names no source. It stops at punctuation, conjunctions,
relative pronouns, pronouns and auxiliaries. A lower-case participle after
the first word cuts it: "A rebel fighter reached by Reuters said" is a
rebel fighter, not Reuters; and in "X told Reuters" Reuters is the listener.
Words joined by "and" between capitals are one title ("the Minister of
Health and Sanitation"). A phrase that starts with a number is no source
("By 3 May, 5,118 infections ..."), nor is data of no one named ("Early
estimates put the toll at ...", unlike "UN estimates put ...").

Reporting verbs inside double quotation marks are the quoted speaker's own
words and are not read: in "“We counted 300 dead,” Kerry said" the claim is
Kerry's.

Which source a number belongs to: every attribution has a *scope*, the
part of the sentence it covers. ``X said <content>`` covers the content after
the verb up to the next ``;`` or the next trailing attribution; ``<content>,
X said`` covers the clause before it; ``according to`` covers its whole
clause. The number goes to the innermost attribution covering it ("Lavrov
said ... N ..., RIA reported": Lavrov), except that ``citing X`` and ``quoted
X as saying`` name the origin of what the subject relays and win over the
verb, while ``according to``/``reported by`` only apply where no verb covers
the number ("Kerry said ..., according to a transcript": Kerry). A number
no attribution covers (one inside the subject itself, "officials with two
groups said") has no source.

:func:`attribute` reads one sentence alone: a pronoun subject ("he said")
gives an attribution whose ``source`` is None. :func:`attribute_document`
reads a document's sentences in order and resolves, soundly enough for news
style and no further:

* a pronoun subject to the nearest named source before it, in the same
  sentence or at most :data:`PRONOUN_REACH` sentences back (news reports
  say "he said" about the speaker just quoted); beyond that it stays None;
* a short reference ("the Observatory") to the most recent longer source
  of the same document whose head word it ends with ("Syrian Observatory
  for Human Rights");
* a sentence that is all quotation, with no attribution of its own, to the
  speaker of the sentence right before it when that one quotes too.

Every regex here is linear: character classes without nested variable
repetitions, and loops over tokens are bounded.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from ..records.model import span_distance
from .sentences import Token, tokenize

PRONOUN_REACH = 2
MAX_SOURCE_WORDS = 8
_MAX_CHUNK = 6
_MAX_REGION = 24  # tokens searched for a comma-delimited segment

# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Attribution:
    """Who makes a claim.

    ``source`` is the normalized name ("Syrian Observatory for Human
    Rights", "UN", "Russia's defence ministry"): without a leading article,
    appositive or trailing participle clause, straight apostrophes, one
    space between words; None for a pronoun not resolved. ``text`` is the
    subject as written, appositive included ("Rami Abdulrahman, the
    observatory's director"), and ``span`` its (start, end) in the sentence,
    or None when the source was carried from an earlier sentence. ``cue`` is
    the reporting word: "said", "according to", "citing", ...
    """

    source: Optional[str]
    text: str
    span: Optional[tuple[int, int]]
    cue: str


@dataclass(frozen=True)
class Cue:
    """An attribution found in a sentence, with the part of the sentence it covers.

    ``rank`` orders competing cues that cover a number: 0 names the origin
    ("citing", "quoted ... as saying"), 1 a reporting verb, 2 a source of
    the whole clause ("according to", "reported by").
    """

    attribution: Attribution
    scope: tuple[int, int]
    region: tuple[int, int]  # where the attribution itself is written
    rank: int
    pronoun: bool = False


# not words.normalize_word: a source name keeps a prime (′) as written
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


# ---------------------------------------------------------------- word classes


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = _words("the a an")
_POSSESSIVES = _words("its their his her our my your")
_NP_PREPOSITIONS = _words("of for with on in from at to by")
_PRONOUNS = _words("he she it they we i you")
_AUXILIARIES = _words("has have had will would can could may might must shall should did does do")
_BE = _words("is are was were be been being am")
_ADVERBS = _words("also later earlier again previously repeatedly then now already still recently "
                  "separately today yesterday tonight once further too")
_DETERMINERS = _ARTICLES | _POSSESSIVES
_BEFORE_VERB = _AUXILIARIES | _ADVERBS | _BE  # may stand between a subject and its verb
_BOUNDARIES = _words(
    """and or but nor while whereas as because although though since if unless whether that which
    who whom whose where when so yet after before than however meanwhile not no nor""")
_TIME_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    meanwhile separately earlier later""")
_SAY_VERBS = _words(
    """said says say told tells reported reports estimated estimates estimate claimed claims claim
    added adds announced announces stated states warned warns counted confirmed confirms wrote
    writes noted notes tweeted insisted insists put puts""")
#: forms that are as often nouns: "reports of", "UN estimates of"
_NOUN_LIKE = _words("reports estimates estimate claims claim states notes put puts")
_NOT_AFTER_VERB = _words("of from for by on in to and or were are was is have has had show showed")
_LISTENER_VERBS = _words("told tells warned warns")
_BY_PARTICIPLES = _words("reported estimated counted announced stated claimed confirmed")
_DATA_NOUNS = _words("figures figure data estimates estimate count tally statistics numbers records")
_DATA_VERBS = _words("show shows showed suggest suggests suggested")
_TOLL_WORDS = _words("toll number figure count total tally")
_IDIOMS = _words("plan plans schedule law tradition custom protocol")  # "according to plan"
_OPEN_QUOTES = frozenset("“\"‘«")
_CLOSE_QUOTES = frozenset("”\"’'»")
_SEGMENT_PUNCTUATION = frozenset(",;:()“”\"—–[]«»")

_STOP = (_PRONOUNS | _AUXILIARIES | _BE | _BOUNDARIES | _NP_PREPOSITIONS | _SAY_VERBS | _TIME_WORDS
         | _words("according citing quoted saying adding there"))


def _is_content(token: Token) -> bool:
    return token.word and token.low not in _STOP


def _is_participle(token: Token) -> bool:
    text = token.text
    return (text.isalpha() and text.islower() and len(text) >= 5 and text.endswith(("ed", "ing")))


def _is_ly_adverb(token: Token) -> bool:
    return token.text.isalpha() and token.text.islower() and len(token.text) > 4 and token.text.endswith("ly")


def _is_capitalized(token: Token) -> bool:
    return token.word and token.text[0].isupper()


# ---------------------------------------------------------------- noun phrases


def _chunk_back(tokens: Sequence[Token], last: int) -> Optional[int]:
    """First index of the chunk ending at ``last``: words back to an article, at most a few."""
    i = last
    taken = 0
    while i >= 0 and _is_content(tokens[i]):
        if taken == _MAX_CHUNK:
            return None  # no article or boundary in reach: not a subject
        taken += 1
        if tokens[i].low in _ARTICLES or tokens[i].low in _POSSESSIVES:
            return i if taken > 1 else None
        i -= 1
    return i + 1 if taken else None


def _clean_left(tokens: Sequence[Token], first: int) -> bool:
    """Whether a phrase starting at ``first`` starts a clause (nothing joins it to what is before)."""
    if first == 0:
        return True
    before = tokens[first - 1]
    return not before.word or before.low in _BOUNDARIES


def _phrase_back(tokens: Sequence[Token], last: int) -> Optional[int]:
    """First index of the noun phrase ending at ``last``: chunks joined by prepositions or "and"."""
    first = _chunk_back(tokens, last)
    if first is None:
        return None
    for _ in range(4):
        joint = first - 1
        if joint < 1 or not tokens[joint].word:
            break
        if tokens[joint].low in _NP_PREPOSITIONS:
            earlier = _chunk_back(tokens, joint - 1)
            if earlier is None:
                break
            first = earlier
        elif tokens[joint].low == "and" and _is_capitalized(tokens[joint - 1]) and _is_capitalized(tokens[first]):
            # a title-case name: "the Minister of Health and Sanitation"
            earlier = _chunk_back(tokens, joint - 1)
            if earlier is None:
                break
            first = earlier
        elif tokens[joint].low == "and":
            # "the Observatory and a Syrian military source said", but not
            # "troops took the town and the UN said"
            earlier = _chunk_back(tokens, joint - 1)
            if earlier is not None and _clean_left(tokens, earlier):
                first = earlier
            break
        else:
            break
    return first


def _chunk_forward(tokens: Sequence[Token], first: int, *, numbers: bool = True) -> Optional[int]:
    """Last index of the chunk starting at ``first`` (an optional article, then words)."""
    i = first
    if i < len(tokens) and tokens[i].word and (tokens[i].low in _ARTICLES or tokens[i].low in _POSSESSIVES):
        i += 1
    start = i
    while i < len(tokens) and i - start < _MAX_CHUNK and _is_content(tokens[i]):
        if i > start and _is_participle(tokens[i]):
            break
        if not numbers and tokens[i].text[0].isdigit():
            break
        i += 1
    return i - 1 if i > start else None


def _phrase_forward(tokens: Sequence[Token], first: int, *, numbers: bool = True) -> Optional[int]:
    """Last index of the noun phrase starting at ``first``."""
    last = _chunk_forward(tokens, first, numbers=numbers)
    if last is None:
        return None
    for _ in range(4):
        joint = last + 1
        if joint + 1 >= len(tokens) or tokens[joint].low not in _NP_PREPOSITIONS or tokens[joint].low == "by":
            break
        more = _chunk_forward(tokens, joint + 1, numbers=numbers)
        if more is None:
            break
        last = more
    return last


def _source_name(sentence: str, tokens: Sequence[Token], first: int, last: int) -> Optional[str]:
    """The normalized name of the phrase tokens[first..last], or None when it is no name."""
    words = list(range(first, last + 1))
    while words and tokens[words[0]].low in _ARTICLES:
        words.pop(0)
    for position in range(1, len(words)):
        token = tokens[words[position]]
        if _is_participle(token) and tokens[words[position - 1]].low not in _ARTICLES:
            words = words[:position]  # "a rebel fighter reached by Reuters"
            break
    words, possessor = _possessor_of_data(tokens, words)
    while len(words) > MAX_SOURCE_WORDS:
        cut = max((p for p in range(1, len(words)) if tokens[words[p]].low in _NP_PREPOSITIONS), default=None)
        if cut is None:
            return None
        words = words[:cut]
    while words and not tokens[words[-1]].word:
        words.pop()
    if not words or not any(_is_content(tokens[i]) for i in words):
        return None
    if tokens[words[0]].text[0].isdigit():
        return None  # a number is never a source: "By 3 May, 5,118 infections ..." (but "Region 2" is)
    if not possessor and tokens[words[-1]].low in _DATA_NOUNS and not any(
            _names_someone(tokens, i) for i in words[:-1]):
        return None  # "Early estimates put the toll at": data of no one named
    if len(words) == 1 and tokens[words[0]].low in _IDIOMS:
        return None
    text = " ".join(sentence[tokens[words[0]].start:tokens[words[-1]].end].translate(_APOSTROPHES).split())
    return text[:-2] if possessor and text.endswith("'s") else text


def _names_someone(tokens: Sequence[Token], index: int) -> bool:
    """An acronym ("UN"), or a capitalized word that is not just the sentence's first."""
    text = tokens[index].text
    return text.isupper() and len(text) > 1 or (index > 0 and _is_capitalized(tokens[index]))


def _possessor_of_data(tokens: Sequence[Token], words: list[int]) -> tuple[list[int], bool]:
    """"the UN's figures" names the UN: (the possessor's words, True) before a data noun."""
    if len(words) < 2 or tokens[words[-1]].low not in _DATA_NOUNS:
        return words, False
    for position in range(len(words) - 1, 0, -1):
        if tokens[words[position - 1]].low.endswith("'s"):
            return words[:position], True
    return words, False


# ---------------------------------------------------------------- cues


def _clause_bounds(semicolons: Sequence[int], offset: int, length: int) -> tuple[int, int]:
    """Character bounds of the ``;``-delimited clause around ``offset``; ``semicolons`` are their offsets."""
    at = bisect_right(semicolons, offset)
    start = semicolons[at - 1] + 1 if at else 0
    end = semicolons[at] if at < len(semicolons) else length
    return start, end


@dataclass(frozen=True)
class _Found:
    """A cue before scopes are settled: ``forward`` cues cover what follows them."""

    attribution: Attribution
    region: tuple[int, int]  # character span of subject (with appositive) and cue
    cue_index: int
    after: int  # character offset where a forward cue's content starts
    forward: bool
    rank: int
    pronoun: bool = False


def _attribution(sentence: str, tokens: Sequence[Token], first: int, last: int, cue: str,
                 name_first: Optional[int] = None, name_last: Optional[int] = None) -> Optional[Attribution]:
    """The attribution whose text is tokens[first..last] and whose name is tokens[name_first..name_last]."""
    name = _source_name(sentence, tokens, first if name_first is None else name_first,
                        last if name_last is None else name_last)
    if name is None:
        return None
    span = (tokens[first].start, tokens[last].end)
    return Attribution(name, sentence[span[0]:span[1]], span, cue)


def _segment_start(tokens: Sequence[Token], last: int) -> Optional[int]:
    """Index of the first token after the punctuation that opens the segment ending at ``last``."""
    i = last
    while i >= 0 and tokens[i].text not in _SEGMENT_PUNCTUATION:
        if last - i >= _MAX_REGION:
            return None
        i -= 1
    return i + 1


def _is_name_segment(tokens: Sequence[Token], first: int, last: int) -> bool:
    """A short proper name: "Salih Muslim", "Yasser al-Youssef" (not "In Aleppo", "Meanwhile")."""
    words = tokens[first:last + 1]
    if not 1 <= len(words) <= 4 or not all(t.word for t in words):
        return False
    if words[0].low in _STOP or not _is_capitalized(words[0]) or not _is_capitalized(words[-1]):
        return False
    return all(_is_capitalized(t) or t.low in ("al", "de", "bin", "van", "von", "la") for t in words)


def _subject_before(sentence: str, tokens: Sequence[Token], end: int, cue: str
                    ) -> tuple[Optional[Attribution], bool]:
    """The subject ending at token ``end`` (before the verb): (attribution, is a pronoun)."""
    token = tokens[end]
    if token.low in _PRONOUNS:
        return Attribution(None, token.text, (token.start, token.end), cue), True
    if token.text == ",":
        return _subject_with_comma(sentence, tokens, end, cue), False
    if not _is_content(token):
        return None, False
    first = _phrase_back(tokens, end)
    if first is None:
        return None, False
    comma = first - 1
    if comma >= 1 and tokens[comma].text == ",":
        # "Salih Muslim, the joint head of the PYD said": a name, then its role
        name_first = _segment_start(tokens, comma - 1)
        if name_first is not None and _is_name_segment(tokens, name_first, comma - 1):
            return _attribution(sentence, tokens, name_first, end, cue, name_first, comma - 1), False
    return _attribution(sentence, tokens, first, end, cue), False


def _subject_with_comma(sentence: str, tokens: Sequence[Token], comma: int, cue: str) -> Optional[Attribution]:
    """The subject of ``X, <appositive>, said`` or of a subject set off by a stray comma."""
    segment_first = _segment_start(tokens, comma - 1)
    if segment_first is None or segment_first > comma - 1:
        return None
    opener = segment_first - 1
    if opener >= 1 and tokens[opener].text == ",":
        name_first = _phrase_back(tokens, opener - 1)
        if name_first is None:
            return None
        return _attribution(sentence, tokens, name_first, comma - 1, cue, name_first, opener - 1)
    # "A representative of an opposition group that ... negotiations, said": the phrase that opens it
    name_last = _phrase_forward(tokens, segment_first)
    if name_last is None:
        return None
    return _attribution(sentence, tokens, segment_first, comma - 1, cue, segment_first, name_last)


def _inverted(sentence: str, tokens: Sequence[Token], cue_index: int) -> Optional[tuple[Attribution, int]]:
    """``..., said X`` / ``“...,” said X``: (attribution, last token) when a name follows the verb."""
    first = cue_index + 1
    if first >= len(tokens):
        return None
    opener = tokens[first]
    if not (opener.low in _ARTICLES or _is_capitalized(opener) or _is_content(opener)):
        return None
    if opener.text[0].isdigit():
        return None
    name_last = _phrase_forward(tokens, first)
    if name_last is None:
        return None
    following = name_last + 1
    if following < len(tokens) and tokens[following].word and not _is_participle(tokens[following]):
        return None  # "said rebels had withdrawn": a clause, not a name
    last = name_last
    if following < len(tokens) and tokens[following].text == ",":
        # "said Zakaria Malahifji, head of the political office ..., speaking from Turkey"
        appositive_last = _phrase_forward(tokens, following + 1)
        if appositive_last is not None:
            last = appositive_last
    attribution = _attribution(sentence, tokens, first, last, tokens[cue_index].low, first, name_last)
    return None if attribution is None else (attribution, last)


_ADVERBIAL_PREPOSITIONS = _words("on in at during via through after before from of to with for last this")


def _adverbial_end(tokens: Sequence[Token], first: int) -> int:
    """Index after the short phrase of an adverbial ("a statement", "Friday", "last week"), no numbers."""
    index = first
    if index < len(tokens) and (tokens[index].low in _ARTICLES or tokens[index].low in _POSSESSIVES):
        index += 1
    start = index
    while (index < len(tokens) and index - start < 5 and tokens[index].word
           and not tokens[index].text[0].isdigit()
           and (_is_content(tokens[index]) or tokens[index].low in _TIME_WORDS)):
        index += 1
    return index if index > start else first


def _skip_adverbials(tokens: Sequence[Token], index: int) -> int:
    """Index after short adverbials ("on Friday", "in a statement last week") from ``index``."""
    for _ in range(4):
        if index >= len(tokens) or not tokens[index].word:
            return index
        low = tokens[index].low
        if low in _ADVERBIAL_PREPOSITIONS:
            end = _adverbial_end(tokens, index + 1)
            if end == index + 1:
                return index
            index = end
        elif low in _TIME_WORDS or low in _ADVERBS:
            index += 1
        else:
            return index
    return index


def _is_forward(tokens: Sequence[Token], cue_index: int) -> bool:
    """Whether the verb at ``cue_index`` introduces content after it ("said 500 fled", "said:")."""
    index = cue_index + 1
    if tokens[cue_index].low in _LISTENER_VERBS and index < len(tokens) and tokens[index].low != "that":
        listener = _phrase_forward(tokens, index)  # "told Reuters": the listener, never the source
        if listener is not None:
            index = listener + 1
    index = _skip_adverbials(tokens, index)
    if index >= len(tokens):
        return False
    token = tokens[index]
    return token.word or token.text == ":" or token.text in _OPEN_QUOTES


def _verb_cue(sentence: str, tokens: Sequence[Token], starts: Sequence[int], c: int) -> Optional[_Found]:
    token = tokens[c]
    if not token.text.islower() or (c > 0 and tokens[c - 1].low == "to"):
        return None
    following = tokens[c + 1] if c + 1 < len(tokens) else None
    if token.low in _NOUN_LIKE:
        if following is not None and following.low in _NOT_AFTER_VERB:
            return None
        if following is not None and following.low in _SAY_VERBS and not (c > 0 and _names_someone(tokens, c - 1)):
            return None  # "Early estimates put the toll at": a noun, "UN estimates put ...": the UN's
        if c > 0 and (tokens[c - 1].low in _DETERMINERS or tokens[c - 1].low.endswith("'s")):
            return None
    if token.low in ("put", "puts") and not _puts_toll(tokens, c):
        return None
    if following is not None and following.low == "by" and token.low in _BY_PARTICIPLES:
        return _by_cue(sentence, tokens, c)
    end = c - 1
    for _ in range(3):
        if end >= 0 and tokens[end].word and (tokens[end].low in _BEFORE_VERB
                                              or _is_ly_adverb(tokens[end])):
            if tokens[end].low in _BE:
                return None  # a passive: "were reported to have fled"
            end -= 1
    if end < 0:
        return None
    before = tokens[end]
    if before.text == "," or before.text in _CLOSE_QUOTES or before.text in "—–":
        inverted = _inverted(sentence, tokens, c)
        if inverted is not None:
            speaker, last = inverted
            region = (tokens[c].start, tokens[last].end)
            return _Found(speaker, _with_comma(tokens, c, region), c, tokens[last].end, False, 1)
    if before.text in _CLOSE_QUOTES or before.text in "—–":
        return None
    attribution, pronoun = _subject_before(sentence, tokens, end, token.low)
    if attribution is None:
        return None
    assert attribution.span is not None
    subject_first = bisect_left(starts, attribution.span[0])
    region = _with_comma(tokens, subject_first, (attribution.span[0], token.end))
    # the content starts right after the verb; what _is_forward skips only decides the direction
    return _Found(attribution, region, c, token.end, _is_forward(tokens, c), 1, pronoun)


def _puts_toll(tokens: Sequence[Token], c: int) -> bool:
    """"put the death toll at": "put" reports a number only with a toll word and "at"."""
    ahead = [t.low for t in tokens[c + 1:c + 6]]
    return "at" in ahead and any(word in _TOLL_WORDS for word in ahead[:ahead.index("at")])


def _data_cue(sentence: str, tokens: Sequence[Token], c: int) -> Optional[_Found]:
    """"the UN's figures show ...", "Observatory data show ...": whose data it is names the source."""
    end = c - 1
    if end < 1 or tokens[end].low not in _DATA_NOUNS or not tokens[c].text.islower():
        return None
    first = _phrase_back(tokens, end)
    if first is None or first == end:
        return None
    owners = [i for i in range(first, end) if tokens[i].low.endswith("'s")]
    owner = owners[-1] if owners else end - 1
    named = _is_capitalized(tokens[owner]) and (owner > 0 or tokens[owner].text.isupper())
    if not (owners or named):
        return None  # "Official figures show": nobody named (a capital at the start proves nothing)
    attribution = _attribution(sentence, tokens, first, end, tokens[c].low, first, owner)
    if attribution is None:
        return None
    source = attribution.source
    if source is not None and source.endswith("'s"):
        attribution = replace(attribution, source=source[:-2])
    after = tokens[c + 1].start if c + 1 < len(tokens) else len(sentence)
    return _Found(attribution, (tokens[first].start, tokens[c].end), c, after, True, 1)


def _with_comma(tokens: Sequence[Token], first: int, region: tuple[int, int]) -> tuple[int, int]:
    """Widen a region to the comma or quote right before it, so trailing scopes stop there."""
    if first >= 1 and not tokens[first - 1].word and tokens[first - 1].text in ",”\"’—–":
        return tokens[first - 1].start, region[1]
    return region


def _phrase_cue(sentence: str, tokens: Sequence[Token], c: int, name_first: int, cue: str,
                rank: int) -> Optional[_Found]:
    """``according to X``, ``citing X``: the noun phrase after the cue names the source."""
    if name_first >= len(tokens):
        return None
    name_last = _phrase_forward(tokens, name_first)
    if name_last is None:
        return None
    attribution = _attribution(sentence, tokens, name_first, name_last, cue)
    if attribution is None:
        return None
    return _Found(attribution, (tokens[c].start, tokens[name_last].end), c, tokens[name_last].end, False, rank)


def _by_cue(sentence: str, tokens: Sequence[Token], c: int) -> Optional[_Found]:
    return _phrase_cue(sentence, tokens, c, c + 2, f"{tokens[c].low} by", 2)


def _quoted_as_saying(sentence: str, tokens: Sequence[Token], c: int) -> Optional[_Found]:
    """"agencies quoted Kremlin spokesman Dmitry Peskov as saying": Peskov."""
    name_last = _phrase_forward(tokens, c + 1)
    if name_last is None or name_last + 2 >= len(tokens):
        return None
    if tokens[name_last + 1].low != "as" or tokens[name_last + 2].low != "saying":
        return None
    attribution = _attribution(sentence, tokens, c + 1, name_last, "quoted as saying")
    if attribution is None:
        return None
    end = tokens[name_last + 2].end
    return _Found(attribution, (tokens[c].start, end), c, end, True, 0)


def _quoted(tokens: Sequence[Token]) -> list[bool]:
    """Whether each token lies inside double quotation marks.

    A closing mark with no opening one closes a quotation begun in an earlier
    sentence; an opening mark never closed runs to the end.
    """
    inside = [False] * len(tokens)
    marks = [i for i, token in enumerate(tokens) if token.text in "“”\""]
    state = bool(marks) and tokens[marks[0]].text == "”"
    previous = 0
    for i in marks + [len(tokens)]:
        for j in range(previous, i):
            inside[j] = state
        if i < len(tokens):
            text = tokens[i].text
            state = (not state) if text == '"' else text == "“"
        previous = i + 1
    return inside


def _find(sentence: str, tokens: Sequence[Token]) -> list[_Found]:
    starts = [token.start for token in tokens]
    quoted = _quoted(tokens)
    found: list[_Found] = []
    for c, token in enumerate(tokens):
        if not token.word or quoted[c]:
            continue  # "“We counted 300,” he said": the quotation is the speaker's, words and all
        cue: Optional[_Found] = None
        if token.low == "according" and c + 1 < len(tokens) and tokens[c + 1].low == "to":
            cue = _phrase_cue(sentence, tokens, c, c + 2, "according to", 2)
        elif token.low == "citing":
            cue = _phrase_cue(sentence, tokens, c, c + 1, "citing", 0)
        elif token.low == "quoted":
            cue = _quoted_as_saying(sentence, tokens, c)
        elif token.low in _DATA_VERBS:
            cue = _data_cue(sentence, tokens, c)
        elif token.low in _SAY_VERBS:
            cue = _verb_cue(sentence, tokens, starts, c)
        if cue is not None:
            found.append(cue)
    return found


def find_cues(sentence: str) -> tuple[Cue, ...]:
    """Every attribution in ``sentence`` with the part of the sentence it covers, in order."""
    tokens = tokenize(sentence, marks=True)
    found = _find(sentence, tokens)
    semicolons = [token.start for token in tokens if token.text == ";"]
    # where trailing attributions ("..., RIA reported") begin: a forward scope stops there
    trailing = sorted(item.region[0] for item in found if not item.forward and item.rank == 1)
    cues = []
    for item in found:
        clause_start, clause_end = _clause_bounds(semicolons, tokens[item.cue_index].start, len(sentence))
        if item.rank != 1:
            scope = (clause_start, clause_end)
        elif item.forward:
            at = bisect_left(trailing, item.after)
            scope = (item.after, min(clause_end, trailing[at]) if at < len(trailing) else clause_end)
        else:
            scope = (clause_start, item.region[0])
        cues.append(Cue(item.attribution, scope, item.region, item.rank, item.pronoun))
    return tuple(cues)


def choose(cues: Sequence[Cue], span: Optional[tuple[int, int]] = None) -> Optional[Cue]:
    """The cue a quantity at ``span`` (offsets in the sentence) belongs to.

    Without a span: the sentence's leading cue (lowest rank, then first).
    """
    if not cues:
        return None
    if span is None:
        return min(cues, key=lambda cue: (cue.rank, cue.region[0]))
    start, end = span
    covering = [cue for cue in cues
                if cue.scope[0] <= start and end <= cue.scope[1]
                and not (cue.region[0] < end and start < cue.region[1])]
    if not covering:
        return None
    return min(covering, key=lambda cue: (cue.rank, cue.scope[1] - cue.scope[0], span_distance(cue.region, span)))


def attribute(sentence: str, span: Optional[tuple[int, int]] = None) -> Optional[Attribution]:
    """Who the sentence (or the quantity at ``span`` in it) is attributed to, read alone.

    >>> attribute("The offensive has killed 341 people, the Observatory says.").source
    'Observatory'
    >>> attribute("He said 341 people were killed.").source is None
    True
    """
    cue = choose(find_cues(sentence), span)
    return None if cue is None else cue.attribution


# ---------------------------------------------------------------- documents


def attribute_document(sentences: Sequence[str]) -> list[tuple[Cue, ...]]:
    """The cues of each sentence of a document, pronouns and short names resolved (see module doc)."""
    resolved: list[tuple[Cue, ...]] = []
    # distinct sources named so far by head word, most recently named last: a short name looks
    # only at the names with its head word, so a long document with many sources stays linear
    named: dict[str, dict[str, None]] = {}
    for index, sentence in enumerate(sentences):
        cues: list[Cue] = []
        for cue in find_cues(sentence):
            if cue.pronoun:
                antecedent = _antecedent(resolved, cues, index)
                if antecedent is not None:
                    cue = replace(cue, attribution=replace(cue.attribution, source=antecedent))
            elif cue.attribution.source is not None:
                full = _full_name(cue.attribution.source, named)
                if full != cue.attribution.source:
                    cue = replace(cue, attribution=replace(cue.attribution, source=full))
            if cue.attribution.source is not None and not cue.pronoun:
                same_head = named.setdefault(head_word(cue.attribution.source), {})
                same_head.pop(cue.attribution.source, None)
                same_head[cue.attribution.source] = None
            cues.append(cue)
        if not cues:
            continued = _continued_quote(sentence, sentences, resolved, index)
            if continued is not None:
                cues.append(continued)
        resolved.append(tuple(cues))
    return resolved


def _antecedent(resolved: Sequence[tuple[Cue, ...]], current: Sequence[Cue], index: int) -> Optional[str]:
    for cue in reversed(current):
        if cue.attribution.source is not None:
            return cue.attribution.source
    for back in range(1, PRONOUN_REACH + 1):
        if index - back < 0:
            break
        for cue in reversed(resolved[index - back]):
            if cue.attribution.source is not None:
                return cue.attribution.source
    return None


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(t.low for t in tokenize(name, marks=True) if t.word)


def head_word(name: str) -> str:
    """The head of a source name: its last word before a preposition ("Observatory" in SOHR)."""
    words = _name_words(name)
    for position, word in enumerate(words):
        if position and word in _NP_PREPOSITIONS:
            return words[position - 1]
    return words[-1] if words else ""


def _full_name(name: str, named: dict[str, dict[str, None]]) -> str:
    """"Observatory" -> "Syrian Observatory for Human Rights" when that was named earlier.

    ``named`` holds the names so far by head word, each group most recently named last.
    """
    words = _name_words(name)
    if not words or len(words) > 3:
        return name
    for earlier in reversed(named.get(words[-1], {})):
        earlier_words = _name_words(earlier)
        if len(earlier_words) > len(words) and all(word in earlier_words for word in words):
            return earlier
    return name


def _continued_quote(sentence: str, sentences: Sequence[str], resolved: Sequence[tuple[Cue, ...]],
                     index: int) -> Optional[Cue]:
    """A sentence that is all quotation continues the speaker quoted in the sentence before."""
    if index == 0 or not sentence.lstrip()[:1] in _OPEN_QUOTES:
        return None
    previous = resolved[index - 1]
    if not previous or not any(mark in sentences[index - 1] for mark in "“”\""):
        return None
    speaker = previous[-1].attribution
    if speaker.source is None:
        return None
    return Cue(replace(speaker, span=None), (0, len(sentence)), (0, 0), 1)
