"""Decoding a rule file's YAML into :class:`~pytest_claims.rulefile.rule.Rule` records, strictly.

A rule file holds one rule (a mapping) or several (a list of mappings, each
with a ``name``). A rule has the base keys ``name``, ``description``,
``select`` and ``check``; the check kind's own parameters sit beside them at
the top level (Vale style), each read through its declaration
(:mod:`pytest_claims.checks.params`). Every mistake is a RuleError naming the
file and line, with the offending lines quoted and, where one is near, the
valid key or value the editor probably meant.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from ..checks import CHECKS, Check
from ..checks.base import ParameterError
from ..checks.params import Declared, ExpressionText, parameters, read_choice
from ..language.expressions import NAME_PATTERN, RESERVED_NAMES, ExpressionError
from ..language.numbers import parse_whole
from ..language.patterns import cached_pattern
from ..language.selectors import SELECTOR_KEYS, Phrase, Selector
from ..language.units import resolve_unit
from ..records.errors import RuleError, format_excerpt
from ..records.model import KINDS
from ..records.yamlfile import LineDict, LineList, described, quote_hint, shown_value, type_name
from .rule import BASE_KEYS, EXAMPLE_DOCUMENT_KEYS, EXAMPLE_KEYS, EXPECTATIONS, SEVERITIES, Example, \
    ExampleDocument, Rule, find_span


@dataclass(frozen=True)
class Source:
    """A rule file's path and lines, to quote in its errors."""

    path: str
    lines: tuple[str, ...]

    def error(self, message: str, line: int, last: Optional[int] = None,
              column: Optional[int] = None) -> RuleError:
        return RuleError(message, self.path, line, format_excerpt(self.lines, line, last, column))


def decode_file(data: Any, source: Source, default_name: str) -> list[Rule]:
    """The rules of a rule file's YAML (``default_name`` names a file's only rule); RuleError otherwise."""
    if data is None:
        raise source.error("empty rule file: write a rule (a mapping with at least a 'check' key)", 1)
    if isinstance(data, LineDict):
        return [_RuleDecoder(source, data, default_name).decode()]
    if isinstance(data, LineList):
        if not data:
            raise source.error("the rule file holds an empty list: write at least one rule", data.line)
        return [_decode_list_item(source, item, line, index)
                for index, (item, line) in enumerate(zip(data, data.item_lines), 1)]
    raise source.error(
        f"a rule file holds one rule (a mapping of keys) or a list of rules; got {type_name(data)}", 1)


def decode_file_items(data: Any, source: Source, default_name: str) -> list[Rule | RuleError]:
    """:func:`decode_file`, but each rule of a list is decoded alone: a rule, or the RuleError of that rule."""
    if not isinstance(data, LineList) or not data:
        return list(decode_file(data, source, default_name))
    items: list[Rule | RuleError] = []
    for index, (item, line) in enumerate(zip(data, data.item_lines), 1):
        try:
            items.append(_decode_list_item(source, item, line, index))
        except RuleError as error:
            items.append(error)
    return items


def _decode_list_item(source: Source, item: Any, line: int, index: int) -> Rule:
    if not isinstance(item, LineDict):
        raise source.error(f"rule {index} of the list is {type_name(item)}, not a rule (a mapping of keys)",
                           line)
    return _RuleDecoder(source, item, None).decode()


