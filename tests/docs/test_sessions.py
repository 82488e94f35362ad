"""The docs' console runs: each ``$ pytest --claims ...`` block prints what the doc shows.

A run applies the ``diff`` edits and writes the ``# file:`` blocks right before
it (see :mod:`helpers.markdown`) to a copy of the seeds and rules, runs the
command as CI does (``CI=true``: pytest prints whole failure lines; 80
columns), and asserts that every expected line appears in order and that the
tests that fail or err are exactly the ``FAILED`` and ``ERROR`` lines the doc
lists, every other collected test passing.
"""

from __future__ import annotations

import re
import shlex

import pytest
from helpers.markdown import (
    Scenario,
    doc_files,
    edits,
    read,
    scenarios,
    unmatched,
    yaml_role,
)
from helpers.sessions import run

SCENARIOS = [scenario for path in doc_files() for scenario in scenarios(read(path))[0]]


def _node_ids(lines: list[str], word: str) -> set[str]:
    return {line.split()[1] for line in lines if line.startswith(word + " ") and len(line.split()) > 1}


def test_the_docs_show_runs() -> None:
    assert len(SCENARIOS) >= 10, "the README and docs/ show the main job's output in console blocks"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.where for s in SCENARIOS])
def test_console_block_is_what_the_run_prints(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                              scenario: Scenario) -> None:
    assert scenario.command.startswith("pytest "), f"{scenario.where}: a console block starts with '$ pytest'"
    for block in scenario.setup:
        if block.language == "diff":
            for edit in edits(block):
                path = project.path / edit.path
                assert path.is_file(), f"{block.file}:{edit.line}: no file {edit.path} in the project"
                text = path.read_text(encoding="utf-8")
                assert text.count(edit.old) == 1, \
                    f"{block.file}:{edit.line}: {edit.old!r} occurs {text.count(edit.old)} times in {edit.path}"
                path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
        else:
            path = project.path / yaml_role(block)[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("COLUMNS", "80")
    result = run(project, *shlex.split(scenario.command)[1:])
    actual = result.outlines
    output = "\n".join(actual)

    missing = unmatched(scenario.expected, actual)
    assert missing is None, (f"{scenario.console.file}:{missing[0]}: not printed (in this order): {missing[1]!r}\n"
                             f"the run printed:\n{output}")

    expected_lines = [text for _, text in scenario.expected]
    for word in ("FAILED", "ERROR"):
        assert _node_ids(actual, word) == _node_ids(expected_lines, word), (
            f"{scenario.where}: the {word} tests differ from the doc's {word} lines\n"
            f"the run printed:\n{output}")

    outcomes = result.parseoutcomes()
    outcomes.pop("warnings", None)  # pytest warnings (warning rules' contradictions) are not tests
    collected = re.search(r"collected (\d+) items?", output)
    assert collected, output
    assert set(outcomes) <= {"passed", "failed", "error", "errors", "deselected"}, (scenario.where, outcomes)
    assert sum(outcomes.values()) == int(collected.group(1)), (
        f"{scenario.where}: every collected test passes but those the doc lists: {outcomes}\n{output}")
