"""The claims table: claims to Parquet and back exactly, and every file that is not such a table refused by name."""

from __future__ import annotations

import dataclasses
import math
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Optional

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers.claims import make_claim
from helpers.paths import RULES, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.engine.evaluate import evaluate_rule
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import Corpus, load_corpus
from pytest_claims.records.errors import ClaimsError, DocumentError, RuleError
from pytest_claims.records.model import KINDS, QUALIFIERS, Claim, DocumentInfo, Quantity
from pytest_claims.rulefile.load import discover_rule_files, load_rules
from pytest_claims.store.table import (
    CHECKSUM_KEY,
    COLUMN_NAMES,
    COLUMNS,
    DOCUMENTS_KEY,
    EXTRACTOR_KEY,
    PROBLEMS_KEY,
    SCHEMA_KEY,
    SCHEMA_VERSION,
    TableError,
    TableInfo,
    arrow_schema,
    metadata_checksum,
    read_table,
    table_info,
    write_table,
)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Claim], Corpus]:
    corpus = load_corpus([SEEDS])
    assert corpus.documents and not corpus.problems
    claims = corpus_claims(corpus.documents)
    assert len(claims) > 50
    return claims, corpus


@pytest.fixture(scope="module")
def seeds_table(seeds: tuple[list[Claim], Corpus], tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims, corpus = seeds
    path = tmp_path_factory.mktemp("table") / "seeds.parquet"
    assert write_table(path, claims, [d.info for d in corpus.documents], extractor="3.2") == len(claims)
    return path


def infos(corpus: Corpus) -> list[DocumentInfo]:
    return [document.info for document in corpus.documents]


# ---------------------------------------------------------------- what goes in comes out


def test_seed_claims_and_documents_round_trip_exactly(seeds: tuple[list[Claim], Corpus], seeds_table: Path) -> None:
    claims, corpus = seeds
    read, catalogue = read_table(seeds_table)
    assert read == tuple(claims)
    assert catalogue.documents == tuple(infos(corpus)) and catalogue.problems == ()
    for claim in read:
        assert type(claim.quantity.value) is float and type(claim.line) is int
        assert all(type(end) is float for end in (claim.quantity.low, claim.quantity.high) if end is not None)


def test_the_columns_hold_every_field_of_a_claim_and_its_quantity() -> None:
    """A field added to Claim or Quantity must get a column, or a run from a table would lose it."""
    fields = {f.name for f in dataclasses.fields(Claim)} - {"quantity"}
    fields |= {f.name for f in dataclasses.fields(Quantity)} - {"span"}
    assert set(COLUMN_NAMES) == fields | {"span_start", "span_end"}
    assert len(COLUMN_NAMES) == len(set(COLUMN_NAMES))


def test_the_file_has_the_schemas_arrow_types_and_metadata(seeds_table: Path) -> None:
    parquet = pq.ParquetFile(seeds_table)
    assert parquet.schema_arrow.remove_metadata().equals(arrow_schema(pa))
    assert {str(parquet.schema_arrow.field(name).type) for name in ("path", "outlet", "source")} == \
        {"dictionary<values=string, indices=int32, ordered=0>"}
    keys = {key.decode() for key in parquet.metadata.metadata}
    assert keys == {"ARROW:schema", SCHEMA_KEY, EXTRACTOR_KEY, DOCUMENTS_KEY, PROBLEMS_KEY, CHECKSUM_KEY}
    assert parquet.metadata.metadata[SCHEMA_KEY.encode()] == SCHEMA_VERSION.encode()
    # the document list is not repeated inside the stored Arrow schema
    assert DOCUMENTS_KEY.encode() not in (parquet.schema_arrow.metadata or {})


def test_table_info_reads_the_footer(seeds: tuple[list[Claim], Corpus], seeds_table: Path) -> None:
    claims, corpus = seeds
    assert table_info(seeds_table) == TableInfo(SCHEMA_VERSION, "3.2", len(claims), len(corpus.documents), 0)


_texts = st.text(max_size=30)
_optional_texts = st.none() | _texts
_days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
_optional_days = st.none() | _days
_numbers = st.floats(allow_nan=False)  # infinities too; NaN is never equal to itself, so no record could be
_optional_numbers = st.none() | _numbers
_offsets = st.integers(min_value=0, max_value=2 ** 62)


@st.composite
def _claims(draw: st.DrawFn, paths: list[str]) -> Claim:
    start = draw(_offsets)
    quantity = Quantity(
        value=draw(_numbers), low=draw(_optional_numbers), high=draw(_optional_numbers),
        qualifier=draw(st.none() | st.sampled_from(QUALIFIERS)), unit=draw(_texts), kind=draw(st.sampled_from(KINDS)),
        surface=draw(_texts), span=(start, start + draw(st.integers(min_value=0, max_value=1000))),
        low_inclusive=draw(st.booleans()), high_inclusive=draw(st.booleans()), number_text=draw(_texts),
        total=draw(_optional_numbers),
    )
    return Claim(
        quantity=quantity, document=draw(_texts), path=draw(st.sampled_from(paths)), date=draw(_optional_days),
        date_source=draw(_optional_texts), outlet=draw(_optional_texts), sentence=draw(_texts),
        sentence_start=draw(_offsets), line=draw(st.integers(min_value=1, max_value=2 ** 62)),
        counts=draw(_optional_texts), counted_phrase=draw(_texts), source=draw(_optional_texts),
        source_text=draw(_texts), as_of=draw(_optional_days), as_of_source=draw(_optional_texts),
    )


@st.composite
def _runs(draw: st.DrawFn) -> tuple[list[Claim], list[DocumentInfo], list[DocumentError]]:
    paths = draw(st.lists(_texts, min_size=1, max_size=4, unique=True))
    documents = [DocumentInfo(path, draw(_texts), draw(_optional_texts), draw(_optional_texts), draw(_optional_days),
                              draw(_optional_texts), draw(_optional_texts)) for path in paths]  # file: a CMS record's
    claims = draw(st.lists(_claims(paths), max_size=12))
    problems = draw(st.lists(st.builds(DocumentError, _texts, _optional_texts,
                                       st.none() | st.integers(min_value=1, max_value=10 ** 6), _texts), max_size=2))
    return claims, documents, problems


@PROPERTY_SETTINGS
@given(_runs(), st.integers(min_value=1, max_value=5))
def test_any_claims_round_trip(run: tuple[list[Claim], list[DocumentInfo], list[DocumentError]],
                               row_group_size: int) -> None:
    """None ends and fields, inclusivity, any float, unicode text, any date; several row groups, each with its own
    dictionaries."""
    claims, documents, problems = run
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.parquet"
        assert write_table(path, claims, documents, problems, row_group_size=row_group_size) == len(claims)
        read, catalogue = read_table(path)
    assert read == tuple(claims)
    assert [repr(claim) for claim in read] == [repr(claim) for claim in claims], "same values, same types"
    assert catalogue.documents == tuple(documents)
    assert [(p.message, p.path, p.line, p.excerpt) for p in catalogue.problems] == \
        [(p.message, p.path, p.line, p.excerpt) for p in problems]


def test_open_ends_and_infinities_stay_apart(tmp_path: Path, seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    base = claims[0]
    variants = [dataclasses.replace(base, quantity=dataclasses.replace(base.quantity, low=low, high=high))
                for low, high in [(None, None), (-math.inf, math.inf), (0.0, None), (-0.0, 1e308), (5e-324, None)]]
    path = tmp_path / "t.parquet"
    write_table(path, variants, infos(corpus))
    read, _ = read_table(path)
    assert [(c.quantity.low, c.quantity.high) for c in read] == [(c.quantity.low, c.quantity.high) for c in variants]
    assert [repr(c.quantity.low) for c in read] == ["None", "-inf", "0.0", "-0.0", "5e-324"]


def test_documents_without_claims_are_kept(tmp_path: Path) -> None:
    documents = [DocumentInfo("/news/a.txt", "a.txt", "A", "Reuters", date(2016, 11, 28), "front matter line 2"),
                 DocumentInfo("/news/b.txt", "b.txt")]
    problem = DocumentError("not valid UTF-8 (byte 0xff at line 3, column 1); save it as UTF-8", "/news/c.txt", 3)
    path = tmp_path / "empty.parquet"
    assert write_table(path, [], documents, [problem]) == 0
    read, catalogue = read_table(path)
    assert read == () and catalogue.documents == tuple(documents)
    [back] = catalogue.problems
    assert str(back) == str(problem) and isinstance(back, DocumentError)
    assert table_info(path) == TableInfo(SCHEMA_VERSION, None, 0, 2, 1)


def test_claims_stream_through_in_row_groups(tmp_path: Path, seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    taken: list[int] = []

    def one_by_one() -> Iterator[Claim]:
        for index, claim in enumerate(claims):
            taken.append(index)
            yield claim

    path = tmp_path / "t.parquet"
    assert write_table(path, one_by_one(), infos(corpus), row_group_size=25) == len(claims)
    assert taken == list(range(len(claims)))
    assert pq.ParquetFile(path).metadata.num_row_groups == math.ceil(len(claims) / 25)
    assert read_table(path)[0] == tuple(claims)


def test_a_failed_write_leaves_the_previous_table_and_no_partial_file(tmp_path: Path,
                                                                     seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    path = tmp_path / "t.parquet"
    write_table(path, claims[:5], infos(corpus))

    def failing() -> Iterator[Claim]:
        yield from claims[:30]
        raise RuntimeError("extraction stopped")

    with pytest.raises(RuntimeError, match="extraction stopped"):
        write_table(path, failing(), infos(corpus), row_group_size=10)
    assert read_table(path)[0] == tuple(claims[:5])
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_missing_folders_are_created(tmp_path: Path, seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    path = tmp_path / "nightly" / "2016-12-08" / "claims.parquet"
    write_table(path, claims, infos(corpus))
    assert read_table(path)[0] == tuple(claims)


def test_a_table_that_cannot_be_written_is_an_error_naming_it(tmp_path: Path,
                                                              seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    folder = tmp_path / "taken"
    folder.mkdir()
    with pytest.raises(TableError, match="cannot write the claims table") as raised:
        write_table(folder, claims, infos(corpus))
    assert raised.value.path == str(folder) and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_claims_must_be_of_the_documents_given(tmp_path: Path, seeds: tuple[list[Claim], Corpus]) -> None:
    claims, corpus = seeds
    path = tmp_path / "t.parquet"
    with pytest.raises(ValueError, match="claims of documents not in `documents`"):
        write_table(path, claims, infos(corpus)[1:])
    with pytest.raises(ValueError, match="a path is listed twice"):
        write_table(path, claims, infos(corpus) * 2)
    assert not path.exists()


def test_without_pyarrow_writing_and_reading_say_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                                 seeds_table: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    for action in (lambda: read_table(seeds_table), lambda: write_table(seeds_table.with_name("x.parquet"), [], [])):
        with pytest.raises(TableError, match=r"pip install 'pytest-claims\[table\]'"):
            action()


# ---------------------------------------------------------------- files that are not a claims table


def _metadata(path: Path) -> dict[bytes, bytes]:
    """The key-value metadata of a table, without pyarrow's copy of the schema."""
    return {k: v for k, v in pq.ParquetFile(path).metadata.metadata.items() if k != b"ARROW:schema"}


def _rewrite(source: Path, target: Path, change: Callable[[pa.Table], pa.Table] = lambda t: t,
             metadata: Optional[dict[str, str]] = None, checksum: bool = True) -> Path:
    """``source`` written again with its rows changed and metadata keys replaced, as another tool would."""
    kept = _metadata(source)
    kept.update({key.encode(): value.encode() for key, value in (metadata or {}).items()})
    if checksum:
        kept[CHECKSUM_KEY.encode()] = metadata_checksum(kept).encode()
    table = change(pq.read_table(source))
    pq.write_table(table.replace_schema_metadata(kept), target)
    return target


def _flip(source: Path, target: Path, offset: int) -> Path:
    data = bytearray(source.read_bytes())
    data[offset] ^= 0x10
    return _bytes(target, bytes(data))


def _bytes(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def _other_parquet(target: Path) -> Path:
    pq.write_table(pa.table({"a": [1]}), target)
    return target


def _last_page_byte(path: Path) -> int:
    """The last byte of the ``value`` column's first chunk: inside its data page's (checksummed) compressed data."""
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(COLUMN_NAMES.index("value"))
    start = chunk.dictionary_page_offset if chunk.dictionary_page_offset is not None else chunk.data_page_offset
    return int(start + chunk.total_compressed_size - 1)


def _with_column(name: str, values: Callable[[pa.Table], pa.Array]) -> Callable[[pa.Table], pa.Table]:
    def change(table: pa.Table) -> pa.Table:
        column = values(table)
        return table.set_column(table.schema.get_field_index(name), pa.field(name, column.type), column)
    return change


#: case: (how to make the file from a good table, in a folder), what the error says
BAD_FILES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "missing": (lambda good, folder: folder / "nowhere.parquet", "no such claims table"),
    "a folder": (lambda good, folder: folder, "is a folder, not a claims table"),
    "empty": (lambda good, folder: _bytes(folder / "x.parquet", b""), "not a Parquet file, or a truncated one"),
    "CSV": (lambda good, folder: _bytes(folder / "x.parquet", b"document,line\na.txt,3\n"), "not a Parquet file"),
    "truncated": (lambda good, folder: _bytes(folder / "x.parquet", good.read_bytes()[:4000]),
                  "not a Parquet file, or a truncated one"),
    "other Parquet": (lambda good, folder: _other_parquet(folder / "x.parquet"),
                      "a Parquet file, but not a claims table: its metadata has no 'pytest-claims.schema'"),
    "version 2": (lambda good, folder: _rewrite(good, folder / "x.parquet", metadata={SCHEMA_KEY: "2"}),
                  "claims table schema version 2; this pytest-claims reads version 1: write the table again"),
    "missing columns": (lambda good, folder: _rewrite(good, folder / "x.parquet",
                                                      lambda table: table.drop(["sentence", "as_of"])),
                        "claims table without the columns as_of, sentence"),
    "wrong type": (lambda good, folder: _rewrite(good, folder / "x.parquet",
                                                 _with_column("line", lambda table: table["line"].cast(pa.string()))),
                   "claims table with columns of the wrong type: line is string, not int64"),
    "metadata edited": (lambda good, folder: _rewrite(good, folder / "x.parquet", metadata={EXTRACTOR_KEY: "9.9"},
                                                      checksum=False),
                        "damaged claims table: its metadata does not match its checksum"),
    "damaged metadata": (lambda good, folder: _flip(good, folder / "x.parquet",
                                                    good.read_bytes().rindex(b"claims-meta.yaml")),
                         "damaged claims table: its metadata does not match its checksum"),
    "broken document list": (lambda good, folder: _rewrite(good, folder / "x.parquet",
                                                           metadata={DOCUMENTS_KEY: '[{"path": 1}]'}),
                             "broken document list in the metadata"),
    # found only when the rows are read
    "null": (lambda good, folder: _rewrite(good, folder / "x.parquet", _with_column(
                 "surface", lambda table: pa.array([None] * table.num_rows, pa.string()))),
             "empty (null) values in column surface"),
    "unknown kind": (lambda good, folder: _rewrite(good, folder / "x.parquet", _with_column(
                         "kind", lambda table: pa.array(["weight"] * table.num_rows))),
                     "unknown kind values 'weight'"),
    "unlisted document": (lambda good, folder: _rewrite(good, folder / "x.parquet", metadata={DOCUMENTS_KEY: "[]"}),
                          "claims of documents its document list does not hold"),
    "damaged page": (lambda good, folder: _flip(good, folder / "x.parquet", _last_page_byte(good)),
                     "damaged claims table"),
}
#: the cases table_info cannot see: it reads the footer, not the rows
ROW_CASES = {"null", "unknown kind", "unlisted document", "damaged page"}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_is_not_a_readable_claims_table_is_an_error_naming_it(case: str, seeds_table: Path,
                                                                          tmp_path: Path) -> None:
    make, message = BAD_FILES[case]
    bad = make(seeds_table, tmp_path)
    with pytest.raises(TableError) as raised:
        read_table(bad)
    error = raised.value
    assert isinstance(error, ClaimsError) and error.path == str(bad)
    assert message in error.message
    assert str(error).startswith(f"{bad}: ")
    if case not in ROW_CASES:
        with pytest.raises(TableError, match=re.escape(message)):
            table_info(bad)


def _plain(read: tuple[tuple[Claim, ...], Any]) -> tuple[object, ...]:
    """What read_table gave, comparable (an exception equals only itself): problems as their text."""
    claims, catalogue = read
    return claims, catalogue.documents, [str(problem) for problem in catalogue.problems]


@dataclasses.dataclass(frozen=True)
class SmallTable:
    path: Path
    read: tuple[tuple[Claim, ...], Any]
    #: the bytes our checksums guard: every column chunk (page headers and checksummed page data) and the
    #: values of our metadata keys
    guarded: tuple[int, ...]


@pytest.fixture(scope="module")
def small_table(tmp_path_factory: pytest.TempPathFactory) -> SmallTable:
    """A table of a few hand-made claims, what reading it gives, and where its guarded bytes are."""
    claims = [make_claim("An estimated 250,000 people are trapped.", "250,000"),
              make_claim("About 85% of the area was retaken.", "85%", kind="share", source="the army"),
              make_claim("More than 341 people were killed on Sunday.", "341", document="b.txt", day=None)]
    documents = sorted({DocumentInfo(c.path, c.document, None, c.outlet, c.date, c.date_source) for c in claims},
                       key=lambda d: d.path)
    path = tmp_path_factory.mktemp("small") / "small.parquet"
    write_table(path, claims, documents, [DocumentError("empty document", "/news/c.txt")], extractor="3.2")
    raw = path.read_bytes()
    metadata = pq.ParquetFile(path).metadata
    guarded: set[int] = set()
    for index in range(metadata.num_columns):
        chunk = metadata.row_group(0).column(index)
        start = chunk.dictionary_page_offset if chunk.dictionary_page_offset is not None else chunk.data_page_offset
        guarded.update(range(start, start + chunk.total_compressed_size))
    for key, value in _metadata(path).items():
        if key.startswith(b"pytest-claims."):
            at = raw.rindex(value)
            guarded.update(range(at, at + len(value)))
    return SmallTable(path, read_table(path), tuple(sorted(guarded)))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_flipped_bit_in_a_page_or_our_metadata_is_an_error_or_changes_nothing(small_table: SmallTable,
                                                                               data: st.DataObject) -> None:
    """Parquet's checksums guard the page data, ours the metadata, the row count and a full validation the page
    headers: never other claims. (Parquet has no checksum for its footer's layout, the offsets and sizes of the
    pages; a flip there that lands on another valid page can go unnoticed, so those bytes are not drawn.)"""
    offset = data.draw(st.sampled_from(small_table.guarded), label="offset")
    bit = data.draw(st.sampled_from([1, 2, 4, 8, 16, 32, 64, 128]), label="bit")
    changed = bytearray(small_table.path.read_bytes())
    changed[offset] ^= bit
    bad = _bytes(small_table.path.with_name("flipped.parquet"), bytes(changed))
    try:
        read = read_table(bad)
    except TableError as error:
        assert error.path == str(bad)
    else:
        assert _plain(read) == _plain(small_table.read)


def test_a_table_rewritten_by_another_tool_still_reads(seeds: tuple[list[Claim], Corpus], seeds_table: Path,
                                                       tmp_path: Path) -> None:
    """Dictionary encoding dropped, text as large strings, dates as date64: the same values."""
    def plain(table: pa.Table) -> pa.Table:
        for column in COLUMNS:
            index = table.schema.get_field_index(column.name)
            target = {"string": pa.large_string(), "dictionary<string>": pa.string(), "date32": pa.date64()}
            if column.type in target:
                values = table[column.name].cast(target[column.type])
                table = table.set_column(index, pa.field(column.name, values.type, column.nullable), values)
        return table

    rewritten = _rewrite(seeds_table, tmp_path / "plain.parquet", plain)
    assert not pa.types.is_dictionary(pq.ParquetFile(rewritten).schema_arrow.field("path").type)
    assert read_table(rewritten)[0] == tuple(seeds[0])


# ---------------------------------------------------------------- the rules see the same claims


def _outcome(rule: Any, claims: tuple[Claim, ...] | list[Claim]) -> object:
    try:
        return evaluate_rule(rule, claims)
    except RuleError as error:
        return f"RuleError: {error}"


def test_every_bundled_rule_gives_the_same_verdict_on_claims_read_back(seeds: tuple[list[Claim], Corpus],
                                                                     seeds_table: Path) -> None:
    claims, _ = seeds
    read, _ = read_table(seeds_table)
    rules = load_rules(discover_rule_files(RULES))
    assert len(rules) >= 5
    outcomes = [(_outcome(rule, claims), _outcome(rule, read)) for rule in rules]
    for rule, (direct, from_table) in zip(rules, outcomes):
        assert from_table == direct, rule.name
    verdicts = [direct for direct, _ in outcomes if not isinstance(direct, str)]
    assert any(not verdict.passed for verdict in verdicts) and any(verdict.passed for verdict in verdicts), \
        "the seeds both pass and fail bundled rules, so equal verdicts compare something"
