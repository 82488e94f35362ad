"""The SQLite claim cache: hits and misses, invalidation, and every way a cache file can be damaged or unusable."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from helpers.paths import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_claims.records.model import Claim, Document
from pytest_claims.store import cache as cache_module
from pytest_claims.store import keys
from pytest_claims.store.cache import SCHEMA_VERSION, ClaimCache, claims_for, clear_cache
from pytest_claims.store.codec import encode_claims
from pytest_claims.store.keys import document_key, extraction_fingerprint

Extracted = list[tuple[Document, list[Claim]]]
SMALL = Document(path="/news/small.txt", name="small.txt", text="More than 300,000 people have died since 2011.",
                 outlet="AFP", date=date(2016, 11, 28), date_source="test")


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "pytest-claims" / "claims.sqlite"


def _filled(path: Path, extracted: Extracted) -> None:
    with ClaimCache.open(path) as cache:
        cache.store_many(extracted)
        assert cache.warnings == []


def _rows(path: Path) -> dict[str, tuple[bytes, bytes]]:
    with sqlite3.connect(path) as connection:
        return {key: (checksum, payload)
                for key, checksum, payload in connection.execute("SELECT key, checksum, payload FROM claims")}


def _execute(path: Path, statement: str, *parameters: object) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(statement, parameters)
    connection.close()


# --- hits and misses ---------------------------------------------------------------------------------------------

def test_a_miss_extracts_and_stores_and_the_next_run_hits(cache_path: Path) -> None:
    with ClaimCache.open(cache_path) as cache:
        extracted, hit = claims_for(SMALL, cache)
        assert not hit and [claim.quantity.surface for claim in extracted] == ["More than 300,000"]
    assert cache_path.is_file()
    with ClaimCache.open(cache_path) as cache:
        assert claims_for(SMALL, cache) == (extracted, True)
        assert cache.warnings == []


def test_without_a_cache_claims_are_extracted() -> None:
    claims, hit = claims_for(SMALL, None)
    assert not hit and len(claims) == 1


def test_cached_seed_claims_equal_a_fresh_extraction(cache_path: Path, seeds_extracted: Extracted) -> None:
    _filled(cache_path, seeds_extracted)
    with ClaimCache.open(cache_path) as cache:
        documents = [document for document, _ in seeds_extracted]
        assert cache.load_many(documents) == [claims for _, claims in seeds_extracted]
        assert [claims_for(document, cache) for document in documents] == [
            (claims, True) for _, claims in seeds_extracted]
        assert cache.warnings == []


def test_a_moved_and_renamed_file_is_a_hit_with_its_new_path(cache_path: Path, seeds_extracted: Extracted) -> None:
    _filled(cache_path, seeds_extracted)
    document, claims = seeds_extracted[0]
    moved = dataclasses.replace(document, path="/elsewhere/renamed.txt", name="renamed.txt")
    with ClaimCache.open(cache_path) as cache:
        found, hit = claims_for(moved, cache)
    assert hit
    assert found == [dataclasses.replace(claim, path=moved.path, document=moved.name) for claim in claims]


def test_editing_one_document_misses_that_document_only(cache_path: Path, seeds_extracted: Extracted) -> None:
    _filled(cache_path, seeds_extracted)
    documents = [document for document, _ in seeds_extracted]
    edited = dataclasses.replace(documents[2], text=documents[2].text.replace("Aleppo", "Alep", 1))
    changed_date = dataclasses.replace(documents[3], date=date(2016, 12, 31))
    with ClaimCache.open(cache_path) as cache:
        found = cache.load_many(documents[:2] + [edited, changed_date] + documents[4:])
    assert [claims is not None for claims in found] == [True, True, False, False] + [True] * (len(documents) - 4)


def test_get_many_reads_every_key_given_and_only_those(cache_path: Path) -> None:
    rows = [(f"{number:064x}", f'[[],[],[{number}]]') for number in range(1234)]  # past one query's key limit
    with ClaimCache.open(cache_path) as cache:
        cache.put_many(rows)
        wanted = [key for key, _ in rows[::3]] + ["f" * 64, rows[0][0]]
        assert cache.get_many(wanted) == dict(rows[::3])
        assert cache.get(rows[5][0]) == rows[5][1] and cache.get("0" * 63 + "x") is None
        assert cache.warnings == []


def test_a_new_fingerprint_empties_the_file(cache_path: Path, seeds_extracted: Extracted,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of another extractor can never be hit again; they are deleted, not left to grow the file."""
    _filled(cache_path, seeds_extracted)
    assert len(_rows(cache_path)) == len(seeds_extracted)
    newer = extraction_fingerprint() + "; quantulum3 99.0"
    monkeypatch.setattr(cache_module, "extraction_fingerprint", lambda: newer)
    monkeypatch.setattr(keys, "extraction_fingerprint", lambda: newer)
    with ClaimCache.open(cache_path) as cache:
        assert cache.load(seeds_extracted[0][0]) is None
        assert cache.warnings == []
    assert _rows(cache_path) == {}


