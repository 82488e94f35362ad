"""Web pages (``.html``, ``.htm``) as documents: the article text, the page's own metadata, source lines.

trafilatura takes the article text out of the page: menus, related links,
comments and footers are dropped, tables kept (a table's ``|---|`` row
aside). Each line it gives (a paragraph, a heading, a list item, a table row,
a line after ``<br>``) is one line of the document's text, which sentences are
split from as from a ``.txt`` file's lines, and points at the line of the
HTML source where its text appears: the page's
visible text is walked with ``html.parser``, keeping each character's line, and
each paragraph is found in it, past the paragraph before, ignoring white space
(a paragraph trafilatura rewrote, a table row say, is found by its first
cell or words; one not found at all takes the line of the paragraph before).

The page's metadata gives the date (``article:published_time`` and the other
common date metas, else the date htmldate finds in the markup: JSON-LD, ``<time>``,
the address), the outlet (``og:site_name``) and the title (``og:title``, else
``<title>``). Nothing is downloaded: the page is read as it is on disk.

trafilatura is imported when the first page is read, not with the plugin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any, Optional

from ..records.errors import DocumentError
from .separators import INVISIBLE_MARKS

#: suffixes of web pages
PAGE_SUFFIXES = (".html", ".htm")
#: metas that give a page's publication date, in order of trust (property, name or itemprop)
DATE_METAS = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
              "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
              "date", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date")
_SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "title"})
#: where a page keeps what is not its article: a page whose every paragraph trafilatura gives lies in these
#: has no article (trafilatura falls back to any text it finds)
_BOILERPLATE_TAGS = frozenset({"nav", "header", "footer", "aside", "menu", "a", "button", "form", "select", "label"})
_TABLE_DELIMITER = re.compile(r"\|[-:| ]*-[-:| ]*\|")  # trafilatura writes a table as Markdown
# trafilatura makes every space a plain one, and a plain space never joins digit groups (prose/separators.py):
# the typographic spaces between digits ("$12 600 000"), as characters or entities, pass through it under
# stand-ins it keeps (rare punctuation), put back between digits in its text
_DIGIT_SPACES = {"\u00a0": ("nbsp", "160", "a0"), "\u2007": ("numsp", "8199", "2007"),
                 "\u2009": ("thinsp", "8201", "2009"), "\u202f": ("", "8239", "202f")}
_STAND_INS = dict(zip(_DIGIT_SPACES, "\u2e31\u2e32\u2e33\u2e34"))
_DIGIT_SPACE = re.compile(f"(?<=[0-9])[{INVISIBLE_MARKS}]*(?P<space>" + "|".join(
    f"{space}|&#0*{decimal};|&#[xX]0*{hexadecimal};" + (f"|&{name};" if name else "")
    for space, (name, decimal, hexadecimal) in _DIGIT_SPACES.items()) + f")[{INVISIBLE_MARKS}]*(?=[0-9])",
    re.IGNORECASE)
_STAND_IN = re.compile(f"(?<=[0-9])[{''.join(_STAND_INS.values())}](?=[0-9])")
_SPACE_OF = {stand_in: space for space, stand_in in _STAND_INS.items()}
_ENTITY_SPACE = {f"&{name};": space for space, (name, _, _) in _DIGIT_SPACES.items() if name}
_ISO_DATE = re.compile(r"\s*(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class WebPage:
    """A page's article text and metadata; ``source_lines`` holds the source line of each text line."""

    text: str
    source_lines: tuple[int, ...]
    title: Optional[str]
    outlet: Optional[str]
    date: Optional[date]
    #: where the date came from: ``meta article:published_time line 8``, ``page markup (htmldate)``
    date_source: Optional[str]
    #: the page's own address: ``og:url``, else ``<link rel="canonical">``
    url: Optional[str] = None


