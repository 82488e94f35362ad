"""``--claims-html``: a real run on the seeds plus one injected contradicting document writes a page that a real
headless Chromium (Debian's, driven over its DevTools pipe: helpers/browser.py) loads without errors, with one
chart per rule, the contradicting claims marked, and the quote shown when the pointer is on a point.

Without Chromium these tests fail; ``PYTEST_CLAIMS_NO_BROWSER=1`` skips the browser part (never set in CI)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers.browser import Page, require_chromium
from helpers.sessions import BUNDLED_RULES, copy_project, run

#: an article the seeds do not have: 52 neighbourhoods retaken of east Aleppo's 40, in a sentence of hostile text
INJECTED_NAME = "005_injected.txt"
INJECTED_SENTENCE = ("Aleppo, December 10, 2016: Government forces have now retaken 52 neighbourhoods of east "
                     'Aleppo, a <b>"military"</b> source & </svg> others said.')
INJECTED = f"Rebels lose more ground in east Aleppo\n\n{INJECTED_SENTENCE}\n"
INJECTED_LINE = 3


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    copy_project(pytester)
    (pytester.path / "seeds" / INJECTED_NAME).write_text(INJECTED, encoding="utf-8")
    return pytester


def contradicting_ids(report: dict[str, Any]) -> list[set[str]]:
    return [{claim_id for contradiction in rule["contradictions"] for claim_id in contradiction["claims"]}
            for rule in report["rules"]]


def test_the_page_in_a_real_browser(project: pytest.Pytester) -> None:
    chromium = require_chromium()
    result = run(project, "--claims", "seeds", "--claims-html", "out/report.html",
                 "--claims-report-json", "out/report.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "HTML report written to out/report.html" in result.outlines
    report = json.loads((project.path / "out" / "report.json").read_text(encoding="utf-8"))
    [injected] = [claim for claim in report["claims"] if claim["name"] == INJECTED_NAME and claim["surface"] == "52"]
    assert injected["line"] == INJECTED_LINE
    rules = {rule["name"]: rule for rule in report["rules"]}
    failed = rules["neighbourhood-counts-within-total"]
    assert failed["outcome"] == "failed" and [c["claims"] for c in failed["contradictions"]] == [[injected["id"]]]
    page_file = project.path / "out" / "report.html"
    with Page(executable=chromium) as page:
        page.open(page_file.as_uri())
        assert page.errors() == []
        assert page.requests() == [page_file.as_uri()]  # self-contained: nothing else is fetched
        charts = page.evaluate("[...document.querySelectorAll('svg.timeline')].map("
                               "svg => svg.closest('section').dataset.rule)")
        assert charts == [rule["name"] for rule in report["rules"]]
        marked = page.evaluate("[...document.querySelectorAll('section.rule')].map(section => [...section"
                               ".querySelectorAll('svg .claim.contradicting[data-contradicting=true]')]"
                               ".map(mark => mark.dataset.claim).sort())")
        assert [set(ids) for ids in marked] == contradicting_ids(report)
        assert sum(map(len, marked)) == sum(map(len, contradicting_ids(report))) >= 3
        # the injected claim's point: red, and its quote beside the pointer
        number = list(rules).index("neighbourhood-counts-within-total") + 1
        point = f"#rule-{number} svg .claim[data-claim={injected['id']}]"
        assert page.evaluate(f"getComputedStyle(document.querySelector('{point} circle')).fill") == \
            "rgb(212, 35, 27)"
        x, y = page.evaluate(f"(() => {{ const mark = document.querySelector('{point} circle'); "
                             "mark.scrollIntoView({block: 'center'}); const box = mark.getBoundingClientRect(); "
                             "return [box.x + box.width / 2, box.y + box.height / 2]; })()")
        assert page.evaluate("getComputedStyle(document.getElementById('tooltip')).display") == "none"
        page.mouse_to(x, y)
        tip = page.evaluate("(() => { const tip = document.getElementById('tooltip'); "
                            "return [getComputedStyle(tip).display, tip.textContent]; })()")
        assert tip[0] == "block"
        assert tip[1] == f'"52" ({INJECTED_NAME}:{INJECTED_LINE}, as of 2016-12-10)\n{INJECTED_SENTENCE}'
        assert page.evaluate(f"document.querySelector('{point} title').textContent") == tip[1]
        page.mouse_to(2, 2)
        assert page.evaluate("getComputedStyle(document.getElementById('tooltip')).display") == "none"
        # the table row: the document, its line, the sentence as text with the number marked
        row = page.evaluate(f"[...document.querySelectorAll('#rule-{number} tr[data-claim={injected['id']}] td')]"
                            ".map(cell => cell.textContent)")
        assert row[1:3] == [INJECTED_NAME, str(INJECTED_LINE)] and row[-1] == INJECTED_SENTENCE
        assert page.evaluate(f"document.querySelector('#rule-{number} tr[data-claim={injected['id']}] mark')"
                             ".textContent") == "52"
        assert page.evaluate("document.querySelectorAll('b').length") == 0
        assert page.errors() == []


def test_an_unreadable_document_and_a_broken_rule_are_on_the_page(project: pytest.Pytester) -> None:
    chromium = require_chromium()
    (project.path / "seeds" / "006_empty.txt").write_text("", encoding="utf-8")
    (project.path / "rules" / "zz-unicorns.yaml").write_text(
        "name: unicorns-within-total\nselect:\n  counts: [unicorn]\ncheck: bounds\nmin: 0\nmax: 10\n",
        encoding="utf-8")
    run(project, "--claims", "seeds", "--claims-html", "report.html")
    with Page(executable=chromium) as page:
        page.open((project.path / "report.html").as_uri())
        assert page.errors() == []
        problems = page.evaluate("[...document.querySelectorAll('ul.problems li')].map(item => item.textContent)")
        assert len(problems) == 1 and "006_empty.txt" in problems[0]
        error = page.evaluate("document.querySelector('section[data-rule=unicorns-within-total] .error-message')"
                              ".textContent")
        assert "selected no claims" in error
        assert page.evaluate("document.querySelectorAll('svg.timeline').length") == \
            page.evaluate("document.querySelectorAll('table.summary tbody tr').length")


def test_one_process_and_xdist_write_the_same_page(project: pytest.Pytester) -> None:
    run(project, "--claims", "seeds", "--claims-html", "one.html")
    result = run(project, "--claims", "seeds", "--claims-html", "two.html", "-n", "2")
    assert "HTML report written to two.html" in result.outlines
    one = (project.path / "one.html").read_text(encoding="utf-8")
    assert one == (project.path / "two.html").read_text(encoding="utf-8")
    assert one.count('<svg class="timeline"') == len(BUNDLED_RULES) and 'class="claim contradicting"' in one
