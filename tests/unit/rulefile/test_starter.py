"""The starter rules of ``--claims-init``: one per check kind, commented, loading, valid against the schema,
pointing editors at the installed schema, and never written over existing files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from helpers.paths import PROJECT

from pytest_claims.checks import CHECKS
from pytest_claims.checks.params import parameters
from pytest_claims.records.yamlfile import load_yaml
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import BASE_KEYS
from pytest_claims.rulefile.schema import SCHEMA_PATH
from pytest_claims.rulefile.starter import (
    StarterError,
    schema_reference,
    starter_rules,
    write_starter,
)

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_file(reference: str, folder: Path) -> Path:
    """The file a ``$schema=`` reference in a rule file of ``folder`` points at."""
    if reference.startswith("file:"):
        return Path(unquote(urlparse(reference).path))
    return (folder / reference).resolve()


def test_one_starter_per_check_kind_in_the_check_tables_order(tmp_path: Path) -> None:
    starters = starter_rules(tmp_path / "rules")
    assert [starter.kind for starter in starters] == list(CHECKS)
    assert len({starter.file for starter in starters}) == len(starters)


@pytest.mark.parametrize("folder", ["inside", "outside"])
def test_first_line_points_at_the_installed_schema(folder: str, tmp_path: Path) -> None:
    # inside: a folder of the project holding the schema (editable install): a relative path that survives
    # a clone; outside: any other folder, the schema's file URI
    where = PROJECT / "rules" if folder == "inside" else tmp_path / "rules"
    for starter in starter_rules(where):
        first = starter.text.splitlines()[0]
        match = MODELINE.fullmatch(first)
        assert match, first
        assert match[1].startswith("file:") == (folder == "outside"), match[1]
        assert schema_file(match[1], where) == SCHEMA_PATH
    assert schema_reference(PROJECT / "rules") == "../pytest_claims/rule.schema.json"


def test_written_rules_load_validate_and_comment_every_key(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "rules")
    assert sorted(path.name for path in written) == sorted(path.name for path in (tmp_path / "rules").iterdir())
    for path, starter in zip(written, starter_rules(tmp_path / "rules")):
        text = path.read_text(encoding="utf-8")
        assert text == starter.text
        [rule] = load_rule_file(path)
        assert rule.check.name == starter.kind
        found = list(VALIDATOR.iter_errors(load_yaml(text)))
        assert not found, (path.name, [error.message for error in found])
        comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        # every key of the rule and every parameter of its check (set or not) is explained in a comment
        keys = set(load_yaml(text)) | {param.name for param in parameters(CHECKS[starter.kind])}
        for key in keys:
            assert re.search(rf"\b{key}\b[^\n]*:", comments), f"{path.name}: no comment explains '{key}'"
    explained = {key for starter in starter_rules(tmp_path) for key in BASE_KEYS
                 if re.search(rf"^# [^\n]*\b{key}\b", starter.text, re.MULTILINE)}
    assert explained == set(BASE_KEYS), "every rule key is explained by some starter"


def test_existing_files_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    taken = folder / starter_rules(folder)[2].file
    taken.write_text("mine\n", encoding="utf-8")
    with pytest.raises(StarterError) as raised:
        write_starter(folder)
    assert str(taken) in str(raised.value) and "nothing was written" in str(raised.value)
    assert [path.name for path in folder.iterdir()] == [taken.name]
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_a_folder_that_cannot_be_made_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(StarterError, match="cannot write the starter rules"):
        write_starter(tmp_path / "file" / "rules")
