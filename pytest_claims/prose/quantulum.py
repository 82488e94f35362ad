"""quantulum3 as extraction uses it: loaded on first use, without typeguard's start-up cost, and
asked only about sentences where it can read something that our grammar cannot.

**Start-up.** quantulum3 loads its language tables on its first parse, and they import inflect,
whose engine is decorated with typeguard's ``@typechecked``. typeguard 4 instruments a function
by reading, parsing and compiling the source of its whole module again, once per decorated
function: importing inflect 7 costs about 1.5 s that way. typeguard offers no switch for it:
``@typechecked`` is a no-op only under ``python -O`` (it tests ``__debug__``, fixed when the
interpreter starts), and ``typeguard.config`` only tunes what the instrumented code checks. So
:func:`parse` first imports inflect, if nothing has imported it yet, while
``typeguard.typechecked`` is the identity, and puts the real decorator back as soon as the import
returns. Nothing is forked and nothing else changes: inflect's functions run as written, without
the argument checks (quantulum3 only passes them strings), and a process that imported inflect
before us keeps its instrumented copy. Our own words (:mod:`~pytest_claims.prose.words`) need no
inflect at all, so a run that extracts nothing (every document cached) never imports either.

**What quantulum3 can read.** Its number patterns need a digit, one of its Unicode fractions
("½") or one of its number words. Among those words "a" and "an" stand for one only before a
unit ("an hour"; "a man" yields nothing), and "and" only joins other number words. So
:func:`may_read` is true of every sentence quantulum3 can report a quantity in: one with a digit,
a fraction, a number word other than "a", "an" and "and", an article before the name of a unit,
or an article glued to a mark ("$a", "a'", "a-") or next to another number word ("a a"). The
word lists and unit names are quantulum3's own tables, read when first needed.

**Plain numbers.** Most numbers in news are digits ("341", "10,500", "85%") followed by an
ordinary word. For a sentence whose every number is of that shape, quantulum3's answer is known
without asking it: each number, as written, without a unit (a percentage for "85%").
:func:`plain_numbers` gives those readings, or None when anything in the sentence could read
otherwise: a number word, a sign or symbol before a number ("$5", "-5"), a digit, hyphen,
quote or operator after it ("5 000", "5-year", "5'", "5 x 10"), or a next word that quantulum3
could take for a unit or join to the number ("5 km", "5 bn" (barn newton), "5 at",
"5 per", "5 to 10", "5 and a half"). Extraction asks quantulum3 about those sentences as before;
tests compare both ways over every test text and dev set.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Optional

from .numerals import is_quantity_value

#: quantulum3's own language (the only one it reads with a dictionary, without its classifier)
LANGUAGE = "en_US"


@contextmanager
def _typeguard_off() -> Iterator[None]:
    """``typeguard.typechecked`` as the identity while the block runs (see the module doc)."""
    try:
        import typeguard
    except ImportError:  # an inflect without typeguard costs nothing to import
        yield
        return
    typechecked = typeguard.typechecked

    def identity(target: Any = None, **_options: Any) -> Any:
        return target if target is not None else (lambda function: function)

    typeguard.typechecked = identity
    try:
        yield
    finally:
        typeguard.typechecked = typechecked


@cache
def _parser() -> Any:
    """quantulum3's parser module, imported on first use (inflect without instrumentation)."""
    if "inflect" not in sys.modules:
        with _typeguard_off():
            try:
                import inflect  # noqa: F401  (for quantulum3, which imports it again on its first parse)
            except ImportError:  # a quantulum3 without inflect: nothing to speed up
                pass
    with warnings.catch_warnings():
        # quantulum3 warns at import that its optional scikit-learn classifier is
        # absent; we use its dictionary disambiguation on purpose (no model files).
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


def parse(sentence: str) -> list[Any]:
    """quantulum3's quantities in ``sentence`` (its ``Quantity`` objects); it may raise on odd input.

    A value past :data:`~pytest_claims.prose.numerals.MAX_QUANTITY` (infinity, for a few hundred digits)
    is no quantity and is left out."""
    return [quantity for quantity in _parser().parse(sentence, lang=LANGUAGE) if _finite(quantity)]


def _finite(quantity: Any) -> bool:
    try:
        value = float(quantity.value)
        uncertainty = float(quantity.uncertainty or 0)
    except (OverflowError, TypeError, ValueError):
        return False
    return is_quantity_value(value) and is_quantity_value(uncertainty)


