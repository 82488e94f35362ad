"""A claims dataset: the claims of an archive as a folder of Parquet parts, updated in place as the archive grows.

``pytest-claims extract ARCHIVE --out claims/`` writes it, on this machine or
a Dask cluster (``pytest_claims.cluster``); ``pytest --claims-table claims/``
checks rules against it. The folder holds::

    claims/
      part-<id>.parquet          claims tables (docs/claims-table.md), each one whole and readable alone
      _pytest_claims/
        manifest.json            the parts, the documents that could not be read, the extractor; checksummed
        documents.parquet        every document: its place in the archive, its key, its part, its metadata

Tools read the parts as one table (``read_parquet('claims/part-*.parquet')``
in DuckDB, ``spark.read.parquet('claims/')``: Spark and pyarrow skip folders
starting with ``_``). The parts are never edited: an update writes new parts
for new and changed documents, rewrites a part whose documents changed or
left without them, writes the catalogue and then the manifest (renamed into
place, so a reader sees the old dataset or the new one), and only then
deletes the parts no longer listed. A part not in the manifest (left by an
update that was stopped) is deleted by the next update and never read.

Selection reads only what a rule needs: for each row group, the columns its
selectors test are read first, then the sentences of the rows they leave
when a selector asks about words or a pattern, and the whole rows only of
the claims left. Columns stored as dictionaries (kind, unit, counts, outlet,
document) are tested once per distinct value, not per row.
"""

from __future__ import annotations

import contextlib
import datetime
import fnmatch
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..engine.selection import Census, RuleSelectors, Selected, census_of, select_many
from ..language.selectors import Selector
from ..language.units import unit_key
from ..prose.words import singular
from ..records.errors import DocumentError
from ..records.model import Claim, DocumentInfo
from .table import COLUMN_NAMES, TableError, arrow_modules, batch_claims, check_columns, check_metadata, \
    open_parquet, write_table

#: the layout of the folder (manifest keys, catalogue columns); a reader reads its own version only
DATASET_VERSION = "1"
FORMAT = "pytest-claims claims dataset"
META_FOLDER = "_pytest_claims"
MANIFEST = "manifest.json"
CATALOGUE = "documents.parquet"
PART_PREFIX = "part-"
#: what to do about a dataset that cannot be read (an update refuses it too: it never writes over what it cannot read)
WRITE_AGAIN = "delete the folder and write it again: pytest-claims extract ARCHIVE --out FOLDER"
#: catalogue columns, in order: (name, Arrow type name, nullable)
CATALOGUE_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("position", "int64", False),
    ("path", "string", False),
    ("key", "string", False),
    ("part", "string", True),
    ("claims", "int64", False),
    ("name", "string", False),
    ("title", "string", True),
    ("outlet", "string", True),
    ("date", "date32", True),
    ("date_source", "string", True),
    ("file", "string", True),
    ("url", "string", True),
    ("record_id", "string", True),
)


@dataclass(frozen=True)
class Entry:
    """One document of the dataset: where it is in the archive, its extraction key, the part holding its
    claims (None: it has none), how many claims it has, its metadata."""

    position: int
    key: str
    part: Optional[str]
    claims: int
    info: DocumentInfo


@dataclass(frozen=True)
class Dataset:
    """A dataset's manifest and catalogue, read and checked."""

    folder: Path
    extractor: Optional[str]
    #: every document, in archive order
    entries: tuple[Entry, ...]
    problems: tuple[DocumentError, ...]
    #: the part files, as listed by the manifest
    parts: tuple[str, ...]
    claims: int
    _positions: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def documents(self) -> tuple[DocumentInfo, ...]:
        return tuple(entry.info for entry in self.entries)

    def position(self, path: str) -> int:
        """A document's place in the archive (claims are put in run order by it)."""
        if not self._positions:
            self._positions.update((entry.info.path, entry.position) for entry in self.entries)
        return self._positions[path]

    def part_paths(self) -> list[Path]:
        return [self.folder / name for name in self.parts]


class DatasetError(TableError):
    """A claims dataset that cannot be read or written."""


# ---------------------------------------------------------------- reading


def is_dataset(path: Path) -> bool:
    """Whether ``path`` is a folder holding a claims dataset's manifest."""
    return (Path(path) / META_FOLDER / MANIFEST).is_file()


