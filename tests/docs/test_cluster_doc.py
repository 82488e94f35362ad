"""docs/cluster.md and the README's "On a cluster": every table, command and figure of the text is the code's.

The command's option table is its parser; the exit codes are the command's; the sample output is what the
command prints on the seeds (seconds aside); the catalogue and manifest tables are what an update writes; the
partition sizes and retries the text gives are the engine's constants; the two commands appear in the README.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers.markdown import Table, read
from helpers.paths import DOCS, PROJECT, README, SEEDS

from pytest_claims import cli
from pytest_claims.cluster import engine, partitions
from pytest_claims.store import dataset

DOC = read(DOCS / "cluster.md")
TEXT = " ".join(DOC.text.split())


def table(*columns: str) -> Table:
    [found] = [t for t in DOC.tables if tuple(h.strip() for h in t.header[:len(columns)]) == columns]
    return found


def cells(found: Table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in found.rows]


def test_the_option_table_is_the_commands_parser() -> None:
    [extract] = [action for action in cli.parser()._subparsers._group_actions  # type: ignore[union-attr]
                 if action.dest == "action"]
    command = extract.choices["extract"]  # type: ignore[attr-defined]
    expected = []
    for action in command._actions:
        if action.dest == "help":
            continue
        if not action.option_strings:
            expected.append(f"{action.metavar} [{action.metavar} ...]")
        elif action.nargs == 0:
            expected.append(", ".join(action.option_strings))
        else:
            expected.append(f"{action.option_strings[0]} {action.metavar}")
    listed = [", ".join(row.cells[0].codes) for row in table("option", "meaning").rows]
    assert listed == expected
    engine_row = [row for row in table("option", "meaning").rows if row.cells[0].codes == ("--engine ENGINE",)]
    assert engine_row and all(f"`{choice}`" in engine_row[0].cells[1].markdown for choice in ("local", "dask"))


def test_the_exit_codes_are_the_commands() -> None:
    codes = {int(row[0]) for row in cells(table("exit code", "meaning"))}
    assert codes == {cli.OK, cli.INCOMPLETE, cli.USAGE}


def test_the_sample_output_is_what_the_command_prints_on_the_seeds(tmp_path: Path) -> None:
    [sample] = [block for block in DOC.blocks if block.language == "text" and "claims dataset" in block.text]
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["extract", str(SEEDS), "--out", str(tmp_path / "claims"), "--jobs", "2", "-q"], out=out, err=err)
    assert code == cli.OK, err.getvalue()
    printed = out.getvalue().replace(str(tmp_path / "claims"), "claims")

    def no_seconds(text: str) -> str:
        return re.sub(r"[0-9.]+ s$", "N s", text.strip(), flags=re.MULTILINE)

    assert no_seconds(printed) == no_seconds(sample.text)


def test_the_python_session_builds_the_dataset_from_the_seeds() -> None:
    """The pycon block runs in tests/docs/test_code_blocks.py from the project folder; it names the seeds."""
    [session] = [block for block in DOC.blocks if block.language == "pycon"]
    assert 'update_dataset(["seeds"]' in session.text and (PROJECT / "seeds") == SEEDS


def _written(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    assert cli.main(["extract", str(SEEDS), "--out", str(folder), "--jobs", "1", "-q"], out=io.StringIO(),
                    err=io.StringIO()) == cli.OK
    return folder


def test_the_catalogue_table_is_the_catalogue_written(tmp_path: Path) -> None:
    schema = pq.read_schema(_written(tmp_path) / dataset.META_FOLDER / dataset.CATALOGUE)
    rows = cells(table("column", "type", "null", "meaning"))
    assert [(row[0], row[1], row[2]) for row in rows] == \
        [(name, kind, "yes" if nullable else "no") for name, kind, nullable in dataset.CATALOGUE_COLUMNS]
    assert [(field.name, str(field.type).replace("[day]", ""), field.nullable) for field in schema] == \
        [(name, kind, nullable) for name, kind, nullable in dataset.CATALOGUE_COLUMNS]


def test_the_manifest_table_is_the_manifest_written(tmp_path: Path) -> None:
    manifest = json.loads((_written(tmp_path) / dataset.META_FOLDER / dataset.MANIFEST).read_text(encoding="utf-8"))
    rows = cells(table("key", "value"))
    assert [row[0] for row in rows] == list(manifest)
    values = {row[0]: row[1] for row in rows}
    assert f'"{manifest["format"]}"' == values["format"] and f'"{dataset.DATASET_VERSION}"' in values["version"]


def test_the_layout_names_the_files_an_update_writes(tmp_path: Path) -> None:
    folder = _written(tmp_path)
    [layout] = [block for block in DOC.blocks if block.language == "text" and "manifest.json" in block.text]
    names = re.findall(r"([\w<>-]+\.(?:parquet|json))", layout.text)
    assert names == ["part-<id>.parquet", dataset.MANIFEST, dataset.CATALOGUE]
    assert (folder / dataset.META_FOLDER).is_dir() and list(folder.glob(f"{dataset.PART_PREFIX}*.parquet"))


def test_the_partition_sizes_and_retries_are_the_engines() -> None:
    assert f"about {partitions.TARGET_BYTES // 1_000_000} MB of text and at most {partitions.MAX_DOCUMENTS} " \
           f"documents each, and at least {partitions.PER_WORKER} partitions per worker" in TEXT
    assert f"A task that raises is tried again, up to {engine.RETRIES} more times" in TEXT
    import dask
    import distributed  # noqa: F401 - loads its configuration defaults

    allowed = dask.config.get("distributed.scheduler.allowed-failures")
    assert f"`distributed.scheduler.allowed-failures`, {allowed} by default, plus one" in TEXT
    words = engine.failure_words(_KilledAfter(allowed))
    assert f"`its extraction failed {words}`" in TEXT


def test_the_merging_thresholds_are_the_datasets() -> None:
    assert f"When more than {dataset.SMALL_PARTS_ALLOWED} parts hold fewer than {dataset.SMALL_PART_CLAIMS:,} " \
           f"claims each, an update merges them into parts of at most {dataset.MERGED_PART_CLAIMS:,} claims" in TEXT


class _KilledAfter(Exception):
    """The shape of distributed's KilledWorker as the engine reads it: how many deaths the scheduler allowed."""

    def __init__(self, allowed_failures: int) -> None:
        super().__init__("killed")
        self.allowed_failures = allowed_failures


def test_the_install_hint_is_the_one_printed() -> None:
    assert engine.INSTALL_HINT in TEXT


@pytest.mark.parametrize("command", [
    "pytest-claims extract archive/ --engine dask --scheduler tcp://scheduler:8786 --out claims/",
    "pytest --claims-table claims/",
])
def test_the_readme_and_the_doc_give_the_two_commands(command: str) -> None:
    assert f"`{command}`" in read(README).text and f"`{command}`" in DOC.text


def test_the_console_script_is_declared() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["pytest-claims"] == "pytest_claims.cli:main"
    assert "dask" in project["optional-dependencies"]
