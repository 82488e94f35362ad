"""Random rule files, generated from the installed rule JSON Schema and then mutated, through the real loader.

Every outcome is loaded rules or a ``RuleError`` naming the file (and a line
of it): never another exception. The rules are drawn from the schema the
package ships (``python -m pytest_claims.rulefile.schema --path``): a check
kind from its enum, the keys its ``allOf`` branch allows, each value from the
property's own schema (type, enum, pattern, items, ``$ref``) or its
``examples``. hypothesis-jsonschema would draw from the same schema, but
0.23.1 (the newest) calls ``many.more()``, which Hypothesis 6.170 no longer
has; this small interpreter covers the keywords the rule schema uses.
Mutations then break what the schema promises: wrong types, unknown keys,
deep nesting, anchors and aliases, huge numbers, empty strings, unicode.
A few whole pytest runs of random rule files against the seeds end without
an INTERNALERROR or a traceback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.paths import RULES, SEEDS
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pytest_claims.records.errors import RuleError, split_lines
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Rule


def _installed_schema() -> dict[str, Any]:
    # the path the README tells users about, asked of the installed package the way they would
    path = subprocess.run([sys.executable, "-m", "pytest_claims.rulefile.schema", "--path"], check=True,
                          capture_output=True, text=True).stdout.strip()
    schema: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return schema


SCHEMA = _installed_schema()
DEFINITIONS: dict[str, Any] = SCHEMA["definitions"]
RULE = DEFINITIONS["rule"]
#: each check kind's allowed keys and required keys, from the rule's allOf of if/then branches
KEYS_OF_CHECK: dict[str, tuple[list[str], list[str]]] = {
    branch["if"]["properties"]["check"]["const"]: (branch["then"]["propertyNames"]["enum"],
                                                   branch["then"].get("required", []))
    for branch in RULE["allOf"] if "const" in branch["if"]["properties"]["check"]
}
UNICODE = ("", " ", "\u200b", "é", "人", "٣", "𝟗", "\u202e", "\x00", "\ufeff", "'", '"', "#", ": ", "- ", "*",
           "&",
           "!", "{", "[", "%", "@", "`", "\\", "\n")
HUGE = (10**400, -10**400, 1e308, -1e308, float("inf"), float("-inf"), float("nan"), 2**63, 1e-320, 0, -0.0)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = {**DEFINITIONS[schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for one property schema (the keywords the rule schema uses), its examples among them."""
    schema = _resolve(schema)
    drawn: list[st.SearchStrategy[Any]] = []
    if "examples" in schema:
        drawn.append(st.sampled_from(schema["examples"]))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        drawn.append(st.sampled_from(schema["enum"]))
    for branch in [*schema.get("anyOf", ()), *schema.get("oneOf", ())]:
        drawn.append(from_schema({**{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, **branch},
                                 depth + 1))
    for part in schema.get("allOf", ()):
        if "anyOf" not in schema and "type" not in schema:
            drawn.append(from_schema({**part, **{k: v for k, v in schema.items() if k != "allOf"}}, depth + 1))
    types = schema.get("type", [])
    for kind in [types] if isinstance(types, str) else types:
        drawn.append(_of_type(kind, schema, depth))
    if not drawn:
        drawn.append(_any_value())
    return st.one_of(drawn)


def _of_type(kind: str, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if kind == "string":
        pattern = schema.get("pattern")
        words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=schema.get("minLength", 0),
                        max_size=schema.get("maxLength", 30))
        if pattern:
            # mostly text the pattern accepts; now and then any text (a blank name, a date of words)
            return st.one_of(st.from_regex(pattern, fullmatch=False).map(lambda text: text[:60]), words)
        return words
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum"), max_value=10**6)
    if kind == "number":
        return st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = schema.get("items", {})
        return st.lists(from_schema(items, depth + 1) if depth < 4 else _any_value(),
                        min_size=schema.get("minItems", 0), max_size=4)
    if kind == "object":
        return _object(schema, depth)
    raise AssertionError(f"schema type {kind} not covered")


def _object(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    if depth > 4:
        return st.just({})
    if properties:
        names = sorted(properties)
        return st.lists(st.sampled_from(names), unique=True, max_size=len(names)).flatmap(
            lambda chosen: st.fixed_dictionaries({name: from_schema(properties[name], depth + 1) for name in chosen}))
    if isinstance(extra, dict):
        return st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), from_schema(extra, depth + 1),
                               min_size=schema.get("minProperties", 0), max_size=3)
    return st.dictionaries(st.text(max_size=8), _any_value(), max_size=3)


