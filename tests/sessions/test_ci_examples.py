"""The shipped examples, run for real in a newsroom-style git repository with two commits (the archive, then
a pull request's article that contradicts it): the GitHub Actions workflow's ``run:`` steps executed as the
runner would, and the pre-commit hook run by the real ``pre-commit`` tool."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from helpers.paths import PROJECT, RULES, SEEDS

WORKFLOW = PROJECT / "examples" / "github-workflow.yml"
PRE_COMMIT = PROJECT / "examples" / "pre-commit-config.yaml"
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
#: the pull request's article: 41 of east Aleppo's 40 neighbourhoods, three days after the archive's last
NEW_ARTICLE = ("---\ntitle: Army presses on\ndate: 2016-12-10\noutlet: Example News\n---\n"
               "The Syrian army had recaptured 41 of east Aleppo's 40 neighbourhoods, a commander said.\n")
CONSISTENT_ARTICLE = ("---\ntitle: Army presses on\ndate: 2016-12-10\noutlet: Example News\n---\n"
                      "The Syrian army had recaptured 33 of east Aleppo's 40 neighbourhoods, a commander said.\n")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
                               "GIT_COMMITTER_NAME": "desk", "GIT_COMMITTER_EMAIL": "desk@example.org"}).stdout


def newsroom(root: Path, article: str) -> Path:
    """A repository: articles/ (the seeds) and rules/ on main, pushed (origin/main); then a pull request's
    commit on a branch, adding ``articles/new-story.md``."""
    repo = root / "newsroom"
    shutil.copytree(SEEDS, repo / "articles")
    shutil.copytree(RULES, repo / "rules")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the archive")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "switch", "-q", "-c", "new-story")
    (repo / "articles" / "new-story.md").write_text(article, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a new story")
    return repo


@dataclass
class Step:
    name: str
    returncode: int
    output: str


def fake_python(folder: Path) -> Path:
    """A ``python`` first on PATH that logs ``python -m pip ...`` (nothing is downloaded: pytest-claims is
    installed already) and runs this interpreter for anything else."""
    folder.mkdir()
    script = folder / "python"
    script.write_text(f'#!/bin/sh\nif [ "$1 $2" = "-m pip" ]; then echo "$@" >> "{folder}/pip.log"; exit 0; fi\n'
                      f'exec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def run_workflow(repo: Path, tmp: Path) -> tuple[dict[str, Any], list[Step]]:
    """Every ``run:`` step of the workflow's job, in order, under bash as the runner runs them (``-eo
    pipefail``), with the variables it sets for a pull request; stops at the first failing step."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    bin_folder = fake_python(tmp / "bin")
    runner_temp = tmp / "runner"
    runner_temp.mkdir()
    environ = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                                     f"{os.environ['PATH']}",
               "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_EVENT_NAME": "pull_request",
               "GITHUB_WORKSPACE": str(repo), "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "new-story",
               "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(runner_temp / "output"),
               "GITHUB_STEP_SUMMARY": str(runner_temp / "summary")}
    steps: list[Step] = []
    for step in job["steps"]:
        if "run" not in step:
            continue
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                              env=environ, capture_output=True, text=True, timeout=300)
        steps.append(Step(step["name"], done.returncode, done.stdout + done.stderr))
        if done.returncode:
            break
    return workflow, steps


