"""Markdown markup blanked in place: exact examples, properties against the input, and real extraction
(quantulum3 through the package's pipeline) on stripped text against the same text cleaned by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import load_document
from pytest_claims.prose.markup import BULLET, MAX_SPAN, strip_markdown
from pytest_claims.prose.sentences import split_sentences
from pytest_claims.report.tables import shorten_quote


@pytest.mark.parametrize(("markdown", "stripped"), [
    ("The army took **30** of 40 districts.", "The army took   30   of 40 districts."),
    ("The army took __30__ of _40_ districts.", "The army took   30   of  40  districts."),
    ("It was ***very*** *bad*, ~~2~~ 3 said.", "It was    very     bad ,   2   3 said."),
    ("snake_case_name and 2*3*4 stay", "snake_case_name and 2 3 4 stay"),
    ("[The UN](https://un.org/a_(b)) said 30.", " The UN                        said 30."),
    ("See [the report][un] on 5.", "See  the report      on 5."),
    ("![Map of 40 districts](map.png) Aleppo", "                                Aleppo"),
    ("## Aleppo: 30 districts ##", "   Aleppo: 30 districts   "),
    ("> About 250,000 are trapped.\n> > Nested 5", "  About 250,000 are trapped.\n    Nested 5"),
    ("- 30 killed\n* 40 hurt\n+ 50 fled", "• 30 killed\n• 40 hurt\n• 50 fled"),
    ("1. first\n2. second", "•  first\n•  second"),
    ("He said\n2016. was a bad year", "He said\n2016. was a bad year"),
    ("Use `x = 30` now", "Use          now"),
    ("```python\ncount = 30\n```\nAfter", "         \n          \n   \nAfter"),
    ("Before <!-- 30 hidden\nstill 40 --> after", "Before               \n             after"),
    ("{{< figure src=\"30.png\" >}} Aleppo", "                            Aleppo"),
    ("[un]: https://un.org/30 \"UN 30\"\nText", "                               \nText"),
    ("A <b>bold</b> <https://x.org/30> end", "A    bold                        end"),
    ("Not \\*emphasis\\* here, 30\\% up", "Not  *emphasis * here, 30 % up"),
    ("Above\n***\nBelow\n---", "Above\n   \nBelow\n   "),
    ("| City | Killed |\n|:---|---:|\n| Aleppo | 30 |\n| homs | 40 |",
     f"{BULLET} City   Killed  \n           \n{BULLET} Aleppo   30  \n{BULLET} homs   40  "),
], ids=["strong", "underscores", "nested-and-strike", "no-emphasis-inside-words", "link-with-parens",
        "reference-link", "image", "heading", "blockquote", "bullets", "ordered", "not-a-list", "code-span",
        "fenced-code", "comment", "hugo-shortcode", "reference-definition", "tags-and-autolink", "escapes",
        "thematic-breaks", "table"])
def test_markup_is_blanked_and_the_text_stays_in_place(markdown: str, stripped: str) -> None:
    assert strip_markdown(markdown) == stripped


_MARKUP = st.sampled_from(["**", "*", "_", "__", "`", "```", "~~", "[", "]", "(", ")", "![", "#", "> ", "- ",
                           "1. ", "|", "|---|", "<!--", "-->", "<b>", "\\", "{{<", ">}}", "\n", "\r\n", "\n\n",
                           "30", " of ", "40 districts", "Aleppo", " ", "é", "•"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_MARKUP | st.text(max_size=3), max_size=40).map("".join))
def test_the_text_keeps_its_length_and_its_line_breaks(markdown: str) -> None:
    stripped = strip_markdown(markdown)
    assert len(stripped) == len(markdown)
    assert [i for i, c in enumerate(stripped) if c in "\r\n"] == [i for i, c in enumerate(markdown) if c in "\r\n"]
    for kept, written in zip(stripped, markdown):
        assert kept in (written, " ", BULLET), (kept, written)
        if kept == BULLET and written != BULLET:
            assert written in "-*+|" or written.isdigit(), written


def test_emphasis_longer_than_the_limit_stays_as_written() -> None:
    assert strip_markdown(f"**{'a' * MAX_SPAN}**") == f"  {'a' * MAX_SPAN}  "
    assert strip_markdown(f"**{'a' * (MAX_SPAN + 1)}**") == f"**{'a' * (MAX_SPAN + 1)}**"


def test_a_crlf_file_reads_as_its_lf_copy() -> None:
    markdown = "## Aleppo ##\n\n| City | Killed |\n| --- | ---: |\n| homs | **40** |\n***\n> - 30 fled\n"
    assert strip_markdown(markdown.replace("\n", "\r\n")) == strip_markdown(markdown).replace("\n", "\r\n")


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_characters="*_`~[]()!#>|<\\{}-+=.)"), max_size=80))
def test_text_without_markup_characters_is_unchanged(text: str) -> None:
    assert strip_markdown(text) == text


# Real extraction: Markdown against the same text cleaned by hand

FRONT = "---\ntitle: Siege\ndate: 2016-12-09T10:00:00Z\nauthor: Staff\n---\n"
PAIRS = [
    ("The army took **30** of 40 districts, the _Observatory_ said.",
     "The army took 30 of 40 districts, the Observatory said."),
    ("> About **250,000** people are [trapped](https://un.org/report-2016-40), the UN said.",
     "About 250,000 people are trapped, the UN said."),
    ("# Aleppo\n\nRebels lost *12* neighbourhoods. Then `x` __5__ more fell on Sunday.",
     "Aleppo\n\nRebels lost 12 neighbourhoods. Then 5 more fell on Sunday."),
    ("Figures:\n\n- **300** people killed\n- 20 children among them",
     "Figures:\n\n300 people killed\n\n20 children among them"),
]


def claims_of(folder: Path, name: str, text: str) -> list[tuple[float, str | None, str, int]]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    document = load_document(path, {})
    file_text = path.read_text(encoding="utf-8")
    found = []
    for claim in document_claims(document):
        start, end = claim.quantity.span
        # the span indexes the file: the number as written is there
        assert claim.quantity.number_text in file_text[document.body_offset + start:document.body_offset + end]
        assert claim.line == file_text.count("\n", 0, document.body_offset + start) + 1
        found.append((claim.quantity.value, claim.counts, " ".join(claim.quantity.surface.split()), claim.line))
    return found


@pytest.mark.parametrize(("markdown", "cleaned"), PAIRS, ids=["emphasis", "quote-and-link", "heading-code",
                                                              "list"])
def test_stripped_markdown_gives_the_claims_of_the_hand_cleaned_text(tmp_path: Path, markdown: str,
                                                                      cleaned: str) -> None:
    from_markdown = claims_of(tmp_path, "a.md", FRONT + markdown)
    from_cleaned = claims_of(tmp_path, "b.md", FRONT + cleaned)
    assert from_markdown and [row[:3] for row in from_markdown] == [row[:3] for row in from_cleaned]


def test_emphasis_keeps_the_counted_noun_and_a_plain_quote(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(FRONT + "The army took **30** of 40 districts, the _Observatory_ said.\n"
                    "The toll rose to **341**.\n", encoding="utf-8")
    [thirty, forty, toll] = document_claims(load_document(path, {}))
    assert (thirty.counts, thirty.quantity.total, thirty.line) == ("district", 40, 6)
    # the table of claims shows the sentence as a reader would write it, without the markup's blanks
    assert shorten_quote(thirty) == "The army took **30** of 40 districts, the Observatory said."
    assert (forty.quantity.value, forty.counts) == (40, "district")
    assert (toll.quantity.value, toll.line, shorten_quote(toll)) == (341, 7, "The toll rose to **341**.")


def test_runs_of_blanks_do_not_join_or_split_sentences() -> None:
    text = strip_markdown("He said **30** people died.  Then *40* more fled.\nThe _UN_ said **5**.")
    assert [" ".join(s.text.split()) for s in split_sentences(text)] == [
        "He said 30 people died.", "Then 40 more fled.", "The UN said 5 ."]


def test_a_table_row_ends_a_sentence(tmp_path: Path) -> None:
    table = ("Losses by city:\n\n| City | Civilians |\n| --- | ---: |\n| Aleppo | 30 dead |\n"
             "| homs | 40 |\n| idlib | 12 wounded |\n")
    sentences = [" ".join(s.text.split()) for s in split_sentences(strip_markdown(table))]
    assert sentences == ["Losses by city:", "• City Civilians", "• Aleppo 30 dead", "• homs 40", "• idlib 12 wounded"]
    path = tmp_path / "a.md"
    path.write_text(FRONT + table, encoding="utf-8")
    claims = document_claims(load_document(path, {}))
    # a row's number does not count the next row's words ("40 ... idlib"), nor reads its first cell
    assert [(c.quantity.value, c.line) for c in claims] == [(30, 10), (40, 11), (12, 12)]
    assert all(claim.sentence.count("\n") == 0 for claim in claims)
