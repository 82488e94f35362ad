"""Pure scoring logic for the extraction benchmark (no timing, no printing).

Gold and predictions are both reduced to intervals with a written value:

* gold comes from the public dev sets (Recognizers-Text interval notation such
  as ``(,700]``, quantulum3's ``value ± uncertainty``);
* predictions come from ``pytest_claims.extract`` or raw quantulum3, adapted
  to one ``Pred`` record.

Per input, gold and predictions are matched one-to-one by value (maximum
bipartite matching by augmenting paths):

* a gold point matches a prediction whose written value equals it (so "about
  100" matches 100: an interval's written value matches a point);
* a gold two-sided range [a, b] matches only a prediction with low == a and
  high == b (inclusivity ignored);
* a gold one-sided interval (a,) / [a,) / (,b) / (,b] matches a prediction
  whose written value equals the finite end.

Qualifier accuracy is scored over matched gold items: does the prediction
state the same shape of interval (point, lower bound, upper bound, range)?
Inclusivity counts for one-sided bounds ("more than 30" vs "at least 30") but
not for two-sided ranges: Recognizers-Text writes "between 20 and 30" as
[20,30), a convention of that library rather than of English.

Counting units in quantulum3's gold (dozen, baker's dozen, gross) are turned
into counts (value * 12, 13, 144): a news extractor reports "a dozen eggs" as
12 items. Only the gold is normalised, never a prediction.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

#: qualifiers that state a bound or a range rather than a (possibly rounded) point
BOUND_QUALIFIERS = frozenset({"more_than", "less_than", "up_to", "at_least", "range"})

#: counting units in quantulum3's gold, as the number of items they stand for
COUNT_UNITS = {"dozen": 12, "baker's dozen": 13, "gross": 144}

#: dev-set name -> path under the devsets folder
SETS = {
    "NumberModel": "recognizers-text/NumberModel.json",
    "NumberRangeModel": "recognizers-text/NumberRangeModel.json",
    "PercentModel": "recognizers-text/PercentModel.json",
    "quantities": "quantulum3/quantities.json",
    "quantities.ambiguity": "quantulum3/quantities.ambiguity.json",
}
ERRORS_SET = "quantulum3/errors.json"


def same(a: Optional[float], b: Optional[float]) -> bool:
    """Value equality used everywhere in the bench."""
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


@dataclass(frozen=True)
class GoldItem:
    """An expected quantity: an interval; ``None`` for an end means open on that side."""

    low: Optional[float]
    high: Optional[float]
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str = ""
    text: str = ""

    @classmethod
    def point(cls, value: float, unit: str = "", text: str = "") -> GoldItem:
        return cls(value, value, True, True, unit, text)

    @property
    def shape(self) -> str:
        """"point", "range" (two finite ends), "lower" ((a,) / [a,)) or "upper" ((,b) / (,b])."""
        if self.low is not None and self.high is not None:
            return "point" if same(self.low, self.high) else "range"
        return "lower" if self.low is not None else "upper"

    @property
    def value(self) -> float:
        """The written value: the point, the finite end of a bound, the midpoint of a range."""
        if self.low is None or self.high is None:
            end = self.low if self.high is None else self.high
            assert end is not None
            return end
        return (self.low + self.high) / 2 if self.shape == "range" else self.low

    def __str__(self) -> str:
        if self.shape == "point":
            body = _num(self.low)
        else:
            left = "[" if self.low is not None and self.low_inclusive else "("
            right = "]" if self.high is not None and self.high_inclusive else ")"
            body = f"{left}{_num(self.low)},{_num(self.high)}{right}"
        return f"{body} {self.unit}".rstrip()


@dataclass(frozen=True)
class Pred:
    """A prediction of either system, on the scale it was written in."""

    value: float
    low: Optional[float]
    high: Optional[float]
    qualifier: Optional[str] = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str = ""
    surface: str = ""
    #: (start, end) character offsets into the input, end exclusive; None when the system gives none
    span: Optional[tuple[int, int]] = None

    def __str__(self) -> str:
        if same(self.low, self.high) and same(self.low, self.value):
            shape = ""
        else:
            left = "[" if self.low is not None and self.low_inclusive else "("
            right = "]" if self.high is not None and self.high_inclusive else ")"
            shape = f" {left}{_num(self.low)},{_num(self.high)}{right}"
        qualifier = f" {self.qualifier}" if self.qualifier else ""
        unit = f" {self.unit}" if self.unit and self.unit != "dimensionless" else ""
        return f"{self.surface!r}={_num(self.value)}{unit}{shape}{qualifier}"


def is_year(item: GoldItem) -> bool:
    """A gold item that is a year ("1979", "2013", the "1960" of "1960s").

    pytest-claims treats years as dates, not quantities, by design; some dev
    sets (quantulum3's own) list them as numbers.
    """
    return (item.shape == "point" and item.unit in ("", "dimensionless") and item.low is not None
            and item.low == int(item.low) and 1800 <= item.low <= 2100
            and re.fullmatch(r"\d{4}s?", item.text.strip()) is not None)


def without_years(cases: Sequence[Case]) -> list[Case]:
    return [(text, tuple(item for item in gold if not is_year(item))) for text, gold in cases]


def _num(x: Optional[float]) -> str:
    return "" if x is None else f"{x:g}"


Case = tuple[str, tuple[GoldItem, ...]]


# ---------------------------------------------------------------- gold parsing

_INTERVAL = re.compile(r"^([\[(])\s*([^,\s]*)\s*,\s*([^,\s\])]*)\s*([\])])$")


def parse_interval(notation: str, unit: str = "", text: str = "") -> GoldItem:
    """Recognizers-Text interval notation: "(20,35]", "(,700]", "[30,)", "[20,20]"."""
    m = _INTERVAL.match(notation.strip())
    if not m or not (m.group(2) or m.group(3)):
        raise ValueError(f"not interval notation: {notation!r}")
    low = float(m.group(2)) if m.group(2) else None
    high = float(m.group(3)) if m.group(3) else None
    return GoldItem(low, high, m.group(1) == "[" and low is not None, m.group(4) == "]" and high is not None,
                    unit, text)


def parse_resolution(value: Any, text: str = "") -> Optional[GoldItem]:
    """A Recognizers-Text ``Resolution.value``; None when it is no quantity ("null")."""
    if value is None or str(value).strip().lower() == "null":
        return None
    value = str(value).strip()
    if value[:1] in "[(":
        return parse_interval(value, text=text)
    if value.endswith("%"):
        return GoldItem.point(float(value[:-1]), "percent", text)
    return GoldItem.point(float(value), text=text)


def quantulum_gold(entry: dict[str, Any]) -> GoldItem:
    """One quantulum3 expectation: a point, or a range value ± uncertainty; counting units as counts."""
    value = float(entry["value"])
    uncertainty = float(entry.get("uncertainty") or 0.0)
    unit = entry.get("unit", "")
    factor = COUNT_UNITS.get(unit)
    if factor:
        value, uncertainty, unit = value * factor, uncertainty * factor, ""
    text = entry.get("surface", "")
    if uncertainty > 0:
        return GoldItem(value - uncertainty, value + uncertainty, True, True, unit, text)
    return GoldItem.point(value, unit, text)


def load_recognizers(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    cases = []
    for entry in data:
        gold = (parse_resolution((r.get("Resolution") or {}).get("value"), r.get("Text", ""))
                for r in entry.get("Results", []))
        cases.append((entry["Input"], tuple(g for g in gold if g is not None)))
    return cases


def load_quantulum(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(entry["req"], tuple(quantulum_gold(r) for r in entry["res"])) for entry in data]


def load_set(devsets: Path, name: str) -> list[Case]:
    path = devsets / SETS[name]
    return load_recognizers(path) if path.parent.name == "recognizers-text" else load_quantulum(path)


def load_errors(devsets: Path) -> list[str]:
    return [str(s) for s in json.loads((devsets / ERRORS_SET).read_text(encoding="utf-8"))]


# ---------------------------------------------------------------- predictions

def pred_from_quantity(q: Any) -> Pred:
    """A ``pytest_claims.Quantity`` (duck-typed, so new optional fields do not matter)."""
    return Pred(float(q.value), q.low, q.high, q.qualifier, q.low_inclusive, q.high_inclusive, q.unit, q.surface,
                _span(q))


def pred_from_quantulum(q: Any) -> Pred:
    """A raw quantulum3 result: a point, or [value - u, value + u] when it has an uncertainty u > 0."""
    value = float(q.value)
    u = float(q.uncertainty or 0.0)
    if u > 0:
        return Pred(value, value - u, value + u, "range", unit=q.unit.name, surface=q.surface, span=_span(q))
    return Pred(value, value, value, None, unit=q.unit.name, surface=q.surface, span=_span(q))


def _span(q: Any) -> Optional[tuple[int, int]]:
    span = getattr(q, "span", None)
    return None if span is None else (int(span[0]), int(span[1]))


# ---------------------------------------------------------------- matching

def value_matches(gold: GoldItem, pred: Pred) -> bool:
    if gold.shape == "range":
        return same(pred.low, gold.low) and same(pred.high, gold.high)
    return same(pred.value, gold.value)


def qualifier_ok(gold: GoldItem, pred: Pred) -> bool:
    """Whether the prediction states the same kind of interval as the gold item."""
    shape = gold.shape
    if shape == "point":
        return pred.qualifier not in BOUND_QUALIFIERS
    if shape == "range":
        return (pred.low is not None and pred.high is not None and pred.low < pred.high
                and same(pred.low, gold.low) and same(pred.high, gold.high))
    if shape == "lower":
        return pred.high is None and same(pred.low, gold.low) and pred.low_inclusive == gold.low_inclusive
    b = gold.high
    assert b is not None
    floor_ok = pred.low is None or (pred.low <= 0 and pred.low < b)  # counts are floored at 0
    return same(pred.high, b) and same(pred.value, b) and pred.high_inclusive == gold.high_inclusive and floor_ok


def match(gold: Sequence[GoldItem], preds: Sequence[Pred]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching of gold to predictions by value: sorted (gold index, pred index) pairs.

    Kuhn's augmenting paths, exact for the cardinality; among a gold item's
    candidates a prediction with the right qualifier is tried first.
    """
    candidates = [
        sorted((j for j, p in enumerate(preds) if value_matches(g, p)), key=lambda j, g=g: not qualifier_ok(g, preds[j]))
        for g in gold
    ]
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        free = next((j for j in candidates[i] if j not in owner), None)
        if free is not None:  # a free candidate first: keeps pairs in reading order
            owner[free] = i
            return True
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


# ---------------------------------------------------------------- scores

@dataclass(frozen=True)
class Score:
    """Counts of one system on some inputs; micro-averaged figures as properties."""

    gold: int = 0
    preds: int = 0
    matched: int = 0
    qualified: int = 0  # matched gold items whose prediction has the right qualifier

    def __add__(self, other: Score) -> Score:
        return Score(self.gold + other.gold, self.preds + other.preds,
                     self.matched + other.matched, self.qualified + other.qualified)

    @property
    def precision(self) -> float:
        return self.matched / self.preds if self.preds else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualified / self.matched if self.matched else 0.0


def score_case(gold: Sequence[GoldItem], preds: Sequence[Pred]) -> tuple[Score, list[tuple[int, int]]]:
    pairs = match(gold, preds)
    qualified = sum(qualifier_ok(gold[i], preds[j]) for i, j in pairs)
    return Score(len(gold), len(preds), len(pairs), qualified), pairs


def total(scores: Iterable[Score]) -> Score:
    return sum(scores, Score())


def run_safely(system: Callable[[str], list[Pred]], text: str) -> tuple[list[Pred], Optional[str]]:
    """Predictions for one input; an exception gives no predictions and its description."""
    try:
        return list(system(text)), None
    except Exception as exc:  # noqa: BLE001 - a bench must survive any extractor failure
        return [], f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- span-annotated sets (NumberWithUnit)
#
# Recognizers-Text's Currency, Dimension, Age and Temperature sets annotate only the quantities of their own
# type ("15 %" beside the money is not annotated), each with Start/End offsets. They are scored on those
# spans: per gold item, is there a prediction overlapping it (found), with the gold value (value), in a unit
# that agrees (unit)? Predictions elsewhere in the sentence are not scored: no precision.

#: span-annotated dev-set name -> path under the devsets folder
SPAN_SETS = {
    "CurrencyModel": "recognizers-text/CurrencyModel.json",
    "DimensionModel": "recognizers-text/DimensionModel.json",
    "AgeModel": "recognizers-text/AgeModel.json",
    "TemperatureModel": "recognizers-text/TemperatureModel.json",
}

#: Recognizers type -> Recognizers unit name -> the unit names (lower case) of ``Quantity.unit`` and
#: quantulum3's ``unit.name`` that agree with it. The one mapping of the span scoring; a gold unit missing
#: here is compared by its lower-cased name and reported (:func:`unmapped_units`).
UNIT_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "currency": {
        # "$" or "dollars" with no country: news English means US dollars unless it names another
        "Dollar": ("dollar", "united states dollar"),
        "United States dollar": ("united states dollar",),
        "Canadian dollar": ("canadian dollar",),
        "Australian dollar": ("australian dollar",),
        "Hong Kong dollar": ("hong kong dollar",),
        "New Zealand dollar": ("new zealand dollar",),
        "Euro": ("euro",),
        "Pound": ("pound sterling",),
        "British pound": ("pound sterling",),
        "Pence": ("penny", "pence"),
        "Penny": ("penny", "pence"),
        "Cent": ("cent",),
        "Chinese yuan": ("chinese yuan",),
        "Japanese yen": ("japanese yen",),
        # "francs" with no country: any franc
        "Franc": ("franc", "swiss franc", "french franc", "belgian franc"),
        "Swiss franc": ("swiss franc",),
        "Rupee": ("rupee", "indian rupee"),
        "Sri Lankan rupee": ("sri lankan rupee",),
        "Mexican peso": ("mexican peso",),
        "Turkish lira": ("turkish lira",),
        "Finnish markka": ("finnish markka",),
        "Peseta": ("peseta", "spanish peseta"),
        "Netherlands guilder": ("netherlands guilder", "dutch guilder"),
        "Costa Rican colón": ("costa rican colón",),
        "Georgian lari": ("georgian lari",),
        "Lao kip": ("lao kip",),  # not quantulum3's "kip", a unit of force
        "Sen": ("sen",),
        "Bitcoin": ("bitcoin",),
        "Satoshi": ("satoshi",),
    },
    "dimension": {
        "Meter": ("metre",), "Kilometer": ("kilometre",), "Decimeter": ("decimetre",),
        "Millimeter": ("millimetre",), "Picometer": ("picometre",),
        "Foot": ("foot",), "Inch": ("inch",), "Mile": ("mile",),
        "Square meter": ("square metre",), "Square kilometer": ("square kilometre",), "Acre": ("acre",),
        "Cubic foot": ("cubic foot",),
        "Milliliter": ("millilitre", "cubic centimetre"),  # one millilitre is one cubic centimetre
        "Gallon": ("gallon",), "Barrel": ("barrel",),
        "Cup": ("cup",), "Tablespoon": ("tablespoon",), "Teaspoon": ("teaspoon",),
        "Gram": ("gram",), "Kilogram": ("kilogram",), "Microgram": ("microgram",),
        "Pound": ("pound-mass",), "Ounce": ("ounce",), "Dram": ("dram", "drachm"),
        "Ton": ("ton", "short ton", "long ton", "tonne"),  # Recognizers' "Ton" also covers "tonnes", "100t"
        "Metric ton": ("tonne",),
        "Kilometer per hour": ("kilometre per hour",), "Mile per hour": ("mile per hour",),
        "Meter per millisecond": ("metre per millisecond",),
        "Centimeter per millisecond": ("centimetre per millisecond",),
        "Kilometer per millisecond": ("kilometre per millisecond",),
        "Bit": ("bit",), "Megabit": ("megabit",), "Megabyte": ("megabyte",),
        "Degree": ("degree angle",), "Radian": ("radian",), "Turn": ("turn",),
    },
    "age": {
        "Year": ("year",), "Month": ("month",), "Week": ("week",), "Day": ("day",),
        "Age": ("year",),  # "age 87": years
    },
    "temperature": {
        "C": ("degree celsius",),
        "F": ("degree fahrenheit",),
        # "98 degrees" of a temperature, scale unsaid: either scale; an angle is a wrong reading
        "Degree": ("degree celsius", "degree fahrenheit"),
    },
}


