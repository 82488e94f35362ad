"""An example's ``selects`` list is checked as written, repeats included (real extraction, real YAML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.selfcheck.examples import run_example

RULE = """\
name: trapped-agree
select: {counts: [people], near: [trapped]}
check: agreement
tolerance: 0.1
examples:
  - name: same figure twice
    expect: pass
    selects: SELECTS
    documents:
      - {date: 2016-11-28, text: "About 250,000 people are trapped."}
      - {date: 2016-11-28, text: "SECOND people are trapped."}
"""


@pytest.mark.parametrize(("selects", "second", "missing", "unexpected"), [
    pytest.param('["About 250,000", "About 250,000"]', "About 250,000", (), (), id="listed twice, found twice"),
    pytest.param('["About 250,000", "About 250,000"]', "Some 250,000", ("About 250,000",), ("Some 250,000",),
                 id="listed twice, found once"),
    pytest.param('["About 250,000", "Some 250,000"]', "About 250,000", ("Some 250,000",), ("About 250,000",),
                 id="listed once, found twice"),
])
def test_selects_counts_each_number_as_often_as_it_is_listed(
        tmp_path: Path, selects: str, second: str, missing: tuple[str, ...], unexpected: tuple[str, ...]) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(RULE.replace("SELECTS", selects).replace("SECOND", second), encoding="utf-8")
    (rule,) = load_rule_file(path)
    outcome = run_example(rule, rule.examples[0])
    assert outcome.outcome == "pass"
    assert (outcome.missing, outcome.unexpected) == (missing, unexpected)
    assert outcome.as_expected == (not missing and not unexpected)