class _Source(HTMLParser):
    """The page's visible characters (white space aside), the line of each, its metas and ``<title>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.visible: list[str] = []
        self.lines: list[int] = []
        self.boilerplate: list[bool] = []  # whether each visible character lies in a boilerplate element
        self.metas: dict[str, tuple[str, int]] = {}  # lower-case key -> (content, line); the first kept
        self.title = ""
        self.canonical = ""
        self.tags = 0
        self._skipping = 0
        self._boilerplate = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.tags += 1
        if tag == "meta":
            values = {name.lower(): value or "" for name, value in attrs}
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and values.get("content", "").strip():
                self.metas.setdefault(key.strip().lower(), (values["content"].strip(), self.getpos()[0]))
        elif tag == "link":
            values = {name.lower(): value or "" for name, value in attrs}
            if "canonical" in values.get("rel", "").lower().split() and not self.canonical:
                self.canonical = values.get("href", "").strip()
        elif tag in _BOILERPLATE_TAGS:
            self._boilerplate += 1
        elif tag in _SKIPPED_TAGS:
            self._skipping += 1
            self._in_title = self._in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in _BOILERPLATE_TAGS and self._boilerplate:
            self._boilerplate -= 1
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
            if tag == "title":
                self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skipping:
            return
        line = self.getpos()[0]
        for character in data:
            if character == "\n":
                line += 1
            elif not character.isspace():
                self.visible.append(character)
                self.lines.append(line)
                self.boilerplate.append(self._boilerplate > 0)


def read_web_page(html: str, path: str) -> WebPage:
    """The article of the page ``html`` read from ``path``; DocumentError naming ``path`` when there is none."""
    source = _Source()
    try:
        source.feed(html)
        source.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own failures on broken markup
        raise DocumentError(f"not a readable HTML page: {exc}", path) from None
    if not source.tags:
        raise DocumentError("not an HTML page: no tags found", path)
    extracted = _extract(_DIGIT_SPACE.sub(_stand_in, html), path)
    text = extracted.get("text") or ""
    paragraphs = [_STAND_IN.sub(lambda found: _SPACE_OF[found.group()], " ".join(line.split()))
                  for line in text.split("\n") if line.strip() and not _TABLE_DELIMITER.fullmatch(line.strip())]
    located = locate_paragraphs(paragraphs, source.visible, source.lines, source.boilerplate)
    if all(in_boilerplate for _, in_boilerplate in located):
        raise DocumentError("no article text in the page: only menus, links and other boilerplate, "
                            "or nothing at all", path)
    page_date, date_source = _page_date(source.metas, extracted.get("date"))
    meta_title = source.metas.get("og:title", ("", 0))[0] or " ".join(source.title.split())
    meta_outlet = source.metas.get("og:site_name", ("", 0))[0]
    return WebPage(
        text="\n".join(paragraphs),
        source_lines=tuple(line for line, _ in located),
        title=meta_title or extracted.get("title") or None,
        outlet=meta_outlet or extracted.get("sitename") or None,
        date=page_date,
        date_source=date_source,
        url=source.metas.get("og:url", ("", 0))[0] or source.canonical or None,
    )


def _stand_in(found: re.Match[str]) -> str:
    """The stand-in of a typographic space between digits, written as a character or an entity."""
    written = found.group("space")
    if len(written) == 1:
        return _STAND_INS[written]
    if written.lower() in _ENTITY_SPACE:
        return _STAND_INS[_ENTITY_SPACE[written.lower()]]
    number = written[2:-1]
    code = int(number[1:], 16) if number[:1] in "xX" else int(number)
    return _STAND_INS[chr(code)]


def _extract(html: str, path: str) -> dict[str, Any]:
    """trafilatura's article text and metadata (``text``, ``title``, ``sitename``, ``date``); {} for none."""
    try:
        import trafilatura  # here, not at the top: the plugin imports this module, and most runs read no page
    except ImportError as exc:  # a broken install: every page says so, and the other documents still run
        raise DocumentError(f"cannot read web pages: trafilatura does not import ({exc}); reinstall "
                            f"pytest-claims (pip install --force-reinstall pytest-claims)", path) from None

    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
    # trafilatura parses any page with lxml; whatever fails inside it is this page's problem, not the run's
    except Exception as exc:  # noqa: BLE001
        raise DocumentError(f"cannot take the article out of the page: {exc}", path) from None
    if extracted is None:
        return {}
    return extracted if isinstance(extracted, dict) else extracted.as_dict()


def _page_date(metas: dict[str, tuple[str, int]], found: Optional[str]) -> tuple[Optional[date], Optional[str]]:
    """The first date meta that starts with an ISO date, else htmldate's finding (through trafilatura)."""
    for key in DATE_METAS:
        if key in metas:
            parsed = _iso_date(metas[key][0])
            if parsed is not None:
                return parsed, f"meta {key} line {metas[key][1]}"
    parsed = _iso_date(found or "")
    return (parsed, "page markup (htmldate)") if parsed is not None else (None, None)


def _iso_date(text: str) -> Optional[date]:
    match = _ISO_DATE.match(text)
    if match is None:
        return None
    try:
        return date.fromisoformat(match["date"])
    except ValueError:
        return None


def locate_paragraphs(paragraphs: list[str], visible: list[str], lines: list[int], boilerplate: list[bool]
                      ) -> list[tuple[int, bool]]:
    """The source line of each paragraph, and whether all of it lies in boilerplate: where its text (white
    space aside) appears in the page's visible characters, searched past the paragraph before; the line
    before (and not boilerplate: trafilatura kept it) when it is not found."""
    page = "".join(visible)
    found: list[tuple[int, bool]] = []
    cursor = 0
    for paragraph in paragraphs:
        place: Optional[tuple[int, bool]] = None
        for key in _keys(paragraph):
            at = page.find(key, cursor)
            if at < 0:
                at = page.find(key)
            if at >= 0:
                place, cursor = (lines[at], all(boilerplate[at:at + len(key)])), max(cursor, at + len(key))
                break
        if place is None:
            place = (found[-1][0] if found else (lines[0] if lines else 1), False)
        found.append(place)
    return found


def _keys(paragraph: str) -> list[str]:
    """What to look for, most to least exact: the whole paragraph, without a list marker, its first table
    cell, then shorter beginnings; all without white space."""
    starts = [paragraph]
    if paragraph.startswith(("- ", "* ", "• ")):
        starts.append(paragraph[2:])
    if "|" in paragraph:
        starts.append(paragraph.split("|")[0].strip() or paragraph.split("|")[1])
    keys: list[str] = []
    for start in starts:
        squeezed = "".join(start.split())
        for length in (len(squeezed), 80, 40, 20):
            key = squeezed[:length]
            if key and key not in keys and len(key) >= min(len(squeezed), 8):
                keys.append(key)
    return keys
