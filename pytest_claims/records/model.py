"""Plain records that flow one way through the pipeline.

documents -> sentences -> quantities -> claims -> verdicts -> report

Every record is a frozen dataclass of plain values (str, int, float, bool,
date, tuples of those) so that it can be cached, serialized and compared.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from .intervals import Interval


def span_distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, b[0] - a[1], a[0] - b[1])


# Quantity kinds.
COUNT = "count"  # a dimensionless number of things: "250,000 people"
SHARE = "share"  # a part of a whole: "85%", "a third", "three quarters"
MEASURE = "measure"  # anything with a physical or currency unit
DURATION = "duration"  # "24 hours", "five years": time spans, not counts
KINDS = (COUNT, SHARE, MEASURE, DURATION)

# Qualifier labels.
QUALIFIERS = ("about", "more_than", "less_than", "up_to", "at_least", "range", "vague")


@dataclass(frozen=True)
class Quantity:
    """One quantity as written in a text (the public result of ``extract``).

    ``value`` is the number as written ("about 100,000" -> 100000, "a quarter"
    -> 0.25, "85%" -> 85). ``low``/``high`` bound what the writer asserts, on
    the same scale as ``value``; ``None`` means open on that side. ``span`` is
    a (start, end) character offset into the text given to ``extract`` and
    covers ``surface``, qualifier included ("more than 341").
    """

    value: float
    low: Optional[float]
    high: Optional[float]
    qualifier: Optional[str]
    unit: str
    kind: str
    surface: str
    span: tuple[int, int]
    low_inclusive: bool = True
    high_inclusive: bool = True
    #: the number's own text without the qualifier ("341" in "more than 341")
    number_text: str = ""
    #: the whole a count is part of: 40 in "32 of 40 neighbourhoods"
    total: Optional[float] = None

    @property
    def written(self) -> str:
        """``surface`` as reports quote it: on one line, single-spaced (a line break inside a number's words,
        or Markdown markup blanked in place, leaves runs of blanks in the surface)."""
        return " ".join(self.surface.split())

    @property
    def ratio(self) -> Optional[float]:
        """The count as a fraction of its total ("32 of 40" -> 0.8); None without a total."""
        if self.total is None or self.total == 0:
            return None
        return self.value / self.total

    @property
    def interval(self) -> Interval:
        return Interval(self.low, self.high, self.low_inclusive, self.high_inclusive)

    @property
    def scale(self) -> float:
        """Factor that puts the quantity on its comparison scale.

        Shares compare as fractions of one: "85%" and "three quarters" are
        both on [0, 1] after scaling.
        """
        if self.kind == SHARE and self.unit == "percent":
            return 0.01
        return 1.0

    @property
    def normalized(self) -> Interval:
        return self.interval.scaled(self.scale)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``start``/``end`` index the document text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    """What a run keeps of a document once its claims are extracted: its metadata, not its text."""

    path: str
    name: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    date: Optional[datetime.date] = None
    date_source: Optional[str] = None
    #: the file the document was read from, when ``path`` names a record in it (``exports.jsonl:3``)
    file: Optional[str] = None
    #: where the article is published (a CMS record's url field, a page's canonical address), and the
    #: CMS record's own id: for finding the article again, never compared by rules
    url: Optional[str] = None
    record_id: Optional[str] = None

    @property
    def source_file(self) -> str:
        """The file on disk that holds the document."""
        return self.file if self.file is not None else self.path


_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Document:
    """A loaded document and its metadata.

    ``path`` is the absolute path as a string, or for one record of a file
    that holds many (a CMS export) the file's path and the record's place
    (``/news/export.jsonl:3``, ``/news/export.json#/articles/2``), with ``file``
    the file's own path; ``name`` is what reports show (the file name, with the
    record's place). ``date_source`` says where the date came from, e.g.
    ``"claims-meta.yaml:4"``, ``"front matter"``, ``"text line 7: 'December
    8, 2016'"``; it is ``None`` when there is no date.
    """

    path: str
    name: str
    text: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    date: Optional[datetime.date] = None
    date_source: Optional[str] = None
    #: offset in the file where ``text`` begins (after front matter), and the
    #: 1-based line that offset is on, so spans map back to file lines.
    body_offset: int = 0
    body_line: int = 1
    #: the file the document was read from, when ``path`` names a record in it; None: ``path`` is the file
    file: Optional[str] = None
    #: the 1-based file line of each line of ``text``, when the text is not a slice of the file (a CMS
    #: record, a web page's article text); None: text line n is file line ``body_line + n - 1``
    source_lines: Optional[tuple[int, ...]] = None
    #: see DocumentInfo
    url: Optional[str] = None
    record_id: Optional[str] = None

    @property
    def info(self) -> DocumentInfo:
        return DocumentInfo(self.path, self.name, self.title, self.outlet, self.date, self.date_source, self.file,
                            self.url, self.record_id)

    def line_of(self, offset: int) -> int:
        """1-based line in the file of a character offset into ``text``: a binary search in the
        document's newline offsets, so a claim's line costs O(log n), not a count from the start."""
        text_line = bisect_left(self._newlines, offset)
        if self.source_lines is not None:
            return self.source_lines[min(text_line, len(self.source_lines) - 1)] if self.source_lines else 1
        return self.body_line + text_line

    @cached_property
    def _newlines(self) -> tuple[int, ...]:
        """Offsets of the newlines in ``text``, found on the first :meth:`line_of`.

        A cached property, not a field: it is kept in the instance's ``__dict__`` (which a frozen
        dataclass without slots still has), so it takes no part in ``==``, ``hash``, ``repr`` or
        ``dataclasses.replace``, and a copy made by ``replace`` finds its own."""
        return tuple(match.start() for match in _NEWLINE.finditer(self.text))


@dataclass(frozen=True)
class Claim:
    """A quantity tied to what it claims, in its document and sentence."""

    quantity: Quantity  # span indexes the document text
    document: str  # Document.name
    path: str  # Document.path
    date: Optional[datetime.date]
    date_source: Optional[str]
    outlet: Optional[str]
    sentence: str
    sentence_start: int  # offset of the sentence in the document text
    line: int  # 1-based line in the file
    #: singular, lower-case noun the number counts ("people" -> "person",
    #: "neighbourhoods" -> "neighbourhood"); None when none was found
    counts: Optional[str] = None
    #: the words the noun was found in, as written ("Syrian citizens")
    counted_phrase: str = ""
    #: who makes the claim, normalized ("Syrian Observatory for Human Rights",
    #: "UN"); None when the sentence names no one (the outlet's own voice)
    source: Optional[str] = None
    #: the source as written, appositive included ("Rami Abdulrahman, the
    #: observatory's director"), or the pronoun ("he") it was resolved from
    source_text: str = ""
    #: when the claim holds: ``date``, unless the sentence dates it ("on
    #: Sunday"); None when neither the document nor the sentence gives a date
    as_of: Optional[datetime.date] = None
    #: where ``as_of`` came from: "document date" or the phrase, "'on Sunday'"
    as_of_source: Optional[str] = None

    @property
    def interval(self) -> Interval:
        """The claim's interval on its comparison scale (shares as fractions)."""
        return self.quantity.normalized

    @property
    def kind(self) -> str:
        return self.quantity.kind

    @property
    def key(self) -> tuple[str, tuple[int, int]]:
        """What identifies the claim: its document and where its number stands (a quantity selected
        for two groups of a check is one claim)."""
        return (self.path, self.quantity.span)

    @property
    def sentence_key(self) -> tuple[str, int]:
        """What identifies the claim's sentence: its document and where the sentence starts."""
        return (self.path, self.sentence_start)

    def quote(self, mark: str = "**") -> str:
        """The sentence with the quantity marked, e.g. ``killed **more than 341** people``."""
        start = self.quantity.span[0] - self.sentence_start
        end = self.quantity.span[1] - self.sentence_start
        s = self.sentence
        return f"{s[:start]}{mark}{s[start:end]}{mark}{s[end:]}"


def reading_order(claim: Claim) -> tuple[object, ...]:
    """Dated claims first, by as-of date, then by document and position: how tables list claims."""
    return (claim.as_of is None, claim.as_of.toordinal() if claim.as_of else 0, claim.document,
            claim.quantity.span)


@dataclass(frozen=True)
class Violation:
    """Claims that cannot all be true together, and the constraint they break."""

    claims: tuple[Claim, ...]
    constraint: str  # one line, e.g. "decreasing: 300,000 (2016-12-09) is not below 250,000 (2016-11-28)"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check over its selected claims."""

    rule: str
    check: str
    selected: tuple[Claim, ...]
    violations: tuple[Violation, ...] = ()
    #: things worth reporting that are not contradictions (e.g. "2 claims without a date")
    notes: tuple[str, ...] = field(default=())
    #: "error": contradictions fail the rule; "warning": they are reported and the rule passes
    severity: str = "error"
    #: contradictions found beyond those listed in ``violations`` (counted, not kept)
    unlisted: int = 0

    @property
    def passed(self) -> bool:
        return not self.violations and not self.unlisted
