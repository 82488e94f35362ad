"""docs/claims-table.md: the schema it documents is the schema written, both ways, and the reader refuses what it says.

Every column row is checked against the Arrow schema of a real table (name,
order, type, null) and against the values in it (the record field each column
holds); every metadata key and the keys of its JSON objects against a real
file's footer; each row of the refusals against the error for such a file;
the schema version and the options against the code.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers.claims import make_claim
from helpers.markdown import Row, Table, read
from helpers.options import plugin_options
from helpers.paths import DOCS, PROJECT

from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Claim, DocumentInfo, Quantity
from pytest_claims.store import table as claims_table
from pytest_claims.store.table import COLUMNS, SCHEMA_KEY, SCHEMA_VERSION, TableError, read_table, write_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DOC = read(DOCS / "claims-table.md")


def the_table(*columns: str) -> Table:
    [found] = DOC.tables_with(*columns)
    return found


def code(row: Row, column: str) -> str:
    codes = row[column].codes
    assert codes, f"{row.where}: the {column} cell names it in `code`"
    return codes[0]


CLAIMS = [
    make_claim("An estimated 250,000 people are trapped in the east of the city.", "250,000", source="UN",
               source_text="the UN"),
    make_claim("About 85% of the area was retaken, the army said.", "85%", kind="share", document="b.txt",
               outlet=None, day=None),
]
#: what the test table holds: the second claim open at both ends, with a total
WRITTEN = [CLAIMS[0], dataclasses.replace(CLAIMS[1], quantity=dataclasses.replace(
    CLAIMS[1].quantity, low=None, high=None, qualifier="vague", total=3.0))]
DOCUMENTS = [DocumentInfo("/news/a.txt", "a.txt", "Aleppo", "Reuters", CLAIMS[0].date, "test"),
             DocumentInfo("/news/b.txt", "b.txt"), DocumentInfo("/news/no-claims.txt", "no-claims.txt")]
PROBLEMS = [DocumentError("empty document", "/news/empty.txt")]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real table: two claims (one with its ends open) of three documents, one unreadable document."""
    path = tmp_path_factory.mktemp("doc") / "claims.parquet"
    write_table(path, WRITTEN, DOCUMENTS, PROBLEMS, extractor="3.2")
    return path


# ---------------------------------------------------------------- the columns


def documented_type(arrow_type: Any) -> str:
    """How the doc writes an Arrow type."""
    if pa.types.is_dictionary(arrow_type):
        return f"{documented_type(arrow_type.value_type)} (dictionary)"
    return {"double": "float64", "date32[day]": "date32"}.get(str(arrow_type), str(arrow_type))


def test_the_columns_table_is_the_written_schema_in_order(written: Path) -> None:
    table = the_table("column", "type", "null", "field", "meaning")
    listed = [(code(row, "column"), row["type"].text, row["null"].text) for row in table.rows]
    schema = pq.ParquetFile(written).schema_arrow
    actual = [(field.name, documented_type(field.type), "yes" if field.nullable else "no") for field in schema]
    assert listed == actual, table.where


def _field_value(claim: Claim, field: str, column: str) -> object:
    record, name = field.split(".")
    value = getattr(claim.quantity if record == "Quantity" else claim, name)
    if name == "span":
        return value[0] if column == "span_start" else value[1]
    return value


def test_each_column_holds_the_record_field_the_doc_names(written: Path) -> None:
    table = the_table("column", "type", "null", "field", "meaning")
    rows = pq.read_table(written).to_pylist()
    assert read_table(written)[0] == tuple(WRITTEN)
    for row in table.rows:
        column, field = code(row, "column"), code(row, "field")
        assert re.fullmatch(r"(Claim|Quantity)\.\w+", field), f"{row.where}: a field is Claim.x or Quantity.x"
        assert [values[column] for values in rows] == [_field_value(claim, field, column) for claim in WRITTEN], \
            f"{row.where}: column {column} holds {field}"


def test_the_columns_name_every_field_of_a_claim_and_its_quantity() -> None:
    table = the_table("column", "type", "null", "field", "meaning")
    named = {code(row, "field") for row in table.rows}
    fields = {f"Claim.{f.name}" for f in dataclasses.fields(Claim) if f.name != "quantity"}
    fields |= {f"Quantity.{f.name}" for f in dataclasses.fields(Quantity)}
    assert named == fields, table.where


