"""What one document may hold: past these limits reading would take hours, so they are errors, not hangs.

quantulum3 is superlinear in the numbers of a sentence (cubic: 400 numbers
take seconds, 100,000 would take days) and in the length of a digit string
(250 digits take ten seconds); a document of many megabytes is held in
memory whole. Each limit sits far above real prose, which is why hitting one
is an error to report and never a reason to read on slowly:

- a document of 20 MB: a long news feature is 100 KB; 20 MB is a book, or a
  data dump saved as text;
- 20,000 characters per sentence: news sentences stay under 1,000, and a
  whole paragraph without a full stop rarely passes 5,000;
- 200 numbers per sentence: a dense sentence holds ten, a list of results a
  few dozen; 200 take quantulum3 a third of a second, 500 about five;
- 40 digits per number: a trillion is 13 digits, a phone or tracking number
  20; 40 digits name nothing a reader could check.

A document over the size limit is not read (its error says so); a sentence
over a limit is skipped, its error names the file and line, and the rest of
the document is read (``extract_by_sentence`` and :func:`sentence_problems`
apply the same :func:`sentence_over` to the same sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..records.errors import DocumentError
from ..records.model import Document
from .sentences import split_sentences


@dataclass(frozen=True)
class Limit:
    """One limit: what it bounds, its value and unit, and what to do when a document passes it."""

    name: str
    value: int
    unit: str
    #: what the limit is counted in: "20,000 characters per sentence"
    per: str
    remedy: str

    @property
    def written(self) -> str:
        """``20,000 characters per sentence``."""
        return f"{self.value:,} {self.unit} per {self.per}"


DOCUMENT_BYTES = Limit("document size", 20_000_000, "bytes", "document", "split it into smaller documents")
SENTENCE_CHARACTERS = Limit("sentence length", 20_000, "characters", "sentence",
                            "break it into sentences, or keep data that is not prose out of the document")
SENTENCE_NUMBERS = Limit("numbers per sentence", 200, "numbers", "sentence",
                         "break it into sentences, or keep tables of numbers out of the prose")
NUMBER_DIGITS = Limit("digits per number", 40, "digits", "number",
                      "remove the digit string or write the number shorter; no quantity has that many digits")

#: every limit, as docs/documents.md lists them
LIMITS = (DOCUMENT_BYTES, SENTENCE_CHARACTERS, SENTENCE_NUMBERS, NUMBER_DIGITS)

#: a number written in digits: thousands groups ("1,250,000") or a plain run, with its decimals
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
#: a run that may hold a number of more digits than the limit: no such run, no need to count
_LONG_RUN = re.compile(rf"[\d,.]{{{NUMBER_DIGITS.value + 1},}}")
_DIGIT = re.compile(r"\d")
#: how much of a sentence its error quotes
QUOTED = 60


class LimitError(DocumentError):
    """A document, or a sentence of it, over one of :data:`LIMITS`."""


@dataclass(frozen=True)
class Overrun:
    """A sentence over a limit: which, by how much, and where in the sentence (the offending number's start)."""

    limit: Limit
    found: int
    at: int = 0


def sentence_over(sentence: str) -> Optional[Overrun]:
    """The first limit ``sentence`` passes (numbers, then digits, then length), or None.

    Cheap on prose: a sentence too short to pass a limit is not scanned for it.
    """
    if len(sentence) >= 2 * SENTENCE_NUMBERS.value:  # "1 2 3 ...": n numbers take 2n - 1 characters
        numbers = sum(1 for _ in _NUMBER.finditer(sentence))
        if numbers > SENTENCE_NUMBERS.value:
            return Overrun(SENTENCE_NUMBERS, numbers)
    if _LONG_RUN.search(sentence):
        for number in _NUMBER.finditer(sentence):
            digits = len(_DIGIT.findall(number.group()))
            if digits > NUMBER_DIGITS.value:
                return Overrun(NUMBER_DIGITS, digits, number.start())
    if len(sentence) > SENTENCE_CHARACTERS.value:
        return Overrun(SENTENCE_CHARACTERS, len(sentence))
    return None


def may_pass_limits(text: str) -> bool:
    """Whether some sentence of ``text`` could pass a limit: False lets a document skip splitting."""
    return (len(text) > SENTENCE_CHARACTERS.value or _LONG_RUN.search(text) is not None
            or sum(1 for _ in _NUMBER.finditer(text)) > SENTENCE_NUMBERS.value)


def sentence_problems(document: Document) -> list[LimitError]:
    """An error for each sentence of ``document`` over a limit, naming its line and quoting its start."""
    if not may_pass_limits(document.text):
        return []
    problems = []
    for sentence in split_sentences(document.text):
        overrun = sentence_over(sentence.text)
        if overrun is not None:
            problems.append(LimitError(sentence_message(sentence.text, overrun), document.path,
                                       document.line_of(sentence.start + overrun.at)))
    return problems


def sentence_message(sentence: str, overrun: Overrun) -> str:
    """``a sentence of 100,000 numbers, over the limit of 200 numbers per sentence: "0 1 2 ..."; ...``."""
    limit = overrun.limit
    if limit is NUMBER_DIGITS:
        what = f"a number of {overrun.found:,} digits"
    elif limit is SENTENCE_NUMBERS:
        what = f"a sentence of {overrun.found:,} numbers"
    else:
        what = f"a sentence of {overrun.found:,} characters"
    return (f"{what}, over the limit of {limit.written}: {quote(sentence)}; the sentence was "
            f"skipped and the rest of the document read: {limit.remedy}")


def document_message(size: int) -> str:
    """The error of a document over :data:`DOCUMENT_BYTES`."""
    return (f"a document of {size:,} bytes, over the limit of {DOCUMENT_BYTES.written}; it was not read: "
            f"{DOCUMENT_BYTES.remedy}")


def quote(sentence: str) -> str:
    """The start of ``sentence`` on one line, in double quotes: its first :data:`QUOTED` characters."""
    start = " ".join(sentence[:4 * QUOTED].split())
    return f'"{start[:QUOTED]}…"' if len(start) > QUOTED or len(sentence) > 4 * QUOTED else f'"{start}"'
