"""Money and scale letters as news prose writes them, through ``extract`` and real quantulum3."""

from __future__ import annotations

from decimal import Decimal
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims import extract
from pytest_claims.prose import money
from pytest_claims.records.model import COUNT, MEASURE, Quantity
from pytest_claims.rulefile.schema import KIND_DOCS

# (text, surface, value, unit, kind): each text holds exactly this one quantity
ONE_AMOUNT = [
    ("The deal is worth $2.5bn, the company said.", "$2.5bn", 2.5e9, "dollar", MEASURE),
    ("The club paid £6m for him.", "£6m", 6e6, "pound sterling", MEASURE),
    ("It raised £5m last year.", "£5m", 5e6, "pound sterling", MEASURE),
    ("Sales were €3.2m in March.", "€3.2m", 3.2e6, "euro", MEASURE),
    ("The fund holds C$12.5 million in bonds.", "C$12.5 million", 12.5e6, "canadian dollar", MEASURE),
    ("They paid US$40 million for it.", "US$40 million", 40e6, "united states dollar", MEASURE),
    ("The average price was $US48,000 last year.", "$US48,000", 48000, "united states dollar", MEASURE),
    ("A$1.7bn was spent on roads.", "A$1.7bn", 1.7e9, "australian dollar", MEASURE),
    ("Revenue was USD 12m in May.", "USD 12m", 12e6, "united states dollar", MEASURE),
    ("The budget is EUR40m this year.", "EUR40m", 40e6, "euro", MEASURE),
    ("He was paid Rs 35 lakh for the job.", "Rs 35 lakh", 3.5e6, "indian rupee", MEASURE),
    ("The bridge cost Rs 2 crore to build.", "Rs 2 crore", 2e7, "indian rupee", MEASURE),
    ("The plan costs R2 billion in all.", "R2 billion", 2e9, "south african rand", MEASURE),
    ("The bank paid 10 million Swiss francs in fines.", "10 million Swiss francs", 10e6, "swiss franc", MEASURE),
    ("The bank paid 10\u00a0million Swiss francs in fines.", "10\u00a0million Swiss francs", 10e6, "swiss franc",
     MEASURE),
    ("The debt stands at 3tn yen.", "3tn yen", 3e12, "japanese yen", MEASURE),
    ("The firm raised $3.1b in the offering.", "$3.1b", 3.1e9, "dollar", MEASURE),
    ("The bill was $12.6 million.", "$12.6 million", 12.6e6, "dollar", MEASURE),
    ("The bill was $12.6\u00a0million.", "$12.6\u00a0million", 12.6e6, "dollar", MEASURE),
    ("Its GDP is $2.174T.", "$2.174T", 2.174e12, "dollar", MEASURE),
    ("The grant was $5-million.", "$5-million", 5e6, "dollar", MEASURE),
    ("The country shipped 2.4m tonnes of wheat.", "2.4m tonnes", 2.4e6, "tonne", MEASURE),
    ("The app has 60m users worldwide.", "60m", 60e6, "", COUNT),
    ("The car went 70 m.p.h. on the road.", "70 m.p.h.", 70, "mile per hour", MEASURE),
    ("A 10m fall killed him.", "10m", 10, "metre", MEASURE),
]


def _only(text: str) -> Quantity:
    found: list[Quantity] = extract(text)
    assert len(found) == 1, [(q.surface, q.value, q.unit) for q in found]
    return found[0]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "kind"), ONE_AMOUNT, ids=[c[1] for c in ONE_AMOUNT])
def test_an_amount_is_one_quantity_in_its_unit(text: str, surface: str, value: float, unit: str, kind: str) -> None:
    quantity = _only(text)
    assert (quantity.surface, quantity.unit, quantity.kind) == (surface, unit, kind)
    assert quantity.value == pytest.approx(value, rel=1e-12)
    assert (quantity.low, quantity.high) == (quantity.value, quantity.value)
    assert text[quantity.span[0]:quantity.span[1]] == quantity.surface


@pytest.mark.parametrize(("text", "metres"), [("It was a 3.2 m wave (10 ft).", "3.2 m"),
                                              ("It had 10m waves (33 ft) that day.", "10m")])
def test_a_metre_with_a_conversion_in_feet_stays_metres(text: str, metres: str) -> None:
    found = extract(text)
    feet = text[text.index("(") + 1:text.index(")")]
    assert [(q.surface, q.unit) for q in found] == [(metres, "metre"), (feet, "foot")]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("He earns 5,400 yuan ($760) a month.", "$760", 760, "dollar"),
    ("The firm booked a loss of ($4.1 million) in May.", "$4.1 million", 4.1e6, "dollar"),
    ("Each family was paid (US$18,000) last year.", "US$18,000", 18000, "united states dollar"),
    ("It was sold for 5,000 yuan (760 USD) there.", "760 USD", 760, "united states dollar"),
])
def test_parentheses_are_a_conversion_not_a_negative(text: str, surface: str, value: float, unit: str) -> None:
    found = {q.surface: q for q in extract(text)}
    assert surface in found, list(found)
    assert (found[surface].value, found[surface].unit) == (pytest.approx(value), unit)
    assert found[surface].low is not None and found[surface].low > 0