def read_dataset(folder: Path) -> Dataset:
    """The manifest and catalogue of ``folder``; DatasetError naming what is wrong."""
    folder = Path(folder)
    manifest_path = folder / META_FOLDER / MANIFEST
    if not folder.is_dir():
        raise DatasetError("no such claims dataset (write one with: pytest-claims extract ARCHIVE --out FOLDER)",
                           str(folder))
    if not manifest_path.is_file():
        raise DatasetError(f"a folder, but not a claims dataset: it has no {META_FOLDER}/{MANIFEST} "
                           "(write one with: pytest-claims extract ARCHIVE --out FOLDER)", str(folder))
    manifest = _read_manifest(manifest_path)
    pa, pq = arrow_modules(folder)
    catalogue_path = folder / META_FOLDER / CATALOGUE
    try:
        table = pq.read_table(catalogue_path)
    except (OSError, pa.ArrowException) as error:
        raise DatasetError(f"damaged claims dataset, its document catalogue cannot be read ({error}); {WRITE_AGAIN}",
                           str(catalogue_path)) from None
    if _file_digest(catalogue_path) != manifest["catalogue_sha256"]:
        raise DatasetError("damaged claims dataset: the document catalogue does not match the manifest's "
                           f"checksum; {WRITE_AGAIN}", str(catalogue_path))
    entries = tuple(_entries(table))
    parts = tuple(str(part) for part in manifest["parts"])
    missing = [part for part in parts if not (folder / part).is_file()]
    if missing:
        raise DatasetError(f"claims dataset without its part {missing[0]}"
                           + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
                           + f": it was changed by hand; {WRITE_AGAIN}", str(folder))
    problems = tuple(DocumentError(p["message"], p.get("path"), p.get("line"), p.get("excerpt", ""))
                     for p in manifest["problems"])
    return Dataset(folder, manifest.get("extractor"), entries, problems, parts, int(manifest["claims"]))


#: the manifest keys a reader needs, and the JSON type of each
MANIFEST_KEYS: dict[str, type | tuple[type, ...]] = {
    "documents": int, "claims": int, "parts": list, "problems": list, "catalogue_sha256": str,
    "extractor": (str, type(None)),
}


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(f"damaged claims dataset manifest ({error}); {WRITE_AGAIN}", str(path)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"not a claims dataset manifest (its \"format\" is not {FORMAT!r}); {WRITE_AGAIN}",
                           str(path))
    if manifest.get("version") != DATASET_VERSION:
        raise DatasetError(f"claims dataset version {manifest.get('version')!r}; this pytest-claims reads "
                           f"version {DATASET_VERSION}: {WRITE_AGAIN}", str(path))
    if manifest.get("checksum") != _manifest_checksum(manifest):
        raise DatasetError(f"damaged claims dataset manifest: it does not match its checksum (edited by hand?); "
                           f"{WRITE_AGAIN}", str(path))
    wrong = [key for key, kind in MANIFEST_KEYS.items() if not isinstance(manifest.get(key), kind)]
    if wrong or not all(isinstance(part, str) for part in manifest["parts"]) or \
            not all(isinstance(p, dict) and isinstance(p.get("message"), str) for p in manifest["problems"]):
        raise DatasetError(f"broken claims dataset manifest: {', '.join(map(repr, wrong)) or 'its parts or problems'}"
                           f" missing or of the wrong type; {WRITE_AGAIN}", str(path))
    return manifest


def _entries(table: Any) -> Iterator[Entry]:
    columns = {name: table.column(name).to_pylist() for name, _, _ in CATALOGUE_COLUMNS}
    for i in range(table.num_rows):
        info = DocumentInfo(columns["path"][i], columns["name"][i], columns["title"][i], columns["outlet"][i],
                            columns["date"][i], columns["date_source"][i], columns["file"][i], columns["url"][i],
                            columns["record_id"][i])
        yield Entry(columns["position"][i], columns["key"][i], columns["part"][i], columns["claims"][i], info)


