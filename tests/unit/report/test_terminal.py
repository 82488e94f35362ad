"""The closing pytest-claims section and the session header, as lines (pure functions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers.claims import make_claim

from pytest_claims.prose.documents import Catalogue
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document, Verdict, Violation
from pytest_claims.report.terminal import SKIPPED_SHOWN, document_line, extraction_line, header_lines, \
    progress_line, relative_paths, skipped_line, summary_lines
from pytest_claims.store.extract import Extraction, Progress

DOCUMENT = Document(path="/news/a.txt", name="a.txt", text="x", outlet="Reuters", date=date(2016, 12, 9),
                    date_source="claims-meta.yaml:26")
CORPUS = Catalogue((DOCUMENT.info,), (DocumentError("empty document", "/news/b.txt"),))
CLAIM = make_claim("About 300,000 people are trapped.", "300,000")
PASSED = Verdict("trapped", "trend", (CLAIM,), notes=("1 claim without a date skipped",))
WARNED = Verdict("one-day", "expression", (CLAIM,), (Violation((CLAIM,), "day_toll < offensive_toll cannot hold"),),
                 severity="warning")


def test_header_names_rules_and_documents_and_warns_when_rooted_elsewhere() -> None:
    assert header_lines(Path("/p/rules"), ["seeds/"], None) == ["claims: rules from /p/rules; documents from seeds/"]
    lines = header_lines(Path("/p/rules"), ["/archive", "x.md"], Path("/archive"))
    assert lines[0].endswith("documents from /archive, x.md")
    assert lines[1].startswith("claims: paths outside the project made pytest root the session at /archive;")


def test_summary_counts_and_lists_warning_rules_with_their_table() -> None:
    lines = summary_lines(CORPUS, [CLAIM], {"trapped": PASSED, "one-day": WARNED}, [(WARNED, "A day's toll.")], [],
                          0, None, Path("/news"))
    assert lines[0] == ("1 documents, 1 quantities, 1 unreadable documents; 2 rules evaluated, 0 with "
                        "contradictions, 1 warning rules with contradictions")
    assert lines[1] == ""
    assert lines[2].startswith("warning: rule 'one-day' (expression): 1 contradiction among 1 selected claims")
    assert "#1: day_toll < offensive_toll cannot hold" in lines[2]
    assert len(lines) == 3


def test_summary_says_when_nothing_was_extracted_and_grows_with_verbosity() -> None:
    quiet = summary_lines(CORPUS, None, {}, [], [], 0, None, Path("/"))
    assert quiet == ["1 documents, quantities not extracted (no rule ran), 1 unreadable documents; 0 rules "
                     "evaluated, 0 with contradictions"]
    verbose = summary_lines(CORPUS, [CLAIM], {"trapped": PASSED}, [], [], 2, None, Path("/"))
    assert verbose[1] == document_line(DOCUMENT) == "  a.txt: 2016-12-09 (from claims-meta.yaml:26), Reuters"
    assert verbose[3] == "rule 'trapped' selected 1 claims:"
    assert verbose[-1] == "note: 1 claim without a date skipped"


def test_summary_lists_quantities_when_asked() -> None:
    lines = summary_lines(CORPUS, None, {}, [], [], 0, [CLAIM], Path("/"))
    assert lines[-1].endswith("1 quantity in 1 document") and "300,000" in lines[-1]


def test_summary_names_files_skipped_as_not_documents_after_the_counts() -> None:
    corpus = Catalogue(CORPUS.documents, CORPUS.problems, ("/news/notes.docx", "/news/img/image.png"))
    lines = summary_lines(corpus, [CLAIM], {"trapped": PASSED}, [], [], 0, None, Path("/news"))
    assert lines[0].startswith("1 documents, 1 quantities, 1 unreadable documents; ")
    assert lines[1:] == ["2 files skipped (not documents): notes.docx, img/image.png"]
    assert summary_lines(CORPUS, [CLAIM], {"trapped": PASSED}, [], [], 0, None, Path("/news")) == lines[:1]


def test_skipped_line_names_the_first_files_and_counts_the_rest() -> None:
    assert skipped_line(["/a/x.pdf"], Path("/a")) == "1 file skipped (not documents): x.pdf"
    many = [f"/a/{number:02d}.png" for number in range(SKIPPED_SHOWN + 3)]
    line = skipped_line(many, Path("/a"))
    named = ", ".join(f"{number:02d}.png" for number in range(SKIPPED_SHOWN))
    assert line == f"{SKIPPED_SHOWN + 3} files skipped (not documents): {named}, and 3 more"
    assert skipped_line(many[:SKIPPED_SHOWN], Path("/a")).endswith(f"{SKIPPED_SHOWN - 1:02d}.png")


def test_relative_paths_only_below_the_base() -> None:
    assert relative_paths("/p/rules/x.yaml:3 and /q/y.txt", Path("/p")) == "rules/x.yaml:3 and /q/y.txt"


def test_one_rule_evaluated_is_singular() -> None:
    lines = summary_lines(CORPUS, [CLAIM], {"trapped": PASSED}, [], [], 0, None, Path("/news"))
    assert "; 1 rule evaluated, 0 with contradictions" in lines[0]


def test_extraction_line_says_what_was_extracted_and_what_came_from_the_cache() -> None:
    run = Extraction((CLAIM,), (DOCUMENT.info,), extracted=3, cached=2, jobs=2, seconds=1.5)
    cache = Path("/work/.pytest_cache/d/pytest-claims/claims.sqlite3")
    assert extraction_line(run, cache, Path("/work")) == \
        "extraction: 3 documents extracted (2 processes), 2 read from the cache (.pytest_cache/d/pytest-claims/claims.sqlite3)"
    alone = Extraction((), (), extracted=1, cached=0, jobs=1, seconds=0.1)
    assert extraction_line(alone, None, Path("/work")) == "extraction: 1 document extracted, no cache (-p no:cacheprovider)"


def test_progress_line_counts_documents_claims_rate_and_time_left() -> None:
    line = progress_line(Progress(done=120, total=400, claims=5321, extracted=80, cached=40, seconds=10.0))
    assert line == ("extracting claims: 120/400 documents (40 from the cache), 5,321 claims, 8.0 documents/s, "
                    "35 s left")
    slow = progress_line(Progress(done=1, total=10_000, claims=3, extracted=1, cached=0, seconds=2.0))
    assert slow.endswith("0.5 documents/s, 5 h 33 min left")
    assert progress_line(Progress(done=3, total=9, claims=0, extracted=0, cached=3, seconds=0.0)) == \
        "extracting claims: 3/9 documents (3 from the cache), 0 claims"
