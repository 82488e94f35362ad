"""docs/documents.md, "CMS exports": its field table is the reader's defaults and ini keys, its example export
reads as written, and each error it shows is the error a run gives for that line."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from helpers.markdown import read
from helpers.options import plugin_options
from helpers.paths import DOCS

from pytest_claims.prose.cms import INI_KEYS, PARTS, FieldNames, field_names, iter_export
from pytest_claims.records.model import Document

DOC = read(DOCS / "documents.md")
SECTION = "CMS exports (.json and .jsonl)"


def test_the_field_table_lists_each_part_its_default_fields_in_order_and_its_ini_key() -> None:
    [table] = DOC.tables_with("part", "fields tried, in order", "ini key")
    listed = [(row["part"].text, row["fields tried, in order"].codes, row["ini key"].codes) for row in table.rows]
    defaults = FieldNames()
    assert listed == [(part, getattr(defaults, part), (INI_KEYS[part],)) for part in PARTS], table.where


def test_the_plugin_registers_every_ini_key_of_the_table() -> None:
    assert set(INI_KEYS.values()) <= set(plugin_options().inis)


def test_the_ini_example_names_fields_the_way_the_plugin_reads_them() -> None:
    [block] = [block for block in DOC.blocks if block.section == SECTION and block.language == "ini"]
    parser = configparser.ConfigParser()
    parser.read_string(block.text)
    keys = dict(parser["pytest"])
    assert set(keys) <= set(INI_KEYS.values()), block.where
    by_part = {part: keys.get(key, "").split() for part, key in INI_KEYS.items()}
    names = field_names(by_part)
    assert names.text == ("body_html", "article_body") and names.date == ("first_published_at",), block.where
    assert names.outlet == FieldNames().outlet, block.where


def test_the_example_export_reads_as_two_articles(tmp_path: Path) -> None:
    [block] = [block for block in DOC.blocks if block.section == SECTION and block.language == "jsonl"]
    path = tmp_path / "export.jsonl"
    path.write_text(block.text, encoding="utf-8")
    documents = list(iter_export(path))
    assert all(isinstance(document, Document) for document in documents), documents
    assert [(d.name, d.outlet, d.date_source) for d in documents if isinstance(d, Document)] == [
        ("export.jsonl:1", "Reuters", "field 'published' line 1"),
        ("export.jsonl:2", "AFP", "field 'published' line 2")], block.where


ERRORS = DOC.tables_with("line of `export.jsonl`", "error")[0]


@pytest.mark.parametrize("row", ERRORS.rows, ids=lambda row: row.where)
def test_each_error_shown_is_the_error_for_that_line(tmp_path: Path, row) -> None:  # type: ignore[no-untyped-def]
    [line] = row["line of `export.jsonl`"].codes
    [shown] = row["error"].codes
    path = tmp_path / "export.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    [error] = list(iter_export(path))
    assert str(error).replace(f"{tmp_path}/", "") == shown, row.where
