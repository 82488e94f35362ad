"""Whole pytest sessions for the rule language: examples, severity, explain, quantities, sensitivity.

The cookbook's seed edits and the failures they print are tested from docs/cookbook.md itself, in
tests/docs/test_sessions.py.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers.sessions import BUNDLED_RULES, edit, run


@pytest.fixture
def small(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with one tiny dated document and an empty rules folder."""
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "report.md").write_text(
        "---\ndate: 2016-11-28\noutlet: Wire\n---\nAbout 250,000 people are trapped in the besieged east.\n",
        encoding="utf-8")
    (pytester.path / "rules").mkdir()
    return pytester


def write_rule(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / "rules" / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- examples


def test_every_bundled_rule_has_a_passing_and_a_failing_example() -> None:
    for rule in BUNDLED_RULES:
        assert {example.expect for example in rule.examples} == {"pass", "fail"}, rule.name


def test_examples_are_tests_beside_their_rule(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "-v", "-k", "trapped-population-decreases")
    examples = next(rule.examples for rule in BUNDLED_RULES if rule.name == "trapped-population-decreases")
    result.assert_outcomes(passed=1 + len(examples))
    result.stdout.fnmatch_lines([
        "rules/trapped-population.yaml::trapped-population-decreases PASSED*",
        "rules/trapped-population.yaml::trapped-population-decreases?later estimate is higher? PASSED*",
    ])


def test_no_examples_option_runs_the_rules_only(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    result.assert_outcomes(passed=len(BUNDLED_RULES))


EXPECT_FAIL_BUT_PASSES = """\
    name: trapped-falls
    select: {counts: [people], near: [trapped]}
    check: trend
    direction: decreasing
    examples:
      - name: wrongly expected to fail
        expect: fail
        documents:
          - {date: 2016-11-28, text: "About 250,000 people are trapped."}
          - {date: 2016-12-09, text: "About 100,000 people are trapped."}
    """


def test_an_example_the_rule_does_not_fail_shows_what_it_selected(small: pytest.Pytester) -> None:
    write_rule(small, "trapped", EXPECT_FAIL_BUT_PASSES)
    result = run(small, "--claims", "docs/", "-k", "wrongly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*example 'wrongly expected to fail' of rule 'trapped-falls' expects the rule to fail, but it passed: "
        "no contradiction among 2 selected claims",
        "*2016-11-28 (trapped.yaml:9)*example-1.txt:9*About 250,000*",
        "*2016-12-09 (trapped.yaml:10)*example-2.txt:10*About 100,000*",
    ])


def test_an_example_the_rule_fails_shows_the_contradiction(small: pytest.Pytester) -> None:
    write_rule(small, "trapped", EXPECT_FAIL_BUT_PASSES.replace("expect: fail", "expect: pass")
               .replace("About 100,000", "About 300,000"))
    result = run(small, "--claims", "docs/", "-k", "wrongly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*expects the rule to pass, but it failed:",
        "rule 'trapped-falls' (trend): 1 contradiction among 2 selected claims",
        "*decreasing: About 300,000 on 2016-12-09 (example-2.txt) is not below About 250,000 on 2016-11-28*",
    ])


def test_an_example_the_rule_cannot_judge_says_why(small: pytest.Pytester) -> None:
    write_rule(small, "trapped", EXPECT_FAIL_BUT_PASSES.replace("near: [trapped]", "near: [besieged]")
               .replace("are trapped.\"}", "are stuck.\"}"))
    result = run(small, "--claims", "docs/", "-k", "wrongly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expects the rule to fail, but the rule could not judge it: rule 'trapped-falls' "
                                 "selected no claims*"])


def test_an_example_selecting_other_numbers_than_listed_fails(small: pytest.Pytester) -> None:
    write_rule(small, "trapped", EXPECT_FAIL_BUT_PASSES.replace("expect: fail", "expect: pass").replace(
        "        documents:", '        selects: ["About 250,000", "300"]\n        documents:'))
    result = run(small, "--claims", "docs/", "-k", "wrongly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*and it did (pass), but it selected other numbers than the example lists",
        'not selected: "300"',
        'also selected: "About 100,000"',
    ])


