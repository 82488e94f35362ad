"""Reader for spelled-out English numbers: "two hundred and six", "a third", "half a million".

quantulum3 misreads many written-out numbers ("one twenty-fifth" -> 4, "a hundredth" -> nothing).
``find_numerals`` returns every maximal numeral span holding at least one number word; plain
digit strings ("1,234") are left to quantulum3. Values follow Microsoft Recognizers-Text's
English NumberModel. The reader tokenizes once, then tries a bounded set of readings at each
token (cardinal, fraction, mixed number, decimal) and keeps the longest, so it runs in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from math import inf, isfinite

from .scales import SCALE_WORDS


@dataclass(frozen=True)
class Numeral:
    start: int  # offsets into the input sentence
    end: int
    value: float
    fraction: bool  # a pure fraction with no whole part: "two thirds", "a hundredth", "half"


_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_UNITS |= {"nought": 0, "naught": 0}
_TEENS = {w: 10 + i for i, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
              "nine": "ninth", "twelve": "twelfth"}
# ordinal word -> (its cardinal kind, value); "half"/"quarter" never join a compound ordinal
_ORDS: dict[str, tuple[str, float]] = {"half": ("", 2), "quarter": ("", 4)}
for _kind, _table in (("unit", _UNITS), ("teen", _TEENS), ("tens", _TENS), ("scale", SCALE_WORDS)):
    for _word, _value in _table.items():
        if _value:
            _ord = _IRREGULAR.get(_word) or (_word[:-1] + "ieth" if _word.endswith("y") else _word + "th")
            _ORDS[_ord] = (_kind, _value)
del _kind, _table, _word, _value, _ord
_DOZENS = {"dozen", "dozens", "dz", "dzs", "doz", "dozs"}
_WORDS = {"a": "a", "an": "a", "and": "and", "&": "and", ",": "comma", "point": "point",
          "minus": "sign", "negative": "sign", "of": "of"}
# "the one", "no one", "that one": the pronoun, not the number
_ONE_BEFORE = {"the", "this", "that", "which", "no", "every", "each", "any", "another", "other", "last",
               "next", "first", "same", "new", "old", "such", "little", "right", "wrong", "whichever"}
_ONE_AFTER = {"of", "another", "point"}
_DETERMINERS = {"the", "this", "that", "its", "his", "her", "their", "our", "my", "your"}
# "a third time", "a fifth straight year": an ordinal, not a fraction
_ORDINAL_NOUNS = {"time", "times", "term", "straight", "consecutive", "successive", "day", "week", "month",
                  "year", "season", "round", "place", "attempt", "try", "game", "match", "victim", "child",
                  "person", "man", "woman", "generation", "wave", "floor", "grade", "century", "anniversary"}
_BEFORE_HALF = {"the", "first", "second", "other", "this", "that", "last", "next", "latter", "former"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[^\W_]*|[^\W\d_]+|[&,]")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GAP = re.compile(r"\s*(?:[-\u2010]\s*)?")
_MAX_TOKENS = 48  # no numeral is longer; bounds the work done at each token
#: the largest value read as a quantity. Past it floats lose the whole number and a scale word turns it
#: into infinity ("<300 digits> hundred"), which no later int() or comparison survives: a number that
#: large names nothing a reader could check, and is read as no number at all.
MAX_QUANTITY = 1e300


def is_quantity_value(value: float) -> bool:
    """Whether ``value`` can be a quantity's: finite and at most :data:`MAX_QUANTITY` either side of 0."""
    return isfinite(value) and abs(value) <= MAX_QUANTITY


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str  # lower case
    kind: str  # unit teen tens scale dozen ord digits a and comma point sign of word
    value: float = 0
    ck: str = ""  # ordinals: the kind of the matching cardinal ("fifth" -> "unit")
    plural: bool = False
    hyphen: bool = False  # a hyphen separates it from the previous token
    joined: bool = True  # only spaces or a hyphen separate it from the previous token