def _any_value() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                        st.sampled_from(HUGE), st.sampled_from(UNICODE))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                        max_leaves=8)


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    """One rule as the schema shapes it: a check kind, its required keys and some of its other keys."""
    check = draw(st.sampled_from(sorted(KEYS_OF_CHECK)))
    allowed, required = KEYS_OF_CHECK[check]
    optional = [key for key in allowed if key not in required and key != "check"]
    keys = [*required, *draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))]
    rule = {"check": check}
    for key in keys:
        if key != "check":
            rule[key] = draw(from_schema(RULE["properties"][key]))
    return rule


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one place broken: a wrong type, an unknown key, a huge number, an empty or odd string."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value, key=str)))
        return {**value, key: draw(mutated(value[key]))}
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        return [*value[:index], draw(mutated(value[index])), *value[index + 1:]]
    return draw(st.one_of(
        _any_value(),
        st.sampled_from(HUGE),
        st.sampled_from(UNICODE),
        st.just(value).map(lambda inner: {"unknown_key": inner}),
        st.just(value).map(lambda inner: [inner]),
        st.integers(50, 400).map(lambda depth: _nested(depth)),
        st.just(value).map(lambda inner: {**inner, "not_a_key": 1} if isinstance(inner, dict) else inner),
    ))


def _nested(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=80)


#: rule files as text: valid by the schema, mutated, a list of rules, and text edits (aliases, anchors, bombs)
documents = st.one_of(
    rules().map(_dump),
    rules().flatmap(mutated).map(_dump),
    st.lists(rules().map(lambda rule: {"name": "r", **rule}), min_size=1, max_size=3).flatmap(
        lambda listed: st.one_of(st.just(listed), mutated(listed))).map(_dump),
    _any_value().map(_dump),
)


@st.composite
def edited_texts(draw: st.DrawFn) -> str:
    """A rule file's text with YAML-level trouble spliced into one line: anchors, aliases, tags, bombs, cut text."""
    text = draw(documents)
    lines = text.split("\n")
    index = draw(st.integers(0, len(lines) - 1))
    trouble = draw(st.sampled_from((
        "&a [x, x]", "*a", "*undefined", "<<: *a", "!!python/object:os.system x", "!!binary AAAA", "? [a, b]\n: 1",
        "!!set {a, b}", "!!timestamp x", "!!timestamp", "%YAML 1.1", "--- \n", "...", "\t", "{", "[", "'", '"', "|", ">",
        "\x00", "\ufeff", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "severity: &b [*b]", ("a: &x [1,2]\nb: &y [*x,*x,*x,*x,*x,*x,*x,*x]\nc: [*y,*y,*y,*y,*y,*y,*y,*y]\n"
                              "severity: [*c,*c,*c,*c,*c,*c,*c,*c]"), "[" * 2000 + "]" * 2000, "- " * 500 + "x",
    )))
    at = draw(st.integers(0, len(lines[index])))
    lines[index] = lines[index][:at] + trouble + lines[index][at:]
    cut = draw(st.one_of(st.none(), st.integers(0, len(text))))
    edited = "\n".join(lines)
    return edited if cut is None else edited[:cut]


def assert_loads_or_names_the_file(path: Path) -> None:
    try:
        rules_loaded = load_rule_file(path)
    except RuleError as error:
        event("a rule error")
        assert error.path == str(path), error
        assert error.message.strip(), error
        lines = split_lines(path.read_bytes().decode("utf-8", "replace"))
        assert error.line is None or 1 <= error.line <= len(lines) + 1, error
        return
    event("loaded")
    assert rules_loaded and all(isinstance(rule, Rule) for rule in rules_loaded)


@settings.get_profile("fuzz:rule-file")
@given(text=documents)
def test_rule_files_from_the_schema_load_or_fail_naming_the_file(tmp_path_factory: pytest.TempPathFactory,
                                                                 text: str) -> None:
    path = tmp_path_factory.mktemp("rules") / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    assert_loads_or_names_the_file(path)


@settings.get_profile("fuzz:rule-file")
@given(text=edited_texts())
def test_edited_rule_files_load_or_fail_naming_the_file(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("rules") / "rule.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_loads_or_names_the_file(path)


@settings.get_profile("fuzz:rule-run")
@given(texts=st.lists(st.one_of(documents, edited_texts()), min_size=2, max_size=4))
def test_runs_of_random_rule_files_end_without_an_internal_error(tmp_path_factory: pytest.TempPathFactory,
                                                                 texts: list[str]) -> None:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, project / "seeds")
    (project / "rules").mkdir()
    shutil.copy(RULES / "death-toll.yaml", project / "rules")
    for number, text in enumerate(texts):
        (project / "rules" / f"random{number}.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--claims", "seeds/",
                          "--claims-jobs", "1", "-v"], cwd=project, capture_output=True, text=True, timeout=300,
                          check=False)
    output = run.stdout + run.stderr
    assert "INTERNALERROR" not in output, output
    assert "Traceback (most recent call last)" not in output, output
    assert run.returncode in (0, 1, 4), (run.returncode, output)
    # one bad rule file takes no other down: the bundled rule still runs and holds, each random file is reported
    assert "rules/death-toll.yaml::offensive-death-toll-never-decreases PASSED" in output, output
    for number in range(len(texts)):
        assert f"rules/random{number}.yaml::" in output, output


def test_a_timestamp_tag_on_other_text_is_a_rule_error(tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text("check: !!timestamp x\n", encoding="utf-8")
    with pytest.raises(RuleError) as raised:
        load_rule_file(path)
    assert raised.value.path == str(path) and raised.value.line == 1
    assert "'x' is not a date: !!timestamp needs a date such as 2016-12-09" in raised.value.message
