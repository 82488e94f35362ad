"""Benchmark: pytest_claims.extract vs raw quantulum3 on the public dev sets.

    python bench/extraction.py [--devsets PATH] [--set NAME] [--repeat N] [--details] [--json PATH]

Prints one GitHub-markdown table: value precision / recall / F1, qualifier
accuracy (over value-matched gold items) and time per dev set for both
systems, a micro-averaged total row, and the speed ratio. A second table scores
the span-annotated sets (Recognizers-Text Currency, Dimension, Age,
Temperature) on their annotated spans: found, value and unit accuracy over
gold items. Scoring rules are in bench/scoring.py. Always exits 0: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import warnings
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from scoring import (  # noqa: E402
    ERRORS_SET, SETS, SPAN_SETS, Case, Pred, Score, SpanGold, SpanOutcome, SpanScore, SpanSet, amount, load_errors,
    load_set, load_span_set, pred_from_quantity, pred_from_quantulum, qualifier_ok, run_safely, score_case,
    score_spans, span_total, total, unmapped_units, without_years,
)
from tabulate import tabulate  # noqa: E402

import pytest_claims  # noqa: E402
import pytest_claims.prose.extraction  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
    from quantulum3 import parser as q3

System = Callable[[str], list[Pred]]


def ours(text: str) -> list[Pred]:
    return [pred_from_quantity(q) for q in pytest_claims.extract(text)]


def quantulum3(text: str) -> list[Pred]:
    return [pred_from_quantulum(q) for q in q3.parse(text)]


def _clear_our_cache() -> None:
    clear = getattr(pytest_claims.prose.extraction.extract_sentence, "cache_clear", None)
    if clear is not None:
        clear()


SYSTEMS: dict[str, tuple[System, Callable[[], None]]] = {
    "ours": (ours, _clear_our_cache),
    "quantulum3": (quantulum3, lambda: None),
}

NOTES = (
    "Values match one-to-one per input (exact maximum matching); a gold range must match at both ends, "
    "a gold point or bound matches the written value. Qualifier acc = share of value-matched gold items "
    "whose prediction states the same interval shape (point / more than / at least / less than / up to / "
    "range); inclusivity is not scored for two-sided ranges (Recognizers writes \"between 20 and 30\" as "
    "[20,30)). quantulum3's own gold has no qualifiers (\"up to 4,000 km\" is a point there), so on its sets qualifier "
    "acc only checks that points stay points. quantulum3 gold in dozen / baker's dozen / gross is counted as items "
    "(\"a dozen\" = 12); raw quantulum3 reports 1 dozen, so it loses those."
)


SPAN_NOTES = (
    "Span sets: each annotates only the quantities of its own type (the money of a sentence, not the \"15 %\" "
    "beside it), so predictions are scored only where they overlap an annotated span; there is no precision. "
    "found = a prediction overlaps the gold span, one to one (of all assignments, the one with most items found, "
    "then most right values, then most right units). value = its written value equals the resolved value (a range "
    "also when either end does: \"40 - 50 years old\" is annotated as 50); no unit conversion (\"12 cents\" is 12 "
    "Cent). unit = its unit name is one bench/scoring.py's UNIT_NAMES lists for the gold unit (\"Dollar\" -> dollar "
    "or united states dollar; \"C\" -> degree Celsius; a temperature's bare \"Degree\" -> either scale, not an "
    "angle). Rates are over all gold items, counts in brackets. Not scored: annotations without a number (the "
    "\"fahrenheit\" of \"convert 10 celsius to fahrenheit\")."
)


def run(sets: Mapping[str, Sequence[tuple[str, Any]]], repeat: int) -> dict[str, Any]:
    """Predictions (first pass), crashes and best-of-``repeat`` times of each system on each set."""
    result: dict[str, Any] = {}
    for name, (system, reset) in SYSTEMS.items():
        run_safely(system, "warm up: 3 km")  # lazy loading is not timed
        preds: dict[str, list[list[Pred]]] = {}
        crashes: dict[str, list[tuple[str, str]]] = {s: [] for s in sets}
        set_times: dict[str, list[float]] = {s: [] for s in sets}
        totals: list[float] = []
        for r in range(repeat):
            reset()
            for set_name, cases in sets.items():
                start = time.perf_counter()
                outputs = [run_safely(system, text) for text, _ in cases]
                set_times[set_name].append(time.perf_counter() - start)
                if r == 0:
                    preds[set_name] = [p for p, _ in outputs]
                    crashes[set_name] = [(text, err) for (text, _), (_, err) in zip(cases, outputs) if err]
            totals.append(sum(t[-1] for t in set_times.values()))
        result[name] = {"preds": preds, "crashes": crashes, "total_time": min(totals),
                        "times": {s: min(t) for s, t in set_times.items()}}
    return result


def evaluate(cases: list[Case], preds: list[list[Pred]]) -> tuple[Score, list[list[tuple[int, int]]]]:
    scored = [score_case(gold, p) for (_, gold), p in zip(cases, preds)]
    return total(s for s, _ in scored), [pairs for _, pairs in scored]


def _cell(score: Score) -> list[str]:
    return [f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
            f"{score.qualifier_accuracy:.3f} ({score.matched})"]


def table(sets: dict[str, list[Case]], scores: dict[str, dict[str, Score]], runs: dict[str, Any]) -> str:
    headers = ["dev set", "inputs", "gold"]
    for system in SYSTEMS:
        headers += [f"{system} P", f"{system} R", f"{system} F1", f"{system} qual acc (n)", f"{system} s"]
    rows = []
    for set_name, cases in sets.items():
        row = [set_name, len(cases), sum(len(g) for _, g in cases)]
        for system in SYSTEMS:
            row += _cell(scores[system][set_name]) + [f"{runs[system]['times'][set_name]:.2f}"]
        rows.append(row)
    row = ["**all (micro)**", sum(r[1] for r in rows), sum(r[2] for r in rows)]
    for system in SYSTEMS:
        row += _cell(total(scores[system].values())) + [f"{runs[system]['total_time']:.2f}"]
    rows.append(row)
    align = ("left",) + ("right",) * (len(headers) - 1)
    return tabulate(rows, headers, tablefmt="github", disable_numparse=True, colalign=align)


def details(sets: dict[str, list[Case]], runs: dict[str, Any], pairs: dict[str, dict[str, list]]) -> str:
    lines: list[str] = []
    lost: list[str] = []
    for set_name, cases in sets.items():
        misses, false_pos, wrong_qual = [], [], []
        for k, (text, gold) in enumerate(cases):
            mine = dict(pairs["ours"][set_name][k])
            theirs = dict(pairs["quantulum3"][set_name][k])
            p_ours = runs["ours"]["preds"][set_name][k]
            p_q3 = runs["quantulum3"]["preds"][set_name][k]
            said = f"    ours: {', '.join(map(str, p_ours)) or '-'}\n    quantulum3: {', '.join(map(str, p_q3)) or '-'}"
            for i, g in enumerate(gold):
                if i not in mine:
                    misses.append(f"  {text!r}\n    gold {g}  (quantulum3 {'matched' if i in theirs else 'missed'})\n{said}")
                    if i in theirs:
                        lost.append(f"  [{set_name}] {text!r}: gold {g}; quantulum3 {p_q3[theirs[i]]}; "
                                    f"ours: {', '.join(map(str, p_ours)) or '-'}")
                elif not qualifier_ok(g, p_ours[mine[i]]):
                    wrong_qual.append(f"  {text!r}: gold {g}; ours {p_ours[mine[i]]}")
            used = set(mine.values())
            false_pos += [f"  {text!r}: {p}" for j, p in enumerate(p_ours) if j not in used]
        lines.append(f"\n## {set_name}\n\n### misses (gold ours did not match): {len(misses)}")
        lines += misses
        lines.append(f"\n### false positives (ours): {len(false_pos)}")
        lines += false_pos
        lines.append(f"\n### value matched, qualifier wrong (ours): {len(wrong_qual)}")
        lines += wrong_qual
        for system in SYSTEMS:
            for text, err in runs[system]["crashes"][set_name]:
                lines.append(f"  CRASH {system}: {text!r}: {err}")
    lines.append(f"\n## quantulum3 right, ours wrong: {len(lost)}")
    lines += lost or ["  (none)"]
    return "\n".join(lines)


def figures(sets: dict[str, list[Case]], scores: dict[str, dict[str, Score]], runs: dict[str, Any],
            ratio: float, error_crashes: dict[str, list[str]]) -> dict[str, Any]:
    """All figures of a run as plain JSON-able data."""

    def entry(score: Score, seconds: float) -> dict[str, Any]:
        return {**asdict(score), "precision": score.precision, "recall": score.recall, "f1": score.f1,
                "qualifier_accuracy": score.qualifier_accuracy, "seconds": seconds}

    return {
        "sets": {n: {"inputs": len(c), "gold": sum(len(g) for _, g in c),
                     **{s: {**entry(scores[s][n], runs[s]["times"][n]), "crashes": runs[s]["crashes"][n]}
                        for s in SYSTEMS}}
                 for n, c in sets.items()},
        "total": {s: entry(total(scores[s].values()), runs[s]["total_time"]) for s in SYSTEMS},
        "speed_ratio_ours_over_quantulum3": ratio,
        "errors_json_crashes": error_crashes,
    }


# ---------------------------------------------------------------- span-annotated sets

def evaluate_spans(span_set: SpanSet, preds: list[list[Pred]]) -> tuple[SpanScore, list[list[SpanOutcome]]]:
    scored = [score_spans(gold, p) for (_, gold), p in zip(span_set.cases, preds)]
    return span_total(s for s, _ in scored), [outcomes for _, outcomes in scored]


def _span_cell(score: SpanScore) -> list[str]:
    return [f"{score.recall:.3f} ({score.found})", f"{score.value_accuracy:.3f} ({score.value_ok})",
            f"{score.unit_accuracy:.3f} ({score.unit_ok})"]


def span_table(span_sets: dict[str, SpanSet], scores: dict[str, dict[str, SpanScore]],
               runs: dict[str, Any]) -> str:
    headers = ["dev set", "inputs", "gold items", "not scored"]
    for system in SYSTEMS:
        headers += [f"{system} found (n)", f"{system} value acc (n)", f"{system} unit acc (n)", f"{system} s"]
    rows = []
    for set_name, span_set in span_sets.items():
        row = [set_name, len(span_set.cases), span_set.gold, len(span_set.skipped)]
        for system in SYSTEMS:
            row += _span_cell(scores[system][set_name]) + [f"{runs[system]['times'][set_name]:.2f}"]
        rows.append(row)
    row = ["**all (micro)**", *(sum(r[k] for r in rows) for k in (1, 2, 3))]
    for system in SYSTEMS:
        row += _span_cell(span_total(scores[system].values())) + [f"{runs[system]['total_time']:.2f}"]
    rows.append(row)
    align = ("left",) + ("right",) * (len(headers) - 1)
    return tabulate(rows, headers, tablefmt="github", disable_numparse=True, colalign=align)


def _said(pred: Pred) -> str:
    """A prediction as the span details print it: value, range, unit, qualifier, surface."""
    ends = f" [{amount(pred.low)}-{amount(pred.high)}]" if (
        pred.qualifier == "range" and pred.low is not None and pred.high is not None) else ""
    unit = pred.unit if pred.unit and pred.unit != "dimensionless" else "(no unit)"
    qualifier = f" {pred.qualifier}" if pred.qualifier and pred.qualifier != "range" else ""
    return f"{amount(pred.value)}{ends} {unit}{qualifier} {pred.surface!r}"


def _verdict(outcome: SpanOutcome) -> str:
    if not outcome.found:
        return "missed"
    wrong = [what for what, ok in (("value", outcome.value_ok), ("unit", outcome.unit_ok)) if not ok]
    return " and ".join(wrong) + " wrong" if wrong else "right"


CONTEXT = 60  # characters of the input shown either side of a gold span


def _window(text: str, gold: SpanGold) -> tuple[int, int]:
    return max(0, gold.start - CONTEXT), min(len(text), gold.end + CONTEXT)


def _context(text: str, gold: SpanGold) -> str:
    start, end = _window(text, gold)
    return f"{'…' * (start > 0)}{' '.join(text[start:end].split())}{'…' * (end < len(text))}"


def _what(text: str, gold: SpanGold, preds: list[Pred], outcome: SpanOutcome) -> str:
    """What a system produced for a gold item: its prediction there, or what it read near the span."""
    if outcome.pred is not None:
        return f"{_said(preds[outcome.pred])}  ({_verdict(outcome)})"
    start, end = _window(text, gold)
    near = [_said(p) for p in preds if p.span is not None and p.span[0] < end and start < p.span[1]]
    return f"missed; nearby: {'; '.join(near)}" if near else "missed; nothing nearby"


def _failure_kind(gold: SpanGold, outcome: SpanOutcome, preds: list[Pred]) -> list[str]:
    """Why ours failed on a gold item, grouped so that the commonest causes add up."""
    if outcome.pred is None:
        return [f"missed: {gold.type} {gold.unit}"]
    pred = preds[outcome.pred]
    kinds = []
    if not outcome.value_ok:
        ratio = pred.value / gold.value if gold.value else 0.0
        power = math.log10(abs(ratio)) if ratio else 0.5
        inside = pred.span is not None and gold.start <= pred.span[0] and pred.span[1] <= gold.end and (
            pred.span[1] - pred.span[0] < gold.end - gold.start)
        kinds.append("value off by a power of ten (a scale missed or doubled)" if ratio > 0 and power == round(power)
                     else "value: read from part of the annotated span" if inside
                     else "value: another number than the gold")
    if not outcome.unit_ok:
        unit = pred.unit if pred.unit and pred.unit != "dimensionless" else "no unit"
        kinds.append(f"unit: {gold.type} {gold.unit} read as {unit}")
    return kinds


def _coarse(kind: str) -> str:
    """A failure kind without its units: "unit: currency Pence read as no unit" -> "unit: read as no unit"."""
    if kind.startswith("missed"):
        return "missed (no prediction overlaps the span)"
    if kind.startswith("unit:"):
        return "unit: read as no unit" if kind.endswith(" read as no unit") else "unit: read as another unit"
    return kind


def span_details(span_sets: dict[str, SpanSet], runs: dict[str, Any],
                 outcomes: dict[str, dict[str, list[list[SpanOutcome]]]]) -> str:
    """Per span set: the gold items ours missed or got the wrong value or unit for, with what each system
    produced; then why ours failed, by kind; then the items quantulum3 gets right and ours does not."""
    lines: list[str] = []
    lost: list[str] = []
    kinds: Counter[str] = Counter()
    for set_name, span_set in span_sets.items():
        groups: dict[str, list[str]] = {"missed": [], "wrong value": [], "wrong unit": []}
        for k, (text, gold) in enumerate(span_set.cases):
            p_ours = runs["ours"]["preds"][set_name][k]
            p_q3 = runs["quantulum3"]["preds"][set_name][k]
            for i, g in enumerate(gold):
                mine, theirs = outcomes["ours"][set_name][k][i], outcomes["quantulum3"][set_name][k][i]
                if mine.right:
                    continue
                kinds.update(_failure_kind(g, mine, p_ours))
                entry = (f"  {_context(text, g)!r}\n      gold        {g}\n"
                         f"      ours        {_what(text, g, p_ours, mine)}\n"
                         f"      quantulum3  {_what(text, g, p_q3, theirs)}")
                if not mine.found:
                    groups["missed"].append(entry)
                if mine.found and not mine.value_ok:
                    groups["wrong value"].append(entry)
                if mine.found and not mine.unit_ok:
                    groups["wrong unit"].append(entry)
                if theirs.right and theirs.pred is not None:
                    lost.append(f"  [{set_name}] {_context(text, g)!r}\n      gold {g}; quantulum3 "
                                f"{_said(p_q3[theirs.pred])}; ours {_what(text, g, p_ours, mine)}")
        lines.append(f"\n## {set_name} (span-annotated)")
        for title, entries in groups.items():
            lines.append(f"\n### {title} (ours): {len(entries)}")
            lines += entries
        if span_set.skipped:
            lines.append(f"\n### annotations not scored: {len(span_set.skipped)}")
            lines += [f"  {s.text!r} in {s.input[:80]!r}: {s.reason}" for s in span_set.skipped]
        for system in SYSTEMS:
            for text, err in runs[system]["crashes"][set_name]:
                lines.append(f"  CRASH {system}: {text!r}: {err}")
    coarse: Counter[str] = Counter()
    for kind, n in kinds.items():
        coarse[_coarse(kind)] += n
    lines.append(f"\n## span sets: why ours fails, by kind ({sum(kinds.values())} failures)")
    lines += [f"  {n:4d}  {kind}" for kind, n in coarse.most_common()] or ["  (none)"]
    lines.append("\n### in detail")
    lines += [f"  {n:4d}  {kind}" for kind, n in kinds.most_common()] or ["  (none)"]
    lines.append(f"\n## span sets: quantulum3 right, ours wrong: {len(lost)}")
    lines += lost or ["  (none)"]
    return "\n".join(lines)


def span_figures(span_sets: dict[str, SpanSet], scores: dict[str, dict[str, SpanScore]],
                 runs: dict[str, Any]) -> dict[str, Any]:
    """The span sets' figures as plain JSON-able data."""

    def entry(score: SpanScore, seconds: float) -> dict[str, Any]:
        return {**asdict(score), "recall": score.recall, "value_accuracy": score.value_accuracy,
                "unit_accuracy": score.unit_accuracy, "seconds": seconds}

    return {
        "span_sets": {n: {"inputs": len(s.cases), "gold": s.gold,
                          "not_scored": [asdict(skipped) for skipped in s.skipped],
                          **{system: {**entry(scores[system][n], runs[system]["times"][n]),
                                      "crashes": runs[system]["crashes"][n]} for system in SYSTEMS}}
                      for n, s in span_sets.items()},
        "span_total": {system: entry(span_total(scores[system].values()), runs[system]["total_time"])
                       for system in SYSTEMS},
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devsets", type=Path, default=HERE.parent / ".." / "shared" / "devsets",
                        help="folder with recognizers-text/ and quantulum3/ (default: ../shared/devsets)")
    parser.add_argument("--set", choices=[*SETS, *SPAN_SETS], help="score only this dev set")
    parser.add_argument("--repeat", type=int, default=3, help="time each system best of N passes (default 3)")
    parser.add_argument("--details", action="store_true", help="list misses, false positives, lost items")
    parser.add_argument("--json", type=Path, help="also write all figures as JSON to this path")
    args = parser.parse_args(argv)

    devsets = args.devsets.resolve()
    names = [args.set] if args.set else [*SETS, *SPAN_SETS]
    paths = {n: devsets / (SETS[n] if n in SETS else SPAN_SETS[n]) for n in names}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        print(f"bench: dev set files not found (use --devsets PATH): {', '.join(missing)}", file=sys.stderr)
        return 0
    repeat = max(1, args.repeat)
    sets = {n: load_set(devsets, n) for n in names if n in SETS}
    span_sets = {n: load_span_set(paths[n]) for n in names if n in SPAN_SETS}
    data: dict[str, Any] = {}
    reports: list[str] = []

    error_inputs: list[str] = []
    error_crashes: dict[str, list[str]] = {}
    if (devsets / ERRORS_SET).is_file():
        error_inputs = load_errors(devsets)
        error_crashes = {s: [t for t in error_inputs if run_safely(fn, t)[1]] for s, (fn, _) in SYSTEMS.items()}
    data["errors_json_crashes"] = error_crashes

    if sets:
        runs = run(sets, repeat)
        scores: dict[str, dict[str, Score]] = {}
        pairs: dict[str, dict[str, list]] = {}
        for system in SYSTEMS:
            scores[system], pairs[system] = {}, {}
            for n, cases in sets.items():
                scores[system][n], pairs[system][n] = evaluate(cases, runs[system]["preds"][n])
        ratio = runs["ours"]["total_time"] / runs["quantulum3"]["total_time"]
        data.update(figures(sets, scores, runs, ratio, error_crashes))
        print(table(sets, scores, runs))
        print(f"\nSpeed: ours / quantulum3 = {ratio:.2f}x (ours {runs['ours']['total_time']:.2f} s, quantulum3 "
              f"{runs['quantulum3']['total_time']:.2f} s over {sum(map(len, sets.values()))} inputs, "
              f"best of {repeat}).")
        crashes = {s: sum(len(c) for c in runs[s]["crashes"].values()) for s in SYSTEMS}
        print("Crashes on scored inputs (counted as no predictions): "
              + ", ".join(f"{s} {n}" for s, n in crashes.items()) + ".")
        if error_crashes:
            print(f"errors.json ({len(error_inputs)} inputs that must not crash): "
                  + ", ".join(f"{s} crashed on {len(v)}" for s, v in error_crashes.items()) + ".")
        years = {n: sum(len(g) for _, g in c) - sum(len(g) for _, g in without_years(c)) for n, c in sets.items()}
        if any(years.values()):
            no_year_sets = {n: without_years(c) for n, c in sets.items() if years[n]}
            no_year_scores = {system: {n: evaluate(c, runs[system]["preds"][n])[0] for n, c in no_year_sets.items()}
                              for system in SYSTEMS}
            rows = [[n, years[n], *(f"{no_year_scores[s][n].f1:.3f}" for s in SYSTEMS)] for n in no_year_sets]
            print("\nWith years taken out of the gold (pytest-claims reads years as dates, not quantities; a "
                  "system that reports them then counts a false positive):\n")
            print(tabulate(rows, ["dev set", "years removed", *(f"{s} F1" for s in SYSTEMS)], tablefmt="github",
                           disable_numparse=True, colalign=("left", "right", "right", "right")))
        print(f"\n{NOTES}")
        if args.details:
            reports.append(details(sets, runs, pairs))

    if span_sets:
        span_runs = run({n: s.cases for n, s in span_sets.items()}, repeat)
        span_scores: dict[str, dict[str, SpanScore]] = {}
        outcomes: dict[str, dict[str, list[list[SpanOutcome]]]] = {}
        for system in SYSTEMS:
            span_scores[system], outcomes[system] = {}, {}
            for n, span_set in span_sets.items():
                span_scores[system][n], outcomes[system][n] = evaluate_spans(span_set, span_runs[system]["preds"][n])
        data.update(span_figures(span_sets, span_scores, span_runs))
        print(f"{chr(10) if sets else ''}The span-annotated sets, scored on their annotated spans (no precision):\n")
        print(span_table(span_sets, span_scores, span_runs))
        skipped = Counter(f"{n}: {s.reason}" for n, span_set in span_sets.items() for s in span_set.skipped)
        if skipped:
            print("\nNot scored: " + "; ".join(f"{why} ({count})" for why, count in skipped.items()) + ".")
        unmapped = unmapped_units(case for span_set in span_sets.values() for case in span_set.cases)
        if unmapped:
            print("Gold units UNIT_NAMES does not list (compared by their own lower-cased name): "
                  + ", ".join(f"{t} {u!r}" for t, u in sorted(unmapped)) + ".")
        span_crashes = {s: sum(len(c) for c in span_runs[s]["crashes"].values()) for s in SYSTEMS}
        print("Crashes on span-set inputs (counted as no predictions): "
              + ", ".join(f"{s} {n}" for s, n in span_crashes.items()) + ".")
        print(f"\n{SPAN_NOTES}")
        if args.details:
            reports.append(span_details(span_sets, span_runs, outcomes))

    if error_crashes and not sets:
        print(f"\nerrors.json ({len(error_inputs)} inputs that must not crash): "
              + ", ".join(f"{s} crashed on {len(v)}" for s, v in error_crashes.items()) + ".")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    for report in reports:
        print(report)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")
        sys.exit(0)
