"""Whole sessions (pytester) on a web page and a Markdown file with Hugo front matter: both read, and a
contradiction between them located at the right line of each file."""

from __future__ import annotations

import json

import pytest

from helpers.sessions import run
from helpers.webpages import NEWS_PAGE, TRAPPED_LINE

HUGO_MARKDOWN = """\
---
title: "Siege of Aleppo: the **numbers**"
date: 2016-11-28T09:00:00Z
draft: false
author: Staff
tags: [syria, aleppo]
outlet: Wire
---
# Aleppo under siege

Rebels have lost [12 districts](https://example.org/map-2016-40) this month.

> About **250,000** people are _trapped_ in the besieged east, the UN said.

| City | Trapped |
|:-----|--------:|
| homs | 40,000 people |

<!-- editor: check the 900,000 figure -->
"""
#: the file line of the Markdown's trapped-population claim
MARKDOWN_TRAPPED_LINE = 13

TRAPPED_FALLS = """\
name: trapped-falls
select: {counts: [people], near: [trapped], kind: count}
check: trend
direction: decreasing
"""


@pytest.fixture
def newsroom(pytester: pytest.Pytester) -> pytest.Pytester:
    news = pytester.mkdir("news")
    (news / "siege.md").write_text(HUGO_MARKDOWN, encoding="utf-8")
    (news / "siege.html").write_text(NEWS_PAGE, encoding="utf-8")
    (news / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    rules = pytester.mkdir("rules")
    (rules / "trapped-falls.yaml").write_text(TRAPPED_FALLS, encoding="utf-8")
    return pytester


def test_markdown_and_a_web_page_are_read_and_their_contradiction_is_located_in_each_file(
        newsroom: pytest.Pytester) -> None:
    assert HUGO_MARKDOWN.splitlines()[MARKDOWN_TRAPPED_LINE - 1].startswith("> About **250,000**")
    result = run(newsroom, "--claims", "news/", "--claims-report-json", "report.json")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    result.stdout.fnmatch_lines([
        "2 documents, *, 0 unreadable documents; *",
        "1 file skipped (not documents): news/photo.jpg",
    ])
    result.stdout.fnmatch_lines([
        "rule 'trapped-falls' (trend): 1 contradiction among 2 selected claims",
        f"#1  2016-11-28 (front matter line 3)  *siege.md:{MARKDOWN_TRAPPED_LINE} (Wire)  *UN  *About*250,000  *"
        "  **About 250,000** people are trapped in the besieged east, the UN said.",
        f"#2  2016-12-09 (meta article:published_time line 8)  siege.html:{TRAPPED_LINE} (Daily Planet)  "
        "United Nations  About 300,000  *  **About 300,000** people remain trapped in the besieged east of Aleppo, "
        "the United Nations said on Friday.",
        "#1 vs #2: decreasing: About 300,000 on 2016-12-09 (siege.html) is not below About*250,000 on 2016-11-28 "
        "(siege.md)",
    ])
    # the boilerplate of the page (comments: 900,000 trapped) and the Markdown's comment are not read
    assert "900,000" not in out
    report = json.loads((newsroom.path / "report.json").read_text(encoding="utf-8"))
    claims = {claim["id"]: claim for claim in report["claims"]}
    [contradiction] = [found for rule in report["rules"] for found in rule["contradictions"]]
    located = {(claims[claim_id]["name"], claims[claim_id]["line"]) for claim_id in contradiction["claims"]}
    assert located == {("siege.md", MARKDOWN_TRAPPED_LINE), ("siege.html", TRAPPED_LINE)}
    # a Markdown claim's span indexes the file's text after the front matter: the number is there
    [markdown] = [claims[claim_id] for claim_id in contradiction["claims"] if claims[claim_id]["name"] == "siege.md"]
    body = HUGO_MARKDOWN[HUGO_MARKDOWN.index("# Aleppo"):]
    assert body[markdown["span"][0]:markdown["span"][1]] == "About **250,000"


def test_a_web_page_without_an_article_is_a_document_error_in_the_run(newsroom: pytest.Pytester) -> None:
    (newsroom.path / "news" / "menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>", encoding="utf-8")
    result = run(newsroom, "--claims", "news/")
    assert result.ret not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    result.stdout.fnmatch_lines(["*news/menu.html: no article text in the page*"])
    assert "Traceback" not in result.stdout.str()
