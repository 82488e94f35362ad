"""CMS exports (.json, .jsonl) as documents: real JSON text in tmp_path, read with the standard decoder."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.cms import INI_KEYS, FieldNames, export_reader, field_names, iter_export
from pytest_claims.prose.documents import (
    METADATA_FILE,
    discover_files,
    iter_documents,
    load_catalogue,
    load_corpus,
    load_document,
    load_metadata,
)
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document

READ = export_reader()

JSONL = """\
{"id": 101, "headline": "Aleppo Evacuation Stalls", "published": "2016-12-11T08:00:00+02:00", "source": "Reuters", "body": "About 100,000 people remain trapped.\\nThe UN said so."}

{"id": "a-102", "title": "Syria Army Makes New Gains", "date": "2016-12-06", "publisher": "AFP", "text": "Syria's army seized key ground."}
{"content": "ALEPPO, December 8, 2016 - Government forces advanced.", "title": null, "headline": "From the headline"}
"""

JSON = """\
{
  "count": 2,
  "articles": [
    {
      "title": "Aleppo Evacuation Stalls",
      "published": "2016-12-11",
      "text": "About 100,000 people remain trapped.\\nThe UN said so."
    },
    {"title": "Second", "body": "Rebels held 30 of 40 neighbourhoods."}
  ],
  "next": {"cursor": "abc"}
}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path, names: FieldNames | None = None) -> tuple[list[Document], list[DocumentError]]:
    documents: list[Document] = []
    problems: list[DocumentError] = []
    for item in iter_export(path, names):
        (documents if isinstance(item, Document) else problems).append(item)  # type: ignore[arg-type]
    return documents, problems


def located(problems: list[DocumentError]) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in problems]


# --------------------------------------------------------------------------
# JSONL


def test_jsonl_records_are_documents_with_their_fields_and_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl", JSONL)
    documents, problems = read(path)
    assert problems == []
    first, second, third = documents
    assert (first.path, first.name, first.file) == (f"{path}:1", "export.jsonl:1", str(path))
    assert (first.title, first.outlet, first.date) == ("Aleppo Evacuation Stalls", "Reuters", date(2016, 12, 11))
    assert first.date_source == "field 'published' line 1"
    assert first.text == "About 100,000 people remain trapped.\nThe UN said so."
    assert first.source_lines == (1, 1)
    assert first.line_of(first.text.index("The UN")) == 1
    assert first.info.file == str(path) and first.info.source_file == str(path)
    # other default names: date, publisher, text; the blank line 2 is skipped, not counted as a record
    assert (second.name, second.title, second.outlet, second.date) == (
        "export.jsonl:3", "Syria Army Makes New Gains", "AFP", date(2016, 12, 6))
    # title null counts as absent (headline wins); no date field: the date written in the text, at the file line
    assert (third.name, third.title, third.outlet) == ("export.jsonl:4", "From the headline", None)
    assert (third.date, third.date_source) == (date(2016, 12, 8), 'text line 4: "December 8, 2016"')


def test_configured_field_names_replace_the_defaults_part_by_part(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl",
                 '{"body_html": "<p>About 100 people.</p>", "body": "not this", "first_published_at": "2016-12-06",'
                 ' "date": "1999-01-01", "title": "T"}\n')
    names = field_names({"text": ["article_body", "body_html"], "date": ["first_published_at"], "outlet": []})
    assert names.outlet == FieldNames().outlet and names.title == FieldNames().title
    [document], problems = read(path, names)
    assert problems == []
    # markup stays as written: it is not stripped (yet)
    assert (document.text, document.date, document.title) == ("<p>About 100 people.</p>", date(2016, 12, 6), "T")
    with pytest.raises(ValueError, match="unknown record parts bodytext"):
        field_names({"bodytext": ["x"]})


def test_ini_keys_are_one_per_part() -> None:
    assert INI_KEYS == {"text": "claims_field_text", "date": "claims_field_date", "outlet": "claims_field_outlet",
                        "title": "claims_field_title", "url": "claims_field_url", "id": "claims_field_id"}


