"""Units of claims and limits: resolving what a rule writes, converting exactly, comparing limits with units."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st
from helpers.claims import make_claim

from pytest_claims.checks.bounds import Bounds
from pytest_claims.language.selectors import Selector
from pytest_claims.language.units import PINT_NAMES, Limit, conversion, parse_limit, resolve_unit
from pytest_claims.records.intervals import Ends, can_be_equal, exact
from pytest_claims.records.model import MEASURE, Claim
from quantulum3 import load


@pytest.mark.parametrize(("written", "key"), [
    ("USD", "USD"), ("usd", "USD"), ("$", "USD"), ("dollar", "USD"), ("US$", "USD"), ("GBP", "GBP"), ("£", "GBP"),
    ("C$", "CAD"), ("EUR", "EUR"), ("Rs", "INR"), ("km/h", "kilometre per hour"),
    ("kilometre per hour", "kilometre per hour"), ("kph", "kilometre per hour"), ("mph", "mile per hour"),
    ("MW", "megawatt"), ("megawatt", "megawatt"), ("mW", "milliwatt"), ("  square  kilometre ", "square kilometre"),
])
def test_a_unit_as_a_rule_writes_it_resolves_to_its_key(written: str, key: str) -> None:
    assert resolve_unit(written) == key


@pytest.mark.parametrize(("written", "message"), [
    ("kmph", "unknown unit 'kmph'; did you mean 'mph', 'kph', 'kmh'?"),
    ("C", "unit 'C' may mean centavo or coulomb or degree Celsius: write the unit's name"),
    ("%", "'%' is not a unit: shares have no unit"),
    ("zzzz", "unknown unit 'zzzz' (write a currency code"),
])
def test_an_unknown_or_ambiguous_unit_is_refused_with_a_hint(written: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        resolve_unit(written)
    assert str(error.value).startswith(message)


def test_every_unit_of_the_conversion_table_is_a_quantulum_unit_that_converts_to_itself() -> None:
    names = load.units("en_US").names
    assert [name for name in PINT_NAMES if name not in names] == []
    assert all(conversion(name, name) == conversion("USD", "USD") for name in PINT_NAMES)


@pytest.mark.parametrize(("source", "target", "scale", "offset"), [
    ("mile per hour", "kilometre per hour", Fraction("1.609344"), 0),
    ("degree Celsius", "degree fahrenheit", Fraction(9, 5), 32),
    ("square mile", "square kilometre", Fraction("2.589988110336"), 0),
    ("megawatt", "gigawatt", Fraction(1, 1000), 0),
    ("year", "day", Fraction("365.25"), 0),
])
def test_conversions_are_exact(source: str, target: str, scale: Fraction, offset: int) -> None:
    found = conversion(source, target)
    assert found is not None and (found.scale, found.offset) == (scale, offset)


@pytest.mark.parametrize(("source", "target"), [("USD", "GBP"), ("megawatt", "kilometre per hour"),
                                                 ("mile per hour", "USD"), ("coulomb", "degree Celsius")])
def test_currencies_and_different_dimensions_do_not_convert(source: str, target: str) -> None:
    assert conversion(source, target) is None


@pytest.mark.parametrize(("written", "value", "unit"), [
    ("10 billion USD", 10**10, "USD"), ("$10 billion", 10**10, "USD"), ("USD 12 million", 12 * 10**6, "USD"),
    ("300 km/h", 300, "kilometre per hour"), ("300km/h", 300, "kilometre per hour"),
    ("-5 degree Celsius", -5, "degree Celsius"), ("1,500.5 MW", Fraction("1500.5"), "megawatt"),
])
def test_a_limit_with_its_unit_is_read(written: str, value: Fraction, unit: str) -> None:
    assert parse_limit(written) == Limit(Fraction(value), unit)


@pytest.mark.parametrize(("written", "value"), [(40, 40.0), ("1,000", 1000.0), ("5 %", 0.05), ("85%", 0.85)])
def test_a_limit_without_a_unit_is_a_plain_number_as_before(written: object, value: float) -> None:
    assert parse_limit(written) == value


# ---------------------------------------------------------------- properties

#: pairs of units that convert, from the table
PAIRS = [(a, b) for a in PINT_NAMES for b in PINT_NAMES if a != b and conversion(a, b) is not None]
#: numbers as prose writes them: at most six decimals
WRITTEN = st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False, allow_infinity=False)


def test_there_are_many_pairs_to_try() -> None:
    assert len(PAIRS) > 200


@given(st.sampled_from(PAIRS), WRITTEN, WRITTEN)
def test_converting_there_and_back_keeps_values_and_their_order(pair: tuple[str, str], x: object,
                                                                y: object) -> None:
    there = conversion(*pair)
    assert there is not None
    a, b = Fraction(str(x)), Fraction(str(y))
    assert there.inverse()(there(a)) == a
    assert (a < b) == (there(a) < there(b)) and (a == b) == (there(a) == there(b))


def measured(value: float, unit: str) -> Claim:
    """A measure of ``value`` in quantulum3's unit ``unit`` ("" for none)."""
    claim = make_claim(f"It measured {value} units.", str(value), value=value, kind=MEASURE, counts=None)
    return replace(claim, quantity=replace(claim.quantity, unit=unit))


