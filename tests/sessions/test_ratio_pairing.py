"""A ratio rule on real prose, in whole sessions: a share written beside counts is compared with its own count."""

from __future__ import annotations

import pytest

from helpers.sessions import run

RULE = """\
name: turnout-matches-share
check: ratio
count: {kind: count}
share: {kind: share}
tolerance: 1%
examples:
  - name: each share beside its own count
    expect: pass
    documents:
      - {date: 2016-11-28, text: "In the towns, 61 of 75 (81%) and 140 of 200 (70%) voted."}
  - name: the shares swapped
    expect: fail
    documents:
      - {date: 2016-11-28, text: "In the towns, 61 of 75 (70%) and 140 of 200 (81%) voted."}
"""


def document(sentence: str) -> str:
    return f"---\ndate: 2016-11-28\noutlet: Wire\n---\n{sentence}\n"


@pytest.fixture
def towns(pytester: pytest.Pytester) -> pytest.Pytester:
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "towns.md").write_text(
        document("In the towns, 61 of 75 (81%) and 140 of 200 (70%) voted."), encoding="utf-8")
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / "turnout.yaml").write_text(RULE, encoding="utf-8")
    return pytester


def test_each_share_beside_its_own_count_passes(towns: pytest.Pytester) -> None:
    result = run(towns, "--claims", "docs/", "-v")
    result.assert_outcomes(passed=3)  # the rule and its two examples
    result.stdout.fnmatch_lines([
        "rules/turnout.yaml::turnout-matches-share PASSED*",
        "rules/turnout.yaml::turnout-matches-share?each share beside its own count? PASSED*",
        "rules/turnout.yaml::turnout-matches-share?the shares swapped? PASSED*",
    ])


def test_a_share_beside_a_count_it_contradicts_fails(towns: pytest.Pytester) -> None:
    (towns.path / "docs" / "villages.md").write_text(
        document("In the villages, 30 of 40 (60%) and 12 of 16 (75%) voted."), encoding="utf-8")
    result = run(towns, "--claims", "docs/", "-k", "not swapped and not beside")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "rule 'turnout-matches-share' (ratio): 1 contradiction among 12 selected claims",
        "#1 *villages.md:5 (Wire)*30*In the villages, **30** of 40 (60%) and 12 of 16 (75%) voted.",
        "#2 *villages.md:5 (Wire)*60%*In the villages, 30 of 40 (**60%**) and 12 of 16 (75%) voted.",
        '#1 vs #2: "30" of 40 is 75% but "60%" is 60%: they differ by 15 points > 1 points',
    ])
