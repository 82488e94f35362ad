"""The docs' tables of examples: each row is run through the code it describes.

Sentences mark their number ``**like this**``; a row holds when the code reads
that number as the row says (selected or not and why, its source, its as-of
date), and each row of rule numbers, conditions, mistakes and dates likewise.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from helpers.claims import make_claim
from helpers.markdown import Row, bold_span, doc_files, read

from pytest_claims import extract
from pytest_claims.engine.grouping import group_key, merge_source_keys
from pytest_claims.language.expressions import ExpressionError, holds_at, parse
from pytest_claims.language.numbers import parse_number
from pytest_claims.prose.asof import as_of
from pytest_claims.prose.attribution import attribute
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import load_document, load_metadata
from pytest_claims.records.errors import ClaimsError
from pytest_claims.records.model import Claim, Document
from pytest_claims.rulefile.load import load_rule_file

DOCS = [read(path) for path in doc_files()]


def rows_of(*columns: str) -> list[Row]:
    return [row for doc in DOCS for table in doc.tables_with(*columns) for row in table.rows]


def ids(rows: list[Row]) -> list[str]:
    return [row.where for row in rows]


def marked(row: Row, column: str) -> tuple[str, tuple[int, int]]:
    """The row's sentence and the span of its **marked** number, which must be a quantity as written."""
    sentence, span = bold_span(row[column].markdown)
    surfaces = {q.span: q.surface for q in extract(sentence)}
    assert span in surfaces, (f"{row.where}: **{sentence[span[0]:span[1]]}** is not a quantity as written; "
                              f"the quantities are {list(surfaces.values())}")
    return sentence, span


# ---------------------------------------------------------------- selectors

SELECTOR_ROWS = rows_of("the sentence", "`select`", "selected", "why not")


def claim_at(sentence: str, span: tuple[int, int]) -> Claim:
    document = Document(path="/news/a.txt", name="a.txt", text=sentence, outlet="Reuters",
                        date=date(2016, 11, 28), date_source="test")
    [claim] = [claim for claim in corpus_claims([document]) if claim.quantity.span == span]
    return claim


@pytest.mark.parametrize("row", SELECTOR_ROWS, ids=ids(SELECTOR_ROWS))
def test_selector_reads_the_sentence_as_the_row_says(row: Row, tmp_path: Path) -> None:
    sentence, span = marked(row, "the sentence")
    [select] = row["`select`"].codes
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(f"select: {select}\ncheck: bounds\nmin: 0\n", encoding="utf-8")
    [rule] = load_rule_file(rule_file)
    claim = claim_at(sentence, span)
    expected = row["selected"].text
    assert expected in ("yes", "no"), f"{row.where}: 'selected' is yes or no"
    assert rule.select.matches(claim) == (expected == "yes"), \
        f"{row.where}: {select} {'does not select' if expected == 'yes' else 'selects'} {claim.quantity.surface!r}"
    why = row["why not"].codes
    assert rule.select.reject_reason(claim) == (why[0] if why else None), row.where


def test_selector_examples_are_there() -> None:
    assert len(SELECTOR_ROWS) >= 15


# ---------------------------------------------------------------- limits with their unit

LIMIT_ROWS = rows_of("the sentence", "limit", "outcome")


@pytest.mark.parametrize("row", LIMIT_ROWS, ids=ids(LIMIT_ROWS))
def test_limit_with_a_unit_compares_as_the_row_says(row: Row, tmp_path: Path) -> None:
    sentence, span = marked(row, "the sentence")
    [limit] = row["limit"].codes
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(f"check: bounds\n{limit}\n", encoding="utf-8")
    [rule] = load_rule_file(rule_file)
    result = rule.check.evaluate({"claims": [claim_at(sentence, span)]})
    outcome = row["outcome"]
    if outcome.text == "passes":
        assert (result.violations, result.comparisons, result.notes) == ((), 1, ()), row.where
    elif outcome.text.startswith("fails"):
        assert [violation.constraint for violation in result.violations] == list(outcome.codes), row.where
    else:
        assert outcome.text.startswith("not compared"), f"{row.where}: passes, fails or not compared"
        assert (result.violations, result.comparisons, result.notes) == ((), 0, outcome.codes), row.where


def test_limit_table_is_there() -> None:
    assert len(LIMIT_ROWS) >= 6


# ---------------------------------------------------------------- who said it and when

SOURCE_ROWS = rows_of("the sentence", "source")


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ids(SOURCE_ROWS))
def test_source_is_who_the_row_says(row: Row) -> None:
    sentence, span = marked(row, "the sentence")
    found = attribute(sentence, span)
    source = None if found is None else found.source
    expected = row["source"].text
    assert source == (None if expected == "none" else expected), f"{row.where}: the source is {source!r}"


AS_OF_TABLES = [table for doc in DOCS for table in doc.tables
                if table.header[0].startswith("the sentence, in a report dated")]
AS_OF_ROWS = [row for table in AS_OF_TABLES for row in table.rows]


def test_as_of_table_is_there() -> None:
    assert len(AS_OF_ROWS) >= 15 and len(SOURCE_ROWS) >= 15


@pytest.mark.parametrize("row", AS_OF_ROWS, ids=ids(AS_OF_ROWS))
def test_as_of_date_is_the_rows(row: Row) -> None:
    column = row.header[0]
    dated = re.search(r"\d{4}-\d\d-\d\d", column)
    assert dated, f"{row.where}: the header gives the report's date"
    sentence, span = marked(row, column)
    found = as_of(sentence, date.fromisoformat(dated.group()), span)
    assert str(found.date) == row["as-of date"].text, f"{row.where}: as of {found.date} ({found.reason})"
    assert row["read from"].codes == (found.reason,), f"{row.where}: read from {found.reason!r}"


