"""Tests for pytest_claims.language.expressions.

* parsing examples as tables: exact trees, names, texts, and every error with
  its message and column;
* interval arithmetic examples, including the open-end and infinite cases;
* Hypothesis properties: the parser raises nothing but ExpressionError; every
  operation's enclosure contains the exact result at points inside its
  operands (soundness) and its ends are reached or approached by such points
  (tightness); a condition that holds at some points inside the intervals is
  never reported as failing.
"""

from __future__ import annotations

import math
import pickle
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.intervals import closed, intervals, point, points_in

from pytest_claims.language.expressions import (COMPARISONS, BinOp, Comparison, Condition, ExpressionError, Name,
                                                Negate, Number, can_hold, enclosure, failing, holds_at, parse)
from pytest_claims.records.intervals import Ends, add, describe_ends

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
INF = math.inf
F = Fraction


def num(text: str, value: object) -> Number:
    return Number(Fraction(value), text)  # type: ignore[arg-type]


a0, b4 = Name("a", 0), Name("b", 4)

# ---------------------------------------------------------------- parsing examples

#: text -> the single comparison it parses to
SINGLE = [
    ("a < b", Comparison(a0, "<", Name("b", 4), "a < b")),
    ("a <= b", Comparison(a0, "<=", Name("b", 5), "a <= b")),
    ("a == b", Comparison(a0, "==", Name("b", 5), "a == b")),
    ("a != b", Comparison(a0, "!=", Name("b", 5), "a != b")),
    ("a >= b", Comparison(a0, ">=", Name("b", 5), "a >= b")),
    ("a > b", Comparison(a0, ">", Name("b", 4), "a > b")),
    ("a + b < 1", Comparison(BinOp("+", a0, b4), "<", num("1", 1), "a + b < 1")),
    ("a - b < 1", Comparison(BinOp("-", a0, b4), "<", num("1", 1), "a - b < 1")),
    ("a * b < 1", Comparison(BinOp("*", a0, b4), "<", num("1", 1), "a * b < 1")),
    ("a / b < 1", Comparison(BinOp("/", a0, b4), "<", num("1", 1), "a / b < 1")),
    ("a + b * c <= d", Comparison(BinOp("+", a0, BinOp("*", b4, Name("c", 8))), "<=", Name("d", 13),
                                  "a + b * c <= d")),
    ("a * b + c <= d", Comparison(BinOp("+", BinOp("*", a0, b4), Name("c", 8)), "<=", Name("d", 13),
                                  "a * b + c <= d")),
    ("a - b - c <= 0", Comparison(BinOp("-", BinOp("-", a0, b4), Name("c", 8)), "<=", num("0", 0),
                                  "a - b - c <= 0")),
    ("a / b / c <= 0", Comparison(BinOp("/", BinOp("/", a0, b4), Name("c", 8)), "<=", num("0", 0),
                                  "a / b / c <= 0")),
    ("a - b * c / d > 0", Comparison(
        BinOp("-", a0, BinOp("/", BinOp("*", b4, Name("c", 8)), Name("d", 12))), ">", num("0", 0),
        "a - b * c / d > 0")),
    ("(a + b) * c <= d", Comparison(BinOp("*", BinOp("+", Name("a", 1), Name("b", 5)), Name("c", 10)),
                                    "<=", Name("d", 15), "(a + b) * c <= d")),
    ("((a)) <= b", Comparison(Name("a", 2), "<=", Name("b", 9), "((a)) <= b")),
    ("-a <= b", Comparison(Negate(Name("a", 1)), "<=", Name("b", 6), "-a <= b")),
    ("- -a <= b", Comparison(Negate(Negate(Name("a", 3))), "<=", Name("b", 8), "- -a <= b")),
    ("a * -b <= 0", Comparison(BinOp("*", a0, Negate(Name("b", 5))), "<=", num("0", 0), "a * -b <= 0")),
    ("-a * b <= 0", Comparison(BinOp("*", Negate(Name("a", 1)), Name("b", 5)), "<=", num("0", 0),
                               "-a * b <= 0")),
    ("a - -1 > 0", Comparison(BinOp("-", a0, Negate(num("1", 1))), ">", num("0", 0), "a - -1 > 0")),
    ("-(a + b) < 0", Comparison(Negate(BinOp("+", Name("a", 2), Name("b", 6))), "<", num("0", 0),
                                "-(a + b) < 0")),
    ("x <= 1,000", Comparison(Name("x", 0), "<=", num("1,000", 1000), "x <= 1,000")),
    ("x <= 250,000", Comparison(Name("x", 0), "<=", num("250,000", 250000), "x <= 250,000")),
    ("x <= 1,234,567.5", Comparison(Name("x", 0), "<=", num("1,234,567.5", F(2469135, 2)),
                                    "x <= 1,234,567.5")),
    ("x <= 85%", Comparison(Name("x", 0), "<=", num("85%", F(17, 20)), "x <= 85%")),
    ("x <= 0.5%", Comparison(Name("x", 0), "<=", num("0.5%", F(1, 200)), "x <= 0.5%")),
    ("x <= .5", Comparison(Name("x", 0), "<=", num(".5", F(1, 2)), "x <= .5")),
    ("x <= 2.5", Comparison(Name("x", 0), "<=", num("2.5", F(5, 2)), "x <= 2.5")),
    ("x <= 1000", Comparison(Name("x", 0), "<=", num("1000", 1000), "x <= 1000")),
    ("a<=b", Comparison(a0, "<=", Name("b", 3), "a<=b")),
    ("  a \t<=\n b  ", Comparison(Name("a", 2), "<=", Name("b", 9), "a \t<=\n b")),
    ("_x1 >= Killed_2", Comparison(Name("_x1", 0), ">=", Name("Killed_2", 7), "_x1 >= Killed_2")),
    ("android >= 0", Comparison(Name("android", 0), ">=", num("0", 0), "android >= 0")),
]


