"""A SQLite file of extracted claims: one row per document key, checksummed, safe to share between processes.

Each row holds a key (:func:`~pytest_claims.store.keys.document_key`), the
zlib-compressed JSON payload (:mod:`~pytest_claims.store.codec`) and a
BLAKE2b checksum over key and payload. A ``meta`` table holds the schema
version and the extraction fingerprint; when the fingerprint changes (a new
quantulum3, an edited grammar) the rows of the old one are deleted, so the
file does not grow with every edit.

Several processes may read and write one file at once (pytest-xdist workers,
concurrent runs): the file is in WAL mode, a writer waits up to
:data:`BUSY_TIMEOUT_SECONDS` for another, and every write is one
``BEGIN IMMEDIATE`` transaction, so a reader sees a row whole or not at all.
Steps SQLite refuses at once as busy (while another connection recovers or
closes the WAL) are tried again for as long. Open one :class:`ClaimCache` per process (a connection must not cross a
fork).

Nothing here raises to the caller. What goes wrong is detected, repaired
and written to :attr:`ClaimCache.warnings`: a file that is not SQLite or is
truncated is deleted and created anew; a row that fails its checksum,
decompression or decoding is dropped (the caller extracts the document
again); a schema from another version is dropped and recreated; a location
that cannot be written leaves the cache disabled, every read a miss. A row
is only ever returned once its checksum matches, so a damaged file costs
time, never a wrong claim.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Optional, TypeVar

from ..records.model import Claim, Document
from .codec import CodecError, decode_claims, encode_claims
from .keys import PACKAGE, document_key, extraction_fingerprint, sources_changed

#: bump when the tables change; a file of another version is dropped and recreated
SCHEMA_VERSION = "1"
#: how long a writer waits for another before giving up on the cache (a writer holds the lock for milliseconds)
BUSY_TIMEOUT_SECONDS = 60.0
CLAIMS_COLUMNS = ("key", "checksum", "payload")
_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE claims (key TEXT PRIMARY KEY, checksum BLOB NOT NULL, payload BLOB NOT NULL)",
)
#: SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is damaged
_CORRUPTION_CODES = frozenset({11, 26})
#: SQLITE_BUSY and SQLITE_LOCKED: another connection holds a lock
_BUSY_CODES = frozenset({5, 6})
_FIRST_PAUSE_SECONDS = 0.005
_LONGEST_PAUSE_SECONDS = 0.25
#: keys per ``SELECT ... IN (...)``, well under SQLite's variable limit
_KEYS_PER_QUERY = 500
_COMPRESSION_LEVEL = 6
#: the database header at the start of every SQLite file
_HEADER_BYTES = 100

_Result = TypeVar("_Result")
_Row = tuple[str, object, object]

__all__ = ["ClaimCache", "claims_for", "clear_cache", "CodecError", "decode_claims", "document_key", "encode_claims",
           "extraction_fingerprint"]


class ClaimCache:
    """Claims of documents by document key, in one SQLite file (see the module doc).

    ``warnings`` lists what was detected and done, one line each, for the
    run's report. When the file cannot be used the cache is disabled
    (``enabled`` is False): every read is a miss and writes do nothing.
    """

    def __init__(self, path: Path) -> None:
        """A closed cache; :meth:`open` is how to get one that works."""
        self.path = path
        self.warnings: list[str] = []
        self._connection: Optional[sqlite3.Connection] = None
        self._writes_refused = False

    @classmethod
    def open(cls, path: Path) -> ClaimCache:
        """The cache in ``path``, creating its folder and file; repaired or disabled, never raising."""
        cache = cls(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            cache._give_up(f"cache folder {path.parent} cannot be created ({exc.strerror or exc})")
            return cache
        cache._connection = cache._connect()
        return cache

    @property
    def enabled(self) -> bool:
        return self._connection is not None

    def get(self, key: str) -> Optional[str]:
        """The payload stored under ``key`` (checksum verified), or None."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """Payloads of the keys that have a sound row; damaged rows are dropped and left out."""
        return self._get_many(list(dict.fromkeys(keys)), {})

    def put(self, key: str, payload: str) -> None:
        self.put_many([(key, payload)])

    def put_many(self, rows: Iterable[tuple[str, str]]) -> None:
        """Store (key, payload) rows in one transaction: other readers see all of them or none.

        Nothing is stored once the claim sources were edited during the run
        (the claims may come from code the keys do not name); reads go on.
        """
        pending = list(rows)
        if not pending or self._connection is None or not self._may_write():
            return
        prepared = [(key, _checksum(key, payload), zlib.compress(_utf8(payload), _COMPRESSION_LEVEL))
                    for key, payload in pending]
        self._run(lambda connection: connection.executemany(
            "INSERT OR REPLACE INTO claims (key, checksum, payload) VALUES (?, ?, ?)", prepared), None,
            write=True, doing="written")

    def load(self, document: Document) -> Optional[list[Claim]]:
        """The document's cached claims, with its current path and name; None on a miss."""
        return self.load_many([document])[0]

    def load_many(self, documents: Sequence[Document]) -> list[Optional[list[Claim]]]:
        """Cached claims of each document (None where missing), in the order given."""
        keys = [document_key(document) for document in documents]
        payloads = self._get_many(list(dict.fromkeys(keys)),
                                  {key: document.name for key, document in zip(keys, documents)})
        found: list[Optional[list[Claim]]] = []
        for key, document in zip(keys, documents):
            payload = payloads.get(key)
            claims = None
            if payload is not None:
                try:
                    claims = decode_claims(payload, document)
                except CodecError as exc:
                    self.drop(key, payload, str(exc), document.name)
            found.append(claims)
        return found

    def store(self, document: Document, claims: Sequence[Claim]) -> None:
        self.store_many([(document, claims)])

    def store_many(self, extracted: Iterable[tuple[Document, Sequence[Claim]]]) -> None:
        """Store each document's claims, in one transaction."""
        self.put_many((document_key(document), encode_claims(claims)) for document, claims in extracted)

    def close(self) -> None:
        if self._connection is not None:
            with suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    def __enter__(self) -> ClaimCache:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], error: Optional[BaseException],
                 trace: Optional[TracebackType]) -> None:
        self.close()

    def _get_many(self, keys: list[str], labels: Mapping[str, str]) -> dict[str, str]:
        def select(connection: sqlite3.Connection) -> list[_Row]:
            rows: list[_Row] = []
            for start in range(0, len(keys), _KEYS_PER_QUERY):
                chunk = keys[start:start + _KEYS_PER_QUERY]
                rows += connection.execute(
                    f"SELECT key, checksum, payload FROM claims WHERE key IN ({', '.join('?' * len(chunk))})",
                    chunk).fetchall()
            return rows

        no_rows: list[_Row] = []
        found = {}
        for key, checksum, blob in self._run(select, no_rows, write=False, doing="read"):
            label = labels.get(key, key[:16])
            if not isinstance(blob, bytes):
                self._drop_row(key, checksum, f"payload is {type(blob).__name__}, not bytes", label)
                continue
            try:
                payload = zlib.decompress(blob).decode("utf-8", "surrogatepass")
            except (zlib.error, UnicodeDecodeError) as exc:
                self._drop_row(key, checksum, f"cannot be decompressed: {exc}", label)
                continue
            if checksum != _checksum(key, payload):
                self._drop_row(key, checksum, "checksum mismatch", label)
                continue
            found[key] = payload
        return found

    def drop(self, key: str, payload: str, reason: str, label: Optional[str] = None) -> None:
        """Drop the row of ``payload`` that could not be decoded (``reason``), with a warning naming ``label``."""
        self._drop_row(key, _checksum(key, payload), f"cannot be decoded: {reason}", label or key[:16])

    def _drop_row(self, key: str, checksum: object, reason: str, label: str) -> None:
        self.warnings.append(f"cache row for {label} in {self.path} was damaged ({reason}); dropped")
        # only the damaged row: another process may have stored a sound one under the key meanwhile
        self._run(lambda connection: connection.execute(
            "DELETE FROM claims WHERE key = ? AND checksum IS ?", (key, checksum)), None,
            write=True, doing="written")

    def _run(self, action: Callable[[sqlite3.Connection], _Result], default: _Result, *, write: bool,
             doing: str) -> _Result:
        """``action`` on the connection (a write in one immediate transaction); ``default`` if it fails.

        A corrupt file is rebuilt and a write tried once more on the new file;
        any other failure (disk full, read-only, locked too long) disables the
        cache with a warning.
        """
        for attempt in (1, 2):
            connection = self._connection
            if connection is None:
                return default
            try:
                return _patiently(lambda: _transaction(connection, action) if write else action(connection))
            except sqlite3.Error as exc:
                if not _is_corruption(exc) or attempt == 2:
                    self._give_up(f"cache file {self.path} could not be {doing} ({exc})")
                    return default
                self.warnings.append(f"cache file {self.path} was corrupt ({exc}); rebuilt")
                self.close()
                self._connection = self._recreate()
                if not write:
                    return default  # the new file holds nothing to read
        return default

    def _connect(self) -> Optional[sqlite3.Connection]:
        truncated = _truncation(self.path)
        if truncated is not None:
            self.warnings.append(f"cache file {self.path} was truncated ({truncated}); rebuilt")
            return self._recreate()
        try:
            return _patiently(lambda: _open_database(self.path, self.warnings))
        except sqlite3.Error as exc:
            if not _is_corruption(exc):
                self._give_up(f"cache file {self.path} cannot be opened ({exc})")
                return None
            self.warnings.append(f"cache file {self.path} was corrupt ({exc}); rebuilt")
        return self._recreate()

    def _recreate(self) -> Optional[sqlite3.Connection]:
        """A new, empty file in place of a damaged one."""
        problems = clear_cache(self.path)
        if problems:
            self._give_up("; ".join(problems))
            return None
        try:
            return _patiently(lambda: _open_database(self.path, self.warnings))
        except sqlite3.Error as exc:
            self._give_up(f"cache file {self.path} cannot be created ({exc})")
            return None

    def _may_write(self) -> bool:
        """False from the first write after the claim sources were edited (see :func:`keys.sources_changed`)."""
        if not self._writes_refused and sources_changed():
            self._writes_refused = True
            self.warnings.append(f"the claim sources in {PACKAGE} were edited during the run; claims extracted "
                                 f"since are not stored in {self.path}")
        return not self._writes_refused

    def _give_up(self, reason: str) -> None:
        self.warnings.append(f"{reason}; working without the cache")
        self.close()