def test_nothing_is_stored_once_the_claim_sources_were_edited(cache_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims from code the fingerprint does not name must not be stored under it; what is stored still reads."""
    with ClaimCache.open(cache_path) as cache:
        cache.put("a" * 64, "[[],[],[]]")
        monkeypatch.setattr(cache_module, "sources_changed", lambda: True)
        cache.put("b" * 64, "[[],[],[]]")
        cache.put("c" * 64, "[[],[],[]]")
        assert cache.get_many(["a" * 64, "b" * 64, "c" * 64]) == {"a" * 64: "[[],[],[]]"}
        assert cache.warnings == [f"the claim sources in {cache_module.PACKAGE} were edited during the run; claims "
                                  f"extracted since are not stored in {cache_path}"]


def test_the_context_manager_closes(cache_path: Path) -> None:
    with ClaimCache.open(cache_path) as cache:
        assert cache.enabled
    assert not cache.enabled and cache.get("0" * 64) is None


# --- a damaged or foreign file -----------------------------------------------------------------------------------

def _assert_rebuilt(path: Path, cache: ClaimCache, why: str) -> None:
    """One warning saying why; the rebuilt file then stores and serves claims again."""
    assert len(cache.warnings) == 1 and why in cache.warnings[0] and str(path) in cache.warnings[0], cache.warnings
    assert cache.enabled
    claims, hit = claims_for(SMALL, cache)
    assert not hit and claims
    assert claims_for(SMALL, cache) == (claims, True)
    assert len(cache.warnings) == 1


def test_a_file_of_garbage_is_rebuilt(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(os.urandom(7000))
    with ClaimCache.open(cache_path) as cache:
        _assert_rebuilt(cache_path, cache, "was corrupt (file is not a database); rebuilt")


def _big_file(path: Path, extracted: Extracted) -> int:
    """A cache file of many pages, checkpointed: no WAL beside it. Its size."""
    with ClaimCache.open(path) as cache:
        cache.put_many((f"{number:064x}", encode_claims(extracted[number % len(extracted)][1]))
                       for number in range(400))
        cache.store_many(extracted)
    assert not path.with_name(path.name + "-wal").exists()
    return path.stat().st_size


def test_a_file_cut_in_half_is_rebuilt(cache_path: Path, seeds_extracted: Extracted) -> None:
    size = _big_file(cache_path, seeds_extracted)
    assert size > 100_000
    with cache_path.open("r+b") as file:
        file.truncate(size // 2)
    with ClaimCache.open(cache_path) as cache:
        _assert_rebuilt(cache_path, cache, f"was truncated ({size // 2} bytes of the {size} its header gives); rebuilt")
        assert cache.load(seeds_extracted[0][0]) is None


def test_a_file_damaged_while_open_is_rebuilt_on_the_next_read(cache_path: Path, seeds_extracted: Extracted) -> None:
    size = _big_file(cache_path, seeds_extracted)
    documents = [document for document, _ in seeds_extracted]
    with ClaimCache.open(cache_path) as cache:
        with cache_path.open("r+b") as file:  # in place: the open connection reads the damaged pages
            file.write(os.urandom(size))
        assert cache.load_many(documents) == [None] * len(documents)
        _assert_rebuilt(cache_path, cache, "was corrupt")


@pytest.mark.parametrize("tables, why", [
    (["CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)", "INSERT INTO meta VALUES ('schema', '0')",
      "CREATE TABLE claims (key TEXT PRIMARY KEY, claims TEXT)"], "had schema 0 (expected schema 1)"),
    (["CREATE TABLE notes (text TEXT)"], "had no schema version"),
    (["CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)",
      f"INSERT INTO meta VALUES ('schema', '{SCHEMA_VERSION}')", "CREATE TABLE claims (key TEXT, payload BLOB)"],
     f"had other tables than schema {SCHEMA_VERSION}"),
], ids=["older schema", "not our tables", "same version other columns"])
def test_a_file_of_another_schema_is_rebuilt(cache_path: Path, tables: list[str], why: str) -> None:
    cache_path.parent.mkdir(parents=True)
    for statement in tables:
        _execute(cache_path, statement)
    with ClaimCache.open(cache_path) as cache:
        _assert_rebuilt(cache_path, cache, why)
    with sqlite3.connect(cache_path) as connection:
        assert {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == {
            "meta", "claims"}


def test_an_empty_file_is_a_new_cache_without_a_warning(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.touch()
    with ClaimCache.open(cache_path) as cache:
        claims_for(SMALL, cache)
        assert claims_for(SMALL, cache)[1] and cache.warnings == []


# --- a damaged row -----------------------------------------------------------------------------------------------

def _damaged_row_is_dropped(path: Path, document: Document, claims: list[Claim], why: str) -> None:
    key = document_key(document)
    with ClaimCache.open(path) as cache:
        assert cache.load(document) is None
        assert len(cache.warnings) == 1 and why in cache.warnings[0] and document.name in cache.warnings[0]
        assert "dropped" in cache.warnings[0]
    assert key not in _rows(path)
    with ClaimCache.open(path) as cache:
        assert claims_for(document, cache) == (claims, False)  # extracted again
        assert claims_for(document, cache) == (claims, True)


def test_a_row_failing_its_checksum_is_dropped(cache_path: Path, seeds_extracted: Extracted) -> None:
    """Another document's sound payload under this key: the checksum ties payload to key, so it is refused."""
    _filled(cache_path, seeds_extracted)
    (document, claims), (other, _) = seeds_extracted[:2]
    _execute(cache_path, "UPDATE claims SET payload = (SELECT payload FROM claims WHERE key = ?) WHERE key = ?",
             document_key(other), document_key(document))
    _damaged_row_is_dropped(cache_path, document, claims, "checksum mismatch")


def test_a_row_that_does_not_decompress_is_dropped(cache_path: Path, seeds_extracted: Extracted) -> None:
    _filled(cache_path, seeds_extracted)
    document, claims = seeds_extracted[1]
    checksum, payload = _rows(cache_path)[document_key(document)]
    _execute(cache_path, "UPDATE claims SET payload = ? WHERE key = ?", payload[: len(payload) // 2],
             document_key(document))
    _damaged_row_is_dropped(cache_path, document, claims, "cannot be decompressed")


def test_a_row_stored_as_text_is_dropped(cache_path: Path, seeds_extracted: Extracted) -> None:
    _filled(cache_path, seeds_extracted)
    document, claims = seeds_extracted[1]
    _execute(cache_path, "UPDATE claims SET payload = 'text' WHERE key = ?", document_key(document))
    _damaged_row_is_dropped(cache_path, document, claims, "payload is str, not bytes")


def test_a_row_whose_json_does_not_decode_is_dropped(cache_path: Path, seeds_extracted: Extracted) -> None:
    """Checksum sound, JSON not: written so by a bug, not by the disk. Still never a crash."""
    document, claims = seeds_extracted[3]
    with ClaimCache.open(cache_path) as cache:
        cache.put(document_key(document), '[[],[],[{"value": 1}]')
    _damaged_row_is_dropped(cache_path, document, claims, "cannot be decoded: not JSON")


def test_dropping_a_damaged_row_spares_a_sound_one_stored_meanwhile(cache_path: Path,
                                                                    seeds_extracted: Extracted) -> None:
    document, claims = seeds_extracted[0]
    key = document_key(document)
    with ClaimCache.open(cache_path) as cache:
        cache.put(key, "[not json")
        cache.store(document, claims)  # what another process would do between our read and our drop
        cache.drop(key, "[not json", "test")
        assert cache.load(document) == claims
        assert cache.warnings == [f"cache row for {key[:16]} in {cache_path} was damaged (cannot be decoded: test); "
                                  "dropped"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(["payload", "checksum"]), position=st.floats(min_value=0, max_value=1, exclude_max=True),
       flip=st.integers(min_value=1, max_value=255))
def test_a_flipped_byte_anywhere_in_a_row_never_gives_wrong_claims(
        tmp_path_factory: pytest.TempPathFactory, seeds_extracted: Extracted, column: str, position: float,
        flip: int) -> None:
    path = tmp_path_factory.mktemp("flip") / "claims.sqlite"
    document, claims = seeds_extracted[2]
    _filled(path, [(document, claims)])
    stored = bytearray(_rows(path)[document_key(document)][0 if column == "checksum" else 1])
    stored[int(position * len(stored))] ^= flip
    _execute(path, f"UPDATE claims SET {column} = ?", bytes(stored))
    with ClaimCache.open(path) as cache:
        found = cache.load(document)
        # a flip in the padding bits after the last deflate block changes nothing read: then the claims are sound
        assert (found is None and len(cache.warnings) == 1 and "dropped" in cache.warnings[0]
                or found == claims and cache.warnings == [])


# --- waiting for other processes -------------------------------------------------------------------------------

def test_a_step_refused_as_busy_is_tried_again_until_it_goes_through(cache_path: Path) -> None:
    """SQLite refuses some steps at once, without its busy timeout (WAL recovery, cleanup on close): retried."""
    with ClaimCache.open(cache_path):
        pass
    holder = sqlite3.connect(cache_path, isolation_level=None, check_same_thread=False)
    impatient = sqlite3.connect(cache_path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        impatient.execute("BEGIN IMMEDIATE")  # refused at once: what the retry is for
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        cache_module._patiently(lambda: impatient.execute("BEGIN IMMEDIATE"))
        assert impatient.in_transaction
        impatient.execute("COMMIT")
    finally:
        release.join()
        holder.close()
        impatient.close()


def test_other_errors_are_not_tried_again() -> None:
    attempts = []

    def failing() -> None:
        attempts.append(1)
        raise sqlite3.OperationalError("no such table: claims")

    with pytest.raises(sqlite3.OperationalError):
        cache_module._patiently(failing)
    assert len(attempts) == 1


def test_a_writer_waits_for_another_holding_the_lock(cache_path: Path) -> None:
    with ClaimCache.open(cache_path) as cache:
        holder = sqlite3.connect(cache_path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
        release.start()
        try:
            cache.put("a" * 64, "[[],[],[]]")
        finally:
            release.join()
            holder.close()
        assert cache.get("a" * 64) == "[[],[],[]]" and cache.warnings == []


# --- a location that cannot be written ---------------------------------------------------------------------------

def _works_without_a_cache(cache: ClaimCache, why: str) -> None:
    assert not cache.enabled
    assert len(cache.warnings) == 1 and why in cache.warnings[0], cache.warnings
    assert cache.warnings[0].endswith("; working without the cache")
    claims, hit = claims_for(SMALL, cache)
    assert claims and not hit
    assert claims_for(SMALL, cache) == (claims, False)
    assert len(cache.warnings) == 1


def test_a_folder_that_cannot_be_created_leaves_the_cache_off(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the folder should be", encoding="utf-8")
    with ClaimCache.open(tmp_path / "blocked" / "pytest-claims" / "claims.sqlite") as cache:
        _works_without_a_cache(cache, f"cache folder {tmp_path / 'blocked' / 'pytest-claims'} cannot be created")


def test_a_folder_in_place_of_the_file_leaves_the_cache_off(cache_path: Path) -> None:
    cache_path.mkdir(parents=True)
    with ClaimCache.open(cache_path) as cache:
        _works_without_a_cache(cache, f"cache file {cache_path} cannot be opened (unable to open database file)")


def test_a_read_only_folder_leaves_the_cache_off(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.parent.chmod(0o555)
    try:
        try:
            (cache_path.parent / "probe").touch()
        except PermissionError:
            pass
        else:
            pytest.skip("this user writes through file permissions (root with CAP_DAC_OVERRIDE)")
        with ClaimCache.open(cache_path) as cache:
            _works_without_a_cache(cache, f"cache file {cache_path} cannot be opened (unable to open database file)")
    finally:
        cache_path.parent.chmod(0o755)


# --- clearing ----------------------------------------------------------------------------------------------------

def test_clear_cache_deletes_the_file_and_its_companions(cache_path: Path) -> None:
    cache = ClaimCache.open(cache_path)
    claims_for(SMALL, cache)
    assert cache_path.with_name(cache_path.name + "-wal").exists()  # open, in WAL mode
    cache.close()
    cache_path.with_name(cache_path.name + "-wal").touch()
    assert clear_cache(cache_path) == []
    assert list(cache_path.parent.iterdir()) == []
    assert clear_cache(cache_path) == []  # nothing there is fine too
    with ClaimCache.open(cache_path) as cache:
        assert cache.load(SMALL) is None and cache.warnings == []


def test_clear_cache_reports_what_it_cannot_delete(cache_path: Path) -> None:
    cache_path.mkdir(parents=True)
    [problem] = clear_cache(cache_path)
    assert problem.startswith(f"cache file {cache_path} cannot be deleted")


# --- a warm run stays light ----------------------------------------------------------------------------------------

WARM_READ = """
import sys
from pathlib import Path
from pytest_claims.prose.documents import load_corpus
from pytest_claims.store.cache import ClaimCache, claims_for
from pytest_claims.store.keys import extraction_fingerprint

print(extraction_fingerprint())
corpus = load_corpus([sys.argv[2]])
with ClaimCache.open(Path(sys.argv[1])) as cache:
    found = [claims_for(document, cache) for document in corpus.documents]
    assert cache.warnings == [], cache.warnings
assert all(hit for _, hit in found), [hit for _, hit in found]
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("quantulum3", "inflect", "typeguard"))
assert heavy == [], heavy
print(repr([claims for claims, _ in found]))
"""


def test_a_warm_read_imports_neither_quantulum3_nor_inflect(cache_path: Path, seeds_extracted: Extracted) -> None:
    """A run served by the cache decodes claims equal to a fresh extraction without loading extraction at all."""
    _filled(cache_path, seeds_extracted)
    run = subprocess.run([sys.executable, "-c", WARM_READ, str(cache_path), str(SEEDS)], capture_output=True,
                         text=True, timeout=120)
    fingerprint, _, output = run.stdout.partition("\n")
    assert fingerprint == extraction_fingerprint(), "the claim sources were edited while the tests ran"
    assert run.returncode == 0, run.stderr
    assert output.strip() == repr([claims for _, claims in seeds_extracted])