@pytest.mark.parametrize(("text", "expected"), SINGLE, ids=[text.strip() for text, _ in SINGLE])
def test_parse_single_comparison(text: str, expected: Comparison) -> None:
    assert parse(text) == Condition(text, (expected,))


def test_parse_chained_comparison_shares_the_middle_operand() -> None:
    share = Name("share", 5)
    assert parse("0 <= share <= 100%").comparisons == (
        Comparison(num("0", 0), "<=", share, "0 <= share"),
        Comparison(share, "<=", num("100%", 1), "share <= 100%"),
    )


def test_parse_and() -> None:
    condition = parse("killed - wounded >= 0 and children <= killed")
    assert condition.comparisons == (
        Comparison(BinOp("-", Name("killed", 0), Name("wounded", 9)), ">=", num("0", 0),
                   "killed - wounded >= 0"),
        Comparison(Name("children", 26), "<=", Name("killed", 38), "children <= killed"),
    )
    assert condition.names == ("killed", "wounded", "children")
    assert condition.name_column("killed") == 0
    assert condition.name_column("children") == 26


@pytest.mark.parametrize(("text", "names"), [
    ("captured + held <= 1", ("captured", "held")),
    ("held >= captured and captured + held <= 1", ("held", "captured")),
    ("0 <= share <= 100%", ("share",)),
    ("1 <= 2", ()),
    ("a * a - a <= b / a", ("a", "b")),
], ids=lambda value: value if isinstance(value, str) else None)
def test_names_once_in_order_of_appearance(text: str, names: tuple[str, ...]) -> None:
    assert parse(text).names == names


def test_name_column_is_the_first_appearance() -> None:
    condition = parse("held >= captured and captured + held <= 1")
    assert condition.name_column("captured") == 8
    assert condition.name_column("held") == 0
    with pytest.raises(KeyError):
        condition.name_column("killed")


def test_and_chains_several_comparisons() -> None:
    condition = parse("a < b and b < c and 0 <= c <= 1")
    assert [c.text for c in condition.comparisons] == ["a < b", "b < c", "0 <= c", "c <= 1"]


# ---------------------------------------------------------------- errors

