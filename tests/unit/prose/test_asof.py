"""As-of dates: when a claim holds, read from its sentence against the document date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.asof import DOCUMENT_DATE, as_of, date_phrases
from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import find_dates
from pytest_claims.records.model import Document
from helpers.paths import CASES

CASES = yaml.safe_load((CASES / "as_of.yaml").read_text(encoding="utf-8"))
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def as_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_as_of_case(case: dict[str, Any]) -> None:
    sentence = case["sentence"]
    start = sentence.index(case["at"])
    found = as_of(sentence, as_date(case["document"]), (start, start + len(case["at"])))
    assert found.date == as_date(case["date"])
    assert found.reason == case["reason"]
    if found.span is not None:
        assert f"'{' '.join(sentence[found.span[0]:found.span[1]].split())}'" in found.reason


def test_without_a_span_the_first_phrase_counts() -> None:
    found = as_of("On Sunday 300 fled and on Saturday 200.", date(2016, 11, 28))
    assert (found.date, found.reason) == (date(2016, 11, 27), "'On Sunday'")


def test_claims_carry_the_as_of_date_and_its_reason() -> None:
    text = ("The Observatory said 219 civilians were killed on Sunday.\n\n"
            "An estimated 250,000 people have been trapped in the east.")
    document = Document(path="/tmp/a.txt", name="a.txt", text=text, date=date(2016, 11, 28), date_source="test")
    sunday, today = document_claims(document)
    assert (sunday.date, sunday.as_of, sunday.as_of_source) == (date(2016, 11, 28), date(2016, 11, 27), "'on Sunday'")
    assert (today.as_of, today.as_of_source) == (date(2016, 11, 28), DOCUMENT_DATE)


# ---------------------------------------------------------------- properties

DOCUMENT_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
DATE_WORDS = ["on", "last", "this", "next", "Sunday", "Monday's", "Friday", "yesterday", "today", "tonight",
              "week", "weekend", "the", "ago", "two", "a", "days", "November", "Nov.", "13", "13th", "28",
              "December", "2016", "2016-11-13", "since", "began", "night", "morning", ",", ";", "May", "Feb", "29"]
DATE_SENTENCES = st.lists(st.sampled_from(DATE_WORDS + ["people", "fled", "300", "said"]), max_size=25).map(" ".join)
# No month or weekday names, no "yesterday/today/tonight/week/weekend/ago/night/morning", no full dates
PLAIN_WORDS = ["The", "Observatory", "said", "300", "people", "fled", "about", "100,000", "of", "the", "40",
               "neighbourhoods", "were", "killed", "in", "east", "Aleppo", "since", "last", ",", ";", "on", "12",
               "this", "district", "years", "at", "least"]
PLAIN_SENTENCES = st.lists(st.sampled_from(PLAIN_WORDS), max_size=30).map(" ".join)


def spans(text: str) -> st.SearchStrategy[tuple[int, int]]:
    return st.integers(0, len(text)).flatmap(lambda start: st.integers(start, len(text)).map(lambda end: (start, end)))


@PROPERTY_SETTINGS
@given(st.text(max_size=200), st.none() | DOCUMENT_DATES, st.data())
def test_as_of_never_crashes(text: str, document_date: date | None, data: st.DataObject) -> None:
    found = as_of(text, document_date, data.draw(spans(text)))
    assert (found.date is None) == (found.reason is None)


@PROPERTY_SETTINGS
@given(DATE_SENTENCES, DOCUMENT_DATES, st.data())
def test_as_of_is_after_the_document_date_only_for_a_day_without_a_year(sentence: str, document_date: date,
                                                                        data: st.DataObject) -> None:
    found = as_of(sentence, document_date, data.draw(spans(sentence)))
    assert found.date is not None
    for phrase in date_phrases(sentence, document_date):
        if phrase.date > document_date:
            assert re.search(r"[0-9]", phrase.reason) and not re.search(r"[0-9]{4}", phrase.reason), phrase
            assert (phrase.date - document_date).days <= 183 or (phrase.date.month, phrase.date.day) == (2, 29)


@PROPERTY_SETTINGS
@given(PLAIN_SENTENCES, DOCUMENT_DATES, st.data())
def test_a_sentence_without_date_words_holds_on_the_document_date(sentence: str, document_date: date,
                                                                  data: st.DataObject) -> None:
    assert as_of(sentence, document_date, data.draw(spans(sentence))) == as_of("", document_date)
    assert as_of(sentence, document_date).reason == DOCUMENT_DATE
    assert as_of(sentence, None).date is None


@PROPERTY_SETTINGS
@given(st.sampled_from(WEEKDAYS), DOCUMENT_DATES, st.sampled_from(["on ", "", "last "]))
def test_a_weekday_is_within_the_week_up_to_the_document_date(weekday: str, document_date: date,
                                                              modifier: str) -> None:
    found = as_of(f"The army said 300 people fled {modifier}{weekday}.", document_date)
    assert found.date is not None and found.date.strftime("%A") == weekday
    earliest = document_date - timedelta(days=7 if modifier == "last " else 6)
    assert earliest <= found.date <= document_date
    if modifier == "last ":
        assert found.date < document_date


@PROPERTY_SETTINGS
@given(DATE_SENTENCES)
def test_an_undated_document_uses_only_full_dates(sentence: str) -> None:
    found = as_of(sentence, None)
    full = find_dates(sentence)
    assert found.date == (full[0][0] if full else None)


def test_long_hostile_input_still_resolves_within_the_document_date() -> None:
    # How the time grows with the input is measured in bench/hostile_input.py, not timed here.
    published = date(2016, 11, 28)
    for sentence in ("on " * 5000, "Sunday " * 3000, "13 " * 5000 + "November", "last " * 5000,
                     "November " * 3000 + "13", re.sub("x", "2", "x " * 5000) + "days ago"):
        found = as_of(sentence, published, (0, 1))
        assert found.date is not None and found.date <= published


# ---------------------------------------------------------------- periods, "as of", the year of a day and month

@pytest.mark.parametrize(("sentence", "expected", "reason"), [
    ("As of 4 June, 5,118 infections were recorded.", date(2020, 6, 4), "'4 June'"),
    ("By 12 June, 5,118 infections were recorded.", date(2020, 6, 12), "'12 June'"),
    ("Between 2 and 9 May, 5,118 infections were recorded.", date(2020, 5, 9),
     "'Between 2 and 9 May' (end of period)"),
    ("From 14 to 17 August, 5,118 infections were recorded.", date(2020, 8, 17),
     "'From 14 to 17 August' (end of period)"),
    ("On 5 June, 5,118 infections were recorded.", date(2020, 6, 5), "'On 5 June'"),
    ("On 2 December, 5,118 infections were recorded.", date(2020, 12, 2), "'On 2 December'"),  # 181 days on
    ("On 10 December, 5,118 infections were recorded.", date(2019, 12, 10), "'On 10 December'"),  # 177 back
])
def test_day_and_month_phrases_through_the_pipeline(sentence: str, expected: date, reason: str) -> None:
    document = Document(path="/tmp/a.txt", name="a.txt", text=sentence, date=date(2020, 6, 4), date_source="test")
    claims = [claim for claim in document_claims(document) if claim.quantity.value == 5118]
    assert [(claim.as_of, claim.as_of_source) for claim in claims] == [(expected, reason)]


def test_from_a_single_day_is_a_period_start_not_a_date() -> None:
    assert as_of("From 14 August, 300 people fled.", date(2020, 9, 1)).reason == DOCUMENT_DATE


def nearest_year_reference(day: int, month: int, document_date: date) -> date | None:
    candidates = []
    for year in range(document_date.year - 1, document_date.year + 2):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        return None
    best = min(abs((candidate - document_date).days) for candidate in candidates)
    return min(candidate for candidate in candidates if abs((candidate - document_date).days) == best)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@PROPERTY_SETTINGS
@given(DOCUMENT_DATES, st.integers(1, 31), st.integers(1, 12), st.booleans())
def test_a_day_without_a_year_takes_the_year_nearest_the_document_date(document_date: date, day: int, month: int,
                                                                       day_first: bool) -> None:
    phrase = f"{day} {MONTH_NAMES[month - 1]}" if day_first else f"{MONTH_NAMES[month - 1]} {day}"
    found = as_of(f"On {phrase}, 300 people fled.", document_date)
    expected = nearest_year_reference(day, month, document_date)
    if expected is None:
        assert found.reason == DOCUMENT_DATE
        return
    assert found.date == expected
    if (month, day) != (2, 29):  # 29 February exists one year in four: the nearest may be further
        assert found.date is not None and abs((found.date - document_date).days) <= 183
