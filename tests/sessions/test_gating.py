"""Gating a CI job: --claims-baseline (known contradictions pass, new ones fail, fixed ones are stale),
--claims-changed (a pull request's articles, with the archive as context) and the exit codes 0, 1 and 4; real
runs on the seeds, in one process and under pytest-xdist."""

from __future__ import annotations

import json

import pytest
from helpers.sessions import copy_project, edit, run

from pytest_claims.store.baseline import VERSION

WORKERS = pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
EDITED = "seeds/002_*.txt"
#: the README's edit: 52 of east Aleppo's 40 neighbourhoods breaks two error rules
FIFTY_TWO = ("recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo")
WITHIN_TOTAL = "neighbourhood-counts-within-total"
MATCH_AREA = "neighbourhoods-retaken-match-area-retaken"
WARNING_RULE = "one-day-toll-below-offensive-toll"
#: a new article of the 10th that contradicts the seeds: 41 of 40 neighbourhoods
NEW_ARTICLE = ("---\ntitle: Army presses on\ndate: 2016-12-10\noutlet: Example News\n---\n"
               "The Syrian army had recaptured 41 of east Aleppo's 40 neighbourhoods, a commander said.\n")


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    return copy_project(pytester)


def failed_rules(result: pytest.RunResult) -> set[str]:
    return {line.split("::", 1)[-1].split(" - ")[0] for line in result.outlines if line.startswith("FAILED ")}


def closing(result: pytest.RunResult) -> list[str]:
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if "pytest-claims" in line and line.startswith("="))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("=")), len(lines))
    return lines[start + 1:end]


