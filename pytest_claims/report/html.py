"""The HTML report of a run (``--claims-html``): one self-contained page a person opens in a browser.

Pure: :func:`render_html` turns the run's report (the dict :func:`~.json_report.build_report` returns) into
the page's text: a summary of every rule, the unreadable documents and broken rule files, then per rule its
timeline chart (:mod:`.timeline`), its contradictions and the table of its claims with their quotes. Styles,
the tooltip script and the charts are inline: the page loads nothing. Every text from documents and rules is
escaped, so a quote holding ``<``, ``&`` or quotes stays text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import Any

from .timeline import attr, render_timeline

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px;
       color: #1d2329; background: #fff; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin: 0 0 4px; } .meta { color: #5b6670; margin: 0 0 8px; }
table { border-collapse: collapse; margin: 8px 0 16px; width: 100%; }
th, td { border-bottom: 1px solid #dde2e6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num { text-align: right; white-space: nowrap; }
.outcome { display: inline-block; padding: 0 8px; border-radius: 9px; font-weight: 600; font-size: 12px; }
.outcome.passed { background: #dcf1e0; color: #17602a; } .outcome.failed { background: #f9d8d6; color: #a11d17; }
.outcome.warning { background: #fcecc5; color: #7a5300; } .outcome.error { background: #e6dcf5; color: #4f2a8a; }
section.rule { border: 1px solid #dde2e6; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.error-message { background: #f4effb; border-left: 4px solid #6b3fb3; padding: 6px 10px; white-space: pre-wrap; }
.problems li { margin: 4px 0; } code { font-size: 13px; }
svg.timeline { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg .plot { fill: #fbfcfd; stroke: #c5ccd3; } svg .grid { stroke: #e8ecef; } svg .tick { fill: #5b6670; }
svg .axis-label { fill: #5b6670; font-size: 12px; } svg .empty { fill: #8a949c; font-size: 14px; }
svg .undated-lane { fill: #f1f2f4; stroke: #c5ccd3; stroke-dasharray: 3 3; }
svg .claim { cursor: pointer; } svg .claim .interval { stroke: #3e6ea8; stroke-width: 2.5; }
svg .claim .value, svg .claim .open-end { fill: #3e6ea8; }
svg .claim.contradicting .interval { stroke: #d4231b; stroke-width: 3.5; }
svg .claim.contradicting .value, svg .claim.contradicting .open-end { fill: #d4231b; stroke: #fff; }
svg .claim:hover .value, svg .claim:focus .value { stroke: #111; stroke-width: 2; }
tr.contradicting td { background: #fdecea; } mark { background: #ffe58a; padding: 0 1px; }
.legend span { margin-right: 16px; } .swatch { display: inline-block; width: 10px; height: 10px;
       border-radius: 5px; margin-right: 4px; } .swatch.plain { background: #3e6ea8; }
.swatch.contradicting { background: #d4231b; }
#tooltip { position: fixed; display: none; max-width: 300px; background: #1d2329; color: #fff; padding: 6px 9px;
       border-radius: 4px; font-size: 13px; white-space: pre-wrap; pointer-events: none; z-index: 10; }
"""

#: the quote of the claim under the pointer (or focused), beside it; the SVG <title> is the native fallback
SCRIPT = """
(function () {
  var tip = document.getElementById("tooltip");
  function show(mark, x, y) {
    var title = mark.querySelector("title");
    tip.textContent = title ? title.textContent : "";
    tip.style.display = "block";
    // beside the pointer, on the side where it fits, so it hides as little of the chart as it can
    var left = x + 14, top = y + 14;
    if (left + tip.offsetWidth > window.innerWidth - 8) left = Math.max(8, x - 14 - tip.offsetWidth);
    if (top + tip.offsetHeight > window.innerHeight - 8) top = Math.max(8, y - 14 - tip.offsetHeight);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hide() { tip.style.display = "none"; }
  document.querySelectorAll("svg.timeline .claim").forEach(function (mark) {
    mark.addEventListener("mousemove", function (event) { show(mark, event.clientX, event.clientY); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("focus", function () {
      var box = mark.getBoundingClientRect();
      show(mark, box.right, box.top);
    });
    mark.addEventListener("blur", hide);
  });
})();
"""

def render_html(report: Mapping[str, Any]) -> str:
    """The page: summary, problems, then one section per rule (chart, contradictions, claims)."""
    report, base = relative_paths(report)
    claims = {claim["id"]: claim for claim in report["claims"]}
    rules: Sequence[Mapping[str, Any]] = report["rules"]
    body = [_counts(report["counts"]), _summary(rules), _problems(report["problems"])]
    body += [_rule(number, rule, claims) for number, rule in enumerate(rules, 1)]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>pytest-claims report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>pytest-claims report</h1>",
        f'<p class="meta base">Files are named relative to <code>{attr(base)}</code>.</p>' if base else "",
        *body,
        '<div id="tooltip" role="tooltip"></div>',
        f"<script>{SCRIPT}</script>",
        "</body></html>",
        "",
    ])


