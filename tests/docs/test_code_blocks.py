"""The docs' code blocks run: Python sessions print what they show, YAML rules load and their examples hold.

* ``pycon`` blocks run with the stdlib doctest parser, so each printed output is checked exactly.
* ``yaml`` blocks (see :func:`helpers.markdown.yaml_role`): every rule loads; an excerpt of a bundled
  rule (``# rules/<file>.yaml`` first) is that rule (name, check, select, severity) with some of its
  examples; every example a rule block carries passes or fails as it expects.
* The metadata examples are what the loader reads; the schema line points at the schema; the check
  kind the README shows can be registered and run.
"""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys
import types
from dataclasses import is_dataclass
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from helpers.markdown import Block, MarkdownFile, doc_files, read, yaml_role
from helpers.paths import PROJECT, RULES, SEEDS

from pytest_claims.checks import CHECKS, Check
from pytest_claims.checks.params import parameters
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import load_document, load_metadata
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Example, Rule
from pytest_claims.rulefile.schema import rule_schema
from pytest_claims.selfcheck.examples import example_documents, run_example
from pytest_claims.selfcheck.outcomes import OK
from pytest_claims.selfcheck.sensitivity import analyse_rule

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

DOCS: list[MarkdownFile] = [read(path) for path in doc_files()]
BLOCKS = [block for doc in DOCS for block in doc.blocks]


def blocks(language: str, *roles: str) -> list[Block]:
    found = [block for block in BLOCKS if block.language == language]
    return [block for block in found if yaml_role(block)[0] in roles] if roles else found


def ids(found: list[Block]) -> list[str]:
    return [block.where for block in found]


def load_block(block: Block, folder: Path) -> list[Rule]:
    path = folder / "rule.yaml"
    path.write_text(block.text, encoding="utf-8")
    return load_rule_file(path)


def failed_examples(rule: Rule) -> list[str]:
    return [f"'{outcome.example.name}': expected {outcome.example.expect}, the rule did {outcome.outcome}"
            + (f" (missing {outcome.missing}, unexpected {outcome.unexpected})"
               if outcome.missing or outcome.unexpected else "")
            for outcome in (run_example(rule, example) for example in rule.examples)
            if not outcome.as_expected]


# ---------------------------------------------------------------- Python sessions

PYCON = blocks("pycon")


@pytest.mark.parametrize("block", PYCON, ids=ids(PYCON))
def test_python_session_prints_what_the_doc_shows(block: Block) -> None:
    test = doctest.DocTestParser().get_doctest(block.text, {}, block.where, block.file, block.line)
    assert test.examples, f"{block.where}: a pycon block holds '>>>' lines"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    result = runner.run(test, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)


def test_the_api_doc_has_python_sessions() -> None:
    assert len([block for block in PYCON if block.file == "docs/api.md"]) >= 2


# ---------------------------------------------------------------- rules in YAML

RULE_BLOCKS = blocks("yaml", "rule", "bundled")
BUNDLED_BLOCKS = blocks("yaml", "bundled")


@pytest.mark.parametrize("block", RULE_BLOCKS, ids=ids(RULE_BLOCKS))
def test_rule_block_loads_and_its_examples_hold(block: Block, tmp_path: Path) -> None:
    rules = load_block(block, tmp_path)
    assert rules, block.where
    wrong = [f"rule '{rule.name}', example {message}" for rule in rules for message in failed_examples(rule)]
    assert not wrong, f"{block.where}:\n" + "\n".join(wrong)


def _example_text(example: Example) -> tuple[object, ...]:
    return (example.name, example.expect, example.selects,
            tuple((d.text, d.date, d.outlet, d.title) for d in example.documents))


@pytest.mark.parametrize("block", BUNDLED_BLOCKS, ids=ids(BUNDLED_BLOCKS))
def test_bundled_rule_excerpt_is_the_bundled_rule(block: Block, tmp_path: Path) -> None:
    path = PROJECT / yaml_role(block)[1]
    assert path.parent == RULES and path.is_file(), f"{block.where}: no bundled rule file {path.name}"
    [shown] = load_block(block, tmp_path)
    [bundled] = load_rule_file(path)
    for attribute in ("name", "check", "select", "severity"):
        assert getattr(shown, attribute) == getattr(bundled, attribute), \
            f"{block.where}: the {attribute} differs from {path.name}'s"
    bundled_examples = {_example_text(example) for example in bundled.examples}
    for example in shown.examples:
        assert _example_text(example) in bundled_examples, \
            f"{block.where}: example '{example.name}' is not one of {path.name}'s"


def test_the_cookbook_shows_every_check_kind_as_a_bundled_rule(tmp_path: Path) -> None:
    shown = {rule.check.name for block in BUNDLED_BLOCKS if block.file == "docs/cookbook.md"
             for rule in load_block(block, tmp_path)}
    assert shown == set(CHECKS)


def test_the_readme_first_rule_is_a_bundled_rule() -> None:
    assert [block for block in BUNDLED_BLOCKS if block.file == "README.md"]


# ---------------------------------------------------------------- documents and their metadata


FRONT_MATTER_BLOCKS = [block for block in blocks("markdown") if block.file == "docs/documents.md"]


def test_front_matter_examples_are_yaml_and_toml() -> None:
    assert sorted(block.text[:3] for block in FRONT_MATTER_BLOCKS) == ["+++", "---"]


