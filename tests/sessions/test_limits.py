"""Whole sessions on hostile input: a named pipe, sentences over the limits, a document over the size limit.

Each run is a subprocess given a minute: a hang fails the test instead of stopping the suite. Each ends as
an error of the document that names it, with every rule still evaluated and the run exiting 4 (incomplete).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.sessions import ITEMS

from pytest_claims.plugin import ProgressLine
from pytest_claims.report.terminal import progress_line
from pytest_claims.store.extract import Progress

#: long enough for the slowest machine, short enough that a hang is a failure and not a stuck CI job
TIMEOUT = 60

FIFO_ERROR = ("not a regular file (a named pipe (FIFO)): reading it could wait forever, so it was not read; "
              "remove it from the folder or give a regular file")
GOOD = "More than 341 people were killed in the city, the observatory said."
MANY_NUMBERS = "Counts were " + " ".join(str(i) for i in range(100_000)) + "."
LONG_NUMBER = "It cost " + "7" * 5000 + " dollars."


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=TIMEOUT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_among_the_documents_is_an_error_and_every_rule_runs(project: pytest.Pytester) -> None:
    os.mkfifo(project.path / "seeds" / "x.txt")
    result = run(project, "--claims", "seeds/", "--claims-report-json", "report.json")
    assert result.ret == 4, result.stdout.str()  # the check was incomplete
    result.assert_outcomes(passed=ITEMS, errors=1)
    result.stdout.fnmatch_lines([f"*seeds/x.txt: {FIFO_ERROR}*"])
    result.stdout.fnmatch_lines(["5 documents, *, 1 unreadable documents; *"])
    report = json.loads((project.path / "report.json").read_text(encoding="utf-8"))
    assert [(problem["kind"], Path(problem["file"]).name) for problem in report["problems"]] == [("document", "x.txt")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_given_by_name_is_an_error(project: pytest.Pytester) -> None:
    os.mkfifo(project.path / "x.txt")
    result = run(project, "--claims", "x.txt", "seeds/", "--claims-no-examples")
    assert result.ret == 4, result.stdout.str()
    result.stdout.fnmatch_lines([f"*x.txt: {FIFO_ERROR}*"])


def test_sentences_over_the_limits_are_errors_at_their_lines_and_the_rest_is_checked(
        project: pytest.Pytester) -> None:
    (project.path / "seeds" / "table.txt").write_text(f"{GOOD}\n\n{MANY_NUMBERS}\n\n{LONG_NUMBER}\n",
                                                      encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-quantities", "--claims-report-json", "report.json",
                 "--claims-sarif", "report.sarif")
    assert result.ret == 4, result.stdout.str()
    result.assert_outcomes(passed=ITEMS, errors=2)
    result.stdout.fnmatch_lines([
        "*ERROR at setup of document: document table.txt:3*",
        '*seeds/table.txt:3: a sentence of 100,000 numbers, over the limit of 200 numbers per sentence: '
        '"Counts were 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 1…"; the sentence was skipped and the '
        'rest of the document read: break it into sentences, or keep tables of numbers out of the prose*'])
    result.stdout.fnmatch_lines([
        "*ERROR at setup of document: document table.txt:5*",
        f'*seeds/table.txt:5: a number of 5,000 digits, over the limit of 40 digits per number: "It cost {"7" * 52}…"; '
        'the sentence was skipped and the rest of the document read: remove the digit string or write the number '
        'shorter; no quantity has that many digits*'])
    result.stdout.fnmatch_lines(["6 documents, *, 2 unreadable documents; *"])
    result.stdout.re_match_lines([r"table\.txt:1 +.*More than 341"])  # the good sentence still yields its claim
    report = json.loads((project.path / "report.json").read_text(encoding="utf-8"))
    assert sorted((Path(p["file"]).name, p["line"]) for p in report["problems"]) == [("table.txt", 3),
                                                                                      ("table.txt", 5)]
    sarif = json.loads((project.path / "report.sarif").read_text(encoding="utf-8"))
    located = [(Path(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name,
                result["locations"][0]["physicalLocation"]["region"]["startLine"])
               for result in sarif["runs"][0]["results"] if result["ruleId"] == "pytest-claims/unreadable-document"]
    assert located == [("table.txt", 3), ("table.txt", 5)]


def test_a_document_over_the_size_limit_is_its_error(project: pytest.Pytester) -> None:
    with (project.path / "seeds" / "big.txt").open("wb") as file:
        file.truncate(20_000_001)  # sparse: refused by its size before a byte is read
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    assert result.ret == 4, result.stdout.str()
    result.stdout.fnmatch_lines(["*seeds/big.txt: a document of 20,000,001 bytes, over the limit of 20,000,000 bytes "
                                 "per document; it was not read: split it into smaller documents*"])
    result.stdout.fnmatch_lines(["5 documents, *, 1 unreadable documents; *"])


class _Reporter:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def rewrite(self, line: str, erase: bool = False) -> None:
        self.lines.append(line)


def test_a_single_long_document_shows_its_sentences_in_the_progress_line() -> None:
    reporter = _Reporter()
    line = ProgressLine(reporter)
    line.show(Progress(0, 1, 0, 0, 0, 1.0))  # one document: no line of documents
    line.show(Progress(0, 1, 12, 0, 0, 2.0, "long.txt", (12_000, 50_000)))
    assert reporter.lines == ["extracting claims: 0/1 documents, 12 claims; long.txt: sentence 12,000/50,000"]
    assert progress_line(Progress(3, 400, 5, 3, 0, 1.0)) == \
        "extracting claims: 3/400 documents, 5 claims, 3.0 documents/s, 2 min 12 s left"