@dataclass(frozen=True)
class _Tables:
    """What :func:`may_read` and :func:`plain_numbers` look up, from quantulum3's own tables."""

    #: a digit, a Unicode fraction, "&", or a number word other than "a", "an" and "and"
    cue: re.Pattern[str]
    #: the same without digits: what may not stand anywhere in a sentence of plain numbers
    word_cue: re.Pattern[str]
    #: every unit surface (plurals included) and symbol, case-folded
    unit_keys: frozenset[str]
    #: the keys of three characters or more: what may follow a lone article
    unit_names: frozenset[str]
    #: the keys with a character other than a letter ("nz$", "km/h", "light-year")
    marked_keys: frozenset[str]
    #: the first word of keys of several words ("square" of "square metre")
    first_words: frozenset[str]
    #: every number word, "a", "an" and "and" included, case-folded
    number_words: frozenset[str]
    longest_key: int
    #: quantulum3's unit of "85%"
    percentage: Any


#: words after a number that join it to what follows: ranges, uncertainties, operators ("5 per", "5 x")
_JOINING_AFTER = frozenset({"to", "plus", "per", "times", "x"})
#: a word before a number that makes it something else: "absolute 5" is kelvin
_JOINING_BEFORE = frozenset({"absolute"})
_OPERATORS = ("per", "times", "x", "/", "*", "·")
_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def _tables() -> _Tables:
    _parser()
    from quantulum3 import load
    from quantulum3 import regex as q3_regex

    units = load.units(LANGUAGE)
    keys = frozenset(key.casefold() for key in [*units.surfaces, *units.symbols] if key)
    words = frozenset(word.casefold() for word in q3_regex.numberwords(LANGUAGE) if word)
    fractions = "".join(q3_regex.unicode_fractions())
    spelled = sorted((word for word in words if word not in ("a", "an", "and", "&")), key=len, reverse=True)
    word_cue = rf"[{re.escape(fractions)}&]|(?<![^\W\d_])(?:{'|'.join(map(re.escape, spelled))})(?![^\W\d_])"
    return _Tables(
        cue=re.compile(rf"\d|{word_cue}", re.IGNORECASE),
        word_cue=re.compile(word_cue, re.IGNORECASE),
        unit_keys=keys,
        unit_names=frozenset(key for key in keys if len(key) >= 3),
        marked_keys=frozenset(key for key in keys if not key.isalpha()),
        first_words=frozenset(key.split()[0] for key in keys if len(key.split()) > 1),
        number_words=words,
        longest_key=max(map(len, keys)),
        percentage=units.names["percentage"],
    )


_ARTICLE = re.compile(r"(?<!\w)(?P<word>an?)(?!\w)[\s,\-–−]*", re.IGNORECASE)
_SEPARATED = re.compile(r"an?[\s\-]+", re.IGNORECASE)
# an article right after another article or "&" may be read with it as one number ("a a m")
_JOINED = re.compile(r"(?:(?<!\w)an?|&)[\s,\-]*$", re.IGNORECASE)


def _article_reads(sentence: str, article: re.Match[str], tables: _Tables) -> bool:
    """Whether quantulum3 may read the article at ``article`` as one of something ("an hour")."""
    start = article.start()
    if start and not sentence[start - 1].isspace():
        return True  # "$a", "-a", ",a": a sign or mark before the article may make it an amount
    glued = sentence[article.end("word"):article.end("word") + 1]
    if glued and not glued.isspace():
        return True  # "a-", "a–", "a'": a mark right after the article may make it an amount
    following = sentence[article.end():article.end() + tables.longest_key].casefold()
    if following.startswith(_OPERATORS):
        return True  # "a per", "a/": an operator may lead to a unit
    word = _LETTERS.match(following)
    if word is not None and word.group() in tables.number_words:
        return True  # "a a", "an and": number words read together
    # A lone article keeps only a unit's name after it ("an hour"); one glued to what follows
    # ("a'") or joined to another number word ("a a m") keeps any unit
    lone = (_SEPARATED.fullmatch(article.group()) is not None
            and _JOINED.search(sentence, max(0, start - 8), start) is None)
    keys = tables.unit_names if lone else tables.unit_keys
    return any(following[:size] in keys for size in range(1, len(following) + 1))


