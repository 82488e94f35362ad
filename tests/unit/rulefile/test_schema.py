"""The JSON Schema for rule files: shipped up to date, documented, and in step with the loader."""

from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Iterator, Mapping, Optional, Union

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from helpers.paths import CASES as CASES_DIR
from helpers.paths import RULES

from pytest_claims.checks import CHECKS, Check
from pytest_claims.checks.params import (Choice, ExpressionText, Flag, NamedClaims, Number, NumberOrClaims, Whole,
                                         parameter, parameters)
from pytest_claims.language.selectors import Selector
from pytest_claims.language.numbers import NUMBER_PATTERN, parse_number
from pytest_claims.language.selectors import SELECTOR_KEYS
from pytest_claims.records.errors import RuleError
from pytest_claims.records.model import KINDS
from pytest_claims.records.yamlfile import YamlError, load_yaml
from pytest_claims.rulefile import schema as schema_module
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import BASE_KEYS, EXAMPLE_DOCUMENT_KEYS, EXAMPLE_KEYS
from pytest_claims.rulefile.schema import REGENERATE, SCHEMA_PATH, check_parameters, main, render, rule_schema

RULE_FILES = sorted(RULES.glob("*.y*ml"))
CASES = yaml.safe_load((CASES_DIR / "rule_errors.yaml").read_text(encoding="utf-8"))

SCHEMA = rule_schema()
# format checking on, as a validator that checks formats would: `pattern` is format "regex" (Python's re)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
DEFINITIONS = SCHEMA["definitions"]


def load(text: str) -> Any:
    """A rule file's data as the loader reads it (only true/false are booleans, dates stay text)."""
    return load_yaml(text)


def errors(instance: Any, validator: jsonschema.Draft7Validator = VALIDATOR) -> list[jsonschema.ValidationError]:
    """Every error, with those under anyOf/oneOf (an error's ``context``) too."""
    found: list[jsonschema.ValidationError] = []
    stack = list(validator.iter_errors(instance))
    while stack:
        error = stack.pop()
        found.append(error)
        stack.extend(error.context or ())
    return found


def describe(found: list[jsonschema.ValidationError]) -> str:
    return "\n".join(f"  at {'.'.join(map(str, error.absolute_path)) or '(rule)'}: {error.message}"
                     for error in found) or "  (no errors)"


def names_key(error: jsonschema.ValidationError, key: str, data: Any = None) -> bool:
    if key in error.absolute_path or f"'{key}'" in error.message:
        return True
    # jsonschema leaves a false property schema's key out of the error's path (its instance is the value)
    if error.schema is False:
        parent = data
        for step in error.absolute_path:
            parent = parent[step]
        return isinstance(parent, dict) and key in parent and parent[key] == error.instance
    return False


def validator_for(subschema: Any) -> jsonschema.Draft7Validator:
    """A validator for a part of the schema, resolving its ``#/definitions/...`` against the whole."""
    return VALIDATOR.evolve(schema=subschema)


# ---------------------------------------------------------------- the shipped file


def test_shipped_schema_is_the_generated_one() -> None:
    shipped = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    generated = render(SCHEMA)
    if shipped != generated:
        diff = list(difflib.unified_diff(shipped.splitlines(True), generated.splitlines(True),
                                         "shipped " + SCHEMA_PATH.name, "generated from the code"))
        shown = "".join(diff[:60]) + ("  ...\n" if len(diff) > 60 else "")
        pytest.fail(f"pytest_claims/{SCHEMA_PATH.name} is out of date with the code (rules, checks or "
                    f"pytest_claims/schema.py changed). Regenerate it and commit the result:\n\n"
                    f"    {REGENERATE}\n\n{shown}", pytrace=False)


def test_shipped_file_is_sorted_json_with_a_trailing_newline() -> None:
    text = render(SCHEMA)
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_main_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == render(SCHEMA)


