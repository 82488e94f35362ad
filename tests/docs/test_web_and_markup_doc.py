"""docs/documents.md, "Web pages" and "Markdown markup": the example page gives the claims its table lists at
those lines, the metadata table is the order the reader tries, each error shown is the error for that page,
and each line of Markdown reads as the doc says."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.markdown import read
from helpers.paths import DOCS

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import load_document
from pytest_claims.prose.markup import strip_markdown
from pytest_claims.prose.sentences import split_sentences
from pytest_claims.prose.webpage import DATE_METAS
from pytest_claims.records.errors import DocumentError

DOC = read(DOCS / "documents.md")
PAGES = "Web pages (.html and .htm)"
MARKUP = "Markdown markup"


def test_the_example_page_gives_the_claims_of_the_table_at_their_lines(tmp_path: Path) -> None:
    [block] = [block for block in DOC.blocks if block.section == PAGES and block.language == "html"]
    [table] = DOC.tables_with("`siege.html` line", "as written", "counts")
    page = tmp_path / "siege.html"
    page.write_text(block.text, encoding="utf-8")
    document = load_document(page, {})
    found = [(claim.line, claim.quantity.surface, claim.counts) for claim in document_claims(document)]
    listed = [(int(row["`siege.html` line"].text), row["as written"].codes[0], row["counts"].text)
              for row in table.rows]
    assert found == listed, table.where
    for boilerplate in ("Home", "Top 10", "500", "900,000", "45 Main Street"):  # what the doc says is dropped
        assert boilerplate in block.text and boilerplate not in document.text, boilerplate
    assert (document.title, document.outlet) == ("Aid agencies warn as Aleppo siege tightens", "Daily Planet")
    [origin] = [code for paragraph in DOC.paragraphs if paragraph.markdown.startswith("Date metas")
                for code in paragraph.codes if code.startswith("meta ")]
    assert document.date_source == origin


def test_the_metadata_table_is_the_order_the_reader_tries() -> None:
    [table] = DOC.tables_with("part", "read from, in order")
    rows = {row["part"].text: row["read from, in order"].codes for row in table.rows}
    assert [code.lower() for code in rows["date"][:len(DATE_METAS)]] == list(DATE_METAS), table.where
    assert rows["outlet"] == ("og:site_name",) and rows["title"] == ("og:title", "<title>"), table.where


ERRORS = DOC.tables_with("what `page.html` holds", "error")[0]


@pytest.mark.parametrize("row", ERRORS.rows, ids=lambda row: row.where)
def test_each_page_error_shown_is_the_error_for_that_page(tmp_path: Path, row) -> None:  # type: ignore[no-untyped-def]
    [content] = row["what `page.html` holds"].codes
    [shown] = row["error"].codes
    page = tmp_path / "page.html"
    page.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        load_document(page, {})
    assert str(raised.value).replace(str(page), "page.html") == shown, row.where


READ_AS = DOC.tables_with("Markdown", "read as")[0]


@pytest.mark.parametrize("row", READ_AS.rows, ids=lambda row: row.where)
def test_each_line_of_markdown_reads_as_the_doc_says(row) -> None:  # type: ignore[no-untyped-def]
    [markdown] = row["Markdown"].codes
    read_as = row["read as"].codes[0] if row["read as"].codes else ""
    stripped = strip_markdown(markdown)
    assert len(stripped) == len(markdown)
    assert " ".join(stripped.split()) == read_as, row.where


def test_the_example_table_reads_as_one_sentence_per_row() -> None:
    [block] = [block for block in DOC.blocks if block.section == MARKUP and block.language == "md"]
    [table] = DOC.tables_with("sentence")
    sentences = [" ".join(sentence.text.split()) for sentence in split_sentences(strip_markdown(block.text))]
    assert sentences == [row["sentence"].codes[0] for row in table.rows], table.where