@dataclass
class _RuleDecoder:
    """Decodes one rule mapping; collects key spans as it goes."""

    source: Source
    mapping: LineDict
    default_name: Optional[str]
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    check_cls: Optional[type[Check]] = None

    def decode(self) -> Rule:
        self._require_text_keys(self.mapping)
        self._record_spans(self.mapping, "")
        name = self._name()
        check_cls = self.check_cls = self._check_class(name)
        self._reject_unknown_keys(self.mapping, "", BASE_KEYS + _field_names(check_cls),
                                  _top_level_elsewhere(check_cls))
        description = self._description()
        select = self._selector(self.mapping["select"], "select") if "select" in self.mapping else Selector()
        check = self._check(name, check_cls)
        severity = (self._choice(self.mapping["severity"], SEVERITIES, "severity")
                    if "severity" in self.mapping else "error")
        examples = self._examples(self.mapping["examples"]) if "examples" in self.mapping else ()
        return Rule(name, description, self.source.path, self.mapping.line, select, check, severity, examples,
                    tuple(self.spans), self.source.lines)

    # -- errors and spans

    def _error(self, message: str, key: Optional[str] = None) -> RuleError:
        return self.source.error(message, *self._span(key))

    def _span(self, key: Optional[str]) -> tuple[int, int]:
        """First and last line of ``key`` (dotted: ``examples.1.text``), or the rule's first line."""
        return find_span(self.spans, key, self.mapping.line)

    def line_of(self, key: str) -> int:
        return self._span(key)[0]

    def _record_spans(self, mapping: LineDict, prefix: str) -> None:
        for key, (first, last) in mapping.key_spans.items():
            self.spans.append((prefix + str(key), first, last))

    def _require_text_keys(self, mapping: LineDict) -> None:
        for key, (line, _) in mapping.key_spans.items():
            if not isinstance(key, str):
                raise self.source.error(f"keys must be words, not {described(key)}", line)

    def _reject_unknown_keys(self, mapping: LineDict, prefix: str, valid: Sequence[str],
                             elsewhere: Mapping[str, str]) -> None:
        """``elsewhere`` maps keys valid in another place to a note saying where."""
        for key in mapping:
            if key not in valid:
                raise self._error(_unknown_key_message(key, valid, elsewhere), prefix + key)

    # -- base keys

    def _name(self) -> str:
        if "name" not in self.mapping:
            if self.default_name is None:
                raise self._error("each rule in a list of rules needs a 'name'")
            return self.default_name
        value = self.mapping["name"]
        if not isinstance(value, str):
            raise self._error(f"'name' must be text, got {described(value)}", "name")
        if not value.strip():
            raise self._error("'name' is empty", "name")
        if "\n" in value.strip() or value != value.strip():
            raise self._error("'name' must be one line without leading or trailing spaces", "name")
        return value

    def _check_class(self, rule_name: str) -> type[Check]:
        checks = CHECKS
        valid = ", ".join(sorted(checks))
        if "check" not in self.mapping:
            misplaced = self._nested_key("check")
            if misplaced:
                raise self._error(f"'check' must be at the top level of the rule, not under '{misplaced}:'",
                                  f"{misplaced}.check")
            raise self._error(f"rule '{rule_name}' has no 'check': add e.g. 'check: trend' "
                              f"(valid checks: {valid})")
        kind = self.mapping["check"]
        if not isinstance(kind, str):
            raise self._error(f"'check' must be one of: {valid}; got {described(kind)}", "check")
        if kind not in checks:
            close = difflib.get_close_matches(kind, list(checks), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ";"
            raise self._error(f"unknown check '{kind}'{hint} valid checks: {valid}", "check")
        return checks[kind]

    def _nested_key(self, key: str) -> Optional[str]:
        """The top-level key whose mapping holds ``key``, if any (a key indented by mistake)."""
        for parent, value in self.mapping.items():
            if isinstance(value, LineDict) and key in value:
                self._record_spans(value, f"{parent}.")
                return str(parent)
        return None

    def _description(self) -> str:
        value = self.mapping.get("description")
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._error(f"'description' must be text, got {type_name(value)}", "description")
        return value.strip()

    # -- selectors

    def _selector(self, value: Any, key: str) -> Selector:
        if not isinstance(value, LineDict):
            raise self._error(f"'{key}' must be a mapping of selector keys ({', '.join(SELECTOR_KEYS)}); "
                              f"got {described(value)}", key)
        prefix = key + "."
        self._require_text_keys(value)
        self._record_spans(value, prefix)
        self._reject_unknown_keys(value, prefix, SELECTOR_KEYS, _selector_elsewhere(key, self.check_cls))
        fields: dict[str, Any] = {}
        for name, item in value.items():
            fields[name] = self._selector_field(name, item, prefix + name)
        try:
            return Selector(**fields)
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None

    def _selector_field(self, name: str, value: Any, key: str) -> Any:
        if name == "window":
            return self._window(value, key)
        if name == "pattern":
            return self._pattern(value, key)
        words = self._word_list(value, key)
        if name == "kind":
            self._check_kinds(words, key)
        elif name == "unit":
            for word in words:
                self._check_unit(word, key)
        elif name in ("near", "near_all", "not_near", "counts", "source"):
            for word in words:
                self._check_phrase(word, key)
        return words

    def _word_list(self, value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self._error(f"'{key}' must be a word or a list of words, got {described(value)}", key)
        if not value:
            raise self._error(f"'{key}' is empty: list at least one word, or remove the key", key)
        words = []
        for number, item in enumerate(value, 1):
            if not isinstance(item, str):
                nested = "; write each word as text, one item per word" if isinstance(item, (list, dict)) else ""
                raise self._error(f"'{key}' items must be words; {shown_value(item) or f'item {number}'} is "
                                  f"{type_name(item)}{quote_hint(item) or nested}", key)
            if not item.strip():
                raise self._error(f"'{key}' has an empty word (item {number}, {item!r}): remove it or write "
                                  f"the word", key)
            words.append(item.strip())
        return tuple(words)

    def _check_phrase(self, word: str, key: str) -> None:
        try:
            Phrase.parse(word)
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None

    def _check_unit(self, unit: str, key: str) -> None:
        try:
            resolve_unit(unit)
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None

    def _check_kinds(self, kinds: Sequence[str], key: str) -> None:
        for kind in kinds:
            if kind.lower() not in KINDS:
                close = difflib.get_close_matches(kind.lower(), KINDS, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise self._error(f"unknown kind '{kind}'; {hint}valid kinds: {', '.join(KINDS)}", key)

    def _window(self, value: Any, key: str) -> int:
        try:
            window = parse_whole(value)
        except ValueError as error:
            raise self._error(f"'{key}' must be a number of words: {error}", key) from None
        if window < 1:
            raise self._error(f"'{key}' must be at least 1 (words either side of the number)", key)
        return window

    def _pattern(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value:
            raise self._error(f"'{key}' must be a regular expression (text), got {described(value)}", key)
        try:
            cached_pattern(value)  # the same cache Selector compiles from: checked and compiled once
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None
        return value

    # -- check parameters

    def _check(self, rule_name: str, check_cls: type[Check]) -> Check:
        declared = parameters(check_cls)
        arguments: dict[str, Any] = {}
        for param in declared:
            if param.name in self.mapping:
                arguments[param.name] = self._parameter(param, self.mapping[param.name])
            elif param.required:
                raise self._error(_missing_parameter(rule_name, check_cls, param))
        try:
            return check_cls(**arguments)
        except ExpressionError as error:
            key = next(param.name for param in declared if isinstance(param.spec, ExpressionText))
            raise self._expression_error(key, arguments[key], error) from None
        except ParameterError as error:
            raise self._error(str(error), error.key) from None
        except (ValueError, TypeError) as error:
            raise self._error(f"rule '{rule_name}': {error}", _blamed_key(str(error), arguments)) from None

    def _parameter(self, param: Declared, value: Any) -> Any:
        if value is None and param.nullable:
            return None
        try:
            return param.spec.read(value, param.name, self)
        except ParameterError as error:
            raise self._error(str(error), error.key) from None

    # -- what check parameters read through (checks.params.Reader)

    def selector(self, value: Any, key: str) -> Selector:
        return self._selector(value, key)

    def named_selectors(self, value: Any, key: str, min_names: int) -> dict[str, Selector]:
        return self._named_selectors(value, key, min_names)

    def _named_selectors(self, value: Any, key: str, min_names: int) -> dict[str, Selector]:
        example = "children: {counts: [children]}"
        if not isinstance(value, LineDict):
            raise self._error(f"'{key}' must be a mapping of names to selectors, e.g. '{example}'; got "
                              f"{described(value)}", key)
        self._require_text_keys(value)
        self._record_spans(value, key + ".")
        if len(value) < min_names:
            raise self._error(f"'{key}' needs at least {min_names} named "
                              f"{'selector' if min_names == 1 else 'selectors'}, e.g. '{example}'", key)
        named: dict[str, Selector] = {}
        for name, selector in value.items():
            if not NAME_PATTERN.fullmatch(name) or name in RESERVED_NAMES:
                raise self._error(f"'{key}': '{name}' cannot be a name: use letters, digits and '_', starting "
                                  f"with a letter (e.g. 'children', 'held_by_rebels')", f"{key}.{name}")
            named[name] = self._selector(selector, f"{key}.{name}")
        return named

    def _expression_error(self, key: str, text: str, error: ExpressionError) -> RuleError:
        """The error at the expression's line, with a caret under the column when the line shows it."""
        first, last = self._span(key)
        for number in range(first, last + 1):
            line = self.source.lines[number - 1].expandtabs(4) if number <= len(self.source.lines) else ""
            at = line.find(text.strip()) if text.strip() else -1
            if at >= 0:
                offset = len(text) - len(text.lstrip())
                return self.source.error(f"'{key}': {error.message}", number,
                                         column=at + max(0, error.column - offset))
        return self.source.error(f"'{key}': {error.message} (at column {error.column + 1} of the expression)",
                                 first, last)

    # -- examples

    def _examples(self, value: Any) -> tuple[Example, ...]:
        if not isinstance(value, LineList) or not value:
            raise self._error("'examples' must be a list of examples, each with 'expect: pass' or 'expect: "
                              "fail' and a 'text' (or 'documents')", "examples")
        examples = []
        names: dict[str, int] = {}
        for index, (item, line) in enumerate(zip(value, value.item_lines), 1):
            example = self._example(item, line, index)
            if example.name in names:
                raise self.source.error(f"duplicate example name '{example.name}' (first at line "
                                        f"{names[example.name]})", example.line)
            names[example.name] = example.line
            examples.append(example)
        return tuple(examples)

    def _example(self, item: Any, line: int, index: int) -> Example:
        prefix = f"examples.{index}."
        if not isinstance(item, LineDict):
            raise self.source.error(f"example {index} must be a mapping with 'expect' and 'text'; got "
                                    f"{described(item)}", line)
        self._require_text_keys(item)
        self._record_spans(item, prefix)
        self._reject_unknown_keys(item, prefix, EXAMPLE_KEYS, {})
        name = self._example_text(item, "name", prefix, required=False) or f"example {index}"
        if "expect" not in item:
            raise self.source.error(f"example '{name}' needs 'expect: pass' or 'expect: fail'", item.line)
        expect = self._choice(item["expect"], EXPECTATIONS, prefix + "expect")
        has_text, has_documents = "text" in item, "documents" in item
        if has_text == has_documents:
            what = "has both 'text' and 'documents'" if has_text else "has no 'text' (or 'documents')"
            raise self.source.error(f"example '{name}' {what}: give one document's 'text' (with its 'date'), "
                                    f"or a list of 'documents'", item.line)
        if has_text:
            documents: tuple[ExampleDocument, ...] = (self._example_document(item, prefix, "example.txt"),)
        else:
            for key in ("date", "outlet"):
                if key in item:
                    raise self._error(f"'{key}' belongs to each of the example's 'documents', not to the "
                                      f"example", prefix + key)
            documents = self._example_documents(item["documents"], prefix + "documents")
        selects: tuple[str, ...] = ()
        if "selects" in item:
            numbers = item["selects"]
            if isinstance(numbers, list) and any(not isinstance(number, str) for number in numbers):
                raise self._error(f"'{prefix}selects' lists numbers as written, each in quotes: inside [ ] a "
                                  f"comma separates items, so write e.g. [\"about 250,000\", \"300,000\"]",
                                  prefix + "selects")
            selects = self._word_list(numbers, prefix + "selects")
        return Example(name, expect, documents, item.line, selects)

    def _example_documents(self, value: Any, key: str) -> tuple[ExampleDocument, ...]:
        if not isinstance(value, LineList) or not value:
            raise self._error(f"'{key}' must be a list of documents, each with a 'text'", key)
        documents = []
        for index, (item, line) in enumerate(zip(value, value.item_lines), 1):
            if not isinstance(item, LineDict):
                raise self.source.error(f"document {index} of the example must be a mapping with a 'text'; got "
                                        f"{described(item)}", line)
            prefix = f"{key}.{index}."
            self._require_text_keys(item)
            self._record_spans(item, prefix)
            self._reject_unknown_keys(item, prefix, EXAMPLE_DOCUMENT_KEYS, {})
            if "text" not in item:
                raise self.source.error(f"document {index} of the example has no 'text'", item.line)
            documents.append(self._example_document(item, prefix, f"example-{index}.txt"))
        names = [document.name for document in documents]
        for document in documents:
            if names.count(document.name) > 1:
                raise self.source.error(f"two documents of the example are named '{document.name}'", document.line)
        return tuple(documents)

    def _example_document(self, item: LineDict, prefix: str, default_name: str) -> ExampleDocument:
        text = self._example_text(item, "text", prefix, required=True)
        assert text is not None
        name = self._example_text(item, "name", prefix, required=False) if "documents" in prefix else None
        when = None
        if "date" in item:
            raw = item["date"]
            try:
                when = datetime.date.fromisoformat(str(raw).strip())
            except ValueError:
                raise self._error(f"'{prefix}date' must be a date written YYYY-MM-DD, got {shown_value(raw) or described(raw)}",
                                  prefix + "date") from None
        return ExampleDocument(
            name=name or default_name,
            text=text,
            date=when,
            outlet=self._example_text(item, "outlet", prefix, required=False),
            title=self._example_text(item, "title", prefix, required=False),
            line=self.line_of(prefix + "text"),
        )

    def _example_text(self, item: LineDict, key: str, prefix: str, required: bool) -> Optional[str]:
        if key not in item:
            return None
        value = item[key]
        if not isinstance(value, str) or not value.strip():
            raise self._error(f"'{prefix}{key}' must be {'non-empty ' if required else ''}text, got "
                              f"{described(value)}", prefix + key)
        return value.strip() if key != "text" else value

    def _choice(self, value: Any, choices: tuple[str, ...], key: str) -> str:
        try:
            return read_choice(value, choices, key)
        except ParameterError as error:
            raise self._error(str(error), key) from None


def _field_names(check_cls: Optional[type[Check]]) -> tuple[str, ...]:
    return () if check_cls is None else tuple(param.name for param in parameters(check_cls))


def _top_level_elsewhere(check_cls: type[Check]) -> dict[str, str]:
    hints = {key: f"'{key}' belongs under 'select:'" for key in SELECTOR_KEYS}
    for name, other in CHECKS.items():
        if other is check_cls:
            continue
        for param in _field_names(other):
            if param not in _field_names(check_cls):
                hints.setdefault(param, f"'{param}' is a parameter of check '{name}', not '{check_cls.name}'")
    return hints


def _selector_elsewhere(where: str, check_cls: Optional[type[Check]]) -> dict[str, str]:
    """Keys of the rule's top level (base keys, the check's parameters) that may be misplaced in a selector."""
    params = _field_names(check_cls)
    return {key: f"'{key}' belongs at the top level of the rule, not under '{where}:'"
            for key in BASE_KEYS + params if key not in SELECTOR_KEYS}


def _unknown_key_message(key: str, valid: Sequence[str], elsewhere: Mapping[str, str]) -> str:
    message = f"unknown key '{key}'"
    if re.match(r"[0-9]{3}\b", key):  # "{text: About 250,000 people}" splits at the comma
        return (f"{message}: inside {{ }} a comma separates entries, so a number such as 250,000 split the "
                f"text there; put the text in quotes")
    if key in elsewhere:
        return f"{message}; {elsewhere[key]}"
    close = difflib.get_close_matches(key, valid, n=1) or difflib.get_close_matches(key, list(elsewhere), n=1)
    if not close:
        return f"{message}; valid keys here: {', '.join(sorted(valid))}"
    note = f" ({elsewhere[close[0]]})" if close[0] in elsewhere else ""
    return f"{message}; did you mean '{close[0]}'?{note}"


def _missing_parameter(rule_name: str, check_cls: type[Check], param: Declared) -> str:
    message = f"rule '{rule_name}': check '{check_cls.name}' needs '{param.name}'"
    if param.spec.choices:
        message += f" (one of: {', '.join(param.spec.choices)})"
    return f"{message}: {param.spec.doc}"


def _blamed_key(message: str, arguments: Mapping[str, Any]) -> Optional[str]:
    """The one parameter a check's error message names, if exactly one."""
    named = [name for name in arguments if re.search(rf"\b{re.escape(name)}\b", message)]
    return named[0] if len(named) == 1 else None