def test_main_write_and_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rule.schema.json"
    monkeypatch.setattr(schema_module, "SCHEMA_PATH", target)
    target.write_text("{}\n", encoding="utf-8")
    assert main(["--check"]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main(["--write"]) == 0
    assert target.read_bytes() == render(SCHEMA).encode("utf-8")
    assert main(["--check"]) == 0


def test_schema_is_draft_07_with_an_id_and_a_title() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    # stable: the same for every install and release, like the report schema's
    assert SCHEMA["$id"] == "urn:pytest-claims:rule.schema.json"
    assert SCHEMA["title"] and SCHEMA["description"]


# ---------------------------------------------------------------- the schema follows the code


def test_rule_keys_are_the_base_keys_and_every_check_parameter() -> None:
    names = {param.name for cls in CHECKS.values() for param in parameters(cls)}
    assert set(DEFINITIONS["rule"]["properties"]) == set(BASE_KEYS) | names


def test_selector_example_and_document_keys_are_the_loaders() -> None:
    assert list(DEFINITIONS["selector"]["properties"]) == list(SELECTOR_KEYS)
    assert list(DEFINITIONS["example"]["properties"]) == list(EXAMPLE_KEYS)
    assert list(DEFINITIONS["document"]["properties"]) == list(EXAMPLE_DOCUMENT_KEYS)


def test_check_and_kind_enums_follow_the_code() -> None:
    assert DEFINITIONS["rule"]["properties"]["check"]["enum"] == list(CHECKS)
    kind = DEFINITIONS["selector"]["properties"]["kind"]["anyOf"]
    assert kind[0]["enum"] == list(KINDS) == kind[1]["items"]["enum"]


def _branch(kind: str) -> dict[str, Any]:
    for branch in DEFINITIONS["rule"]["allOf"]:
        if branch["if"]["properties"]["check"].get("const") == kind:
            return branch["then"]
    raise AssertionError(f"no branch for check '{kind}'")


@pytest.mark.parametrize("kind", list(CHECKS))
def test_each_check_allows_its_own_keys_and_requires_its_required_parameters(kind: str) -> None:
    fields = [field.name for field in dataclasses.fields(CHECKS[kind]) if field.init]
    required = [field.name for field in dataclasses.fields(CHECKS[kind])
                if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING]
    then = _branch(kind)
    assert then["propertyNames"]["enum"] == list(BASE_KEYS) + fields
    assert then.get("required", []) == required


# ---------------------------------------------------------------- every key documented


def documented_keys() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for where in ("rule", "selector", "example", "document"):
        for key, subschema in DEFINITIONS[where]["properties"].items():
            yield where, key, subschema


KEYS = list(documented_keys())


@pytest.mark.parametrize(("where", "key", "subschema"), KEYS, ids=[f"{where}.{key}" for where, key, _ in KEYS])
def test_every_key_has_a_description_and_examples_that_validate(where: str, key: str,
                                                                subschema: dict[str, Any]) -> None:
    assert isinstance(subschema.get("description"), str) and subschema["description"].strip()
    assert subschema.get("markdownDescription") == subschema["description"]
    assert isinstance(subschema.get("examples"), list) and subschema["examples"]
    for example in subschema["examples"]:
        found = errors(example, validator_for(subschema))
        assert not found, f"example {example!r} of {where}.{key} is invalid:\n{describe(found)}"


PARAMETERS = check_parameters()


@pytest.mark.parametrize("param", PARAMETERS, ids=[f"{param.check}.{param.name}" for param in PARAMETERS])
def test_every_check_parameter_example_validates_against_its_own_schema(param: Any) -> None:
    assert param.doc.strip()
    found = errors(param.example, validator_for(param.schema))
    assert not found, f"example {param.example!r} of {param.check}.{param.name}:\n{describe(found)}"


def example_rule(kind: str) -> dict[str, Any]:
    """A rule of check ``kind`` with every parameter set to its documented example."""
    rule: dict[str, Any] = {"name": f"{kind}-example", "check": kind}
    rule.update({param.name: param.example for param in PARAMETERS if param.check == kind})
    return rule


@pytest.mark.parametrize("kind", list(CHECKS))
def test_a_rule_of_parameter_examples_is_valid_and_loads(kind: str, tmp_path: Path) -> None:
    rule = example_rule(kind)
    assert not errors(rule), describe(errors(rule))
    path = tmp_path / "example.yaml"
    path.write_text(yaml.safe_dump(rule, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert [loaded.name for loaded in load_rule_file(path)] == [rule["name"]]


def _schemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object within ``node`` (not the data under examples, enum, default or const)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("properties", "definitions"):
                for sub in value.values():
                    yield from _schemas(sub)
            elif key not in ("examples", "enum", "default", "const", "required", "enumDescriptions"):
                yield from _schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schemas(item)


def test_schema_passes_the_stricter_meta_schema_of_yaml_language_server() -> None:
    """yaml-language-server checks schemas with ajv, whose draft-07 meta-schema wants non-empty enums
    and type lists; a schema it refuses gives no validation at all."""
    for node in _schemas(SCHEMA):
        assert node.get("enum", [None]), node
        assert node.get("type", "object"), node
        assert node.get("required", [None]) or "required" not in node, node


def test_enum_descriptions_line_up_with_their_enums() -> None:
    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "enumDescriptions" in node:
                yield node
            for key, value in node.items():
                if key not in ("examples", "enum", "default", "const"):
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    described = list(walk(SCHEMA))
    assert len(described) >= 4  # check, severity, kind, expect
    for node in described:
        assert len(node["enumDescriptions"]) == len(node["enum"])
        assert all(text.strip() for text in node["enumDescriptions"])


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("text", ["40", "1,000", "85%", "1.5 million", "-3", "+2", ".5", "40 percent",
                                  "2 Thousand", " 10 ", "1,000,000", "3 BILLION", "0.15"])
def test_number_texts_the_loader_reads_match_the_pattern(text: str) -> None:
    parse_number(text)
    assert VALIDATOR.evolve(schema={"pattern": NUMBER_PATTERN}).is_valid(text)


@pytest.mark.parametrize("text", ["forty", "1,00", "1.", "%", "", "85 %%", "1e", "1,0000", "- 3", "12,34.5"])
def test_number_texts_the_loader_refuses_do_not_match(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)
    assert not VALIDATOR.evolve(schema={"pattern": NUMBER_PATTERN}).is_valid(text)


@given(st.text(alphabet="0123456789,.%+- eEmilontpcrhusandbMPT", max_size=16))
def test_number_pattern_agrees_with_parse_number(text: str) -> None:
    try:
        parse_number(text)
        loader_reads_it = True
    except ValueError:
        loader_reads_it = False
    assert VALIDATOR.evolve(schema={"pattern": NUMBER_PATTERN}).is_valid(text) == loader_reads_it


# ---------------------------------------------------------------- rule files the schema accepts


@pytest.mark.parametrize("path", RULE_FILES, ids=[path.name for path in RULE_FILES])
def test_bundled_rule_file_validates(path: Path) -> None:
    found = errors(load(path.read_text(encoding="utf-8")))
    assert not found, f"{path.name}:\n{describe(found)}"


def test_there_are_bundled_rules() -> None:
    assert RULE_FILES


GOOD = {
    "every-selector-key": """\
name: trapped-population-decreases
description: >
  The number of people trapped in east Aleppo can only fall.
select:
  counts: [people, civilians, residents]
  near: [trapped, squeezed, "besieg*"]
  near_all: offensive
  not_near: [fled, killed]
  window: 12
  kind: count
  pattern: 'east(ern)? Aleppo'
  outlet: [Reuters, AFP]
  document: ["00*.txt"]
  source: [Observatory, "Russia's defence ministry"]
check: trend
direction: decreasing
severity: warning
""",
    "numbers-as-text-and-null-description": """\
description:
select: {kind: [count, share], window: "8"}
check: bounds
min: "1,000"
max: 1.5 million
""",
    "null-bound": """\
check: bounds
min:
max: 85%
""",
    "list-of-rules": """\
- name: within-total
  check: bounds
  max: 40
- name: agree
  check: agreement
  within_days: "3"
  tolerance: 15%
  group_by: outlet
""",
    "relation": """\
check: relation
left: {counts: children}
op: "<="
right: {counts: [people, civilians]}
""",
    "complement": """\
check: complement
parts:
  retaken: {near: [retaken, recaptured]}
  held_by_rebels: {near: [penning, "still hold*"]}
whole: 100%
tolerance: 5%
within_days: 1
group_by: source
""",
    "ratio-with-a-total-selector": """\
check: ratio
count: {counts: neighbourhoods}
share: {kind: share}
total: {counts: neighbourhoods, near: total}
""",
    "ratio-with-a-total-number": """\
check: ratio
count: {counts: neighbourhoods}
share: {kind: share}
total: "40"
""",
    "expression": """\
check: expression
claims:
  children: {counts: children}
  killed: {counts: [people, civilians]}
expression: children <= killed
together: document
""",
    "examples": """\
name: neighbourhoods
select: {counts: neighbourhoods}
check: bounds
max: 40
examples:
  - name: within
    expect: pass
    text: Forces took 32 of the 40 neighbourhoods.
    date: 2016-12-01
    outlet: Reuters
    selects: ["32", "40"]
  - expect: fail
    documents:
      - text: Forces hold 52 neighbourhoods.
        date: 2016-12-09
        outlet: AFP
        name: 002_afp.txt
        title: Army advances
""",
}


@pytest.mark.parametrize("text", GOOD.values(), ids=list(GOOD))
def test_good_rule_is_valid_and_loads(text: str, tmp_path: Path) -> None:
    found = errors(load(text))
    assert not found, describe(found)
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_rule_file(path)  # the loader agrees


# ---------------------------------------------------------------- rule files the schema rejects

#: id -> (rule file, the key an error must name)
BAD = {
    "unknown-top-level-key": ("check: bounds\nmax: 10\nmaximum: 20\n", "maximum"),
    "selector-key-at-top-level": ("check: trend\ndirection: decreasing\ncounts: [people]\n", "counts"),
    "unknown-check": ("check: trends\ndirection: decreasing\n", "check"),
    "unknown-check-and-unknown-key": ("check: trends\ndirecton: decreasing\n", "directon"),
    "missing-check": ("name: x\nselect: {counts: people}\n", "check"),
    "trend-without-direction": ("check: trend\n", "direction"),
    "direction-misspelt": ("check: trend\ndirection: decreasng\n", "direction"),
    "kind-counts": ("select: {kind: counts}\ncheck: bounds\nmax: 1\n", "kind"),
    "kind-list-with-a-bad-kind": ("select: {kind: [count, people]}\ncheck: bounds\nmax: 1\n", "kind"),
    "near-a-number": ("select: {near: 5}\ncheck: bounds\nmax: 1\n", "near"),
    "near-a-list-of-numbers": ("select: {near: [5, 6]}\ncheck: bounds\nmax: 1\n", "near"),
    "near-empty-list": ("select: {near: []}\ncheck: bounds\nmax: 1\n", "near"),
    "window-zero-as-text": ("select: {near: x, window: '0'}\ncheck: bounds\nmax: 1\n", "window"),
    "pattern-invalid-regex": ("select: {pattern: 'east(ern'}\ncheck: bounds\nmax: 1\n", "pattern"),
    "trend-with-tolerance": ("check: trend\ndirection: decreasing\ntolerance: 15%\n", "tolerance"),
    "bounds-max-not-a-number": ("check: bounds\nmax: forty\n", "max"),
    "within-days-fractional": ("check: agreement\nwithin_days: 1.5\n", "within_days"),
    "tolerance-a-boolean": ("check: agreement\ntolerance: true\n", "tolerance"),
    "group-by-misspelt": ("check: agreement\ngroup_by: sources\n", "group_by"),
    "group-by-on-bounds": ("check: bounds\nmax: 1\ngroup_by: source\n", "group_by"),
    "relation-side-not-a-mapping": ("check: relation\nleft: children\nop: '<'\nright: {counts: x}\n", "left"),
    "relation-side-unknown-selector-key": ("check: relation\nleft: {count: x}\nop: '<'\nright: {counts: x}\n",
                                           "count"),
    "complement-one-part": ("check: complement\nparts: {retaken: {near: retaken}}\n", "parts"),
    "complement-bad-part-name": ("check: complement\nparts: {held-by: {near: x}, other: {near: y}}\n",
                                 "held-by"),
    "complement-part-named-and": ("check: complement\nparts: {and: {near: x}, other: {near: y}}\n", "and"),
    "ratio-total-a-word": ("check: ratio\ncount: {counts: x}\nshare: {kind: share}\ntotal: forty\n", "total"),
    "ratio-total-null": ("check: ratio\ncount: {counts: x}\nshare: {kind: share}\ntotal:\n", "total"),
    "expression-not-text": ("check: expression\nclaims: {a: {counts: x}}\nexpression: [a]\n", "expression"),
    "expression-missing": ("check: expression\nclaims: {a: {counts: x}}\n", "expression"),
    "together-misspelt": ("check: expression\nclaims: {a: {}}\nexpression: a > 0\ntogether: days\n",
                          "together"),
    "bad-severity": ("check: bounds\nmax: 1\nseverity: high\n", "severity"),
    "name-with-trailing-space": ("name: 'trapped '\ncheck: bounds\nmax: 1\n", "name"),
    "name-on-two-lines": ("name: \"a\\nb\"\ncheck: bounds\nmax: 1\n", "name"),
    "list-rule-without-name": ("- name: a\n  check: bounds\n  max: 1\n- check: bounds\n  max: 2\n", "name"),
    "examples-empty": ("check: bounds\nmax: 1\nexamples: []\n", "examples"),
    "example-without-expect": ("check: bounds\nmax: 1\nexamples:\n  - text: 5 people\n", "expect"),
    "example-expect-misspelt": ("check: bounds\nmax: 1\nexamples:\n  - text: 5 people\n    expect: passes\n",
                                "expect"),
    "example-with-text-and-documents": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n    text: 5 people\n"
                                        "    documents: [{text: 6 people}]\n", "text"),
    "example-with-neither-text-nor-documents": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n", "text"),
    "example-date-with-documents": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n    date: 2016-12-01\n"
                                    "    documents: [{text: 6 people}]\n", "date"),
    "example-date-not-iso": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n    text: 5 people\n"
                             "    date: 1 December 2016\n", "date"),
    "example-unknown-key": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n    text: 5 people\n"
                            "    expected: pass\n", "expected"),
    "example-document-without-text": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n"
                                      "    documents: [{date: 2016-12-01}]\n", "text"),
    "example-document-unknown-key": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n"
                                     "    documents: [{text: x, headline: y}]\n", "headline"),
    "example-selects-a-number": ("check: bounds\nmax: 1\nexamples:\n  - expect: pass\n    text: 5 people\n"
                                 "    selects: [5]\n", "selects"),
}


