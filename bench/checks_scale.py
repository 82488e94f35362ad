"""Benchmark: the dated checks on many claims, swept against the all-pairs checks they replaced.

    python bench/checks_scale.py [--claims N] [--small 2000,10000] [--days D]

Synthetic claims of one falling figure ("people trapped"), reported over
``--days`` days in every shape extraction gives (points, "about" bands with
fractional ends, "more than" and "up to" bounds), go through two real rules
loaded from YAML text, a ``trend`` rule and an ``agreement`` rule, with
``engine.evaluate.evaluate_rule`` (selecting the claims, checking dates, the
check, the verdict). First, on the small sizes, the swept check beside the
all-pairs reference (``tests/helpers/allpairs``, the checks as they were) on
the same noisy claims: both CPU times, their ratio, and whether the verdicts
agree. Then the full size through ``evaluate_rule``, swept only (all pairs of
a million claims would take days), on consistent claims (both rules pass) and
on noisy ones (most claims in contradiction: the worst case for listing).
Wall-clock and CPU seconds are both shown, as the machine may be shared.
Always exits 0: this is a measurement, not a test; the tests check the
verdicts, on random claims against the same reference.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE.parent / "tests"))

from helpers.allpairs import agreement_all_pairs, trend_all_pairs  # noqa: E402
from helpers.claims import make_claim  # noqa: E402
from tabulate import tabulate  # noqa: E402

from pytest_claims.engine.evaluate import evaluate_rule, select_groups  # noqa: E402
from pytest_claims.records.model import Claim, Quantity, Verdict  # noqa: E402
from pytest_claims.rulefile.load import load_rule_file  # noqa: E402
from pytest_claims.rulefile.rule import Rule  # noqa: E402

TREND_RULE = """\
name: trapped-population-falls
select:
  counts: [people]
  kind: count
check: trend
direction: non-increasing
"""
AGREEMENT_RULE = """\
name: trapped-population-estimates-agree
select:
  counts: [people]
  kind: count
check: agreement
within_days: 3
tolerance: 15%
"""
FIRST_DAY = date(2016, 1, 1)
CLAIMS_PER_DOCUMENT = 20

T = TypeVar("T")


def load_rule(text: str) -> Rule:
    """A rule from its YAML text, through the rule-file loader (it reads files)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rule.yaml"
        path.write_text(text, encoding="utf-8")
        [rule] = load_rule_file(path)
    return rule


def synthetic_claims(count: int, days: int, noisy: bool, seed: int = 10) -> list[Claim]:
    """``count`` claims of a figure falling from 300,000 over ``days`` days, in document order.

    Consistent claims follow the figure exactly, so both rules pass on them;
    noisy ones scatter by up to 8% around it (every later figure above an
    earlier one breaks the trend) and one in a thousand is three times too
    large (a misread figure, which breaks agreement with its neighbours).
    One real claim is the template; each claim is a copy with its own quantity,
    span, document and date, built by filling the frozen records' fields
    directly (a million dataclasses through __init__ take minutes).
    """
    rng = random.Random(seed)
    template = make_claim("About 250,000 people are trapped, the UN said.", "250,000", source="UN")
    quantity_fields, claim_fields = dict(vars(template.quantity)), dict(vars(template))
    dates = [FIRST_DAY + timedelta(days=k) for k in range(days)]
    claims = []
    for i in range(count):
        day = rng.randrange(days)
        value = round(300_000 - 150_000 * day / days)
        if noisy:
            value = round(value * rng.uniform(0.92, 1.08)) * (3 if rng.random() < 0.001 else 1)
        shape = rng.random()
        low: float | None = float(value)
        high: float | None = float(value)
        low_closed = high_closed = True
        if shape < 0.4:  # "about": a band with fractional ends
            low, high = value * 0.9, value * 1.1
        elif shape < 0.5:  # "more than"
            high, low_closed, high_closed = None, False, False
        elif shape < 0.55:  # "up to"
            low = 0.0
        quantity = object.__new__(Quantity)
        vars(quantity).update(quantity_fields, value=float(value), low=low, high=high, low_inclusive=low_closed,
                              high_inclusive=high_closed, span=(10 * i, 10 * i + 7))
        document = f"{i // CLAIMS_PER_DOCUMENT:06d}.txt"
        claim = object.__new__(Claim)
        vars(claim).update(claim_fields, quantity=quantity, document=document, path=f"/archive/{document}",
                           date=dates[day], as_of=dates[day])
        claims.append(claim)
    return claims