@WORKERS
def test_a_missing_baseline_is_written_with_every_contradiction_and_the_run_passes(project: pytest.Pytester,
                                                                                  workers: list[str]) -> None:
    edit(project, EDITED, *FIFTY_TWO)
    result = run(project, "--claims", "seeds", "--claims-baseline", "known.json", *workers)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert "baseline written to known.json: 3 contradictions of 3 rules recorded" in closing(result)
    text = (project.path / "known.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == VERSION
    assert set(data["rules"]) == {WARNING_RULE, WITHIN_TOTAL, MATCH_AREA}
    assert list(data["rules"]) == sorted(data["rules"])  # sorted, for a stable diff
    [entry] = data["rules"][WITHIN_TOTAL]["known"]
    assert entry == {"claims": [{"document": "002_076498367e560eef.txt", "value": "52"}]}
    assert "line" not in text and "span" not in text


@WORKERS
def test_known_contradictions_pass_new_ones_fail_alone_and_fixed_ones_are_stale(project: pytest.Pytester,
                                                                               workers: list[str]) -> None:
    edit(project, EDITED, *FIFTY_TWO)
    assert run(project, "--claims", "seeds", "--claims-baseline", "known.json").ret == pytest.ExitCode.OK
    written = (project.path / "known.json").read_bytes()
    # an unrelated edit moves every line of the edited article: the baseline still holds
    [edited] = project.path.glob(EDITED)
    edited.write_text("\n\n\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    quiet = run(project, "--claims", "seeds", "--claims-baseline", "known.json", *workers)
    assert quiet.ret == pytest.ExitCode.OK, quiet.stdout.str()
    assert "3 known contradictions (baseline known.json)" in closing(quiet)
    assert (project.path / "known.json").read_bytes() == written  # read, not rewritten
    # a new contradiction fails, and only it is listed; the fixed 52 leaves stale entries
    edit(project, EDITED, "recaptured 52 of east Aleppo", "recaptured 44 of east Aleppo")
    result = run(project, "--claims", "seeds", "--claims-baseline", "known.json", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert failed_rules(result) == {WITHIN_TOTAL, MATCH_AREA}
    output = result.stdout.str()
    failures = output.split(" pytest-claims ")[0]
    assert "recaptured **44** of" in failures and "**52**" not in failures
    lines = closing(result)
    assert "1 known contradiction (baseline known.json)" in lines
    [stale] = [line for line in lines if "stale baseline entries" in line]
    assert stale.startswith("2 stale baseline entries: ")
    assert f"{WITHIN_TOTAL}: 002_076498367e560eef.txt '52'" in stale
    assert stale.endswith("run --claims-baseline-update to drop them")
    # the update records this run: the 44 is known now, and nothing is stale
    updated = run(project, "--claims", "seeds", "--claims-baseline", "known.json", "--claims-baseline-update",
                  *workers)
    assert updated.ret == pytest.ExitCode.OK
    assert "baseline written to known.json: 3 contradictions of 3 rules recorded" in closing(updated)
    again = run(project, "--claims", "seeds", "--claims-baseline", "known.json", *workers)
    assert again.ret == pytest.ExitCode.OK and not any("stale" in line for line in closing(again))


def test_a_baseline_that_is_not_one_is_a_usage_error(project: pytest.Pytester) -> None:
    (project.path / "known.json").write_text('{"version": 99, "rules": {}}', encoding="utf-8")
    result = run(project, "--claims", "seeds", "--claims-baseline", "known.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "not a baseline file of version 1 (version: 99)" in result.stderr.str()
    assert run(project, "--claims", "seeds", "--claims-baseline-update").ret == pytest.ExitCode.USAGE_ERROR


@WORKERS
def test_changed_articles_fail_only_on_their_own_contradictions(project: pytest.Pytester,
                                                               workers: list[str]) -> None:
    edit(project, EDITED, *FIFTY_TWO)  # the archive's own contradictions, not this pull request's
    (project.path / "seeds" / "new-story.md").write_text(NEW_ARTICLE, encoding="utf-8")
    result = run(project, "--claims", "seeds", "--claims-changed", "seeds/new-story.md", "--tb=line", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert failed_rules(result) == {WITHIN_TOTAL}
    output = result.stdout.str()
    assert "seeds/new-story.md:6 '41'" in output and "'52'" not in output
    # the archive's 52 (two error rules) and the seeds' warning are counted, not reported
    assert "3 contradictions among unchanged documents not reported (--claims-changed)" in closing(result)
    # an article that contradicts nothing passes, though the archive does not
    clean = run(project, "--claims", "seeds", "--claims-changed", "seeds/003_19b301b2dd25a677.txt", *workers)
    assert clean.ret == pytest.ExitCode.OK, clean.stdout.str()


def test_changed_files_outside_the_archive_are_a_usage_error(project: pytest.Pytester) -> None:
    (project.path / "elsewhere.md").write_text(NEW_ARTICLE, encoding="utf-8")
    outside = run(project, "--claims", "seeds", "--claims-changed", "elsewhere.md")
    assert outside.ret == pytest.ExitCode.USAGE_ERROR
    assert "--claims-changed elsewhere.md: not among the documents of --claims" in outside.stderr.str()
    missing = run(project, "--claims", "seeds", "--claims-changed", "seeds/gone.txt")
    assert missing.ret == pytest.ExitCode.USAGE_ERROR
    assert "--claims-changed seeds/gone.txt: no such file" in missing.stderr.str()


@WORKERS
def test_exit_codes_consistent_contradictions_incomplete(project: pytest.Pytester, workers: list[str]) -> None:
    consistent = run(project, "--claims", "seeds", *workers)
    assert consistent.ret == pytest.ExitCode.OK  # the seeds' warning rule warns, and passes
    edit(project, EDITED, *FIFTY_TWO)
    contradictions = run(project, "--claims", "seeds", *workers)
    assert contradictions.ret == pytest.ExitCode.TESTS_FAILED
    assert not closing(contradictions)[-1].startswith("exit code")
    (project.path / "rules" / "zz-unicorns.yaml").write_text(
        "name: unicorns-within-total\nselect:\n  counts: [unicorn]\ncheck: bounds\nmin: 0\nmax: 10\n",
        encoding="utf-8")
    broken_rule = run(project, "--claims", "seeds", *workers)
    assert broken_rule.ret == pytest.ExitCode.USAGE_ERROR  # incomplete, though contradictions were found too
    assert closing(broken_rule)[-1] == (
        "exit code 4 (usage error): the check was incomplete: 1 rule could not be evaluated (contradictions "
        "were found too); 0 means consistent, 1 contradictions (see docs/ci.md)")


@WORKERS
def test_an_unreadable_document_or_broken_rule_file_exits_4(project: pytest.Pytester, workers: list[str]) -> None:
    (project.path / "seeds" / "zz-empty.txt").write_text("", encoding="utf-8")
    empty = run(project, "--claims", "seeds", *workers)
    assert empty.ret == pytest.ExitCode.USAGE_ERROR
    assert closing(empty)[-1].startswith("exit code 4 (usage error): the check was incomplete: 1 document could "
                                         "not be read;")
    (project.path / "seeds" / "zz-empty.txt").unlink()
    (project.path / "rules" / "zz-broken.yaml").write_text("name: [broken\n", encoding="utf-8")
    broken = run(project, "--claims", "seeds", *workers)
    assert broken.ret == pytest.ExitCode.USAGE_ERROR
    assert "1 rule file could not be read" in closing(broken)[-1]


@WORKERS
def test_a_report_or_baseline_not_written_exits_4(project: pytest.Pytester, workers: list[str]) -> None:
    (project.path / "taken").write_text("a file where a folder should be", encoding="utf-8")
    result = run(project, "--claims", "seeds", "--claims-report-json", "taken/report.json", *workers)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "the claims report was not written" in closing(result)[-1]
    baseline = run(project, "--claims", "seeds", "--claims-baseline", "taken/known.json", *workers)
    assert baseline.ret == pytest.ExitCode.USAGE_ERROR
    assert any(line.startswith("error: baseline not written: taken/known.json: cannot write the baseline file")
               for line in closing(baseline))
    assert "the baseline file was not written" in closing(baseline)[-1]


def test_a_baseline_entry_of_a_broken_rule_is_kept_not_stale(project: pytest.Pytester) -> None:
    edit(project, EDITED, *FIFTY_TWO)
    assert run(project, "--claims", "seeds", "--claims-baseline", "known.json").ret == pytest.ExitCode.OK
    [rule_file] = project.path.glob("rules/neighbourhoods-within-total.yaml")
    rule_file.write_text("name: [broken\n", encoding="utf-8")
    result = run(project, "--claims", "seeds", "--claims-baseline", "known.json", "--claims-baseline-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # never baselined away: the check was incomplete
    data = json.loads((project.path / "known.json").read_text(encoding="utf-8"))
    assert WITHIN_TOTAL in data["rules"]  # kept from the file: the rule was not evaluated
    assert (f"1 baseline entry of rules not evaluated in this run left as they are: {WITHIN_TOTAL}"
            in closing(result))