def amount(x: float) -> str:
    """A value as the span details print it: 75,000,000 rather than 7.5e+07."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.10g}"


@dataclass(frozen=True)
class SpanGold:
    """An annotated quantity: its place in the input, and value and unit as Recognizers-Text resolves them."""

    start: int
    end: int  # exclusive (the files' End is inclusive)
    text: str
    value: float
    unit: str  # Recognizers' name: "Dollar", "Kilometer per hour", "C"
    type: str  # Recognizers' TypeName: "currency", "dimension", "age", "temperature"
    iso_currency: str = ""
    subtype: str = ""  # DimensionModel's "Length", "Weight", ...

    def __str__(self) -> str:
        iso = f" ({self.iso_currency})" if self.iso_currency else ""
        return f"{amount(self.value)} {self.unit}{iso} {self.text!r}"


@dataclass(frozen=True)
class Skipped:
    """An annotation that is not scored, and why."""

    input: str
    text: str
    reason: str


SpanCase = tuple[str, tuple[SpanGold, ...]]


@dataclass(frozen=True)
class SpanSet:
    cases: tuple[SpanCase, ...]
    skipped: tuple[Skipped, ...]

    @property
    def gold(self) -> int:
        return sum(len(gold) for _, gold in self.cases)


def span_gold(text: str, result: dict[str, Any]) -> SpanGold | Skipped:
    """One annotation of a NumberWithUnit file, or why it cannot be scored."""
    annotated = str(result.get("Text", ""))

    def skip(reason: str) -> Skipped:
        return Skipped(text, annotated, reason)

    resolution = result.get("Resolution")
    if not isinstance(resolution, dict):
        return skip("no Resolution")
    value = resolution.get("value")
    if value is None or str(value).strip().lower() in ("", "null"):
        return skip("a unit named without a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return skip(f"value is not a number: {value!r}")
    unit = str(resolution.get("unit") or "")
    if not unit:
        return skip("no unit")
    start, end = result.get("Start"), result.get("End")
    if not isinstance(start, int) or not isinstance(end, int):
        return skip("no Start/End")
    if text[start:end + 1].casefold() != annotated.casefold():  # the files' Text is often lower-cased
        return skip("Start/End do not cover the annotated text")
    return SpanGold(start, end + 1, annotated, number, unit, str(result.get("TypeName", "")),
                    str(resolution.get("isoCurrency") or ""), str(resolution.get("subtype") or ""))


def load_span_set(path: Path) -> SpanSet:
    """A Recognizers-Text NumberWithUnit file (UTF-8 with a byte-order mark): every input, scored or not."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    cases: list[SpanCase] = []
    skipped: list[Skipped] = []
    for entry in data:
        text = entry["Input"]
        gold: list[SpanGold] = []
        for result in entry.get("Results", []):
            item = span_gold(text, result)
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                gold.append(item)
        cases.append((text, tuple(gold)))
    return SpanSet(tuple(cases), tuple(skipped))


