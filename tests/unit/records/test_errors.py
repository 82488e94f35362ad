"""Errors at a file and line, and the quoted lines that go with them."""

from __future__ import annotations

from pytest_claims.records.errors import DocumentError, RuleError, format_excerpt, split_lines


def test_format_excerpt_widens_numbers_and_clamps_to_the_file() -> None:
    lines = [f"line {n}" for n in range(1, 121)]
    assert format_excerpt(lines, 100) == "   99 | line 99\n> 100 | line 100"
    assert format_excerpt(lines, 500).endswith("> 120 | line 120")
    assert format_excerpt([], 3) == ""


def test_format_excerpt_marks_the_lines_and_puts_a_caret_under_the_column() -> None:
    lines = ["check: trend", "directon: decreasing", "", "# a comment"]
    assert format_excerpt(lines, 2) == "   1 | check: trend\n>  2 | directon: decreasing"
    assert format_excerpt(lines, 2, 4, column=3) == ("   1 | check: trend\n>  2 | directon: decreasing\n"
                                                     "     |    ^")


def test_format_excerpt_shows_at_most_six_marked_lines() -> None:
    lines = [f"item: {n}" for n in range(1, 21)]
    excerpt = format_excerpt(lines, 2, 20, context=0).splitlines()
    assert excerpt[:2] == [">  2 | item: 2", ">  3 | item: 3"] and len(excerpt) == 7
    assert excerpt[-1] == "     | ... (13 more lines)"


def test_split_lines_splits_at_every_line_break_yaml_knows() -> None:
    assert split_lines("a\r\nb\rc\nd\x85e\u2028f") == ("a", "b", "c", "d", "e", "f")


def test_errors_render_as_path_line_message_and_the_excerpt() -> None:
    error = RuleError("unknown key 'directon'", "rules/x.yaml", 3, "> 3 | directon: decreasing")
    assert str(error) == "rules/x.yaml:3: unknown key 'directon'\n> 3 | directon: decreasing"
    assert error.location == "rules/x.yaml:3"
    assert str(DocumentError("empty document", "a.txt")) == "a.txt: empty document"
    assert str(DocumentError("no documents")) == "no documents"
