"""Numbers that are not quantities (names, clock times, parts of dates, ordinals, the article of a rate).

Exact cases go through ``pytest_claims.extract`` with real quantulum3: the number that is not a quantity is
not reported, and a real quantity in the same sentence still is. The negative corpus holds the look-alikes
that ARE quantities ("3 categories", "7 games", "a third of voters").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims import extract
from pytest_claims.prose.nonquantities import (
    CLOCK_TIME,
    DATE_PART,
    IDENTIFIER,
    ORDINAL,
    RATE_ARTICLE,
    not_a_quantity,
)
from pytest_claims.records.model import Quantity


def _read(text: str) -> list[tuple[str, float]]:
    found: list[Quantity] = extract(text)
    for quantity in found:
        start, end = quantity.span
        assert text[start:end] == quantity.surface, (text, quantity)
    return [(quantity.surface, quantity.value) for quantity in found]


# (sentence, what it still reads): each sentence holds one number that is not a quantity
# and, where there is one, a real quantity that must survive.
NOT_QUANTITIES = {
    IDENTIFIER: [
        ("The S&P 500 fell 2%.", [("2%", 2.0)]),
        ("The Nikkei 225 rose 1.2% on Monday.", [("1.2%", 1.2)]),
        ("The FTSE 100 lost 3% on Friday.", [("3%", 3.0)]),
        ("Windows 11 runs on 400 million devices.", [("400 million", 400_000_000.0)]),
        ("They won Game 7 by 4 points.", [("4", 4.0)]),
        ("A Category 3 storm hit 12 towns.", [("12", 12.0)]),
        ("A category-four hurricane hit 12 towns.", [("12", 12.0)]),
        ("Route 9 was closed for 3 hours.", [("3 hours", 3.0)]),
        ("Interstate 95 closed after 20 cars crashed.", [("20", 20.0)]),
        ("Apollo 11 carried 3 astronauts.", [("3", 3.0)]),
        ("Boeing 737 Max jets, 387 of them, were grounded.", [("387", 387.0)]),
        ("A level-two alert covers 14 districts.", [("14", 14.0)]),
        ("He lives at 12 Downing Street with 2 cats.", [("2", 2.0)]),
        ("The office at SW1A 2AA employs 40 staff.", [("40", 40.0)]),
        ("She wore the No 10 shirt for 8 seasons.", [("8", 8.0)]),
        ("He wore the 23 jersey and scored 30 points.", [("30", 30.0)]),
    ],
    CLOCK_TIME: [
        ("The meeting starts at 8:15 PM with 30 delegates.", [("30", 30.0)]),
        ("It ended at 11.30pm after 45 speeches.", [("45", 45.0)]),
        ("The strike began at 0630 GMT and 12 flights were cancelled.", [("12", 12.0)]),
        ("At 10:30 am, 5 people left.", [("5", 5.0)]),
        ("By 9 p.m. 200 people had gathered.", [("200", 200.0)]),
        ("Polls closed at 19:00 and 61% had voted.", [("61%", 61.0)]),
    ],
    DATE_PART: [
        ("Talks were held on June 3 and 4 with 17 countries.", [("17", 17.0)]),
        ("The fair runs Nov. 3-7 and draws 90,000 visitors.", [("90,000", 90_000.0)]),
        ("Between 2 and 9 May, 40 cases were found.", [("40", 40.0)]),
        ("From 14 to 17 August, 30 died.", [("30", 30.0)]),
        ("On May 2, 9 and 16 there were 7 strikes.", [("7", 7.0)]),
        ("Profit rose to $3.4bn from $2.9bn a year earlier.", [("$3.4bn", 3.4e9), ("$2.9bn", 2.9e9)]),
        ("The 3 men met a week later.", [("3", 3.0)]),
    ],
    ORDINAL: [
        ("In the fourth quarter, 1,200 jobs went.", [("1,200", 1200.0)]),
        ("First-quarter profit rose 5%.", [("5%", 5.0)]),
        ("It was the third-costliest storm, with 80 dead.", [("80", 80.0)]),
        ("In the second half, sales fell 3%.", [("3%", 3.0)]),
        ("Profit in the quarter rose 5%.", [("5%", 5.0)]),
        ("He won a fifth term with 52% of the vote.", [("52%", 52.0)]),
        ("In the first half of 2024, 300 firms closed.", [("300", 300.0)]),
    ],
    RATE_ARTICLE: [
        ("It ships 40,000 cars a month.", [("40,000", 40_000.0)]),
        ("Workers spent 3 hours a day in queues.", [("3 hours", 3.0)]),
        ("Inflation rose 5% a year.", [("5%", 5.0)]),
        ("They ate 2 meals a day.", [("2", 2.0)]),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for cases in NOT_QUANTITIES.values() for case in cases],
    ids=[f"{kind}: {text}" for kind, cases in NOT_QUANTITIES.items() for text, _ in cases],
)
def test_a_number_that_is_not_a_quantity_is_dropped_and_the_real_one_kept(
        text: str, expected: list[tuple[str, float]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("The S&P 500 fell 2%.", "500", IDENTIFIER),
        ("The meeting starts at 8:15 PM.", "15 PM", CLOCK_TIME),
        ("Talks were held on June 3 and 4.", "4", DATE_PART),
        ("In the second half, sales fell.", "half", ORDINAL),
        ("It pumps 600,000 barrels a day.", "a day", RATE_ARTICLE),
    ],
)
def test_the_recogniser_names_what_the_number_is(text: str, number: str, kind: str) -> None:
    start = text.index(number)
    assert not_a_quantity(text, start, start + len(number)) == kind


# Look-alikes that ARE quantities: each must still be read with this value.
NEGATIVE_CORPUS = [
    ("The 3 categories were merged.", [("3", 3.0)]),
    ("The 7 games sold out.", [("7", 7.0)]),
    ("In the game 7 players were sent off.", [("7", 7.0)]),
    ("A third of voters stayed home.", [("A third", 1 / 3)]),
    ("Prices rose by a third.", [("a third", 1 / 3)]),
    ("A quarter of the staff left.", [("A quarter", 0.25)]),
    ("More than half of the 300 homes flooded.", [("More than half", 0.5), ("300", 300.0)]),
    ("Between 20 and 30 people died on 2 May.", [("Between 20 and 30", 25.0)]),
    ("The 5 Wall Street banks lent $2 billion.", [("5", 5.0), ("$2 billion", 2e9)]),
    ("It lasted 3 hours.", [("3 hours", 3.0)]),
    ("The 3 men met for a week.", [("3", 3.0), ("a week", 1.0)]),
    ("The race took 2 hours and 30 minutes.", [("2 hours", 2.0), ("30 minutes", 30.0)]),
    ("She was 3 of 10 finalists.", [("3", 3.0), ("10", 10.0)]),
    ("On 3 May, 12 people died.", [("12", 12.0)]),
    ("Sales fell 4.5% in the year.", [("4.5%", 4.5)]),
    ("The Nasdaq fell 100 points.", [("100", 100.0)]),
]


@pytest.mark.parametrize(("text", "expected"), NEGATIVE_CORPUS, ids=[text for text, _ in NEGATIVE_CORPUS])
def test_a_look_alike_that_is_a_quantity_is_still_read(text: str, expected: list[tuple[str, float]]) -> None:
    found = _read(text)
    assert [surface for surface, _ in found] == [surface for surface, _ in expected]
    assert [value for _, value in found] == pytest.approx([value for _, value in expected])


_SHAPES = st.sampled_from([
    "S&P 500", "Game 7", "Category 3", "level-two", "12 Downing Street", "SW1A 2AA", "No 10 shirt",
    "8:15 PM", "11.30pm", "0630 GMT", "10:30 am", "June 3 and 4", "Nov. 3-7", "between 2 and 9 May",
    "fourth quarter", "first-quarter", "the third-costliest", "second half", "barrels a day", "a fifth term",
    "1,200 jobs", "3 categories", "a third of", "more than", "5%", "$2 billion", "7", ":", "-", ",", ".", " ",
    "the", "a", "May", "and", "Street", "pm", "GMT",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_SHAPES, min_size=1, max_size=12), st.sampled_from([" ", "", "-", ", "]))
def test_extraction_never_crashes_on_mixes_of_these_shapes(shapes: list[str], joiner: str) -> None:
    text = joiner.join(shapes)
    _read(text)  # spans index the text, and nothing raises
    for start in range(len(text)):
        assert not_a_quantity(text, start, min(len(text), start + 3)) in (
            None, IDENTIFIER, CLOCK_TIME, DATE_PART, ORDINAL, RATE_ARTICLE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One out of three voters agreed.", [("One out of three", 1 / 3)]),
        ("Two out of five adults smoke.", [("Two out of five", 0.4)]),
        ("Nine out of ten dentists agree.", [("Nine out of ten", 0.9)]),
        ("One out of every four children is poor.", [("One out of every four", 0.25)]),
        ("Three in 10 Americans agree.", [("Three in 10", 0.3)]),
    ],
)
def test_a_share_written_out_of_is_one_share(text: str, expected: list[tuple[str, float]]) -> None:
    found = extract(text)
    assert [(q.surface, q.kind) for q in found] == [(surface, "share") for surface, _ in expected]
    assert [q.value for q in found] == pytest.approx([value for _, value in expected])


def test_a_count_out_of_its_total_stays_a_count() -> None:
    """ "32 out of 40 districts", "Nine out of 10": written in digits, a count whose whole is the second number."""
    found = extract("32 out of 40 districts reported.")
    assert [(q.value, q.kind, q.total) for q in found] == [(32.0, "count", 40.0), (40.0, "count", None)]
    found = extract("Nine out of 10 dentists agree.")
    assert [(q.value, q.kind, q.total) for q in found] == [(9.0, "count", 10.0), (10.0, "count", None)]


@pytest.mark.parametrize("text, expected", [
    ("Between 20 and 30 may have died.", [(20, 30)]),  # "may" the verb is no month
    ("By 3 MAY, 12 had fled.", [(12, 12)]),  # a month in capitals is still a month
    ("On 3 May 40 people died.", [(40, 40)]),
])
def test_the_verb_may_is_not_a_month(text: str, expected: list[tuple[float, float]]) -> None:
    assert [(q.low, q.high) for q in extract(text)] == expected
