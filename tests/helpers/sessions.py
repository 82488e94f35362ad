"""What the whole-session tests (pytester) share: the bundled project, running it, editing it."""

from __future__ import annotations

import shutil

import pytest

from pytest_claims.rulefile.load import load_rules

from .paths import RULES, SEEDS
BUNDLED_RULES = load_rules(sorted(RULES.glob("*.yaml")))
RULE_NAMES = sorted(rule.name for rule in BUNDLED_RULES)
#: every test item of the bundled rules: one per rule and one per example
ITEMS = len(BUNDLED_RULES) + sum(len(rule.examples) for rule in BUNDLED_RULES)


def copy_project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A copy of the project's seeds and rules in the pytester folder."""
    shutil.copytree(SEEDS, pytester.path / "seeds")
    shutil.copytree(RULES, pytester.path / "rules")
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def edit(pytester: pytest.Pytester, relative: str, old: str, new: str) -> None:
    """Replace ``old``, which must occur once, in the one file matching the glob ``relative``."""
    [path] = pytester.path.glob(relative)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
