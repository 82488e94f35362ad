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
from pytest_claims.prose.extraction import extract_by_sentence, extract_sentence  # noqa: E402
from pytest_claims.prose.numerals import find_numerals  # noqa: E402
from pytest_claims.language.patterns import compile_pattern  # noqa: E402
from pytest_claims.records.model import Document  # noqa: E402

PUBLISHED = date(2016, 11, 28)


def rule_pattern(pattern: str) -> Callable[[str], object]:
    """A rule's ``pattern:`` as the selector runs it, compiled once (outside the timing)."""
    return compile_pattern(pattern).search


def lines_of_sentences(text: str) -> list[int]:
    """The line of every sentence (each 19 characters) of a fresh document, as claims take theirs: the line
    starts are found once, then each line is a binary search."""
    document = Document("/bench/long.txt", "long.txt", text)
    return [document.line_of(start) for start in range(0, len(text), 19)]


def extract_afresh(text: str) -> object:
    """``extract_by_sentence`` without the sentence cache: each repeat reads the text again."""
    extract_sentence.cache_clear()
    return extract_by_sentence(text)


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
    ("line_of", "'The talks went on. ' * n on one line", lambda n: "The talks went on. " * n, lines_of_sentences),
    ("limits: numbers", "'Counts were ' + '1 ' * n", lambda n: "Counts were " + "1 " * n + ".",
     extract_afresh),
    ("limits: digits", "'It cost ' + '7' * n", lambda n: "It cost " + "7" * n + " dollars.", extract_afresh),
    ("limits: sentence length", "'long ' * n + '5 people.'", lambda n: "The " + "long " * n + "story had 5 people.",
     extract_afresh),
    # rule patterns that backtrack for hours in Python's re, on RE2; 25 * n characters: 100 KB at 4n for n = 1000
    ("rule pattern (a|aa)*$", "'a' * 25 * n + '!'", lambda n: "a" * 25 * n + "!", rule_pattern(r"(a|aa)*$")),
    ("rule pattern (ab?)+c", "'a ' * 12 * n + '!'", lambda n: "a " * 12 * n + "!", rule_pattern(r"(ab?)+c")),
    ("rule pattern \\D*\\d+x", "'a' * 25 * n + '!'", lambda n: "a" * 25 * n + "!", rule_pattern(r"\D*\d+x")),
    ("rule pattern (.{0,20}){5}x", "'a' * 25 * n", lambda n: "a" * 25 * n, rule_pattern(r"(.{0,20}){5}x")),
    ("rule pattern \\s*,?\\s*x", "' ' * 25 * n", lambda n: " " * 25 * n, rule_pattern(r"\s*,?\s*x")),
]
# quantulum3 is slow per token: a smaller n keeps the run short; a sentence of 4n = 20,000 characters would pass
# the limit (and be skipped), so the long sentence's n stays under it
SIZES = {"extraction": 40, "limits: sentence length": 900}


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