def relative_paths(report: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The report with the files of rules, errors and problems named relative to the folder all the run's
    absolute paths share (the page stays readable), and that folder ("" when they share none)."""
    files = [document.get("file", document["path"]) for document in report["documents"]]  # a record's file
    files += [rule["file"] for rule in report["rules"]]
    files += [rule["error"]["file"] for rule in report["rules"] if rule["error"] and rule["error"]["file"]]
    files += [problem["file"] for problem in report["problems"] if problem["file"]]
    if not files or not all(posixpath.isabs(file) for file in files):
        return report, ""
    base = posixpath.dirname(files[0]) if len(files) == 1 else posixpath.commonpath(files)
    if base in ("", "/") or base in files:
        return report, ""

    def shown(file: Any) -> Any:
        return posixpath.relpath(file, base) if isinstance(file, str) and file.startswith(base + "/") else file

    rules = [{**rule, "file": shown(rule["file"]),
              "error": rule["error"] and {**rule["error"], "file": shown(rule["error"]["file"])}}
             for rule in report["rules"]]
    problems = [{**problem, "file": shown(problem["file"])} for problem in report["problems"]]
    return {**report, "rules": rules, "problems": problems}, base


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _counts(counts: Mapping[str, Any]) -> str:
    quantities = counts["quantities"]
    found = "no claims extracted" if quantities is None else _count(quantities, "claim")
    outcomes = ", ".join(f'<span class="outcome {name}">{counts[name]} {name}</span>'
                         for name in ("passed", "failed", "warning", "error"))
    problems = []
    if counts["unreadable_documents"]:
        problems.append(_count(counts["unreadable_documents"], "unreadable document"))
    if counts["broken_rule_files"]:
        problems.append(_count(counts["broken_rule_files"], "broken rule file"))
    trouble = f"; {', '.join(problems)}" if problems else ""
    return (f'<p class="counts">{_count(counts["documents"], "document")} read, {found}{trouble}. '
            f'{_count(counts["rules"], "rule")}: {outcomes}</p>')


def _outcome(outcome: str) -> str:
    return f'<span class="outcome {attr(outcome)}">{attr(outcome)}</span>'


def _contradicting(rule: Mapping[str, Any]) -> set[str]:
    return {claim_id for contradiction in rule["contradictions"] for claim_id in contradiction["claims"]}


def _summary(rules: Sequence[Mapping[str, Any]]) -> str:
    if not rules:
        return '<h2>Rules</h2><p class="summary">No rule ran.</p>'
    rows = []
    for number, rule in enumerate(rules, 1):
        listed = len(rule["contradictions"])
        contradictions = f"{listed} (+{rule['unlisted']} unlisted)" if rule["unlisted"] else str(listed)
        rows.append(f'<tr data-rule="{attr(rule["name"])}"><td><a href="#rule-{number}">{attr(rule["name"])}</a>'
                    f'</td><td>{_outcome(rule["outcome"])}</td><td>{attr(rule["check"] or "unknown")}</td>'
                    f'<td class="num">{len(rule["selected"])}</td><td class="num">{contradictions}</td>'
                    f'<td><code>{attr(_where(rule["file"], rule["line"]))}</code></td></tr>')
    return ('<h2>Rules</h2><table class="summary"><thead><tr><th>rule</th><th>outcome</th><th>check</th>'
            '<th>claims selected</th><th>contradictions</th><th>written in</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _where(file: Any, line: Any) -> str:
    if not file:
        return "(unknown file)"
    return f"{file}:{line}" if line else str(file)


def _problems(problems: Sequence[Mapping[str, Any]]) -> str:
    documents = [problem for problem in problems if problem["kind"] == "document"]
    rule_files = [problem for problem in problems if problem["kind"] != "document"]
    parts = ['<h2>Unreadable documents</h2>']
    parts.append(_problem_list(documents) if documents else '<p class="problems">Every document was read.</p>')
    if rule_files:
        parts.append("<h2>Broken rule files</h2>" + _problem_list(rule_files))
    return "\n".join(parts)


def _problem_list(problems: Sequence[Mapping[str, Any]]) -> str:
    items = "".join(f'<li><code>{attr(_where(problem["file"], problem["line"]))}</code>: '
                    f'{attr(problem["message"])}</li>' for problem in problems)
    return f'<ul class="problems">{items}</ul>'


def quote(claim: Mapping[str, Any]) -> str:
    """A claim's tooltip: the quantity, where it is written, when it holds, and its sentence."""
    as_of = claim["as_of"] or "no as-of date"
    return f'"{claim["surface"]}" ({claim["name"]}:{claim["line"]}, as of {as_of})\n{claim["sentence"]}'


def _rule(number: int, rule: Mapping[str, Any], claims: Mapping[str, Mapping[str, Any]]) -> str:
    contradicting = _contradicting(rule)
    ids = list(dict.fromkeys([*rule["selected"], *sorted(contradicting - set(rule["selected"]))]))
    shown = [claims[claim_id] for claim_id in ids if claim_id in claims]
    check = rule["check"] or "unknown check"
    severity = f", severity {rule['severity']}" if rule["severity"] else ""
    parts = [f'<section class="rule" id="rule-{number}" data-rule="{attr(rule["name"])}" '
             f'data-outcome="{attr(rule["outcome"])}">',
             f'<h2>{attr(rule["name"])} {_outcome(rule["outcome"])}</h2>',
             f'<p class="meta">{attr(check)}{attr(severity)}; {_count(len(rule["selected"]), "claim")} selected; '
             f'written in <code>{attr(_where(rule["file"], rule["line"]))}</code></p>']
    if rule["error"] is not None:
        error = rule["error"]
        at = f" ({_where(error['file'], error['line'])})" if error["file"] else ""
        parts.append(f'<p class="error-message">could not be evaluated{attr(at)}: {attr(error["message"])}</p>')
    parts.append(render_timeline(shown, contradicting, f"timeline of the claims of {rule['name']}", quote))
    parts.append('<p class="legend"><span><i class="swatch plain"></i>claim (bar: its interval, dot: the value '
                 'as written, arrow: open end)</span><span><i class="swatch contradicting"></i>contradicting'
                 '</span></p>')
    undated = sum(1 for claim in shown if claim["as_of"] is None)
    if undated:
        parts.append(f'<p class="undated">{_count(undated, "claim")} without an as-of date, drawn in the '
                     f'"no date" lane at the right.</p>')
    parts += [_contradictions(rule), _notes(rule["notes"]), _claims_table(shown, contradicting), "</section>"]
    return "\n".join(part for part in parts if part)


def _contradictions(rule: Mapping[str, Any]) -> str:
    if not rule["contradictions"]:
        return ""
    items = "".join(f'<li>{attr(contradiction["constraint"])} <span class="meta">('
                    f'{", ".join(attr(claim_id) for claim_id in contradiction["claims"])})</span></li>'
                    for contradiction in rule["contradictions"])
    more = f'<p class="meta">{_count(rule["unlisted"], "more contradiction")} not listed.</p>' \
        if rule["unlisted"] else ""
    return f'<h3>Contradictions</h3><ul class="contradictions">{items}</ul>{more}'


def _notes(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    return '<h3>Notes</h3><ul class="notes">' + "".join(f"<li>{attr(note)}</li>" for note in notes) + "</ul>"


def _claims_table(claims: Sequence[Mapping[str, Any]], contradicting: set[str]) -> str:
    if not claims:
        return ""
    rows = []
    for claim in claims:
        kind = ' class="contradicting"' if claim["id"] in contradicting else ""
        as_of = attr(claim["as_of"] or "none")
        if claim["as_of_source"]:
            as_of += f'<br><span class="meta">{attr(claim["as_of_source"])}</span>'
        source = attr(claim["source_text"] or claim["source"] or "") or \
            f'<span class="meta">{attr(claim["outlet"] or "the outlet")} (own voice)</span>'
        rows.append(f'<tr{kind} data-claim="{attr(claim["id"])}"><td>{attr(claim["id"])}</td>'
                    f'<td>{attr(claim["name"])}</td><td class="num">{claim["line"]}</td>'
                    f'<td class="num">{_value(claim)}</td><td>{as_of}</td><td>{source}</td>'
                    f'<td>{marked_sentence(claim)}</td></tr>')
    return ('<table class="claims"><thead><tr><th>id</th><th>document</th><th>line</th><th>value</th>'
            '<th>as of</th><th>source</th><th>sentence</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>")


def _value(claim: Mapping[str, Any]) -> str:
    """The quantity as written, and its interval below it when that says more (``more than a third``)."""
    shown = interval(claim)
    if shown in (claim["surface"], claim["number_text"]):
        return attr(claim["surface"])
    return f'{attr(claim["surface"])}<br><span class="meta">{attr(shown)}</span>'


def interval(claim: Mapping[str, Any]) -> str:
    """The claim's interval as written in mathematics: ``[32, 32]``, ``(341, ∞)``."""
    low, high = claim["low"], claim["high"]
    if low is not None and low == high:
        return _number(low)
    opening = "[" if low is not None and claim["low_inclusive"] else "("
    closing = "]" if high is not None and claim["high_inclusive"] else ")"
    return f"{opening}{'-∞' if low is None else _number(low)}, {'∞' if high is None else _number(high)}{closing}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.6g}"


def marked_sentence(claim: Mapping[str, Any]) -> str:
    """The sentence, escaped, with the quantity in ``<mark>``: where its span says, else where its text is."""
    sentence: str = claim["sentence"]
    surface: str = claim["surface"]
    start = claim["span"][0] - claim["sentence_start"]
    if not (0 <= start and sentence[start:start + len(surface)] == surface):
        start = sentence.find(surface) if surface else -1
    if start < 0:
        return attr(sentence)
    end = start + len(surface)
    return f"{attr(sentence[:start])}<mark>{attr(sentence[start:end])}</mark>{attr(sentence[end:])}"
