"""Numbers as editors write them in rule files: what parse_number and parse_whole read, and refuse."""

from __future__ import annotations

import pytest

from pytest_claims.language.numbers import parse_number, parse_whole


@pytest.mark.parametrize(("text", "value"), [
    (40, 40.0), ("1,000", 1000.0), ("85%", 0.85), ("40 percent", 0.4), ("1.5 million", 1_500_000.0),
    (" -2.5 ", -2.5), (".5", 0.5), ("3 Thousand", 3000.0), ("2 billion", 2e9),
    ("1e5", 1e5), ("1e308", 1e308), ("2.5E-3", 0.0025),  # YAML 1.1 reads 1e308 as text
])
def test_parse_number_reads_the_forms_editors_write(text: object, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,00", "1,0000", "%", "1e", "--1", "1.2.3", "1 million %"])
def test_parse_number_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


def test_a_number_past_the_largest_float_says_what_to_write() -> None:
    with pytest.raises(ValueError, match=r"^1e309 is not a finite number \(write a number below 1e308\)$"):
        parse_number("1e309")


@pytest.mark.parametrize("value", [True, None, float("nan"), float("inf"), [1]])
def test_parse_number_rejects_other_values(value: object) -> None:
    with pytest.raises(ValueError):
        parse_number(value)


@pytest.mark.parametrize(("value", "whole"), [(3, 3), ("3", 3), (" 12 ", 12)])
def test_parse_whole_reads_numbers_and_digits(value: object, whole: int) -> None:
    assert parse_whole(value) == whole


@pytest.mark.parametrize(("value", "message"), [
    (1.5, "expected a whole number, got a number 1.5"), (True, "expected a whole number, got a true/false value True"),
    ("three", "expected a whole number, got text 'three'"), ([3], "expected a whole number, got a list"),
])
def test_parse_whole_refuses_the_rest_saying_what_it_got(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_whole(value)
    assert str(caught.value) == message