def _tokenize(sentence: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(sentence):
        text, kind, value, ck, plural = m.group().lower(), "word", 0.0, "", False
        gap = sentence[toks[-1].end:m.start()] if toks else ""
        singular = text[:-3] + "f" if text == "halves" else text[:-1] if text.endswith("s") else text
        if text in _WORDS:
            kind = _WORDS[text]
        elif text[0].isdigit():
            if _DIGITS.fullmatch(text) and is_quantity_value(digits := float(text.replace(",", ""))):
                kind, value = "digits", digits
        elif text in _DOZENS:
            kind = "dozen"
        elif text in _ORDS or singular in _ORDS:
            plural = text not in _ORDS
            kind, (ck, value) = "ord", _ORDS[singular if plural else text]
        else:
            for k, table in (("unit", _UNITS), ("teen", _TEENS), ("tens", _TENS), ("scale", SCALE_WORDS)):
                if text in table:
                    kind, value = k, float(table[text])
        toks.append(_Tok(m.start(), m.end(), text, kind, value, ck, plural, "-" in gap or "\u2010" in gap,
                         not toks or _GAP.fullmatch(gap) is not None))
    return toks


@dataclass(frozen=True)
class _Card:
    """State of a cardinal read left to right: value = total + group + sub."""

    total: float = 0  # finished thousand/million/... groups
    group: float = 0  # hundreds of the current group
    sub: float = 0  # the part below a hundred (or a bare digit multiplier)
    last: str = ""  # kind of the last token read
    big: float = inf  # the last scale >= 1000 read: later scales must be smaller
    pending: bool = False  # after "million," : a hundred or a scale must follow
    words: bool = False  # read a number word, not only digits
    single: bool = False  # the lone word "one"
    implicit: bool = False  # a bare "hundred" opened it: only "hundred thousand" and up may follow

    @property
    def value(self) -> float:
        return self.total + self.group + self.sub

    @property
    def accepting(self) -> bool:
        done = ("unit", "teen", "tens", "digits", "hundred", "scale", "dozen", "zero")
        return self.last in done and not self.pending and not self.implicit


def _feed(s: _Card, kind: str, v: float, text: str = "") -> _Card | None:
    """Read one more token into the cardinal, or None when it cannot continue it."""
    last, fresh = s.last, s.last in ("", "hundred", "scale", "and", "comma") and s.sub == 0
    if kind == "unit" and v == 0:
        return _Card(last="zero", words=True) if last == "" else None
    if kind in ("unit", "teen", "tens"):
        if kind == "unit" and last == "tens":
            return replace(s, sub=s.sub + v, last="unit", single=False)
        return replace(s, sub=v, last=kind, words=True, single=last == "" and text == "one") if fresh else None
    if kind == "digits":
        if last == "":
            return replace(s, sub=v, last="digits")
        ok = fresh and v.is_integer() and 0 < v < (100 if s.group else 1000)
        return replace(s, sub=v, last="digits") if ok else None
    if kind == "a":
        return replace(s, sub=1, last="a") if last == "" else None
    if kind == "scale" and v == 100:
        if last == "":
            return replace(s, group=100, last="hundred", words=True, implicit=True)
        start = s.big == inf and last == "digits"
        ok = s.group == 0 and s.sub > 0 and (s.sub < 10 or s.big == inf and (s.sub < 100 or start))
        return replace(s, group=s.sub * 100, sub=0, last="hundred", words=True, pending=False,
                       single=False) if ok and last in ("unit", "teen", "tens", "digits", "a") else None
    if kind == "scale":
        if v < s.big and last in ("unit", "teen", "tens", "digits", "a", "hundred") and s.group + s.sub > 0:
            return _Card(s.total + (s.group + s.sub) * v, last="scale", big=v, words=True)
        return None
    if kind == "dozen" and last in ("unit", "teen", "tens", "digits", "a", "hundred"):
        return replace(s, sub=s.sub * 12, group=s.group if s.sub else s.group * 12, last="dozen", words=True,
                       single=False)
    if kind == "and" and last in ("hundred", "scale"):
        return replace(s, last="and")
    if kind == "comma" and last == "scale":
        return replace(s, last="comma", pending=True)
    return None


def _cardinals(toks: list[_Tok], i: int, lim: int) -> list[tuple[int, _Card]]:
    """Every complete cardinal starting at token i, as (end token, state), shortest first."""
    out: list[tuple[int, _Card]] = []
    s = _Card()
    for k in range(i, lim):
        t = toks[k]
        nxt = _feed(s, t.kind, t.value, t.text)
        if nxt is None:
            break
        s = nxt
        if s.accepting:
            out.append((k + 1, s))
    return out


def _ordinal_after(s: _Card, t: _Tok) -> _Card | None:
    """The cardinal state once ordinal t ends it as a compound ("twenty" + "first"), or None."""
    if t.kind != "ord" or not t.ck or (t.value <= 2 and s.last not in ("tens", "and")):
        return None
    nxt = _feed(s, t.ck, t.value)
    return nxt if nxt is not None and nxt.accepting else None


def _denominators(toks: list[_Tok], j: int, lim: int) -> list[tuple[int, float, bool, int]]:
    """Denominators starting at token j: (end, value, plural, length)."""
    t, out = toks[j], list[tuple[int, float, bool, int]]()
    if t.kind == "ord" and t.text not in ("first", "firsts", "second", "seconds"):
        out.append((j + 1, t.value, t.plural, 1))
    if t.kind in ("unit", "teen", "tens") and t.value and not t.hyphen:  # "one hundred | thirty fifths"
        s = _Card()
        for k in range(j, lim - 1):
            nxt = _feed(s, toks[k].kind, toks[k].value)
            if nxt is None:
                break
            s = nxt
            o = toks[k + 1]
            if o.ck != "scale" and (end := _ordinal_after(s, o)) is not None:
                out.append((k + 2, end.value, o.plural, k + 2 - j))
    return out


def _fraction(toks: list[_Tok], i: int, lim: int,
              cards: list[tuple[int, _Card]] | None = None) -> tuple[int, float, float, bool] | None:
    """The longest "numerator denominator" at i: (end, numerator, denominator, numerator is one).

    ``cards`` is ``_cardinals(toks, i, lim)`` when the caller already has it.
    """
    if cards is None:
        cards = _cardinals(toks, i, lim)
    nums = [(e, s.value, s.single) for e, s in cards if s.words and s.value > 0]
    if toks[i].kind == "a":
        nums.append((i + 1, 1.0, True))
    best: tuple[tuple[int, int], tuple[int, float, float, bool]] | None = None
    for e, num, one in nums:
        for end, den, plural, size in _denominators(toks, e, lim) if e < lim else ():
            if (plural or one or toks[end - 1].text == "quarter") and (best is None or (end, size) > best[0]):
                best = ((end, size), (end, num, den, one))
    return best[1] if best else None


def _scale_after(toks: list[_Tok], j: int, lim: int, article: bool = True) -> tuple[int, float] | None:
    """A scale a fraction multiplies: "(half) million", "(half) a dozen", "(two thirds) of a million"."""
    if article and j + 2 < lim and toks[j].kind == "of" and toks[j + 1].kind == "a":
        j += 2
    elif article and j + 1 < lim and toks[j].kind == "a":
        j += 1
    if j < lim and toks[j].kind == "dozen" and toks[j].text.startswith("dozen"):
        return j + 1, 12
    return (j + 1, toks[j].value) if j < lim and toks[j].kind == "scale" else None


def _decimal_digits(toks: list[_Tok], j: int, lim: int) -> tuple[int, str]:
    """Digits spelled after "point": "zero three" -> "03", "seventy-one" -> "71"."""
    digits = ""
    while j < lim and toks[j].kind in ("unit", "teen", "tens"):
        v = int(toks[j].value)
        if toks[j].kind == "tens" and j + 1 < lim and toks[j + 1].kind == "unit" and toks[j + 1].value:
            v, j = v + int(toks[j + 1].value), j + 1
        digits, j = digits + str(v), j + 1
    return j, digits


def _readings(toks: list[_Tok], i: int, lim: int) -> list[tuple[int, int, float, bool, _Card | None]]:
    """Candidate numerals at i: (end, priority, value, fraction, cardinal state)."""
    cards = _cardinals(toks, i, lim)
    out: list[tuple[int, int, float, bool, _Card | None]] = []
    if cards:  # the longest cardinal, unless a scale follows what an "and" added: "3 hundred | and 2 hundred"
        end, s = cards[-1]
        if end < lim and toks[end].kind in ("scale", "dozen"):
            cut = max((k for k in range(i, end) if toks[k].kind in ("and", "comma")), default=i)
            end, s = max(((e, c) for e, c in cards if e <= cut), default=(end, s), key=lambda x: x[0])
        out.append((end, 0, s.value, False, s))
    for e, c in cards:  # decimals: "two hundred point zero three"
        if e < lim and toks[e].kind == "point" and c.last != "dozen":
            j, digits = _decimal_digits(toks, e + 1, lim)
            if digits:
                value = c.value + float("0." + digits)
                sc = _scale_after(toks, j, lim, article=False) if c.value < 1000 else None
                out.append((sc[0], 1, value * sc[1], False, None) if sc else (j, 1, value, False, None))
    if (f := _fraction(toks, i, lim, cards)) is not None:
        sc = _scale_after(toks, f[0], lim)
        out.append((sc[0], 2, f[1] / f[2] * sc[1], False, None) if sc else (f[0], 2, f[1] / f[2], True, None))
    for e, c in cards:  # mixed numbers: "one hundred and three and two thirds", "five and a half million"
        if e + 1 >= lim or toks[e].kind != "and":
            continue
        whole, j = c.value, e + 1
        f = _fraction(toks, j, lim)
        if f is None and c.last == "tens" and j + 2 < lim and toks[j].kind == "unit" and toks[j + 1].kind == "and":
            whole, j, f = whole + toks[j].value, j + 2, _fraction(toks, j + 2, lim)
        if f is None or f[1] >= f[2]:
            continue
        part, sc = f[1] / f[2], _scale_after(toks, f[0], lim)
        if sc and c.last == "scale" and sc[1] < c.big:  # "one billion and a half million"
            out.append((sc[0], 3, whole + part * sc[1], False, None))
        elif sc and c.big == inf:
            out.append((sc[0], 3, (whole + part) * sc[1], False, None))
        elif not sc:  # "two million and a half" is 2.5 million; "one hundred and a half" is 100.5
            out.append((f[0], 3, whole + part * (c.big if c.last == "scale" and c.big >= 10**6 else 1), False, None))
    if toks[i].kind == "ord" and toks[i].text in ("half", "quarter"):
        if sc := _scale_after(toks, i + 1, lim):
            out.append((sc[0], 2, sc[1] / toks[i].value, False, None))
        elif toks[i].text == "half":
            out.append((i + 1, -1, 0.5, True, None))
    return out


# Kinds no reading can start at: no cardinal begins with them, a fraction needs a cardinal or "a",
# and "half"/"quarter" are "ord". Skipping them early saves the readings machinery on every plain word.
_NEVER_STARTS = frozenset({"word", "of", "and", "comma", "point"})


def _read(sentence: str, toks: list[_Tok], i: int, lim: int) -> tuple[int, Numeral | None]:
    """The numeral starting at token i (or None) and the token to resume after it."""
    t = toks[i]
    if t.kind in _NEVER_STARTS:
        return i + 1, None
    if t.kind == "sign" and i + 1 < lim and toks[i + 1].kind != "sign":  # "minus five point five", "minus 5"
        end, num = _read(sentence, toks, i + 1, lim)
        if num is None and toks[i + 1].kind == "digits":
            end, s = _cardinals(toks, i + 1, lim)[-1]
            num = Numeral(toks[i + 1].start, toks[end - 1].end, float(s.value), False)
        if num is None:
            return i + 1, None
        return end, Numeral(t.start, num.end, -num.value, num.fraction)
    readings = _readings(toks, i, lim)
    if not readings:
        return i + 1, None
    end, prio, value, fraction, card = max(readings, key=lambda r: (r[0], r[1]))
    prev = toks[i - 1].text if i and t.joined else ""
    nxt = toks[end] if end < lim else None
    if card is not None:
        if not card.words:
            return end, None  # bare digits belong to quantulum3
        if nxt is not None and nxt.plural is False and _ordinal_after(card, nxt):
            return end + 1, None  # "the twenty-first century", "two millionth"
        if nxt is not None and nxt.kind == "and" and end + 1 < lim and not toks[end + 1].plural \
                and (joined := _feed(card, "and", 0)) and toks[end + 1].ck != "scale" \
                and _ordinal_after(joined, toks[end + 1]):
            return end + 2, None  # "one hundred and fifth"
        if card.single and (prev in _ONE_BEFORE or (nxt is not None and nxt.text in _ONE_AFTER)
                            or sentence[t.end:t.end + 1] in ("'", "\u2019")):
            return end, None  # "no one", "one of the", "one's"
    elif prio == -1 and (prev in _BEFORE_HALF or (nxt is not None and nxt.hyphen and nxt.kind == "word")):
        return end, None  # "the second half", "half-brother"
    elif fraction and not toks[end - 1].plural and toks[end - 1].text not in ("half", "quarter"):
        if prev in _DETERMINERS or (nxt is not None and nxt.text in _ORDINAL_NOUNS):
            return end, None  # "the one hundredth anniversary", "a third time"
    return end, Numeral(t.start, toks[end - 1].end, float(value), fraction)


#: every word the reader gives a number meaning, lower case: cardinals, scales, ordinals (which are
#: also fractions: "third", "half", "quarter") and dozens; a plural reads as its singular ("thirds")
NUMBER_WORDS: frozenset[str] = frozenset({*_UNITS, *_TEENS, *_TENS, *SCALE_WORDS, *_ORDS, *_DOZENS})
#: the single number words ("one" .. "ninety") as a regex alternation, longest first
NUMBER_WORD_PATTERN = "|".join(sorted((w for w in (*_UNITS, *_TEENS, *_TENS) if w not in ("nought", "naught")),
                                      key=len, reverse=True))
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def number_value(text: str) -> float | None:
    """The value of a text that is exactly one number: "1,500", "-2.5", "forty-four", "a dozen"."""
    stripped = text.strip()
    if _PLAIN_NUMBER.fullmatch(stripped):
        value = float(stripped.replace(",", ""))
        return value if is_quantity_value(value) else None
    found = find_numerals(stripped)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].value
    return None


def find_numerals(sentence: str) -> list[Numeral]:
    """Every maximal spelled-out numeral in the sentence, left to right."""
    toks, out, i = _tokenize(sentence), list[Numeral](), 0
    while i < len(toks):
        lim = i + 1
        while lim < len(toks) and lim - i < _MAX_TOKENS and toks[lim].joined:
            lim += 1
        i, num = _read(sentence, toks, i, lim)
        if num is not None and is_quantity_value(num.value):
            out.append(num)
    return out
