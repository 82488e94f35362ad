"""docs/ci.md, "Exit codes", "Pull requests" and "Baseline": the codes are pytest's, the quoted closing lines
are the ones the code writes, the options are the plugin's, the shipped examples exist and the baseline
example is a file as the code writes it."""

from __future__ import annotations

import re

import pytest
from helpers.markdown import read
from helpers.options import plugin_options
from helpers.paths import DOCS, PROJECT

from pytest_claims.records.model import Claim, Quantity, Verdict, Violation
from pytest_claims.report.gating import (
    INCOMPLETE_EXIT_CODE,
    exit_line,
    gate_lines,
    incomplete_reasons,
)
from pytest_claims.store.baseline import Baseline, parse_baseline, render_baseline
from pytest_claims.store.gate import Gate

DOC = read(DOCS / "ci.md")


def section(title: str) -> str:
    start = DOC.text.index(f"\n## {title}\n")
    end = DOC.text.find("\n## ", start + 1)
    return DOC.text[start:end if end > 0 else None]


def flat(text: str) -> str:
    """Markdown prose on one line: code spans may wrap."""
    return " ".join(text.split())


def test_the_sections_exist() -> None:
    assert {"exit-codes", "pull-requests", "baseline"} <= DOC.anchors


def test_the_exit_code_table_is_pytests_codes() -> None:
    [table] = DOC.tables_with("code", "`pytest.ExitCode`", "meaning")
    rows = {int(row["code"].text): row["`pytest.ExitCode`"].codes[0] for row in table.rows}
    assert {code.value: code.name for code in pytest.ExitCode}.items() <= rows.items()
    assert set(rows) - {code.value for code in pytest.ExitCode} <= {6}  # pytest before 9.2 has no 6
    assert pytest.ExitCode(INCOMPLETE_EXIT_CODE).name == "USAGE_ERROR"


def test_the_quoted_last_line_is_the_codes() -> None:
    [block] = [block for block in DOC.blocks if block.section == "Exit codes"]
    assert block.text.strip() == exit_line(incomplete_reasons(1, 0, 0, []), contradictions=True)


def test_the_options_are_the_plugins() -> None:
    options = plugin_options().options
    assert options["--claims-changed"]["nargs"] == "+"  # a pre-commit hook appends the files
    assert options["--claims-baseline"]["dest"] == "claims_baseline"
    assert options["--claims-baseline-update"]["action"] == "store_true"
    for option in ("--claims-changed", "--claims-baseline", "--claims-baseline-update"):
        assert option in DOC.text


def test_the_examples_linked_exist() -> None:
    targets = {link.target for link in DOC.links if link.target.startswith("../")}
    assert {"../examples/github-workflow.yml", "../examples/pre-commit-config.yaml",
            "../.pre-commit-hooks.yaml"} <= targets
    for target in targets:
        assert (DOCS / target).resolve().is_file(), target
    assert "--claims-changed" in (PROJECT / "examples" / "github-workflow.yml").read_text(encoding="utf-8")


def claim(document: str, surface: str) -> Claim:
    quantity = Quantity(52.0, 52.0, 52.0, None, "", "count", surface, (0, len(surface)), number_text=surface)
    return Claim(quantity, document, f"/news/{document}", None, None, None, surface, 0, 1)


def test_the_baseline_example_is_a_file_as_written() -> None:
    [block] = [block for block in DOC.blocks if block.section == "Baseline" and block.text.startswith("{")]
    baseline = parse_baseline(block.text, "docs/ci.md")
    assert render_baseline(baseline) == block.text
    written = Baseline.of([Verdict("neighbourhood-counts-within-total", "bounds", (),
                                   (Violation((claim("002_076498367e560eef.txt", "52"),), "c"),))])
    assert written == baseline


def test_the_quoted_closing_lines_are_the_codes() -> None:
    text = flat(section("Baseline")) + " " + flat(section("Pull requests"))
    found = Baseline({f"rule-{n}": Baseline.of([Verdict("r", "bounds", (), (Violation((claim("a.txt", "1"),), ""),))]
                                               ).rules["r"] for n in range(3)})
    [written] = gate_lines(Gate(), "claims-baseline.json", found)
    assert f"`{written}`" in text
    known = Gate(found)
    for name in found.rules:
        known.keep(Verdict(name, "bounds", (), (Violation((claim("a.txt", "1"),), ""),)))
    [line] = gate_lines(known, "claims-baseline.json", None)
    assert f"`{line}`" in text
    stale = Gate(Baseline({"r": found.rules["rule-0"], "s": found.rules["rule-1"]}))
    stale.keep(Verdict("r", "bounds", ()))
    stale.keep(Verdict("s", "bounds", ()))
    line = gate_lines(stale, "f", None)[1]
    assert re.sub(r": r: .*; run", ": ... run", line) == "2 stale baseline entries: ... run --claims-baseline-update " \
        "to drop them" and "`2 stale baseline entries: ... run --claims-baseline-update to drop them`" in text
    changed = Gate(changed=frozenset({"/news/b.txt"}))
    changed.keep(Verdict("r", "bounds", (), tuple(Violation((claim("a.txt", str(n)),), "") for n in range(3))))
    [line] = gate_lines(changed, None, None)
    assert f"`{line}`" in text
