"""Inputs that crashed the whole run: dates at the calendar's ends, numbers past float range, alias bombs,
and one document whose extraction raises. Each now ends as a value, a clear error, or that document's error."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose import claims as prose_claims
from pytest_claims.prose.asof import as_of, date_phrases
from pytest_claims.prose.extraction import extract_by_sentence
from pytest_claims.prose.numerals import MAX_QUANTITY, find_numerals, is_quantity_value, number_value
from pytest_claims.prose.quantulum import _parser, parse, plain_numbers
from pytest_claims.records.errors import RuleError
from pytest_claims.records.intervals import format_number
from pytest_claims.records.model import Document
from pytest_claims.records.yamlfile import MAX_ALIAS_VALUES, YamlError, load_yaml
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.store.extract import ExtractionFailure, extract_documents

# ---------------------------------------------------------------- as-of arithmetic at the calendar's ends

BACKWARD = ["yesterday", "last night", "on Sunday", "last Monday", "over the weekend", "last week",
            "three weeks ago", "10 days ago"]


@pytest.mark.parametrize("phrase", BACKWARD)
def test_a_phrase_counting_back_past_0001_01_01_leaves_the_date_unknown(phrase: str) -> None:
    sentence = f"Shelling killed 12 people {phrase}, medics said."
    when = as_of(sentence, date(1, 1, 1), (16, 18))  # 0001-01-01, a Monday: a CMS's "no date"
    assert when.date is None
    assert when.reason == f"'{phrase}' (before 0001-01-01: date unknown; is the document date a placeholder?)"


def test_a_phrase_that_stays_in_the_calendar_still_resolves_near_its_start() -> None:
    assert as_of("Shelling killed 12 people yesterday.", date(1, 1, 2), (16, 18)).date == date(1, 1, 1)


@pytest.mark.parametrize("phrase", ["next week", "next Monday", "on 1 January", "on 31 December", "today",
                                    "Sunday", "between 2 and 9 May"])
def test_phrases_near_9999_12_31_resolve_without_overflow(phrase: str) -> None:
    when = as_of(f"Shelling killed 12 people {phrase}.", date(9999, 12, 31), (16, 18))
    assert when.date is None or when.date <= date(9999, 12, 31)


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.lists(st.sampled_from(BACKWARD + ["today", "on 13 November", "next Friday", "Nov. 30",
                                                        "2016-11-13", "from 14 to 17 August"]),
                            min_size=1, max_size=3))
def test_as_of_never_raises_and_never_lies_after_the_document_date(day: date, phrases: list[str]) -> None:
    sentence = "Shelling killed 12 people " + ", ".join(phrases) + "."
    for phrase in date_phrases(sentence, day):
        assert phrase.date is None or phrase.date <= day or phrase.reason.startswith("'on") \
            or phrase.reason.startswith("'Nov") or phrase.reason.startswith("'from")
    when = as_of(sentence, day, (16, 18))
    assert when.reason is not None


# ---------------------------------------------------------------- numbers past float range

HUGE = "9" * 309


@pytest.mark.parametrize("text", [f"killed {HUGE} hundred people", f"killed {'9' * 300} hundred thousand people",
                                  f"killed {'9' * 306} million billion people"])
def test_a_numeral_past_float_range_is_no_numeral(text: str) -> None:
    assert find_numerals(text) == []


def test_numerals_below_the_bound_are_still_read() -> None:
    assert [numeral.value for numeral in find_numerals("killed five hundred people")] == [500.0]
    assert [numeral.value for numeral in find_numerals(f"killed {'9' * 290} hundred people")] == [pytest.approx(1e292)]


def test_number_value_of_a_huge_number_is_none() -> None:
    assert number_value("9" * 400) is None
    assert number_value("1,500") == 1500


@pytest.mark.parametrize("value, readable", [(1e300, True), (-1e300, True), (1.0000001e300, False),
                                             (math.inf, False), (math.nan, False), (0.0, True)])
def test_what_counts_as_a_quantity_value(value: float, readable: bool) -> None:
    assert is_quantity_value(value) is readable
    assert MAX_QUANTITY == 1e300


def test_quantulum_readings_past_float_range_are_left_out() -> None:
    assert [quantity.value for quantity in _parser().parse("Killed 1e400 people.")] == [math.inf]  # quantulum3's
    assert parse("Killed 1e400 people.") == []
    assert plain_numbers(f"Shelling killed {'9' * 400} people.") is None
    assert [quantity.value for quantity in parse("Shelling killed 400 people.")] == [400]


@pytest.mark.parametrize("sentence", [f"Shelling killed {HUGE} hundred people.", "Killed 1e400 people.",
                                      f"It rose by {'9' * 320} hundred per cent."])
def test_extraction_of_a_huge_number_ends_without_an_exception(sentence: str) -> None:
    for _, quantities in extract_by_sentence(sentence):
        assert all(is_quantity_value(quantity.value) for quantity in quantities)


@pytest.mark.parametrize("value, shown", [(1e308, "1e+308"), (-1e308, "-1e+308"), (1e15, "1e+15"),
                                          (999_999_999_999_999.0, "999,999,999,999,999"), (1e-20, "1e-20"),
                                          (2.5, "2.5"), (0.0, "0"), (math.nan, "not a number"), (math.inf, "∞")])
def test_format_number_shows_no_float_noise(value: float, shown: str) -> None:
    assert format_number(value) == shown


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_format_number_is_short_for_every_float(value: float) -> None:
    assert len(format_number(value)) <= 26


# ---------------------------------------------------------------- alias bombs

def _bomb(levels: int = 10) -> str:
    items = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    items += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(items) + "]"


@pytest.mark.parametrize("text_scalars", [False, True])
def test_an_alias_bomb_is_refused_at_its_alias_line(text_scalars: bool) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(f"name: x\n\nseverity: {_bomb()}\n", text_scalars=text_scalars)
    assert caught.value.line == 3
    assert caught.value.problem == (
        f"with the alias *a4, aliases repeat more than {MAX_ALIAS_VALUES:,} values, more than any rule or "
        f"metadata file needs (an alias bomb?): write the values out, or use fewer aliases")


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml("a: 1\nb: &b [1, *b]\n")
    assert (caught.value.line, caught.value.problem) == (
        2, "the alias *b refers to the value it is part of (a loop); write the value out instead")


def test_aliases_and_merge_keys_of_ordinary_size_still_read() -> None:
    entries = "".join(f"doc{i}.txt: {{<<: *afp, date: 2016-11-{i % 28 + 1:02d}}}\n" for i in range(2000))
    data = load_yaml("defaults: &afp {outlet: AFP, title: A title}\n" + entries)
    assert data["doc7.txt"] == {"outlet": "AFP", "title": "A title", "date": "2016-11-08"}


@pytest.mark.parametrize("key", ["severity", "op", "direction"])
def test_an_alias_bomb_in_a_choice_key_is_a_rule_error_at_its_line(tmp_path: Path, key: str) -> None:
    check = {"severity": "check: bounds\nmax: 10", "op": "check: relation\nleft: {counts: [a]}\n"
             "right: {counts: [b]}", "direction": "check: trend"}[key]
    path = tmp_path / "rule.yaml"
    path.write_text(f"name: bomb\n{check}\n{key}: {_bomb()}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert caught.value.path == str(path)
    assert caught.value.line == len(check.splitlines()) + 2
    assert "(an alias bomb?): write the values out, or use fewer aliases" in caught.value.message


# ---------------------------------------------------------------- one document's extraction raising

@pytest.mark.parametrize("jobs, others", [(1, 2), (2, 9)])  # in this process, and in a pool (fork: the patch holds)
def test_a_document_whose_extraction_raises_becomes_its_error(monkeypatch: pytest.MonkeyPatch, jobs: int,
                                                              others: int) -> None:
    real = prose_claims.document_claims

    def failing(document: Document, *args: object) -> object:
        if document.name == "bad.txt":
            raise RuntimeError("boom\nsecond line")
        return real(document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(prose_claims, "document_claims", failing)
    documents = [Document(f"/news/{name}", name, "Shelling killed 12 people, medics said.",
                          date=date(2016, 11, 28)) for name in ["bad.txt"] + [f"{i}.txt" for i in range(others)]]
    extraction = extract_documents(documents, len(documents), jobs=jobs)
    assert sorted({claim.document for claim in extraction.claims}) == sorted(f"{i}.txt" for i in range(others))
    assert extraction.jobs == jobs
    [problem] = extraction.problems
    assert isinstance(problem, ExtractionFailure)
    assert str(problem) == ("/news/bad.txt: its claims could not be extracted (RuntimeError: boom second line); "
                            "the other documents were checked without it. This is a bug in pytest-claims: please "
                            "report it with the document")