def _manifest_checksum(manifest: Mapping[str, Any]) -> str:
    rest = {key: value for key, value in manifest.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- selecting


#: the columns of dictionary values a selector condition reads alone, and the test of one value
_VALUE_TESTS: dict[str, Callable[[Selector, Optional[str]], bool]] = {
    "kind": lambda selector, kind: kind in selector.kind,
    "unit": lambda selector, unit: unit is not None and unit_key(unit) in selector.unit_keys,
    "counts": lambda selector, counts: counts is not None and selector.counts_match(singular(counts)),
    "outlet": lambda selector, outlet: outlet is not None and outlet.strip().casefold() in
    {value.casefold() for value in selector.outlet},
    "document": lambda selector, name: name is not None and any(fnmatch.fnmatchcase(name, glob)
                                                                for glob in selector.document),
}


def _tested_columns(selector: Selector) -> list[tuple[str, Selector]]:
    """The dictionary columns ``selector`` (and those merged into it) test, each with the selector testing it."""
    tested = [(name, selector) for name in _VALUE_TESTS if getattr(selector, name)]
    for other in selector.also:
        tested.extend(_tested_columns(other))
    return tested


def select_part(path: Path, selectors: RuleSelectors) -> Selected:
    """The claims of one part that the selectors choose (see :func:`~pytest_claims.engine.selection.select_many`),
    reading whole rows only where a claim may match.

    For each row group, the dictionary columns the selectors test are read first, then the sentences of the
    rows they leave, which are tested for the selectors' words and patterns
    (:meth:`~pytest_claims.language.selectors.Selector.sentence_may_match`); the rows left are read whole and
    the selectors run on them as on claims in memory, so the answer is theirs exactly."""
    path = Path(path)
    pa, pq = arrow_modules(path)
    parquet = open_parquet(pa, pq, path)
    check_metadata(path, parquet)
    check_columns(pa, path, parquet)
    flat = [selector for groups in selectors.values() for selector in groups.values()]
    tests = [_tested_columns(selector) for selector in flat]
    texts = [selector.tests_sentence() for selector in flat]
    columns = sorted({name for tested in tests for name, _ in tested} | ({"sentence"} if any(texts) else set()))
    filtering = all(tested or text for tested, text in zip(tests, texts))
    candidates: list[Claim] = []
    memo: dict[tuple[int, str, Optional[str]], bool] = {}
    try:
        for group in range(parquet.metadata.num_row_groups):
            rows = None
            if filtering:  # every selector tests a column or the sentence: filter first
                rows = _rows(pa, parquet.read_row_group(group, columns=columns), flat, tests, texts, memo)
                if not rows:
                    continue
            batch = parquet.read_row_group(group, columns=list(COLUMN_NAMES))
            if rows is not None:
                batch = batch.take(pa.array(rows, type=pa.int64()))
            for record_batch in batch.to_batches():
                record_batch.validate(full=True)
                candidates.extend(batch_claims(pa, path, record_batch))
    except (OSError, pa.ArrowException) as error:
        raise TableError(f"damaged claims table, its rows cannot be read: {error}", str(path)) from None
    return select_many(candidates, selectors)


def _rows(pa: Any, table: Any, selectors: Sequence[Selector], tests: Sequence[list[tuple[str, Selector]]],
          texts: Sequence[bool], memo: dict[tuple[int, str, Optional[str]], bool]) -> list[int]:
    """The rows of ``table`` some selector may choose: every value it tests passes, and its sentence may match."""
    import pyarrow.compute as pc

    chosen: set[int] = set()
    sentences: dict[int, str] = {}  # row: sentence, read for the rows a selector asks about
    verdicts: dict[tuple[int, str], bool] = {}
    for selector, tested, text in zip(selectors, tests, texts):
        mask = None
        for name, owner in tested:
            passes = _passes(pa, table.column(name), name, owner, memo)
            mask = passes if mask is None else pc.and_(mask, passes)
        rows = [int(i) for i in pc.indices_nonzero(mask).to_pylist()] if mask is not None else \
            list(range(table.num_rows))
        if text:
            unread = [row for row in rows if row not in sentences]
            if unread:
                read = table.column("sentence").take(pa.array(unread, type=pa.int64())).to_pylist()
                sentences.update(zip(unread, read))
            rows = [row for row in rows if _sentence_verdict(verdicts, selector, sentences[row])]
        chosen.update(rows)
    return sorted(chosen)


def _sentence_verdict(verdicts: dict[tuple[int, str], bool], selector: Selector, sentence: str) -> bool:
    key = (id(selector), sentence)  # a sentence holds several claims: tested once per selector
    if key not in verdicts:
        verdicts[key] = selector.sentence_may_match(sentence)
    return verdicts[key]


def _passes(pa: Any, column: Any, name: str, selector: Selector,
            memo: dict[tuple[int, str, Optional[str]], bool]) -> Any:
    """A boolean array: the rows of ``column`` whose value passes ``selector``'s test of it (the test runs
    once per distinct value of the column's dictionary, never once per row)."""
    test = _VALUE_TESTS[name]
    parts = []
    for chunk in column.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        distinct = chunk.dictionary.to_pylist()
        verdicts = pa.array([_memo_test(memo, selector, name, value, test) for value in [*distinct, None]],
                            type=pa.bool_())
        parts.append(verdicts.take(chunk.indices.fill_null(len(distinct))))
    return pa.chunked_array(parts, type=pa.bool_()).combine_chunks()


def _memo_test(memo: dict[tuple[int, str, Optional[str]], bool], selector: Selector, name: str,
               value: Optional[str], test: Callable[[Selector, Optional[str]], bool]) -> bool:
    key = (id(selector), name, value)
    if key not in memo:
        memo[key] = test(selector, value)
    return memo[key]


def census_part(path: Path, conditions: Sequence[Selector]) -> Census:
    """The census of one part (every claim read)."""
    from .table import read_table

    claims, _ = read_table(path)
    return census_of(claims, conditions)


def read_part_claims(path: Path) -> tuple[Claim, ...]:
    """Every claim of one part."""
    from .table import read_table

    return read_table(path)[0]


def in_run_order(dataset: Dataset, parts: Sequence[Selected], rule: str) -> dict[str, tuple[Claim, ...]]:
    """One rule's groups from the answers of every part, in the order of a run over the archive: documents
    in archive order, each document's claims in reading order (a document's claims are all in one part)."""
    groups: dict[str, list[tuple[int, int, int, Claim]]] = {}
    for number, (kept, positions) in enumerate(parts):
        for group, found in positions.get(rule, {}).items():
            chosen = groups.setdefault(group, [])
            chosen.extend((dataset.position(kept[i].path), number, i, kept[i]) for i in found)
    return {group: tuple(item[3] for item in sorted(chosen, key=lambda item: item[:3]))
            for group, chosen in groups.items()}


def all_in_run_order(dataset: Dataset, parts: Sequence[Sequence[Claim]]) -> tuple[Claim, ...]:
    """Every claim of every part, in run order."""
    tagged = [(dataset.position(claim.path), number, i, claim)
              for number, claims in enumerate(parts) for i, claim in enumerate(claims)]
    tagged.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in tagged)