def test_a_bad_record_is_an_error_at_its_line_and_the_others_still_read(tmp_path: Path) -> None:
    lines = [
        '{"text": "One."}',
        'not json',
        '{"title": "no text"}',
        '{"text": {"html": "<p>x</p>"}}',
        '{"text": "Two.", "date": "2016-02-30"}',
        '{"text": "Three.", "date": 20161206}',
        '[1, 2]',
        '{"text": "Four.", "id": [1], "url": "https://example.org/4"}',
        '{"text": "   "}',
        '{"text": "Five.", "outlet": true}',
        '{"text": "Six.", "title": 1984, "id": 7, "outlet": ""}',
    ]
    path = write(tmp_path, "export.jsonl", "\n".join(lines) + "\n")
    documents, problems = read(path)
    assert [(d.name, d.text, d.title, d.outlet) for d in documents] == [
        ("export.jsonl:1", "One.", "One.", None), ("export.jsonl:11", "Six.", "1984", None)]
    assert all(problem.path == str(path) for problem in problems)
    found = located(problems)
    assert [line for line, _ in found] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    messages = dict(found)
    assert messages[2].startswith("not valid JSON (Expecting value, column 1): not json;")
    assert "none of the fields text, body, content (its fields: 'title')" in messages[3]
    assert "claims_field_text" in messages[3]
    assert messages[4].startswith("""field 'text' holds an object {"html": "<p>x</p>"}, not the article's text""")
    assert messages[5].startswith("field 'date': bad date '2016-02-30': day is out of range for month")
    assert messages[6].startswith("field 'date' holds a number 20161206, not a date")
    assert messages[7] == 'a record must be a JSON object, one article ({"text": ...}), not an array [1, 2]'
    assert messages[8].startswith("field 'id' holds an array [1], not the id as text; name the field that holds "
                                  "it with claims_field_id")
    assert messages[9] == "empty article: field 'text' holds no text"
    assert messages[10].startswith("field 'outlet' holds true, not the outlet as text")
    assert str(problems[0]).startswith(f"{path}:2: not valid JSON")


def test_a_long_value_is_quoted_cut_short(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl", json.dumps({"text": {"html": "x" * 500}}) + "\n")
    [], [problem] = read(path)
    quoted = problem.message.split(" holds an object ")[1].split(", not the")[0]
    assert quoted.startswith('{"html": "xxx') and quoted.endswith("…") and len(quoted) == 60


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty export: it holds no records"),
    ("\n  \n", "empty export: it holds no records"),
    ("[]", "no records: the array is empty"),
    ('{"articles": []}', "no records: the array #/articles is empty"),
])
def test_an_export_without_records_is_an_error(tmp_path: Path, content: str, message: str) -> None:
    suffix = ".jsonl" if not content.strip() else ".json"
    [], [problem] = read(write(tmp_path, f"export{suffix}", content))
    assert problem.message == message


def test_an_export_that_is_not_utf8_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n')
    [], [problem] = read(path)
    assert (problem.line, problem.message.split(" (")[0]) == (1, "not valid UTF-8")


# --------------------------------------------------------------------------
# JSON


def test_json_records_are_named_by_pointer_and_point_at_their_text_line(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", JSON)
    documents, problems = read(path)
    assert problems == []
    first, second = documents
    assert (first.path, first.name, first.file) == (f"{path}#/articles/0", "export.json#/articles/0", str(path))
    assert first.source_lines == (7, 7)  # the line of the "text" value, both lines of its text
    assert first.date_source == "field 'published' line 6"
    assert (second.name, second.source_lines, second.title) == ("export.json#/articles/1", (9,), "Second")


def test_a_top_level_array_and_pointer_escapes(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '[\n{"text": "One."},\n\n  {"text": "Two."}]')
    assert [(d.name, d.source_lines) for d in read(path)[0]] == [("a.json#/0", (2,)), ("a.json#/1", (4,))]
    path = write(tmp_path, "b.json", '{"a/b~c": [{"text": "One."}], "n": 1}')
    assert [d.name for d in read(path)[0]] == ["b.json#/a~1b~0c/0"]


def test_json_record_errors_name_the_pointer_and_the_field_line(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", '{"data": [\n  {"text": "Fine."},\n  {"title": "T",\n   "text": 5},\n'
                                          '  "a string",\n  {"text": "Also fine."}\n]}')
    documents, problems = read(path)
    assert [d.name for d in documents] == ["export.json#/data/0", "export.json#/data/3"]
    assert located(problems) == [
        (4, "record #/data/1: field 'text' holds a number 5, not the article's text; name the field that holds "
            "the text with claims_field_text in the ini file"),
        (5, 'record #/data/2: a record must be a JSON object, one article ({"text": ...}), not text "a string"'),
    ]


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ('{"a": [{"text": "x"}], "b": []}', 1, "exactly one array of records ({\"articles\": [...]}); arrays found: "
                                           "2: 'a', 'b'"),
    ('{"text": "x"}', 1, "arrays found: none"),
    ('"just text"', 1, "holds an array of records ([{...}, ...]) or an object holding one"),
    ('{"a": [{"text": "x"}]\n,}', 2, "not valid JSON (Expecting property name enclosed in double quotes"),
    ('{"a": [{"text": "x"}]} trailing', 1, "not valid JSON (Extra data"),
])
def test_a_json_file_of_the_wrong_shape_is_one_error(tmp_path: Path, content: str, line: int, fragment: str) -> None:
    documents, problems = read(write(tmp_path, "export.json", content))
    assert documents == []
    [problem] = problems
    assert problem.line == line and fragment in problem.message, problem.message


