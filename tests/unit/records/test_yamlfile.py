"""The one YAML reader: line marks in file coordinates, strict scalars, and every problem as a YamlError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.records.yamlfile import LineDict, LineList, YamlError, described, load_yaml, quote_hint


def test_mappings_and_lists_know_their_lines_in_the_file() -> None:
    text = "name: x\nselect:\n  near: [a, b]\nexamples:\n  - expect: pass\n  - expect: fail\n"
    data = load_yaml(text, first_line=2)
    assert isinstance(data, LineDict) and data.line == 2
    assert data.key_spans["name"] == (2, 2) and data.key_spans["select"] == (3, 4)
    assert data["select"].key_spans["near"] == (4, 4)
    assert isinstance(data["examples"], LineList) and data["examples"].item_lines == [6, 7]


def test_only_true_and_false_are_booleans_and_dates_stay_text() -> None:
    data = load_yaml("a: [no, on, off, yes, true, False]\nb: 2016-11-28\nc: 85%\nd: 1,000\ne: 40\n")
    assert data == {"a": ["no", "on", "off", "yes", True, False], "b": "2016-11-28", "c": "85%", "d": "1,000",
                    "e": 40}


def test_text_scalars_stay_as_written() -> None:
    data = load_yaml("title: 1984\nflag: true\ndate: 2016-11-28\nnothing: ~\nempty:\n", text_scalars=True)
    assert data == {"title": "1984", "flag": "true", "date": "2016-11-28", "nothing": None, "empty": None}


@pytest.mark.parametrize(("text", "problem", "line"), [
    ("a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first at line 10)", 12),
    ("near: [trapped, besieged\nmax: 10\n", "while parsing a flow sequence at line 10, expected ','", 11),
    ("check: bounds\nmax: 10\n  min: 1\n", "mapping values are not allowed here", 12),
    ("a: 1\n---\nb: 2\n", "expected a single document", 11),
    ("check: !!python/object/apply:os.system [x]\n", "could not determine a constructor for the tag", 10),
    ("a: \"x\x07y\"\n", "character '\\x07' (U+0007) is not allowed in a YAML file", 10),
], ids=["duplicate-key", "unclosed-bracket", "bad-indentation", "two-documents", "python-tag", "control-character"])
def test_problems_are_yaml_errors_at_the_line_of_the_file(text: str, problem: str, line: int) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text, first_line=10)
    assert problem in caught.value.problem
    assert caught.value.line == line
    assert not caught.value.value


def test_a_value_that_cannot_be_built_is_marked_as_a_value_problem() -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml("description: !!timestamp 2016-13-45\n")
    assert caught.value.value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_values_or_a_yaml_error(text: str) -> None:
    try:
        load_yaml(text)
        load_yaml(text, first_line=5, text_scalars=True)
    except YamlError as error:
        assert error.line >= 1 and error.problem


@pytest.mark.parametrize(("value", "text"), [
    (None, "nothing"), (True, "a true/false value True"), (1.5, "a number 1.5"), ("forty", "text 'forty'"),
    ([1], "a list"), ({"a": 1}, "a mapping"), ("x" * 80, "text '" + "x" * 58 + "…"),
])
def test_values_are_described_briefly_for_messages(value: object, text: str) -> None:
    assert described(value) == text


def test_quote_hint_only_for_numbers_and_booleans() -> None:
    assert quote_hint(40) == ' (quote it: "40")' and quote_hint(True) == ' (quote it: "True")'
    assert quote_hint("forty") == ""