def test_the_workflow_fails_a_pull_request_on_its_new_articles_contradiction(tmp_path: Path) -> None:
    repo = newsroom(tmp_path, NEW_ARTICLE)
    workflow, steps = run_workflow(repo, tmp_path)
    assert "pull_request" in workflow[True if True in workflow else "on"]  # YAML 1.1 reads a bare `on` as True
    [job] = workflow["jobs"].values()
    checkout = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base is in the history: git diff can reach it
    assert (tmp_path / "bin" / "pip.log").read_text(encoding="utf-8").split() == [
        "-m", "pip", "install", "pytest-claims"]
    *passed, check = steps
    assert all(step.returncode == 0 for step in passed), passed
    assert "articles/new-story.md" in passed[-1].output  # the changed articles, found against the base
    assert check.returncode == 1, check.output
    annotations = [line for line in check.output.splitlines() if line.startswith("::")]
    assert [line.split("::")[1] for line in annotations] == [
        "error file=articles/new-story.md,line=6,title=pytest-claims%3A neighbourhood-counts-within-total"]
    assert "1 contradiction among unchanged documents not reported" in check.output  # the seeds' warning
    assert (repo / "claims.sarif").is_file()  # for the upload step (if: always())
    upload = next(step for step in job["steps"] if "upload-sarif" in str(step.get("uses", "")))
    assert upload["if"].startswith("always()") and upload["with"]["sarif_file"] == "claims.sarif"


def test_the_workflow_passes_a_pull_request_that_contradicts_nothing(tmp_path: Path) -> None:
    _, steps = run_workflow(newsroom(tmp_path, CONSISTENT_ARTICLE), tmp_path)
    assert [step.returncode for step in steps] == [0] * len(steps) and len(steps) == 3, steps
    assert "failed" not in steps[-1].output and "passed" in steps[-1].output


def test_the_workflow_checks_the_whole_archive_when_only_rules_change(tmp_path: Path) -> None:
    repo = newsroom(tmp_path, CONSISTENT_ARTICLE)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # the article is in the base: only a rule changes
    [rule] = (repo / "rules").glob("neighbourhoods-within-total.yaml")
    rule.write_text(rule.read_text(encoding="utf-8").replace("max: 40", "max: 30"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a stricter rule")
    _, steps = run_workflow(repo, tmp_path)
    assert "checking the whole archive" in steps[-1].output
    assert steps[-1].returncode == 1 and "neighbourhood-counts-within-total" in steps[-1].output


def pre_commit(repo: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    environ.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=environ, capture_output=True,
                          text=True, timeout=300)


def test_the_pre_commit_hook_fails_a_commit_on_its_articles_contradiction(tmp_path: Path) -> None:
    repo = newsroom(tmp_path, NEW_ARTICLE)
    shutil.copy(PRE_COMMIT, repo / ".pre-commit-config.yaml")
    git(repo, "add", ".pre-commit-config.yaml")
    assert pre_commit(repo, tmp_path, "validate-config", ".pre-commit-config.yaml").returncode == 0
    failed = pre_commit(repo, tmp_path, "run", "--files", "articles/new-story.md", "rules/one-day-toll.yaml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "articles/new-story.md:6 '41': \"41\" cannot lie within [0, 40]" in failed.stdout
    assert "1 contradiction among unchanged documents not reported" in failed.stdout  # the seeds' warning
    (repo / "articles" / "new-story.md").write_text(CONSISTENT_ARTICLE, encoding="utf-8")
    passed = pre_commit(repo, tmp_path, "run", "--files", "articles/new-story.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_the_repositorys_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    assert pre_commit(PROJECT, tmp_path, "validate-manifest", str(HOOKS)).returncode == 0
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["require_serial"] is True
    repo = newsroom(tmp_path, NEW_ARTICLE)
    # pre-commit's command: the entry, then the args, then the files that match, in one call (require_serial)
    files = [name for name in ("articles/new-story.md", "rules/one-day-toll.yaml")
             if re.search(hook["files"], name)]
    assert files == ["articles/new-story.md"]
    entry = shlex.split(hook["entry"])
    assert entry[:3] == ["python", "-m", "pytest"]
    done = subprocess.run([sys.executable, *entry[1:], *hook["args"], *files], cwd=repo, capture_output=True,
                          text=True, timeout=300, env={k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"})
    assert done.returncode == 1, done.stdout
    assert "articles/new-story.md:6 '41'" in done.stdout
