"""The HTML report (``--claims-html``): its size and render time beside the JSON report's, and its screenshot.

    python bench/html_report.py [--claims N ...] [--screenshot docs/html-report.png]

Runs ``pytest --claims`` on a copy of the seeds with one injected article that contradicts the bundled
rules (52 of east Aleppo's 40 neighbourhoods), then:

* for each N, copies the run's claims into a report of N claims, each rule selecting its share (every
  claim selected by two rules), and prints the HTML page's size and render time with the JSON report
  of the same claims as baseline (both rendered in this run);
* with ``--screenshot PATH``, opens the page in headless Chromium (Debian's, as the browser tests do) and
  writes two PNGs: PATH, the failed rule's section with the pointer on the contradicting point, and
  PATH with ``-summary`` before its suffix, the top of the page (counts and the summary of all rules).

Always exits 0 when it ran: this is a measurement and a picture, not a test.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE.parent / "tests"))

from helpers.browser import Page  # noqa: E402

from pytest_claims.report.html import render_html  # noqa: E402
from pytest_claims.report.outputs import render_json  # noqa: E402

INJECTED = ("Rebels lose more ground in east Aleppo\n\n"
            "Aleppo, December 10, 2016: Government forces have now retaken 52 neighbourhoods of east Aleppo, "
            "a military source said.\n")
FAILED_RULE = "neighbourhood-counts-within-total"


def seeds_run(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The seeds, the rules and the injected article in ``folder``, run once: the page and the report."""
    shutil.copytree(HERE.parent / "seeds", folder / "seeds")
    shutil.copytree(HERE.parent / "rules", folder / "rules")
    (folder / "seeds" / "005_injected.txt").write_text(INJECTED, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                    "--rootdir", str(folder), "--claims", "seeds", "--claims-html", "report.html",
                    "--claims-report-json", "report.json"], cwd=folder, stdout=subprocess.DEVNULL, check=False)
    report: dict[str, Any] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return folder / "report.html", report


def scaled(report: dict[str, Any], count: int) -> dict[str, Any]:
    """``report`` with ``count`` claims (copies of its own) and every claim selected by two rules."""
    grown = copy.deepcopy(report)
    originals = report["claims"]
    grown["claims"] = []
    for number in range(1, count + 1):
        claim = dict(originals[(number - 1) % len(originals)], id=f"c{number}")
        grown["claims"].append(claim)
    rules = grown["rules"]
    for index, rule in enumerate(rules):
        rule["selected"] = [f"c{number}" for number in range(1, count + 1)
                            if (number % len(rules)) in (index, (index + 1) % len(rules))]
        rule["contradictions"] = [{"claims": rule["selected"][:2], "constraint": "a contradiction"}] \
            if rule["selected"] else []
    grown["counts"]["quantities"] = count
    return grown


def timed(render: Any, report: dict[str, Any]) -> tuple[float, int]:
    start = time.perf_counter()
    text = render(report)
    return time.perf_counter() - start, len(text.encode("utf-8"))


def screenshots(page_file: Path, report: dict[str, Any], path: Path) -> None:
    number = [rule["name"] for rule in report["rules"]].index(FAILED_RULE) + 1
    with Page(width=1100, height=820) as page:
        page.open(page_file.as_uri())
        assert page.errors() == [], page.errors()
        summary = path.with_name(f"{path.stem}-summary{path.suffix}")
        page.screenshot(summary, full_page=False)
        x, y = page.evaluate(f"(() => {{ document.getElementById('rule-{number}').scrollIntoView(); "
                             f"const mark = document.querySelector('#rule-{number} svg .claim.contradicting "
                             "circle').getBoundingClientRect(); "
                             "return [mark.x + mark.width / 2, mark.y + mark.height / 2]; })()")
        page.mouse_to(x, y)
        page.screenshot(path, full_page=False)
    print(f"wrote {path} ({path.stat().st_size:,} bytes) and {summary} ({summary.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="*", default=[1_000, 5_000, 20_000])
    parser.add_argument("--screenshot", type=Path, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        page_file, report = seeds_run(Path(temporary))
        selected = sum(len(rule["selected"]) for rule in report["rules"])
        print(f"seeds + injected article: {len(report['claims'])} claims, {len(report['rules'])} rules, "
              f"{selected} selections: HTML {page_file.stat().st_size:,} bytes, "
              f"JSON {len(render_json(report).encode('utf-8')):,} bytes")
        print(f"{'claims':>8} {'selections':>10} {'HTML bytes':>12} {'JSON bytes':>12} {'size ratio':>10} "
              f"{'bytes/selection':>15} {'HTML s':>8} {'JSON s':>8} {'time ratio':>10}")
        for count in options.claims:
            grown = scaled(report, count)
            selections = sum(len(rule["selected"]) for rule in grown["rules"])
            html_time, html_size = timed(render_html, grown)
            json_time, json_size = timed(render_json, grown)
            print(f"{count:>8,} {selections:>10,} {html_size:>12,} {json_size:>12,} {html_size / json_size:>10.2f} "
                  f"{html_size / selections:>15,.0f} {html_time:>8.2f} {json_time:>8.2f} "
                  f"{html_time / json_time:>10.2f}")
        if options.screenshot is not None:
            screenshots(page_file, report, options.screenshot)


if __name__ == "__main__":
    main()