@given(st.sampled_from(PAIRS), WRITTEN)
def test_a_value_exactly_at_a_limit_in_another_unit_never_fails(pair: tuple[str, str], x: object) -> None:
    source, target = pair
    value = float(str(x))
    claim = measured(value, source)
    convert = conversion(source, target)
    assert convert is not None
    at_limit = convert(exact(value))
    for bounds in (Bounds(max=Limit(at_limit, target)), Bounds(min=Limit(at_limit, target)),
                   Bounds(min=Limit(at_limit, target), max=Limit(at_limit, target))):
        result = bounds.evaluate({"claims": [claim]})
        assert (result.violations, result.comparisons) == ((), 1), bounds


@given(st.sampled_from(PAIRS), WRITTEN, st.fractions(min_value=Fraction(1, 10**6), max_value=10**6))
def test_a_limit_in_another_unit_fails_exactly_when_the_converted_value_is_beyond_it(
        pair: tuple[str, str], x: object, gap: Fraction) -> None:
    source, target = pair
    value = float(str(x))
    convert = conversion(source, target)
    assert convert is not None
    converted = convert(exact(value))
    below, above = Bounds(max=Limit(converted - gap, target)), Bounds(min=Limit(converted + gap, target))
    for bounds in (below, above):
        result = bounds.evaluate({"claims": [measured(value, source)]})
        assert len(result.violations) == 1
        # the brute-force reference: the converted point against the limits
        assert not can_be_equal(Ends.point(converted), bounds._allowed())


def test_a_plain_limit_beside_a_limit_with_a_unit_takes_its_unit() -> None:
    bounds = Bounds(min=0, max=parse_limit("300 km/h"))
    assert bounds.describe() == "values within [0, 300] kilometre per hour"


def test_a_unit_limit_skips_claims_it_cannot_compare_and_counts_them() -> None:
    claims = [measured(6e6, "pound sterling"), measured(2.5e9, "dollar"), measured(7.0, "")]
    result = Bounds(max=parse_limit("10 billion USD")).evaluate({"claims": claims})
    assert result.comparisons == 1 and result.violations == ()
    assert result.notes == ("1 claim in GBP not compared with a limit in USD",
                            "1 claim without a unit not compared with a limit in USD")


# ---------------------------------------------------------------- the selector


@pytest.mark.parametrize(("unit", "selector", "reason"), [
    ("mile per hour", ("mph",), None),
    ("mile per hour", ("km/h",), "unit is mile per hour, not km/h"),
    ("united states dollar", ("usd",), None),
    ("dollar", ("USD", "GBP"), None),
    ("pound sterling", ("USD", "EUR"), "unit is GBP, not one of: USD, EUR"),
    ("", ("USD",), "a measure has no unit, not USD"),
])
def test_unit_selects_the_unit_as_written(unit: str, selector: tuple[str, ...], reason: object) -> None:
    assert Selector(unit=selector).reject_reason(measured(5.0, unit)) == reason


def test_an_unknown_unit_in_a_selector_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown unit 'kmph'; did you mean"):
        Selector(unit=("kmph",))


@pytest.mark.parametrize(("sentence", "written", "key"), [
    ("Turnover fell to 1.8 billion kronor.", "SEK", "SEK"),
    ("The start-up raised NT$65 million.", "TWD", "TWD"),
    ("The destroyer has a range of 8,000 nautical miles.", "nautical mile", "nautical mile"),
])
def test_units_our_readers_name_are_selectable(sentence: str, written: str, key: str) -> None:
    """Currencies and units quantulum3 does not know, read by prose/money.py, resolve like its own."""
    from pytest_claims import extract
    from pytest_claims.language.units import resolve_unit, unit_key

    [quantity] = extract(sentence)
    assert unit_key(quantity.unit) == key == resolve_unit(written)
