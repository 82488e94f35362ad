"""The HTML report (pure): built from real reports (the seeds', and ones with hostile text, no claims, no dates,
huge or widely spread values), parsed back with the stdlib's HTML parser to check what a browser will see."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from typing import Any, Optional

import jsonschema
import pytest
from helpers.claims import make_claim
from helpers.pages import Element, Tree
from helpers.paths import RULES, SEEDS
from hypothesis import example, given
from hypothesis import strategies as st

from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import Catalogue, load_corpus
from pytest_claims.records.errors import DocumentError, RuleError
from pytest_claims.records.model import Claim, Verdict, Violation
from pytest_claims.report.html import render_html
from pytest_claims.report.json_report import RuleProblem, build_report, report_schema
from pytest_claims.report.outputs import VIEWS
from pytest_claims.report.timeline import BOTTOM, LEFT, RIGHT, TOP, render_timeline
from pytest_claims.rulefile.load import load_rules

VALIDATOR = jsonschema.Draft202012Validator(report_schema())
HOSTILE = 'He said "<b>52</b>" & <script>alert(1)</script> of 40 neighbourhoods </svg></td>\'.'


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    corpus = load_corpus([SEEDS])
    claims = corpus_claims(corpus.documents)
    rules = load_rules(sorted(RULES.glob("*.yaml")))
    verdicts = {rule.name: evaluate_rule(rule, claims) for rule in rules}
    positions = {rule.name: (rule.path, rule.line) for rule in rules}
    report = build_report(Catalogue(tuple(d.info for d in corpus.documents), ()), claims, verdicts, positions, [])
    VALIDATOR.validate(report)
    return report


def report_of(claims: list[Claim], verdicts: dict[str, Verdict], problems: tuple[DocumentError, ...] = (),
              rule_problems: tuple[RuleProblem, ...] = ()) -> dict[str, Any]:
    positions = {name: (f"/rules/{name}.yaml", 2) for name in verdicts}
    report = build_report(Catalogue((), problems), claims, verdicts, positions, list(rule_problems))
    VALIDATOR.validate(report)
    return report


def charts(tree: Tree) -> list[Element]:
    return tree.root.find("svg", "timeline")


def test_registered_as_the_html_view() -> None:
    assert VIEWS["html"].render is render_html and VIEWS["html"].label == "HTML report"


def test_the_seeds_page_has_a_summary_row_and_a_chart_per_rule(seeds_report: dict[str, Any]) -> None:
    page = render_html(seeds_report)
    tree = Tree(page)
    rules = seeds_report["rules"]
    summary = [row.attrs["data-rule"] for row in tree.root.find("tr") if "data-rule" in row.attrs]
    assert summary == [rule["name"] for rule in rules]
    sections = tree.root.find("section", "rule")
    assert [section.attrs["data-rule"] for section in sections] == summary
    for section, rule in zip(sections, rules):
        [chart] = section.find("svg", "timeline")
        marks = chart.find("g", "claim")
        assert sorted(mark.attrs["data-claim"] or "" for mark in marks) == sorted(rule["selected"])
        rows = [row for row in section.find("tr") if "data-claim" in row.attrs]
        assert [row.attrs["data-claim"] for row in rows] == rule["selected"]
        assert section.attrs["data-outcome"] == rule["outcome"]
    assert len(page) < 100_000  # docs/html-report.md: the seeds' page is under 100 kB


def test_contradicting_claims_are_marked_in_chart_and_table() -> None:
    first = make_claim("About 300,000 people are trapped.", "300,000", day=date(2016, 11, 28))
    second = make_claim("Some 350,000 people are trapped.", "350,000", document="b.txt", day=date(2016, 12, 1))
    third = make_claim("Some 250,000 people are trapped.", "250,000", document="c.txt", day=date(2016, 12, 4))
    verdict = Verdict("trapped", "trend", (first, second, third),
                      (Violation((first, second), "300,000 is not above 350,000"),))
    tree = Tree(render_html(report_of([first, second, third], {"trapped": verdict})))
    [chart] = charts(tree)
    marked = chart.find("g", "contradicting")
    assert sorted(mark.attrs["data-claim"] or "" for mark in marked) == ["c1", "c2"]
    assert all(mark.attrs["data-contradicting"] == "true" for mark in marked)
    assert [m.attrs["data-contradicting"] for m in chart.find("g", "claim") if m not in marked] == ["false"]
    assert [row.attrs["data-claim"] for row in tree.root.find("tr", "contradicting")] == ["c1", "c2"]
    assert "300,000 is not above 350,000" in tree.root.find("ul", "contradictions")[0].text
    # later dates stand further right
    xs = [float(mark.find("circle")[0].attrs["cx"] or 0) for mark in chart.find("g", "claim")]
    assert xs == sorted(xs) and len(set(xs)) == 3


def test_hostile_text_stays_text() -> None:
    claim = make_claim(HOSTILE, "52", document='<img src=x onerror="alert(2)">.txt', source="<i>he</i>",
                       source_text="<i>he</i>")
    verdict = Verdict('x"><img src=y>', "bounds", (claim,), (Violation((claim,), '"52" cannot lie < [0, 40] & so'),))
    problem = DocumentError("bad <byte> & \"quote\"", "/news/<evil>.txt")
    broken = RuleProblem("<broken>", ("/rules/<b>.yaml", 1), RuleError("no <key> & 'x'", "/rules/<b>.yaml", 3),
                         "bounds", "error")
    page = render_html(report_of([claim], {'x"><img src=y>': verdict}, (problem,), (broken,)))
    tree = Tree(page)
    assert not tree.root.find("img") and not tree.root.find("b")
    assert all("swatch" in element.classes for element in tree.root.find("i"))  # the legend's only
    assert len(tree.root.find("script")) == 1  # ours only
    [row] = [row for row in tree.root.find("tr") if row.attrs.get("data-claim") == "c1"]
    cells = row.find("td")
    assert cells[1].text == '<img src=x onerror="alert(2)">.txt' and cells[-1].text == HOSTILE
    assert [mark.text for mark in cells[-1].find("mark")] == ["52"]
    assert cells[-2].text == "<i>he</i>"
    [title] = tree.root.find("title")[1:]  # the first is the page's
    assert title.text.endswith(HOSTILE) and '"52"' in title.text
    assert '"52" cannot lie < [0, 40] & so' in tree.root.text
    assert 'bad <byte> & "quote"' in tree.root.text and "/news/<evil>.txt" in tree.root.text
    assert "no <key> & 'x'" in tree.root.text
    assert {section.attrs["data-rule"] for section in tree.root.find("section")} == {'x"><img src=y>', "<broken>"}


def test_the_page_loads_nothing_from_outside(seeds_report: dict[str, Any]) -> None:
    page = render_html(seeds_report)
    assert not re.search(r"<link|<img|<iframe|@import|url\(|\bsrc=", page)
    links = re.findall(r'href="([^"]*)"', page)
    assert links and all(link.startswith("#rule-") for link in links)
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * len(seeds_report["rules"])


def test_no_claims_a_broken_rule_and_an_unreadable_document() -> None:
    broken = RuleProblem("unicorns", ("/rules/u.yaml", 1), RuleError("rule 'unicorns' selected no claims",
                                                                     "/rules/u.yaml", 3), "bounds", "error")
    tree = Tree(render_html(report_of([], {}, (DocumentError("empty document", "/news/b.txt"),), (broken,))))
    [chart] = charts(tree)
    assert not chart.find("g", "claim") and "no claims selected" in chart.text
    [message] = tree.root.find("p", "error-message")
    assert message.text == "could not be evaluated (/rules/u.yaml:3): rule 'unicorns' selected no claims"
    [problems] = tree.root.find("ul", "problems")
    assert problems.text == "/news/b.txt: empty document"
    assert "1 unreadable document" in tree.root.find("p", "counts")[0].text


def test_an_empty_run_still_renders() -> None:
    tree = Tree(render_html(report_of([], {})))
    assert not charts(tree) and "No rule ran." in tree.root.text


def test_claims_without_a_date_stand_in_their_own_lane() -> None:
    dated = make_claim("About 300,000 people are trapped.", "300,000")
    undated = replace(make_claim("Some 350,000 people are trapped.", "350,000", document="b.txt", day=None),
                      as_of=None, as_of_source=None)
    tree = Tree(render_html(report_of([dated, undated], {"t": Verdict("t", "trend", (dated, undated), ())})))
    [chart] = charts(tree)
    [lane] = chart.find("rect", "undated-lane")
    lane_x = float(lane.attrs["x"] or 0)
    xs = {mark.attrs["data-claim"]: float(mark.find("circle")[0].attrs["cx"] or 0) for mark in chart.find("g", "claim")}
    assert xs["c1"] < lane_x < xs["c2"] <= RIGHT
    assert "1 claim without an as-of date" in tree.root.find("p", "undated")[0].text


def claim_dict(value: float, low: Optional[float], high: Optional[float], as_of: Optional[str] = "2016-11-28",
               claim_id: str = "c1") -> dict[str, Any]:
    return {"id": claim_id, "value": value, "low": low, "high": high, "as_of": as_of, "surface": str(value),
            "name": "a.txt", "line": 1, "sentence": f"It was {value}."}


def coordinates(svg: str) -> list[float]:
    marks = svg[svg.index('<g class="claim'):] if '<g class="claim' in svg else ""
    return [float(number) for number in re.findall(r'(?:cy|y1|y2)="(-?[\d.]+)"', marks)]


def test_huge_values_and_wide_spreads() -> None:
    huge = render_timeline([claim_dict(3e20, 3e20, 3e20), claim_dict(5e20, 4e20, 6e20, claim_id="c2")], (),
                           "huge", lambda c: "q")
    assert "log scale" not in huge and ">3e+20<" in huge and ">6e+20<" in huge
    assert all(TOP <= y <= BOTTOM for y in coordinates(huge))
    spread = render_timeline([claim_dict(5, 5, 5), claim_dict(50_000, 50_000, 50_000, claim_id="c2")], (),
                             "spread", lambda c: "q")
    assert "value (log scale)" in spread
    with_zero = render_timeline([claim_dict(0, 0, 0), claim_dict(50_000, 50_000, 50_000, claim_id="c2")], (),
                                "zero", lambda c: "q")
    assert "log scale" not in with_zero


def test_one_date_only_and_open_ends_reach_the_edges() -> None:
    svg = render_timeline([claim_dict(341, 341, None), claim_dict(10, None, 10, claim_id="c2")], {"c1"},
                          "open", lambda c: "q")
    assert svg.count('class="open-end"') == 2
    xs = {float(x) for x in re.findall(r'cx="([\d.]+)"', svg)}
    assert all(abs(x - (LEFT + RIGHT) / 2) <= 10 for x in xs)  # one date: both in the middle
    assert f'y1="{TOP:.1f}"' in svg and f'y2="{BOTTOM:.1f}"' in svg


ends = st.one_of(st.none(), st.floats(-1e12, 1e12, allow_nan=False))


@given(st.lists(st.tuples(st.floats(-1e12, 1e12, allow_nan=False), ends, ends,
                          st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 1, 1)))), max_size=12))
@example([(1.0, 5e-324, None, None)])  # a log axis down to the smallest float: 10 ** -324 underflows
@example([(0.0, None, None, None), (5e-324, None, None, None)])  # a spread too small to divide
def test_every_mark_lies_in_the_plot(raw: list[tuple[float, Optional[float], Optional[float], Optional[date]]]) -> None:
    claims = []
    for number, (value, low, high, day) in enumerate(raw, 1):
        low = None if low is None else min(low, value)
        high = None if high is None else max(high, value)
        claims.append(claim_dict(value, low, high, None if day is None else day.isoformat(), f"c{number}"))
    svg = render_timeline(claims, (), "any", lambda c: "q")
    assert svg.count('<g class="claim') == len(claims)
    assert "nan" not in svg and "inf" not in svg
    ys = coordinates(svg)
    assert all(TOP - 0.05 <= y <= BOTTOM + 0.05 and math.isfinite(y) for y in ys)
    xs = [float(x) for x in re.findall(r'cx="(-?[\d.]+)"', svg)]
    assert all(LEFT <= x <= RIGHT for x in xs)


def test_files_are_named_relative_to_the_folder_the_run_shares(seeds_report: dict[str, Any]) -> None:
    tree = Tree(render_html(seeds_report))
    base = str(SEEDS.parent)
    assert tree.root.select("p.base")[0].text == f"Files are named relative to {base}."
    written = [row.find("td")[-1].text for row in tree.root.select("table.summary")[0].select("tr[data-rule]")]
    assert written == [f"{rule['file'][len(base) + 1:]}:{rule['line']}" for rule in seeds_report["rules"]]
    assert all(text.startswith("rules/") for text in written)
    # paths that share no folder but the root are shown whole
    apart = report_of([], {"t": Verdict("t", "trend", (), ()), "u": Verdict("u", "trend", (), ())})
    apart["rules"][0]["file"], apart["rules"][1]["file"] = "/one/t.yaml", "/two/u.yaml"
    tree = Tree(render_html(apart))
    assert not tree.root.select("p.base")
    assert [row.find("td")[-1].text for row in tree.root.select("tr[data-rule]")] == ["/one/t.yaml:2", "/two/u.yaml:2"]