#: (text, message fragment, column)
ERRORS = [
    ("a ^ b", "unexpected '^' (operators are + - * / and comparisons", 2),
    ("a = b", "'=' compares nothing: write '==' to compare", 2),
    ("a < = b", "'=' compares nothing", 4),
    ("a + <= b", "expected a name, a number or '(' after '+'", 4),
    ("a <= ", "expected a name, a number or '(' after '<='", 4),
    ("a <= -", "expected a name, a number or '(' after '-'", 6),
    ("a <= b <", "expected a name, a number or '(' after '<'", 8),
    ("+a <= b", "expected a name, a number or '(' at the start, found '+'", 0),
    ("a <= b)", "')' without a matching '('", 6),
    ("a) <= b", "')' without a matching '('", 1),
    (") <= b", "')' without a matching '('", 0),
    ("(a + b", "missing ')'", 0),
    ("((a + b) * c", "missing ')'", 0),
    ("((a + b) * c <= d", "parentheses only group arithmetic (or is a ')' missing before it?)", 13),
    ("() <= a", "empty parentheses", 0),
    ("killed", "the expression compares nothing: write e.g. 'children <= killed'", 0),
    ("  a + b", "the expression compares nothing", 2),
    ("a <= b and", "'and' needs a comparison on both sides", 7),
    ("and a <= b", "'and' needs a comparison on both sides", 0),
    ("a and b <= c", "'and' needs a comparison on both sides", 2),
    ("a <= b and c", "'and' needs a comparison on both sides", 7),
    ("a >= 0 and and b >= 0", "'and' needs a comparison on both sides", 7),
    ("(a <= b) and (c <= d)", "parentheses only group arithmetic", 3),
    ("(a + b and c) <= d", "a comparison cannot be chained with 'and' inside parentheses", 7),
    ("x <= 1,00", "number '1,00' is malformed", 5),
    ("x <= 1,0000", "number '1,0000' is malformed", 5),
    ("x <= 1.2.3", "number '1.2.3' is malformed", 5),
    ("x <= 0,5", "number '0,5' is malformed", 5),
    ("x <= 85 %", "'%' must directly follow a number", 8),
    ("x <= 85%%", "'%' must directly follow a number", 8),
    ("a <= b.", "unexpected '.'", 6),
    ("", "empty expression", 0),
    (" \t\n", "empty expression", 0),
    ("a ** 2 <= b", "powers ('**') are not supported", 2),
    ("a // 2 <= b", "'//' is not supported", 2),
    ("a <> b", "write '!='", 2),
    ("a => b", "write '>='", 2),
    ("a =< b", "write '<='", 2),
    ("a ≤ b", "write '<='", 2),
    ("a <= b && c <= d", "write 'and'", 7),
    ("a <= b AND c <= d", "write 'and' in lower case", 7),
    ("not a <= b", "'not' is not supported", 0),
    ("a <= b or c <= d", "'or' is not supported: write two rules", 7),
    ("a <= b || c <= d", "'or' is not supported: write two rules", 7),
    ("abs(x) <= 1", "function calls are not supported", 0),
    ("a <= max(b, c)", "function calls are not supported", 5),
    ("__import__('os') == 1", "function calls are not supported", 0),
    ("a b <= c", "missing an operator between 'a' and 'b'", 2),
    ("2(a) <= b", "missing an operator between '2' and '('", 1),
    ("x <= 1e5", "missing an operator between '1' and 'e5'", 6),
    ("a, b <= c", "commas only separate thousands", 1),
    ("a <= 'b'", "names are written without quotes", 5),
    ("café <= 1", "unexpected 'é'", 3),
    ("a <= b\x00", "unexpected '\\x00'", 6),
    ("x" * 501, "too long", 500),
    ("(" * 31 + "a" + ")" * 31 + " <= 1", "too many nested parentheses (at most 30)", 30),
    (" + ".join(["a"] * 51) + " <= 1", "too long", 200),
    ("(" * 10000, "too long", 500),
]


@pytest.mark.parametrize(("text", "fragment", "column"), ERRORS,
                         ids=[repr(text[:25]) for text, _, _ in ERRORS])
def test_parse_errors(text: str, fragment: str, column: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert fragment in caught.value.message
    assert caught.value.column == column
    assert str(caught.value) == caught.value.message


def test_expression_error_is_a_value_error_and_pickles() -> None:
    error = ExpressionError("missing ')'", 3)
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.column) == ("missing ')'", 3)


def test_non_text_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError, match="must be text"):
        parse(5)  # type: ignore[arg-type]