# ---------------------------------------------------------------- the rule language

CONDITION_ROWS = rows_of("condition", "values", "holds")


@pytest.mark.parametrize("row", CONDITION_ROWS, ids=ids(CONDITION_ROWS))
def test_condition_holds_as_the_row_says(row: Row) -> None:
    [text] = row["condition"].codes
    holds = row["holds"]
    if holds.text.startswith("error"):
        with pytest.raises(ExpressionError) as error:
            parse(text)
        assert holds.codes == (str(error.value),), row.where
        return
    values = {}
    for code in row["values"].codes:
        name, _, number = code.partition(" = ")
        values[name] = Fraction(number)
    assert holds.text in ("yes", "no"), row.where
    assert holds_at(parse(text), values) == (holds.text == "yes"), f"{row.where}: {text} with {values}"


NUMBER_ROWS = rows_of("in a rule", "value")


@pytest.mark.parametrize("row", NUMBER_ROWS, ids=ids(NUMBER_ROWS))
def test_number_in_a_rule_is_the_value_shown(row: Row) -> None:
    [written] = row["in a rule"].codes
    [raw] = yaml.safe_load(written).values()
    expected = row["value"].text
    if expected == "not a number":
        with pytest.raises(ValueError, match="is not a number"):
            parse_number(raw)
    else:
        assert parse_number(raw) == float(expected), f"{row.where}: {written}"


def test_condition_and_number_tables_are_there() -> None:
    assert len(CONDITION_ROWS) >= 8 and len(NUMBER_ROWS) >= 6


# ---------------------------------------------------------------- mistakes and where they are reported

ERROR_TABLES = [table for doc in DOCS for table in doc.tables
                if table.header[1:] == ("error",) and table.header[0].startswith("`")]
ERROR_ROWS = [row for table in ERROR_TABLES for row in table.rows]


@pytest.mark.parametrize("row", ERROR_ROWS, ids=ids(ERROR_ROWS))
def test_mistake_is_the_error_shown(row: Row, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The header names the file the row's text is written to (then any other files the folder holds)."""
    files = re.findall(r"`([^`]+)`", row.header[0])
    target, others = files[0], files[1:]
    monkeypatch.chdir(tmp_path)
    for other in others:
        Path(other).parent.mkdir(parents=True, exist_ok=True)
        Path(other).write_text("Government forces advanced.\n", encoding="utf-8")
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    [text] = row.cells[0].codes
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ClaimsError) as error:
        if path.name == "claims-meta.yaml":
            load_metadata(path.parent)
        else:
            load_rule_file(path)
    assert row["error"].codes == (str(error.value).splitlines()[0],), f"{row.where}: {text}"


def test_mistake_tables_are_there() -> None:
    assert {Path(re.findall(r"`([^`]+)`", t.header[0])[0]).name for t in ERROR_TABLES} == {"x.yaml",
                                                                                          "claims-meta.yaml"}


TEXT_DATE_ROWS = rows_of("line 2", "date", "reports say the date came from")


@pytest.mark.parametrize("row", TEXT_DATE_ROWS, ids=ids(TEXT_DATE_ROWS))
def test_date_written_in_the_text_is_read_as_shown(row: Row, tmp_path: Path) -> None:
    [line] = row["line 2"].codes
    path = tmp_path / "report.txt"
    path.write_text(f"Syrian army advances in east Aleppo\n{line}\nMore text.\n", encoding="utf-8")
    document = load_document(path, {})
    assert document.title == "Syrian army advances in east Aleppo", "the title is the first line"
    expected = row["date"].text
    assert (str(document.date) if document.date else "none") == expected, f"{row.where}: dated {document.date}"
    assert row["reports say the date came from"].codes == ((document.date_source,) if document.date_source
                                                           else ()), row.where


def test_text_date_table_is_there() -> None:
    assert len(TEXT_DATE_ROWS) >= 4


FRONT_DATE_ROWS = rows_of("front matter date", "document date")


@pytest.mark.parametrize("row", FRONT_DATE_ROWS, ids=ids(FRONT_DATE_ROWS))
@pytest.mark.parametrize("fence", ["---", "+++"])
def test_front_matter_date_is_the_calendar_date_as_written(row: Row, fence: str, tmp_path: Path) -> None:
    [written] = row["front matter date"].codes
    key = "date: " if fence == "---" else "date = "
    if fence == "+++" and not re.fullmatch(r"[0-9-]+(T[0-9:]+(Z|[+-][0-9]{2}:[0-9]{2}))?", written):
        written = f"'{written}'"  # not a TOML date: a string
    path = tmp_path / "report.md"
    path.write_text(f"{fence}\n{key}{written}\n{fence}\nBody.\n", encoding="utf-8")
    assert str(load_document(path, {}).date) == row["document date"].text, row.where


def test_front_matter_date_table_is_there() -> None:
    assert len(FRONT_DATE_ROWS) >= 4


# ---------------------------------------------------------------- group_by source names

GROUP_ROWS = rows_of("sources", "groups")


@pytest.mark.parametrize("row", GROUP_ROWS, ids=ids(GROUP_ROWS))
def test_source_names_form_the_groups_shown(row: Row) -> None:
    names = row["sources"].codes
    assert len(names) >= 2, row.where
    keys = [group_key(make_claim(f"{name} said 40 people died.", "40", source=name), "source") for name in names]
    assert None not in keys
    groups = merge_source_keys([key for key in keys if key is not None])
    assert len(set(groups.values())) == int(row["groups"].text), f"{row.where}: {groups}"
