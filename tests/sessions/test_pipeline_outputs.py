"""What a CI reads beside the terminal, in real runs: ``--claims-init``'s starter rules run on the seeds,
JUnit XML properties per rule, warning rules as pytest warnings, and ``--tb=line`` — in one process and under
pytest-xdist."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers.sessions import BUNDLED_RULES, edit, run

from pytest_claims.plugin import PROBLEM_PROPERTY, RESULT_PROPERTY
from pytest_claims.rulefile.starter import starter_rules

WORKERS = pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
#: the README's edit: 52 of 40 neighbourhoods contradicts the total (and the share retaken)
EDITED = "seeds/002_*.txt"
OUR_PROPERTIES = ["check", "severity", "claims_selected", "contradictions"]
WARNING_RULE = "one-day-toll-below-offensive-toll"
#: the seeds' real inconsistency that the warning rule reports
WARNING_LINE = (f"rules/one-day-toll.yaml:2: PytestClaimsWarning: {WARNING_RULE}: 1 contradiction: "
                "seeds/000_871778a9916d0caa.txt:26 '219' vs seeds/001_f87b00e1af172c13.txt:6 '219': "
                "day_toll < offensive_toll cannot hold")


def properties(path: Path) -> dict[str, list[tuple[str, str]]]:
    """The JUnit XML's properties of each test case, by test name."""
    tree = ET.parse(path)
    return {case.attrib["name"]: [(prop.attrib["name"], prop.attrib["value"]) for prop in case.iter("property")]
            for case in tree.iter("testcase")}


# ---------------------------------------------------------------- --claims-init


def test_init_writes_the_starter_rules_and_runs_no_test(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--claims-init")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    names = [starter.file for starter in starter_rules(pytester.path / "rules")]
    assert result.outlines == [*(f"wrote rules/{name}" for name in names),
                               "run them: pytest --claims ARTICLES/ --claims-rules rules"]
    assert sorted(path.name for path in (pytester.path / "rules").iterdir()) == sorted(names)
    assert "passed" not in result.stdout.str() and "collected" not in result.stdout.str()


def test_init_refuses_to_overwrite_and_names_the_files(pytester: pytest.Pytester) -> None:
    folder = pytester.path / "newsroom"
    taken = [starter.file for starter in starter_rules(folder)][:2]
    folder.mkdir()
    for name in taken:
        (folder / name).write_text("mine\n", encoding="utf-8")
    result = run(pytester, "--claims-init", "newsroom")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.errlines == [(f"pytest-claims: --claims-init: not overwriting newsroom/{taken[0]}, "
                                f"newsroom/{taken[1]}: move or delete them, or give another folder "
                                f"(--claims-init DIR); nothing was written")]
    assert sorted(path.name for path in folder.iterdir()) == sorted(taken)
    assert all((folder / name).read_text(encoding="utf-8") == "mine\n" for name in taken)


@WORKERS
def test_every_starter_rule_is_evaluated_on_the_seeds_and_can_fail(project: pytest.Pytester,
                                                                   workers: list[str]) -> None:
    assert run(project, "--claims-init", "starter").ret == pytest.ExitCode.OK
    result = run(project, "--claims", "seeds/", "--claims-rules", "starter", "--claims-sensitivity",
                 "--junitxml", "junit.xml", "-rA", *workers)
    starters = starter_rules(project.path / "starter")
    outcomes = result.parseoutcomes()
    # every rule, its examples and its sensitivity test pass: none errs, none is vacuous
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert outcomes["passed"] == 2 * len(starters) + 2 and "errors" not in outcomes, outcomes
    found = properties(project.path / "junit.xml")
    for starter in starters:
        [name] = [name for name, props in found.items()
                  if ("check", starter.kind) in props and not name.endswith("]")]
        values = dict(found[name])
        assert int(values["claims_selected"]) >= 2, (name, values)
        assert f"PASSED starter/{starter.file}::{name}[sensitivity]" in result.outlines
    # the warning starter finds the seeds' real inconsistency, and says so as a pytest warning
    assert [dict(props)["contradictions"] for props in found.values() if ("severity", "warning") in props] == ["1"]
    result.stdout.fnmatch_lines([(f"  starter/expression-one-day-toll.yaml:*: PytestClaimsWarning: {WARNING_RULE}: "
                                  "1 contradiction: *")])


# ---------------------------------------------------------------- JUnit XML


@WORKERS
def test_junit_properties_per_rule_and_nothing_else_of_ours(project: pytest.Pytester, workers: list[str]) -> None:
    edit(project, EDITED, "recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo")
    (project.path / "rules" / "zz-broken.yaml").write_text("name: [broken\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--junitxml", "junit.xml", *workers)
    assert result.ret != pytest.ExitCode.OK  # which code a broken rule gives is not this test's business
    found = properties(project.path / "junit.xml")
    text = (project.path / "junit.xml").read_text(encoding="utf-8")
    assert RESULT_PROPERTY not in text and PROBLEM_PROPERTY not in text
    rules = {rule.name: rule for rule in BUNDLED_RULES}
    for name, props in found.items():
        if name in rules:
            assert [prop for prop, _ in props] == OUR_PROPERTIES, (name, props)
            values = dict(props)
            assert (values["check"], values["severity"]) == (rules[name].check.name, rules[name].severity)
            assert int(values["claims_selected"]) > 0
        else:  # examples and the broken file: nothing of ours
            assert props == [], (name, props)
    assert set(rules) <= set(found)
    contradictions = {name: int(dict(found[name])["contradictions"]) for name in rules}
    assert {name for name, count in contradictions.items() if count} == \
        {"neighbourhood-counts-within-total", "neighbourhoods-retaken-match-area-retaken", WARNING_RULE}


# ---------------------------------------------------------------- warnings


@WORKERS
def test_warning_rules_raise_pytest_warnings_at_the_rule(project: pytest.Pytester, workers: list[str]) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", *workers)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*= warnings summary =*", f"rules/one-day-toll.yaml::{WARNING_RULE}",
                                 f"  {WARNING_LINE}*", f"    name: {WARNING_RULE}"])
    assert result.parseoutcomes()["warnings"] == 1


