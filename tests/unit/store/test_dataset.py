"""The claims dataset: selection from a part is exactly selection in memory, claims come back in archive order
whatever part they landed in, and a folder that is not an intact dataset is refused by name.

Claims are the seeds' own (real extraction), with a few variants for what the seeds lack (units of measure,
claims without an outlet or a counted noun); parts are real Parquet files, written with small row groups so
that the row-group pushdown has groups to skip.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import random
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

import pyarrow.parquet as pq
import pytest
import yaml
from helpers.claims import make_claim
from helpers.paths import RULES, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims import cli
from pytest_claims.cluster.update import LocalRunner, update_dataset
from pytest_claims.engine.evaluate import evaluate_rule, group_selectors
from pytest_claims.engine.selection import RuleSelectors, Selected, select_many
from pytest_claims.language.selectors import Selector
from pytest_claims.language.units import unit_key
from pytest_claims.prose.documents import discover_files, iter_documents
from pytest_claims.records.errors import RuleError
from pytest_claims.records.model import KINDS, SHARE, Claim, Document, DocumentInfo
from pytest_claims.rulefile.load import discover_rule_files, load_rules
from pytest_claims.store.dataset import (
    CATALOGUE,
    DATASET_VERSION,
    MANIFEST,
    META_FOLDER,
    DatasetError,
    DatasetSource,
    read_dataset,
    select_part,
)
from pytest_claims.store.extract import extract_documents
from pytest_claims.store.table import COLUMN_NAMES, write_table

Extracted = list[tuple[Document, list[Claim]]]
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)
WRITE_AGAIN = "delete the folder and write it again: pytest-claims extract ARCHIVE --out FOLDER"
SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))


# ---------------------------------------------------------------- claims and selectors


@pytest.fixture(scope="module")
def pool(seeds_extracted: Extracted) -> tuple[list[Claim], list[DocumentInfo]]:
    """The seeds' claims, measures in units the seeds lack, and hand-made claims with no outlet or counted noun
    and an outlet written with other case and spaces; every document they belong to."""
    claims = [claim for _, found in seeds_extracted for claim in found]
    documents = [document.info for document, _ in seeds_extracted]
    units = ("dollar", "kilometre per hour", "mile per hour")
    measures = [dataclasses.replace(claim, quantity=dataclasses.replace(claim.quantity, kind="measure",
                                                                          unit=units[i % len(units)]))
                for i, claim in enumerate(claims[::4])]
    assert all(unit_key(claim.quantity.unit) is not None for claim in measures)
    sentence = "Rebels said 12 civilians were killed near the besieged east of Aleppo on Sunday, 40% of them children."
    made = [make_claim(sentence, "12", document="b.md", outlet=None, counts=None),
            make_claim(sentence, "40%", kind=SHARE, document="b.md", outlet=None, counts="child"),
            make_claim(sentence, "12", document="a.txt", outlet=" reuters ", counts="neighborhoods")]
    documents += [DocumentInfo("/news/b.md", "b.md"), DocumentInfo("/news/a.txt", "a.txt", outlet=" reuters ")]
    kinds = {claim.kind for claim in claims + measures + made}
    assert kinds == set(KINDS), "every kind is among the claims the selectors choose from"
    return claims + measures + made, documents


#: values of the selector keys whose columns the row-group pushdown tests: some match the pool's claims, some
#: none, with prefixes and globs
TESTED: dict[str, st.SearchStrategy[Any]] = {
    "counts": st.sampled_from(["people", "civilians", "neighbo*", "child*", "area", "territory", "resident",
                               "soldiers"]),
    "kind": st.sampled_from(KINDS),
    "unit": st.sampled_from(["day", "week", "year", "USD", "km/h", "mph", "hour"]),
    "outlet": st.sampled_from(["Reuters", "reuters ", "AFP", "ABC News", "the guardian", "Nobody"]),
    "document": st.sampled_from(["00[0-2]_*", "*.txt", "004_*", "b.md", "*", "?.txt", "*.md"]),
}
#: and of the keys it does not test (the claims' words, sentence and source)
UNTESTED: dict[str, st.SearchStrategy[Any]] = {
    "near": st.sampled_from(["killed", "civilian*", "besieged east", "rebel*", "aleppo"]),
    "near_all": st.sampled_from(["aleppo", "said", "rebel*"]),
    "not_near": st.sampled_from(["sunday", "govern*", "children"]),
    "source": st.sampled_from(["Observatory", "UN", "Russia's military", "BBC", "nobody at all"]),
}
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "window": st.integers(1, 8),
    "pattern": st.sampled_from(["killed", "civilians?", r"\d+ ?(per ?cent|%)", "aleppo", "never written here"]),
}


@st.composite
def selectors(draw: st.DrawFn) -> Selector:
    """A selector of up to three conditions (more would rarely select anything), most often one or two the
    pushdown tests: a part is pruned only when every selector of every rule tests a column."""
    tested = draw(st.lists(st.sampled_from(sorted(TESTED)), min_size=int(draw(st.integers(0, 9)) > 0),
                           max_size=2, unique=True))
    others = draw(st.lists(st.sampled_from(sorted([*UNTESTED, *SCALARS])), max_size=3 - max(1, len(tested)),
                           unique=True))
    fields: dict[str, Any] = {}
    for key in tested + others:
        if key in SCALARS:
            fields[key] = draw(SCALARS[key])
        else:
            fields[key] = tuple(draw(st.lists({**TESTED, **UNTESTED}[key], min_size=1, max_size=2, unique=True)))
    return Selector(**fields)


@st.composite
def merged_selectors(draw: st.DrawFn) -> Selector:
    """A selector, or two or three merged as a rule's select and a check group's own (Selector.merge)."""
    selector = draw(selectors())
    for other in draw(st.lists(selectors(), max_size=2)):
        selector = selector.merge(other)
    return selector


rule_selectors = st.dictionaries(
    st.sampled_from(["rule-a", "rule-b", "rule-c"]),
    st.dictionaries(st.sampled_from(["claims", "part", "whole"]), merged_selectors(), min_size=1, max_size=2),
    min_size=1, max_size=2)


def _write_part(path: Path, claims: Sequence[Claim], documents: Sequence[DocumentInfo], row_group_size: int) -> Path:
    assert write_table(path, claims, documents, extractor="test", row_group_size=row_group_size) == len(claims)
    return path


# ---------------------------------------------------------------- select_part is exact


@PROPERTY_SETTINGS
@given(data=st.data(), selectors=rule_selectors, row_group_size=st.integers(1, 9))
def test_selecting_from_a_part_is_selecting_from_its_claims(
        pool: tuple[list[Claim], list[DocumentInfo]], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject,
        selectors: RuleSelectors, row_group_size: int) -> None:
    claims, documents = pool
    chosen = data.draw(st.lists(st.sampled_from(claims), max_size=70))
    path = _write_part(tmp_path_factory.mktemp("part") / "part-x.parquet", chosen, documents, row_group_size)
    assert select_part(path, selectors) == select_many(chosen, selectors)


@pytest.mark.parametrize("selector", [
    Selector(kind=("share",)),
    Selector(counts=("neighbo*",)),
    Selector(outlet=("reuters",), kind=("count",)),
    Selector(document=("00[0-2]_*",)).merge(Selector(unit=("day", "week"))),
    Selector(unit=("km/h", "USD")),
    Selector(counts=("civilian", "people")).merge(Selector(near=("killed",), window=4)),
    Selector(source=("Observatory",), pattern="said"),
])
def test_selectors_that_choose_claims_choose_the_same_from_a_part(
        pool: tuple[list[Claim], list[DocumentInfo]], tmp_path: Path, selector: Selector) -> None:
    """Selectors that do select, so that equal answers are not two empty ones."""
    claims, documents = pool
    path = _write_part(tmp_path / "part-x.parquet", claims, documents, 4)
    answer = select_part(path, {"rule": {"claims": selector}})
    assert answer == select_many(claims, {"rule": {"claims": selector}})
    assert 0 < len(answer[0]) < len(claims)


class RowGroupReads:
    """Each read of a row group: its number and the columns asked for (pyarrow's own method, counted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads: list[tuple[int, tuple[str, ...]]] = []
        original = pq.ParquetFile.read_row_group

        def counted(parquet: pq.ParquetFile, i: int, columns: Optional[list[str]] = None, *args: Any,
                    **kwargs: Any) -> Any:
            self.reads.append((i, tuple(columns) if columns is not None else tuple(COLUMN_NAMES)))
            return original(parquet, i, columns, *args, **kwargs)

        monkeypatch.setattr(pq.ParquetFile, "read_row_group", counted)

    def whole(self) -> list[int]:
        """The row groups whose every column was read."""
        return [i for i, columns in self.reads if columns == tuple(COLUMN_NAMES)]


def test_a_selector_on_kind_reads_no_row_group_without_that_kind(
        pool: tuple[list[Claim], list[DocumentInfo]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims, documents = pool
    no_shares = [claim for claim in claims if claim.kind != SHARE]
    path = _write_part(tmp_path / "part-x.parquet", no_shares, documents, 5)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    assert groups == -(-len(no_shares) // 5) > 10
    reads = RowGroupReads(monkeypatch)
    assert select_part(path, {"rule": {"claims": Selector(kind=("share",))}}) == ((), {"rule": {"claims": ()}})
    assert reads.whole() == []
    assert reads.reads == [(group, ("kind",)) for group in range(groups)]


def test_only_the_row_groups_where_a_claim_may_match_are_read_whole(
        pool: tuple[list[Claim], list[DocumentInfo]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims, documents = pool
    no_shares = [claim for claim in claims if claim.kind != SHARE]
    share = next(claim for claim in claims if claim.kind == SHARE)
    rows = no_shares[:17] + [share] + no_shares[17:]  # row 17: the fourth row group of five rows
    path = _write_part(tmp_path / "part-x.parquet", rows, documents, 5)
    reads = RowGroupReads(monkeypatch)
    selectors = {"rule": {"claims": Selector(kind=("share",)).merge(Selector(outlet=(share.outlet or "",)))}}
    assert select_part(path, selectors) == ((share,), {"rule": {"claims": (0,)}})
    assert reads.whole() == [3]
    assert {columns for _, columns in reads.reads if columns != tuple(COLUMN_NAMES)} == {("kind", "outlet")}


def test_a_pattern_is_tested_on_the_sentences_before_rows_are_read_whole(
        pool: tuple[list[Claim], list[DocumentInfo]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that tests no dictionary column but a pattern reads the sentences first: only the row groups with
    a sentence the pattern matches (or, for the other rule, a share) are read whole."""
    claims, documents = pool
    path = _write_part(tmp_path / "part-x.parquet", claims, documents, 10)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    reads = RowGroupReads(monkeypatch)
    selectors = {"a": {"claims": Selector(kind=("share",))}, "b": {"claims": Selector(pattern="killed")}}
    answer = select_part(path, selectors)
    assert answer == select_many(claims, selectors) and answer[1]["b"]["claims"]
    wanted = sorted({i // 10 for i, claim in enumerate(claims) if claim.kind == "share" or "killed" in claim.sentence})
    assert reads.whole() == wanted and len(wanted) < groups


# ---------------------------------------------------------------- archive order after updates


def make_archive(folder: Path, names: Sequence[str]) -> None:
    """Seeds ``names`` in ``folder``, with the claims-meta.yaml entries of those documents only, in the order
    given (an entry's line is part of its documents' date source, so a grown archive appends its new entries)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(SEEDS / name, folder / name)
    entries = yaml.safe_load((SEEDS / "claims-meta.yaml").read_text(encoding="utf-8"))
    kept = {name: entries[name] for name in names}
    (folder / "claims-meta.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=10_000),
                                             encoding="utf-8")


def local_run_claims(archive: Path) -> tuple[Claim, ...]:
    """The claims a local run over ``archive`` gives, in its order."""
    found = discover_files([archive])
    assert not found.problems
    run = extract_documents(iter_documents(found.files), len(found.files))
    assert not run.problems
    return run.claims


def _outcome(rule: Any, claims: Any) -> object:
    try:
        return evaluate_rule(rule, claims)
    except RuleError as error:
        return f"RuleError: {error}"


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A dataset written for two seeds, then updated with the three others, which come before and between
    them in the archive: (archive, dataset folder)."""
    root = tmp_path_factory.mktemp("grown")
    archive, folder = root / "archive", root / "claims"
    make_archive(archive, [SEED_NAMES[1], SEED_NAMES[3]])
    first = update_dataset([str(archive)], folder, LocalRunner(1))
    assert first.extracted == 2 and not first.problems
    make_archive(archive, [SEED_NAMES[1], SEED_NAMES[3], SEED_NAMES[0], SEED_NAMES[2], SEED_NAMES[4]])
    second = update_dataset([str(archive)], folder, LocalRunner(1))
    assert (second.extracted, second.unchanged, second.problems) == (3, 2, ())
    return archive, folder


def _parts_in(order: str) -> Any:
    def select_parts(paths: Sequence[Path], selectors: RuleSelectors) -> list[Selected]:
        ordered = list(paths)
        if order == "reversed":
            ordered.reverse()
        elif order == "shuffled":
            random.Random(14).shuffle(ordered)
        return [select_part(path, selectors) for path in ordered]
    return select_parts


@pytest.mark.parametrize("order", ["manifest", "reversed", "shuffled"])
def test_a_dataset_gives_its_claims_in_archive_order_whatever_the_parts_order(grown: tuple[Path, Path],
                                                                            order: str) -> None:
    archive, folder = grown
    dataset = read_dataset(folder)
    assert len(dataset.parts) == 5
    source = DatasetSource(dataset, _parts_in(order))
    everything = source.select("all", {"claims": Selector()})["claims"]
    assert everything == local_run_claims(archive)
    killed = Selector(near=("killed",))
    assert source.select("some", {"claims": killed})["claims"] == \
        tuple(claim for claim in everything if killed.matches(claim))


@pytest.mark.parametrize("prefetch", [False, True])
def test_every_bundled_rule_judges_a_grown_dataset_as_a_local_run(grown: tuple[Path, Path], prefetch: bool) -> None:
    archive, folder = grown
    claims = local_run_claims(archive)
    rules = load_rules(discover_rule_files(RULES))
    assert len(rules) >= 10
    source = DatasetSource(read_dataset(folder), _parts_in("reversed"))
    if prefetch:  # as the plugin does: every rule's selectors in one pass over the parts
        source.prefetch({rule.name: group_selectors(rule) for rule in rules})
    outcomes = [(_outcome(rule, claims), _outcome(rule, source)) for rule in rules]
    for rule, (local, from_dataset) in zip(rules, outcomes):
        assert from_dataset == local, rule.name
    verdicts = [local for local, _ in outcomes if not isinstance(local, str)]
    assert any(not verdict.passed for verdict in verdicts) and any(verdict.passed for verdict in verdicts)
    assert any(len(verdict.selected) > 5 for verdict in verdicts)


# ---------------------------------------------------------------- folders that are not an intact dataset


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("written") / "claims"
    result = update_dataset([str(SEEDS)], folder, LocalRunner(1))
    assert result.extracted == 5 and len(result.dataset.parts) >= 3
    return folder


@pytest.fixture
def copy(written: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    shutil.copytree(written, folder)
    return folder


def _manifest(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / META_FOLDER / MANIFEST).read_text(encoding="utf-8"))
    return loaded


def _write_manifest(folder: Path, manifest: dict[str, Any], *, checksum: bool) -> None:
    """``manifest`` written, with its checksum as docs/cluster.md gives it when ``checksum`` (else the old one)."""
    if checksum:
        rest = {key: value for key, value in manifest.items() if key != "checksum"}
        manifest["checksum"] = hashlib.sha256(json.dumps(rest, sort_keys=True, ensure_ascii=False)
                                              .encode("utf-8")).hexdigest()
    (folder / META_FOLDER / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _refusal(folder: Path) -> str:
    with pytest.raises(DatasetError) as raised:
        read_dataset(folder)
    return str(raised.value)


def test_no_folder_is_refused_by_name(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "nowhere") == \
        f"{tmp_path / 'nowhere'}: no such claims dataset (write one with: pytest-claims extract ARCHIVE --out FOLDER)"


def test_a_folder_that_is_not_a_dataset_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not claims", encoding="utf-8")
    assert _refusal(tmp_path) == f"{tmp_path}: a folder, but not a claims dataset: it has no _pytest_claims/" \
                                 "manifest.json (write one with: pytest-claims extract ARCHIVE --out FOLDER)"


def test_a_manifest_edited_by_hand_is_refused(copy: Path) -> None:
    manifest = _manifest(copy)
    manifest["claims"] += 1
    _write_manifest(copy, manifest, checksum=False)
    assert _refusal(copy) == f"{copy / META_FOLDER / MANIFEST}: damaged claims dataset manifest: it does not match " \
                             f"its checksum (edited by hand?); {WRITE_AGAIN}"


def test_a_manifest_that_is_not_json_is_refused(copy: Path) -> None:
    path = copy / META_FOLDER / MANIFEST
    path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    message = _refusal(copy)
    assert message.startswith(f"{path}: damaged claims dataset manifest (") and message.endswith(WRITE_AGAIN)


def test_a_manifest_of_another_version_is_refused_even_with_a_good_checksum(copy: Path) -> None:
    manifest = _manifest(copy)
    assert manifest["version"] == DATASET_VERSION
    manifest["version"] = "2"
    _write_manifest(copy, manifest, checksum=True)
    assert _refusal(copy) == f"{copy / META_FOLDER / MANIFEST}: claims dataset version '2'; this pytest-claims " \
                             f"reads version {DATASET_VERSION}: {WRITE_AGAIN}"


def test_a_manifest_rewritten_with_its_checksum_reads(copy: Path) -> None:
    """The checksum the tests above compute is the manifest's own: a manifest rewritten with it reads."""
    manifest = _manifest(copy)
    manifest["updated"] = "2000-01-01T00:00:00+00:00"
    _write_manifest(copy, manifest, checksum=True)
    assert read_dataset(copy).claims == manifest["claims"]


def test_a_catalogue_replaced_is_refused(copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_archive(tmp_path / "archive", SEED_NAMES[:2])
    update_dataset([str(tmp_path / "archive")], other, LocalRunner(1))
    shutil.copy2(other / META_FOLDER / CATALOGUE, copy / META_FOLDER / CATALOGUE)
    assert _refusal(copy) == f"{copy / META_FOLDER / CATALOGUE}: damaged claims dataset: the document catalogue " \
                             f"does not match the manifest's checksum; {WRITE_AGAIN}"


def test_a_catalogue_that_is_not_parquet_is_refused(copy: Path) -> None:
    (copy / META_FOLDER / CATALOGUE).write_bytes(b"not parquet at all")
    message = _refusal(copy)
    assert message.startswith(f"{copy / META_FOLDER / CATALOGUE}: damaged claims dataset, its document catalogue "
                              "cannot be read (") and message.endswith(WRITE_AGAIN)


@pytest.mark.parametrize("missing", [1, 2])
def test_a_missing_part_is_refused_by_name(copy: Path, missing: int) -> None:
    parts = _manifest(copy)["parts"]
    for part in parts[:missing]:
        (copy / part).unlink()
    more = " and 1 more" if missing == 2 else ""
    assert _refusal(copy) == f"{copy}: claims dataset without its part {parts[0]}{more}: it was changed by hand; " \
                             f"{WRITE_AGAIN}"


def _damages() -> Iterator[Any]:
    def edited(folder: Path) -> None:
        manifest = _manifest(folder)
        manifest["parts"] = manifest["parts"][1:]
        _write_manifest(folder, manifest, checksum=False)

    def version(folder: Path) -> None:
        manifest = _manifest(folder)
        manifest["version"] = "0"
        _write_manifest(folder, manifest, checksum=True)

    def part(folder: Path) -> None:
        (folder / _manifest(folder)["parts"][0]).unlink()

    yield from (pytest.param(damage, id=damage.__name__) for damage in (edited, version, part))


@pytest.mark.parametrize("damage", list(_damages()))
def test_the_command_refuses_a_damaged_dataset_without_a_traceback_and_touches_nothing(copy: Path,
                                                                                      damage: Any) -> None:
    damage(copy)
    before = {path: path.read_bytes() for path in copy.rglob("*") if path.is_file()}
    message = _refusal(copy)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["extract", str(SEEDS), "--out", str(copy), "--jobs", "1", "-q"], out=out, err=err) == cli.USAGE
    assert err.getvalue() == f"pytest-claims extract: {message}\n" and out.getvalue() == ""
    assert {path: path.read_bytes() for path in copy.rglob("*") if path.is_file()} == before