@pytest.mark.parametrize(("text", "key"), BAD.values(), ids=list(BAD))
def test_bad_rule_is_rejected_naming_the_key(text: str, key: str, tmp_path: Path) -> None:
    data = load(text)
    found = errors(data)
    assert found, "the schema accepts it"
    assert any(names_key(error, key, data) for error in found), f"no error names '{key}':\n{describe(found)}"
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError):  # the loader refuses it too
        load_rule_file(path)


# ---------------------------------------------------------------- against the loader's error cases

#: tests/cases/rule_errors.yaml cases (key, type and enum mistakes) that the schema rejects too
SCHEMA_REJECTS = {
    "unknown-selector-key-did-you-mean", "unknown-top-level-key-did-you-mean-parameter",
    "unknown-top-level-key-lists-valid-keys", "selector-key-at-top-level", "misspelt-selector-key-at-top-level",
    "misspelt-source-key-did-you-mean", "source-key-at-top-level", "parameter-of-another-check",
    "top-level-key-under-select", "parameter-under-select", "unknown-key-in-relation-side", "key-is-not-text",
    "missing-check", "unknown-check-did-you-mean", "unknown-check-without-close-match", "check-is-a-list",
    "missing-required-parameter", "parameter-choice-did-you-mean", "relation-operator-not-a-choice",
    "relation-side-is-a-word", "number-is-not-a-number", "number-is-a-boolean",
    "number-with-bad-thousands-separator", "number-is-a-list", "whole-number-is-fractional",
    "select-is-a-number", "select-is-empty", "word-list-is-a-mapping", "word-list-is-empty",
    "word-list-has-no-value", "word-list-item-is-a-number", "word-list-item-is-blank", "source-item-is-a-number",
    "unknown-kind-did-you-mean", "window-is-zero", "window-is-a-word",
    "invalid-regex-with-position",  # format "regex" (Python's re), for validators that check formats
    "pattern-is-a-list", "name-is-a-list", "name-is-blank", "description-is-a-mapping",
    "list-rule-without-name", "list-item-is-a-word", "empty-list", "empty-file", "comments-only",
    "top-level-scalar",
    "severity-typo-did-you-mean", "examples-not-a-list", "example-without-expect", "example-expect-typo",
    "example-unknown-key-did-you-mean", "example-with-text-and-documents", "example-without-text",
    "example-bad-date", "example-document-without-text", "example-date-beside-documents",
    "example-selects-unquoted-numbers", "complement-needs-two-parts", "complement-parts-is-a-list",
    "named-claim-bad-name", "named-claim-unknown-selector-key", "expression-not-text", "expression-together-typo",
    "ratio-total-not-a-number", "group-by-typo-did-you-mean", "group-by-on-a-check-without-it",
    "comma-in-a-flow-mapping-text",
    "word-list-item-is-a-list", "word-list-item-is-whitespace", "choice-is-empty-text", "choice-is-a-list",
}