def test_a_year_in_parentheses_is_not_an_amount() -> None:
    assert [q.surface for q in extract("Output was worth 5,000 (2020 USD) per head.")] == ["5,000"]


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("Costs were $20 to $25 billion.", "$20 to $25 billion", 20e9, 25e9),
    ("Prices of $20-$25bn were quoted.", "$20-$25bn", 20e9, 25e9),
    ("It grew from $400,000 to $2 million.", "from $400,000 to $2 million", 4e5, 2e6),
    ("It costs between $3m and $4m.", "between $3m and $4m", 3e6, 4e6),
])
def test_a_range_of_money_scales_both_ends(text: str, surface: str, low: float, high: float) -> None:
    quantity = _only(text)
    assert (quantity.surface, quantity.qualifier, quantity.unit) == (surface, "range", "dollar")
    assert quantity.low == pytest.approx(low)
    assert quantity.high == pytest.approx(high)


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("The app has 2-3m users now.", "2-3m", 2e6, 3e6),
    ("The app has between 2m and 3m users now.", "between 2m and 3m", 2e6, 3e6),
])
def test_a_range_of_scale_letters_scales_both_ends(text: str, surface: str, low: float, high: float) -> None:
    quantity = _only(text)
    assert (quantity.surface, quantity.qualifier, quantity.kind) == (surface, "range", COUNT)
    assert (quantity.low, quantity.high) == (low, high)


def test_a_change_by_an_amount_is_not_a_range() -> None:
    found = extract("Brent fell $2 to $80 a barrel.")
    assert [(q.surface, q.value, q.unit, q.qualifier) for q in found] == [
        ("$2", 2, "dollar", None), ("$80 a barrel", 80, "dollar per barrel", None)]


def test_qualifiers_bound_money() -> None:
    quantity = _only("The deal is worth more than $2.5bn.")
    assert (quantity.surface, quantity.qualifier, quantity.low, quantity.high) == \
        ("more than $2.5bn", "more_than", 2.5e9, None)
    assert _only("It sold for some US$40 million.").qualifier == "about"


@pytest.mark.parametrize(("text", "unit"), [
    ("The cost of gallium rose from about $350 per kg to $680 per kg.", "dollar per kilogram"),
])
def test_a_rate_of_money_is_left_whole(text: str, unit: str) -> None:
    assert _only(text).unit == unit


@pytest.mark.parametrize("text", ["R2-D2 was there.", "The R2 of the fit was high."])
def test_a_lone_r_with_a_digit_is_not_rand(text: str) -> None:
    assert all(q.unit != "south african rand" for q in extract(text))


# --- the property: amount x scale, one quantity --------------------------------------------------

CURRENCIES = {"$": "dollar", "£": "pound sterling", "€": "euro", "US$": "united states dollar",
              "$US": "united states dollar", "C$": "canadian dollar", "A$": "australian dollar",
              "NZ$": "new zealand dollar", "₹": "indian rupee", "USD ": "united states dollar",
              "EUR": "euro", "GBP ": "pound sterling", "Rs ": "indian rupee", "CHF ": "swiss franc",
              "R": "south african rand"}
SCALES = {"": 1, " million": 10**6, " billion": 10**9, " trillion": 10**12, " thousand": 10**3, " lakh": 10**5,
          " crore": 10**7, "m": 10**6, "bn": 10**9, "b": 10**9, "k": 10**3, "tn": 10**12, "mn": 10**6}


@st.composite
def amounts(draw: st.DrawFn) -> str:
    whole = draw(st.integers(min_value=1, max_value=999_999_999))
    written = f"{whole:,}" if draw(st.booleans()) or whole < 1000 else str(whole)
    if draw(st.booleans()) and whole < 10_000:
        written += "." + str(draw(st.integers(min_value=1, max_value=99)))
    return written


@settings(max_examples=150, deadline=None)
@given(amount=amounts(), currency=st.sampled_from(sorted(CURRENCIES)), scale=st.sampled_from(sorted(SCALES)),
       qualifier=st.sampled_from(["", "more than ", "about "]))
def test_money_is_amount_times_scale(amount: str, currency: str, scale: str, qualifier: str) -> None:
    if currency == "R" and not scale and "," not in amount:
        scale = " million"  # "R2" alone is left unread on purpose (a name, a statistic)
    written = f"{qualifier}{currency}{amount}{scale}"
    text = f"The company said it raised {written} last year."
    quantity = _only(text)
    assert quantity.value == float(Decimal(amount.replace(",", "")) * SCALES[scale])
    assert (quantity.unit, quantity.kind, quantity.surface) == (CURRENCIES[currency], MEASURE, written)
    assert text[quantity.span[0]:quantity.span[1]] == written


@settings(max_examples=60, deadline=None)
@given(amount=amounts(), scale=st.sampled_from(["m", "bn", "b", "k", "tn"]),
       noun=st.sampled_from(["users", "people", "subscribers", "voters", "households"]))
def test_a_scale_letter_before_a_counted_noun_is_a_scale(amount: str, scale: str, noun: str) -> None:
    text = f"The service now has {amount}{scale} {noun} in all."
    quantity = _only(text)
    assert quantity.value == float(Decimal(amount.replace(",", "")) * SCALES[scale])
    assert (quantity.kind, quantity.surface) == (COUNT, f"{amount}{scale}")


def test_scaled_rounds_once() -> None:
    assert money.scaled("1.7", "bn") == 1.7e9
    assert money.scaled("12,600.5", None) == 12600.5
    assert money.scaled("35", "lakhs") == 3_500_000.0


@pytest.mark.parametrize("kind", sorted(KIND_DOCS))
def test_the_documented_examples_of_each_kind_read_as_that_kind(kind: str) -> None:
    examples = KIND_DOCS[kind].split(": ", 1)[1].split(" (")[0].split(", ")
    assert examples
    for example in examples:
        quantity = _only(f"They reported {example} on Monday.")
        assert quantity.kind == kind, example
        assert example.startswith(quantity.surface), (example, quantity.surface)  # a count's noun is not its surface