def test_group_by_source_is_what_keeps_two_monitors_apart(project: pytest.Pytester) -> None:
    edit(project, "rules/death-toll.yaml", "group_by: source\n", "")
    result = run(project, "--claims", "seeds/", "-k", "death")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines([
        "FAILED rules/death-toll.yaml::offensive-death-toll-never-decreases[[]each monitor keeps its own count]*"])


# ---------------------------------------------------------------- severity


def test_a_warning_rule_passes_and_its_contradiction_is_listed(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    result.assert_outcomes(passed=len(BUNDLED_RULES))
    result.stdout.fnmatch_lines([
        "*10 rules evaluated, 0 with contradictions, 1 warning rules with contradictions",
        "warning: rule 'one-day-toll-below-offensive-toll' (expression): 1 contradiction among 3 selected claims",
        "*2016-11-27 ('on Sunday', published 2016-11-28)*000_871778a9916d0caa.txt:26*219*",
        "*2016-11-28 (claims-meta.yaml:*001_f87b00e1af172c13.txt:6*219*",
        '#1 vs #2: day_toll < offensive_toll cannot hold: day_toll = "219" 219, offensive_toll = "219" 219',
    ])


def test_the_same_rule_as_an_error_fails(project: pytest.Pytester) -> None:
    edit(project, "rules/one-day-toll.yaml", "severity: warning", "severity: error")
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    result.assert_outcomes(passed=len(BUNDLED_RULES) - 1, failed=1)
    assert "warning:" not in result.stdout.str()


# ---------------------------------------------------------------- explain and quantities


def test_explain_lists_selected_and_nearby_rejected_claims(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "--claims-explain",
                 "-k", "trapped-population-decreases")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "rule 'trapped-population-decreases' (rules/trapped-population.yaml:2)",
        "selected 3 claims:",
        "*000_871778a9916d0caa.txt:38*An estimated 250,000*",
        "rejected 3 nearby claims:",
        "*001_f87b00e1af172c13.txt:3*hundreds*not_near [[]killed, died, dead, bodies, fled, fleeing, flee[]]*"
        "'fleeing' is near (3 words away)*",
    ])


def test_explain_shows_why_a_rule_selected_nothing(small: pytest.Pytester) -> None:
    write_rule(small, "nothing", """\
        name: selects-nothing
        select: {counts: [people], near: [besieged], not_near: [trapped]}
        check: bounds
        max: 10
        """)
    result = run(small, "--claims", "docs/", "--claims-explain")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*rule 'selects-nothing' selected no claims*",
        "selected no claims",
        "rejected 1 nearby claim:",
        "*report.md:5*About 250,000*not_near [[]trapped[]]*'trapped' is near (3 words away)*",
    ])


def test_quantities_option_prints_every_quantity(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "--claims-quantities", "-k", "death")
    result.stdout.fnmatch_lines([
        "*002_076498367e560eef.txt:13*about 85%*[[]80.75%, 89.25%]*share*area*",
        "67 quantities in 5 documents",
    ])


# ---------------------------------------------------------------- sensitivity


def test_sensitivity_adds_a_test_per_rule_and_all_bundled_rules_are_sound(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "--claims-sensitivity", "-v")
    result.assert_outcomes(passed=2 * len(BUNDLED_RULES))
    result.stdout.fnmatch_lines(["*::trapped-population-decreases?sensitivity? PASSED*"])


def test_sensitivity_fails_a_vacuous_rule(small: pytest.Pytester) -> None:
    write_rule(small, "vacuous", """\
        name: never-negative
        select: {counts: [people]}
        check: bounds
        min: 0
        """)
    result = run(small, "--claims", "docs/", "--claims-sensitivity")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "FAILED rules/vacuous.yaml::never-negative[sensitivity]" in out
    assert "Rule 'never-negative' is vacuous" in out and "About 250,000" in out


def test_sensitivity_fails_an_unsatisfiable_expression(small: pytest.Pytester) -> None:
    write_rule(small, "impossible", """\
        name: more-than-itself
        check: expression
        claims:
          trapped: {counts: [people]}
        expression: trapped + 1 <= trapped
        """)
    result = run(small, "--claims", "docs/", "--claims-sensitivity", "-k", "sensitivity")
    result.assert_outcomes(failed=1)
    assert "unsatisfiable" in result.stdout.str()