def test_the_open_ends_the_doc_promises_are_nulls(written: Path) -> None:
    rows = pq.read_table(written, columns=["low", "high", "qualifier", "outlet", "date"]).to_pylist()
    assert rows[1] == {"low": None, "high": None, "qualifier": "vague", "outlet": None, "date": None}


# ---------------------------------------------------------------- the metadata


def _footer(path: Path) -> dict[str, str]:
    return {key.decode(): value.decode() for key, value in pq.ParquetFile(path).metadata.metadata.items()}


def test_the_metadata_table_lists_every_key_of_the_file(written: Path) -> None:
    table = the_table("key", "value")
    listed = [code(row, "key") for row in table.rows]
    assert sorted(listed) == sorted(key for key in _footer(written) if key != "ARROW:schema"), table.where
    assert "ARROW:schema" in DOC.text


@pytest.mark.parametrize("key", ["pytest-claims.documents", "pytest-claims.problems"])
def test_the_json_keys_listed_are_the_keys_written(key: str, written: Path) -> None:
    table = the_table("key", "value")
    [row] = [row for row in table.rows if code(row, "key") == key]
    objects = json.loads(_footer(written)[key])
    assert objects, f"the test table has {key}"
    assert [list(item) for item in objects] == [list(row["value"].codes)] * len(objects), row.where


def test_the_documents_without_claims_are_in_the_metadata(written: Path) -> None:
    _, catalogue = read_table(written)
    assert catalogue.documents == tuple(DOCUMENTS)
    assert [str(p) for p in catalogue.problems] == ["/news/empty.txt: empty document"]


def test_the_columns_are_zstd_with_page_checksums(written: Path, tmp_path: Path) -> None:
    assert "compressed with zstd, and each page carries a checksum" in " ".join(DOC.text.split())
    metadata = pq.ParquetFile(written).metadata
    chunks = [metadata.row_group(g).column(c) for g in range(metadata.num_row_groups)
              for c in range(metadata.num_columns)]
    assert len(chunks) == len(COLUMNS) and {chunk.compression for chunk in chunks} == {"ZSTD"}
    # the last byte of each chunk is page data: changed, the page no longer matches its checksum
    for chunk in chunks:
        start = chunk.dictionary_page_offset if chunk.dictionary_page_offset is not None else chunk.data_page_offset
        damaged = _flip(written, tmp_path / f"{chunk.path_in_schema}.parquet", start + chunk.total_compressed_size - 1)
        with pytest.raises(TableError, match="damaged claims table.*checksum"):
            read_table(damaged)


# ---------------------------------------------------------------- the version


def test_the_schema_version_is_the_codes() -> None:
    [heading] = [h for h in DOC.headings if h.text.startswith("Schema version")]
    assert heading.text == f"Schema version {SCHEMA_VERSION}", f"{DOC.name}:{heading.line}"
    table = the_table("key", "value")
    [row] = [row for row in table.rows if code(row, "key") == SCHEMA_KEY]
    assert f'"{SCHEMA_VERSION}"' in row["value"].markdown, row.where


def test_the_versions_table_ends_with_this_version() -> None:
    table = the_table("version", "changes")
    versions = [row["version"].text for row in table.rows]
    assert versions == [str(n) for n in range(1, int(SCHEMA_VERSION) + 1)], table.where
    columns = re.search(r"(\d+) columns", table.rows[-1]["changes"].text)
    assert columns and int(columns.group(1)) == len(COLUMNS), table.rows[-1].where


# ---------------------------------------------------------------- what the reader refuses


