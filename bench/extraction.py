"""Benchmark: pytest_claims.extract vs raw quantulum3 on the public dev sets.

    python bench/extraction.py [--devsets PATH] [--set NAME] [--repeat N] [--details] [--json PATH]

Prints one GitHub-markdown table: value precision / recall / F1, qualifier
accuracy (over value-matched gold items) and time per dev set for both
systems, a micro-averaged total row, and the speed ratio. Scoring rules are in
bench/scoring.py. Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from scoring import (  # noqa: E402
    ERRORS_SET, SETS, Case, Pred, Score, load_errors, load_set, pred_from_quantity, pred_from_quantulum, qualifier_ok,
    run_safely, score_case, total, without_years,
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


def run(sets: dict[str, list[Case]], repeat: int) -> dict[str, Any]:
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


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devsets", type=Path, default=HERE.parent / ".." / "shared" / "devsets",
                        help="folder with recognizers-text/ and quantulum3/ (default: ../shared/devsets)")
    parser.add_argument("--set", choices=list(SETS), help="score only this dev set")
    parser.add_argument("--repeat", type=int, default=3, help="time each system best of N passes (default 3)")
    parser.add_argument("--details", action="store_true", help="list misses, false positives, lost items")
    parser.add_argument("--json", type=Path, help="also write all figures as JSON to this path")
    args = parser.parse_args(argv)

    devsets = args.devsets.resolve()
    names = [args.set] if args.set else list(SETS)
    missing = [str(devsets / SETS[n]) for n in names if not (devsets / SETS[n]).is_file()]
    if missing:
        print(f"bench: dev set files not found (use --devsets PATH): {', '.join(missing)}", file=sys.stderr)
        return 0
    sets = {n: load_set(devsets, n) for n in names}
    runs = run(sets, max(1, args.repeat))

    scores: dict[str, dict[str, Score]] = {}
    pairs: dict[str, dict[str, list]] = {}
    for system in SYSTEMS:
        scores[system], pairs[system] = {}, {}
        for n, cases in sets.items():
            scores[system][n], pairs[system][n] = evaluate(cases, runs[system]["preds"][n])

    error_crashes: dict[str, list[str]] = {}
    if (devsets / ERRORS_SET).is_file():
        error_inputs = load_errors(devsets)
        error_crashes = {s: [t for t in error_inputs if run_safely(fn, t)[1]] for s, (fn, _) in SYSTEMS.items()}
    ratio = runs["ours"]["total_time"] / runs["quantulum3"]["total_time"]
    if args.json:
        args.json.write_text(json.dumps(figures(sets, scores, runs, ratio, error_crashes), indent=2), encoding="utf-8")

    repeat = max(1, args.repeat)
    print(table(sets, scores, runs))
    print(f"\nSpeed: ours / quantulum3 = {ratio:.2f}x (ours {runs['ours']['total_time']:.2f} s, quantulum3 "
          f"{runs['quantulum3']['total_time']:.2f} s over {sum(map(len, sets.values()))} inputs, best of {repeat}).")
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
        print(details(sets, runs, pairs))
    return 0

if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")
        sys.exit(0)
