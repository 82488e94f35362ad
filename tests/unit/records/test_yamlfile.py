"""The one YAML reader: line marks in file coordinates, strict scalars, and every problem as a YamlError."""

from __future__ import annotations

import pytest
import yaml
from helpers.paths import PROJECT
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.records import yamlfile
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
    ("check: !!python/object/apply:os.system [x]\n", "the tag '!!python/object/apply:os.system' is not allowed", 10),
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


def _with_lines(value: object) -> object:
    """A loaded value with every line mark the reader recorded, for comparing two readers."""
    if isinstance(value, LineDict):
        return ("map", value.line, value.end_line, sorted(value.key_spans.items(), key=repr),
                [(key, _with_lines(item)) for key, item in value.items()])
    if isinstance(value, LineList):
        return ("seq", value.line, value.item_lines, [_with_lines(item) for item in value])
    return (type(value).__name__, value)


YAML_FILES = sorted(path for pattern in ("rules/*.yaml", "tests/**/*.yaml", "seeds/*.yaml", "bench/**/*.yaml")
                    for path in PROJECT.glob(pattern))


@pytest.mark.parametrize("text_scalars", [False, True])
def test_libyaml_reads_every_yaml_file_of_the_project_as_the_python_reader_does(text_scalars: bool) -> None:
    kind = yamlfile.TextLineLoader if text_scalars else yamlfile.LineLoader
    fast = yamlfile._FAST[kind]
    assert len(YAML_FILES) > 20
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8")
        try:
            expected = _with_lines(yamlfile._read_with(kind, text, 3))
        except yaml.YAMLError:
            continue
        assert _with_lines(yamlfile._read_with(fast, text, 3)) == expected, path


_YAMLISH = st.text(alphabet=list("ab1: -[]{},#'\"|>\n&*!%"), max_size=80)


@settings(max_examples=300)
@given(_YAMLISH)
def test_libyaml_and_the_python_reader_agree_on_any_text_the_python_reader_accepts(text: str) -> None:
    try:
        expected = _with_lines(yamlfile._read_with(yamlfile.LineLoader, text, 1))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        return
    assert _with_lines(yamlfile._read(yamlfile.LineLoader, text, 1)) == expected


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20)


@settings(max_examples=300)
@given(_VALUES, st.sampled_from([None, True, False]), st.sampled_from([2, 4]), st.sampled_from([None, "'", '"', "|"]))
def test_libyaml_and_the_python_reader_agree_on_documents_as_editors_write_them(
        value: object, flow: bool | None, indent: int, style: str | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent, default_style=style, allow_unicode=True)
    for kind in (yamlfile.LineLoader, yamlfile.TextLineLoader):
        expected = _with_lines(yamlfile._read_with(kind, text, 5))
        assert _with_lines(yamlfile._read(kind, text, 5)) == expected
