"""Rule files: strict YAML decoding into :class:`Rule` records.

A rule file holds one rule (a mapping) or several (a list of mappings, each
with a ``name``). A rule has the base keys ``name``, ``description``,
``select`` and ``check``; the check kind's own parameters sit beside them at
the top level (Vale style). Every mistake is a :class:`RuleError` naming the
file and line, with the offending lines quoted; nothing else escapes
:func:`load_rule_file`.

The loader is a ``SafeLoader`` subclass that records the line of every
mapping, key and list item. It also reads only ``true``/``false`` as
booleans (YAML 1.1 would turn ``no``, ``on`` and ``off`` in a word list into
booleans) and leaves dates as text.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

import yaml

from ..records.errors import RuleError
from ..records.model import KINDS
from ..language.patterns import cached_pattern
from ..language.selectors import Phrase, Selector

BASE_KEYS = ("name", "description", "select", "check", "severity", "examples")
SEVERITIES = ("error", "warning")
EXPECTATIONS = ("pass", "fail")
EXAMPLE_KEYS = ("name", "expect", "text", "date", "outlet", "documents", "selects")
EXAMPLE_DOCUMENT_KEYS = ("name", "text", "date", "outlet", "title")
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESERVED_CLAIM_NAMES = ("and",)  # a word of the expression language
WORD_LIST_KEYS = ("counts", "near", "near_all", "not_near", "kind", "outlet", "source", "document")
SELECTOR_KEYS = ("counts", "near", "near_all", "not_near", "window", "kind", "pattern", "outlet", "source",
                 "document")
RULE_FILE_SUFFIXES = (".yaml", ".yml")

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # what PyYAML counts as a line break
_EXCERPT_MAX_MARKED = 6
_EXCERPT_MAX_WIDTH = 120


def _checks() -> Mapping[str, type]:
    from ..checks.kinds import CHECKS  # late: checks.py is optional until a rule is decoded

    return CHECKS


# ---------------------------------------------------------------- the records


@dataclass(frozen=True)
class ExampleDocument:
    """One tiny document of a rule example, as written in the rule file."""

    name: str
    text: str
    date: Optional[date] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    line: int = 0  # line of the document's text in the rule file


@dataclass(frozen=True)
class Example:
    """A rule self-test: documents the rule must pass or fail on.

    ``selects`` lists numbers as written that the rule must select in these
    documents, no more and no fewer; empty when the author did not say.
    """

    name: str
    expect: str  # "pass" or "fail"
    documents: tuple[ExampleDocument, ...]
    line: int
    selects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of a rule file; each becomes one pytest test.

    ``line`` is the rule mapping's first line (its first key). ``key_spans``
    holds (key, first line, last line) for every key, nested keys dotted
    (``select.near``, ``left.counts``), so later errors can point at them.
    """

    name: str
    description: str
    path: str
    line: int
    select: Selector
    check: Any  # an instance of one of checks.CHECKS
    severity: str = "error"
    examples: tuple[Example, ...] = ()
    key_spans: tuple[tuple[str, int, int], ...] = field(default=(), repr=False, compare=False)
    source_lines: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def line_of(self, key: str) -> int:
        """Line of ``key`` (e.g. ``"select"``, ``"select.near"``), or the rule's line."""
        return self._span(key)[0]

    def error(self, message: str, key: Optional[str] = None) -> RuleError:
        """A RuleError at ``key`` (or the rule's first line), quoting those lines."""
        first, last = self._span(key) if key else (self.line, self.line)
        return RuleError(message, self.path, first, format_excerpt(self.source_lines, first, last))

    def _span(self, key: Optional[str]) -> tuple[int, int]:
        return find_span(self.key_spans, key, self.line)


def find_span(spans: Iterable[tuple[str, int, int]], key: Optional[str], default: int) -> tuple[int, int]:
    """First and last line of ``key`` among (key, first, last) spans; ``default`` for both when absent."""
    for name, first, last in spans:
        if name == key:
            return first, last
    return default, default


# ---------------------------------------------------------------- excerpts


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(_LINE_BREAK.split(text))