def claims_for(document: Document, cache: Optional[ClaimCache]) -> tuple[list[Claim], bool]:
    """(claims of the document, whether they came from the cache): extracted and stored on a miss.

    Extraction is imported only on a miss, so a warm run never loads quantulum3.
    """
    if cache is not None:
        cached = cache.load(document)
        if cached is not None:
            return cached, True
    from ..prose.claims import document_claims

    claims = document_claims(document)
    if cache is not None:
        cache.store(document, claims)
    return claims, False


def clear_cache(path: Path) -> list[str]:
    """Delete the cache file and its companions (WAL, shared memory, journal); what could not be, as warnings."""
    problems = []
    for file in _cache_files(path):
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            problems.append(f"cache file {file} cannot be deleted ({exc.strerror or exc})")
    return problems


def _cache_files(path: Path) -> tuple[Path, ...]:
    # -journal: where WAL is not supported (some network file systems) SQLite keeps a rollback journal
    return tuple(path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal"))


def _truncation(path: Path) -> Optional[str]:
    """How a cache file no connection has open is shorter than the database its header describes, or None.

    SQLite reads such a file without an error: the pages past the end read as
    missing rows, and a file shorter than a header as a new, empty database.
    Only a file without a WAL beside it is measured: while a connection is
    open the WAL exists, and a checkpoint writes the header before the pages.
    """
    if path.with_name(path.name + "-wal").exists():
        return None
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_BYTES)
            size = os.fstat(file.fileno()).st_size
    except OSError:
        return None  # no file yet, or one SQLite will refuse with its own error
    if size == 0:
        return None  # a new file, SQLite writes its first page when the schema is made
    if size < _HEADER_BYTES:
        return f"{size} bytes, shorter than a database header"
    # the header's page count holds while its change counter matches the one it was written with (sqlite.org/fileformat)
    if not header.startswith(b"SQLite format 3\0") or header[24:28] != header[92:96]:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    expected = pages * (65536 if page_size == 1 else page_size)
    if size < expected:
        return f"{size} bytes of the {expected} its header gives"
    return None


