"""Limits that are errors, not hangs: what is refused, the wording of each error, and what is still read."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given, settings, strategies as st

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import (
    iter_documents, load_catalogue, load_document, read_bytes, read_text, within_limits,
)
from pytest_claims.prose.extraction import PROGRESS_EVERY, extract_by_sentence
from pytest_claims.prose.limits import (
    DOCUMENT_BYTES, LIMITS, NUMBER_DIGITS, SENTENCE_CHARACTERS, SENTENCE_NUMBERS, LimitError, sentence_over,
    sentence_problems,
)
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document

GOOD = "More than 341 people were killed in the city."
MANY_NUMBERS = "Counts were " + " ".join(str(i) for i in range(100_000)) + "."
LONG_NUMBER = "It cost " + "7" * 5000 + " dollars."

NUMBERS_ERROR = (
    'a sentence of 100,000 numbers, over the limit of 200 numbers per sentence: '
    '"Counts were 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 1…"; the sentence was skipped and the rest '
    'of the document read: break it into sentences, or keep tables of numbers out of the prose')
DIGITS_ERROR = (
    'a number of 5,000 digits, over the limit of 40 digits per number: '
    f'"It cost {"7" * 52}…"; the sentence was skipped and the rest of the document read: '
    'remove the digit string or write the number shorter; no quantity has that many digits')


def test_the_limits_are_the_four_the_issue_names_with_headroom_over_prose() -> None:
    assert [(limit.name, limit.value) for limit in LIMITS] == [
        ("document size", 20_000_000), ("sentence length", 20_000), ("numbers per sentence", 200),
        ("digits per number", 40)]
    assert SENTENCE_CHARACTERS.written == "20,000 characters per sentence"


@pytest.mark.parametrize("sentence", [
    GOOD,
    "The toll rose from 1,000,000,000,000 to 2,000,000,000,000.",  # a trillion: 13 digits
    "Call +44 20 7946 0958 or track parcel 12345678901234567890.",  # 20 digits
    "Scores: " + ", ".join(str(n) for n in range(200)) + ".",  # 200 numbers: the limit itself
    "The " + "long " * 3998 + "story.",  # 20,000 characters: the limit itself
])
def test_prose_within_the_limits_passes(sentence: str) -> None:
    assert sentence_over(sentence) is None


@pytest.mark.parametrize("sentence, limit, found", [
    ("Scores: " + ", ".join(str(n) for n in range(201)) + ".", SENTENCE_NUMBERS, 201),
    ("It cost " + "1" * 41 + " dollars.", NUMBER_DIGITS, 41),
    ("It cost 1" + ",000" * 14 + " dollars.", NUMBER_DIGITS, 43),  # thousands groups count their digits
    ("The " + "long " * 4000 + "story.", SENTENCE_CHARACTERS, 20_010),
])
def test_a_sentence_over_a_limit_names_it(sentence: str, limit: object, found: int) -> None:
    overrun = sentence_over(sentence)
    assert overrun is not None
    assert (overrun.limit, overrun.found) == (limit, found)


def test_a_list_of_numbers_written_without_spaces_is_many_numbers_not_one_long_one() -> None:
    assert sentence_over("Sizes " + ",".join(["10", "12", "14", "16"] * 10) + " were sold.") is None


def test_sentences_over_the_limits_are_errors_at_their_lines_and_the_rest_is_read() -> None:
    text = f"{GOOD}\n{MANY_NUMBERS}\n\n{LONG_NUMBER} About 250,000 people are trapped.\n"
    document = Document("/news/table.txt", "table.txt", text)
    problems = sentence_problems(document)
    assert [str(problem) for problem in problems] == [f"/news/table.txt:2: {NUMBERS_ERROR}",
                                                      f"/news/table.txt:4: {DIGITS_ERROR}"]
    assert all(isinstance(problem, LimitError) for problem in problems)
    claims = document_claims(document)
    assert [(claim.quantity.written, claim.line) for claim in claims] == [("More than 341", 1),
                                                                         ("About 250,000", 4)]


def test_a_skipped_sentence_keeps_its_place_with_its_text_blanked() -> None:
    rows = extract_by_sentence(f"{GOOD} {LONG_NUMBER}")
    assert [(sentence.text, len(found)) for sentence, found in rows] == [(GOOD, 1), ("", 0)]
    assert rows[1][0].start == len(GOOD) + 1


def test_a_long_sentence_quotes_its_start_and_its_line() -> None:
    text = "Headline\n\nThe " + "very long " * 2500 + "story."
    [problem] = sentence_problems(Document("/news/long.txt", "long.txt", text))
    assert str(problem) == (
        '/news/long.txt:3: a sentence of 25,010 characters, over the limit of 20,000 characters per sentence: '
        f'"The {"very long " * 5}very l…"; the sentence was skipped and the rest of the document read: '
        'break it into sentences, or keep data that is not prose out of the document')


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(DOCUMENT_BYTES.value + 1)  # sparse: the size is checked, the bytes never read
    with pytest.raises(LimitError) as raised:
        load_document(big, {})
    assert str(raised.value) == (f"{big}: a document of 20,000,001 bytes, over the limit of 20,000,000 bytes per "
                                 "document; it was not read: split it into smaller documents")


def test_read_text_takes_any_limit(tmp_path: Path) -> None:
    small = tmp_path / "a.txt"
    small.write_text("0123456789", encoding="utf-8")
    assert read_text(small, 10) == "0123456789"
    with pytest.raises(LimitError, match="a document of 10 bytes, over the limit"):
        read_text(small, 9)


def test_a_record_over_the_size_limit_is_its_error_and_the_others_are_read() -> None:
    big = Document("/news/export.jsonl:2", "export.jsonl:2", "a" * (DOCUMENT_BYTES.value + 1))
    good = Document("/news/export.jsonl:3", "export.jsonl:3", GOOD)
    found = list(within_limits([big, good]))
    assert isinstance(found[0], LimitError) and found[1] is good
    assert str(found[0]).startswith("/news/export.jsonl:2: a document of 20,000,001 bytes, over the limit")


_T = TypeVar("_T")


def _in_thread(call: Callable[[], _T]) -> _T:
    """``call()`` in a thread given a minute: a hang fails the test instead of stopping the suite."""
    result: list[_T] = []
    failed: list[Exception] = []

    def target() -> None:
        try:
            result.append(call())
        except Exception as error:  # raised again in the test's own thread
            failed.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "reading hung"
    if failed:
        raise failed[0]
    return result[0]


FIFO_ERROR = ("not a regular file (a named pipe (FIFO)): reading it could wait forever, so it was not read; "
              "remove it from the folder or give a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_an_error_and_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        _in_thread(lambda: read_bytes(tmp_path / "x.txt"))
    assert str(raised.value) == f"{tmp_path / 'x.txt'}: {FIFO_ERROR}"
    catalogue = _in_thread(lambda: load_catalogue([tmp_path]))
    assert [document.name for document in catalogue.documents] == ["a.txt"]
    assert [str(problem) for problem in catalogue.problems] == [
        f"{tmp_path / 'x.txt'}: {FIFO_ERROR}"]
    named = _in_thread(lambda: list(iter_documents([tmp_path / "x.txt"])))
    assert [str(item) for item in named] == [f"{tmp_path / 'x.txt'}: {FIFO_ERROR}"]


def test_a_folder_named_as_a_document_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(DocumentError, match=r"not a regular file \(a folder\)"):
        read_text(tmp_path / "dir.txt")


def test_a_long_one_line_document_reads_with_its_lines() -> None:
    # twice: about 10 MB on one line, in sentences of prose length (a hundred characters)
    filler = "The talks, which had begun early in the morning, went on through the long afternoon without a break. " * 50_000
    text = f"{GOOD} {filler}About 250,000 people are trapped. {filler}Nine air strikes hit.\nIt had 5 exits.\n"
    assert len(text) > 10_000_000
    claims = document_claims(Document("/news/long.txt", "long.txt", text, body_line=3))
    assert [(claim.quantity.written, claim.line) for claim in claims] == [
        ("More than 341", 3), ("About 250,000", 3), ("Nine", 3), ("5", 4)]


def test_a_long_document_reports_its_sentences_as_it_goes() -> None:
    seen: list[tuple[int, int]] = []
    extract_by_sentence("The talks went on. " * (2 * PROGRESS_EVERY + 1), lambda done, total: seen.append((done, total)))
    total = 2 * PROGRESS_EVERY + 1
    assert seen == [(0, total), (PROGRESS_EVERY, total), (2 * PROGRESS_EVERY, total), (total, total)]
    quiet: list[tuple[int, int]] = []
    extract_by_sentence("The talks went on. " * 10, lambda done, total: quiet.append((done, total)))
    assert quiet == []  # a short document says nothing


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r ", max_size=60), st.integers(1, 5), st.data())
def test_line_of_counts_the_newlines_before_the_offset(text: str, body_line: int, data: st.DataObject) -> None:
    document = Document("/news/a.txt", "a.txt", text, body_line=body_line)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=8))
    for offset in offsets:  # several on one document: the line starts are found once and kept
        assert document.line_of(offset) == body_line + text[:offset].count("\n")