#: cases only the loader can catch, and why JSON Schema cannot say it
LOADER_ONLY = {
    "number-is-infinite": "JSON Schema numbers include infinity",
    "unknown-unit-did-you-mean": "the schema does not list the hundreds of unit spellings",
    "ambiguous-unit-symbol": "the schema does not list the hundreds of unit spellings",
    "limit-with-unknown-unit": "the schema does not list the hundreds of unit spellings",
    "limits-in-units-that-do-not-compare": "whether two units compare depends on both limits",
    "check-rejects-values-at-the-named-key": "a check's own range for a value (tolerance below 1)",
    "check-rejects-values-at-the-rule-line": "min above max compares two values",
    "huge-number-shown-without-float-noise": "min above max compares two values",
    "bounds-without-min-or-max": "a check's own rule on which parameters go together",
    "word-without-letters": "what counts as a word's letters is the tokenizer's business",
    "source-without-letters": "what counts as a word's letters is the tokenizer's business",
    "wildcard-inside-a-word": "where '*' may go in a phrase is the phrase parser's business",
    **{case: "format regex is Python's re, which has what RE2 cannot run" for case in (
        "pattern-with-lookbehind", "pattern-with-lookahead", "pattern-with-possessive-quantifier",
        "pattern-with-atomic-group", "pattern-with-backreference", "pattern-with-conditional-group",
        "pattern-repeats-over-1000", "pattern-nested-counts-over-1000", "pattern-in-a-relation-side")},
    "duplicate-rule-names-in-one-file": "draft-07 cannot require a property to be unique across items",
    "example-duplicate-names": "draft-07 cannot require a property to be unique across items",
    "expression-syntax-error-points-at-the-column": "an expression's grammar is the expression parser's business",
    "expression-python-is-refused": "an expression's grammar is the expression parser's business",
    "expression-unknown-name-did-you-mean": "names in an expression are read by the expression parser",
    "expression-unused-named-claim": "names in an expression are read by the expression parser",
    "expression-within-days-without-day": "a check's own rule on which parameters go together",
    "ratio-tolerance-in-points-below-100": "the schema accepts number texts such as \"150%\" without reading their value",
}

