"""Benchmark: how the time of each text reader grows on long hostile input.

    python bench/hostile_input.py [--repeat N]

Each reader runs on an input of n repetitions and of 4n repetitions, in the
same run; the table shows both times and their ratio. A linear reader gives a
ratio near 4, a quadratic one near 16. The tests feed the same inputs and
check the results; timing lives here because the machines are shared and
noisy. Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabulate import tabulate  # noqa: E402

from pytest_claims.prose.asof import as_of  # noqa: E402
from pytest_claims.prose.attribution import attribute_document, find_cues  # noqa: E402
from pytest_claims.prose.extraction import extract_sentence  # noqa: E402
from pytest_claims.prose.numerals import find_numerals  # noqa: E402
from pytest_claims.language.patterns import compile_pattern  # noqa: E402

PUBLISHED = date(2016, 11, 28)

# (reader, input family): the family maps a repetition count to one input.
CASES: list[tuple[str, str, Callable[[int], str], Callable[[str], object]]] = [
    ("as_of", "'on ' * n", lambda n: "on " * n, lambda s: as_of(s, PUBLISHED, (0, 1))),
    ("as_of", "'13 ' * n + 'November'", lambda n: "13 " * n + "November", lambda s: as_of(s, PUBLISHED, (0, 1))),
    ("as_of", "'2 ' * n + 'days ago'", lambda n: "2 " * n + "days ago", lambda s: as_of(s, PUBLISHED, (0, 1))),
    ("attribution", "'said ' * n", lambda n: "said " * n, lambda s: attribute_document([s, s])),
    ("attribution", "', said the UN ' * n", lambda n: ", said the UN " * n, lambda s: attribute_document([s, s])),
    ("attribution", "'according to ' * n", lambda n: "according to " * n, find_cues),
    ("numerals", "'one hundred and two thousand, ' * n", lambda n: "one hundred and two thousand, " * n,
     find_numerals),
    ("extraction", "'more than 1,000 people, ' * n", lambda n: "more than 1,000 people, " * n,
     lambda s: extract_sentence.__wrapped__(s)),
    ("rule pattern (ab?)+c", "'a ' * n + '!'", lambda n: "a " * n + "!",
     lambda s: compile_pattern("(ab?)+c").search(s)),
    ("rule pattern \\D*\\d+x", "'a' * n + '!'", lambda n: "a" * n + "!",
     lambda s: compile_pattern(r"\D*\d+x").search(s)),
]
SIZES = {"extraction": 40}  # quantulum3 is slow per token: a smaller n keeps the run short


def best_time(reader: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        reader(text)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per input (default 3)")
    parser.add_argument("--n", type=int, default=1000, help="repetitions in the small input (default 1000)")
    args = parser.parse_args(argv)
    rows = []
    for name, family, make, reader in CASES:
        n = SIZES.get(name, args.n)
        small = best_time(reader, make(n), max(1, args.repeat))
        large = best_time(reader, make(4 * n), max(1, args.repeat))
        rows.append([name, re.sub(r"\bn\b", str(n), family), f"{small:.4f}", f"{large:.4f}",
                     f"{large / small:.1f}" if small > 0 else "-"])
    print(tabulate(rows, ["reader", "input (n)", "n s", "4n s", "ratio (linear ≈ 4)"], tablefmt="github",
                   disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