def may_read(sentence: str) -> bool:
    """Whether quantulum3 can report any quantity in ``sentence`` (see the module doc)."""
    tables = _tables()
    if tables.cue.search(sentence):
        return True
    return any(_article_reads(sentence, article, tables) for article in _ARTICLE.finditer(sentence))


@dataclass(frozen=True)
class PlainNumber:
    """A number quantulum3 reads as written: its span in the sentence, value and whether it is "N%"."""

    start: int
    end: int
    value: float
    percent: bool

    def unit(self) -> Any:
        """quantulum3's unit object for the reading (the percentage unit, or None for a bare number)."""
        return _tables().percentage if self.percent else None


_PLAIN = re.compile(r"(?<![^\s(\[])(?P<number>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(?P<percent>%)?")
_DIGIT = re.compile(r"\d")
_CLOSING = frozenset(".,;:!?)]")
_NOT_SPACE = re.compile(r"\S")
_LOOK_BACK = 64  # characters read before a number: longer than any word it may not follow


def _segments_into_units(word: str, keys: frozenset[str], longest: int) -> bool:
    """Whether ``word`` is one to four unit keys written together ("bn" = barn newton), maybe with x."""
    reach = {0: 0}  # position -> fewest keys that end there
    for position in range(len(word)):
        if position not in reach:
            continue
        used = reach[position]
        if used and word[position] == "x":  # "kWxh": an operator between two units
            reach.setdefault(position + 1, used)
        if used == 4:
            continue
        for end in range(position + 1, min(len(word), position + longest) + 1):
            if word[position:end] in keys and reach.get(end, 5) > used + 1:
                reach[end] = used + 1
    return len(word) in reach


def _plain_after(sentence: str, end: int, tables: _Tables) -> bool:
    """Whether what follows the number ending at ``end`` leaves it a number without a unit."""
    if end == len(sentence):
        return True
    char = sentence[end]
    if char in _CLOSING:
        return not sentence[end + 1:end + 2].isdigit()
    if not char.isspace():
        return False
    following = _NOT_SPACE.search(sentence, end)
    if following is None:
        return True
    word = _LETTERS.match(sentence, following.start())
    if word is None:
        return False  # a digit, sign, quote or bracket after a space
    after = sentence[word.end():word.end() + 1]
    if after.isnumeric() or after in ("_", "^"):
        return False  # "5 e3", "5 m2": an exponent
    folded = word.group().casefold()
    if folded in tables.number_words or folded in _JOINING_AFTER or folded in tables.first_words:
        return False
    chunk = sentence[word.start():word.start() + tables.longest_key].casefold()
    if any(chunk[:size] in tables.marked_keys for size in range(len(folded), len(chunk) + 1)):
        return False  # "NZ$", "km/h": a unit symbol that begins with the word
    return not _segments_into_units(folded, tables.unit_keys, tables.longest_key)


def _plain_before(sentence: str, start: int, tables: _Tables) -> bool:
    """Whether what stands before the number at ``start`` leaves it alone (no number word, sign or digit)."""
    window = sentence[max(0, start - _LOOK_BACK):start]
    before = window.rstrip()
    if not before:
        return start <= _LOOK_BACK
    if before[-1].isnumeric():
        return False  # "5 100" is 5100 to quantulum3
    word = before.split()[-1].casefold().rstrip(",")
    return word not in tables.number_words and word not in _JOINING_BEFORE


def plain_numbers(sentence: str) -> Optional[list[PlainNumber]]:
    """quantulum3's readings of ``sentence`` when its every number is plain (module doc); else None."""
    tables = _tables()
    if tables.word_cue.search(sentence):
        return None
    if any(_article_reads(sentence, article, tables) for article in _ARTICLE.finditer(sentence)):
        return None
    found: list[PlainNumber] = []
    covered = 0
    for match in _PLAIN.finditer(sentence):
        if _DIGIT.search(sentence, covered, match.start()):
            return None  # a digit outside a plain number: "G7", "-5", "$5", "5/7"
        covered = match.end()
        if not (_plain_before(sentence, match.start(), tables) and _plain_after(sentence, match.end(), tables)):
            return None
        value = float(match.group("number").replace(",", ""))
        if not is_quantity_value(value):
            return None  # left to parse, which leaves it out
        found.append(PlainNumber(match.start(), match.end(), value, match.group("percent") is not None))
    if _DIGIT.search(sentence, covered):
        return None
    return found
