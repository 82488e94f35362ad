"""Web pages as documents: real trafilatura on real-looking pages in tmp_path, real quantulum3 on the text."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import discover_files, iter_documents, load_document
from pytest_claims.prose.webpage import _Source, locate_paragraphs
from pytest_claims.records.errors import DocumentError
from helpers.webpages import (BOILERPLATE_NUMBERS, DISTRICTS_LINE, HEADLINE_LINE, HOSPITALS_LINE, NEWS_PAGE,
                              TRAPPED_LINE, line_of, page_with)

ARTICLE = "<p>About 300,000 people remain trapped in the east of Aleppo, the United Nations said.</p>"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_the_page_constants_are_the_lines_of_the_page() -> None:
    assert line_of(NEWS_PAGE, "Aid agencies warn as Aleppo siege tightens</h1>") == HEADLINE_LINE
    assert line_of(NEWS_PAGE, "<p>About 300,000") == TRAPPED_LINE
    assert line_of(NEWS_PAGE, "<p>Government forces") == DISTRICTS_LINE
    assert line_of(NEWS_PAGE, "<p>Aid agencies said") == HOSPITALS_LINE
    for number in BOILERPLATE_NUMBERS:
        assert number in NEWS_PAGE, number


def test_the_article_numbers_are_claims_on_their_source_lines_and_the_boilerplate_numbers_are_not(
        tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "siege.html", NEWS_PAGE), {})
    claims = document_claims(document)
    assert [(claim.line, claim.quantity.surface, claim.counts) for claim in claims] == [
        (TRAPPED_LINE, "About 300,000", "people"),
        (DISTRICTS_LINE, "30", "district"),
        (DISTRICTS_LINE, "40", "district"),
        (HOSPITALS_LINE, "12", "hospital"),
    ]
    for number in BOILERPLATE_NUMBERS:
        assert number not in document.text, number
    for boilerplate in ("Home", "Related stories", "Comments", "Main Street", "reader", "pageViews"):
        assert boilerplate not in document.text, boilerplate


def test_each_paragraph_is_a_line_of_the_text_pointing_at_its_source_line(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "siege.html", NEWS_PAGE), {})
    paragraphs = document.text.split("\n")
    assert paragraphs[0] == "Aid agencies warn as Aleppo siege tightens"
    # a paragraph wrapped over two source lines is one line of text, at the line where it starts;
    # entities are read as the characters they stand for
    assert paragraphs[1] == ("About 300,000 people remain trapped in the besieged east of Aleppo, "
                             "the United Nations said on Friday.")
    assert "rebels\u2019 last road" in paragraphs[2]
    starts = [document.text.index(paragraph) for paragraph in paragraphs]
    assert [document.line_of(start) for start in starts] == [HEADLINE_LINE, TRAPPED_LINE, DISTRICTS_LINE,
                                                             HOSPITALS_LINE]
    assert document.source_lines == (HEADLINE_LINE, TRAPPED_LINE, DISTRICTS_LINE, HOSPITALS_LINE)


def test_lists_tables_and_line_breaks_keep_their_lines_and_sentences(tmp_path: Path) -> None:
    article = ("<p>The UN said:</p>\n<ul>\n<li>12 hospitals destroyed</li>\n<li>40 schools shut</li>\n</ul>\n"
               "<table>\n<tr><th>City</th><th>Killed</th></tr>\n<tr><td>Aleppo</td><td>30 people</td></tr>\n"
               "<tr><td>homs</td><td>40 people</td></tr>\n</table>\n<p>Aid agencies<br>said 5 convoys waited.</p>")
    page = page_with(article=article)
    document = load_document(write(tmp_path, "a.html", page), {})
    assert "---" not in document.text  # the table's delimiter row trafilatura writes is not text
    found = [(claim.line, claim.quantity.surface, claim.counts) for claim in document_claims(document)]
    assert found == [
        (line_of(page, "<li>12"), "12", "hospital"), (line_of(page, "<li>40"), "40", "school"),
        (line_of(page, "<td>Aleppo"), "30", "people"), (line_of(page, "<td>homs"), "40", "people"),
        (line_of(page, "<p>Aid agencies"), "5", "convoy")]
    # a line broken with <br> stays one sentence: its claim is quoted whole
    assert document_claims(document)[-1].sentence == "Aid agencies\nsaid 5 convoys waited."


def test_the_page_metadata_gives_date_outlet_and_title(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "siege.html", NEWS_PAGE), {})
    assert (document.title, document.outlet, document.date) == (
        "Aid agencies warn as Aleppo siege tightens", "Daily Planet", date(2016, 12, 9))
    assert document.date_source == "meta article:published_time line 8"


@pytest.mark.parametrize(("head", "expected", "source"), [
    ('<meta name="pubdate" content="2016-12-07">', date(2016, 12, 7), "meta pubdate line 4"),
    ('<meta itemprop="datePublished" content="2016-12-07T08:00:00Z">', date(2016, 12, 7),
     "meta datepublished line 4"),
    ('<meta property="article:published_time" content="Wednesday">\n<meta name="date" content="2016-12-07">',
     date(2016, 12, 7), "meta date line 5"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"datePublished": "2016-12-07T08:00:00Z"}</script>', date(2016, 12, 7), "page markup (htmldate)"),
], ids=["pubdate", "itemprop", "unreadable-meta-skipped", "json-ld"])
def test_other_date_metas_are_read(tmp_path: Path, head: str, expected: date, source: str) -> None:
    document = load_document(write(tmp_path, "a.html", page_with(head=head, article=ARTICLE)), {})
    assert (document.date, document.date_source) == (expected, source)


def test_without_page_metadata_the_folder_metadata_and_then_the_text_are_used(tmp_path: Path) -> None:
    head = "<title>Trapped in Aleppo</title>"
    article = f"<p>ALEPPO, December 8, 2016</p>\n{ARTICLE}"
    page = write(tmp_path, "a.html", page_with(head=head, article=article))
    document = load_document(page, {})
    assert (document.title, document.outlet, document.date) == ("Trapped in Aleppo", None, date(2016, 12, 8))
    assert document.date_source == f'text line {line_of(page.read_text(), "ALEPPO")}: "December 8, 2016"'
    (tmp_path / "claims-meta.yaml").write_text("a.html:\n  date: 2016-12-01\n  outlet: Wire\n", encoding="utf-8")
    document = load_document(page)
    assert (document.outlet, document.date, document.date_source) == ("Wire", date(2016, 12, 1), "claims-meta.yaml:2")


@pytest.mark.parametrize(("content", "problem"), [
    (page_with(article=""), "no article text in the page"),
    ("<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World 24</a></li></ul></nav>"
     "<footer><p>&copy; 2016 Daily Planet</p></footer></body></html>", "no article text in the page"),
    ("<html><head><script>var views = 4500;</script></head><body></body></html>", "no article text in the page"),
    ("About 300,000 people remain trapped, the UN said.", "not an HTML page: no tags found"),
    (b"<html><body><p>Caf\xe9 owners said 30 shops shut.</p></body></html>", "not valid UTF-8"),
    ("  \n", "empty document"),
], ids=["empty-article", "menu-and-footer", "script-only", "plain-text", "latin-1", "blank"])
def test_a_page_without_an_article_is_an_error_naming_the_file(tmp_path: Path, content: str | bytes,
                                                                problem: str) -> None:
    page = write(tmp_path, "broken.htm", content)
    with pytest.raises(DocumentError) as raised:
        load_document(page, {})
    assert raised.value.path == str(page)
    assert problem in raised.value.message
    [loaded] = iter_documents([page])  # a run gets the error as a problem, never a traceback
    assert isinstance(loaded, DocumentError) and problem in loaded.message


def test_web_pages_are_documents_not_skipped_files(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "c.HTML"):
        write(tmp_path, name, page_with(article=ARTICLE))
    write(tmp_path, "logo.png", b"\x89PNG")
    found = discover_files([tmp_path])
    assert [path.name for path in found.files] == ["a.html", "b.htm", "c.HTML"]
    assert [path.name for path in found.skipped] == ["logo.png"]
    assert not found.problems


def test_trafilatura_is_imported_only_when_a_page_is_read() -> None:
    check = ("import sys, pytest_claims.plugin, pytest_claims.prose.documents; "
             "assert 'trafilatura' not in sys.modules and 'lxml' not in sys.modules, 'imported'")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# Finding paragraphs in the source, against where they were written

_WORDS = st.lists(st.sampled_from(["Aleppo", "30", "people", "the", "UN", "said", "trapped", "of"]),
                  min_size=1, max_size=6).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.integers(0, 3), st.booleans()), min_size=1, max_size=8))
def test_each_paragraph_is_found_on_the_line_it_was_written(placed: list[tuple[str, int, bool]]) -> None:
    """Paragraphs (repeats too) written one per ``<p>`` after some blank lines, some wrapped over two lines:
    each is found at the line where its ``<p>`` starts."""
    source_lines = ["<html><body>", "<nav><a href='/'>Home</a></nav>"]
    expected = []
    for text, blanks, wrapped in placed:
        source_lines.extend([""] * blanks)
        expected.append(len(source_lines) + 1)
        written = text.replace(" ", "\n", 1) if wrapped else text
        source_lines.extend(f"<p>{written}</p>".split("\n"))
    source = _Source()
    source.feed("\n".join(source_lines + ["</body></html>"]))
    source.close()
    located = locate_paragraphs([text for text, _, _ in placed], source.visible, source.lines, source.boilerplate)
    assert [line for line, _ in located] == expected
    assert not any(in_boilerplate for _, in_boilerplate in located)


def test_a_broken_trafilatura_install_is_an_error_of_each_page_and_the_other_documents_still_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "brief.txt").write_text("Brief\n\nAbout 100,000 people are trapped, the UN said.\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now raises ImportError
    found = discover_files([str(tmp_path)])
    read = list(iter_documents([str(path) for path in found.files]))
    documents = [item for item in read if not isinstance(item, DocumentError)]
    errors = [item for item in read if isinstance(item, DocumentError)]
    assert [document.name for document in documents] == ["brief.txt"]
    [error] = errors
    assert error.path == str(tmp_path / "page.html")
    assert "cannot read web pages: trafilatura does not import" in error.message
    assert "reinstall pytest-claims" in error.message


@pytest.mark.parametrize("head, url", [
    ('<meta property="og:url" content="https://a.example/x"><link rel="canonical" href="https://b.example/y">',
     "https://a.example/x"),
    ('<link rel="Canonical" href="https://b.example/y">', "https://b.example/y"),
    ('<link rel="stylesheet" href="/s.css">', None),
])
def test_the_page_address_is_og_url_then_the_canonical_link(tmp_path: Path, head: str, url: str | None) -> None:
    page = tmp_path / "page.html"
    page.write_text(NEWS_PAGE.replace("<head>", f"<head>{head}", 1), encoding="utf-8")
    assert load_document(page).url == url