def format_excerpt(lines: Sequence[str], first: int, last: Optional[int] = None,
                   column: Optional[int] = None, context: int = 1) -> str:
    """Lines ``first``..``last`` (1-based) marked with ``>``, after ``context`` lines before.

    ``column`` (0-based) adds a caret under the first marked line.
    """
    if not lines:
        return ""
    first = min(max(first, 1), len(lines))
    last = _trim_trailing_blank(lines, first, min(max(last or first, first), len(lines)))
    shown_last = min(last, first + _EXCERPT_MAX_MARKED - 1)
    start = max(1, first - context)
    width = max(2, len(str(shown_last)))
    out = []
    for number in range(start, shown_last + 1):
        marker = ">" if number >= first else " "
        out.append(f"{marker} {number:>{width}} | {_clip(lines[number - 1])}")
        if number == first and column is not None:
            out.append(f"  {'':>{width}} | {' ' * min(column, _EXCERPT_MAX_WIDTH)}^")
    if shown_last < last:
        out.append(f"  {'':>{width}} | ... ({last - shown_last} more lines)")
    return "\n".join(out)


def _trim_trailing_blank(lines: Sequence[str], first: int, last: int) -> int:
    while last > first and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return last


def _clip(line: str) -> str:
    line = line.expandtabs(4)
    return line if len(line) <= _EXCERPT_MAX_WIDTH else line[: _EXCERPT_MAX_WIDTH - 1] + "…"


# ---------------------------------------------------------------- YAML with lines


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that knows its lines and each key's (first, last) lines."""

    line: int = 0
    end_line: int = 0
    key_spans: dict[Any, tuple[int, int]]


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that knows its line and each item's line."""

    line: int = 0
    item_lines: list[int]


def _last_line(node: yaml.Node) -> int:
    """1-based last line of a node (its end mark sits after it, maybe at a next line's start)."""
    end = node.end_mark
    return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1


_MERGE_TAG = "tag:yaml.org,2002:merge"


class RuleLoader(yaml.SafeLoader):
    """SafeLoader recording lines; only true/false are booleans and dates stay text."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_line_mapping(self, node: yaml.MappingNode) -> Iterator[LineDict]:
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.end_line = _last_line(node)
        data.key_spans = {}
        yield data
        _reject_duplicate_keys(node)
        data.update(self.construct_mapping(node))
        for key_node, value_node in node.value:  # merged keys first, so own keys win
            key = self.construct_object(key_node)
            data.key_spans[key] = (key_node.start_mark.line + 1, _last_line(value_node))

    def construct_line_sequence(self, node: yaml.SequenceNode) -> Iterator[LineList]:
        data = LineList()
        data.line = node.start_mark.line + 1
        data.item_lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(self.construct_sequence(node))


RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
RuleLoader.add_constructor("tag:yaml.org,2002:map", RuleLoader.construct_line_mapping)
RuleLoader.add_constructor("tag:yaml.org,2002:seq", RuleLoader.construct_line_sequence)


def _reject_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: dict[str, yaml.Mark] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
            continue
        if key_node.value in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"duplicate key '{key_node.value}' (first at line {seen[key_node.value].line + 1})",
                key_node.start_mark)
        seen[key_node.value] = key_node.start_mark


# ---------------------------------------------------------------- source files


@dataclass(frozen=True)
class _Source:
    path: str
    lines: tuple[str, ...]

    def error(self, message: str, line: int, last: Optional[int] = None,
              column: Optional[int] = None) -> RuleError:
        return RuleError(message, self.path, line, format_excerpt(self.lines, line, last, column))


def _read_source(path: Path) -> tuple[_Source, str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RuleError(f"cannot read rule file: {error.strerror or error}", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        source = _Source(str(path), split_lines(raw.decode("utf-8", "replace")))
        raise source.error(
            f"rule file is not UTF-8 text: byte 0x{raw[error.start]:02x} on line {line} cannot be "
            f"decoded; save the file as UTF-8", line) from None
    return _Source(str(path), split_lines(text)), text


def _parse_yaml(source: _Source, text: str) -> Any:
    try:
        return yaml.load(text, Loader=RuleLoader)  # noqa: S506 - RuleLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column if mark else None
        raise source.error(f"invalid YAML: {_yaml_problem(error)}", line, column=column) from None
    except yaml.reader.ReaderError as error:
        line = len(_LINE_BREAK.findall(text, 0, error.position)) + 1
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        raise source.error(f"invalid YAML: character {character!r} (U+{ord(character[:1] or ' '):04X}) is "
                           f"not allowed in a YAML file", line) from None
    except yaml.YAMLError as error:
        raise source.error(f"invalid YAML: {error}", 1) from None
    except RecursionError:
        raise source.error("invalid YAML: nested too deeply", 1) from None
    except (ValueError, OverflowError, TypeError) as error:  # from scalar constructors (e.g. !!timestamp)
        raise source.error(f"invalid YAML value: {error}", 1) from None


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's context and problem on one line: "while parsing a flow sequence (line 3), expected ..."."""
    problem = error.problem or "cannot parse"
    if not error.context:
        return problem
    context = error.context
    if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        context += f" (line {error.context_mark.line + 1})"
    return f"{context}, {problem}"


