"""docs/extraction.md: every phrase of its tables reads as the row says (``pytest_claims.extract``)."""

from __future__ import annotations

import re

import pytest
from helpers.markdown import Row, read
from helpers.paths import DOCS

from pytest_claims import extract
from pytest_claims.records.intervals import Ends, describe_ends
from pytest_claims.records.model import SHARE, Quantity

DOC = read(DOCS / "extraction.md")
#: rows of the tables of one phrase, one quantity: "as written | interval | ..."
PHRASE_ROWS = [row for table in DOC.tables
               if table.header[0] == "as written" and "interval" in table.header for row in table.rows]
MULTI_ROWS = [row for table in DOC.tables_with("as written", "quantities") for row in table.rows]
NOT_ROWS = [row for table in DOC.tables_with("as written", "not a quantity because") for row in table.rows]


def interval(q: Quantity) -> str:
    """The interval as failure tables write it: on the comparison scale, shares in percent."""
    return describe_ends(Ends.of(q.normalized), percent=q.kind == SHARE)


def test_the_tables_are_there() -> None:
    assert len(PHRASE_ROWS) >= 40 and MULTI_ROWS and NOT_ROWS


def one_quantity(row: Row, phrase: str) -> Quantity:
    found = extract(phrase)
    assert len(found) == 1, f"{row.where}: {phrase!r} reads as {[q.surface for q in found]}, not one quantity"
    return found[0]


@pytest.mark.parametrize("row", PHRASE_ROWS, ids=[row.where for row in PHRASE_ROWS])
def test_each_phrase_asserts_the_rows_interval(row: Row) -> None:
    phrases = row["as written"].codes
    assert phrases, f"{row.where}: write each phrase in `code`"
    wrong = []
    for phrase in phrases:
        q = one_quantity(row, phrase)
        got = {"interval": interval(q), "qualifier": q.qualifier or "none", "kind": q.kind}
        for column in ("interval", "qualifier", "kind"):
            cell = row.get(column)
            if cell is None:
                continue
            expected = cell.codes[0] if cell.codes else cell.text
            if got[column] != expected:
                wrong.append(f"{phrase!r}: {column} {got[column]!r}, the doc says {expected!r}")
        if (band := row.get("band")) is not None:
            lo, hi = q.normalized.low, q.normalized.high
            assert lo is not None and hi is not None
            half_width = round(100 * (hi - lo) / (hi + lo), 6)
            if f"±{half_width:g}%" != band.text:
                wrong.append(f"{phrase!r}: band ±{half_width:g}%, the doc says {band.text}")
        if (digits := row.get("significant digits")) is not None:
            count = len(re.sub(r"\D", "", q.number_text).strip("0"))
            shown = str(count) if count < 3 else "3 or more"
            if shown != digits.text:
                wrong.append(f"{phrase!r}: {count} significant digits, the doc says {digits.text}")
    assert not wrong, f"{row.where}:\n" + "\n".join(wrong)


_QUANTITY = re.compile(r"(?P<surface>.+?) → (?P<interval>.+?)(?:, total (?P<total>[\d,.]+))?")


@pytest.mark.parametrize("row", MULTI_ROWS, ids=[row.where for row in MULTI_ROWS])
def test_each_phrase_gives_the_quantities_listed(row: Row) -> None:
    [phrase] = row["as written"].codes
    expected = []
    for code in row["quantities"].codes:
        match = _QUANTITY.fullmatch(code)
        assert match, f"{row.where}: write each quantity as `surface → interval` or `surface → interval, total N`"
        expected.append((match["surface"], match["interval"],
                         None if match["total"] is None else float(match["total"].replace(",", ""))))
    got = [(q.surface, interval(q), q.total) for q in extract(phrase)]
    assert got == expected, f"{row.where}: {phrase!r}"


@pytest.mark.parametrize("row", NOT_ROWS, ids=[row.where for row in NOT_ROWS])
def test_each_phrase_is_no_quantity(row: Row) -> None:
    phrases = row["as written"].codes
    assert phrases
    found = {phrase: [q.surface for q in extract(phrase)] for phrase in phrases}
    assert not any(found.values()), f"{row.where}: these read as quantities: " + \
        ", ".join(f"{phrase!r} -> {surfaces}" for phrase, surfaces in found.items() if surfaces)
