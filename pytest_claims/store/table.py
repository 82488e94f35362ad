"""The claims table: every claim of a run in one Parquet file, so extracting and checking can be two steps.

A nightly job extracts and writes the table (``--claims-save-table``); a CI
check reads it back (``--claims-table``) and runs the rules without reading a
document. One row per claim, in the order given; ``read_table`` gives back
claims equal to those written, field for field (``None``, open ends,
inclusivity, floats, dates and text exactly). The corpus travels with the
claims, in the file's key-value metadata: every document (those without claims
too) with its date and where the date came from, and the documents that could
not be read, so a run from the table counts documents and reports "no date"
the way a run from the documents does. The schema is written down, with its
version, in ``docs/claims-table.md``; a reader refuses any version but its own.

Claims are written in row groups of :data:`ROW_GROUP_SIZE` as they come, so a
million claims never need a second full copy in memory; the file appears under
its name only once complete. pyarrow is an optional dependency
(``pip install 'pytest-claims[table]'``), imported on first use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..prose.documents import Catalogue
from ..records.errors import ClaimsError, DocumentError
from ..records.model import KINDS, QUALIFIERS, Claim, DocumentInfo, Quantity

#: the version of the table's layout; bump it when a column or a metadata key changes meaning
SCHEMA_VERSION = "1"
#: claims per row group: what a writer holds in memory at once
ROW_GROUP_SIZE = 50_000

# Keys of the file's key-value metadata (the distribution's name, so no key reads as a Python module).
KEY_PREFIX = "pytest-claims."
SCHEMA_KEY = "pytest-claims.schema"
EXTRACTOR_KEY = "pytest-claims.extractor"
DOCUMENTS_KEY = "pytest-claims.documents"
PROBLEMS_KEY = "pytest-claims.problems"
#: SHA-256 of the keys above (Parquet checksums cover the pages of rows, not the footer that holds them)
CHECKSUM_KEY = "pytest-claims.checksum"

INSTALL_HINT = "pip install 'pytest-claims[table]'"


class TableError(ClaimsError):
    """A claims table cannot be written or read: missing, not Parquet, another schema version, broken."""


@dataclass(frozen=True)
class Column:
    """One column of the table: its name, its type as the docs write it, and whether it holds nulls."""

    name: str
    type: str  # "string", "dictionary<string>", "int64", "float64", "bool", "date32"
    nullable: bool = False


#: the table's columns, in order (docs/claims-table.md describes each)
COLUMNS: tuple[Column, ...] = (
    Column("document", "dictionary<string>"),
    Column("path", "dictionary<string>"),
    Column("line", "int64"),
    Column("span_start", "int64"),
    Column("span_end", "int64"),
    Column("sentence_start", "int64"),
    Column("surface", "string"),
    Column("number_text", "string"),
    Column("value", "float64"),
    Column("low", "float64", nullable=True),
    Column("high", "float64", nullable=True),
    Column("low_inclusive", "bool"),
    Column("high_inclusive", "bool"),
    Column("qualifier", "dictionary<string>", nullable=True),
    Column("kind", "dictionary<string>"),
    Column("unit", "dictionary<string>"),
    Column("total", "float64", nullable=True),
    Column("counts", "dictionary<string>", nullable=True),
    Column("counted_phrase", "string"),
    Column("source", "dictionary<string>", nullable=True),
    Column("source_text", "string"),
    Column("date", "date32", nullable=True),
    Column("date_source", "dictionary<string>", nullable=True),
    Column("outlet", "dictionary<string>", nullable=True),
    Column("as_of", "date32", nullable=True),
    Column("as_of_source", "dictionary<string>", nullable=True),
    Column("sentence", "string"),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
# The records' fields in declared order, to build records positionally from the columns: each field reads
# the column of its name, but Quantity.span (span_start and span_end) and Claim.quantity (the Quantity).
_QUANTITY_FIELDS = tuple(field.name for field in dataclasses.fields(Quantity))
_CLAIM_FIELDS = tuple(field.name for field in dataclasses.fields(Claim))


@dataclass(frozen=True)
class TableInfo:
    """What a table's footer says, read without reading its rows."""

    schema_version: str
    #: the extractor that found the claims (``EXTRACTOR_VERSION`` or a fuller fingerprint); None when not given
    extractor: Optional[str]
    claims: int
    documents: int
    problems: int


