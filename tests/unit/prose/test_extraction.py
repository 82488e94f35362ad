"""Extraction on real text through real quantulum3: exact cases and properties."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import pytest_claims
from pytest_claims.prose.extraction import extract, extract_by_sentence
from pytest_claims.records.model import QUALIFIERS
from helpers.paths import CASES, SEEDS

CASES_DIR = CASES
# extraction.yaml: what news prose must yield; traps.yaml: the negative corpus
CASES = [case for name in ("extraction.yaml", "traps.yaml")
         for case in yaml.safe_load((CASES_DIR / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_extraction_case(case: dict[str, Any]) -> None:
    found = extract(case["text"])
    if case.get("none"):
        assert found == [], [q.surface for q in found]
        return
    expected = case["quantities"]
    assert [q.surface for q in found] == [e["surface"] for e in expected]
    for quantity, want in zip(found, expected):
        for field, value in want.items():
            got = getattr(quantity, field)
            if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
                assert got == pytest.approx(value), (field, got, value)
            else:
                assert got == value, (field, got, value)


def test_extract_is_exported_and_spans_index_the_text() -> None:
    text = "Intro line.\n\nThe war has killed more than 300,000 people. About 85% of the area fell."
    found = pytest_claims.extract(text)
    assert [text[q.span[0]:q.span[1]] for q in found] == [q.surface for q in found]
    assert [q.surface for q in found] == ["more than 300,000", "About 85%"]


def test_extraction_runs_per_sentence() -> None:
    text = "Some 500 civilians fled. Russia claimed more than 900 had left."
    sentences = extract_by_sentence(text)
    assert [len(found) for _, found in sentences] == [1, 1]
    assert sentences[1][1][0].surface == "more than 900"


def test_seed_documents_yield_the_claims_the_rules_need() -> None:
    seeds = SEEDS
    surfaces = {q.surface for path in seeds.glob("*.txt") for q in extract(path.read_text(encoding="utf-8"))}
    for needed in ["An estimated 250,000", "Around 275,000", "about 100,000", "more than 341", "44",
                   "32", "40", "about 85%", "less than a quarter", "more than three quarters",
                   "6,000 to 10,000", "up to 10,500", "about 40 percent"]:
        assert needed in surfaces
    assert "2016" not in surfaces and "2012" not in surfaces and "a key" not in surfaces


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_extraction_never_crashes_and_is_consistent(text: str) -> None:
    for quantity in extract(text):
        start, end = quantity.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quantity.surface
        assert quantity.qualifier in (None, *QUALIFIERS)
        assert not quantity.interval.is_empty()
        assert quantity.interval.contains(quantity.value) or quantity.qualifier in ("more_than", "less_than")


NEWS_WORDS = ["people", "civilians", "killed", "more", "than", "about", "up", "to", "at", "least", "a",
              "third", "quarter", "of", "the", "area", "percent", "%", "2016", "December", "8,", "half",
              "million", "some", "between", "and", "fled", ",", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NEWS_WORDS),
                          st.integers(0, 10**7).map(lambda n: f"{n:,}")), max_size=25))
def test_extraction_on_news_like_word_soup(words: list[str]) -> None:
    text = " ".join(words)
    for quantity in extract(text):
        assert text[quantity.span[0]:quantity.span[1]] == quantity.surface
        low, high = quantity.low, quantity.high
        if low is not None and high is not None:
            assert low <= high
        assert not math.isnan(quantity.value)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=10**6), st.sampled_from(
    [("more than", "more_than"), ("about", "about"), ("up to", "up_to"), ("at least", "at_least"),
     ("less than", "less_than"), ("", None)]))
def test_qualified_counts_become_the_right_interval(number: int, qualifier: tuple[str, str | None]) -> None:
    words, label = qualifier
    text = f"Officials said {words} {number:,} people fled.".replace("  ", " ")
    found = extract(text)
    assert len(found) == 1
    quantity = found[0]
    assert quantity.value == number and quantity.qualifier == label
    interval = quantity.interval
    if label == "more_than":
        assert not interval.contains(number) and interval.contains(number * 10)
    elif label == "less_than":
        assert not interval.contains(number) and interval.contains(number - 1) and interval.contains(0)
    elif label == "up_to":
        assert interval.contains(number) and interval.contains(0) and not interval.contains(number + 1)
    elif label == "at_least":
        assert interval.contains(number) and interval.contains(number * 10) and not interval.contains(number - 1)
    elif label == "about":
        assert interval.contains(number) and not interval.contains(number * 2)
    else:
        assert quantity.low == quantity.high == number