def timed(work: Callable[[], T]) -> tuple[float, float, T]:
    """Wall-clock and CPU seconds of ``work`` (the machine may be shared: CPU time is what the work cost)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def summary(verdict: Verdict) -> str:
    if verdict.passed:
        return "passed"
    found = len(verdict.violations) + verdict.unlisted
    return f"{found:,} contradictions ({len(verdict.violations)} listed)"


def side_by_side(sizes: list[int], days: int) -> list[dict[str, object]]:
    """The swept checks beside the all-pairs reference, on the same noisy claims (CPU seconds)."""
    trend, agreement = load_rule(TREND_RULE), load_rule(AGREEMENT_RULE)
    rows = []
    for size in sizes:
        claims = synthetic_claims(size, days, noisy=True)
        selected = select_groups(trend, claims)["claims"]

        _, reference, (pairs, _) = timed(lambda: trend_all_pairs("non-increasing", selected))
        _, swept, verdict = timed(lambda: evaluate_rule(trend, claims))
        same = len(pairs) == len(verdict.violations) + verdict.unlisted
        rows.append(["trend", f"{size:,}", f"{reference:.2f}", f"{swept:.3f}", f"{reference / swept:,.0f}x",
                     "yes" if same else "NO", summary(verdict)])

        _, reference, (dated, contradicting, _) = timed(lambda: agreement_all_pairs(3, 0.15, selected))
        _, swept, verdict = timed(lambda: evaluate_rule(agreement, claims))
        named = {claim.key for violation in verdict.violations for claim in violation.claims}
        involved = {dated[i].key for pair in contradicting for i in pair}
        counted = len(verdict.violations) + verdict.unlisted
        same = verdict.passed == (not contradicting) and named <= involved and counted == len(contradicting)
        rows.append(["agreement", f"{size:,}", f"{reference:.2f}", f"{swept:.3f}", f"{reference / swept:,.0f}x",
                     "yes" if same else "NO", summary(verdict)])
    print("all pairs (the checks before issue 10) and swept, on the same claims, CPU seconds:")
    names = ["rule", "claims", "all_pairs_seconds", "swept_seconds", "speed_up", "same_verdict", "verdict"]
    saved: list[dict[str, object]] = [dict(zip(names, row)) for row in rows]
    print(tabulate(rows, headers=["rule", "claims", "all pairs", "swept", "speed-up", "same verdict",
                                  "swept verdict"], tablefmt="simple", disable_numparse=True))
    return saved


def full_size(count: int, days: int) -> list[dict[str, object]]:
    """Both rules through evaluate_rule on ``count`` consistent and ``count`` noisy claims."""
    rows = []
    saved: list[dict[str, object]] = []
    for noisy in (False, True):
        data = "noisy" if noisy else "consistent"
        print(f"\nbuilding {count:,} {data} claims over {days:,} days ...", flush=True)
        build, _, claims = timed(lambda: synthetic_claims(count, days, noisy))
        print(f"built in {build:.1f} s (not timed below)", flush=True)
        for text in (TREND_RULE, AGREEMENT_RULE):
            rule = load_rule(text)
            gc.collect()
            _, select, groups = timed(lambda: select_groups(rule, claims))
            _, check, _ = timed(lambda: rule.check.evaluate(groups))
            wall, cpu, verdict = timed(lambda: evaluate_rule(rule, claims))
            rows.append([rule.check.name, data, f"{count:,}", f"{wall:.1f}", f"{cpu:.1f}", f"{select:.1f}",
                         f"{check:.1f}", summary(verdict)])
            saved.append({"rule": rule.check.name, "data": data, "claims": count, "wall_seconds": wall,
                          "cpu_seconds": cpu, "select_cpu_seconds": select, "check_cpu_seconds": check,
                          "verdict": summary(verdict)})
    print(f"\n{count:,} claims through evaluate_rule (selecting, checking dates, the check, the verdict):")
    print(tabulate(rows, headers=["rule", "claims", "how many", "wall s", "CPU s", "of which select (CPU s)",
                                  "check alone (CPU s)", "verdict"], tablefmt="simple", disable_numparse=True))
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims for the full-size run")
    parser.add_argument("--small", default="2000,10000", help="sizes to time beside the all-pairs reference")
    parser.add_argument("--days", type=int, default=2000, help="days the claims are spread over")
    parser.add_argument("--json", type=Path, help="also save the figures here (bench/results/checks_scale.json)")
    args = parser.parse_args()
    small = side_by_side([int(size) for size in args.small.split(",") if size], args.days)
    full = full_size(args.claims, args.days)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"days": args.days, "side_by_side": small, "full_size": full}, indent=2)
                             + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