# ---------------------------------------------------------------- writing


def write_table(path: Path, claims: Iterable[Claim], documents: Sequence[DocumentInfo],
                problems: Sequence[ClaimsError] = (), *, extractor: Optional[str] = None,
                row_group_size: int = ROW_GROUP_SIZE) -> int:
    """Write ``claims`` (of ``documents``; ``problems``: documents that could not be read) to ``path``.

    Returns the number of claims written. Claims stream through in row groups
    of ``row_group_size``; the file is written beside ``path`` and renamed into
    place when complete, so a reader never sees half a table. Missing folders
    are created. TableError when pyarrow is missing or the file cannot be
    written; ValueError when a claim's document is not among ``documents``.
    """
    path = Path(path)
    pa, pq = arrow_modules(path)
    known = {document.path for document in documents}
    if len(known) != len(documents):
        raise ValueError("documents: a path is listed twice")
    schema = arrow_schema(pa).with_metadata(_small_metadata(extractor))
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    written = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # page checksums: a damaged page is an error when read, never different claims
        with pq.ParquetWriter(partial, schema, compression="zstd", write_page_checksum=True) as writer:
            for batch in _batches(claims, row_group_size):
                strays = {claim.path for claim in batch} - known
                if strays:
                    raise ValueError(f"claims of documents not in `documents`: {', '.join(sorted(strays))}")
                writer.write_batch(pa.RecordBatch.from_arrays(_arrays(pa, schema, batch), schema=schema))
                written += len(batch)
            # the corpus can be large: in the file's metadata only, not repeated in the stored Arrow schema
            corpus = _corpus_metadata(documents, problems)
            corpus[CHECKSUM_KEY] = metadata_checksum({**_small_metadata(extractor), **corpus})
            writer.add_key_value_metadata(corpus)
        os.replace(partial, path)
    except OSError as error:
        raise TableError(f"cannot write the claims table: {error.strerror or error}", str(path)) from None
    finally:
        with contextlib.suppress(OSError):  # nothing to remove when the folder itself could not be made
            partial.unlink(missing_ok=True)
    return written


