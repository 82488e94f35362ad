"""The claim cache (SQLite, ``store/cache.py``) damaged at random, and written by two processes at once.

A sound cache of the seeds is written once; each example damages a copy of
it (truncated at a random offset, random bytes edited, replaced by garbage)
and runs as a warm run would (``claims_for`` each document). Properties: the
claims are those of a cold run, whatever came from the cache; a document the
cache could not give back comes with a warning saying what was found (a file
of nothing at all aside, which SQLite reads as a new, empty database); and the
run after it finds a sound cache again (every document a hit) unless the cache
said it works without one. Two real processes storing and reading the same
rows at once leave a cache whose every row is a cold run's claims.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers.paths import SEEDS
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import load_corpus
from pytest_claims.records.model import Claim, Document
from pytest_claims.store import cache as cache_module
from pytest_claims.store.cache import (
    ClaimCache,
    claims_for,
    decode_claims,
    document_key,
    encode_claims,
)


class ColdRun(NamedTuple):
    """The seeds, their claims from a run without a cache, and a sound cache file's bytes (short repr: Hypothesis
    prints it with each failing example)."""

    documents: list[Document]
    claims: list[list[Claim]]
    sound: bytes

    def __repr__(self) -> str:
        return f"ColdRun({len(self.documents)} documents, a cache file of {len(self.sound)} bytes)"


@pytest.fixture(scope="module")
def cold_run(tmp_path_factory: pytest.TempPathFactory) -> ColdRun:
    """The seeds, their claims extracted without a cache, and the bytes of a sound cache holding them."""
    corpus = load_corpus([SEEDS])
    assert not corpus.problems, corpus.problems
    documents = list(corpus.documents)
    claims = [document_claims(document) for document in documents]
    path = tmp_path_factory.mktemp("sound") / "claims.sqlite"
    with ClaimCache.open(path) as cache:
        cache.store_many(zip(documents, claims))
        assert not cache.warnings, cache.warnings
    assert not path.with_name(path.name + "-wal").exists() or not path.with_name(path.name + "-wal").stat().st_size
    return ColdRun(documents, claims, path.read_bytes())


@st.composite
def damaged(draw: st.DrawFn, sound: bytes) -> bytes:
    """``sound`` truncated, with random bytes edited, or replaced by garbage."""
    how = draw(st.sampled_from(("truncated", "truncated", "edited", "edited", "garbage", "header")))
    event(f"cache damage: {how}")
    if how == "truncated":
        return sound[:draw(st.integers(0, len(sound) - 1))]
    if how == "garbage":
        return draw(st.binary(max_size=draw(st.sampled_from((16, 512, 8192)))))
    data = bytearray(sound)
    positions = st.integers(0, 99) if how == "header" else st.integers(0, len(data) - 1)
    for _ in range(draw(st.integers(1, 16))):
        data[draw(positions)] = draw(st.integers(0, 255))
    return bytes(data)


def warm_run(path: Path, documents: list[Document]) -> tuple[list[list[Claim]], int, list[str]]:
    """Each document's claims through the cache at ``path`` as a run gets them: (claims, hits, warnings)."""
    with ClaimCache.open(path) as cache:
        got = [claims_for(document, cache) for document in documents]
        return [claims for claims, _ in got], sum(hit for _, hit in got), list(cache.warnings)


@settings.get_profile("fuzz:cache")
@given(data=st.data())
def test_a_damaged_cache_gives_a_cold_runs_claims_and_is_rebuilt(tmp_path_factory: pytest.TempPathFactory,
                                                                 monkeypatch: pytest.MonkeyPatch, cold_run: ColdRun,
                                                                 data: st.DataObject) -> None:
    # the package's sources edited meanwhile (in a working tree) stop the cache's writes; damage is the subject here
    monkeypatch.setattr(cache_module, "sources_changed", lambda: False)
    documents, cold, sound = cold_run
    damage = data.draw(damaged(sound))
    path = tmp_path_factory.mktemp("cache") / "claims.sqlite"
    path.write_bytes(damage)
    claims, hits, warnings = warm_run(path, documents)
    assert claims == cold
    event("every document a hit" if hits == len(documents) else "a miss")
    if hits < len(documents) and damage:
        assert warnings, "a damaged cache lost rows without a word"
    assert all(str(path) in warning for warning in warnings), warnings
    again, hits_again, warnings_again = warm_run(path, documents)
    assert again == cold
    if not any("working without the cache" in warning for warning in warnings):
        assert hits_again == len(documents), warnings_again
        assert not warnings_again, warnings_again


