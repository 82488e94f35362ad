"""Typographic separators and marks inside numbers, through real quantulum3: exact cases and properties.

Every case asserts against the ORIGINAL text: ``text[span] == surface`` for the text given to ``extract``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims import extract
from pytest_claims.prose.separators import INVISIBLE_MARKS, TYPOGRAPHIC_SPACES, read
from pytest_claims.records.model import Quantity

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
DIRECTION = "\u200e\u200f" + "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def _indexes_text(text: str, found: list[Quantity]) -> None:
    for quantity in found:
        start, end = quantity.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quantity.surface, (text, quantity)


def _values(text: str) -> list[float]:
    found = extract(text)
    _indexes_text(text, found)
    return [quantity.value for quantity in found]


def test_the_mark_lists_hold_what_the_issue_names() -> None:
    assert set(ZERO_WIDTH) | set(DIRECTION) == set(INVISIBLE_MARKS)
    assert set(TYPOGRAPHIC_SPACES) == {"\u00a0", "\u2007", "\u2009", "\u202f"}


@pytest.mark.parametrize("space", list(TYPOGRAPHIC_SPACES), ids=lambda c: f"U+{ord(c):04X}")
def test_a_typographic_space_between_digit_groups_is_a_thousands_separator(space: str) -> None:
    text = f"About 250{space}000 people fled."
    [quantity] = extract(text)
    assert quantity.value == 250_000
    assert quantity.surface == f"About 250{space}000" and quantity.number_text == f"250{space}000"
    [with_commas] = extract("About 250,000 people fled.")
    assert (quantity.low, quantity.high, quantity.qualifier) == (with_commas.low, with_commas.high, "about")
    assert _values(f"In all 1{space}204{space}330 residents were counted.") == [1_204_330]


@pytest.mark.parametrize("space", list(TYPOGRAPHIC_SPACES), ids=lambda c: f"U+{ord(c):04X}")
def test_a_typographic_space_between_a_number_and_its_scale_is_a_space(space: str) -> None:
    text = f"They paid $12.6{space}million for it."
    [quantity] = extract(text)
    assert quantity.value == pytest.approx(12.6e6)
    assert quantity.surface == f"$12.6{space}million"
    _indexes_text(text, [quantity])
    assert _values(f"Some 3{space}people were hurt.") == [3]
    [distance] = extract(f"The column stretched 5{space}km.")
    [plain] = extract("The column stretched 5 km.")
    assert (distance.value, distance.kind, distance.unit, distance.surface) == (5, "measure", plain.unit, f"5{space}km")


def test_a_typographic_space_after_four_digits_is_no_thousands_separator() -> None:
    assert read("He called 7946\u00a00958 twice.").text == "He called 7946 0958 twice."
    assert read("It was 3.141\u2009592 exactly.").text == "It was 3.141 592 exactly."


def test_a_plain_space_is_never_made_a_separator() -> None:
    for text in ("on June 3 100 people died", "About 250 000 people fled.", "He was 5 3 times"):
        assert read(text).text == text


@pytest.mark.parametrize("dash", ["\u2013", "\u2014"], ids=["en", "em"])
def test_a_dash_glued_between_a_word_and_a_number_is_a_space(dash: str) -> None:
    text = f"The city had residents{dash}1,204,330 of whom fled."
    [quantity] = extract(text)
    assert quantity.value == 1_204_330 and quantity.surface == "1,204,330"
    _indexes_text(text, [quantity])


def test_a_dash_between_numbers_stays_a_range() -> None:
    assert read("from 2014\u20132016 the toll").text == "from 2014\u20132016 the toll"
    assert extract("from 2014\u20132016 the toll") == extract("from 2014-2016 the toll") == []
    [quantity] = extract("They expect 20\u201330 deaths.")
    assert (quantity.low, quantity.high, quantity.qualifier) == (20, 30, "range")


def test_an_en_dash_after_a_capitalised_name_stays() -> None:
    assert read("The COVID\u201319 toll").text == "The COVID\u201319 toll"
    assert extract("The COVID\u201319 toll") == []


def test_the_minus_sign_is_a_minus() -> None:
    text = "Output fell \u22122.4% in May."
    [quantity] = extract(text)
    assert (quantity.value, quantity.kind, quantity.surface) == (-2.4, "share", "\u22122.4%")
    [cold] = extract("It was \u22125 degrees Celsius.")
    assert cold.value == -5 and cold.unit == "degree Celsius"


@pytest.mark.parametrize("text", ["It was minus 5 degrees.", "It was Minus 5 degrees."])
def test_minus_before_a_number_is_a_sign(text: str) -> None:
    [quantity] = extract(text)
    assert quantity.value == -5
    assert quantity.surface == text[7:22] and quantity.span == (7, 22)
    assert quantity.surface.lower() == "minus 5 degrees"


@pytest.mark.parametrize("text", ["5 minus 3 is 2", "five minus 3 is 2", "plus or minus 2 points",
                                  "a 40% minus 3 share", "Minutes 5"])
def test_minus_after_a_number_is_left_to_the_grammar(text: str) -> None:
    assert read(text).text == text


def test_the_fraction_slash_is_a_fraction() -> None:
    text = "a 3\u204416 inch bolt"
    [quantity] = extract(text)
    assert quantity.value == pytest.approx(3 / 16) and quantity.surface == "3\u204416 inch"
    assert quantity.unit == extract("a 3/16 inch bolt")[0].unit


@pytest.mark.parametrize("mark", list(ZERO_WIDTH + DIRECTION), ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_mark_inside_a_number_is_dropped(mark: str) -> None:
    for text, value in ((f"About 250{mark}000 people fled.", 250_000),
                        (f"About 250{mark},000 people fled.", 250_000),
                        (f"About 1,{mark}204,330 people fled.", 1_204_330),
                        (f"About 250\u00a0{mark}000 people fled.", 250_000),
                        (f"They paid ${mark}12.6{mark} million.", 12.6e6),
                        (f"Prices rose {mark}8.5{mark}% in May.", 8.5)):
        found = extract(text)
        assert [q.value for q in found] == [pytest.approx(value)], text
        _indexes_text(text, found)
        digits = [i for i, char in enumerate(text) if char.isdigit()]
        assert found[0].span[0] <= digits[0] and digits[-1] < found[0].span[1]


def test_an_invisible_mark_between_words_stays() -> None:
    assert read("no\u200bnumber\u200ehere").text == "no\u200bnumber\u200ehere"


# --- properties ------------------------------------------------------------------------------------

_SEPARATOR = st.one_of(
    st.sampled_from(TYPOGRAPHIC_SPACES),
    st.sampled_from(INVISIBLE_MARKS),
    st.tuples(st.sampled_from(INVISIBLE_MARKS), st.sampled_from(TYPOGRAPHIC_SPACES + ",")).map("".join),
    st.tuples(st.sampled_from(TYPOGRAPHIC_SPACES + ","), st.sampled_from(INVISIBLE_MARKS)).map("".join),
)
_TEMPLATES = ("About {} people fled.", "The toll rose to {} on Monday.", "{} residents were counted.",
              "They paid ${} for it.", "It was {} metres long.")


def _groups(number: int) -> list[str]:
    return f"{number:,}".split(",")


@settings(max_examples=150, deadline=None)
@given(number=st.integers(1000, 10**15), template=st.sampled_from(_TEMPLATES), data=st.data(),
       wrap=st.sampled_from(["", "\u2066", "\u200e", "\ufeff"]))
def test_typographic_grouping_reads_like_commas(number: int, template: str, data: st.DataObject,
                                                 wrap: str) -> None:
    groups = _groups(number)
    written = groups[0] + "".join(data.draw(_SEPARATOR) + group for group in groups[1:])
    closing = {"\u2066": "\u2069"}.get(wrap, wrap)
    text = template.format(wrap + written + closing)
    reference = extract(template.format(f"{number:,}"))
    found = extract(text)
    assert [(q.value, q.low, q.high, q.qualifier, q.kind, q.unit) for q in found] == \
        [(q.value, q.low, q.high, q.qualifier, q.kind, q.unit) for q in reference]
    _indexes_text(text, found)
    first = text.index(written)
    assert any(q.span[0] <= first and first + len(written) <= q.span[1] for q in found), (text, found)


_ALLOWED = {(space, mapped) for space in TYPOGRAPHIC_SPACES for mapped in ", "} | {
    (mark, ",") for mark in INVISIBLE_MARKS} | {
    ("\u2013", " "), ("\u2014", " "), ("\u2212", "-"), ("\u2044", "/"), ("m", "-"), ("M", "-")}
_SPECIAL = TYPOGRAPHIC_SPACES + INVISIBLE_MARKS + "\u2212\u2044\u2013\u2014"
_HOSTILE = st.lists(st.one_of(st.characters(), st.sampled_from(_SPECIAL), st.sampled_from("0123456789 ,.-$%"),
                              st.sampled_from(["minus ", "residents", "million", "about ", "250", "000"])),
                    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_HOSTILE)
def test_reading_maps_every_character_back(text: str) -> None:
    reading = read(text)
    assert reading.original == text and len(reading.origin) == len(reading.text)
    assert list(reading.origin) == sorted(set(reading.origin))  # strictly increasing
    for index, char in enumerate(reading.text):
        source = text[reading.origin[index]]
        assert source == char or (source, char) in _ALLOWED, (text, index)
    dropped = "".join(text[i] for i in sorted(set(range(len(text))) - set(reading.origin)))
    # only invisible marks and the rest of a "minus " read as a sign disappear
    assert set(dropped) <= set(INVISIBLE_MARKS) | set("minusMINUS") | {c for c in dropped if c.isspace()}


@settings(max_examples=80, deadline=None)
@given(text=_HOSTILE)
def test_extraction_never_crashes_on_marks_and_spans_index_the_original(text: str) -> None:
    _indexes_text(text, extract(text))


def test_a_number_wrapped_in_direction_marks_still_counts_the_noun_after_it() -> None:
    from pytest_claims.prose.claims import corpus_claims
    from pytest_claims.records.model import Document

    text = "About \u2066250\u00a0000\u2069 children were trapped."
    [claim] = corpus_claims([Document(path="/news/a.txt", name="a.txt", text=text)])
    assert (claim.quantity.value, claim.counts) == (250_000, "child")
