"""docs/json-report.md: its field tables are the shipped schema, both ways, and what it promises of the schema holds.

The tables list every field of the report as a dotted path (``rules[].error.line``) with its type; they are
compared with the fields and types read from ``pytest_claims/report.schema.json``, so a field added to the
schema without a row, or a row without its field, fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from helpers.markdown import read
from helpers.options import plugin_options
from helpers.paths import DOCS

from pytest_claims.report.json_report import REPORT_VERSION, SCHEMA_ID, report_schema

DOC = read(DOCS / "json-report.md")
SCHEMA = report_schema()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    return node


def documented_type(node: dict[str, Any]) -> str:
    """How the doc writes a schema node's type."""
    if node.get("$ref") == "#/$defs/claim_id":
        return "claim id"
    if "oneOf" in node:
        return " or ".join(documented_type(option) for option in node["oneOf"])
    node = resolve(node)
    if "const" in node:
        return "string (constant)" if isinstance(node["const"], str) else f"constant {node['const']}"
    if "enum" in node:
        return "string or null" if None in node["enum"] else "string"
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    if types == ["array"]:
        plurals = {"claim id": "claim ids", "object": "objects", "string": "strings", "integer": "integers"}
        return "array of " + plurals[documented_type(node["items"])]
    return " or ".join(types)


def schema_fields(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every field of the schema as (dotted path, documented type); ``[]`` marks the items of an array."""
    for name, child in resolve(node).get("properties", {}).items():
        path = prefix + name
        yield path, documented_type(child)
        child = resolve(child)
        if "oneOf" in child:
            child = resolve([option for option in child["oneOf"] if option.get("type") != "null"][0])
        if child.get("type") == "array":
            yield from schema_fields(child["items"], path + "[].")
        elif child.get("type") == "object":
            yield from schema_fields(child, path + ".")


def documented_fields() -> list[tuple[str, str, str]]:
    rows = [row for table in DOC.tables_with("field", "type", "meaning") for row in table.rows]
    assert rows, f"{DOC.name}: no field tables"
    listed = []
    for row in rows:
        [path, *_] = row["field"].codes
        listed.append((path, row["type"].text, row.where))
    return listed


def test_every_documented_field_is_in_the_schema_with_its_type() -> None:
    actual = dict(schema_fields(SCHEMA))
    wrong = [f"{where}: {path} is not in the schema" if path not in actual else
             f"{where}: {path} is {actual[path]}, not {written}"
             for path, written, where in documented_fields() if actual.get(path) != written]
    assert not wrong, "\n".join(wrong)


def test_every_field_of_the_schema_is_documented_once() -> None:
    listed = [path for path, _, _ in documented_fields()]
    assert len(listed) == len(set(listed)), "a field is listed twice"
    assert sorted(listed) == sorted(path for path, _ in schema_fields(SCHEMA))


def test_every_object_requires_all_its_fields_and_allows_no_other() -> None:
    """The doc promises that no field is left out and no other appears."""
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for child in node.values():
                yield from objects(child)
        elif isinstance(node, list):
            for child in node:
                yield from objects(child)

    found = list(objects(SCHEMA))
    assert len(found) >= 7
    for node in found:
        assert sorted(node["required"]) == sorted(node["properties"]) and node["additionalProperties"] is False


def test_the_id_and_version_the_doc_gives_are_the_schemas() -> None:
    text = " ".join(DOC.text.split())
    assert f"Its `$id` is `{SCHEMA_ID}`" in text and SCHEMA["$id"] == SCHEMA_ID
    assert re.search(rf"`version` field is the report's format version, now {REPORT_VERSION}\b", text)
    assert SCHEMA["properties"]["version"]["const"] == REPORT_VERSION
    assert "draft 2020-12" in text and SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_command_uses_the_plugins_option_and_names_the_closing_line() -> None:
    recorder = plugin_options()
    [command] = [c for p in DOC.paragraphs for c in p.codes if c.startswith("pytest ")]
    words = command.split()
    assert words[words.index("--claims-report-json") + 1] == "claims-report.json"
    assert recorder.options["--claims-report-json"]["metavar"] == "PATH"
    assert "`claims report written to claims-report.json`" in DOC.text
