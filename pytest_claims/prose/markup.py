"""Markdown read as prose: its markup blanked, every other character where the file has it.

:func:`strip_markdown` returns a text of the same length as its input, with
the same newlines at the same offsets, so a quantity's span in it indexes the
file's text and a line number counted in it is the file's. Markup becomes
spaces: emphasis (``**30** of 40`` reads ``  30   of 40``), a link's brackets
and address (its text stays), images whole, heading ``#``, blockquote ``>``,
table pipes and the ``|---|`` delimiter rows, code (inline and fenced) whole,
HTML comments and tags, Hugo shortcodes (``{{< figure >}}``), reference
definitions, a backslash escaping a character.

A list marker (``-``, ``*``, ``+``, ``1.``) and the first pipe of a table row
become a bullet ``•`` instead of a space: the sentence splitter ends a
sentence at a line starting with a bullet (``prose/sentences.py``), so a list
item or a table row never runs on into the next one, whatever its first word.
A table row written without a leading pipe has no character to carry the
bullet and is read as a wrapped line of plain text.

This is a reader for news copy, not a CommonMark parser: inline markup is
matched within a paragraph and within :data:`MAX_SPAN` characters (longer
emphasis or code stays as written), indented code blocks are read as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: what a list marker and a table row's first pipe become: a bullet, which starts a sentence
BULLET = "•"
#: stands in for a character escaped with a backslash while inline markup is matched (private use)
_ESCAPED = "\ue000"

_FENCE_OPEN = re.compile(r"[ \t]{0,3}(?P<fence>`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--[\s\S]*?(?:-->|\Z)")
_SHORTCODE = re.compile(r"\{\{[<%][\s\S]*?[>%]\}\}")
_REFERENCE_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*")
_THEMATIC_BREAK = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})")
_HEADING = re.compile(r"(?P<indent>[ \t]{0,3})(?P<marks>#{1,6})(?=[ \t]|$)(?P<text>.*?)(?P<closing>[ \t]+#+)?[ \t]*$")
_QUOTE_MARK = re.compile(r"[ \t]{0,3}>[ \t]?")
_LIST_MARKER = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-*+]|[0-9]{1,9}[.)])(?=[ \t])")
_DELIMITER_ROW = re.compile(r"[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_PIPE = re.compile(r"(?<!\\)\|")

# Inline markup, matched within a paragraph: a single newline may fall inside, a blank line may not; and
# within MAX_SPAN characters, so a paragraph of stray asterisks costs linear time, not quadratic
_IN_PARAGRAPH = r"(?:[^\n]|\n(?![ \t]*\n))"
MAX_SPAN = 500
_CODE_SPAN = re.compile(rf"(?P<ticks>`+){_IN_PARAGRAPH}{{1,{MAX_SPAN}}}?(?<!`)(?P=ticks)(?!`)")
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_LINK = re.compile(r"(?P<open>\[)(?P<text>[^\[\]]*)(?P<close>\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|\]\[[^\[\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = tuple(
    re.compile(rf"(?P<open>{opening})(?=\S)(?P<text>{_IN_PARAGRAPH}{{1,{MAX_SPAN}}}?)(?<=\S)(?P<close>{closing})")
    for opening, closing in (
        (r"(?<![\\*])\*\*\*(?!\*)", r"(?<!\*)\*\*\*(?!\*)"),
        (r"(?<![\\*])\*\*(?!\*)", r"(?<!\*)\*\*(?!\*)"),
        (r"(?<![\\*])\*(?!\*)", r"(?<!\*)\*(?!\*)"),
        # underscores inside a word (snake_case) are not emphasis
        (r"(?<![\w_])___(?!_)", r"(?<!_)___(?![\w_])"),
        (r"(?<![\w_])__(?!_)", r"(?<!_)__(?![\w_])"),
        (r"(?<![\w_])_(?!_)", r"(?<!_)_(?![\w_])"),
        (r"~~", r"~~"),
    )
)
_ESCAPE = re.compile(r"\\(?P<char>[!-/:-@\[-`{-~])|\\(?=\r?\n)")


def strip_markdown(text: str) -> str:
    """``text`` with its Markdown markup blanked: same length, same newlines at the same offsets."""
    text = _blank_fenced_code(text)
    text = _blank_all(text, _COMMENT)
    text = _blank_all(text, _SHORTCODE)
    text, escaped = _hide_escapes(text)
    text = _blank_blocks(text)
    text = _blank_inline(text)
    return _restore_escapes(text, escaped)


def blank(text: str) -> str:
    """``text`` as spaces, its line breaks kept."""
    return re.sub(r"[^\r\n]", " ", text)


def _replace(text: str, start: int, end: int, replacement: str) -> str:
    assert len(replacement) == end - start
    return text[:start] + replacement + text[end:]


def _blank_all(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda match: blank(match.group()), text)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) of each line of ``text``."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _blank_fenced_code(text: str) -> str:
    """Fenced code blocks blanked whole, fences included; an unclosed fence runs to the end (CommonMark)."""
    pieces: list[str] = []
    fence = ""
    for _, line in _lines(text):
        if fence:
            closing = _FENCE_OPEN.match(line)
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) \
                    and not line[closing.end():].strip():
                fence = ""
            pieces.append(blank(line))
            continue
        opening = _FENCE_OPEN.match(line)
        if opening and not (opening["fence"][0] == "`" and "`" in line[opening.end():]):
            fence = opening["fence"]
            pieces.append(blank(line))
            continue
        pieces.append(line)
    return "\n".join(pieces)


def _hide_escapes(text: str) -> tuple[str, dict[int, str]]:
    """The backslash of each escape blanked and the escaped character hidden (no markup can match it)."""
    escaped: dict[int, str] = {}

    def hide(match: re.Match[str]) -> str:
        if match["char"] is None:  # a backslash at the end of a line: a hard line break
            return " "
        escaped[match.start() + 1] = match["char"]
        return " " + _ESCAPED

    return _ESCAPE.sub(hide, text), escaped


def _restore_escapes(text: str, escaped: dict[int, str]) -> str:
    characters = list(text)
    for offset, character in escaped.items():
        if characters[offset] == _ESCAPED:  # not blanked inside code or a link's address
            characters[offset] = character
    return "".join(characters)


def _blank_blocks(text: str) -> str:
    """Line by line: block markup (headings, quotes, lists, tables, breaks, definitions) blanked."""
    lines = text.split("\n")
    in_table = delimiter_row = False
    after_text = False  # whether the line before holds text: a numbered line then starts a list only as item 1
    in_list = False
    for index, line in enumerate(lines):
        ending = "\r" if line.endswith("\r") else ""  # a CRLF file: the line's own end, kept aside
        line = _blank_quote_marks(line[:len(line) - len(ending)])
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if delimiter_row:
            line, delimiter_row = blank(line), False
        elif not line.strip():
            in_table = False
        elif in_table and _PIPE.search(line):
            line = _table_row(line)
        elif "|" in line and _DELIMITER_ROW.fullmatch(_blank_quote_marks(following.rstrip("\r"))) \
                and "|" in following:
            in_table = delimiter_row = True
            line = _table_row(line)
        elif _REFERENCE_DEFINITION.fullmatch(line) or _THEMATIC_BREAK.fullmatch(line):
            line = blank(line)
        else:
            heading = _HEADING.match(line)
            marker = _LIST_MARKER.match(line)
            if heading:
                line = _blank_heading(line, heading)
            elif marker and (not marker["marker"][0].isdigit() or not after_text or in_list
                             or int(marker["marker"][:-1]) == 1):
                # an ordered item interrupts a paragraph only when it is item 1 (CommonMark): "2016. was" is text
                start, end = marker.span("marker")
                line = _replace(line, start, end, BULLET + " " * (end - start - 1))
                in_list = True
            elif not line[:1].isspace():
                in_list = False
        lines[index] = line + ending
        after_text = bool(line.strip())
    return "\n".join(lines)


def _blank_quote_marks(line: str) -> str:
    """A line's blockquote markers (``>``, ``> >``) blanked."""
    end = 0
    while True:
        mark = _QUOTE_MARK.match(line, end)
        if mark is None:
            break
        end = mark.end()
    return blank(line[:end]) + line[end:]


