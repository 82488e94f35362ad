"""Where the project's files are, for every test: one place, wherever a test file sits."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
RULES = PROJECT / "rules"
DOCS = PROJECT / "docs"
README = PROJECT / "README.md"
BENCH = PROJECT / "bench"
TESTS = PROJECT / "tests"
#: example cases as data, one YAML file per topic
CASES = TESTS / "cases"
#: the second story, written from the README alone
EARTHQUAKE = TESTS / "corpora" / "earthquake"
NEWSROOM = TESTS / "corpora" / "newsroom"
GOLDEN = TESTS / "golden"
#: public extraction dev sets, beside the project when present (not in a clean clone)
DEVSETS = PROJECT.parent / "shared" / "devsets"
