"""docs/documents.md, "Limits": the table lists exactly the limits the code has, and its errors are the code's."""

from __future__ import annotations

from helpers.markdown import read
from helpers.paths import DOCS

from pytest_claims.prose.limits import LIMITS, SENTENCE_NUMBERS, Overrun, document_message, sentence_message

DOC = read(DOCS / "documents.md")


def test_the_limits_table_is_the_limits_of_the_code() -> None:
    [table] = DOC.tables_with("limit", "value", "past it")
    assert table.section == "Limits"
    listed = [(row["limit"].text, row["value"].text) for row in table.rows]
    assert listed == [(limit.name, limit.written) for limit in LIMITS]


def test_the_errors_shown_are_the_errors_written() -> None:
    [block] = [block for block in DOC.blocks if block.section == "Limits" and block.language == "text"]
    numbers = "Counts were " + " ".join(str(i) for i in range(100_000)) + "."
    assert block.lines == [
        f"seeds/table.txt:3: {sentence_message(numbers, Overrun(SENTENCE_NUMBERS, 100_000))}",
        f"seeds/big.txt: {document_message(20_000_001)}",
    ]