# ---------------------------------------------------------------- public API


def discover_rule_files(rules_dir: Path | str) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` file under ``rules_dir``, recursively, sorted."""
    directory = Path(rules_dir)
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise RuleError(f"rules directory {what}: create it and add rule files, or point to it "
                        f"with the rules directory option", str(directory))
    return sorted(path for path in directory.rglob("*")
                  if path.suffix.lower() in RULE_FILE_SUFFIXES and path.is_file())


def load_rule_file(path: Path | str) -> list[Rule]:
    """The rules of one file; any problem is a RuleError."""
    path = Path(path)
    source, text = _read_source(path)
    data = _parse_yaml(source, text)
    rules = _decode_file(data, source, default_name=path.stem)
    check_unique_names(rules)
    return rules


def load_rules(paths: Iterable[Path | str]) -> list[Rule]:
    """The rules of several files, in order, refusing duplicate names across them."""
    rules = [rule for path in paths for rule in load_rule_file(path)]
    check_unique_names(rules)
    return rules


class RuleNames:
    """Rule names taken so far: a later rule reusing one is an error at its ``name`` line."""

    def __init__(self) -> None:
        self._first: dict[str, Rule] = {}

    def duplicate(self, rule: Rule) -> Optional[RuleError]:
        earlier = self._first.setdefault(rule.name, rule)
        if earlier is rule:
            return None
        return rule.error(f"duplicate rule name '{rule.name}': also defined at {earlier.path}:{earlier.line}",
                          "name")


def check_unique_names(rules: Iterable[Rule]) -> None:
    names = RuleNames()
    for rule in rules:
        error = names.duplicate(rule)
        if error is not None:
            raise error


def parse_number(value: Any) -> float:
    """A rule parameter as a float: ``40``, ``"1,000"``, ``"85%"`` (-> 0.85), ``"1.5 million"``.

    Raises ValueError for anything else, including non-finite numbers.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        number = _finite(value)
    elif isinstance(value, str):
        number = _parse_number_text(value)
    else:
        raise ValueError(f"expected a number, got {_type_name(value)}")
    return number


_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<fraction>\.\d+)?"
    r"\s*(?P<unit>%|percent|thousand|million|billion)?$", re.IGNORECASE)
_MULTIPLIERS = {"%": 0.01, "percent": 0.01, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _parse_number_text(text: str) -> float:
    match = _NUMBER.match(text.strip())
    if not match or not (match["digits"] or match["fraction"]):
        raise ValueError(f"'{text}' is not a number (write e.g. 40, \"1,000\", \"85%\" or \"1.5 million\")")
    number = float(match["sign"] + (match["digits"] or "0").replace(",", "") + (match["fraction"] or ""))
    multiplier = _MULTIPLIERS.get((match["unit"] or "").lower(), 1.0)
    return _finite(number * multiplier)


def _finite(value: float) -> float:
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{value} is too large") from None
    if not math.isfinite(number):
        raise ValueError(f"{value} is not a finite number")
    return number


def _parse_whole(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_got(value)}")
    return value


# ---------------------------------------------------------------- decoding


def _decode_file(data: Any, source: _Source, default_name: str) -> list[Rule]:
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
        f"a rule file holds one rule (a mapping of keys) or a list of rules; got {_type_name(data)}", 1)


def _decode_list_item(source: _Source, item: Any, line: int, index: int) -> Rule:
    if not isinstance(item, LineDict):
        raise source.error(f"rule {index} of the list is {_type_name(item)}, not a rule (a mapping of keys)",
                           line)
    return _RuleDecoder(source, item, None).decode()


@dataclass
class _RuleDecoder:
    """Decodes one rule mapping; collects key spans as it goes."""

    source: _Source
    mapping: LineDict
    default_name: Optional[str]
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    check_cls: Optional[type] = None

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
                raise self.source.error(f"keys must be words, not {_got(key)}", line)

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
            raise self._error(f"'name' must be text, got {_got(value)}", "name")
        if not value.strip():
            raise self._error("'name' is empty", "name")
        if "\n" in value.strip() or value != value.strip():
            raise self._error("'name' must be one line without leading or trailing spaces", "name")
        return value

    def _check_class(self, rule_name: str) -> type:
        checks = _checks()
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
            raise self._error(f"'check' must be one of: {valid}; got {_got(kind)}", "check")
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
            raise self._error(f"'description' must be text, got {_type_name(value)}", "description")
        return value.strip()

    # -- selectors

    def _selector(self, value: Any, key: str) -> Selector:
        if not isinstance(value, LineDict):
            raise self._error(f"'{key}' must be a mapping of selector keys ({', '.join(SELECTOR_KEYS)}); "
                              f"got {_got(value)}", key)
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
        elif name in ("near", "near_all", "not_near", "counts", "source"):
            for word in words:
                self._check_phrase(word, key)
        return words

    def _word_list(self, value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self._error(f"'{key}' must be a word or a list of words, got {_type_name(value)} "
                              f"{_show(value)}", key)
        if not value:
            raise self._error(f"'{key}' is empty: list at least one word, or remove the key", key)
        words = []
        for item in value:
            if not isinstance(item, str):
                raise self._error(f"'{key}' items must be words; {_show(item)} is {_type_name(item)}"
                                  f"{_quote_hint(item)}", key)
            if not item.strip():
                raise self._error(f"'{key}' has an empty word", key)
            words.append(item.strip())
        return tuple(words)

    def _check_phrase(self, word: str, key: str) -> None:
        try:
            Phrase.parse(word)
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
            window = _parse_whole(value)
        except ValueError as error:
            raise self._error(f"'{key}' must be a number of words: {error}", key) from None
        if window < 1:
            raise self._error(f"'{key}' must be at least 1 (words either side of the number)", key)
        return window

    def _pattern(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value:
            raise self._error(f"'{key}' must be a regular expression (text), got {_type_name(value)} "
                              f"{_show(value)}", key)
        try:
            cached_pattern(value)  # the same cache Selector compiles from: checked and compiled once
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None
        return value

    # -- check parameters

    def _check(self, rule_name: str, check_cls: type) -> Any:
        hints = _type_hints(check_cls)
        arguments: dict[str, Any] = {}
        for param in dataclasses.fields(check_cls):
            if not param.init:
                continue
            if param.name in self.mapping:
                arguments[param.name] = self._parameter(param, hints.get(param.name), self.mapping[param.name])
            elif not _has_default(param):
                if not _allows_none(hints.get(param.name)):
                    raise self._error(_missing_parameter(rule_name, check_cls, param))
                arguments[param.name] = None
        from ..checks.base import ParameterError
        from ..language.expressions import ExpressionError

        try:
            return check_cls(**arguments)
        except ExpressionError as error:
            key = next(param.name for param in dataclasses.fields(check_cls) if param.metadata.get("expression"))
            raise self._expression_error(key, arguments[key], error) from None
        except ParameterError as error:
            raise self._error(str(error), error.key) from None
        except (ValueError, TypeError) as error:
            raise self._error(f"rule '{rule_name}': {error}", _blamed_key(str(error), arguments)) from None

    def _parameter(self, param: dataclasses.Field[Any], hint: Any, value: Any) -> Any:
        key = param.name
        if param.metadata.get("selector"):
            return self._selector(value, key)
        if param.metadata.get("named_selectors"):
            return self._named_selectors(value, key, param.metadata.get("min_names", 1))
        if param.metadata.get("number_or_selector"):
            if isinstance(value, LineDict):
                return self._selector(value, key)
            try:
                return parse_number(value)
            except ValueError as error:
                raise self._error(f"'{key}' must be a number or a selector mapping: {error}", key) from None
        if param.metadata.get("expression"):
            return self._expression(value, key)
        choices = param.metadata.get("choices")
        if choices:
            return self._choice(value, tuple(str(choice) for choice in choices), key)
        if value is None and _allows_none(hint):
            return None
        base = _base_type(hint)
        try:
            if base is float:
                return parse_number(value)
            if base is int:
                return _parse_whole(value)
        except ValueError as error:
            raise self._error(f"'{key}': {error}", key) from None
        if base is str and not isinstance(value, str):
            raise self._error(f"'{key}' must be text, got {_got(value)}", key)
        if base is bool and not isinstance(value, bool):
            raise self._error(f"'{key}' must be true or false, got {_show(value)}", key)
        return value

    def _named_selectors(self, value: Any, key: str, min_names: int) -> dict[str, Selector]:
        example = "children: {counts: [children]}"
        if not isinstance(value, LineDict):
            raise self._error(f"'{key}' must be a mapping of names to selectors, e.g. '{example}'; got "
                              f"{_got(value)}", key)
        self._require_text_keys(value)
        self._record_spans(value, key + ".")
        if len(value) < min_names:
            raise self._error(f"'{key}' needs at least {min_names} named "
                              f"{'selector' if min_names == 1 else 'selectors'}, e.g. '{example}'", key)
        named: dict[str, Selector] = {}
        for name, selector in value.items():
            if not NAME_PATTERN.fullmatch(name) or name in RESERVED_CLAIM_NAMES:
                raise self._error(f"'{key}': '{name}' cannot be a name: use letters, digits and '_', starting "
                                  f"with a letter (e.g. 'children', 'held_by_rebels')", f"{key}.{name}")
            named[name] = self._selector(selector, f"{key}.{name}")
        return named

    def _expression(self, value: Any, key: str) -> str:
        """The expression's text; the check parses it, and ``_check`` reports its syntax errors."""
        if not isinstance(value, str):
            raise self._error(f"'{key}' must be text, e.g. 'children <= killed'; got {_got(value)}", key)
        return value

    def _expression_error(self, key: str, text: str, error: Any) -> RuleError:
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
                                    f"{_got(item)}", line)
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
                                        f"{_got(item)}", line)
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
                when = date.fromisoformat(str(raw).strip())
            except ValueError:
                raise self._error(f"'{prefix}date' must be a date written YYYY-MM-DD, got {_show(raw) or _got(raw)}",
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
                              f"{_got(value)}", prefix + key)
        return value.strip() if key != "text" else value

    def _choice(self, value: Any, choices: tuple[str, ...], key: str) -> str:
        if isinstance(value, str) and value in choices:
            return value
        close = difflib.get_close_matches(str(value), choices, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise self._error(f"'{key}' must be one of: {', '.join(choices)}; got {_show(value)}{hint}", key)


def _field_names(check_cls: type) -> tuple[str, ...]:
    return tuple(param.name for param in dataclasses.fields(check_cls) if param.init)


def _top_level_elsewhere(check_cls: type) -> dict[str, str]:
    hints = {key: f"'{key}' belongs under 'select:'" for key in SELECTOR_KEYS}
    for name, other in _checks().items():
        if other is check_cls:
            continue
        for param in _field_names(other):
            if param not in _field_names(check_cls):
                hints.setdefault(param, f"'{param}' is a parameter of check '{name}', not "
                                        f"'{getattr(check_cls, 'name', check_cls.__name__)}'")
    return hints


def _selector_elsewhere(where: str, check_cls: Optional[type]) -> dict[str, str]:
    """Keys of the rule's top level (base keys, the check's parameters) that may be misplaced in a selector."""
    params = _field_names(check_cls) if check_cls is not None else ()
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


def _missing_parameter(rule_name: str, check_cls: type, param: dataclasses.Field[Any]) -> str:
    check_name = getattr(check_cls, "name", check_cls.__name__)
    message = f"rule '{rule_name}': check '{check_name}' needs '{param.name}'"
    choices = param.metadata.get("choices")
    doc = param.metadata.get("doc")
    if choices:
        message += f" (one of: {', '.join(map(str, choices))})"
    if doc:
        message += f": {doc}"
    return message


def _blamed_key(message: str, arguments: Mapping[str, Any]) -> Optional[str]:
    """The one parameter a check's error message names, if exactly one."""
    named = [name for name in arguments if re.search(rf"\b{re.escape(name)}\b", message)]
    return named[0] if len(named) == 1 else None


def _has_default(param: dataclasses.Field[Any]) -> bool:
    return param.default is not dataclasses.MISSING or param.default_factory is not dataclasses.MISSING


def _type_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: fall back to their text
        return {param.name: param.type for param in dataclasses.fields(cls)}


def _union_members(hint: Any) -> tuple[Any, ...]:
    if isinstance(hint, str):  # an unresolved annotation such as "float | None"
        names = {"float": float, "int": int, "str": str, "bool": bool, "None": type(None)}
        parts = [part.strip() for part in re.split(r"[|,\[\]]", hint) if part.strip()]
        return tuple(names.get(part, object) for part in parts if part != "Optional")
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _allows_none(hint: Any) -> bool:
    return type(None) in _union_members(hint) or hint is None


def _base_type(hint: Any) -> Any:
    members = [member for member in _union_members(hint) if member is not type(None)]
    return members[0] if len(members) == 1 else object


# ---------------------------------------------------------------- messages


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _got(value: Any) -> str:
    """``a list``, ``text 'forty'``, ``a number 1.5``: what the editor wrote, briefly."""
    shown = _show(value)
    return f"{_type_name(value)} {shown}" if shown else _type_name(value)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        return ""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _quote_hint(value: Any) -> str:
    if isinstance(value, (bool, int, float)):
        return f" (quote it: \"{value}\")"
    return ""