#: cases the YAML reader refuses before any schema sees data (the editor's YAML parser flags them)
NOT_YAML = {
    "duplicate-key", "malformed-yaml-unclosed-bracket", "malformed-yaml-bad-indentation",
    "malformed-yaml-tab-indent", "two-yaml-documents", "unsafe-python-tag", "invalid-explicit-timestamp",
    "control-character", "not-utf8",
    "alias-bomb-in-a-choice-key", "alias-refers-to-itself", "python-object-tag-in-plain-words", "key-is-a-list",
}


def test_case_classes_do_not_overlap() -> None:
    assert not (SCHEMA_REJECTS & set(LOADER_ONLY)) and not (SCHEMA_REJECTS & NOT_YAML)
    assert not (set(LOADER_ONLY) & NOT_YAML)


def test_every_classified_case_exists() -> None:
    ids = {case["id"] for case in CASES}
    assert not (SCHEMA_REJECTS | set(LOADER_ONLY) | NOT_YAML) - ids


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_loader_error_case_against_the_schema(case: dict[str, Any]) -> None:
    """Each of the loader's error cases: the schema rejects it too, or there is a reason it cannot."""
    raw = case["text"].encode(case.get("encoding", "utf-8"))
    if case["id"] in NOT_YAML:
        with pytest.raises((YamlError, UnicodeDecodeError)):
            load(raw.decode("utf-8"))
        return
    found = errors(load(raw.decode("utf-8")))
    if case["id"] in SCHEMA_REJECTS:
        assert found, "the schema accepts a rule the loader refuses"
    elif case["id"] in LOADER_ONLY:
        assert not found, ("the schema now rejects this case too: move it from LOADER_ONLY to SCHEMA_REJECTS"
                           f"\n{describe(found)}")
    else:
        verdict = f"rejects it:\n{describe(found)}" if found else "accepts it"
        pytest.fail(f"classify the new case '{case['id']}' in tests/test_schema.py (SCHEMA_REJECTS, LOADER_ONLY "
                    f"with a reason, or NOT_YAML); the schema currently {verdict}", pytrace=False)


