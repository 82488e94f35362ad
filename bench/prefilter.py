"""Benchmark: how many sentences skip quantulum3, and what that saves, on the seeds and the dev sets.

    python bench/prefilter.py [--devsets PATH] [--repeat N]

For each corpus, one row: its sentences, the share the prefilter skips (no number can be in them),
the share read as plain numbers without quantulum3, the share still sent to quantulum3, and the
time to extract every sentence the long way (``shortcuts=False``) and with the shortcuts, best of
``--repeat`` passes (default 3) with extraction's cache emptied before each, side by side. Both
ways give the same quantities (tests/unit/prose/test_shortcuts.py). Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tabulate import tabulate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pytest_claims.prose import quantulum  # noqa: E402
from pytest_claims.prose.extraction import extract_sentence, may_hold_number  # noqa: E402
from pytest_claims.prose.sentences import split_sentences  # noqa: E402


def corpora(devsets: Path) -> dict[str, list[str]]:
    """Sentences by corpus: the seed documents, then each dev set's inputs."""
    found = {"seeds": [s.text for path in sorted((HERE.parent / "seeds").glob("*.txt"))
                       for s in split_sentences(path.read_text(encoding="utf-8"))]}
    for path in sorted(devsets.glob("*/*.json")):
        entries = json.loads(path.read_text(encoding="utf-8-sig"))
        inputs = [entry.get("Input", entry.get("req")) if isinstance(entry, dict) else entry for entry in entries]
        found[path.stem] = [s.text for text in inputs if isinstance(text, str) for s in split_sentences(text)]
    return found


def best_time(sentences: list[str], shortcuts: bool, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        extract_sentence.cache_clear()
        started = time.perf_counter()
        for sentence in sentences:
            extract_sentence(sentence, shortcuts)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=HERE.parent.parent / "shared" / "devsets")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    extract_sentence("Warm up: 3 km in an hour.", False)  # quantulum3's tables load outside the timing
    rows, totals = [], [0, 0, 0, 0.0, 0.0]
    for name, sentences in corpora(args.devsets).items():
        skipped = sum(not may_hold_number(s) for s in sentences)
        plain = sum(may_hold_number(s) and quantulum.plain_numbers(s) is not None for s in sentences)
        slow, fast = best_time(sentences, False, args.repeat), best_time(sentences, True, args.repeat)
        rows.append([name, len(sentences), f"{skipped / len(sentences):.0%}", f"{plain / len(sentences):.0%}",
                     f"{(len(sentences) - skipped - plain) / len(sentences):.0%}", f"{slow:.3f}", f"{fast:.3f}",
                     f"{fast / slow:.2f}x"])
        for i, value in enumerate((len(sentences), skipped, plain, slow, fast)):
            totals[i] += value
    count, skipped, plain, slow, fast = totals
    rows.append(["**all**", count, f"{skipped / count:.0%}", f"{plain / count:.0%}",
                 f"{(count - skipped - plain) / count:.0%}", f"{slow:.3f}", f"{fast:.3f}", f"{fast / slow:.2f}x"])
    print(tabulate(rows, headers=["corpus", "sentences", "skipped", "plain", "to quantulum3", "long way s",
                                  "shortcuts s", "shortcuts / long way"], tablefmt="github"))


if __name__ == "__main__":
    main()