class DatasetSource:
    """A claims dataset as a :class:`~pytest_claims.engine.selection.ClaimSource`, selected part by part here.

    ``select_parts`` is how the parts are selected (here, one after another; on a cluster, on its workers)."""

    def __init__(self, dataset: Dataset,
                 select_parts: Optional[Callable[[Sequence[Path], RuleSelectors], list[Selected]]] = None,
                 census_parts: Optional[Callable[[Sequence[Path], Sequence[Selector]], list[Census]]] = None
                 ) -> None:
        self.dataset = dataset
        self._select_parts = select_parts or (lambda paths, selectors: [select_part(p, selectors) for p in paths])
        self._census_parts = census_parts or (lambda paths, conditions: [census_part(p, conditions)
                                                                         for p in paths])
        self._selected: dict[str, list[Selected]] = {}

    def prefetch(self, selectors: RuleSelectors) -> None:
        """Select for many rules in one pass over the parts."""
        if selectors:
            answers = self._select_parts(self.dataset.part_paths(), selectors)
            for rule in selectors:
                self._selected[rule] = answers

    def select(self, rule: str, selectors: Mapping[str, Selector]) -> dict[str, tuple[Claim, ...]]:
        answers = self._selected.pop(rule, None)
        if answers is None:
            answers = self._select_parts(self.dataset.part_paths(), {rule: selectors})
        groups = in_run_order(self.dataset, answers, rule)
        return {group: groups.get(group, ()) for group in selectors}

    def census(self, conditions: Sequence[Selector]) -> Census:
        total = Census(0, 0, tuple(0 for _ in conditions))
        for census in self._census_parts(self.dataset.part_paths(), conditions):
            total = total + census
        return total


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class Found:
    """A document of the archive as an update sees it: its metadata and extraction key."""

    info: DocumentInfo
    key: str