def _write(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def _rewrite(good: Path, target: Path, change: Callable[[pa.Table], pa.Table],
             metadata: dict[str, str] | None = None) -> Path:
    """``good`` with its rows changed and metadata keys replaced, checksum made to match: only the change differs."""
    kept = {k: v for k, v in pq.ParquetFile(good).metadata.metadata.items() if k != b"ARROW:schema"}
    kept.update({key.encode(): value.encode() for key, value in (metadata or {}).items()})
    kept[claims_table.CHECKSUM_KEY.encode()] = claims_table.metadata_checksum(kept).encode()
    pq.write_table(change(pq.read_table(good)).replace_schema_metadata(kept), target)
    return target


def _flip(good: Path, target: Path, offset: int) -> Path:
    data = bytearray(good.read_bytes())
    data[offset] ^= 0x10
    return _write(target, bytes(data))


def _page_byte(good: Path) -> int:
    chunk = pq.ParquetFile(good).metadata.row_group(0).column(0)
    start = chunk.dictionary_page_offset if chunk.dictionary_page_offset is not None else chunk.data_page_offset
    return int(start + chunk.total_compressed_size - 1)


def _other_parquet(target: Path) -> Path:
    pq.write_table(pa.table({"headline": ["Aleppo"]}), target)
    return target


def _line_as_text(table: pa.Table) -> pa.Table:
    return table.set_column(table.schema.get_field_index("line"), "line", table["line"].cast(pa.string()))


#: each row of the doc's refusals table (by its first cell) and how to make such a file from a good table
REFUSED: dict[str, Callable[[Path, Path], Path]] = {
    "is not there": lambda good, folder: folder / "missing.parquet",
    "is a folder": lambda good, folder: folder,
    "is not Parquet (a CSV, an empty or a truncated file)": lambda good, folder: _write(folder / "x.parquet",
                                                                                       good.read_bytes()[:1000]),
    "is Parquet, written by something else": lambda good, folder: _other_parquet(folder / "x.parquet"),
    "has another schema version": lambda good, folder: _rewrite(good, folder / "x.parquet", lambda t: t,
                                                                {SCHEMA_KEY: "2"}),
    "lacks columns": lambda good, folder: _rewrite(good, folder / "x.parquet", lambda t: t.drop(["sentence"])),
    "has a column of another type": lambda good, folder: _rewrite(good, folder / "x.parquet", _line_as_text),
    "is damaged (a page or its metadata changed)": lambda good, folder: _flip(good, folder / "x.parquet",
                                                                              _page_byte(good)),
}


def test_the_refusals_table_lists_each_case_once() -> None:
    table = the_table("the file", "the error says")
    assert [row["the file"].text for row in table.rows] == list(REFUSED), table.where


@pytest.mark.parametrize("case", list(REFUSED))
def test_each_refusal_is_the_error_the_doc_shows(case: str, written: Path, tmp_path: Path) -> None:
    table = the_table("the file", "the error says")
    [row] = [row for row in table.rows if row["the file"].text == case]
    bad = REFUSED[case](written, tmp_path)
    with pytest.raises(TableError) as raised:
        read_table(bad)
    assert code(row, "the error says") in raised.value.message, row.where
    assert raised.value.path == str(bad)


def test_without_pyarrow_the_error_says_what_the_doc_says(monkeypatch: pytest.MonkeyPatch, written: Path) -> None:
    [hint] = [c for p in DOC.paragraphs if "an error that says" in " ".join(p.markdown.split())
              for c in p.codes if c.startswith("pip install")]
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(TableError) as raised:
        read_table(written)
    assert hint in raised.value.message


def test_the_table_extra_installs_pyarrow_and_the_tests_use_it() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert [re.split(r"[<>=!~ ]", requirement)[0] for requirement in extras["table"]] == ["pyarrow"]
    own_extras = [extra.strip() for requirement in extras["test"] if requirement.startswith("pytest-claims[")
                  for extra in requirement[len("pytest-claims["):].split("]")[0].split(",")]
    assert "table" in own_extras, "the tests install the table extra"
    assert "pip install 'pytest-claims[table]'" in [c for p in DOC.paragraphs for c in p.codes]
    bound = re.search(r">=\s*(\d+)", extras["table"][0])
    assert bound and int(pa.__version__.split(".")[0]) >= int(bound.group(1))


# ---------------------------------------------------------------- the commands


def test_the_commands_use_options_the_plugin_has() -> None:
    recorder = plugin_options()
    commands = [c for p in DOC.paragraphs for c in p.codes if c.startswith("pytest ")]
    assert len(commands) == 2
    used = {word for command in commands for word in command.split() if word.startswith("--")}
    assert used == {"--claims", "--claims-save-table", "--claims-table"}
    for option in used:
        assert option in recorder.options, f"{DOC.name}: no option {option}"
    for option in ("--claims-save-table", "--claims-table"):
        assert recorder.options[option].get("metavar") == "PATH"
