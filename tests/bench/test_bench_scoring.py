"""The extraction benchmark's scoring logic (bench/scoring.py): exact cases and properties."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.paths import BENCH, DEVSETS

sys.path.insert(0, str(BENCH))

from scoring import (  # noqa: E402
    SPAN_SETS, UNIT_NAMES, GoldItem, Pred, Score, Skipped, SpanGold, SpanOutcome, SpanScore, is_year, load_errors,
    load_set, load_span_set, match, match_spans, overlaps, parse_interval, parse_resolution, pred_from_quantity,
    pred_from_quantulum, qualifier_ok, quantulum_gold, score_case, score_spans, span_gold, span_total, span_unit_ok,
    span_value_ok, total, unmapped_units, value_matches, without_years,
)


def point(v: float, qualifier: str | None = None) -> Pred:
    return Pred(v, v, v, qualifier)


# ---------------------------------------------------------------- interval notation


@pytest.mark.parametrize(
    "notation, low, high, low_inc, high_inc, shape",
    [
        ("(,700]", None, 700.0, False, True, "upper"),
        ("(30,)", 30.0, None, False, False, "lower"),
        ("[30,)", 30.0, None, True, False, "lower"),
        ("[20,30)", 20.0, 30.0, True, False, "range"),
        ("(20,35]", 20.0, 35.0, False, True, "range"),
        ("[20,20]", 20.0, 20.0, True, True, "point"),
        ("(,-30)", None, -30.0, False, False, "upper"),
        ("[0.4,)", 0.4, None, True, False, "lower"),
    ],
)
def test_parse_interval(notation: str, low, high, low_inc: bool, high_inc: bool, shape: str) -> None:
    gold = parse_interval(notation)
    assert (gold.low, gold.high, gold.low_inclusive, gold.high_inclusive, gold.shape) == (
        low, high, low_inc, high_inc, shape)


@pytest.mark.parametrize("bad", ["(,)", "20", "[20;30]", ""])
def test_parse_interval_rejects_other_text(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(bad)


def test_parse_resolution_number_percent_and_null() -> None:
    assert parse_resolution("1E-12") == GoldItem.point(1e-12)
    assert parse_resolution("100%") == GoldItem.point(100.0, "percent")
    assert parse_resolution("-5%") == GoldItem.point(-5.0, "percent")
    assert parse_resolution("null") is None
    assert parse_resolution(None) is None
    assert parse_resolution("(,700]").shape == "upper"


def test_value_of_each_shape_is_the_written_number() -> None:
    assert parse_interval("(,700]").value == 700
    assert parse_interval("[30,)").value == 30
    assert parse_interval("[20,20]").value == 20
    assert parse_interval("[20,30)").value == 25


# ---------------------------------------------------------------- quantulum3 gold


def test_dozen_units_become_counts() -> None:
    assert quantulum_gold({"value": 1.0, "unit": "dozen", "surface": "a dozen"}) == GoldItem.point(12.0, "", "a dozen")
    assert quantulum_gold({"value": 1.0, "unit": "baker's dozen"}).value == 13
    assert quantulum_gold({"value": 2.0, "unit": "gross"}).value == 288
    three_to_five = quantulum_gold({"value": 4.0, "unit": "dozen", "uncertainty": 1.0})
    assert (three_to_five.low, three_to_five.high) == (36.0, 60.0)


def test_other_units_and_ranges_are_kept() -> None:
    assert quantulum_gold({"value": 2, "unit": "metre"}) == GoldItem.point(2.0, "metre")
    assert quantulum_gold({"value": 860.0, "unit": "dimensionless", "uncertainty": None}).shape == "point"
    rng = quantulum_gold({"value": 3.5, "unit": "litre", "uncertainty": 0.5})
    assert (rng.low, rng.high, rng.shape, rng.unit) == (3.0, 4.0, "range", "litre")


# ---------------------------------------------------------------- adapters


def test_quantulum_adapter_point_and_range() -> None:
    unit = SimpleNamespace(name="litre")
    assert pred_from_quantulum(SimpleNamespace(value=3, uncertainty=None, unit=unit, surface="3 L")) == Pred(
        3.0, 3.0, 3.0, None, unit="litre", surface="3 L")
    rng = pred_from_quantulum(SimpleNamespace(value=3.5, uncertainty=0.5, unit=unit, surface="3 to 4 L"))
    assert (rng.value, rng.low, rng.high, rng.qualifier) == (3.5, 3.0, 4.0, "range")


def test_quantity_adapter_keeps_bounds_and_inclusivity() -> None:
    q = SimpleNamespace(value=700.0, low=0.0, high=700.0, qualifier="less_than", low_inclusive=True,
                        high_inclusive=False, unit="", surface="less than 700", total=40)
    assert pred_from_quantity(q) == Pred(700.0, 0.0, 700.0, "less_than", True, False, "", "less than 700")


# ---------------------------------------------------------------- matching


def test_point_gold_matches_written_value_of_an_about_interval() -> None:
    about = Pred(100.0, 90.0, 110.0, "about")
    assert value_matches(GoldItem.point(100.0), about)
    assert not value_matches(GoldItem.point(90.0), about)


def test_range_gold_needs_both_ends() -> None:
    gold = parse_interval("[20,30)")
    assert value_matches(gold, Pred(20.0, 20.0, 30.0, "range"))
    assert not value_matches(gold, Pred(20.0, 20.0, 35.0, "range"))
    assert not value_matches(gold, point(20.0))
    assert not value_matches(gold, point(25.0))


def test_point_gold_ignores_a_range_unless_its_value_is_the_point() -> None:
    assert not value_matches(GoldItem.point(20.0), Pred(25.0, 20.0, 30.0, "range"))
    assert value_matches(GoldItem.point(25.0), Pred(25.0, 20.0, 30.0, "range"))


def test_one_sided_gold_matches_the_finite_end() -> None:
    assert value_matches(parse_interval("(,700]"), Pred(700.0, 0.0, 700.0, "up_to"))
    assert value_matches(parse_interval("(30,)"), point(30.0))
    assert not value_matches(parse_interval("(30,)"), point(31.0))


def test_matching_is_one_to_one() -> None:
    gold = [GoldItem.point(5.0), GoldItem.point(5.0)]
    assert match(gold, [point(5.0)]) == [(0, 0)]
    assert match(gold, [point(5.0), point(5.0)]) == [(0, 0), (1, 1)]


def test_matching_is_maximum_not_greedy() -> None:
    # gold 0 tries prediction 0 first (right qualifier); only an augmenting path frees it for gold 1
    gold = [GoldItem.point(5.0), parse_interval("[5,6]")]
    preds = [Pred(5.0, 5.0, 6.0, None), Pred(5.0, 5.0, None, "at_least")]
    assert match(gold, preds) == [(0, 1), (1, 0)]


def test_matching_prefers_the_prediction_with_the_right_qualifier() -> None:
    gold = [parse_interval("(30,)")]
    preds = [point(30.0), Pred(30.0, 30.0, None, "more_than", low_inclusive=False)]
    assert match(gold, preds) == [(0, 1)]


def test_values_compare_with_a_relative_tolerance() -> None:
    assert value_matches(GoldItem.point(0.666666666666667), point(2 / 3))
    assert not value_matches(GoldItem.point(0.6667), point(2 / 3))


# ---------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    "notation, pred, ok",
    [
        ("[20,20]", point(20.0), True),
        ("[20,20]", Pred(20.0, 18.0, 22.0, "about"), True),
        ("[20,20]", Pred(20.0, 20.0, None, "at_least"), False),
        ("[20,20]", Pred(20.0, 0.0, 20.0, "up_to"), False),
        ("(30,)", Pred(30.0, 30.0, None, "more_than", low_inclusive=False), True),
        ("(30,)", Pred(30.0, 30.0, None, "at_least"), False),
        ("(30,)", point(30.0), False),
        ("[30,)", Pred(30.0, 30.0, None, "at_least"), True),
        ("[30,)", Pred(30.0, 30.0, None, "more_than", low_inclusive=False), False),
        ("(,700]", Pred(700.0, 0.0, 700.0, "up_to"), True),
        ("(,700]", Pred(700.0, None, 700.0, "up_to"), True),
        ("(,700]", Pred(700.0, 0.0, 700.0, "less_than", high_inclusive=False), False),
        ("(,700)", Pred(700.0, 0.0, 700.0, "less_than", high_inclusive=False), True),
        ("(,700)", Pred(700.0, 600.0, 700.0, "less_than", high_inclusive=False), False),
        ("(,-30)", Pred(-30.0, 0.0, -30.0, "less_than", high_inclusive=False), False),
        ("(,-30)", Pred(-30.0, None, -30.0, "less_than", high_inclusive=False), True),
        ("(,700]", point(700.0), False),
        ("[20,30)", Pred(25.0, 20.0, 30.0, "range"), True),  # inclusivity not scored for ranges
        ("[20,30)", Pred(25.0, 20.0, 30.0, "range", False, False), True),
    ],
)
def test_qualifier_ok(notation: str, pred: Pred, ok: bool) -> None:
    assert qualifier_ok(parse_interval(notation), pred) is ok


def test_qualifier_of_a_point_without_bound_words() -> None:
    assert qualifier_ok(GoldItem.point(3.0), Pred(3.0, 3.0, 3.0, None))
    assert not qualifier_ok(GoldItem.point(3.0), Pred(3.0, 2.0, 4.0, "range"))


# ---------------------------------------------------------------- scores


def test_precision_recall_f1_on_a_tiny_case() -> None:
    gold = [GoldItem.point(1.0), GoldItem.point(2.0), parse_interval("(,3]")]
    preds = [point(1.0), Pred(3.0, 0.0, 3.0, "up_to"), point(9.0), point(8.0)]
    score, pairs = score_case(gold, preds)
    assert pairs == [(0, 0), (2, 1)]
    assert score == Score(gold=3, preds=4, matched=2, qualified=2)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert score.qualifier_accuracy == 1.0


def test_scores_micro_average_by_summing_counts() -> None:
    a = Score(gold=2, preds=1, matched=1, qualified=0)
    b = Score(gold=2, preds=3, matched=1, qualified=1)
    both = total([a, b])
    assert both == Score(gold=4, preds=4, matched=2, qualified=1)
    assert (both.precision, both.recall, both.qualifier_accuracy) == (0.5, 0.5, 0.5)


def test_empty_scores_are_zero_not_errors() -> None:
    assert (Score().precision, Score().recall, Score().f1, Score().qualifier_accuracy) == (0.0, 0.0, 0.0, 0.0)


@given(
    st.lists(st.integers(0, 4), max_size=6),
    st.lists(st.integers(0, 4), max_size=6),
    st.randoms(use_true_random=False),
)
def test_matching_size_is_bounded_and_order_free(gold_values: list[int], pred_values: list[int], rnd) -> None:
    gold = [GoldItem.point(float(v)) for v in gold_values]
    preds = [point(float(v)) for v in pred_values]
    pairs = match(gold, preds)
    assert len(pairs) <= min(len(gold), len(preds))
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert all(value_matches(gold[i], preds[j]) for i, j in pairs)
    shuffled = list(preds)
    rnd.shuffle(shuffled)
    assert len(match(gold, shuffled)) == len(pairs)
    # for points the maximum is the multiset overlap
    assert len(pairs) == sum(min(gold_values.count(v), pred_values.count(v)) for v in set(gold_values))


# ---------------------------------------------------------------- real dev sets


def test_real_dev_sets_load_with_their_known_sizes() -> None:
    if not DEVSETS.is_dir():
        pytest.skip(f"dev sets not present at {DEVSETS}")
    expected = {"NumberModel": 235, "NumberRangeModel": 87, "PercentModel": 20, "quantities": 101}
    for name, inputs in expected.items():
        cases = load_set(DEVSETS, name)
        assert len(cases) == inputs, name
        assert sum(len(gold) for _, gold in cases) > 0, name
    assert sum(len(g) for _, g in load_set(DEVSETS, "quantities")) == 148
    ranges = [g for _, gold in load_set(DEVSETS, "NumberRangeModel") for g in gold]
    assert {g.shape for g in ranges} == {"point", "range", "lower", "upper"}
    assert len(load_errors(DEVSETS)) >= 1


@pytest.mark.parametrize(("item", "expected"), [
    (GoldItem.point(1979, "dimensionless", "1979"), True),
    (GoldItem.point(1960, "dimensionless", "1960s"), True),
    (GoldItem.point(1979, "metre", "1979 m"), False),
    (GoldItem.point(2000, "dimensionless", "2,000"), False),
    (GoldItem.point(250, "dimensionless", "250"), False),
], ids=["year", "decade", "with-unit", "written-count", "small-number"])
def test_is_year(item: GoldItem, expected: bool) -> None:
    assert is_year(item) is expected


def test_without_years_drops_only_year_gold_items() -> None:
    cases = [("In 1979 it was 250.", (GoldItem.point(1979, "", "1979"), GoldItem.point(250, "", "250")))]
    assert without_years(cases) == [("In 1979 it was 250.", (GoldItem.point(250, "", "250"),))]


# ---------------------------------------------------------------- span-annotated sets


def money(start: int, end: int, value: float, unit: str = "Dollar", text: str = "") -> SpanGold:
    return SpanGold(start, end, text, value, unit, "currency")


def at(start: int, end: int, value: float, unit: str = "", qualifier: str | None = None,
       low: float | None = None, high: float | None = None) -> Pred:
    return Pred(value, value if low is None else low, value if high is None else high, qualifier, unit=unit,
                span=(start, end))


def test_spans_overlap_by_a_shared_character() -> None:
    gold = money(4, 9, 5.0)  # end exclusive
    assert overlaps(gold, at(0, 5, 5.0))
    assert overlaps(gold, at(8, 12, 5.0))
    assert not overlaps(gold, at(0, 4, 5.0))
    assert not overlaps(gold, at(9, 12, 5.0))
    assert not overlaps(gold, Pred(5.0, 5.0, 5.0))  # a prediction without a span is never found


def test_span_value_is_the_written_value_or_an_end_of_a_range() -> None:
    gold = SpanGold(0, 12, "50 years old", 50.0, "Year", "age")
    assert span_value_ok(gold, at(0, 2, 50.0))
    assert span_value_ok(gold, at(0, 12, 45.0, "year", "range", 40.0, 50.0))
    assert not span_value_ok(gold, at(0, 12, 45.0, "year", "about", 40.0, 50.0))  # an about-band's end is no value
    assert not span_value_ok(gold, at(0, 2, 5.0))


def test_span_units_agree_through_the_one_mapping_table() -> None:
    assert span_unit_ok(money(0, 5, 5.0, "Dollar"), at(0, 5, 5.0, "dollar"))
    assert span_unit_ok(money(0, 5, 5.0, "Dollar"), at(0, 5, 5.0, "united states dollar"))
    assert not span_unit_ok(money(0, 5, 5.0, "United States dollar"), at(0, 5, 5.0, "dollar"))
    assert span_unit_ok(money(0, 5, 5.0, "Canadian dollar"), at(0, 5, 5.0, "canadian dollar"))
    assert not span_unit_ok(money(0, 5, 5.0, "Canadian dollar"), at(0, 5, 5.0, "dollar"))
    assert not span_unit_ok(money(0, 5, 5.0, "Pence"), at(0, 5, 5.0, ""))
    # one name, two types: a pound of money is sterling, a pound of weight is mass
    assert span_unit_ok(money(0, 5, 5.0, "Pound"), at(0, 5, 5.0, "pound sterling"))
    weight = SpanGold(0, 5, "", 5.0, "Pound", "dimension")
    assert span_unit_ok(weight, at(0, 5, 5.0, "pound-mass"))
    assert not span_unit_ok(weight, at(0, 5, 5.0, "pound sterling"))
    hot = SpanGold(0, 5, "", 40.0, "C", "temperature")
    assert span_unit_ok(hot, at(0, 5, 40.0, "degree Celsius"))  # case does not matter
    assert not span_unit_ok(hot, at(0, 5, 40.0, "degree angle degree Celsius"))
    speed = SpanGold(0, 5, "", 10.0, "Kilometer per hour", "dimension")
    assert span_unit_ok(speed, at(0, 5, 10.0, "kilometre per hour"))


def test_an_unlisted_gold_unit_compares_by_its_own_name_and_is_reported() -> None:
    odd = SpanGold(0, 5, "", 5.0, "Florin", "currency")
    assert span_unit_ok(odd, at(0, 5, 5.0, "florin"))
    assert unmapped_units([("5 florins", (odd, money(0, 1, 1.0)))]) == {("currency", "Florin")}
    assert all(name == name.lower() for units in UNIT_NAMES.values() for names in units.values() for name in names)


def test_match_spans_scores_found_value_and_unit_per_gold_item() -> None:
    gold = [money(0, 5, 5.0), money(10, 15, 7.0), money(20, 25, 9.0), money(30, 35, 1.0)]
    preds = [at(0, 5, 5.0, "dollar"), at(11, 15, 8.0, "dollar"), at(20, 22, 9.0, ""), at(40, 44, 1.0, "dollar")]
    outcomes = match_spans(gold, preds)
    assert outcomes == [SpanOutcome(0, True, True), SpanOutcome(1, False, True), SpanOutcome(2, True, False),
                        SpanOutcome()]
    assert [o.right for o in outcomes] == [True, False, False, False]
    score, _ = score_spans(gold, preds)
    assert score == SpanScore(gold=4, found=3, value_ok=2, unit_ok=2, right=1)
    assert (score.recall, score.value_accuracy, score.unit_accuracy) == (0.75, 0.5, 0.5)


def test_one_prediction_serves_one_gold_item_the_one_it_gets_right() -> None:
    # "17 USD 25" read as one prediction overlapping two gold spans: it serves the gold whose value it states
    gold = [money(0, 2, 17.0), money(3, 9, 25.0)]
    assert match_spans(gold, [at(0, 9, 25.0, "dollar")]) == [SpanOutcome(), SpanOutcome(0, True, True)]
    assert match_spans(gold, [at(0, 9, 17.0, "dollar")]) == [SpanOutcome(0, True, True), SpanOutcome()]
    # with two predictions both gold items are found, each by one
    both = match_spans(gold, [at(0, 9, 25.0, "dollar"), at(0, 2, 17.0, "dollar")])
    assert [o.pred for o in both] == [1, 0] and all(o.right for o in both)


def test_more_items_found_beats_a_right_value() -> None:
    # gold 0 could take the prediction with its value, but then gold 1 finds nothing
    gold = [money(0, 10, 5.0), money(8, 20, 6.0)]
    preds = [at(8, 12, 5.0, "dollar"), at(0, 3, 4.0, "dollar")]
    outcomes = match_spans(gold, preds)
    assert [o.pred for o in outcomes] == [1, 0]
    assert [o.value_ok for o in outcomes] == [False, False]


def test_span_scores_add_up() -> None:
    both = span_total([SpanScore(2, 2, 1, 1, 1), SpanScore(3, 1, 1, 0, 0)])
    assert both == SpanScore(5, 3, 2, 1, 1)
    assert (SpanScore().recall, SpanScore().value_accuracy, SpanScore().unit_accuracy) == (0.0, 0.0, 0.0)


def test_adapters_keep_the_span() -> None:
    unit = SimpleNamespace(name="dollar")
    assert pred_from_quantulum(SimpleNamespace(value=5, uncertainty=None, unit=unit, surface="$5", span=(3, 5))).span \
        == (3, 5)
    q = SimpleNamespace(value=5.0, low=5.0, high=5.0, qualifier=None, low_inclusive=True, high_inclusive=True,
                        unit="dollar", surface="$5", span=(3, 5))
    assert pred_from_quantity(q).span == (3, 5)


SHAPES = [
    {"Input": "It cost $ 75 million .", "NotSupported": "javascript", "Results": [
        {"Text": "$ 75 million", "TypeName": "currency", "Start": 8, "End": 19,
         "Resolution": {"value": "75000000", "unit": "Dollar"}}]},
    {"Input": "Pay USD 200 now", "Results": [  # the files' Text is lower-cased
        {"Text": "usd 200", "TypeName": "currency", "Start": 4, "End": 10,
         "Resolution": {"value": "200", "unit": "United States dollar", "isoCurrency": "USD"}}]},
    {"Input": "a 3-inch gap", "Results": [
        {"Text": "3-inch", "TypeName": "dimension", "Start": 2, "End": 7,
         "Resolution": {"value": "3", "unit": "Inch", "subtype": "Length"}}]},
    {"Input": "convert 10 celsius to fahrenheit", "Results": [
        {"Text": "10 celsius", "TypeName": "temperature", "Start": 8, "End": 17,
         "Resolution": {"value": "10", "unit": "C"}},
        {"Text": "fahrenheit", "TypeName": "temperature", "Start": 22, "End": 31,
         "Resolution": {"value": None, "unit": "F"}},
        {"Text": "fahrenheit", "TypeName": "temperature", "Start": 22, "End": 31,
         "Resolution": {"unit": "F"}}]},
    {"Input": "odd ones", "Comment": "made up", "Results": [
        {"Text": "odd", "TypeName": "currency", "Start": 0, "End": 2, "Resolution": {"value": "lots", "unit": "Euro"}},
        {"Text": "odd", "TypeName": "currency", "Start": 0, "End": 2},
        {"Text": "odd", "TypeName": "currency", "Start": 0, "End": 2, "Resolution": {"value": "1"}},
        {"Text": "ones", "TypeName": "currency", "Start": 0, "End": 3, "Resolution": {"value": "1", "unit": "Euro"}},
        {"Text": "ones", "TypeName": "currency", "Resolution": {"value": "1", "unit": "Euro"}}]},
    {"Input": "no annotation at all", "Results": []},
    {"Input": "no Results key"},
]


def test_loader_reads_every_shape_and_reports_what_it_skips(tmp_path) -> None:
    import json

    path = tmp_path / "SomeModel.json"
    path.write_text(json.dumps(SHAPES), encoding="utf-8-sig")  # a byte-order mark, as in the real files
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    loaded = load_span_set(path)
    assert [text for text, _ in loaded.cases] == [entry["Input"] for entry in SHAPES]
    assert [len(gold) for _, gold in loaded.cases] == [1, 1, 1, 1, 0, 0, 0]
    assert loaded.gold == 4
    dollars, usd, inch, hot = (gold[0] for _, gold in loaded.cases[:4])
    assert dollars == SpanGold(8, 20, "$ 75 million", 75e6, "Dollar", "currency")
    assert "It cost $ 75 million ."[dollars.start:dollars.end] == "$ 75 million"
    assert (usd.unit, usd.iso_currency, usd.value, usd.start, usd.end) == ("United States dollar", "USD", 200.0, 4, 11)
    assert (inch.unit, inch.subtype, inch.type) == ("Inch", "Length", "dimension")
    assert (hot.value, hot.unit) == (10.0, "C")
    assert [s.reason for s in loaded.skipped] == [
        "a unit named without a number", "a unit named without a number", "value is not a number: 'lots'",
        "no Resolution", "no unit", "Start/End do not cover the annotated text", "no Start/End"]
    assert all(isinstance(s, Skipped) and s.input and s.text for s in loaded.skipped)


def test_span_gold_accepts_the_value_as_a_number_too() -> None:
    result = {"Text": "5 km", "TypeName": "dimension", "Start": 0, "End": 3,
              "Resolution": {"value": 5, "unit": "Kilometer", "subtype": "Length"}}
    assert span_gold("5 km", result) == SpanGold(0, 4, "5 km", 5.0, "Kilometer", "dimension", "", "Length")


def test_real_span_sets_load_with_their_known_sizes() -> None:
    if not DEVSETS.is_dir():
        pytest.skip(f"dev sets not present at {DEVSETS}")
    # inputs, scored gold items, annotations without a number (not scored)
    expected = {"CurrencyModel": (180, 190, 6), "DimensionModel": (100, 91, 3), "AgeModel": (19, 18, 0),
                "TemperatureModel": (43, 32, 11)}
    assert set(expected) == set(SPAN_SETS)
    for name, (inputs, gold, skipped) in expected.items():
        loaded = load_span_set(DEVSETS / SPAN_SETS[name])
        assert (len(loaded.cases), loaded.gold, len(loaded.skipped)) == (inputs, gold, skipped), name
        assert {s.reason for s in loaded.skipped} <= {"a unit named without a number"}, name
        assert unmapped_units(loaded.cases) == set(), name
        for text, items in loaded.cases:
            assert all(text[g.start:g.end].casefold() == g.text.casefold() for g in items), text