def _blank_heading(line: str, heading: re.Match[str]) -> str:
    line = _replace(line, *heading.span("marks"), " " * len(heading["marks"]))
    if heading["closing"]:
        line = _replace(line, *heading.span("closing"), blank(heading["closing"]))
    return line


def _table_row(line: str) -> str:
    """A table row's pipes blanked, the first (when it leads the row) a bullet."""
    stripped = line.lstrip(" \t")
    lead = len(line) - len(stripped)
    row = _PIPE.sub(" ", line)
    if stripped.startswith("|"):
        row = _replace(row, lead, lead + 1, BULLET)
    return row


def _blank_inline(text: str) -> str:
    """Inline markup blanked: code and images whole, links and emphasis keeping their text."""
    text = _blank_all(text, _CODE_SPAN)
    text = _blank_all(text, _IMAGE)
    text = _blank_all(text, _AUTOLINK)
    text = _blank_all(text, _TAG)
    text = _keep_text(text, _LINK)
    for emphasis in _EMPHASIS:
        text = _keep_text(text, emphasis)
    return text


def _keep_text(text: str, pattern: re.Pattern[str]) -> str:
    """Each match of ``pattern`` blanked but its ``text`` group; repeated while any matches (nesting)."""
    def keep(match: re.Match[str]) -> str:
        return blank(match["open"]) + match["text"] + blank(match["close"])

    while True:
        replaced = pattern.sub(keep, text)
        if replaced == text:
            return text
        text = replaced
