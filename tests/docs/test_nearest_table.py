"""The docs' table of which number is nearest another: each row run through ``checks.claimsets.nearest_claim``.

A row's sentence marks its number ``**like this**``; the row holds when the
nearest other number of the sentence is the one shown, for the reason shown
(the same clause or another, and how many words lie between).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers.markdown import Row, bold_span, doc_files, read

from pytest_claims.checks.claimsets import nearest_claim, nearness
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.words import plural
from pytest_claims.records.model import Document

ROWS = [row for path in doc_files() for table in read(path).tables_with("the sentence", "nearest", "because")
        for row in table.rows]


@pytest.mark.parametrize("row", ROWS, ids=[row.where for row in ROWS])
def test_nearest_number_is_the_rows(row: Row) -> None:
    sentence, span = bold_span(row["the sentence"].markdown)
    document = Document(path="/news/a.txt", name="a.txt", text=sentence, outlet="Reuters",
                        date=date(2016, 11, 28), date_source="test")
    claims = corpus_claims([document])
    [left] = [claim for claim in claims if claim.quantity.span == span] or [None]
    assert left is not None, f"{row.where}: **{sentence[span[0]:span[1]]}** is not a claim of the sentence"
    nearest = nearest_claim(left, claims)
    assert nearest is not None, f"{row.where}: no other number in the sentence"
    assert row["nearest"].codes == (nearest.quantity.written,), f"{row.where}: nearest is {nearest.quantity.written}"
    other_clause, words, _ = nearness(left, nearest.quantity.span)
    because = f"{'another' if other_clause else 'same'} clause, {plural(words, 'word')} between"
    assert row["because"].codes == (because,), f"{row.where}: {because}"


def test_nearest_table_is_there_with_each_reason() -> None:
    reasons = {row["because"].codes[0].split(",")[0] for row in ROWS}
    assert len(ROWS) >= 5 and reasons == {"same clause", "another clause"}
