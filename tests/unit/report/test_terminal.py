"""The closing pytest-claims section and the session header, as lines (pure functions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers.claims import make_claim

from pytest_claims.prose.documents import Corpus
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document, Verdict, Violation
from pytest_claims.report.terminal import document_line, header_lines, relative_paths, summary_lines

DOCUMENT = Document(path="/news/a.txt", name="a.txt", text="x", outlet="Reuters", date=date(2016, 12, 9),
                    date_source="claims-meta.yaml:26")
CORPUS = Corpus((DOCUMENT,), (DocumentError("empty document", "/news/b.txt"),))
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


def test_relative_paths_only_below_the_base() -> None:
    assert relative_paths("/p/rules/x.yaml:3 and /q/y.txt", Path("/p")) == "rules/x.yaml:3 and /q/y.txt"