@pytest.mark.parametrize("block", FRONT_MATTER_BLOCKS, ids=ids(FRONT_MATTER_BLOCKS))
def test_front_matter_example_is_read_as_written(block: Block, tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(block.text, encoding="utf-8")
    fence = block.text[:3]
    _, written, body = block.text.split(fence + "\n", 2)
    front = yaml.safe_load(written) if fence == "---" else tomllib.loads(written)
    day = front["date"].date() if isinstance(front["date"], datetime) else front["date"]  # as written
    document = load_document(path, {})
    assert (document.date, document.outlet, document.title) == (day, front["outlet"], front["title"])
    assert document.text == body, f"{block.where}: the text starts after the closing {fence!r}"
    doc = read(PROJECT / block.file)
    paragraph = doc.paragraph_after(block)
    assert paragraph is not None and document.date_source in paragraph.codes, \
        f"{block.where}: the paragraph after it names the date's origin, {document.date_source!r}"


METADATA_BLOCKS = blocks("yaml", "metadata")


@pytest.mark.parametrize("block", METADATA_BLOCKS, ids=ids(METADATA_BLOCKS))
def test_metadata_excerpt_is_the_seeds_metadata(block: Block) -> None:
    assert yaml_role(block)[1] == "seeds/claims-meta.yaml", block.where
    shown = yaml.safe_load(block.text)
    real = load_metadata(SEEDS)
    assert shown
    for name, entry in shown.items():
        meta = real[name]
        assert {"date": meta.date, "outlet": meta.outlet, "title": meta.title} == entry, f"{block.where}: {name}"
        paragraph = read(PROJECT / block.file).paragraph_after(block)
        source = load_document(SEEDS / name).date_source
        assert paragraph is not None and source in paragraph.codes, \
            f"{block.where}: the paragraph after it names the date's origin, {source!r}"


def test_metadata_example_is_there() -> None:
    assert METADATA_BLOCKS


# ---------------------------------------------------------------- the editor's schema


def test_schema_line_points_at_the_shipped_schema_from_a_rule_file() -> None:
    found = blocks("yaml", "schema line")
    assert found
    for block in found:
        relative = block.lines[0].split("$schema=", 1)[1].strip()
        schema = (RULES / relative).resolve()
        assert schema == PROJECT / "pytest_claims" / "rule.schema.json", block.where
        assert json.loads(schema.read_text(encoding="utf-8"))["definitions"], block.where


def test_schema_location_command_prints_the_schema() -> None:
    commands = [(block, line) for block in blocks("sh") for line in block.lines
                if line.startswith('python -c "') or line == "python -m pytest_claims.rulefile.schema --path"]
    assert commands
    for block, line in commands:
        code = re.fullmatch(r'python -c "(.*)"', line)
        argv = ["-c", code.group(1)] if code else shlex.split(line)[1:]
        printed = subprocess.run([sys.executable, *argv], capture_output=True, text=True,
                                 check=True, cwd=PROJECT).stdout.strip()
        assert Path(printed) == PROJECT / "pytest_claims" / "rule.schema.json", block.where


# ---------------------------------------------------------------- a new check kind


def test_the_development_guide_check_kind_registers_and_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    [block] = [block for block in blocks("python") if block.file == "docs/development.md"
               and block.lines[0].startswith("# pytest_claims/checks/")]
    file = block.lines[0][2:].strip()
    module_name = file.removesuffix(".py").replace("/", ".")
    module = types.ModuleType(module_name)
    module.__package__ = "pytest_claims.checks"
    module.__file__ = str(PROJECT / file)
    monkeypatch.setitem(sys.modules, module_name, module)
    exec(compile(block.text, block.where, "exec"), module.__dict__)  # noqa: S102 - the README's own code
    [kind] = [value for value in vars(module).values()
              if isinstance(value, type) and issubclass(value, Check) and value is not Check]
    assert is_dataclass(kind) and kind.__dataclass_params__.frozen, f"{block.where}: a frozen dataclass"
    assert file.endswith(f"/{kind.name}.py"), f"{block.where}: the module is named after the kind"
    assert [p.name for p in parameters(kind)] == ["limit"]

    monkeypatch.setitem(CHECKS, kind.name, kind)
    assert kind.name in json.dumps(rule_schema()), "the schema describes the new kind"
    rule_file = tmp_path / "rules" / "neighbourhoods.yaml"
    rule_file.parent.mkdir()
    rule_file.write_text(f"""\
name: neighbourhoods-at-most-40
select: {{counts: [neighbourhoods], kind: count}}
check: {kind.name}
limit: 40
examples:
  - name: within the total
    expect: pass
    text: Government forces have retaken 32 of the 40 neighbourhoods of east Aleppo.
  - name: more neighbourhoods than there are
    expect: fail
    text: Government forces have retaken 45 neighbourhoods since the offensive began.
""", encoding="utf-8")
    [rule] = load_rule_file(rule_file)
    assert not failed_examples(rule)
    failing = next(example for example in rule.examples if example.expect == "fail")
    verdict = run_example(rule, failing).verdict
    assert verdict is not None and [v.constraint for v in verdict.violations] == ['"45" exceeds 40']
    claims = corpus_claims(example_documents(rule, rule.examples[0]))
    assert analyse_rule(rule, claims, max_examples=50).status == OK, "sensitivity can use its `satisfying`"


def test_no_other_python_blocks() -> None:
    """Python code shown anywhere else would go untested."""
    assert [block.where for block in blocks("python")] == [
        block.where for block in blocks("python") if block.file == "docs/development.md"
        and block.lines[0].startswith("# pytest_claims/checks/")]
