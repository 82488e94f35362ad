"""Issue 11's acceptance run: a newsroom folder mixing a JSONL export, a web page, Hugo Markdown and text
(tests/corpora/newsroom) beside the seeds, with one injected contradiction. Every article is read, the
contradiction is located at the same article line in the terminal, the JSON report, SARIF, the GitHub
annotations and the HTML page; a baseline silences it and a new contradiction still fails."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
from helpers.pages import Tree
from helpers.paths import NEWSROOM
from helpers.sessions import copy_project, edit, run

#: where each article's neighbourhood count is written: (document as reports name it, file line, value)
COUNTS = [("brief.txt", 3, "41"), ("export.jsonl:1", 1, "28"), ("export.jsonl:2", 2, "34"),
          ("hugo.md", 12, "38"), ("page.html", 15, "36")]
WITHIN_TOTAL = "neighbourhood-counts-within-total"


@pytest.fixture
def newsroom(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    copy_project(pytester)
    shutil.copytree(NEWSROOM, pytester.path / "newsroom")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(pytester.path))
    return pytester


def test_the_fixture_says_where_its_numbers_are() -> None:
    for name, line, value in COUNTS:
        file = NEWSROOM / name.split(":")[0]
        text = file.read_text(encoding="utf-8").splitlines()[line - 1]
        assert value in text, (name, line, text)


@pytest.mark.parametrize("processes", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_the_contradiction_is_at_the_article_line_in_every_output(newsroom: pytest.Pytester,
                                                                   processes: list[str]) -> None:
    result = run(newsroom, "--claims", "seeds/", "newsroom/", "--claims-report-json", "out/report.json",
                 "--claims-sarif", "out/report.sarif", "--claims-html", "out/report.html", *processes)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    failed = [line for line in result.outlines if line.startswith("FAILED ")]
    assert len(failed) == 1 and f"::{WITHIN_TOTAL}" in failed[0]
    # terminal: the failure table's row, and the photo listed as skipped
    assert any("brief.txt:3 (Brief Wire)" in line and "**41**" in line for line in result.outlines)
    assert "1 file skipped (not documents): newsroom/photo.jpg" in result.outlines

    report: dict[str, Any] = json.loads((newsroom.path / "out" / "report.json").read_text(encoding="utf-8"))
    names = {document["name"] for document in report["documents"]}
    assert {name for name, _, _ in COUNTS} <= names and report["counts"]["documents"] == 5 + 5
    assert report["counts"]["unreadable_documents"] == 0
    found = {document["name"]: (document["url"], document["record_id"]) for document in report["documents"]}
    assert found["export.jsonl:1"] == (None, "r-101") and found["export.jsonl:2"] == (None, "r-102")
    assert found["page.html"] == ("https://ledger.example/world/aleppo-rebels-lose-ground", None)
    claims = {claim["id"]: claim for claim in report["claims"]}
    counted = {(claim["name"], claim["line"], claim["surface"]) for claim in claims.values()
               if claim["counts"] == "neighbourhood"}
    assert set(COUNTS) <= counted, "every article's count is read, at its file line"
    page_values = {claim["surface"] for claim in claims.values() if claim["name"] == "page.html"}
    assert page_values == {"36", "40"}, "the page's menu, related links, comments and footer are not read"
    [rule] = [rule for rule in report["rules"] if rule["name"] == WITHIN_TOTAL]
    [contradiction] = rule["contradictions"]
    [claim] = [claims[claim_id] for claim_id in contradiction["claims"]]
    assert (claim["name"], claim["line"], claim["surface"]) == ("brief.txt", 3, "41")

    sarif = json.loads((newsroom.path / "out" / "report.sarif").read_text(encoding="utf-8"))
    [result_] = [found for found in sarif["runs"][0]["results"] if found["ruleId"] == WITHIN_TOTAL]
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "newsroom/brief.txt"
    assert location["region"]["startLine"] == 3

    annotations = [line for line in result.outlines if line.startswith("::error ")]
    assert [line for line in annotations if f"{WITHIN_TOTAL}::" in line] == [
        next(line for line in annotations if line.startswith("::error file=newsroom/brief.txt,line=3,"))]

    page = Tree((newsroom.path / "out" / "report.html").read_text(encoding="utf-8"))
    marked = [element for element in page.root.select("g.claim") if "contradicting" in element.classes]
    titles = [" ".join(element.find("title")[0].text.split()) for element in marked]
    assert any(title.startswith('"41" (brief.txt:3,') for title in titles), titles


def test_a_baseline_silences_the_known_contradiction_and_a_new_one_still_fails(newsroom: pytest.Pytester) -> None:
    args = ("--claims", "seeds/", "newsroom/", "--claims-baseline", "baseline.json")
    first = run(newsroom, *args)
    assert first.ret == pytest.ExitCode.OK
    assert any(line.startswith("baseline written to baseline.json: 2 contradictions") for line in first.outlines)
    recorded = json.loads((newsroom.path / "baseline.json").read_text(encoding="utf-8"))
    assert {"document": "brief.txt", "value": "41"} in recorded["rules"][WITHIN_TOTAL]["known"][0]["claims"]

    again = run(newsroom, *args)
    assert again.ret == pytest.ExitCode.OK
    assert "2 known contradictions (baseline baseline.json)" in again.outlines

    edit(newsroom, "newsroom/hugo.md", "**38**", "**44**")
    edited = run(newsroom, *args)
    assert edited.ret == pytest.ExitCode.TESTS_FAILED
    rows = [line for line in edited.outlines if line.startswith("#1 ")]
    assert any("hugo.md:12" in row for row in rows)
    assert not any("brief.txt" in row for row in rows), "the known contradiction is not listed again"