def test_a_json_file_broken_midway_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", '[{"text": "One."},\n {"text": "Two."},\n {"text": "Thr')
    documents, problems = read(path)
    assert [d.text for d in documents] == ["One.", "Two."]
    assert located(problems) == [(3, "not valid JSON (Unterminated string starting at, column 11); the records "
                                     "after this line are not read: mend the file")]


# --------------------------------------------------------------------------
# Among the other documents


def test_exports_are_documents_in_discovery_and_the_catalogue(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Government forces advanced on December 8, 2016.\n")
    export = write(tmp_path, "export.jsonl", JSONL)
    write(tmp_path, "notes.docx", "x")
    found = discover_files([tmp_path])
    assert found.files == [(tmp_path / "a.txt").resolve(), export.resolve()]
    assert found.skipped == [(tmp_path / "notes.docx").resolve()]
    catalogue = load_catalogue([tmp_path], READ)
    assert [d.name for d in catalogue.documents] == ["a.txt", "export.jsonl:1", "export.jsonl:3", "export.jsonl:4"]
    assert catalogue.files == (str((tmp_path / "a.txt").resolve()), str(export.resolve()))
    assert [d.file for d in catalogue.documents] == [None] + [str(export.resolve())] * 3
    # extraction reads the catalogue's files again, whole: the same documents
    again = [item.info for item in iter_documents(catalogue.files, READ) if isinstance(item, Document)]
    assert tuple(again) == catalogue.documents


def test_without_a_reader_an_export_is_a_problem_not_a_silent_skip(tmp_path: Path) -> None:
    export = write(tmp_path, "export.jsonl", JSONL)
    corpus = load_corpus([tmp_path])
    assert corpus.documents == ()
    [problem] = corpus.problems
    assert problem.path == str(export.resolve()) and "no reader for exports" in problem.message
    with pytest.raises(DocumentError, match="a CMS export holds many documents"):
        load_document(export)


def test_claims_meta_does_not_apply_to_an_export(tmp_path: Path) -> None:
    write(tmp_path, "export.jsonl", JSONL)
    meta = write(tmp_path, METADATA_FILE, "export.jsonl:\n  outlet: X\n")
    with pytest.raises(DocumentError) as info:
        load_metadata(tmp_path)
    assert (info.value.path, info.value.line) == (str(meta), 1)
    assert "'export.jsonl' is a CMS export" in info.value.message and "remove the entry" in info.value.message


def test_claims_of_a_record_point_at_its_file_line(tmp_path: Path) -> None:
    from pytest_claims.prose.claims import document_claims

    path = write(tmp_path, "export.jsonl", '\n{"text": "x"}\n' + json.dumps(
        {"published": "2016-12-10", "body": "Aid groups said.\nAbout 300,000 people are trapped in the east."}) + "\n")
    [_, record], _ = read(path)
    [claim] = [c for c in document_claims(record) if c.quantity.value == 300000]
    assert (claim.document, claim.path, claim.line) == ("export.jsonl:3", f"{path}:3", 3)


# --------------------------------------------------------------------------
# Property: any records written as JSONL read back as written, each at its line

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
_optional = st.none() | _text
_records = st.lists(st.fixed_dictionaries({
    "text": _text,
    "title": _optional,
    "outlet": _optional,
    "date": st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    "blank_lines_before": st.integers(0, 2),
}), max_size=8)


@settings(max_examples=60, deadline=None)
@given(records=_records)
def test_records_written_as_jsonl_read_back_with_their_lines(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lines: list[str] = []
        expected = []
        for record in records:
            lines += [" \t"] * record["blank_lines_before"]
            written = {"text": record["text"], "title": record["title"], "outlet": record["outlet"],
                       "published": None if record["date"] is None else f"{record['date'].isoformat()}T12:00:00Z"}
            lines.append(json.dumps(written, ensure_ascii=bool(len(lines) % 2)))
            expected.append((len(lines), record))  # the reference: the line just written
        path = write(Path(folder), "export.jsonl", "\n".join(lines) + ("\n" if lines else ""))
        documents, problems = read(path)
        if not records:
            assert located(problems) == [(None, "empty export: it holds no records")]
            return
        assert problems == []
        assert len(documents) == len(records)
        for document, (line, record) in zip(documents, expected):
            assert document.name == f"export.jsonl:{line}"
            assert document.text == record["text"]
            assert document.source_lines == (line,) * (record["text"].count("\n") + 1)
            assert document.outlet == (record["outlet"].strip() if record["outlet"] else None) or None
            if record["title"] and record["title"].strip():
                assert document.title == record["title"].strip()
            if record["date"] is not None:
                assert (document.date, document.date_source) == (record["date"], f"field 'published' line {line}")