def _open_database(path: Path, warnings: list[str]) -> sqlite3.Connection:
    """A connection in WAL mode with the current schema and fingerprint; sqlite3.Error when unusable."""
    # isolation_level=None: no implicit transactions; writes open their own (see _transaction)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        # in WAL mode a power cut may lose the last commits but never leaves a torn row
        connection.execute("PRAGMA synchronous = NORMAL")
        if _schema_problem(connection) is not None or _meta(connection, "fingerprint") != extraction_fingerprint():
            rebuilt = _transaction(connection, lambda locked: _migrate(locked, path))
            if rebuilt is not None:
                warnings.append(rebuilt)
    except BaseException:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, path: Path) -> Optional[str]:
    """Under the write lock (another process may have done it meanwhile): current schema and fingerprint.

    The warning to give when tables of another schema were dropped.
    """
    problem = _schema_problem(connection)
    rebuilt = None
    if problem is not None and problem != "no tables":
        for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall():
            connection.execute(f'DROP TABLE "{name.replace(chr(34), chr(34) * 2)}"')
        rebuilt = f"cache file {path} had {problem} (expected schema {SCHEMA_VERSION}); rebuilt"
    if problem is not None:
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO meta (name, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
    fingerprint = extraction_fingerprint()
    if _meta(connection, "fingerprint") != fingerprint:
        connection.execute("DELETE FROM claims")  # rows of another extractor can never be hit again
        connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('fingerprint', ?)", (fingerprint,))
    return rebuilt


def _schema_problem(connection: sqlite3.Connection) -> Optional[str]:
    """What differs from the current schema ("no tables" for a new file), or None."""
    tables = {name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()}
    if not tables:
        return "no tables"
    if "meta" not in tables:
        return "no schema version"
    version = _meta(connection, "schema")
    if version != SCHEMA_VERSION:
        return f"schema {version}"
    columns = tuple(row[1] for row in connection.execute("PRAGMA table_info(claims)").fetchall())
    if tables != {"meta", "claims"} or columns != CLAIMS_COLUMNS:
        return f"other tables than schema {SCHEMA_VERSION}"
    return None


def _meta(connection: sqlite3.Connection, name: str) -> Optional[str]:
    try:
        row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    except sqlite3.OperationalError:  # no meta table, or not the columns we write
        return None
    return None if row is None else str(row[0])


def _transaction(connection: sqlite3.Connection, action: Callable[[sqlite3.Connection], _Result]) -> _Result:
    """``action`` in one write transaction, taken at once (BEGIN IMMEDIATE: no upgrade from a read to deadlock)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = action(connection)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise
    return result


def _patiently(step: Callable[[], _Result]) -> _Result:
    """``step``, tried again while SQLite refuses it as busy, for up to BUSY_TIMEOUT_SECONDS.

    The busy timeout covers waiting for another writer, but SQLite refuses
    some steps at once: while another connection recovers the WAL after a
    crash or cleans it up on closing, or changes the journal mode of a new
    file (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = _FIRST_PAUSE_SECONDS
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(2 * pause, _LONGEST_PAUSE_SECONDS)


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in _BUSY_CODES
    return str(error).startswith(("database is locked", "database table is locked"))


def _is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in _CORRUPTION_CODES
    # before 3.11, corruption is the one error raised as the DatabaseError base class itself
    return type(error) is sqlite3.DatabaseError


def _checksum(key: str, payload: str) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(key.encode("utf-8"))
    digest.update(b"\0")
    digest.update(_utf8(payload))
    return digest.digest()


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate read from a file decoded leniently must round-trip, not crash the write
    return text.encode("utf-8", "surrogatepass")