# ---------------------------------------------------------------- the generator is generic


@dataclass(frozen=True)
class Shares(Check):
    """Named shares add up to a whole."""

    name: ClassVar[str] = "shares"
    parts: Mapping[str, Selector] = parameter(NamedClaims("the parts", example={"a": {"kind": "share"}, "b": {}},
                                                          min_names=2))
    condition: str = parameter(ExpressionText("what holds", example="a + b <= 100%", names="parts"))
    total: Union[float, Selector, None] = parameter(NumberOrClaims("the whole", example={"counts": "people"}),
                                                    default=None)
    whole: float = parameter(Number("the whole", example="100%"), default=1.0)
    days: int = parameter(Whole("days apart", example="3"), default=0)
    limit: Optional[float] = parameter(Number("a limit", example=2), default=None)
    strict: bool = parameter(Flag("strictly", example=True), default=False)
    scope: Optional[str] = parameter(Choice("scope", example="day", options=("day", "document")), default=None)


def test_generator_handles_every_kind_of_parameter() -> None:
    schema = rule_schema({"shares": Shares})
    validator = jsonschema.Draft7Validator(schema)
    good = {"check": "shares", "parts": {"a": {"kind": "share"}, "_b2": {}}, "condition": "a + _b2 <= 1",
            "total": "1,000", "whole": 1, "days": "3", "limit": None, "strict": False, "scope": "document"}
    assert not errors(good, validator), describe(errors(good, validator))
    assert validator.is_valid({**good, "total": {"counts": "people"}})
    for key, bad in [("parts", {"a": {}}), ("parts", {"2a": {}, "b": {}}), ("parts", {"a": {"cnt": 1}, "b": {}}),
                     ("condition", 5), ("total", "forty"), ("total", None), ("whole", None), ("days", -1.5),
                     ("limit", "x"), ("strict", "yes"), ("scope", None), ("scope", "week")]:
        found = errors({**good, key: bad}, validator)
        assert any(names_key(error, key) for error in found), f"{key}: {bad!r}\n{describe(found)}"
    assert schema["definitions"]["rule"]["allOf"][0]["then"]["required"] == ["parts", "condition"]
    described = schema["definitions"]["rule"]["properties"]
    assert "claims named in `parts`" in described["condition"]["description"]
    assert described["whole"]["default"] == 1 and described["strict"]["default"] is False


def test_generator_refuses_a_parameter_not_declared_with_a_spec() -> None:
    @dataclass(frozen=True)
    class Bare(Check):
        """Bare."""

        name: ClassVar[str] = "bare"
        value: float = 0.0

    with pytest.raises(ValueError, match="parameter 'value' of check kind Bare is not declared with parameter()"):
        rule_schema({"bare": Bare})


def test_generator_refuses_an_undocumented_parameter() -> None:
    @dataclass(frozen=True)
    class Undocumented(Check):
        """Undocumented."""

        name: ClassVar[str] = "undocumented"
        value: float = parameter(Number(" ", example=1), default=0.0)

    with pytest.raises(ValueError, match="'value' of check 'undocumented' needs a doc"):
        rule_schema({"undocumented": Undocumented})
