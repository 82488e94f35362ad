"""Run reports (the dict ``build_report`` returns) from real extraction, for the tests of its views.

:func:`export_run` checks records of a real JSONL export (:data:`ALEPPO` contradicts the total).

:func:`edited_run` copies the seeds and the bundled rules into a folder, makes the README's edit (52 of east
Aleppo's 40 neighbourhoods: two error rules fail, and the seeds' warning rule warns as always), adds an empty
document, a broken rule file and a rule that selects nothing, then builds the report as the plugin does.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.cms import export_reader
from pytest_claims.prose.documents import load_catalogue, load_corpus
from pytest_claims.records.errors import RuleError
from pytest_claims.report.json_report import RuleProblem, build_report
from pytest_claims.rulefile.load import load_rules

from .paths import RULES, SEEDS

#: the README's edit, in the one seed that holds it
EDITED = "002_*.txt"
BEFORE, AFTER = "recaptured 32 of east Aleppo", "recaptured 52 of east Aleppo"
WITHIN_TOTAL = "neighbourhood-counts-within-total"
MATCH_AREA = "neighbourhoods-retaken-match-area-retaken"
WARNING_RULE = "one-day-toll-below-offensive-toll"


@dataclass(frozen=True)
class EditedRun:
    root: Path
    report: dict[str, Any] = field(repr=False)  # long: Hypothesis prints a failing example's arguments
    #: the edited seed and the file line of "recaptured 52"
    edited: Path
    line: int
    broken_rule_file: Path
    unicorn_rule_file: Path
    empty_document: Path


def edited_run(root: Path, lines_above: int = 0, problems: bool = True) -> EditedRun:
    """The run's report on an edited copy of the seeds in ``root``; ``lines_above`` blank lines are added at
    the top of the edited article's text (its claims move down, nothing else changes)."""
    seeds, rules = root / "seeds", root / "rules"
    shutil.copytree(SEEDS, seeds)
    [edited] = seeds.glob(EDITED)
    text = edited.read_text(encoding="utf-8")
    assert text.count(BEFORE) == 1
    edited.write_text(("\n" * lines_above) + text.replace(BEFORE, AFTER), encoding="utf-8")
    [line] = [number for number, written in enumerate(edited.read_text(encoding="utf-8").splitlines(), 1)
              if "recaptured 52" in written]
    rules.mkdir()
    empty, broken, unicorns = seeds / "zz-empty.txt", rules / "zz-broken.yaml", rules / "zz-unicorns.yaml"
    problem_list: list[RuleProblem] = []
    if problems:
        empty.write_text("", encoding="utf-8")
        broken.write_text("name: [broken\n", encoding="utf-8")
        unicorns.write_text("name: unicorns-within-total\nselect:\n  counts: [unicorn]\ncheck: bounds\n",
                            encoding="utf-8")
        problem_list = [
            RuleProblem("zz-broken.yaml", (str(broken), 2), RuleError("invalid YAML", str(broken), 2),
                        file_problem=True),
            RuleProblem("unicorns-within-total", (str(unicorns), 1),
                        RuleError("rule 'unicorns-within-total' selected no claims", str(unicorns), 2),
                        "bounds", "error"),
        ]
    bundled = load_rules(sorted(RULES.glob("*.yaml")))
    claims = corpus_claims(load_corpus([seeds]).documents)
    verdicts = {rule.name: evaluate_rule(rule, claims) for rule in bundled}
    positions = {rule.name: (rule.path, rule.line) for rule in bundled}
    report = build_report(load_catalogue([seeds]), claims, verdicts, positions, problem_list)
    return EditedRun(root, report, edited, line, broken, unicorns, empty)


ALEPPO = {"title": "Aleppo", "published": "2016-12-09", "outlet": "Wire",
          "text": "The army had recaptured 52 of east Aleppo's 40 neighbourhoods, about 85% of the area."}
COUNCIL = {"title": "Council", "published": "2016-12-08", "outlet": "Wire", "text": "The council met on Monday."}


def export_run(folder: Path, records: list[dict[str, str]]) -> dict[str, Any]:
    """The report of a real run on one JSONL export in ``folder/news`` (a record per line), checked by the bundled
    rule neighbourhood-counts-within-total only."""
    export = folder / "news" / "export.jsonl"
    export.parent.mkdir(parents=True)
    export.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    reader = export_reader()
    claims = corpus_claims(load_corpus([export.parent], reader).documents)
    rules = load_rules(sorted(RULES.glob("*.yaml")))
    verdicts = {rule.name: evaluate_rule(rule, claims) for rule in rules if rule.name == WITHIN_TOTAL}
    return build_report(load_catalogue([export.parent], reader), claims, verdicts, {}, [])
