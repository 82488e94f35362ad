"""The package's shape: layers that cover every module, no reaching into private names, one module per check kind."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest
from helpers.paths import PROJECT

import pytest_claims
from pytest_claims.checks import CHECKS, Check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE = Path(pytest_claims.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
#: modules of the checks package that hold what kinds share, not a kind
CHECK_SUPPORT = {"__init__", "base", "params", "claimsets", "phrases", "windows", "extremes"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layers() -> list[str]:
    """The modules of each layer, top first; a layer of independent siblings ("a | b") gives each."""
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [contract for contract in config["tool"]["importlinter"]["contracts"]
                  if contract["type"] == "layers"]
    return [module.strip() for layer in contract["layers"] for module in layer.split("|")]


def test_every_stage_is_a_layer_of_the_import_contract() -> None:
    """A new package or top-level module must take its place in the one-way flow (else lint-imports ignores it)."""
    stages = {f"pytest_claims.{info.name}" for info in pkgutil.iter_modules([str(PACKAGE)])}
    assert stages == set(_layers())


def test_layers_run_from_the_front_ends_down_to_records() -> None:
    layers = _layers()
    assert layers[:3] == ["pytest_claims.__main__", "pytest_claims.plugin", "pytest_claims.cli"]
    assert layers[-1] == "pytest_claims.records"


def _imported_private_names(path: Path) -> list[str]:
    """``from x import _name`` and ``module._name`` on an imported module of the package, as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("pytest_claims")):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import {alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(path) for path in MODULES])
def test_no_module_uses_another_modules_private_names(path: Path) -> None:
    assert _imported_private_names(path) == []


def test_the_private_name_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from .rules import _checks\nfrom . import words\nwords._inflect()\nwords.plural(1, 'x')\n",
                      encoding="utf-8")
    assert _imported_private_names(sample) == ["line 1: from .rules import _checks", "line 3: words._inflect"]


def test_each_check_kind_is_one_module_registered_once() -> None:
    kinds = {}
    for info in pkgutil.iter_modules([str(PACKAGE / "checks")]):
        if info.name in CHECK_SUPPORT:
            continue
        module = importlib.import_module(f"pytest_claims.checks.{info.name}")
        defined = [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                   if issubclass(cls, Check) and cls is not Check and cls.__module__ == module.__name__]
        assert len(defined) == 1, f"pytest_claims/checks/{info.name}.py defines {defined}, not one check kind"
        kinds[defined[0].name] = defined[0]
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        siblings = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
        assert siblings <= CHECK_SUPPORT, f"check kind {info.name} imports another kind: {siblings - CHECK_SUPPORT}"
    assert kinds == CHECKS
