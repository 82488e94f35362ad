"""The one YAML reader: safe, strict, and keeping the line of every mapping, key and item.

Rule files and document metadata (``claims-meta.yaml``, front matter) are
read here, so an error anywhere can point at ``file:line``. The reader is a
``SafeLoader`` that

* builds :class:`LineDict` and :class:`LineList`, which know their lines;
* refuses duplicate keys;
* reads only ``true``/``false`` as booleans (YAML 1.1 would turn ``no``,
  ``on`` and ``off`` in a word list into booleans) and leaves dates as text;
* with ``text_scalars=True`` leaves every scalar as the text written (a
  title ``1984`` stays text), only ``null`` and empty values being ``None``.

Every problem is a :class:`YamlError` with the line (and column) in the
file; the caller turns it into its own error (a rule error, a document
error). The helpers at the end describe a value read from YAML for those
messages: ``a list``, ``text 'forty'``, ``a number 1.5``.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

import yaml

from .errors import LINE_BREAK

_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that knows its lines and each key's (first, last) lines."""

    line: int = 0
    end_line: int = 0
    key_spans: dict[Any, tuple[int, int]]


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that knows its line and each item's line."""

    line: int = 0
    item_lines: list[int]


class YamlError(Exception):
    """Text that is not YAML we accept: ``problem`` in words, at 1-based ``line`` (and 0-based ``column``).

    ``value`` is true when the YAML parsed but a value in it could not be built (``!!timestamp 2016-13-45``).
    """

    def __init__(self, problem: str, line: int, column: Optional[int] = None, value: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column
        self.value = value


#: values (scalars, lists, mappings) that aliases may repeat in one file: merge keys (``<<: *defaults``) in
#: a large claims-meta.yaml stay far below it, a "billion laughs" file of a few lines goes far beyond
MAX_ALIAS_VALUES = 100_000


def _expanded_size(node: yaml.Node, sizes: dict[int, int], seen: Optional[set[int]] = None) -> int:
    """How many values ``node`` holds with every alias in it written out (memoized in ``sizes`` by node id,
    so a node shared by many aliases is walked once); a loop counts as more than any bound."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    seen = set() if seen is None else seen
    if id(node) in seen:
        return MAX_ALIAS_VALUES + 1
    seen.add(id(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes, seen) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(key, sizes, seen) + _expanded_size(value, sizes, seen)
                    for key, value in node.value)
    seen.discard(id(node))
    sizes[id(node)] = size
    return size


def _distinct_size(node: yaml.Node, seen: dict[int, int]) -> int:
    """How many distinct values ``node`` holds (an aliased value counted once)."""
    if id(node) in seen:
        return 0
    seen[id(node)] = 1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    return 1 + sum(_distinct_size(child, seen) for child in children)


def _last_line(node: yaml.Node) -> int:
    """0-based line after the node's last (its end mark sits after it, maybe at a next line's start)."""
    end = node.end_mark
    return int(end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1)


class LineLoader(yaml.SafeLoader):
    """SafeLoader recording lines; only true/false are booleans and dates stay text."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    #: the line of the file the text starts on (front matter starts on line 2)
    first_line = 1

    def compose_node(self, parent: Optional[yaml.Node], index: Any) -> Optional[yaml.Node]:
        """PyYAML's, refusing an alias that refers to the value it is part of, or that takes the values
        aliases repeat past :data:`MAX_ALIAS_VALUES` (a "billion laughs" file), at the alias's line."""
        if not self.check_event(yaml.AliasEvent):
            node: Optional[yaml.Node] = super().compose_node(parent, index)
            self.__dict__.setdefault("_complete", set()).add(id(node))
            return node
        event = self.peek_event()  # type: ignore[no-untyped-call]
        target = self.anchors.get(event.anchor)
        if target is not None:
            if id(target) not in self.__dict__.setdefault("_complete", set()):
                raise yaml.composer.ComposerError(
                    None, None, f"the alias *{event.anchor} refers to the value it is part of (a loop); "
                    f"write the value out instead", event.start_mark)
            sizes: dict[int, int] = self.__dict__.setdefault("_sizes", {})
            self.__dict__["_repeated"] = self.__dict__.get("_repeated", 0) + _expanded_size(target, sizes)
            if self.__dict__["_repeated"] > MAX_ALIAS_VALUES:
                raise yaml.composer.ComposerError(
                    None, None, f"with the alias *{event.anchor}, aliases repeat more than {MAX_ALIAS_VALUES:,} values, "
                    f"more than any rule or metadata file needs (an alias bomb?): write the values out, or use "
                    f"fewer aliases", event.start_mark)
        aliased: Optional[yaml.Node] = super().compose_node(parent, index)
        return aliased

    def construct_line_mapping(self, node: yaml.MappingNode) -> Iterator[LineDict]:
        data = LineDict()
        data.line = self._line(node.start_mark)
        data.end_line = self.first_line - 1 + _last_line(node)
        data.key_spans = {}
        yield data
        _reject_duplicate_keys(node, self.first_line)
        data.update(self.construct_mapping(node))
        for key_node, value_node in node.value:  # merged keys first, so own keys win
            key = self.construct_object(key_node)
            data.key_spans[key] = (self._line(key_node.start_mark), self.first_line - 1 + _last_line(value_node))

    def construct_line_sequence(self, node: yaml.SequenceNode) -> Iterator[LineList]:
        data = LineList()
        data.line = self._line(node.start_mark)
        data.item_lines = [self._line(item.start_mark) for item in node.value]
        yield data
        data.extend(self.construct_sequence(node))

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        """``!!timestamp`` on text that is no date is an error at its line (PyYAML's own constructor crashes)."""
        value = self.construct_scalar(node)
        if not isinstance(value, str) or not self.timestamp_regexp.match(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"{value!r} is not a date: !!timestamp needs a date such as 2016-12-09", node.start_mark)
        return self.construct_yaml_timestamp(node)

    def _line(self, mark: yaml.Mark) -> int:
        return self.first_line + int(mark.line)


LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_line_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_line_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_checked_timestamp)


class TextLineLoader(LineLoader):
    """:class:`LineLoader` whose scalars stay the text written; only null (``~``, ``null``, empty) is None."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _reject_duplicate_keys(node: yaml.MappingNode, first_line: int) -> None:
    seen: dict[str, yaml.Mark] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
            continue
        if key_node.value in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"duplicate key '{key_node.value}' (first at line {first_line + seen[key_node.value].line})",
                key_node.start_mark)
        seen[key_node.value] = key_node.start_mark


def load_yaml(text: str, *, first_line: int = 1, text_scalars: bool = False) -> Any:
    """The YAML document in ``text`` as plain values, :class:`LineDict` and :class:`LineList`.

    ``text`` starts on line ``first_line`` of its file, and every line (marks and errors) is a line of
    the file; YamlError for anything that is not one valid document.
    """
    try:
        return _read(TextLineLoader if text_scalars else LineLoader, text, first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        raise YamlError(_marked_problem(error, first_line), line, mark.column if mark else None) from None
    except yaml.reader.ReaderError as error:
        line = first_line + len(LINE_BREAK.findall(text, 0, error.position))
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        raise YamlError(f"character {character!r} (U+{ord(character[:1] or ' '):04X}) is not allowed in a "
                        f"YAML file", line) from None
    except yaml.YAMLError as error:
        raise YamlError(str(error), first_line) from None
    except RecursionError:
        raise YamlError("nested too deeply", first_line) from None
    except (ValueError, OverflowError, TypeError) as error:  # from scalar constructors (e.g. !!timestamp)
        raise YamlError(str(error), first_line, value=True) from None


def _read(kind: type[LineLoader], text: str, first_line: int) -> Any:
    fast = _FAST.get(kind)
    if fast is not None and "!" not in text:  # libyaml resolves an empty tagged node ("!") otherwise
        try:
            return _read_with(fast, text, first_line)
        except Exception:  # noqa: BLE001 - the pure-Python reader says what is wrong, in its own words
            pass
    return _read_with(kind, text, first_line)


def _read_with(kind: type[Any], text: str, first_line: int) -> Any:
    loader = kind(text)  # reading the stream starts here: errors may come from the constructor too
    loader.first_line = first_line
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # libyaml composes without LineLoader.compose_node: a file whose aliases repeat too much goes to
        # the pure-Python reader, which names the alias
        distinct: dict[int, int] = {}
        if _expanded_size(node, {}) - _distinct_size(node, distinct) > MAX_ALIAS_VALUES:
            raise yaml.composer.ComposerError(None, None, "aliases repeat too many values", node.start_mark)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _with_libyaml(kind: type[LineLoader]) -> Optional[type[Any]]:
    """``kind`` reading with libyaml's parser, when PyYAML was built with it: ten times faster on a large
    claims-meta.yaml. It builds the same values with the same lines; on any error the pure-Python
    reader runs again, so that messages are the same with or without libyaml."""
    try:
        from yaml import cyaml
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return None
    parser: type[Any] = getattr(cyaml, "CParser")

    def __init__(self: Any, stream: str) -> None:
        parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    return type(f"Fast{kind.__name__}", (parser, kind), {"__init__": __init__})


_FAST = {kind: fast for kind in (LineLoader, TextLineLoader) if (fast := _with_libyaml(kind)) is not None}


_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '(?P<tag>[^']*)'")
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


def _plain_problem(problem: str) -> Optional[str]:
    """PyYAML's words for a problem of ours, said plainly with what to do; None for the others."""
    tag = _UNKNOWN_TAG.search(problem)
    if tag is not None:
        written = tag["tag"]
        written = "!!" + written[len(_YAML_TAG_PREFIX):] if written.startswith(_YAML_TAG_PREFIX) else written
        return (f"the tag {written!r} is not allowed: only plain YAML is read (text, numbers, true/false, "
                f"lists and mappings); remove the tag")
    if "found unhashable key" in problem:
        return ("a key is a list or a mapping ('? [a, b]' or '{a: 1}: ...'); a key must be a single word: "
                "write it as plain text")
    return None


def _marked_problem(error: yaml.MarkedYAMLError, first_line: int) -> str:
    """PyYAML's context and problem on one line: "while parsing a flow sequence at line 3, expected ..."."""
    problem = error.problem or "cannot parse"
    plain = _plain_problem(problem)
    if plain is not None:
        return plain
    if not error.context:
        return problem
    context = error.context
    if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        context += f" at line {first_line + error.context_mark.line}"
    return f"{context}, {problem}"


# ---------------------------------------------------------------- values in messages


def type_name(value: Any) -> str:
    """What kind of YAML value ``value`` is, in words: ``a list``, ``text``, ``nothing``."""
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


def described(value: Any) -> str:
    """``a list``, ``text 'forty'``, ``a number 1.5``: what the editor wrote, briefly."""
    shown = shown_value(value)
    return f"{type_name(value)} {shown}" if shown else type_name(value)


def shown_value(value: Any) -> str:
    """A scalar as written, cut to 60 characters; "" for lists, mappings and nothing."""
    if isinstance(value, (dict, list)) or value is None:
        return ""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def quote_hint(value: Any) -> str:
    """`` (quote it: "40")`` for a number or boolean where text was expected."""
    if isinstance(value, (bool, int, float)):
        return f" (quote it: \"{value}\")"
    return ""