def test_limits_allow_what_they_promise() -> None:
    deep = "(" * 30 + "a" + ")" * 30 + " <= 1"
    assert parse(deep).names == ("a",)
    minus = "-" * 97 + "a <= 1"  # 100 tokens
    condition = parse(minus)
    assert holds_at(condition, {"a": F(-1)})  # 97 minus signs: -a <= 1
    assert not holds_at(condition, {"a": F(-2)})
    assert not failing(condition, {"a": closed(-2, 0)})
    assert failing(condition, {"a": closed(-3, -2)}) == condition.comparisons
    assert parse("a" * 480 + " <= 1").names == ("a" * 480,)


# ---------------------------------------------------------------- interval examples


def test_more_than_three_quarters_plus_a_quarter_is_above_one() -> None:
    """The writer's "more than" is an open end: (0.75, 1] + 0.25 is (1, 1.25], never 1."""
    values = {"most": Ends(F(3, 4), F(1), False, True), "rest": point(F(1, 4))}
    assert describe_ends(add(values["most"], values["rest"])) == "(1, 1.25]"
    assert failing(parse("most + rest == 1"), values) != ()
    assert failing(parse("most + rest <= 1"), values) != ()
    assert failing(parse("most + rest > 1"), values) == ()
    values["most"] = closed(F(3, 4), 1)  # "at least three quarters" can be exactly 0.75
    assert failing(parse("most + rest == 1"), values) == ()


@pytest.mark.parametrize(("killed", "holds"), [
    (Ends(F(300), INF, False, False), True),  # "more than 300 killed"
    (point(12), False),  # "12 killed"
    (point(31), True),
    (Ends(F(0), F(31), True, False), False),  # "fewer than 31"
], ids=["more-than-300", "12", "31", "fewer-than-31"])
def test_children_among_killed(killed: Ends, holds: bool) -> None:
    condition = parse("children <= killed")
    values = {"children": point(31), "killed": killed}
    assert (failing(condition, values) == ()) is holds
    assert can_hold(condition.comparisons[0], values) is holds


def test_chained_share_reports_the_broken_part() -> None:
    condition = parse("0 <= share <= 100%")
    assert failing(condition, {"share": point(F(85, 100))}) == ()
    broken = failing(condition, {"share": Ends(F(6, 5), INF, False, False)})
    assert [c.text for c in broken] == ["share <= 100%"]


def test_captured_and_held_shares() -> None:
    condition = parse("captured + held <= 1")
    assert failing(condition, {"captured": point(F(3, 4)), "held": Ends(F(0), F(1, 4), True, True)}) == ()
    assert failing(condition, {"captured": point(F(3, 4)), "held": Ends(F(1, 4), F(1), False, True)}) != ()


@pytest.mark.parametrize(("left", "right", "holds"), [
    (point(5), point(5), False),
    (point(5), point(6), True),
    (closed(5, 6), point(5), True),
    (Ends(F(5), F(6), False, False), Ends(F(5), F(6), False, False), True),
], ids=["same-point", "different-points", "range-and-point", "same-open-range"])
def test_not_equal(left: Ends, right: Ends, holds: bool) -> None:
    assert can_hold(parse("a != b").comparisons[0], {"a": left, "b": right}) is holds


def test_not_equal_to_itself_at_a_point() -> None:
    comparison = parse("a != a").comparisons[0]
    assert not can_hold(comparison, {"a": point(3)})
    assert can_hold(comparison, {"a": closed(3, 4)})  # dependency problem: missed, still sound


def test_repeated_names_widen_but_stay_sound() -> None:
    """``a - a`` encloses [-1, 1] for a in [0, 1]: a contradiction needing the repetition is missed."""
    values = {"a": closed(0, 1)}
    assert describe_ends(enclosure(parse("a - a == 0").comparisons[0].left, values)) == "[-1, 1]"
    assert failing(parse("a - a >= 1"), values) == ()  # impossible, but not reported
    assert failing(parse("a - a >= 2"), values) != ()


def test_an_empty_interval_fails_every_comparison() -> None:
    empty = Ends(F(1), F(1), True, False)
    for text in ("a <= b", "a >= b", "a == b", "a != b", "a - a <= 1"):
        assert failing(parse(text), {"a": empty, "b": Ends(-INF, INF, False, False)}) != ()


