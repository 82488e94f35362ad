"""The spelled-out number reader (pytest_claims/numerals.py): exact cases and properties.

* example cases as data (``tests/cases/numerals.yaml``): sentence -> every (span text, value);
* properties: the reader never crashes and returns clean, ordered spans on arbitrary text, and
  every number below a million written out in words reads back as itself.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.numerals import Numeral, find_numerals
from helpers.paths import CASES

CASES: list[dict[str, Any]] = yaml.safe_load(
    (CASES / "numerals.yaml").read_text(encoding="utf-8"))


def spans(text: str) -> list[tuple[str, float]]:
    return [(text[n.start:n.end], n.value) for n in find_numerals(text)]


def test_case_ids_are_unique_and_plentiful() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = spans(case["text"])
    expected = [(str(text), float(value)) for text, value in case["expect"]]
    assert [text for text, _ in got] == [text for text, _ in expected], got
    for (_, value), (_, want) in zip(got, expected):
        assert math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-12), got


@pytest.mark.parametrize(
    ("text", "fraction"),
    [("two thirds", True), ("more than half", True), ("a hundredth", True), ("minus one hundred thirty fifths", True),
     ("one and a half", False), ("half a million", False), ("sixteen", False), ("two point five", False)],
)
def test_fraction_flag_marks_pure_fractions(text: str, fraction: bool) -> None:
    [numeral] = find_numerals(text)
    assert numeral.fraction is fraction


def test_numeral_offsets_point_into_the_sentence() -> None:
    assert find_numerals("The answer is minus one") == [Numeral(14, 23, -1.0, False)]


def test_long_runs_of_number_words_split_into_one_numeral_each() -> None:
    # one numeral per "one", and one per "one hundred and two thousand"; how the time grows with
    # the length is measured in bench/hostile_input.py, not here
    assert len(find_numerals("one " * 20_000)) == 20_000
    assert len(find_numerals("one hundred and two thousand, " * 5_000)) == 5_000


# ---------------------------------------------------------------- properties

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_hundred(n: int, hyphen: bool) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (("-" if hyphen else " ") + _UNITS[unit] if unit else "")


def _below_thousand(n: int, hyphen: bool, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        parts.append(("and " if hundreds and use_and else "") + _below_hundred(rest, hyphen))
    return " ".join(parts)


def to_words(n: int, hyphen: bool = True, use_and: bool = True, comma: bool = True) -> str:
    """0 <= n < 10**6 in words: 312405 -> "three hundred and twelve thousand, four hundred and five"."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _below_thousand(rest, hyphen, use_and)
    head = _below_thousand(thousands, hyphen, use_and) + " thousand"
    if not rest:
        return head
    if rest < 100:
        return head + (" and " if use_and else " ") + _below_hundred(rest, hyphen)
    return head + (", " if comma else " ") + _below_thousand(rest, hyphen, use_and)


def test_to_words_helper() -> None:
    assert to_words(312_405) == "three hundred and twelve thousand, four hundred and five"
    assert to_words(1_021, hyphen=False, use_and=False) == "one thousand twenty one"


@settings(max_examples=1500, deadline=None)
@given(st.integers(0, 999_999), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_written_numbers_read_back(n: int, hyphen: bool, use_and: bool, comma: bool, title: bool) -> None:
    words = to_words(n, hyphen, use_and, comma)
    words = words[0].upper() + words[1:] if title else words
    assert find_numerals(words) == [Numeral(0, len(words), float(n), False)]
    sentence = f"Officials said {words} people were displaced."
    assert find_numerals(sentence) == [Numeral(15, 15 + len(words), float(n), False)]


def test_every_number_below_ten_thousand_reads_back() -> None:
    for n in range(10_000):
        words = to_words(n)
        assert [(num.start, num.end, num.value) for num in find_numerals(words)] == [(0, len(words), n)], words


_VOCAB = ["one", "two", "three", "twenty", "ninety", "hundred", "thousand", "million", "and", "&", "a", "an",
          "half", "halves", "quarter", "quarters", "third", "thirds", "fifth", "fifths", "first", "second", "point",
          "minus", "negative", "of", "dozen", "dozens", "zero", "nought", "the", "one's", "no", "time", "12", "3.5",
          "1,234", "22nd", ",", ".", "-", "  ", "'", "\u2019", "\n", "ninety-five", "twenty-first", "hundredths"]


@settings(max_examples=600, deadline=None)
@given(st.one_of(
    st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join),
    st.lists(st.sampled_from(_VOCAB), max_size=30).map("".join),
    st.lists(st.sampled_from(_VOCAB), max_size=30).map("-".join),
    st.text(max_size=80),
))
def test_spans_are_clean_sorted_and_disjoint(text: str) -> None:
    numerals = find_numerals(text)
    previous_end = 0
    for numeral in numerals:
        assert previous_end <= numeral.start < numeral.end <= len(text)
        span = text[numeral.start:numeral.end]
        assert not span[0].isspace() and not span[-1].isspace()
        assert not math.isnan(numeral.value)
        previous_end = numeral.end
