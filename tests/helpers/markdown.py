"""The project's Markdown files as data, for the tests that check the docs' promises.

:func:`read` parses a file with markdown-it-py and returns its headings, fenced
code blocks (with their info string) and pipe tables (rows of cells), each with
the file line it comes from, so a failing test can name ``docs/cookbook.md:123``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .paths import DOCS, PROJECT, README

_PARSER = MarkdownIt("commonmark").enable("table")


def doc_files() -> list[Path]:
    """The README and every ``docs/*.md``: the files whose promises are tested."""
    return [README, *sorted(DOCS.glob("*.md"))]


def shown(path: Path) -> str:
    """``path`` as failures name it: relative to the project (``docs/rules.md``)."""
    try:
        return path.resolve().relative_to(PROJECT).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int

    @property
    def anchor(self) -> str:
        """The fragment GitHub gives the heading (``#who-said-it-and-when``)."""
        return slug(self.text)


@dataclass(frozen=True)
class Block:
    """A fenced code block: ``info`` is the text after the fence (```` ```yaml ```` -> ``yaml``)."""

    file: str
    line: int  # the opening fence
    info: str
    text: str
    section: str  # the heading above it, "" before the first

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info else ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line_of(self, index: int) -> int:
        """The file line of the block's ``index``-th text line (0-based)."""
        return self.line + 1 + index


@dataclass(frozen=True)
class Cell:
    """A table cell: its Markdown as written, its plain text, and its inline code spans.

    ``strong_codes`` are the code spans written inside ``**bold**``.
    """

    markdown: str
    text: str
    codes: tuple[str, ...]
    strong_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    cells: tuple[Cell, ...]
    header: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def __getitem__(self, column: str) -> Cell:
        return self.cells[self.header.index(column)]

    def get(self, column: str) -> Cell | None:
        return self[column] if column in self.header else None


@dataclass(frozen=True)
class Table:
    """A pipe table; ``header`` holds each header cell's Markdown as written."""

    file: str
    line: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    section: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Link:
    file: str
    line: int
    target: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Paragraph:
    file: str
    line: int
    markdown: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class MarkdownFile:
    path: Path
    name: str  # as failures show it: docs/rules.md
    text: str
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    links: tuple[Link, ...]
    paragraphs: tuple[Paragraph, ...]

    @cached_property
    def anchors(self) -> frozenset[str]:
        return frozenset(heading.anchor for heading in self.headings)

    def tables_with(self, *columns: str) -> list[Table]:
        """The tables whose header starts with these columns (Markdown as written)."""
        return [table for table in self.tables if table.header[:len(columns)] == columns]

    def paragraph_after(self, block: Block) -> Paragraph | None:
        """The first paragraph below ``block``, if one comes before the next block or heading."""
        stops = [b.line for b in self.blocks if b.line > block.line] + [h.line for h in self.headings
                                                                         if h.line > block.line]
        limit = min(stops, default=10 ** 9)
        return next((p for p in self.paragraphs if block.line < p.line < limit), None)


def read(path: Path) -> MarkdownFile:
    """Parse one Markdown file (CommonMark plus pipe tables)."""
    text = path.read_text(encoding="utf-8")
    name = shown(path)
    tokens = _PARSER.parse(text)
    headings: list[Heading] = []
    blocks: list[Block] = []
    tables: list[Table] = []
    links: list[Link] = []
    paragraphs: list[Paragraph] = []
    section = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open":
            inline = tokens[i + 1]
            section = _plain(inline)
            headings.append(Heading(int(token.tag[1:]), section, line))
        elif token.type == "fence":
            blocks.append(Block(name, line, token.info.strip(), token.content, section))
        elif token.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            tables.append(_table(name, line, tokens[i:end], section))
        elif token.type == "paragraph_open" and tokens[i + 1].type == "inline":
            inline = tokens[i + 1]
            paragraphs.append(Paragraph(name, line, inline.content, _codes(inline)))
        if token.type == "inline":
            links.extend(Link(name, line, str(child.attrs["href"])) for child in token.children or ()
                         if child.type == "link_open")
        i += 1
    return MarkdownFile(path, name, text, tuple(headings), tuple(blocks), tuple(tables), tuple(links),
                        tuple(paragraphs))


def _table(name: str, line: int, tokens: list[Token], section: str) -> Table:
    header: list[str] = []
    rows: list[Row] = []
    in_head = False
    cells: list[Cell] = []
    row_line = line
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells = []
            row_line = token.map[0] + 1 if token.map else line
        elif token.type == "inline":
            cells.append(_cell(token))
        elif token.type == "tr_close":
            if in_head:
                header = [cell.markdown for cell in cells]
            else:
                rows.append(Row(name, row_line, tuple(cells), tuple(header)))
    return Table(name, line, tuple(header), tuple(rows), section)


def _cell(inline: Token) -> Cell:
    codes: list[str] = []
    strong: list[str] = []
    depth = 0
    for child in inline.children or ():
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type == "code_inline":
            codes.append(child.content)
            if depth:
                strong.append(child.content)
    return Cell(inline.content.strip(), _plain(inline), tuple(codes), tuple(strong))


def _codes(inline: Token) -> tuple[str, ...]:
    return tuple(child.content for child in inline.children or () if child.type == "code_inline")


def _plain(inline: Token) -> str:
    """The inline's text without markup: code spans keep their text, emphasis and links vanish."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def bold_span(markdown: str) -> tuple[str, tuple[int, int]]:
    """The text without its one ``**bold**`` part, and where that part stands in it.

    ``"killed **more than 341** people"`` -> ``("killed more than 341 people", (7, 20))``.
    """
    match = re.fullmatch(r"(.*?)\*\*(.+?)\*\*(.*)", markdown, re.DOTALL)
    if match is None or "**" in match.group(1) + match.group(3):
        raise ValueError(f"mark exactly one number **like this** in {markdown!r}")
    before, marked, after = match.groups()
    return before + marked + after, (len(before), len(before) + len(marked))


# ---------------------------------------------------------------- the docs' conventions for code blocks
#
# A ``yaml`` block's first line says what it is:
#   "# file: rules/x.yaml"           a file the next ``console`` run writes (see Scenario)
#   "# rules/<bundled>.yaml ..."     an excerpt of that bundled rule file: same rule, a subset of its examples
#   "# seeds/claims-meta.yaml"       an excerpt of the seeds' metadata
#   "# yaml-language-server: ..."    the editor's schema line
#   anything else                    a whole rule file
# A ``diff`` block edits a file of the project, ``--- path`` / ``+++ path``, then ``-old`` / ``+new``
# pairs of lines, each ``-`` text occurring once in the file. A ``console`` block is one run,
# ``$ pytest ...``, then the lines it prints; a line ``...`` stands for any lines, and ``...`` inside
# a line for any text. A console block runs after the ``diff`` and ``# file:`` blocks right before
# it in its section (with nothing but prose between them).

_FILE_MARK = re.compile(r"#\s*file:\s*(\S+)\s*$")
_BUNDLED_MARK = re.compile(r"#\s*(rules/[\w.-]+\.ya?ml)\b")


def yaml_role(block: Block) -> tuple[str, str]:
    """What a ``yaml`` block is: ``("file", path)``, ``("bundled", path)``, ``("metadata", path)``,
    ``("schema line", "")`` or ``("rule", "")``."""
    first = block.lines[0] if block.lines else ""
    if match := _FILE_MARK.fullmatch(first):
        return "file", match.group(1)
    if first.startswith("# yaml-language-server:"):
        return "schema line", ""
    if match := _BUNDLED_MARK.match(first):
        return "bundled", match.group(1)
    if first.strip().startswith("#") and first.strip().endswith("claims-meta.yaml"):
        return "metadata", first.strip("# ").strip()
    return "rule", ""


def is_setup(block: Block) -> bool:
    """Whether the block prepares the next console run (an edit or a file to write)."""
    return block.language == "diff" or (block.language == "yaml" and yaml_role(block)[0] == "file")


@dataclass(frozen=True)
class Edit:
    """One ``-old`` / ``+new`` pair of a diff block; ``line`` is the ``-`` line's line in the doc."""

    path: str
    old: str
    new: str
    line: int


def edits(block: Block) -> list[Edit]:
    """The edits of a ``diff`` block; ValueError (naming the doc line) when it is not in the docs' form."""
    lines = block.lines
    if len(lines) < 4 or not lines[0].startswith("--- ") or not lines[1].startswith("+++ "):
        raise ValueError(f"{block.where}: a diff starts with '--- path' and '+++ path' lines")
    path = lines[0][4:].strip()
    if lines[1][4:].strip() != path:
        raise ValueError(f"{block.where}: the '---' and '+++' lines name different files")
    body = lines[2:]
    if len(body) % 2:
        raise ValueError(f"{block.where}: every '-' line needs its '+' line")
    found = []
    for index in range(0, len(body), 2):
        old, new = body[index], body[index + 1]
        line = block.line_of(2 + index)
        if not (old.startswith("-") and new.startswith("+")):
            raise ValueError(f"{block.file}:{line}: expected a '-old' line, then a '+new' line")
        found.append(Edit(path, old[1:], new[1:], line))
    return found


@dataclass(frozen=True)
class Scenario:
    """A ``console`` block and the blocks that prepare its run."""

    console: Block
    setup: tuple[Block, ...]

    @property
    def where(self) -> str:
        return self.console.where

    @property
    def command(self) -> str:
        return self.console.lines[0][2:] if self.console.lines else ""

    @property
    def expected(self) -> list[tuple[int, str]]:
        """The expected output: (doc line, text) for each line after the command."""
        return [(self.console.line_of(index), text) for index, text in enumerate(self.console.lines)
                if index > 0]


def scenarios(doc: MarkdownFile) -> tuple[list[Scenario], list[Block]]:
    """The doc's console runs with their setup blocks, and setup blocks that precede no run."""
    found: list[Scenario] = []
    orphans: list[Block] = []
    pending: list[Block] = []
    for block in doc.blocks:
        if pending and pending[-1].section != block.section:
            orphans.extend(pending)
            pending = []
        if is_setup(block):
            pending.append(block)
        elif block.language == "console":
            found.append(Scenario(block, tuple(pending)))
            pending = []
        else:
            orphans.extend(pending)
            pending = []
    return found, orphans + pending


def line_matches(expected: str, actual: str) -> bool:
    """``actual`` is ``expected``, where ``...`` in ``expected`` stands for any text."""
    expected, actual = expected.rstrip(), actual.rstrip()
    if "..." not in expected:
        return expected == actual
    return re.fullmatch(".*".join(re.escape(part) for part in expected.split("...")), actual,
                        re.DOTALL) is not None


def unmatched(expected: list[tuple[int, str]], actual: list[str]) -> tuple[int, str] | None:
    """The first expected line not found in ``actual``, or None when all are, in order.

    Expected lines between two ``...`` lines must appear one after another; a
    ``...`` line stands for any number of lines, and so do the start and the end.
    """
    groups: list[list[tuple[int, str]]] = [[]]
    for line, text in expected:
        if text.strip() == "...":
            groups.append([])
        else:
            groups[-1].append((line, text))
    start = 0
    for group in filter(None, groups):
        at = next((i for i in range(start, len(actual) - len(group) + 1)
                   if all(line_matches(text, actual[i + k]) for k, (_, text) in enumerate(group))), None)
        if at is None:
            # name the first line of the group that cannot be found in order from here
            for k, (line, text) in enumerate(group):
                if not any(line_matches(text, other) for other in actual[start:]):
                    return line, text
            return group[0]
        start = at + len(group)
    return None
