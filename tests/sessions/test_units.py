"""Whole pytest sessions for money and measures: the ``unit:`` selector and ``bounds`` limits with a unit."""

from __future__ import annotations

import textwrap

import pytest

from helpers.sessions import run

STORM = """\
---
date: 2024-10-10
outlet: Wire
---
Winds of {speed} were recorded at the coast.

The storm cost £6m in repairs, and the flood before it $2.5bn.
"""


def project(pytester: pytest.Pytester, speed: str, **rules: str) -> pytest.Pytester:
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "storm.md").write_text(STORM.format(speed=speed), encoding="utf-8")
    (pytester.path / "rules").mkdir()
    for name, text in rules.items():
        (pytester.path / "rules" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return pytester


WIND = """\
    name: wind-limit
    select: {unit: [mph, km/h]}
    check: bounds
    max: 300 km/h
    """


def test_a_speed_in_mph_above_a_limit_in_km_h_fails_with_its_converted_value(pytester: pytest.Pytester) -> None:
    result = run(project(pytester, "200 mph", wind=WIND), "--claims", "docs/")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "rule 'wind-limit' (bounds): 1 contradiction among 1 selected claims",
        '#1: "200 mph" (200) is 321.8688 kilometre per hour, which cannot lie within (-∞, 300] kilometre per hour',
    ])


def test_a_speed_in_mph_below_a_limit_in_km_h_passes(pytester: pytest.Pytester) -> None:
    result = run(project(pytester, "145 mph", wind=WIND), "--claims", "docs/", "-vv")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["rule 'wind-limit' selected 1 claims:", "*145 mph*"])


def test_money_in_another_currency_is_not_compared_and_says_so(pytester: pytest.Pytester) -> None:
    cost = """\
        name: cost-limit
        select: {unit: [USD, GBP]}
        check: bounds
        max: 10 billion USD
        """
    result = run(project(pytester, "145 mph", cost=cost), "--claims", "docs/", "-vv")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["rule 'cost-limit' selected 2 claims:", "*£6m*", "*$2.5bn*",
                                 "note: 1 claim in GBP not compared with a limit in USD"])


def test_a_rule_whose_every_claim_is_in_another_currency_is_an_error_not_a_pass(pytester: pytest.Pytester) -> None:
    cost = """\
        name: pounds-only
        select: {unit: gbp}
        check: bounds
        max: 10 billion USD
        """
    result = run(project(pytester, "145 mph", cost=cost), "--claims", "docs/")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "rules/cost.yaml:3: rule 'pounds-only' has nothing to compare: its bounds check made no comparison "
        "among 1 selected claim (1 claim in GBP not compared with a limit in USD)"])


def test_explain_says_why_a_claim_in_another_unit_is_not_selected(pytester: pytest.Pytester) -> None:
    rule = """\
        name: km-only
        select: {unit: km/h, near: [winds]}
        check: bounds
        max: 300 km/h
        """
    result = run(project(pytester, "145 mph", wind=rule), "--claims", "docs/", "--claims-explain")
    result.assert_outcomes(errors=1)
    assert "claims each condition alone selects: unit [km/h]: 0; near [winds]: 1" in result.stdout.str()
    result.stdout.fnmatch_lines(["storm.md:5*145 mph*unit is mile per hour, not km/h*Winds of **145 mph**"])


def test_an_unknown_unit_is_an_error_at_its_line_with_the_nearest_names(pytester: pytest.Pytester) -> None:
    rule = """\
        name: typo
        select:
          unit: kmph
        check: bounds
        max: 300 km/h
        """
    result = run(project(pytester, "145 mph", wind=rule), "--claims", "docs/")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*rules/wind.yaml:3*'select.unit': unknown unit 'kmph'; did you mean 'mph', 'kph', "
                                 "'kmh'?*"])