@WORKERS
def test_an_error_filter_turns_the_warning_into_a_failure(project: pytest.Pytester, workers: list[str]) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples",
                 "-W", "error::pytest_claims.PytestClaimsWarning", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["failed"] == 1
    # the failure is the rule's own table, not a traceback
    result.stdout.fnmatch_lines([f"rule '{WARNING_RULE}' (expression): 1 contradiction among 3 selected claims",
                                 f"FAILED rules/one-day-toll.yaml::{WARNING_RULE} - *"])
    assert "Traceback" not in result.stdout.str() and "warn_explicit" not in result.stdout.str()


# ---------------------------------------------------------------- --tb=line


@WORKERS
def test_tb_line_gives_one_line_per_failure_and_error(project: pytest.Pytester, workers: list[str]) -> None:
    edit(project, EDITED, "recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo")
    (project.path / "rules" / "zz-broken.yaml").write_text("name: broken\ncheck: trend\ndirecton: decreasing\n",
                                                            encoding="utf-8")
    (project.path / "seeds" / "empty.txt").write_text("", encoding="utf-8")
    edit(project, "rules/trapped-population.yaml", "  - name: later estimate is lower\n    expect: pass",
         "  - name: later estimate is lower\n    expect: fail")
    result = run(project, "--claims", "seeds/", "-k", "not trapped or lower", "--tb=line", *workers)
    assert result.ret != pytest.ExitCode.OK
    lines = [line for line in result.outlines if not line.startswith("[gw")]
    errors = lines[lines.index(next(line for line in lines if "= ERRORS =" in line)) + 1:
                   lines.index(next(line for line in lines if "= FAILURES =" in line))]
    # each error: pytest's heading, then one line
    assert errors[1::2] == ["seeds/empty.txt: empty document",
                            "rules/zz-broken.yaml:3: unknown key 'directon'; did you mean 'direction'?"], errors
    assert len(errors) == 4 and all("ERROR at setup of" in line for line in errors[::2]), errors
    start = lines.index(next(line for line in lines if "= FAILURES =" in line)) + 1
    failures = lines[start:lines.index(next(line for line in lines[start:] if line.startswith("=")))]
    [within] = [line for line in failures if "neighbourhood-counts-within-total" in line]
    assert within.startswith("rules/neighbourhoods-within-total.yaml:2: neighbourhood-counts-within-total: "
                             "1 contradiction: seeds/002_076498367e560eef.txt:"), within
    assert "'52'" in within and "\n" not in within
    [example] = [line for line in failures if "example" in line]
    assert re.fullmatch(r"rules/trapped-population\.yaml:\d+: example 'later estimate is lower' of rule "
                        r"'trapped-population-decreases' expects the rule to fail, but it passed: .*", example)
    assert len(failures) == 3 and all(line.startswith("rules/") for line in failures), failures
    result.stdout.fnmatch_lines(["ERROR rules/zz-broken.yaml::zz-broken - unknown key 'directon'*"])
