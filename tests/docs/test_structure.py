"""The README is the front door to docs/, and nothing the docs name is stale.

Every relative link (file and heading) resolves; every code block is of a kind
a test checks; every module, file, command and test name written in `code`
exists.
"""

from __future__ import annotations

import importlib
import importlib.util
import re

import pytest
from helpers.markdown import (
    Block,
    MarkdownFile,
    doc_files,
    edits,
    read,
    scenarios,
    yaml_role,
)
from helpers.paths import DOCS, PROJECT, README, RULES

from pytest_claims.rulefile.load import load_rule_file

FILES: list[MarkdownFile] = [read(path) for path in doc_files()]
FILE_IDS = [doc.name for doc in FILES]
#: code block languages and what checks them
CHECKED = {
    "console": "tests/docs/test_sessions.py",
    "text": "tests/docs/test_limits_doc.py (the limit errors of docs/documents.md)",
    "diff": "tests/docs/test_sessions.py (the edits before a run)",
    "yaml": "tests/docs/test_code_blocks.py and test_sessions.py",
    "pycon": "tests/docs/test_code_blocks.py",
    "markdown": "tests/docs/test_code_blocks.py (front matter)",
    "python": "tests/docs/test_code_blocks.py (the check kind)",
    "sh": "this module (commands) and test_code_blocks.py (python -c)",
    "jsonl": "tests/docs/test_cms_exports_doc.py (the example CMS export)",
    "ini": "tests/docs/test_cms_exports_doc.py (the CMS export field names)",
    "html": "tests/docs/test_web_and_markup_doc.py (the example web page)",
    "md": "tests/docs/test_web_and_markup_doc.py (a Markdown table read as sentences)",
    "": "nothing: a plain block (the package tree)",
}


def code_spans(doc: MarkdownFile) -> list[tuple[str, str]]:
    """Every inline code span of paragraphs and table cells, with where it is."""
    spans = [(code, f"{doc.name}:{p.line}") for p in doc.paragraphs for code in p.codes]
    spans += [(code, row.where) for table in doc.tables for row in table.rows
              for cell in row.cells for code in cell.codes]
    return spans


