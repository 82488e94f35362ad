"""Finding and reading rule files: every mistake is a RuleError naming the file and line."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, Iterable

from ..records.errors import RuleError, split_lines
from ..records.yamlfile import YamlError, load_yaml
from .decode import Source, decode_file, decode_file_items
from .rule import RULE_FILE_SUFFIXES, Rule, check_unique_names


def discover_rule_files(rules_dir: Path | str) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` file under ``rules_dir``, recursively, sorted."""
    directory = Path(rules_dir)
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise RuleError(f"rules directory {what}: create it and add rule files, or point to it "
                        f"with the rules directory option", str(directory))
    # not only regular files: a broken link or a pipe named x.yaml is reported when read, never skipped
    return sorted(path for path in directory.rglob("*")
                  if path.suffix.lower() in RULE_FILE_SUFFIXES and not path.is_dir())


def load_rule_file(path: Path | str) -> list[Rule]:
    """The rules of one file; any problem is a RuleError."""
    path = Path(path)
    source, text = _read_source(path)
    rules = decode_file(_parse_yaml(source, text), source, default_name=path.stem)
    check_unique_names(rules)
    return rules


def load_rule_file_items(path: Path | str) -> list[Rule | RuleError]:
    """The rules of one file, each rule or the error of that rule: one bad rule in a list of rules leaves
    the others to run. A problem of the whole file (unreadable, not YAML) is its only item."""
    path = Path(path)
    try:
        source, text = _read_source(path)
        items = decode_file_items(_parse_yaml(source, text), source, default_name=path.stem)
    except RuleError as error:
        return [error]
    good = [item for item in items if isinstance(item, Rule)]
    try:
        check_unique_names(good)
    except RuleError as error:
        return [error]
    return items


def load_rules(paths: Iterable[Path | str]) -> list[Rule]:
    """The rules of several files, in order, refusing duplicate names across them."""
    rules = [rule for path in paths for rule in load_rule_file(path)]
    check_unique_names(rules)
    return rules


def _read_source(path: Path) -> tuple[Source, str]:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe named x.yaml would block the read for ever
            raise RuleError("not a regular file (a named pipe, socket or device): rule files must be regular "
                            "files; replace it with one", str(path))
        raw = path.read_bytes()
    except OSError as error:
        raise RuleError(f"cannot read rule file: {error.strerror or error}; fix the file (or the link to it) or "
                        f"remove it", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        source = Source(str(path), split_lines(raw.decode("utf-8", "replace")))
        raise source.error(
            f"rule file is not UTF-8 text: byte 0x{raw[error.start]:02x} on line {line} cannot be "
            f"decoded; save the file as UTF-8", line) from None
    return Source(str(path), split_lines(text)), text


def _parse_yaml(source: Source, text: str) -> Any:
    try:
        return load_yaml(text)
    except YamlError as error:
        what = "invalid YAML value" if error.value else "invalid YAML"
        raise source.error(f"{what}: {error.problem}", error.line, column=error.column) from None
