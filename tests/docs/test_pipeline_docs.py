"""docs/rules.md "Starting a rules folder" and "Editor support", and docs/ci.md "JUnit XML and warnings": each
promise read from the Markdown and checked against a real run or the shipped files."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers.markdown import Block, MarkdownFile, read
from helpers.paths import DOCS, PROJECT, RULES, SEEDS
from helpers.sessions import run

from pytest_claims.rulefile.schema import SCHEMA_ID, SCHEMA_PATH, render, rule_schema
from pytest_claims.rulefile.starter import starter_rules

RULES_DOC = read(DOCS / "rules.md")
CI_DOC = read(DOCS / "ci.md")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def section(doc: MarkdownFile, title: str) -> str:
    """The Markdown of the section under heading ``title``, up to the next heading of its level or above."""
    [heading] = [heading for heading in doc.headings if heading.text == title]
    end = min((h.line for h in doc.headings if h.line > heading.line and h.level <= heading.level), default=10 ** 9)
    return "\n".join(doc.text.splitlines()[heading.line:end - 1])


def codes(doc: MarkdownFile, title: str) -> list[str]:
    """The inline code spans of the section's paragraphs."""
    [heading] = [heading for heading in doc.headings if heading.text == title]
    end = min((h.line for h in doc.headings if h.line > heading.line and h.level <= heading.level), default=10 ** 9)
    return [code for paragraph in doc.paragraphs if heading.line < paragraph.line < end for code in paragraph.codes]


def blocks(doc: MarkdownFile, title: str, language: str = "") -> list[Block]:
    return [block for block in doc.blocks if block.section == title and block.language == language]


def prose(text: str) -> str:
    """Markdown without its line breaks, for phrases that wrap."""
    return " ".join(text.split())


# ---------------------------------------------------------------- Starting a rules folder

STARTING = "Starting a rules folder"


def test_the_shown_output_is_what_init_prints(pytester: pytest.Pytester) -> None:
    [block] = blocks(RULES_DOC, STARTING)
    result = run(pytester, "--claims-init")
    assert result.ret == pytest.ExitCode.OK
    assert result.outlines == block.lines


def test_the_table_lists_every_starter_file_kind_and_rule() -> None:
    [table] = [table for table in RULES_DOC.tables if table.section == STARTING]
    shown = [(row["file"].codes[0], row["check"].codes[0], row["rule"].codes[0]) for row in table.rows]
    starters = starter_rules(PROJECT / "rules")
    names = [re.search(r"^name: (\S+)$", starter.text, re.MULTILINE) for starter in starters]
    assert shown == [(starter.file, starter.kind, name[1] if name else "") for starter, name in zip(starters, names)]


def test_on_the_seeds_they_pass_but_the_warning_rule(project: pytest.Pytester) -> None:
    text = prose(section(RULES_DOC, STARTING))
    match = re.search(r"On the seeds every starter rule selects claims and is evaluated: (\w+) pass, and the "
                      r"`(\w+)` rule, a warning rule, reports", text)
    assert match, "the section says how many starter rules pass on the seeds"
    assert run(project, "--claims-init", "starter").ret == pytest.ExitCode.OK
    result = run(project, "--claims", "seeds/", "--claims-rules", "starter", "--claims-no-examples",
                 "--junitxml", "junit.xml")
    assert result.ret == pytest.ExitCode.OK
    cases = {case.attrib["name"]: {prop.attrib["name"]: prop.attrib["value"] for prop in case.iter("property")}
             for case in ET.parse(project.path / "junit.xml").iter("testcase")}
    assert len(cases) == len(starter_rules(project.path / "starter"))
    assert all(int(props["claims_selected"]) > 0 for props in cases.values())
    holding = [props["check"] for props in cases.values() if props["contradictions"] == "0"]
    warning = [props["check"] for props in cases.values() if props["severity"] == "warning"]
    assert len(holding) == NUMBER_WORDS[match[1]] and warning == [match[2]]


def test_refusing_to_overwrite_exits_with_the_status_shown(pytester: pytest.Pytester) -> None:
    match = re.search(r"writes nothing and exits with status (\d+)", prose(section(RULES_DOC, STARTING)))
    assert match
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / starter_rules(pytester.path / "rules")[0].file).write_text("x: 1\n", encoding="utf-8")
    result = run(pytester, "--claims-init")
    assert result.ret == int(match[1])
    assert len(list((pytester.path / "rules").iterdir())) == 1


# ---------------------------------------------------------------- Editor support

EDITOR = "Editor support"


