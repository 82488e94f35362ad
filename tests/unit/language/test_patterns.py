"""The guard that keeps selector patterns from backtracking for minutes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.language.patterns import MAX_PATTERN_LENGTH, MAX_WIDE_REPEATS, compile_pattern


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*b", "(?:x|a+)*", "(\\w+\\s?)+$", "((ab)*c)+", "(a{2,}){3}",
                                     "(?:a{1,3})+"])
def test_nested_variable_quantifiers_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="nested quantifier"):
        compile_pattern(pattern)


@pytest.mark.parametrize("pattern", [".*.*x", "a*a*a*a*c", "\\w+.*said", ".*(?:,)?.*x", "[a-z]+\\w*",
                                     "(?:.*)(?:.+)", ".{0,500}.{0,500}x", "x(?:a|.*)\\w+",
                                     "\\s*,?\\s*x", "\\d+\\d*", "[^x]*\\s+", "a*(?=b)a*",
                                     # letters outside the ASCII sample: the pattern's own characters count
                                     "[а-я]+[а-я]*x", "[а-я]+[б-ю]*x", "\\u0430+\\u0430*x", "é+[à-ÿ]*x",
                                     "[а-я]+\\w*x"])
def test_adjacent_wide_repeats_matching_one_character_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="same characters"):
        compile_pattern(pattern)


@pytest.mark.parametrize("pattern", ["(\\w)\\1", "(?P<x>a)(?P=x)", "(a)?(?(1)b|c)"])
def test_backreferences_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="backreference"):
        compile_pattern(pattern)


def test_long_patterns_are_refused() -> None:
    assert compile_pattern("a" * MAX_PATTERN_LENGTH).pattern == "a" * MAX_PATTERN_LENGTH
    with pytest.raises(ValueError, match="the limit is 500"):
        compile_pattern("a" * (MAX_PATTERN_LENGTH + 1))


def test_too_many_wide_repeats_are_refused() -> None:
    allowed = "x".join(["\\d+"] * MAX_WIDE_REPEATS)
    assert compile_pattern(allowed)
    with pytest.raises(ValueError, match="unbounded repetitions"):
        compile_pattern(allowed + "x\\d+")


def test_invalid_regex_reports_its_position() -> None:
    with pytest.raises(ValueError, match=r"invalid pattern: missing \), unterminated subpattern at position 4"):
        compile_pattern("east(ern Aleppo")


@pytest.mark.parametrize("pattern", [
    "east(ern)? Aleppo", "(ab?)+", "killed\\s+(?:at least\\s+)?\\d+", "[0-9]{1,3}(,[0-9]{3})*",
    "(?<!west )aleppo", "a{2}b{3}", "\\s*,\\s*", "\\d+\\s*%", "killed.*people", "\\D*\\d+", "^about",
    "\\w+ (?:people|civilians)", "(?:a|b)*c", "[а-я]+ [а-я]+", "[а-я]+\\d+",
])
def test_ordinary_patterns_pass_the_guard(pattern: str) -> None:
    assert compile_pattern(pattern).flags & re.IGNORECASE


@pytest.mark.parametrize("pattern", ["(ab?)+c", "killed.*people.*said", "\\s*,\\s*x", "[0-9]{1,3}(,[0-9]{3})*x",
                                     "\\D*\\d+x", "(?:a|b)*c"])
def test_accepted_patterns_fail_fast_on_a_long_hostile_sentence(pattern: str) -> None:
    # A pattern that backtracks catastrophically would hang here; how the time grows with
    # the input is measured in bench/hostile_input.py, not timed in the tests.
    hostile = ("a " * 2500 + "1,000 " * 300 + "   " * 300 + "a" * 3000) + "!"
    assert compile_pattern(pattern).search(hostile) is None


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
