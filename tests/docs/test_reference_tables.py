"""The docs' reference tables list exactly what the code has: options, keys, check kinds, rules, seeds, fields."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers.markdown import MarkdownFile, Table, doc_files, read
from helpers.options import plugin_options
from helpers.paths import DOCS, README, RULES, SEEDS

from pytest_claims.checks import CHECKS
from pytest_claims.checks.params import parameters
from pytest_claims.language.selectors import SELECTOR_KEYS
from pytest_claims.prose.documents import load_corpus
from pytest_claims.records.model import Quantity
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import BASE_KEYS


def the_table(*columns: str, path: Path | None = None) -> Table:
    """The one table, in the README or docs/, whose header starts with ``columns``."""
    files: list[MarkdownFile] = [read(p) for p in ([path] if path else doc_files())]
    found = [table for doc in files for table in doc.tables_with(*columns)]
    assert len(found) == 1, f"expected one table with the columns {columns}, found {[t.where for t in found]}"
    return found[0]


def first_codes(table: Table) -> list[tuple[str, str]]:
    """Each row's first code span, with the row's place."""
    listed = []
    for row in table.rows:
        assert row.cells[0].codes, f"{row.where}: the first cell names a key in `code`"
        listed.append((row.cells[0].codes[0], row.where))
    return listed


# ---------------------------------------------------------------- options


def test_options_table_lists_every_option_the_plugin_registers_with_its_ini_key() -> None:
    recorder = plugin_options()
    expected = {}
    for names, attrs in recorder.registered:
        takes_value = attrs.get("action") not in ("store_true", "store_false")
        shown = names[0]
        if takes_value and attrs.get("nargs") == "?":  # an optional value: --claims-init [DIR]
            shown += f" [{attrs['metavar']}]"
        elif takes_value:
            shown += f" {attrs['metavar']}"
            if attrs.get("nargs") == "+":
                shown += f" [{attrs['metavar']} ...]"
        ini = attrs["dest"] if attrs["dest"] in recorder.inis else None
        expected[names[0]] = (shown, ini)
    table = the_table("option", "ini key", "meaning", path=README)
    listed = {}
    ini_only = []  # rows without an option: ini keys alone (the fields of a CMS export)
    for row in table.rows:
        ini_codes = row["ini key"].codes
        if not row["option"].codes:
            assert ini_codes, f"{row.where}: a row names an option or an ini key"
            ini_only += ini_codes
            continue
        [option] = row["option"].codes
        listed[option.split()[0]] = (option, ini_codes[0] if ini_codes else None)
    assert listed == expected, table.where
    option_rows = len(table.rows) - sum(1 for row in table.rows if not row["option"].codes)
    assert option_rows == len(expected), f"{table.where}: an option is listed twice"
    assert len(ini_only) == len(set(ini_only)), f"{table.where}: an ini key is listed twice"
    dests = {attrs["dest"] for _, attrs in recorder.registered}
    assert set(ini_only) == set(recorder.inis) - dests, f"{table.where}: every ini key without an option"
    assert {ini for _, ini in listed.values() if ini} == set(recorder.inis) & dests, table.where


# ---------------------------------------------------------------- rule keys, selector keys, check kinds


def test_rule_keys_table_is_the_rule_keys_in_order() -> None:
    table = the_table("rule key", "meaning")
    assert [key for key, _ in first_codes(table)] == list(BASE_KEYS), table.where


def test_selector_keys_table_is_the_selector_keys_in_order() -> None:
    table = the_table("selector key", "meaning")
    assert [key for key, _ in first_codes(table)] == list(SELECTOR_KEYS), table.where


def test_check_kinds_table_is_the_registry_in_order() -> None:
    table = the_table("`check:`")
    assert [kind for kind, _ in first_codes(table)] == list(CHECKS), table.where


@pytest.mark.parametrize("kind", list(CHECKS))
def test_each_check_kind_row_lists_its_parameters_and_which_are_required(kind: str) -> None:
    table = the_table("`check:`")
    [row] = [row for row in table.rows if row.cells[0].codes[:1] == (kind,)]
    declared = parameters(CHECKS[kind])
    keys = row.cells[2]
    assert list(keys.codes) == [p.name for p in declared], f"{row.where}: the keys of '{kind}' in order"
    assert list(keys.strong_codes) == [p.name for p in declared if p.required], \
        f"{row.where}: the required keys of '{kind}' (in bold)"


# ---------------------------------------------------------------- the bundled rules and the seeds


def test_bundled_rules_table_lists_each_rule_file_once_with_its_rule_and_check() -> None:
    table = the_table("file", "rule", "check", "asserts", path=DOCS / "rules.md")
    listed = [row["file"].codes[0] for row in table.rows]
    assert sorted(listed) == sorted(path.name for path in RULES.glob("*.yaml")), \
        f"{table.where}: every file in rules/ is listed once"
    assert len(set(listed)) == len(listed), table.where
    for row in table.rows:
        [rule] = load_rule_file(RULES / row["file"].codes[0])
        assert row["rule"].codes == (rule.name,), row.where
        assert row["check"].codes == (rule.check.name,), f"{row.where}: {rule.name} is a '{rule.check.name}' rule"
        assert ("warning" in row["check"].text) == (rule.severity == "warning"), \
            f"{row.where}: the check column says 'warning' exactly when the rule is one"


def test_seeds_table_is_the_seeds_metadata() -> None:
    table = the_table("file", "outlet", "published", "date from", path=DOCS / "documents.md")
    corpus = load_corpus([SEEDS])
    assert not corpus.problems
    actual = [(d.name, d.outlet, str(d.date), d.date_source) for d in corpus.documents]
    listed = [(row["file"].codes[0], row["outlet"].text, row["published"].text, row["date from"].codes[0])
              for row in table.rows]
    assert listed == actual, table.where


# ---------------------------------------------------------------- the API


def test_quantity_fields_table_names_every_field_once() -> None:
    table = the_table("field", "meaning", path=DOCS / "api.md")
    listed = [code for row in table.rows for code in row["field"].codes]
    fields = [field.name for field in dataclasses.fields(Quantity)] + ["ratio"]
    assert sorted(listed) == sorted(fields), table.where
