"""Whole sessions (pytester) where one input raises inside pytest-claims: it becomes the error of that document or
rule, named, and every other document and rule is still checked; the run exits 4 (incomplete)."""

from __future__ import annotations

import json

import pytest

from helpers.sessions import RULE_NAMES, run

RULES = len(RULE_NAMES)

#: a conftest making extraction raise, as an internal bug would, for one document only
FAILING_EXTRACTION = """
import pytest_claims.prose.claims as claims

real = claims.document_claims


def failing(document, *args):
    if document.name == "zz.txt":
        raise RuntimeError("simulated bug")
    return real(document, *args)


claims.document_claims = failing
"""

#: a conftest making one check's evaluation raise for one rule only
FAILING_RULE = """
import pytest_claims.checks.relation as relation


def failing(self, groups):
    raise KeyError("simulated bug")


relation.Relation.evaluate = failing  # the check of one bundled rule only: children-killed.yaml
"""


@pytest.mark.parametrize("processes", [("-p", "no:xdist"), ("-n", "2")], ids=["one process", "xdist"])
def test_a_document_whose_extraction_raises_is_its_error_and_every_rule_runs(project: pytest.Pytester,
                                                                            processes: tuple[str, str]) -> None:
    project.makeconftest(FAILING_EXTRACTION)
    (project.path / "seeds" / "zz.txt").write_text("Shelling killed 12 people, medics said.\n", encoding="utf-8")
    result = run(project, *processes, "--claims", "seeds/", "--claims-no-examples", "--claims-report-json",
                 "report.json")
    assert result.ret == 4, result.stdout.str()
    result.assert_outcomes(passed=RULES)
    result.stdout.fnmatch_lines([
        "6 documents, * quantities, 1 unreadable documents; *",
        "error: seeds/zz.txt: its claims could not be extracted (RuntimeError: simulated bug); the other "
        "documents were checked without it. This is a bug in pytest-claims: please report it with the document",
        "exit code 4 *1 document could not be read*"])
    assert "Traceback" not in result.stdout.str() and "INTERNALERROR" not in result.stdout.str()
    report = json.loads((project.path / "report.json").read_text(encoding="utf-8"))
    [problem] = report["problems"]
    assert problem["kind"] == "document" and problem["file"].endswith("zz.txt")
    assert "RuntimeError: simulated bug" in problem["message"]


def test_a_rule_whose_evaluation_raises_is_its_error_and_the_other_rules_run(project: pytest.Pytester) -> None:
    project.makeconftest(FAILING_RULE)
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "--claims-report-json", "report.json")
    assert result.ret == 4, result.stdout.str()
    result.assert_outcomes(passed=RULES - 1, errors=1)
    result.stdout.fnmatch_lines([
        "rules/children-killed.yaml:2: rule 'children-killed-within-people-killed' could not be evaluated "
        "(KeyError: 'simulated bug'); the other rules ran. This is a bug in pytest-claims: please report it with "
        "the rule file and the documents"])
    assert "Traceback" not in result.stdout.str()
    report = json.loads((project.path / "report.json").read_text(encoding="utf-8"))
    broken = [rule for rule in report["rules"] if rule["outcome"] == "error"]
    assert [rule["name"] for rule in broken] == ["children-killed-within-people-killed"]
    assert "KeyError: 'simulated bug'" in broken[0]["error"]["message"]


def test_a_document_dated_0001_01_01_saying_yesterday_leaves_the_run_whole(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "zz.txt").write_text("Shelling killed 12 people yesterday, medics said on Sunday.\n",
                                                   encoding="utf-8")
    meta = project.path / "seeds" / "claims-meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\nzz.txt:\n  date: 0001-01-01\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=RULES - 1, errors=1)
    result.stdout.fnmatch_lines([
        "rules/one-day-toll.yaml:13: the claim '12' of 'zz.txt' (line 1) has no date: 'yesterday' (before "
        "0001-01-01: date unknown; is the document date a placeholder?); rule 'one-day-toll-below-offensive-toll' "
        "(expression) needs one: give the document its real date in claims-meta.yaml or front matter"])
    assert result.ret == 4


def test_an_alias_bomb_in_a_rule_file_is_its_error_and_the_other_rules_run(project: pytest.Pytester) -> None:
    items = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    items += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (project.path / "rules" / "zz-bomb.yaml").write_text(
        "name: bomb\ncheck: trend\ndirection: [" + ", ".join(items) + "]\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    result.assert_outcomes(passed=RULES, errors=1)
    result.stdout.fnmatch_lines(["rules/zz-bomb.yaml:3: invalid YAML: with the alias *a4, aliases repeat more than "
                                 "100,000 values, * (an alias bomb?): write the values out, or use fewer aliases"])
    assert result.ret == 4


def test_an_alias_bomb_in_claims_meta_is_an_error_at_its_line(project: pytest.Pytester) -> None:
    items = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    items += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    meta = project.path / "seeds" / "claims-meta.yaml"
    text = meta.read_text(encoding="utf-8") + "\nx-bomb: [" + ", ".join(items) + "]\n"
    meta.write_text(text, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    line = len(text.splitlines())
    result.stdout.fnmatch_lines([f"*seeds/claims-meta.yaml:{line}: *with the alias *a4, aliases repeat more than "
                                 f"100,000 values*"])
    assert result.ret == 4