def unit_names(gold: SpanGold) -> frozenset[str]:
    """The prediction units that agree with the gold unit (:data:`UNIT_NAMES`, else its own name)."""
    names = UNIT_NAMES.get(gold.type, {}).get(gold.unit)
    return frozenset(names if names is not None else (gold.unit.lower(),))


def unmapped_units(cases: Iterable[SpanCase]) -> set[tuple[str, str]]:
    """(type, unit) of gold items that :data:`UNIT_NAMES` does not list."""
    return {(g.type, g.unit) for _, gold in cases for g in gold if g.unit not in UNIT_NAMES.get(g.type, {})}


def overlaps(gold: SpanGold, pred: Pred) -> bool:
    return pred.span is not None and pred.span[0] < gold.end and gold.start < pred.span[1]


def span_value_ok(gold: SpanGold, pred: Pred) -> bool:
    """The prediction's written value is the gold value; a range's either end also counts.

    These sets annotate one number per span: "40 - 50 years old" is annotated "50 years old" = 50, so a
    reader of the range 40-50 states the gold value too. No unit conversion: "12 cents" is 12 Cent.
    """
    if same(pred.value, gold.value):
        return True
    return pred.qualifier == "range" and (same(pred.low, gold.value) or same(pred.high, gold.value))


def span_unit_ok(gold: SpanGold, pred: Pred) -> bool:
    return pred.unit.strip().lower() in unit_names(gold)


