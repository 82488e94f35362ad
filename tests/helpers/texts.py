"""Every text the extraction tests read, for tests that compare two ways of reading the same text."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .paths import CASES, DEVSETS, EARTHQUAKE, SEEDS, TESTS


def _strings(node: Any) -> Iterator[str]:
    """Every string inside a loaded YAML or JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def suite_texts() -> dict[str, list[str]]:
    """Texts by origin: the seed documents, the earthquake corpus, every string of the case files and
    every string literal of the prose tests (the extraction tests' own sentences among them)."""
    literals = [node.value for path in sorted((TESTS / "unit" / "prose").glob("*.py"))
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return {
        "seeds": [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))],
        "earthquake": [path.read_text(encoding="utf-8") for path in sorted(EARTHQUAKE.rglob("*.txt"))],
        "cases": [text for path in sorted(CASES.glob("*.yaml"))
                  for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))],
        "test literals": literals,
    }


def devset_files() -> list[Path]:
    """The public dev sets beside the project (none in a clean clone)."""
    return sorted(DEVSETS.glob("*/*.json"))


def devset_texts(path: Path) -> list[str]:
    """Every string of a dev set file: inputs, expected surfaces, units (Recognizers files start with a BOM)."""
    return list(_strings(json.loads(path.read_text(encoding="utf-8-sig"))))