def test_the_id_shown_is_the_schemas() -> None:
    match = re.search(r"Its `\$id` is `([^`]+)`", prose(section(RULES_DOC, EDITOR)))
    assert match and match[1] == SCHEMA_ID == rule_schema()["$id"]


def test_the_command_prints_the_installed_schema() -> None:
    [block] = blocks(RULES_DOC, EDITOR, "sh")
    [command] = block.lines
    printed = subprocess.run([sys.executable, *shlex.split(command)[1:]], capture_output=True, text=True,
                             check=True, cwd=PROJECT).stdout.strip()
    assert printed == str(SCHEMA_PATH)
    assert Path(printed).read_text(encoding="utf-8") == render(rule_schema())


def test_the_settings_map_the_schema_to_the_rule_files() -> None:
    [block] = blocks(RULES_DOC, EDITOR)
    settings = json.loads(block.text)
    [(schema, pattern)] = settings["yaml.schemas"].items()
    assert schema.endswith("/" + SCHEMA_PATH.parent.name + "/" + SCHEMA_PATH.name)
    rule_files = [path.relative_to(PROJECT).as_posix() for path in sorted(RULES.glob("*.yaml"))]
    assert rule_files and all(fnmatch.fnmatch(path, pattern) for path in rule_files)


# ---------------------------------------------------------------- JUnit XML and warnings

JUNIT = "JUnit XML and warnings"


@pytest.fixture(scope="module")
def edited_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], ET.ElementTree]:
    """The README's edit, run with --junitxml and --tb=line (once for this module)."""
    folder = tmp_path_factory.mktemp("edited")
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(RULES, folder / "rules")
    [seed] = folder.glob("seeds/002_*.txt")
    seed.write_text(seed.read_text(encoding="utf-8").replace("recaptured 32 of east Aleppo",
                                                             "recaptured 52 of east Aleppo"), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--claims", "seeds/",
                                "--junitxml", "junit.xml", "--tb=line", "--claims-no-examples"],
                               capture_output=True, text=True, check=False, cwd=folder, env={**os.environ, "COLUMNS": "80"})
    assert completed.returncode == pytest.ExitCode.TESTS_FAILED, completed.stdout + completed.stderr
    return completed.stdout.splitlines(), ET.parse(folder / "junit.xml")


def test_the_property_table_is_what_each_rule_case_carries(edited_run: tuple[list[str], ET.ElementTree]) -> None:
    [table] = [table for table in CI_DOC.tables if table.section == JUNIT]
    names = [row["property"].codes[0] for row in table.rows]
    _, tree = edited_run
    rule_cases = [case for case in tree.iter("testcase") if case.find("properties") is not None]
    assert rule_cases
    for case in rule_cases:
        assert [prop.attrib["name"] for prop in case.iter("property")] == names


def test_the_shown_test_case_is_the_runs(edited_run: tuple[list[str], ET.ElementTree]) -> None:
    shown = ET.fromstring(blocks(CI_DOC, JUNIT)[0].text)
    _, tree = edited_run
    [case] = [case for case in tree.iter("testcase") if case.attrib["name"] == shown.attrib["name"]]
    assert case.attrib["classname"] == shown.attrib["classname"]
    assert [prop.attrib for prop in case.iter("property")] == [prop.attrib for prop in shown.iter("property")]
    assert case.find("failure") is not None and shown.find("failure") is not None


def test_the_shown_warning_and_failure_line_are_printed(edited_run: tuple[list[str], ET.ElementTree]) -> None:
    warning_block, line_block = [block for block in CI_DOC.blocks if block.section == JUNIT][1:]
    lines, _ = edited_run
    start = lines.index(next(line for line in lines if "warnings summary" in line))
    assert lines[start + 1:start + 1 + len(warning_block.lines)] == warning_block.lines
    assert set(line_block.lines) <= set(lines)


def test_the_error_filter_shown_fails_the_warning_rule(project: pytest.Pytester) -> None:
    [command] = [code for code in codes(CI_DOC, JUNIT) if " -W " in code]
    args = shlex.split(command.replace("articles/", "seeds/"))
    assert args[0] == "pytest"
    result = run(project, *args[1:], "--claims-no-examples")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAILED rules/one-day-toll.yaml::one-day-toll-below-offensive-toll*"])
    assert result.parseoutcomes()["failed"] == 1


def test_the_ini_filter_shown_fails_the_warning_rule(project: pytest.Pytester) -> None:
    [setting] = [code for code in codes(CI_DOC, JUNIT) if code.startswith("filterwarnings")]
    project.makeini(f"[pytest]\n{setting}\n")
    result = run(project, "--claims", "seeds/", "--claims-no-examples")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["failed"] == 1
