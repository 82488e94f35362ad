"""Whole sessions (pytester) with rule files and documents that are not what they seem: a list of rules with one
bad rule, a broken link, a named pipe. Each is reported by its own name and the rest still runs."""

from __future__ import annotations

import os

import pytest

from helpers.sessions import RULE_NAMES, copy_project

LIST_WITH_ONE_BAD_RULE = """\
- name: counts-are-finite
  select: {kind: count}
  check: bounds
  max: 1 billion
- name: misspelt-check
  check: bound
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    return copy_project(pytester)


def run(project: pytest.Pytester) -> pytest.RunResult:
    # a subprocess with a deadline: a pipe opened by mistake would block the run, never this test for ever
    return project.runpytest_subprocess("-p", "no:cacheprovider", "--claims", "seeds/", "--claims-no-examples",
                                        "-rA", timeout=120)


def test_one_bad_rule_in_a_list_is_its_error_and_the_others_in_the_file_run(project: pytest.Pytester) -> None:
    (project.path / "rules" / "zz-list.yaml").write_text(LIST_WITH_ONE_BAD_RULE, encoding="utf-8")
    result = run(project)
    assert result.ret == 4, result.stdout.str()
    result.stdout.fnmatch_lines([
        "rules/zz-list.yaml:6: unknown check 'bound'; did you mean 'bounds'?*",
        "PASSED rules/zz-list.yaml::counts-are-finite",
        "ERROR rules/zz-list.yaml::zz-list?rule 2? - *",
    ])
    result.assert_outcomes(passed=len(RULE_NAMES) + 1, errors=1)


def test_a_broken_link_is_reported_by_its_own_name(project: pytest.Pytester) -> None:
    os.symlink(project.path / "nowhere.yaml", project.path / "rules" / "zz-link.yaml")
    os.symlink(project.path / "nowhere.txt", project.path / "seeds" / "zz-link.txt")
    result = run(project)
    assert result.ret == 4, result.stdout.str()
    result.stdout.fnmatch_lines_random([
        "rules/zz-link.yaml: cannot read rule file: No such file or directory; fix the file (or the link to it) "
        "or remove it",
        "seeds/zz-link.txt: cannot read: No such file or directory; the link points nowhere: fix or remove it",
    ])
    result.assert_outcomes(passed=len(RULE_NAMES), errors=2)


def test_a_named_pipe_called_like_a_rule_file_is_reported_not_opened(project: pytest.Pytester) -> None:
    os.mkfifo(project.path / "rules" / "zz-pipe.yaml")
    result = run(project)
    assert result.ret == 4, result.stdout.str()
    result.stdout.fnmatch_lines([
        "rules/zz-pipe.yaml: not a regular file (a named pipe, socket or device): rule files must be regular files; "
        "replace it with one",
    ])
    result.assert_outcomes(passed=len(RULE_NAMES), errors=1)
