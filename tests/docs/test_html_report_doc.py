"""docs/html-report.md: every part of the page its table names is on a real page, and its figures, thresholds,
command, screenshots and the browser tests' switch are what the code and the bench script give.

The page is rendered from the seeds' real claims and the bundled rules, with one claim made to contradict
(so every part, the contradicting point included, is there), plus a claim without a date, a broken rule
and an unreadable document.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import browser
from helpers.markdown import read
from helpers.options import plugin_options
from helpers.pages import Tree
from helpers.paths import BENCH, DOCS, RULES, SEEDS

from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import Catalogue, load_corpus
from pytest_claims.records.errors import DocumentError, RuleError
from pytest_claims.report import timeline
from pytest_claims.report.html import render_html
from pytest_claims.report.json_report import RuleProblem, build_report
from pytest_claims.report.outputs import VIEWS
from pytest_claims.rulefile.load import load_rules

DOC = read(DOCS / "html-report.md")
TEXT = " ".join(DOC.text.split())


def seeds_report(contradicting: bool = True) -> dict[str, Any]:
    corpus = load_corpus([SEEDS])
    claims = corpus_claims(corpus.documents)
    if contradicting:  # the README's edit: 52 of east Aleppo's 40 neighbourhoods
        claims = [replace(claim, quantity=replace(claim.quantity, value=52.0, low=52.0, high=52.0))
                  if claim.quantity.surface == "32" and "recaptured 32" in claim.sentence else claim
                  for claim in claims]
    rules = load_rules(sorted(RULES.glob("*.yaml")))
    verdicts = {rule.name: evaluate_rule(rule, claims) for rule in rules}
    positions = {rule.name: (rule.path, rule.line) for rule in rules}
    problems = (DocumentError("empty document", str(SEEDS / "zz.txt")),) if contradicting else ()
    rule_file = str(RULES / "zz.yaml")
    broken = [RuleProblem("unicorns", (rule_file, 1), RuleError("selected no claims", rule_file, 3), "bounds",
                          "error")] if contradicting else []
    report = build_report(Catalogue(tuple(d.info for d in corpus.documents), problems), claims, verdicts,
                          positions, broken)
    if contradicting:  # a selected claim without an as-of date (the rules needing one would refuse it)
        [undated] = [claim for claim in report["claims"] if claim["surface"] == "40" and
                     "recaptured 32" in claim["sentence"]]
        undated.update(as_of=None, as_of_source=None)
    return report


@pytest.fixture(scope="module")
def page() -> Tree:
    report = seeds_report()
    assert any(rule["contradictions"] for rule in report["rules"] if rule["outcome"] == "failed")
    return Tree(render_html(report))


def parts() -> Iterator[tuple[str, str, str]]:
    [table] = DOC.tables_with("part", "selector", "what it shows")
    for row in table.rows:
        [selector] = row["selector"].codes
        yield row["part"].text, selector, row.where


@pytest.mark.parametrize("part, selector, where", list(parts()), ids=[part for part, _, _ in parts()])
def test_every_part_of_the_page_is_there(page: Tree, part: str, selector: str, where: str) -> None:
    assert page.root.select(selector), f"{where}: no {selector} on the page"


def test_the_parts_come_in_the_documented_order(page: Tree) -> None:
    """"From the top": the counts, the summary, the problems, then the rules."""
    order = ["p.counts", "table.summary", "ul.problems", "section.rule"]
    documented = [selector for _, selector, _ in parts() if selector in order]
    assert documented == order
    text = page.root.text
    firsts = [text.index(page.root.select(selector)[0].text) for selector in order]
    assert firsts == sorted(firsts)


def test_one_chart_per_rule_and_contradicting_points_named_as_documented(page: Tree) -> None:
    sections = page.root.select("section.rule")
    assert len(page.root.select("svg.timeline")) == len(sections) == len(page.root.select("table.summary")[0]
                                                                          .select("tr[data-rule]"))
    assert page.root.select("g.claim.contradicting") == page.root.select('g[data-contradicting="true"]')
    assert "`data-contradicting=\"true\"`" in DOC.text
    assert '"no date"' in TEXT and page.root.select("rect.undated-lane")
    assert '"no claims selected"' in TEXT


def test_the_command_and_the_closing_line_use_the_plugins_option() -> None:
    option = plugin_options().options["--claims-html"]
    assert option["dest"] == "claims_report_html" and option["metavar"] == "PATH"
    [command] = [code for paragraph in DOC.paragraphs for code in paragraph.codes
                 if code.startswith("pytest ") and "--claims-html" in code]
    words = command.split()
    path = words[words.index("--claims-html") + 1]
    assert f"`{VIEWS['html'].label} written to {path}`" in DOC.text


def test_the_log_scale_threshold_and_the_labels() -> None:
    spread = re.search(r"the largest is ([\d,]+) times the smallest or more", TEXT)
    assert spread is not None and float(spread.group(1).replace(",", "")) == timeline.LOG_SPREAD
    assert '"value (log scale)"' in TEXT
    for label in re.findall(r"labelled short \(`([^`]+)`, `([^`]+)`\)", TEXT)[0]:
        value = float(label[:-1]) * 1e6 if label.endswith("M") else float(label)
        assert timeline.compact(value) == label


def bench_module() -> ModuleType:
    """bench/html_report.py as a module; the paths it puts on sys.path are taken off after."""
    before = list(sys.path)
    spec = importlib.util.spec_from_file_location("bench_html_report", BENCH / "html_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = before
    return module


def test_the_size_figures_are_what_the_bench_script_measures() -> None:
    report = seeds_report(contradicting=False)
    seeds_kb = re.search(r"The seeds' page is about (\d+) kB", TEXT)
    assert seeds_kb is not None
    assert abs(len(render_html(report).encode("utf-8")) / 1000 - int(seeds_kb.group(1))) <= 5
    per_selection = re.search(r"adds about ([\d,]+) bytes", TEXT)
    run = re.search(r"A run of ([\d,]+) claims, each selected by two rules, makes a page of about ([\d.]+) MB, "
                    r"([\d.]+) times its JSON report", TEXT)
    assert per_selection is not None and run is not None
    count = int(run.group(1).replace(",", ""))
    grown = bench_module().scaled(report, count)
    selections = sum(len(rule["selected"]) for rule in grown["rules"])
    assert selections == 2 * count
    html_size = len(render_html(grown).encode("utf-8"))
    json_size = len(VIEWS["json"].render(grown).encode("utf-8"))
    assert abs(html_size / selections / int(per_selection.group(1).replace(",", "")) - 1) < 0.1
    assert abs(html_size / 1e6 / float(run.group(2)) - 1) < 0.1
    assert abs(html_size / json_size - float(run.group(3))) < 0.15


def test_the_screenshots_and_the_script_that_makes_them() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", DOC.text)
    assert images == ["html-report.png", "html-report-summary.png"]
    for image in images:
        assert (DOCS / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "`python bench/html_report.py --screenshot docs/html-report.png`" in DOC.text
    source = (BENCH / "html_report.py").read_text(encoding="utf-8")
    assert '-summary{path.suffix}' in source  # the second picture's name


def test_the_browser_tests_switch_and_files() -> None:
    assert f"`{browser.SKIP_VARIABLE}=1`" in DOC.text
    assert "`tests/sessions/test_html_report.py`" in DOC.text and "`tests/helpers/browser.py`" in DOC.text
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y" in ci and " chromium" in ci and str(browser.CHROMIUM) in ci
    assert browser.SKIP_VARIABLE not in ci  # CI never skips them
