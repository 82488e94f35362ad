"""Benchmark: start-up of a fresh process, now and with the costs this project removed put back.

    python bench/startup.py [--repeat N]

Each row runs ``--repeat`` fresh interpreters (default 5) and keeps the best time of each step:
importing the plugin (what every pytest run pays, ``--claims`` or not) and reading the first
sentence (what a cold ``--claims`` run pays before its first quantity).

The baseline is the same code with the removed costs put back, where they used to be paid:
quantulum3 imported with the plugin, and inflect imported the ordinary way before the first
sentence, so that typeguard instruments its engine (pytest_claims.prose.quantulum explains why
ours is not). Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tabulate import tabulate

PROJECT = Path(__file__).resolve().parent.parent

_STEPS = """
import time
import warnings
warnings.simplefilter("ignore")
started = time.perf_counter()
{with_the_plugin}
import pytest_claims.plugin
imported = time.perf_counter()
{before_extraction}
from pytest_claims.prose.extraction import extract
extract("The offensive has killed more than 341 people, the Observatory said on Sunday.")
print(imported - started, time.perf_counter() - started)
"""
#: what the plugin used to import with itself, and what the first sentence used to import
_BASELINE = {"with_the_plugin": "import quantulum3.parser", "before_extraction": "import inflect"}
_NOW = {"with_the_plugin": "", "before_extraction": ""}


def _best(baseline: bool, repeat: int) -> tuple[float, float]:
    """Best (plugin import, first sentence) seconds over ``repeat`` fresh interpreters."""
    times = []
    for _ in range(repeat):
        script = _STEPS.format(**(_BASELINE if baseline else _NOW))
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT, check=True)
        plugin, first = (float(part) for part in run.stdout.split())
        times.append((plugin, first))
    return min(t[0] for t in times), min(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    before = _best(True, args.repeat)
    after = _best(False, args.repeat)
    rows = [[step, f"{old:.3f}", f"{new:.3f}", f"{new / old:.2f}x"]
            for step, old, new in zip(("import the plugin", "first extracted sentence"), before, after)]
    print(tabulate(rows, headers=["fresh process, best of %d" % args.repeat, "baseline s", "now s", "now / baseline"],
                   tablefmt="github"))


if __name__ == "__main__":
    main()
