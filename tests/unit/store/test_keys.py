"""Cache keys: everything that can change a document's claims is in the key, its path and name are not."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

import pytest_claims
from pytest_claims.records.model import Document
from pytest_claims.store import keys
from pytest_claims.store.keys import (CLAIM_SOURCES, document_key, extraction_fingerprint, sources_changed,
                                      sources_digest)

PACKAGE = Path(pytest_claims.__file__).resolve().parent
DOCUMENT = Document(path="/archive/2016/aleppo.txt", name="aleppo.txt",
                    text="Troops hold about 85% of the area.\nMore than 300,000 people have died.",
                    title="Aleppo", outlet="Reuters", date=date(2016, 11, 28), date_source="claims-meta.yaml:4",
                    body_offset=0, body_line=1)


def test_a_key_is_a_hex_sha256() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", document_key(DOCUMENT))
    assert document_key(DOCUMENT) == document_key(dataclasses.replace(DOCUMENT))


@pytest.mark.parametrize("change", [
    {"text": DOCUMENT.text + " "},
    {"text": DOCUMENT.text.replace("85%", "86%")},
    {"date": date(2016, 11, 29)},
    {"date": None},
    {"date_source": "front matter"},
    {"outlet": "AFP"},
    {"outlet": None},
    {"title": "Aleppo falls"},
    {"body_line": 5},
    {"body_offset": 12},
], ids=lambda change: "-".join(f"{name}={value!r}" for name, value in change.items()))
def test_the_key_changes_with_the_text_and_metadata(change: dict[str, object]) -> None:
    assert document_key(dataclasses.replace(DOCUMENT, **change)) != document_key(DOCUMENT)  # type: ignore[arg-type]


def test_a_date_written_as_text_is_not_the_date() -> None:
    as_text = dataclasses.replace(DOCUMENT, date=None, date_source="2016-11-28")
    assert document_key(as_text) != document_key(dataclasses.replace(DOCUMENT, date_source=None))


def test_the_key_ignores_where_the_file_is_and_what_it_is_called() -> None:
    moved = dataclasses.replace(DOCUMENT, path="/other/place/renamed.md", name="renamed.md")
    assert document_key(moved) == document_key(DOCUMENT)


def test_every_document_field_but_path_and_name_is_keyed() -> None:
    """A field added to Document is keyed without anyone remembering to: the key hashes the fields it finds."""
    samples = {str: "changed", int: 99, date: date(2001, 1, 1), tuple: (3, 4)}
    by_name = {"file": "/news/export.jsonl", "source_lines": (7,), "url": "https://example.org/a",
               "record_id": "r-101"}  # None by default
    for field in dataclasses.fields(Document):
        if field.name in ("path", "name"):
            continue
        value = getattr(DOCUMENT, field.name)
        changed = by_name[field.name] if value is None else samples[type(value)]
        assert document_key(dataclasses.replace(DOCUMENT, **{field.name: changed})) != document_key(DOCUMENT), field


def test_the_key_changes_with_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    before = document_key(DOCUMENT)
    monkeypatch.setattr(keys, "extraction_fingerprint", lambda: extraction_fingerprint() + "; quantulum3 99.0")
    assert document_key(DOCUMENT) != before


def test_the_fingerprint_names_the_extractor_and_its_dependencies() -> None:
    from pytest_claims.prose.extraction import EXTRACTOR_VERSION

    fingerprint = extraction_fingerprint()
    assert f"extractor {EXTRACTOR_VERSION};" in fingerprint
    assert f"quantulum3 {metadata.version('quantulum3')};" in fingerprint
    assert f"inflect {metadata.version('inflect')};" in fingerprint
    assert re.search(r"; sources [0-9a-f]{16}$", fingerprint)
    assert extraction_fingerprint() is fingerprint  # computed once per process


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "pytest_claims"
    for relative in CLAIM_SOURCES:
        source = PACKAGE / relative
        if source.is_dir():
            shutil.copytree(source, copy / relative, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy / relative)
    return copy


@pytest.mark.parametrize("edited", ["prose/grammar.py", "prose/claims.py", "records/model.py", "store/codec.py"])
def test_any_edit_to_a_claim_source_changes_the_digest(tmp_path: Path, edited: str) -> None:
    copy = _package_copy(tmp_path)
    assert sources_digest(copy) == sources_digest(PACKAGE)
    with (copy / edited).open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    assert sources_digest(copy) != sources_digest(PACKAGE)


def test_a_new_grammar_module_changes_the_digest(tmp_path: Path) -> None:
    copy = _package_copy(tmp_path)
    (copy / "prose" / "idioms.py").write_text("IDIOMS = ()\n", encoding="utf-8")
    assert sources_digest(copy) != sources_digest(PACKAGE)


def test_sources_changed_tells_an_edit_made_since_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _package_copy(tmp_path)
    monkeypatch.setattr(keys, "PACKAGE", copy)
    monkeypatch.setattr(keys, "_SOURCES_AT_IMPORT", sources_digest(copy))  # as if imported from the copy
    assert not sources_changed()
    with (copy / "prose" / "grammar.py").open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    assert sources_changed()


def _imported_modules(module: str) -> set[str]:
    """Modules of the package that ``module`` imports, directly or not, read from the source."""
    seen: set[str] = set()
    waiting = [module]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        path = PACKAGE.parent.joinpath(*name.split("."))
        file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        package = name if path.is_dir() else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            for candidate in candidates:
                candidate_path = PACKAGE.parent.joinpath(*candidate.split("."))
                if candidate.startswith("pytest_claims") and (
                        candidate_path.is_dir() or candidate_path.with_suffix(".py").is_file()):
                    waiting.append(candidate)
    return seen


def test_every_module_extraction_runs_is_a_claim_source() -> None:
    """A module the claims depend on but the digest does not cover would let an edit serve stale claims."""
    covered = {"pytest_claims." + relative.removesuffix(".py").replace("/", ".") for relative in CLAIM_SOURCES}
    modules = _imported_modules("pytest_claims.prose.claims")
    assert {"pytest_claims.prose.extraction", "pytest_claims.prose.grammar", "pytest_claims.records.model"} <= modules
    uncovered = {name for name in modules if name != "pytest_claims"
                 and not any(name == prefix or name.startswith(prefix + ".") for prefix in covered)}
    assert uncovered == set()


def test_every_claim_source_exists() -> None:
    for relative in CLAIM_SOURCES:
        assert (PACKAGE / relative).exists(), relative
