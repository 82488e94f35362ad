"""Compiling selector patterns: the length limit, Python's syntax errors, and nothing but ValueError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.language.patterns import MAX_PATTERN_LENGTH, compile_pattern


def test_long_patterns_are_refused() -> None:
    assert compile_pattern("a" * MAX_PATTERN_LENGTH).pattern == "a" * MAX_PATTERN_LENGTH
    with pytest.raises(ValueError, match="the limit is 500"):
        compile_pattern("a" * (MAX_PATTERN_LENGTH + 1))


def test_invalid_regex_reports_its_position() -> None:
    with pytest.raises(ValueError, match=r"invalid pattern: missing \), unterminated subpattern at position 4"):
        compile_pattern("east(ern Aleppo")


REGEXISH = st.lists(st.sampled_from(list("()[]{}*+?|^$.\\-,:<>=!Pa1 ") + [
    "(?:", "(?P<n>", "(?=", "(?<!", "(?>", "\\1", "\\d", "\\w", "\\s", "{2,}", "{1,3}", "*+", "+?", "[^",
]), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(pattern=st.text(max_size=600) | REGEXISH)
def test_compile_pattern_raises_only_value_error(pattern: str) -> None:
    try:
        compiled = compile_pattern(pattern)
    except ValueError as error:
        assert str(error)
    else:
        assert compiled.pattern == pattern


def test_ambiguous_set_is_refused_not_warned() -> None:
    with pytest.raises(ValueError, match=r"ambiguous pattern: possible nested set at position 1"):
        compile_pattern("[[a]")


def test_deeply_nested_groups_are_handled() -> None:
    depth = 240
    assert compile_pattern("(" * depth + "a" + ")" * depth).search("xa")