@dataclass(frozen=True)
class PartWritten:
    """What a worker wrote: a new part (None when its documents have no claims) and its documents' claim counts."""

    part: Optional[str]
    documents: tuple[tuple[Found, int], ...]


def new_part_name() -> str:
    return f"{PART_PREFIX}{uuid.uuid4().hex}.parquet"


def write_part(folder: Path, claims: Sequence[Claim], found: Sequence[Found], extractor: str) -> PartWritten:
    """Write the claims of ``found`` documents as a new part of ``folder``."""
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.path] = counts.get(claim.path, 0) + 1
    with_claims = [item for item in found if counts.get(item.info.path)]
    name = None
    if with_claims:
        name = new_part_name()
        write_table(Path(folder) / name, claims, [item.info for item in with_claims], extractor=extractor)
    return PartWritten(name, tuple((item, counts.get(item.info.path, 0)) for item in found))


def rewrite_part(folder: Path, part: str, keep: Iterable[str], extractor: Optional[str]) -> Optional[str]:
    """A new part holding the claims of the ``keep`` documents of ``part``; None when none has a claim."""
    from .table import read_table

    kept = set(keep)
    claims, catalogue = read_table(Path(folder) / part)
    claims = tuple(claim for claim in claims if claim.path in kept)
    if not claims:
        return None
    name = new_part_name()
    write_table(Path(folder) / name, claims, [d for d in catalogue.documents if d.path in kept], extractor=extractor)
    return name


def merge_parts(folder: Path, parts: Sequence[str], extractor: Optional[str]) -> str:
    """One new part holding the claims of ``parts`` (small ones, left by updates that added a few documents)."""
    from .table import read_table

    claims: list[Claim] = []
    documents: list[DocumentInfo] = []
    for part in parts:
        found, catalogue = read_table(Path(folder) / part)
        claims.extend(found)
        documents.extend(catalogue.documents)
    name = new_part_name()
    write_table(Path(folder) / name, claims, documents, extractor=extractor)
    return name


#: a part of fewer claims than this is small; more than SMALL_PARTS_ALLOWED small parts are merged by an update
SMALL_PART_CLAIMS = 10_000
SMALL_PARTS_ALLOWED = 16
#: claims a merged part holds at most
MERGED_PART_CLAIMS = 100_000


def merge_groups(claims_per_part: Mapping[str, int]) -> list[list[str]]:
    """The small parts to merge, in groups of at most MERGED_PART_CLAIMS claims; none while the small parts
    number SMALL_PARTS_ALLOWED or fewer (a nightly update of a few documents then costs no rewrite)."""
    small = sorted(part for part, claims in claims_per_part.items() if claims < SMALL_PART_CLAIMS)
    if len(small) <= SMALL_PARTS_ALLOWED:
        return []
    groups: list[list[str]] = [[]]
    held = 0
    for part in small:
        if groups[-1] and held + claims_per_part[part] > MERGED_PART_CLAIMS:
            groups.append([])
            held = 0
        groups[-1].append(part)
        held += claims_per_part[part]
    return [group for group in groups if len(group) > 1]


@dataclass(frozen=True)
class UpdatePlan:
    """What an update must do, from the dataset as it is and the archive as it is now."""

    #: documents to extract, by key (new or changed)
    extract: frozenset[str]
    #: parts that stay as they are, parts to rewrite without some documents (part, documents kept), parts to drop
    keep: tuple[str, ...]
    rewrite: tuple[tuple[str, tuple[str, ...]], ...]
    drop: tuple[str, ...]
    #: documents whose claims are in the dataset already, by path: the entry as it is
    unchanged: dict[str, Entry]


def plan_update(old: Optional[Dataset], found: Sequence[Found]) -> UpdatePlan:
    """Which documents to extract and which parts to keep, rewrite or drop."""
    if old is None:
        return UpdatePlan(frozenset(item.key for item in found), (), (), (), {})
    current = {(item.info.path, item.key) for item in found}
    unchanged = {entry.info.path: entry for entry in old.entries if (entry.info.path, entry.key) in current}
    known = {(path, entry.key) for path, entry in unchanged.items()}
    extract = frozenset(item.key for item in found if (item.info.path, item.key) not in known)
    by_part: dict[str, list[Entry]] = {}
    for entry in old.entries:
        if entry.part is not None:
            by_part.setdefault(entry.part, []).append(entry)
    keep, rewrite, drop = [], [], []
    for part in old.parts:
        entries = by_part.get(part, [])
        staying = tuple(entry.info.path for entry in entries if entry.info.path in unchanged)
        if len(staying) == len(entries) and entries:
            keep.append(part)
        elif staying:
            rewrite.append((part, staying))
        else:
            drop.append(part)
    return UpdatePlan(extract, tuple(keep), tuple(rewrite), tuple(drop), unchanged)


