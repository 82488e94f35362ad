"""Finding and reading rule files: every mistake is a RuleError naming the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..records.errors import RuleError, split_lines
from ..records.yamlfile import YamlError, load_yaml
from .decode import Source, decode_file
from .rule import RULE_FILE_SUFFIXES, Rule, check_unique_names


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
    rules = decode_file(_parse_yaml(source, text), source, default_name=path.stem)
    check_unique_names(rules)
    return rules


def load_rules(paths: Iterable[Path | str]) -> list[Rule]:
    """The rules of several files, in order, refusing duplicate names across them."""
    rules = [rule for path in paths for rule in load_rule_file(path)]
    check_unique_names(rules)
    return rules


def _read_source(path: Path) -> tuple[Source, str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RuleError(f"cannot read rule file: {error.strerror or error}", str(path)) from None
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