def test_readme_links_every_doc_and_every_doc_is_linked() -> None:
    readme = read(README)
    linked = {(PROJECT / link.target.split("#")[0]).resolve() for link in readme.links
              if link.target.startswith("docs/")}
    assert linked == {path.resolve() for path in DOCS.glob("*.md")}
    assert {"documents.md", "rules.md", "cookbook.md", "extraction.md", "api.md"} <= {p.name for p in linked}


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_relative_links_resolve_to_a_file_and_heading(doc: MarkdownFile) -> None:
    broken = []
    for link in doc.links:
        if re.match(r"[a-z]+:", link.target):
            continue
        target, _, anchor = link.target.partition("#")
        path = (doc.path.parent / target).resolve() if target else doc.path
        if not path.exists():
            broken.append(f"{link.where}: no file {target}")
        elif anchor and path.suffix == ".md" and anchor not in read(path).anchors:
            broken.append(f"{link.where}: no heading #{anchor} in {path.name}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_every_code_block_is_checked_and_every_edit_is_run(doc: MarkdownFile) -> None:
    unknown = [f"{block.where}: ```{block.language}" for block in doc.blocks if block.language not in CHECKED]
    assert not unknown, "no test checks these blocks:\n" + "\n".join(unknown)
    runs, orphans = scenarios(doc)
    assert not orphans, "edits and files that no console run uses:\n" + "\n".join(b.where for b in orphans)
    for run in runs:
        assert run.console.lines and run.console.lines[0].startswith("$ pytest "), \
            f"{run.where}: a console block is one '$ pytest ...' run and its output"
        for block in run.setup:
            if block.language == "diff":
                assert edits(block)


def declared_paths() -> set[str]:
    """Files the docs create (written by a run, or shown as the file to add)."""
    paths = {yaml_role(block)[1] for doc in FILES for block in doc.blocks
             if block.language == "yaml" and yaml_role(block)[0] == "file"}
    paths |= {block.lines[0][2:].strip() for doc in FILES for block in doc.blocks
              if block.language == "python" and block.lines and block.lines[0].startswith("# ")}
    return paths


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_paths_in_code_exist(doc: MarkdownFile) -> None:
    created = declared_paths()
    missing = []
    for code, where in code_spans(doc):
        if not re.fullmatch(r"[\w.-]*[A-Za-z][\w.-]*(/[\w.-]*)+", code) or code.startswith(("/", "..")):
            continue
        if code not in created and not (PROJECT / code).exists():
            missing.append(f"{where}: {code}")
    assert not missing, "no such file or folder:\n" + "\n".join(missing)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_python_names_in_code_exist(doc: MarkdownFile) -> None:
    names = [(match.group(), where) for code, where in code_spans(doc)
             for match in re.finditer(r"\bpytest_claims(\.\w+)+", code)]
    names += [(match.group(), block.where) for block in doc.blocks if block.language in ("sh", "pycon")
              for match in re.finditer(r"\bpytest_claims(\.\w+)+", block.text)]
    broken = [f"{where}: {name}" for name, where in names if not _resolves(name)]
    assert not broken, "no such module or name:\n" + "\n".join(broken)


def _commands(doc: MarkdownFile) -> list[tuple[str, str]]:
    found = [(code, where) for code, where in code_spans(doc) if code.startswith("python ")]
    found += [(line.split("#")[0].strip(), block.where) for block in doc.blocks if block.language == "sh"
              for line in block.lines if line.startswith("python")]
    return found


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_commands_name_existing_scripts_and_modules(doc: MarkdownFile) -> None:
    broken = []
    for command, where in _commands(doc):
        words = command.split()
        if words[1] == "-m":
            if importlib.util.find_spec(words[2]) is None:
                broken.append(f"{where}: no module {words[2]}")
        elif words[1].endswith(".py") and not (PROJECT / words[1]).is_file():
            broken.append(f"{where}: no script {words[1]}")
    assert not broken, "\n".join(broken)


def test_the_docs_name_commands() -> None:
    commands = [command for doc in FILES for command, _ in _commands(doc)]
    assert "python -m pytest_claims.rulefile.schema --write" in commands
    assert any(command.startswith("python bench/extraction.py") for command in commands)


_NODE = re.compile(r"(rules/[\w.-]+\.ya?ml)::([^\[\]]+)(?:\[(.+)\])?")


@pytest.mark.parametrize("doc", FILES, ids=FILE_IDS)
def test_test_names_in_code_are_bundled_rules_and_examples(doc: MarkdownFile) -> None:
    created = declared_paths()
    wrong = []
    for code, where in code_spans(doc):
        match = _NODE.fullmatch(code)
        if match is None or match.group(1) in created:
            continue
        path = PROJECT / match.group(1)
        rules = {rule.name: rule for rule in load_rule_file(path)} if path.parent == RULES and path.is_file() else {}
        rule = rules.get(match.group(2))
        if rule is None:
            wrong.append(f"{where}: no rule {match.group(2)} in {match.group(1)}")
        elif match.group(3) and match.group(3) not in {e.name for e in rule.examples} | {"sensitivity"}:
            wrong.append(f"{where}: rule {rule.name} has no example '{match.group(3)}'")
    assert not wrong, "\n".join(wrong)


def test_readme_is_the_front_door() -> None:
    """What the README must keep: the three commands, a first rule, every option, the docs, development."""
    readme = read(README)
    commands = [line for block in readme.blocks if block.language == "sh" for line in block.lines]
    assert commands == ["python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]'",
                        "pytest --claims seeds/", "python -m pytest -n auto"]
    headings = [heading.text for heading in readme.headings if heading.level == 2]
    assert headings == ["Quick start", "A first rule", "What a run reports", "Options", "On an archive",
                        "On a cluster", "Documentation", "Development"]
    assert len(readme.text.splitlines()) < 300, "the README stays short: details go to docs/"


def _block_roles(blocks: list[Block]) -> list[str]:
    return [block.language + (f" ({yaml_role(block)[0]})" if block.language == "yaml" else "") for block in blocks]


def test_the_readme_opens_with_a_failing_run() -> None:
    readme = read(README)
    assert _block_roles(list(readme.blocks[:2])) == ["diff", "console"]
    assert readme.blocks[1].line < readme.headings[1].line, "the sample failure comes before the quick start"