def commit(folder: Path, order: Sequence[Found], parts_of: Mapping[str, Optional[str]],
           claims_of: Mapping[str, int], problems: Sequence[DocumentError], extractor: str,
           obsolete: Iterable[str]) -> Dataset:
    """Write the catalogue and the manifest of the dataset's new state, then delete the obsolete parts.

    ``order`` is every readable document of the archive in archive order; ``parts_of`` and ``claims_of`` give,
    by document path, the part holding its claims and how many there are."""
    folder = Path(folder)
    pa, pq = arrow_modules(folder)
    meta = folder / META_FOLDER
    meta.mkdir(parents=True, exist_ok=True)
    entries = tuple(Entry(position, item.key, parts_of.get(item.info.path), claims_of.get(item.info.path, 0),
                          item.info) for position, item in enumerate(order))
    parts = sorted({entry.part for entry in entries if entry.part is not None})
    token = uuid.uuid4().hex
    catalogue_tmp = meta / f".{CATALOGUE}.{token}.partial"
    manifest_tmp = meta / f".{MANIFEST}.{token}.partial"
    try:
        pq.write_table(_catalogue_table(pa, entries), catalogue_tmp, compression="zstd")
        manifest: dict[str, Any] = {
            "format": FORMAT, "version": DATASET_VERSION, "extractor": extractor,
            "documents": len(entries), "claims": sum(entry.claims for entry in entries), "parts": parts,
            "problems": [{"message": p.message, "path": p.path, "line": p.line, "excerpt": p.excerpt}
                         for p in problems],
            "updated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "catalogue_sha256": _file_digest(catalogue_tmp),
        }
        manifest["checksum"] = _manifest_checksum(manifest)
        manifest_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        # the catalogue first, then the manifest that vouches for it: a reader between the two renames sees a
        # catalogue whose checksum the manifest does not hold, an error that names the folder, never wrong claims
        os.replace(catalogue_tmp, meta / CATALOGUE)
        os.replace(manifest_tmp, meta / MANIFEST)
    except OSError as error:
        raise DatasetError(f"cannot write the claims dataset: {error.strerror or error}", str(folder)) from None
    finally:
        for leftover in (catalogue_tmp, manifest_tmp):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    listed = set(parts)
    for part in obsolete:
        if part not in listed:
            with contextlib.suppress(OSError):
                (folder / part).unlink(missing_ok=True)
    # what was just written, not read back: a catalogue of millions of documents takes seconds to read
    return Dataset(folder, extractor, entries, tuple(problems), tuple(parts), manifest["claims"])


def stray_parts(folder: Path, dataset: Optional[Dataset]) -> list[str]:
    """Part files the manifest does not list (an update stopped before its manifest): deleted by the next."""
    listed = set(dataset.parts) if dataset is not None else set()
    if not Path(folder).is_dir():
        return []
    return sorted(path.name for path in Path(folder).glob(f"{PART_PREFIX}*.parquet") if path.name not in listed)


def _catalogue_table(pa: Any, entries: Sequence[Entry]) -> Any:
    types = {"int64": pa.int64(), "string": pa.string(), "date32": pa.date32()}
    values: dict[str, list[Any]] = {
        "position": [e.position for e in entries], "path": [e.info.path for e in entries],
        "key": [e.key for e in entries], "part": [e.part for e in entries], "claims": [e.claims for e in entries],
        "name": [e.info.name for e in entries], "title": [e.info.title for e in entries],
        "outlet": [e.info.outlet for e in entries], "date": [e.info.date for e in entries],
        "date_source": [e.info.date_source for e in entries], "file": [e.info.file for e in entries],
        "url": [e.info.url for e in entries], "record_id": [e.info.record_id for e in entries],
    }
    schema = pa.schema([pa.field(name, types[kind], nullable=nullable)
                        for name, kind, nullable in CATALOGUE_COLUMNS])
    return pa.table({name: pa.array(values[name], type=schema.field(name).type) for name in values}, schema=schema)
