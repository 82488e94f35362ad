"""Random and adversarial text through extraction and the document reader: nothing raises, every result is sound.

The text mixes news words with unicode digits (Arabic-Indic, fullwidth,
superscripts), every separator and mark extraction treats specially (no-break,
thin and narrow spaces, zero-width and direction marks, minus, fraction slash,
dashes), stacked qualifiers, huge numbers and long lines. Properties:
``pytest_claims.extract`` never raises; each quantity's span indexes the text
and its surface is the text there; each interval is non-empty, and each end is
finite or open (``None``), as ``Quantity`` documents.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims import Quantity, extract
from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import iter_documents
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document

WORDS = ("people", "civilians", "killed", "trapped", "in", "east", "Aleppo", "the", "toll", "rose", "to", "of",
         "hundred", "thousand", "million", "billion", "dozen", "a", "third", "half", "per", "cent", "percent", "%",
         "km", "square", "kilometres", "$", "£", "€", "dollars", "hours", "days", "on", "Sunday", "yesterday",
         "2016", "December", "8,", "neighbourhoods", "and", "between", "from", "children", "said", "UN", ".", ",",
         ";", "(", ")", '"', "—", "x", "times", "twice", "one", "two", "twenty-five", "zero", "nought")
QUALIFIERS = ("about", "more than", "up to", "at least", "nearly", "almost", "over", "under", "some", "roughly",
              "no more than", "fewer than", "as many as", "an estimated", "~", ">", "<", "≥", "≤", ">=",
              "just over")
#: no-break, thin, narrow no-break, zero-width space/joiners and direction marks, isolates, minus, fraction slash,
#: dashes, soft hyphen, word joiner, byte order mark, ideographic space, line and paragraph separators
MARKS = ("\u00a0", "\u2009", "\u202f", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067",
         "\u2068", "\u2069", "\u2212", "\u2044", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u00ad",
         "\u2060", "\ufeff", "\u3000", "\u2028", "\u2029", "\u0300", "\u0301", "\u20e3", "\t", "\r\n", "\n", ",", ".",
         "'", "/", "-", "_", "·", "٫", "٬")
DIGITS = {
    "ascii": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "eastern-arabic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "subscript": "₀₁₂₃₄₅₆₇₈₉",
    "mathematical": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
FRACTIONS = ("½", "⅓", "¼", "¾", "⅛", "⅔", "1/2", "3/4", "1⁄3")
HUGE = ("9" * 300, "9" * 300 + " hundred", "9" * 50 + " hundred", "1e308", "1e309", "1.7976931348623157e308",
        "9" * 400 + " people", "0." + "0" * 300 + "1", "1" + ",000" * 120, "10^308", "2**1024", "-" + "9" * 310,
        "99999999999999999999 billion trillion", "a million million million million")


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """A number as written: digits of one script or mixed, with separators and marks inside, or a huge one."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(st.sampled_from(HUGE))
    if choice == 1:
        return draw(st.sampled_from(FRACTIONS))
    scripts = draw(st.lists(st.sampled_from(sorted(DIGITS)), min_size=1, max_size=2))
    digits = "".join(DIGITS[name] for name in scripts)
    groups = draw(st.lists(st.text(st.sampled_from(digits), min_size=1, max_size=4), min_size=1, max_size=4))
    separators = draw(st.lists(st.sampled_from(MARKS), min_size=len(groups) - 1, max_size=len(groups) - 1))
    written = groups[0] + "".join(mark + group for mark, group in zip(separators, groups[1:]))
    return draw(st.sampled_from(("", "-", "\u2212", "+", "$", "£", "~"))) + written


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """Stacked qualifiers, a number, words after it, with marks anywhere between."""
    stacked = draw(st.lists(st.sampled_from(QUALIFIERS), max_size=4))
    parts = [*stacked, draw(numbers()), *draw(st.lists(st.sampled_from(WORDS), max_size=4))]
    joints = draw(st.lists(st.sampled_from((" ", " ", " ", *MARKS)), min_size=len(parts), max_size=len(parts)))
    return "".join(part + joint for part, joint in zip(parts, joints))


#: sentences of news words, numbers and marks; sometimes a long line of them, sometimes raw unicode
texts = st.one_of(
    st.lists(st.one_of(phrases(), st.sampled_from(WORDS).map(lambda word: word + " ")), min_size=1, max_size=12)
    .map("".join),
    st.tuples(phrases(), st.integers(20, 400)).map(lambda pair: " ".join([pair[0]] * pair[1])),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    st.lists(st.sampled_from((*WORDS, *QUALIFIERS, *MARKS, *FRACTIONS, "1", "2", "250", "000")), max_size=80)
    .map(" ".join),
)


def assert_sound(text: str, quantities: list[Quantity]) -> None:
    for quantity in quantities:
        start, end = quantity.span
        assert 0 <= start < end <= len(text), (quantity, len(text))
        assert text[start:end] == quantity.surface, quantity
        assert quantity.number_text in quantity.surface, quantity
        assert not math.isnan(quantity.value), quantity
        for end_value in (quantity.low, quantity.high):
            assert end_value is None or math.isfinite(end_value), quantity
        if quantity.low is not None and quantity.high is not None:
            assert quantity.low <= quantity.high, quantity
            if quantity.low == quantity.high:
                assert quantity.low_inclusive and quantity.high_inclusive, quantity


@settings.get_profile("fuzz:text")
@given(texts)
def test_extract_never_raises_and_spans_index_the_text(text: str) -> None:
    assert_sound(text, extract(text))


@pytest.mark.parametrize("text", [*HUGE, *(f"about more than up to at least {number} people" for number in HUGE)])
def test_every_huge_number_extracts_soundly(text: str) -> None:
    assert_sound(text, extract(text))


@pytest.mark.parametrize("text", ["fewer than 0 people", "< 0 people", "less than ٠ civilians"])
def test_less_than_zero_is_a_bound_open_below(text: str) -> None:
    # found by the fuzzing above: "< ٠" was [0, 0), an interval holding no value
    [quantity] = extract(text)
    assert (quantity.low, quantity.high, quantity.high_inclusive) == (None, 0, False)
    assert_sound(text, [quantity])


@settings.get_profile("fuzz:document")
@given(body=st.lists(texts, min_size=1, max_size=6).map("\n\n".join),
       suffix=st.sampled_from((".txt", ".md")),
       front=st.sampled_from(("", "---\ndate: 2016-12-08\n---\n", "---\ndate: 0001-01-01\ntitle: x\n---\n",
                              "+++\ndate = 2016-12-08\n+++\n", "---\n", "---\n[\n---\n")))
def test_documents_of_random_text_load_and_extract(tmp_path_factory: pytest.TempPathFactory, body: str, suffix: str,
                                                   front: str) -> None:
    folder = tmp_path_factory.mktemp("doc")
    path = folder / f"story{suffix}"
    path.write_text((front if suffix == ".md" else "") + body, encoding="utf-8", newline="")
    loaded = list(iter_documents([path]))
    assert loaded
    for problem in loaded:
        if isinstance(problem, DocumentError):
            assert problem.path == str(path.resolve()) and problem.message.strip(), problem
    documents = [item for item in loaded if isinstance(item, Document)]
    assert len(documents) <= 1, documents
    lines = path.read_bytes().count(b"\n") + 1
    for document in documents:
        for claim in document_claims(document):
            assert_sound(document.text, [claim.quantity])
            assert 1 <= claim.line <= lines, (claim.line, lines)