@dataclass(frozen=True)
class SpanOutcome:
    """What one system did for one gold item: the prediction serving it (index) and what it got right."""

    pred: Optional[int] = None
    value_ok: bool = False
    unit_ok: bool = False

    @property
    def found(self) -> bool:
        return self.pred is not None

    @property
    def right(self) -> bool:
        return self.found and self.value_ok and self.unit_ok


def match_spans(gold: Sequence[SpanGold], preds: Sequence[Pred]) -> list[SpanOutcome]:
    """For each gold item, the prediction overlapping it that serves it; one prediction serves one gold item.

    Of all one-to-one assignments, the one with the most gold items found, then the most right values, then
    the most right units; ties go to the earlier prediction. Exhaustive search, memoised: an input holds a
    handful of annotations, each overlapping a few predictions.
    """
    options = [[j for j, p in enumerate(preds) if overlaps(g, p)] for g in gold]
    Best = tuple[tuple[int, int, int], tuple[Optional[int], ...]]
    memo: dict[tuple[int, frozenset[int]], Best] = {}

    def best(i: int, used: frozenset[int]) -> Best:
        if i == len(gold):
            return (0, 0, 0), ()
        key = (i, used)
        if key not in memo:
            score, rest = best(i + 1, used)
            choice: Best = (score, (None, *rest))
            for j in options[i]:
                if j in used:
                    continue
                (found, values, units), rest = best(i + 1, used | {j})
                candidate = ((found + 1, values + span_value_ok(gold[i], preds[j]),
                              units + span_unit_ok(gold[i], preds[j])), (j, *rest))
                if candidate[0] > choice[0]:
                    choice = candidate
            memo[key] = choice
        return memo[key]

    _, assignment = best(0, frozenset())
    return [SpanOutcome() if j is None else SpanOutcome(j, span_value_ok(g, preds[j]), span_unit_ok(g, preds[j]))
            for g, j in zip(gold, assignment)]


@dataclass(frozen=True)
class SpanScore:
    """Counts of one system on span-annotated inputs; rates over the gold items as properties."""

    gold: int = 0
    found: int = 0
    value_ok: int = 0
    unit_ok: int = 0
    right: int = 0  # found with the right value and the right unit

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(self.gold + other.gold, self.found + other.found, self.value_ok + other.value_ok,
                         self.unit_ok + other.unit_ok, self.right + other.right)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.gold if self.gold else 0.0

    @property
    def unit_accuracy(self) -> float:
        return self.unit_ok / self.gold if self.gold else 0.0


def score_spans(gold: Sequence[SpanGold], preds: Sequence[Pred]) -> tuple[SpanScore, list[SpanOutcome]]:
    outcomes = match_spans(gold, preds)
    return SpanScore(len(gold), sum(o.found for o in outcomes), sum(o.value_ok for o in outcomes),
                     sum(o.unit_ok for o in outcomes), sum(o.right for o in outcomes)), outcomes


def span_total(scores: Iterable[SpanScore]) -> SpanScore:
    return sum(scores, SpanScore())