def arrow_schema(pa: Any) -> Any:
    """The table's Arrow schema (without metadata), from :data:`COLUMNS`."""
    types = {"string": pa.string(), "dictionary<string>": pa.dictionary(pa.int32(), pa.string()),
             "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "date32": pa.date32()}
    return pa.schema([pa.field(column.name, types[column.type], nullable=column.nullable) for column in COLUMNS])


def _small_metadata(extractor: Optional[str]) -> dict[str, str]:
    metadata = {SCHEMA_KEY: SCHEMA_VERSION}
    if extractor is not None:
        metadata[EXTRACTOR_KEY] = extractor
    return metadata


def _corpus_metadata(documents: Sequence[DocumentInfo], problems: Sequence[ClaimsError]) -> dict[str, str]:
    listed = [{"path": d.path, "name": d.name, "title": d.title, "outlet": d.outlet,
               "date": None if d.date is None else d.date.isoformat(), "date_source": d.date_source,
               "file": d.file, "url": d.url, "record_id": d.record_id}
              for d in documents]
    broken = [{"message": p.message, "path": p.path, "line": p.line, "excerpt": p.excerpt} for p in problems]
    return {DOCUMENTS_KEY: _json(listed), PROBLEMS_KEY: _json(broken)}


def metadata_checksum(metadata: Mapping[str, str] | Mapping[bytes, bytes]) -> str:
    """The value of :data:`CHECKSUM_KEY`: SHA-256 of the compact JSON list of our other keys and their values,
    ``[[key, value], ...]`` in key order (keys and values as text or as the bytes Arrow hands back)."""
    ours = sorted((_str(key), _str(value)) for key, value in metadata.items()
                  if _str(key).startswith(KEY_PREFIX) and _str(key) != CHECKSUM_KEY)
    return hashlib.sha256(_json(ours).encode("utf-8")).hexdigest()


def _str(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _batches(claims: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    batch: list[Claim] = []
    for claim in claims:
        batch.append(claim)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _arrays(pa: Any, schema: Any, batch: list[Claim]) -> list[Any]:
    """The batch as one Arrow array per column of ``schema`` (the order of :data:`COLUMNS`)."""
    quantities = [claim.quantity for claim in batch]
    values: dict[str, list[Any]] = {
        "document": [c.document for c in batch],
        "path": [c.path for c in batch],
        "line": [c.line for c in batch],
        "span_start": [q.span[0] for q in quantities],
        "span_end": [q.span[1] for q in quantities],
        "sentence_start": [c.sentence_start for c in batch],
        "surface": [q.surface for q in quantities],
        "number_text": [q.number_text for q in quantities],
        "value": [q.value for q in quantities],
        "low": [q.low for q in quantities],
        "high": [q.high for q in quantities],
        "low_inclusive": [q.low_inclusive for q in quantities],
        "high_inclusive": [q.high_inclusive for q in quantities],
        "qualifier": [q.qualifier for q in quantities],
        "kind": [q.kind for q in quantities],
        "unit": [q.unit for q in quantities],
        "total": [q.total for q in quantities],
        "counts": [c.counts for c in batch],
        "counted_phrase": [c.counted_phrase for c in batch],
        "source": [c.source for c in batch],
        "source_text": [c.source_text for c in batch],
        "date": [c.date for c in batch],
        "date_source": [c.date_source for c in batch],
        "outlet": [c.outlet for c in batch],
        "as_of": [c.as_of for c in batch],
        "as_of_source": [c.as_of_source for c in batch],
        "sentence": [c.sentence for c in batch],
    }
    return [pa.array(values[field.name], type=field.type) for field in schema]


# ---------------------------------------------------------------- reading


def read_table(path: Path) -> tuple[tuple[Claim, ...], Catalogue]:
    """The claims of a table, in the order written, and its documents and their problems.

    TableError naming the file when it is missing, not Parquet, of another
    schema version, lacks columns or holds values the schema does not allow.
    """
    path = Path(path)
    pa, pq = arrow_modules(path)
    parquet = open_parquet(pa, pq, path)
    metadata = check_metadata(path, parquet)
    check_columns(pa, path, parquet)
    catalogue = Catalogue(_documents(path, metadata), _problems(path, metadata))
    claims = tuple(_claims(pa, path, parquet))
    if len(claims) != parquet.metadata.num_rows:  # a damaged page header can end a column early, silently
        raise TableError(f"damaged claims table: {len(claims)} rows read of the {parquet.metadata.num_rows} "
                         "its footer counts", str(path))
    listed = {document.path for document in catalogue.documents}
    strays = sorted({claim.path for claim in claims} - listed)
    if strays:
        raise TableError(f"claims of documents its document list does not hold: {', '.join(strays[:3])}"
                         + (f" and {len(strays) - 3} more" if len(strays) > 3 else ""), str(path))
    return claims, catalogue


def table_info(path: Path) -> TableInfo:
    """The schema version, extractor and counts of a table, from its footer (not its rows); TableError as
    :func:`read_table` for what the footer shows."""
    path = Path(path)
    pa, pq = arrow_modules(path)
    parquet = open_parquet(pa, pq, path)
    metadata = check_metadata(path, parquet)
    check_columns(pa, path, parquet)
    return TableInfo(metadata[SCHEMA_KEY], metadata.get(EXTRACTOR_KEY), parquet.metadata.num_rows,
                     len(_documents(path, metadata)), len(_problems(path, metadata)))


def arrow_modules(path: Path) -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise TableError(f"claims tables need pyarrow, which is not installed: {INSTALL_HINT}",
                         str(path)) from None
    return pyarrow, pyarrow.parquet


def open_parquet(pa: Any, pq: Any, path: Path) -> Any:
    if not path.exists():
        raise TableError("no such claims table", str(path))
    if path.is_dir():
        raise TableError("is a folder, not a claims table (a .parquet file)", str(path))
    try:
        return pq.ParquetFile(path, page_checksum_verification=True)
    except OSError as error:
        if error.errno is not None:  # the system refused: permissions, a device error
            raise TableError(f"cannot read the claims table: {error.strerror}", str(path)) from None
        raise TableError(f"damaged claims table, its footer cannot be read: {_first_line(error)}",
                         str(path)) from None
    except (pa.ArrowException, ValueError) as error:  # ValueError: a name in the footer that is not UTF-8
        raise TableError(f"not a Parquet file, or a truncated one, so not a claims table ({_first_line(error)})",
                         str(path)) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def check_metadata(path: Path, parquet: Any) -> dict[str, str]:
    raw = parquet.metadata.metadata or {}
    metadata = {key.decode("utf-8", "replace"): value.decode("utf-8", "replace") for key, value in raw.items()}
    version = metadata.get(SCHEMA_KEY)
    if version is None:
        raise TableError(f"a Parquet file, but not a claims table: its metadata has no {SCHEMA_KEY!r} "
                         "(claims tables are written by pytest --claims-save-table)", str(path))
    if version != SCHEMA_VERSION:
        raise TableError(f"claims table schema version {version}; this pytest-claims reads version "
                         f"{SCHEMA_VERSION}: write the table again with it (pytest --claims-save-table), "
                         "or check it with the pytest-claims that wrote it", str(path))
    if metadata.get(CHECKSUM_KEY) != metadata_checksum(metadata):
        raise TableError(f"damaged claims table: its metadata does not match its checksum ({CHECKSUM_KEY})",
                         str(path))
    return metadata


def check_columns(pa: Any, path: Path, parquet: Any) -> None:
    """Every column there, each of a type that reads back as the schema's."""
    schema = parquet.schema_arrow
    missing = [name for name in COLUMN_NAMES if schema.get_field_index(name) < 0]
    if missing:
        raise TableError(f"claims table without the columns {', '.join(missing)} "
                         f"(schema version {SCHEMA_VERSION} has {len(COLUMNS)} columns)", str(path))
    wrong = [f"{column.name} is {schema.field(column.name).type}, not {column.type}" for column in COLUMNS
             if not _readable_as(pa, schema.field(column.name).type, column.type)]
    if wrong:
        raise TableError(f"claims table with columns of the wrong type: {'; '.join(wrong)}", str(path))


def _readable_as(pa: Any, actual: Any, expected: str) -> bool:
    """Whether a column of type ``actual`` reads back as values of the schema's ``expected`` type (a tool that
    rewrites the table may drop the dictionary encoding, or widen a type, without changing a value)."""
    if pa.types.is_dictionary(actual):
        actual = actual.value_type
    if expected in ("string", "dictionary<string>"):
        return bool(pa.types.is_string(actual) or pa.types.is_large_string(actual))
    if expected == "int64":
        return bool(pa.types.is_integer(actual))
    if expected == "float64":
        return bool(pa.types.is_float64(actual))
    if expected == "bool":
        return bool(pa.types.is_boolean(actual))
    return bool(pa.types.is_date(actual))


def _documents(path: Path, metadata: dict[str, str]) -> tuple[DocumentInfo, ...]:
    listed = _json_list(path, metadata, DOCUMENTS_KEY)
    try:
        return tuple(DocumentInfo(path=_text(d["path"]), name=_text(d["name"]), title=_optional_text(d["title"]),
                                  outlet=_optional_text(d["outlet"]), date=_optional_date(d["date"]),
                                  date_source=_optional_text(d["date_source"]),
                                  # tables written before CMS records lack these
                                  file=_optional_text(d.get("file")), url=_optional_text(d.get("url")),
                                  record_id=_optional_text(d.get("record_id")))
                     for d in listed)
    except (KeyError, TypeError, ValueError) as error:
        raise TableError(f"broken document list in the metadata ({DOCUMENTS_KEY}): {error!r}", str(path)) from None


def _problems(path: Path, metadata: dict[str, str]) -> tuple[DocumentError, ...]:
    listed = _json_list(path, metadata, PROBLEMS_KEY)
    try:
        return tuple(DocumentError(_text(p["message"]), _optional_text(p["path"]), _optional_int(p["line"]),
                                   _text(p["excerpt"]))
                     for p in listed)
    except (KeyError, TypeError, ValueError) as error:
        raise TableError(f"broken problem list in the metadata ({PROBLEMS_KEY}): {error!r}", str(path)) from None


def _json_list(path: Path, metadata: dict[str, str], key: str) -> list[dict[str, Any]]:
    if key not in metadata:
        raise TableError(f"claims table without its {key!r} metadata", str(path))
    try:
        value = json.loads(metadata[key])
    except json.JSONDecodeError as error:
        raise TableError(f"broken {key!r} metadata: {error}", str(path)) from None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise TableError(f"broken {key!r} metadata: not a list of objects", str(path))
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _optional_text(value: object) -> Optional[str]:
    return None if value is None else _text(value)


def _optional_int(value: object) -> Optional[int]:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expected a line number, found {value!r}")


def _optional_date(value: object) -> Optional[datetime.date]:
    return None if value is None else datetime.date.fromisoformat(_text(value))


def _claims(pa: Any, path: Path, parquet: Any) -> list[Claim]:
    """The rows as claims, one record batch at a time."""
    claims: list[Claim] = []
    # Millions of new records, none of them in a reference cycle: the cycle collector would walk all of them
    # again and again as they pile up (a third of the reading time), for nothing to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for batch in parquet.iter_batches(batch_size=ROW_GROUP_SIZE, columns=list(COLUMN_NAMES)):
            # page headers are not checksummed: one that lies about its dictionary's size leaves indices
            # pointing past it, which only a full validation finds
            batch.validate(full=True)
            claims.extend(batch_claims(pa, path, batch))
    except (OSError, pa.ArrowException) as error:  # a page that fails its checksum or cannot be decoded
        raise TableError(f"damaged claims table, its rows cannot be read: {_first_line(error)}",
                         str(path)) from None
    finally:
        if collecting:
            gc.enable()
    return claims


def batch_claims(pa: Any, path: Path, batch: Any) -> list[Claim]:
    columns: dict[str, list[Any]] = {}
    for column in COLUMNS:
        array = batch.column(column.name)
        if not column.nullable and array.null_count:
            raise TableError(f"claims table with empty (null) values in column {column.name}, which "
                             "always holds one", str(path))
        columns[column.name] = _values(pa, array)
    _check_labels(path, "kind", columns["kind"], KINDS)
    _check_labels(path, "qualifier", columns["qualifier"], QUALIFIERS)
    # Records built column-wise (map over the columns, fields in their declared order): a million claims
    # read in a few seconds instead of a Python loop's many more.
    columns["span"] = list(zip(columns["span_start"], columns["span_end"]))
    columns["quantity"] = list(map(Quantity, *(columns[name] for name in _QUANTITY_FIELDS)))
    return list(map(Claim, *(columns[name] for name in _CLAIM_FIELDS)))


def _values(pa: Any, array: Any) -> list[Any]:
    """The column as Python values; a dictionary column shares one string object per distinct value."""
    if pa.types.is_dictionary(array.type):
        distinct = [*array.dictionary.to_pylist(), None]  # a null index reads the None at the end
        indices = array.indices.fill_null(len(distinct) - 1) if array.null_count else array.indices
        return list(map(distinct.__getitem__, indices.to_pylist()))
    return list(array.to_pylist())


def _check_labels(path: Path, name: str, values: list[Optional[str]], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed) - {None}
    if unknown:
        raise TableError(f"claims table with unknown {name} values {', '.join(sorted(map(repr, unknown)))} "
                         f"(one of {', '.join(allowed)})", str(path))
