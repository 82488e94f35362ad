"""JSON Schema (draft-07) for rule files, generated from the code.

An editor who starts a rule file with::

    # yaml-language-server: $schema=../pytest_claims/rule.schema.json

gets completion, hover docs and validation in VS Code (the YAML extension,
i.e. yaml-language-server). The schema is built from the same tables the
loader uses -- :data:`~pytest_claims.rulefile.rule.BASE_KEYS`,
:data:`~pytest_claims.language.selectors.SELECTOR_KEYS`, the check kinds of
:data:`~pytest_claims.checks.CHECKS` with their parameter declarations
(:mod:`pytest_claims.checks.params`, which give each value's schema) -- plus
the descriptions below, so it cannot drift from the loader.
``tests/unit/rulefile/test_schema.py`` checks that the shipped
``pytest_claims/rule.schema.json`` equals :func:`rule_schema`; regenerate it with::

    python -m pytest_claims.rulefile.schema --write

The schema is a help for editors, not the authority: the loader
(:func:`pytest_claims.rulefile.load.load_rule_file`) also checks what JSON
Schema cannot say (words that have no letters, regex safety, ``min`` above
``max``, duplicate rule names, ...).
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from ..checks import CHECKS, Check
from ..checks.params import NOT_BLANK_PATTERN, SELECTOR_REF, Declared, parameters
from ..language.patterns import MAX_PATTERN_LENGTH
from ..language.selectors import SELECTOR_KEYS, WORD_LIST_KEYS
from ..records.model import KINDS
from .rule import BASE_KEYS, EXAMPLE_DOCUMENT_KEYS, EXAMPLE_KEYS, EXPECTATIONS, SEVERITIES

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "rule.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
#: Stable across releases and installs, and not an address: editors read the installed copy (its path:
#: ``python -m pytest_claims.rulefile.schema --path``); ``#/definitions/...`` resolve within the file.
SCHEMA_ID = "urn:pytest-claims:rule.schema.json"
REGENERATE = "python -m pytest_claims.rulefile.schema --write"

EXAMPLE_REF = {"$ref": "#/definitions/example"}
DOCUMENT_REF = {"$ref": "#/definitions/document"}

# ---------------------------------------------------------------- value shapes


#: one line, no leading or trailing space (Python's ``$`` also matches before a final newline,
#: hence the look-ahead rather than a trailing ``\S$``)
ONE_LINE_PATTERN = r"^(?!\s)(?![\s\S]*\s$)[^\n]+$"
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

def _word_list() -> dict[str, Any]:
    # One schema, not anyOf, so a mistake gives one error at the right place.
    return {"type": ["string", "array"], "pattern": NOT_BLANK_PATTERN, "minItems": 1,
            "items": {"type": "string", "pattern": NOT_BLANK_PATTERN,
                      "patternErrorMessage": "A word must not be blank."},
            "patternErrorMessage": "A word must not be blank."}


# ---------------------------------------------------------------- hand-written docs

#: what each quantity kind means (one per model.KINDS)
KIND_DOCS = {
    "count": "a number of things: 250,000 people, 40 neighbourhoods",
    "share": "a part of a whole: 85%, a third, three quarters",
    "measure": "anything with a physical or currency unit: 12 km, $2.5bn",
    "duration": "a time span: 24 hours, five years (never a count)",
}

SEVERITY_DOCS = {
    "error": "the rule's contradictions fail the run (the default)",
    "warning": "the rule's contradictions are listed in the report but do not fail the run",
}

EXPECT_DOCS = {
    "pass": "the rule finds no contradiction in this example",
    "fail": "the rule finds at least one contradiction in this example",
}

#: rule-level keys (beside the check's own parameters); checks and their kinds are filled in
RULE_KEY_DOCS: dict[str, dict[str, Any]] = {
    "name": {
        "description": "The rule's name: the name of its pytest test and of the rule in the report. One "
                       "line, no leading or trailing spaces. In a file holding one rule it defaults to "
                       "the file name without `.yaml`; each rule of a list of rules needs one.",
        "examples": ["trapped-population-decreases"],
    },
    "description": {
        "description": "What the rule asserts and why, in plain words; shown when it fails.",
        "examples": ["The number of people trapped in besieged east Aleppo can only fall as government "
                     "forces take districts and residents flee."],
    },
    "select": {
        "description": "Which claims the rule is about: a selector, a mapping whose conditions must all "
                       "hold for a claim (leave it out to select every claim). Word lists are "
                       "alternatives, except `near_all` (every one) and `not_near` (none).",
        "examples": [{"counts": ["people", "civilians", "residents"], "near": ["trapped", "besieged"],
                      "not_near": ["killed", "fled"], "kind": "count"}],
    },
    "check": {
        "description": "What must hold for the selected claims; the check's own parameters sit beside "
                       "this key at the top level of the rule.",
    },
    "severity": {
        "description": "How a contradiction counts: `error` (the default) fails the run; `warning` "
                       "lists the rule's contradictions in the report but does not fail the run.",
        "examples": ["warning"],
    },
    "examples": {
        "description": "Self-tests of the rule: tiny documents it must pass or fail on (`expect`), "
                       "optionally with the numbers it must select in them (`selects`). They run through "
                       "the same extraction as real documents and show what the rule means.",
        "examples": [[
            {"name": "later estimate is lower", "expect": "pass",
             "documents": [{"text": "An estimated 250,000 people are trapped in east Aleppo.",
                            "date": "2016-11-20"},
                           {"text": "About 100,000 people remain trapped in east Aleppo.",
                            "date": "2016-12-09"}],
             "selects": ["An estimated 250,000", "About 100,000"]},
            {"name": "population cannot grow", "expect": "fail",
             "documents": [{"text": "Some 200,000 people are besieged.", "date": "2016-11-20"},
                           {"text": "300,000 people are besieged.", "date": "2016-11-25"}]},
        ]],
    },
}

SELECTOR_DOCS: dict[str, dict[str, Any]] = {
    "counts": {
        "description": "The noun the number counts is one of these: `people` in \"250,000 people have "
                       "been trapped\", `neighbourhoods` in \"32 of east Aleppo's 40 neighbourhoods\". "
                       "Singular and plural are the same (`civilians` = `civilian`), case is ignored, "
                       "and `neighbo*` matches any noun starting with `neighbo`. A word or a list.",
        "examples": [["people", "civilians", "residents"], "neighbourhoods"],
    },
    "near": {
        "description": "At least one of these words or phrases is near the number: in its sentence, or "
                       "within `window` words of it. Words match whole words, case-insensitively; "
                       "`besieg*` matches any word starting with `besieg`; `\"death toll\"` matches the "
                       "two words in a row. A word or a list.",
        "examples": [["trapped", "besieg*", "under siege"]],
    },
    "near_all": {
        "description": "Every one of these words or phrases is near the number (in its sentence, or "
                       "within `window` words). A word or a list.",
        "examples": [["offensive"]],
    },
    "not_near": {
        "description": "None of these words or phrases is near the number (in its sentence, or within "
                       "`window` words). A word or a list.",
        "examples": [["killed", "died", "bodies", "fled"]],
    },
    "window": {
        "description": "How many words either side of the number count as near, for `near`, `near_all` "
                       "and `not_near`; the number's own words do not count. Default: the whole "
                       "sentence. A whole number, at least 1.",
        "examples": [12],
    },
    "kind": {
        "description": "The kind of quantity: " + "; ".join(f"`{kind}`: {KIND_DOCS.get(kind, '')}"
                                                             for kind in KINDS)
                       + ". One kind or a list.",
        "examples": ["count", ["count", "share"]],
    },
    "unit": {
        "description": "The number's unit is one of these: a currency code (`USD`, `GBP`, `EUR`; case is "
                       "ignored; \"$2.5bn\" is read as US dollars) or a unit's name or symbol (`km/h`, "
                       "`kilometre per hour`, `mph`, `MW`, `megawatt`). A unit selects itself only: `km/h` "
                       "does not select \"145 mph\" (list both). Counts and shares have no unit. A unit or "
                       "a list.",
        "examples": [["USD"], ["km/h", "mph"]],
    },
    "pattern": {
        "description": "A regular expression (Python syntax) that must match somewhere in the number's "
                       "sentence, case-insensitively. It runs on RE2, in time linear in the sentence, so "
                       "a rule cannot hang the run; at most "
                       f"{MAX_PATTERN_LENGTH} characters, without lookarounds, backreferences, possessive "
                       "quantifiers or atomic groups.",
        "examples": ["east(ern)? Aleppo"],
    },
    "outlet": {
        "description": "The document's outlet (from its metadata) is one of these; case is ignored. A "
                       "word or a list.",
        "examples": [["Reuters", "AFP"]],
    },
    "source": {
        "description": "Who the sentence attributes the number to contains one of these words or "
                       "phrases: `Observatory` matches \"Syrian Observatory for Human Rights\", `UN` "
                       "matches \"UN\" and \"UN human rights office\" but not \"unknown\". A claim "
                       "without a source never matches. A word or a list.",
        "examples": [["Observatory", "Russia's defence ministry"]],
    },
    "document": {
        "description": "The document's file name matches one of these globs (`*`, `?`, `[...]`). A "
                       "glob or a list.",
        "examples": [["00*.txt"], "002_*.txt"],
    },
}

EXAMPLE_DOCS: dict[str, dict[str, Any]] = {
    "name": {
        "description": "A short name for this example, shown when it does not behave as expected.",
        "examples": ["later estimate is lower"],
    },
    "expect": {
        "description": "What the rule must do on this example: " + "; ".join(
            f"`{value}`: {doc}" for value, doc in EXPECT_DOCS.items()) + ".",
        "examples": ["fail"],
    },
    "text": {
        "description": "The text of a one-document example (give either `text` or `documents`).",
        "examples": ["An estimated 250,000 people are trapped in east Aleppo, the UN said."],
    },
    "date": {
        "description": "The publication date of the `text` document, as YYYY-MM-DD; its claims hold on "
                       "this date unless the sentence dates them.",
        "examples": ["2016-11-28"],
    },
    "outlet": {
        "description": "The outlet of the `text` document (for rules that select by `outlet`).",
        "examples": ["Reuters"],
    },
    "documents": {
        "description": "The documents of a several-document example (give either `text` or "
                       "`documents`), for checks that compare claims across documents or dates.",
        "examples": [[{"text": "An estimated 250,000 people are trapped.", "date": "2016-11-20"},
                      {"text": "About 100,000 people remain trapped.", "date": "2016-12-09"}]],
    },
    "selects": {
        "description": "The numbers, as written in the example's text (\"about 250,000\", \"300,000\"), "
                       "that the rule must select in this example: no more and no fewer. Leave out to "
                       "not check what it selects.",
        "examples": [["about 250,000", "300,000"]],
    },
}

DOCUMENT_DOCS: dict[str, dict[str, Any]] = {
    "text": {
        "description": "The document's text.",
        "examples": ["About 100,000 people remain trapped in east Aleppo."],
    },
    "date": {
        "description": "The document's publication date, as YYYY-MM-DD; its claims hold on this date "
                       "unless the sentence dates them.",
        "examples": ["2016-12-09"],
    },
    "outlet": {
        "description": "The document's outlet (for rules that select by `outlet`).",
        "examples": ["AFP"],
    },
    "name": {
        "description": "The document's file name (what a selector's `document` globs match).",
        "examples": ["002_example.txt"],
    },
    "title": {
        "description": "The document's headline.",
        "examples": ["Syrian army advances in east Aleppo"],
    },
}


# ---------------------------------------------------------------- check parameters


_NO_DEFAULT = object()


@dataclass(frozen=True)
class Parameter:
    """One YAML parameter of one check kind, as the schema sees it."""

    check: str
    name: str
    doc: str
    example: Any
    #: the JSON Schema constraint on the value (no description or examples)
    schema: Mapping[str, Any]
    required: bool
    default: Any  # _NO_DEFAULT when there is none (or it is not plain JSON)
    note: str  # what kind of value to write, in words


def check_parameters(checks: Optional[Mapping[str, type[Check]]] = None) -> list[Parameter]:
    """Every parameter of every check kind, in registry and field order."""
    checks = CHECKS if checks is None else checks
    return [_parameter(kind, param) for kind, cls in checks.items() for param in parameters(cls)]


def _parameter(kind: str, param: Declared) -> Parameter:
    where = f"parameter '{param.name}' of check '{kind}'"
    if not param.spec.doc.strip():
        raise ValueError(f"{where} needs a doc (it becomes the schema's description)")
    if param.name in BASE_KEYS:
        raise ValueError(f"{where} has the name of a rule-level key")
    schema, note = param.spec.schema(param.nullable)
    default = _NO_DEFAULT
    if not param.required and _is_plain(param.default) and param.default is not None:
        default = _plain_number(param.default)
    return Parameter(kind, param.name, param.spec.doc, param.spec.example, schema, param.required, default, note)


def _plain_number(value: Any) -> Any:
    """1.0 -> 1, so a completion inserts what an editor would write."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _is_plain(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _summary(cls: type) -> str:
    """The first paragraph of a class docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n")[0].split()).replace("``", "`")  # reST literals as Markdown


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _usage(use: Parameter) -> str:
    if use.required:
        return "required"
    if use.default is not _NO_DEFAULT:
        return f"optional, default {_shown(use.default)}"
    return "optional"


def _parameter_description(uses: Sequence[Parameter]) -> str:
    docs = {use.doc for use in uses}
    notes = {use.note for use in uses}
    if len(uses) == 1:
        use = uses[0]
        return (f"{_sentence(use.doc)}\n\nParameter of `check: {use.check}` ({_usage(use)}). "
                f"{_sentence(use.note)}")
    if len(docs) == 1 and len(notes) == 1:
        where = " and ".join(f"`check: {use.check}` ({_usage(use)})" for use in uses)
        return f"{_sentence(uses[0].doc)}\n\nParameter of {where}. {_sentence(uses[0].note)}"
    lines = [f"- `check: {use.check}` ({_usage(use)}): {_sentence(use.doc)} {_sentence(use.note)}"
             for use in uses]
    return "Parameter of several checks:\n\n" + "\n".join(lines)


def _documented(constraint: Mapping[str, Any], docs: Mapping[str, Any]) -> dict[str, Any]:
    """``constraint`` with a description and examples (beside a ``$ref`` they would be ignored)."""
    if "$ref" in constraint:
        return {**docs, "allOf": [dict(constraint)]}
    return {**constraint, **docs}


def _unique(values: Sequence[Any]) -> list[Any]:
    seen: list[str] = []
    out = []
    for value in values:
        key = json.dumps(value, sort_keys=True)
        if key not in seen:
            seen.append(key)
            out.append(value)
    return out


# ---------------------------------------------------------------- the schema


def _require_docs(table: Mapping[str, Any], keys: Sequence[str], what: str) -> None:
    missing = [key for key in keys if key not in table]
    stale = [key for key in table if key not in keys]
    if missing or stale:
        raise ValueError(f"pytest_claims/schema.py: the {what} docs are out of step with the code: "
                         f"undocumented {missing}, documented but unknown {stale}")


def _selector_definition() -> dict[str, Any]:
    _require_docs(SELECTOR_DOCS, SELECTOR_KEYS, "selector key")
    _require_docs(KIND_DOCS, KINDS, "kind")
    properties = {}
    for key in SELECTOR_KEYS:
        if key == "kind":
            constraint: dict[str, Any] = {"anyOf": [{"enum": list(KINDS)},
                                                    {"type": "array", "minItems": 1,
                                                     "items": {"enum": list(KINDS)}}]}
        elif key == "window":
            constraint = {"type": ["integer", "string"], "minimum": 1,
                          "pattern": r"^\s*(?!0+\s*$)[0-9]{1,9}\s*$",
                          "patternErrorMessage": "Write a whole number of words, at least 1."}
        elif key == "pattern":
            # format regex: checked (with Python's re, the loader's syntax) by validators that check formats
            constraint = {"type": "string", "minLength": 1, "maxLength": MAX_PATTERN_LENGTH, "format": "regex"}
        elif key in WORD_LIST_KEYS:
            constraint = _word_list()
        else:
            raise ValueError(f"pytest_claims/schema.py: no value schema for selector key '{key}'")
        properties[key] = _documented(constraint, SELECTOR_DOCS[key])
    properties["kind"]["anyOf"][0]["enumDescriptions"] = [KIND_DOCS[kind] for kind in KINDS]
    return {
        "type": "object",
        "description": "A selector: conditions a claim must all meet. Word lists are alternatives "
                       "(any of them), except `near_all` (every one) and `not_near` (none). An empty "
                       "selector matches every claim.",
        "properties": properties,
        "additionalProperties": False,
    }


def _example_definition() -> dict[str, Any]:
    text = {"type": "string", "pattern": NOT_BLANK_PATTERN}
    date = {"type": "string", "pattern": ISO_DATE_PATTERN, "format": "date",
            "patternErrorMessage": "Write the date as YYYY-MM-DD."}
    constraints: dict[str, dict[str, Any]] = {
        "name": {"type": "string", "pattern": NOT_BLANK_PATTERN},
        "expect": {"enum": list(EXPECT_DOCS), "enumDescriptions": list(EXPECT_DOCS.values())},
        "text": text,
        "date": date,
        "outlet": {"type": "string", "pattern": NOT_BLANK_PATTERN},
        "documents": {"type": "array", "minItems": 1, "items": dict(DOCUMENT_REF)},
        "selects": _word_list(),
    }
    _require_docs(constraints, EXAMPLE_KEYS, "example key")
    _require_docs(EXAMPLE_DOCS, EXAMPLE_KEYS, "example key")
    _require_docs(EXPECT_DOCS, EXPECTATIONS, "expect value")
    return {
        "type": "object",
        "description": "One self-test of the rule: a text (or several documents), whether the rule must "
                       "pass or fail on it, and optionally the numbers it must select.",
        "properties": {key: _documented(constraints[key], EXAMPLE_DOCS[key]) for key in EXAMPLE_KEYS},
        "additionalProperties": False,
        "required": ["expect"],
        # exactly one of text / documents; date and outlet go with text (a document has its own)
        "if": {"required": ["documents"]},
        # yaml-language-server reports a false property schema at the key, with this errorMessage
        "then": {"properties": {"text": False, "date": False, "outlet": False},
                 "errorMessage": "An example has `text` (with its `date` and `outlet`) or `documents` (each "
                                 "with its own), not both."},
        "else": {"required": ["text"]},
    }


def _document_definition() -> dict[str, Any]:
    constraints: dict[str, dict[str, Any]] = {
        "text": {"type": "string", "pattern": NOT_BLANK_PATTERN},
        "date": {"type": "string", "pattern": ISO_DATE_PATTERN, "format": "date",
                 "patternErrorMessage": "Write the date as YYYY-MM-DD."},
        "outlet": {"type": "string", "pattern": NOT_BLANK_PATTERN},
        "name": {"type": "string", "pattern": NOT_BLANK_PATTERN},
        "title": {"type": "string", "pattern": NOT_BLANK_PATTERN},
    }
    _require_docs(constraints, EXAMPLE_DOCUMENT_KEYS, "example document key")
    _require_docs(DOCUMENT_DOCS, EXAMPLE_DOCUMENT_KEYS, "example document key")
    return {
        "type": "object",
        "description": "One document of an example.",
        "properties": {key: _documented(constraints[key], DOCUMENT_DOCS[key]) for key in EXAMPLE_DOCUMENT_KEYS},
        "additionalProperties": False,
        "required": ["text"],
    }


def _rule_key_constraints(checks: Mapping[str, type[Check]]) -> dict[str, dict[str, Any]]:
    return {
        "name": {"type": "string", "pattern": ONE_LINE_PATTERN,
                 "patternErrorMessage": "A name is one line without leading or trailing spaces."},
        "description": {"type": ["string", "null"]},
        "select": dict(SELECTOR_REF),
        "check": {"enum": list(checks), "enumDescriptions": [_summary(cls) for cls in checks.values()]},
        "severity": {"enum": list(SEVERITY_DOCS), "default": "error",
                     "enumDescriptions": list(SEVERITY_DOCS.values())},
        "examples": {"type": "array", "minItems": 1, "items": dict(EXAMPLE_REF)},
    }


def _rule_definition(checks: Mapping[str, type[Check]]) -> dict[str, Any]:
    _require_docs(RULE_KEY_DOCS, BASE_KEYS, "rule key")
    _require_docs(SEVERITY_DOCS, SEVERITIES, "severity")
    constraints = _rule_key_constraints(checks)
    docs = {key: dict(value) for key, value in RULE_KEY_DOCS.items()}
    docs["check"]["description"] += "\n\n" + "\n".join(
        f"- `{kind}`: {_summary(cls)}" for kind, cls in checks.items())
    docs["check"]["examples"] = list(checks)
    properties = {key: _documented(constraints[key], docs[key]) for key in BASE_KEYS}

    parameters = check_parameters(checks)
    by_name: dict[str, list[Parameter]] = {}
    for param in parameters:
        by_name.setdefault(param.name, []).append(param)
    shared = {name for name, uses in by_name.items()
              if len({json.dumps(use.schema, sort_keys=True) for use in uses}) == 1}
    for name, uses in by_name.items():
        param_docs: dict[str, Any] = {
            "description": _parameter_description(uses),
            "examples": _unique([use.example for use in uses]),
        }
        defaults = {json.dumps(use.default) if use.default is not _NO_DEFAULT else None for use in uses}
        if len(defaults) == 1 and uses[0].default is not _NO_DEFAULT:
            param_docs["default"] = uses[0].default
        # a value schema shared by every check using the key sits here; others in each check's branch
        properties[name] = _documented(uses[0].schema if name in shared else {}, param_docs)

    branches = []
    for kind in checks:
        own = [param for param in parameters if param.check == kind]
        keys = list(BASE_KEYS) + [param.name for param in own]
        then: dict[str, Any] = {
            "propertyNames": {"enum": keys,
                              "errorMessage": f"Not a key of a `check: {kind}` rule. Its keys: "
                                              f"{', '.join(keys)}."},
        }
        required = [param.name for param in own if param.required]
        if required:
            then["required"] = required
        values = {param.name: dict(param.schema) for param in own if param.name not in shared}
        if values:
            then["properties"] = values
        branches.append({"if": {"properties": {"check": {"const": kind}}, "required": ["check"]},
                         "then": then})
    every_key = list(properties)
    branches.append({
        # no (known) check: still refuse keys that belong to no check
        "if": {"properties": {"check": {"enum": list(checks)}}, "required": ["check"]},
        "else": {"propertyNames": {"enum": every_key,
                                   "errorMessage": f"Unknown key. Rule keys: {', '.join(every_key)}."}},
    })
    return {
        "type": "object",
        "description": "One rule: which claims (`select`), what must hold for them (`check` and the "
                       "check's own parameters, beside it at the top level), and how it counts.",
        "properties": properties,
        "required": ["check"],
        "allOf": branches,
    }


def rule_schema(checks: Optional[Mapping[str, type[Check]]] = None) -> dict[str, Any]:
    """The JSON Schema of a rule file, for ``checks`` (default: :data:`pytest_claims.checks.CHECKS`)."""
    checks = CHECKS if checks is None else checks
    schema: dict[str, Any] = _with_markdown({
        "$schema": DRAFT_07,
        "$id": SCHEMA_ID,
        "title": "pytest-claims rule file",
        "description": "A pytest-claims rule file: one rule (a mapping), or a list of rules each with its "
                       "own `name`. A rule selects numeric claims in news prose (`select`) and says what "
                       "must hold for them (`check`). Generated from the code by `"
                       f"{REGENERATE}`; the loader checks a few more things than this schema.",
        "definitions": {
            "rule": _rule_definition(checks),
            "selector": _selector_definition(),
            "example": _example_definition(),
            "document": _document_definition(),
        },
        "if": {"type": "array"},
        "then": {"type": "array", "minItems": 1,
                 "items": {"allOf": [{"$ref": "#/definitions/rule"}, {"required": ["name"]}]}},
        "else": {"$ref": "#/definitions/rule"},
    })
    return schema


_DATA_KEYWORDS = frozenset({"examples", "default", "enum", "const", "enumDescriptions", "required"})
_SCHEMA_MAPS = frozenset({"properties", "definitions"})


def _with_markdown(schema: Any) -> Any:
    """A copy of ``schema`` with ``markdownDescription`` beside every ``description``.

    yaml-language-server shows ``markdownDescription`` (a VS Code extension keyword) as Markdown in
    hover and completion, but escapes a plain ``description``: `code` would keep its backticks.
    """
    if isinstance(schema, list):  # allOf, anyOf, ...
        return [_with_markdown(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _with_markdown(sub) for name, sub in value.items()}
        elif key in _DATA_KEYWORDS:
            out[key] = value
        else:
            out[key] = _with_markdown(value)
    if isinstance(schema.get("description"), str):
        out["markdownDescription"] = schema["description"]
    return out


def render(schema: Mapping[str, Any]) -> str:
    """The schema as the shipped file holds it: sorted keys, indent 2, a trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_claims.rulefile.schema",
        description="Print the JSON Schema of pytest-claims rule files (generated from the code).")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"rewrite {SCHEMA_PATH}")
    group.add_argument("--check", action="store_true",
                       help=f"exit 1 if {SCHEMA_PATH.name} differs from the generated schema")
    group.add_argument("--path", action="store_true",
                       help="print where the installed schema is (for an editor's settings or a rule file's "
                            "$schema line)")
    args = parser.parse_args(argv)
    if args.path:
        print(SCHEMA_PATH)
        return 0
    text = render(rule_schema())
    if args.write:
        SCHEMA_PATH.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
        return 0
    if args.check:
        shipped = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if shipped == text:
            return 0
        sys.stderr.writelines(difflib.unified_diff(shipped.splitlines(True), text.splitlines(True),
                                                   str(SCHEMA_PATH), "generated"))
        print(f"{SCHEMA_PATH} is out of date: run {REGENERATE}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