_WRITER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from pytest_claims.store.cache import ClaimCache

    path, rows_file, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rows = [tuple(row) for row in json.loads(rows_file.read_text(encoding="utf-8"))]
    with ClaimCache.open(path) as cache:
        for number in range(rounds):
            cache.put_many(rows[number % 2::2] + rows[(number + 1) % 2::2])
            cache.put(*rows[number % len(rows)])
            found = cache.get_many(key for key, _ in rows)
            assert all(found[key] == payload for key, payload in rows if key in found)
        print(json.dumps(cache.warnings))
""")
#: the next run, in a process of its own as a run would be: what the cache holds for each key, and its warnings
_READER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from pytest_claims.store.cache import ClaimCache

    keys = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    with ClaimCache.open(Path(sys.argv[1])) as cache:
        print(json.dumps([cache.get_many(key for key, _ in keys), cache.warnings]))
""")


@settings.get_profile("fuzz:cache-race")
@given(rounds=st.integers(20, 200), fresh=st.booleans())
def test_two_processes_writing_one_cache_leave_a_cold_runs_claims(tmp_path_factory: pytest.TempPathFactory,
                                                                   cold_run: ColdRun, rounds: int,
                                                                   fresh: bool) -> None:
    documents, cold, sound = cold_run
    folder = tmp_path_factory.mktemp("race")
    path = folder / "claims.sqlite"
    if not fresh:  # both open a file that already holds the rows; else both create it at once
        path.write_bytes(sound)
    rows_file = folder / "rows.json"
    rows_file.write_text(json.dumps([(document_key(document), encode_claims(claims))
                                     for document, claims in zip(documents, cold)]), encoding="utf-8")
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(rows_file), str(rounds)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
        assert json.loads(out) == [], out
    reader = subprocess.run([sys.executable, "-c", _READER, str(path), str(rows_file)], capture_output=True,
                            text=True, timeout=240, check=True)
    found, warnings = json.loads(reader.stdout)
    assert not warnings, warnings
    assert found == dict(json.loads(rows_file.read_text(encoding="utf-8")))
    assert [decode_claims(found[document_key(document)], document) for document in documents] == cold


@pytest.mark.parametrize("keep", [1, 99, "all but the last page"])
def test_a_truncated_cache_is_reported_and_rebuilt(tmp_path: Path, cold_run: ColdRun, keep: int | str) -> None:
    # found by the fuzzing above: SQLite reads a file cut short without an error (the pages past the end are
    # rows missing, a file shorter than its header a new database), so the cache lost rows without a word
    sound = cold_run.sound
    size = len(sound) - int.from_bytes(sound[16:18], "big") if keep == "all but the last page" else int(keep)
    path = tmp_path / "claims.sqlite"
    path.write_bytes(sound[:size])
    with ClaimCache.open(path) as cache:
        assert cache.warnings == [f"cache file {path} was truncated ({size} bytes"
                                  + (", shorter than a database header" if size < 100 else f" of the {len(sound)} "
                                     "its header gives") + "); rebuilt"]
        assert cache.load_many(cold_run.documents) == [None] * len(cold_run.documents)
        cache.store_many(zip(cold_run.documents, cold_run.claims))
    with ClaimCache.open(path) as cache:
        assert cache.load_many(cold_run.documents) == cold_run.claims
        assert not cache.warnings