def test_holds_at_is_exact_and_false_on_division_by_zero() -> None:
    assert holds_at(parse("a / b == 0.5"), {"a": F(1), "b": F(2)})
    assert not holds_at(parse("a / b == 0.5"), {"a": F(1), "b": F(3)})
    assert not holds_at(parse("a / b != 7"), {"a": F(1), "b": F(0)})
    assert holds_at(parse("0.1 + 0.2 == 0.3"), {})
    assert holds_at(parse("a == 57%"), {"a": 0.57})


def test_missing_names_raise_key_error() -> None:
    condition = parse("a <= b")
    with pytest.raises(KeyError):
        failing(condition, {"a": point(1)})
    with pytest.raises(KeyError):
        holds_at(condition, {"b": F(1)})


# ---------------------------------------------------------------- properties: parser

TOKENS = ["a", "b", "killed", "1", "1,000", "2.5", ".5", "85%", "+", "-", "*", "/", "(", ")",
          "<", "<=", "==", "!=", ">=", ">", "and", "or", "not", "=", "%", ",", ".", "**", "f("]


def check_parse_outcome(text: str) -> None:
    """Either a condition consistent with its text, or an ExpressionError pointing into it."""
    try:
        condition = parse(text)
    except ExpressionError as error:
        assert error.message
        assert 0 <= error.column <= max(len(text), 500)
        return
    assert condition.comparisons
    for comparison in condition.comparisons:
        assert comparison.op in COMPARISONS
        assert comparison.text and comparison.text in text
    for name in condition.names:
        column = condition.name_column(name)
        assert text[column:column + len(name)] == name


@PROPERTY_SETTINGS
@given(st.text(max_size=600))
def test_parse_arbitrary_text(text: str) -> None:
    check_parse_outcome(text)


@PROPERTY_SETTINGS
@given(st.text(alphabet="ab_019,.%+-*/()<>=! \tandortx", max_size=120))
def test_parse_grammar_alphabet(text: str) -> None:
    check_parse_outcome(text)


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=120), st.sampled_from([" ", ""]))
def test_parse_token_soup(tokens: list[str], separator: str) -> None:
    check_parse_outcome(separator.join(tokens))


@pytest.mark.parametrize("text", [
    "(" * 10000, ")" * 10000, "-" * 10000 + "a", "(" * 400, "-(" * 200 + "a" + ")" * 200 + " < 1",
    "a" + " + a" * 3000 + " <= 1", "(" * 30 + "-(" + "a" + "))" + ")" * 29 + "<= 1",
], ids=["open", "close", "minus", "open-400", "minus-open", "long-sum", "depth-31"])
def test_deep_or_long_input_is_an_expression_error(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)


# ---------------------------------------------------------------- properties: conditions

NAMES = ("a", "b", "c")
LEAVES = st.one_of(st.sampled_from(NAMES), st.sampled_from(["0", "1", "2", "0.5", "50%", "1,000"]))
EXPRESSIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"-{e}")),
    max_leaves=5)


@PROPERTY_SETTINGS
@given(st.lists(EXPRESSIONS, min_size=3, max_size=3), st.booleans(), st.data())
def test_a_condition_that_holds_somewhere_never_fails(
        expressions: list[str], chained: bool, data: st.DataObject) -> None:
    """Soundness of can_hold: values inside the intervals that satisfy a condition rule out a report.

    Every pair of operators is tried, so some combination always holds unless
    a division by zero gets in the way; ``assume`` makes Hypothesis complain
    if that leaves too few examples.
    """
    values = {name: data.draw(intervals(), label=name) for name in NAMES}
    points = {name: data.draw(points_in(values[name]), label=f"{name} point") for name in NAMES}
    e1, e2, e3 = expressions
    held = 0
    for op1, op2 in product(COMPARISONS, repeat=2):
        text = f"{e1} {op1} {e2} {op2} {e3}" if chained else f"{e1} {op1} {e2} and {e3} {op2} {e1}"
        condition = parse(text)
        assert len(condition.comparisons) == 2
        if holds_at(condition, points):
            held += 1
            assert failing(condition, values) == ()
        for comparison in condition.comparisons:
            single = Condition(comparison.text, (comparison,))
            if holds_at(single, points):
                assert can_hold(comparison, values)
    assume(held > 0)
