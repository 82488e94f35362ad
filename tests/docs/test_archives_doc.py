"""docs/archives.md: the numbers it states are the code's constants, and the lines it quotes are what the
report functions print."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from helpers.claims import make_claim
from helpers.markdown import read
from helpers.paths import DOCS

from pytest_claims.checks.base import MAX_LISTED
from pytest_claims.checks.claimsets import MAX_COMBINATIONS
from pytest_claims.plugin import PROGRESS_MIN_DOCUMENTS
from pytest_claims.records.model import Verdict, Violation
from pytest_claims.report.tables import render_contradiction
from pytest_claims.report.terminal import extraction_line, progress_line
from pytest_claims.store.extract import MIN_POOL_DOCUMENTS, Extraction, Progress

DOC = read(DOCS / "archives.md")
TEXT = " ".join(DOC.text.split())
WORDS = {8: "eight", 10: "ten"}
CODES = [code for paragraph in DOC.paragraphs for code in paragraph.codes]
CACHE = Path("/work/.pytest_cache/d/pytest-claims/claims.sqlite3")


def quoted(prefix: str) -> list[str]:
    return [code for code in CODES if code.startswith(prefix)]


def test_the_thresholds_written_in_words_are_the_codes() -> None:
    assert f"fewer than {WORDS[MIN_POOL_DOCUMENTS]}" in TEXT
    assert f"While more than {WORDS[PROGRESS_MIN_DOCUMENTS]} documents are being extracted" in TEXT
    assert f"tightest contradictions, at most {MAX_LISTED}," in TEXT
    assert f"up to {MAX_COMBINATIONS:,} of them" in TEXT


def test_the_extraction_lines_quoted_are_what_a_run_prints() -> None:
    lines = quoted("extraction: ")
    assert len(lines) == 2
    for line in lines:
        extracted, processes, cached = re.fullmatch(
            r"extraction: (\d+) documents extracted(?: \((\d+) processes\))?, (\d+) read from the cache \(\.\.\.\)",
            line).groups()
        run = Extraction((), (), int(extracted), int(cached), int(processes or 1), 1.0)
        printed = extraction_line(run, CACHE, Path("/work"))
        assert printed == line.replace("(...)", "(.pytest_cache/d/pytest-claims/claims.sqlite3)")


def test_the_progress_line_quoted_is_what_progress_line_prints() -> None:
    [line] = quoted("extracting claims: ")
    done, total, cached, claims, rate, left = re.fullmatch(
        r"extracting claims: (\d+)/(\d+) documents \((\d+) from the cache\), ([\d,]+) claims, ([\d.]+) "
        r"documents/s, (\d+) s left", line).groups()
    extracted = int(done) - int(cached)
    seconds = extracted / float(rate)
    progress = Progress(int(done), int(total), int(claims.replace(",", "")), extracted, int(cached), seconds)
    assert progress_line(progress) == line


def test_the_line_for_contradictions_not_listed_is_what_a_failure_prints() -> None:
    [line] = [code for code in CODES if code.startswith("... and ")]
    unlisted = int(re.match(r"\.\.\. and ([\d,]+) more", line).group(1).replace(",", ""))  # type: ignore[union-attr]
    claims = [make_claim(f"About {n} people are trapped.", str(n), day=date(2016, 11, 1 + n % 28))
              for n in range(100, 100 + 2 * MAX_LISTED)]
    violations = tuple(Violation((a, b), "they disagree") for a, b in zip(claims[::2], claims[1::2]))
    verdict = Verdict("estimates", "agreement", tuple(claims), violations, unlisted=unlisted)
    assert line in render_contradiction(verdict).splitlines()
