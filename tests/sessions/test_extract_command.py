"""``pytest-claims extract``: a claims dataset written and updated in place, read back by other tools and by
``pytest --claims-table`` with the verdicts of a run over the documents.

The command runs in this process (``cli.main``) where a test follows an update step by step, and as the real
console script and ``python -m pytest_claims`` once; pytest runs are real subprocesses (pytester). The rows of a
dataset are read as other tools read them, with ``pyarrow.dataset``, and compared with the claims a local run
extracts from the documents as they are at that step.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from helpers.paths import SEEDS
from helpers.sessions import run

from pytest_claims import cli
from pytest_claims.language.selectors import Selector
from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.documents import discover_files, iter_documents, load_catalogue
from pytest_claims.records.model import Claim, Document, DocumentInfo
from pytest_claims.store.dataset import MANIFEST, META_FOLDER, DatasetSource, read_dataset
from pytest_claims.store.keys import document_key
from pytest_claims.store.table import write_table

RESULT = re.compile(r"this update: (?P<extracted>\d+) documents? extracted \((?P<where>[^)]*)\), "
                    r"(?P<unchanged>\d+) unchanged, (?P<cached>\d+) read from the cache, (?P<removed>\d+) removed, "
                    r"(?P<unreadable>\d+) unreadable; (?P<written>\d+) parts? written, (?P<deleted>\d+) deleted; "
                    r"[0-9.]+ s$", re.MULTILINE)
NEW_STORY = """Aid convoys reach western Aleppo

December 10, 2016

Aid workers said 14 trucks reached the western districts on Saturday.
About 2,000 residents had gathered at the crossing by noon, and 3 clinics reopened.
"""
#: a document that cannot be read: an image saved under a document's name
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@dataclasses.dataclass(frozen=True)
class Extract:
    """What one run of the command did."""

    code: int
    out: str
    err: str

    @property
    def counts(self) -> dict[str, int]:
        match = RESULT.search(self.out)
        assert match is not None, self.out + self.err
        return {key: int(value) for key, value in match.groupdict().items() if key != "where"}

    @property
    def where(self) -> str:
        match = RESULT.search(self.out)
        assert match is not None, self.out + self.err
        return match["where"]


def extract(*args: str | Path) -> Extract:
    """``pytest-claims extract ARGS -q`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["extract", *map(str, args), "-q"], out=out, err=err)
    return Extract(code, out.getvalue(), err.getvalue())


_extracted: dict[tuple[str, str], list[Claim]] = {}


def current(archive: Path) -> tuple[list[Claim], list[DocumentInfo]]:
    """The claims and documents of ``archive`` as it is now, as a local run extracts them (each document's
    claims extracted once per key in this module)."""
    claims: list[Claim] = []
    documents: list[DocumentInfo] = []
    for item in iter_documents(discover_files([archive]).files):
        if isinstance(item, Document):
            key = (item.path, document_key(item))
            if key not in _extracted:
                _extracted[key] = document_claims(item)
            claims += _extracted[key]
            documents.append(item.info)
    return claims, documents


Rows = Counter[tuple[tuple[str, Any], ...]]


def dataset_rows(folder: Path) -> Rows:
    """Every row of every part, as pyarrow reads the folder (skipping ``_pytest_claims``); each row once."""
    found = ds.dataset(folder, format="parquet")
    assert sorted(Path(file).name for file in found.files) == sorted(read_dataset(folder).parts)
    return Counter(tuple(row.items()) for row in found.to_table().to_pylist())


def expected_rows(archive: Path, scratch: Path) -> Rows:
    """The rows of a claims table of the claims of ``archive`` as it is now."""
    claims, documents = current(archive)
    path = scratch / "expected.parquet"
    write_table(path, claims, documents)
    return Counter(tuple(row.items()) for row in pq.read_table(path).to_pylist())


def part_files(folder: Path) -> dict[str, int]:
    """The part files on disk and when each was last written."""
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("part-*.parquet")}


def part_of(folder: Path, name: str) -> str:
    [entry] = [entry for entry in read_dataset(folder).entries if entry.info.name == name]
    assert entry.part is not None
    return entry.part


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the seeds, to grow and edit."""
    shutil.copytree(SEEDS, tmp_path / "archive")
    return tmp_path / "archive"


# ---------------------------------------------------------------- updates


def test_updates_extract_only_new_changed_and_re_dated_documents_and_leave_no_stale_rows(
        archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    first = extract(archive, "--out", folder, "--jobs", "1")
    assert (first.code, first.err) == (cli.OK, "")
    assert first.counts == dict(extracted=5, unchanged=0, cached=0, removed=0, unreadable=0, written=5, deleted=0)
    assert dataset_rows(folder) == expected_rows(archive, tmp_path)
    assert max(dataset_rows(folder).values()) == 1 and sum(dataset_rows(folder).values()) == 67
    parts = part_files(folder)

    again = extract(archive, "--out", folder, "--jobs", "1")
    assert again.code == cli.OK
    assert again.counts == dict(extracted=0, unchanged=5, cached=0, removed=0, unreadable=0, written=0, deleted=0)
    assert part_files(folder) == parts  # the same files, not written again

    (archive / "005_new_story.txt").write_text(NEW_STORY, encoding="utf-8")
    added = extract(archive, "--out", folder, "--jobs", "1")
    assert (added.code, added.counts["extracted"], added.counts["unchanged"]) == (cli.OK, 1, 5)
    assert set(parts) < set(part_files(folder)) and all(part_files(folder)[name] == parts[name] for name in parts)
    rows = dataset_rows(folder)
    assert rows == expected_rows(archive, tmp_path)
    assert any(dict(row)["document"] == "005_new_story.txt" for row in rows)

    [edited] = archive.glob("002_*.txt")
    old_part = part_of(folder, edited.name)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nBy evening 1,200 more civilians had left.\n",
                      encoding="utf-8")
    changed = extract(archive, "--out", folder, "--jobs", "1")
    assert (changed.code, changed.counts["extracted"], changed.counts["unchanged"]) == (cli.OK, 1, 5)
    assert old_part not in read_dataset(folder).parts and not (folder / old_part).exists()
    rows = dataset_rows(folder)
    assert rows == expected_rows(archive, tmp_path) and max(rows.values()) == 1
    assert any("1,200 more civilians" in dict(row)["sentence"] for row in rows)

    [removed] = archive.glob("004_*.txt")
    removed_part = part_of(folder, removed.name)
    removed.unlink()
    meta = archive / "claims-meta.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[:text.index(f"{removed.name}:")], encoding="utf-8")  # its entry is the last
    gone = extract(archive, "--out", folder, "--jobs", "1")
    assert gone.code == cli.OK and ", 1 removed, " in gone.out
    assert (gone.counts["extracted"], gone.counts["unchanged"], gone.counts["removed"]) == (0, 5, 1)
    assert not (folder / removed_part).exists()
    rows = dataset_rows(folder)
    assert rows == expected_rows(archive, tmp_path)
    assert all(dict(row)["document"] != removed.name for row in rows)

    [redated] = archive.glob("000_*.txt")
    old_entry = f"{redated.name}:\n  date: 2016-11-28\n"
    assert meta.read_text(encoding="utf-8").count(old_entry) == 1
    meta.write_text(meta.read_text(encoding="utf-8").replace(old_entry, old_entry.replace("11-28", "11-29")),
                    encoding="utf-8")
    moved = extract(archive, "--out", folder, "--jobs", "1")
    assert (moved.code, moved.counts["extracted"], moved.counts["unchanged"]) == (cli.OK, 1, 4)
    rows = dataset_rows(folder)
    assert rows == expected_rows(archive, tmp_path)
    dates = {str(dict(row)["date"]) for row in rows if dict(row)["document"] == redated.name}
    assert dates == {"2016-11-29"}
    assert {entry.info.name: str(entry.info.date) for entry in read_dataset(folder).entries}[redated.name] == \
        "2016-11-29"


def test_a_part_of_several_documents_is_rewritten_without_the_one_that_changed(tmp_path: Path) -> None:
    """Twelve small documents make parts of several: an edit rewrites its part with the others."""
    archive, folder = tmp_path / "archive", tmp_path / "claims"
    archive.mkdir()
    for i in range(12):
        (archive / f"{i:02d}.txt").write_text(f"Story {i}\n\nOfficials said {10 + i} people were evacuated "
                                              f"and {200 + i} homes were damaged.\n", encoding="utf-8")
    assert extract(archive, "--out", folder, "--jobs", "1").counts["written"] < 12
    entries = read_dataset(folder).entries
    name = next(entry.info.name for entry in entries
                if sum(other.part == entry.part for other in entries) > 1)  # a document that shares its part
    shared = part_of(folder, name)
    neighbours = sorted(entry.info.name for entry in entries if entry.part == shared and entry.info.name != name)
    (archive / name).write_text("Story\n\nOfficials said 77 people were evacuated.\n", encoding="utf-8")
    changed = extract(archive, "--out", folder, "--jobs", "1")
    assert (changed.counts["extracted"], changed.counts["written"], changed.counts["deleted"]) == (1, 2, 1)
    assert not (folder / shared).exists()
    rewritten = {part_of(folder, name) for name in neighbours}
    assert len(rewritten) == 1 and rewritten != {shared} and rewritten != {part_of(folder, name)}
    rows = dataset_rows(folder)
    assert rows == expected_rows(archive, tmp_path) and max(rows.values()) == 1


@pytest.mark.parametrize("engine", [["--engine", "local", "--jobs", "2"], ["--engine", "dask", "--jobs", "2"]])
def test_every_engine_writes_the_rows_of_one_process(tmp_path: Path, engine: list[str]) -> None:
    one = extract(SEEDS, "--out", tmp_path / "one", "--jobs", "1")
    other = extract(SEEDS, "--out", tmp_path / "other", *engine)
    assert (one.code, other.code, other.err) == (cli.OK, cli.OK, "")
    assert other.where == ("Dask, 2 workers" if "dask" in engine else "2 processes")
    if "dask" in engine:
        assert other.out.startswith("Dask: a LocalCluster at tcp://127.0.0.1:") and "(2 workers)" in other.out
    assert dataset_rows(tmp_path / "other") == dataset_rows(tmp_path / "one")
    assert sum(dataset_rows(tmp_path / "one").values()) == 67

    def catalogue(folder: Path) -> list[tuple[Any, ...]]:
        return [(entry.position, entry.key, entry.claims, entry.info) for entry in read_dataset(folder).entries]

    assert catalogue(tmp_path / "other") == catalogue(tmp_path / "one")


def test_the_console_script_and_python_m_update_the_same_dataset(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    script = Path(sys.executable).parent / "pytest-claims"
    assert script.is_file(), "the console script is installed beside this Python"
    first = subprocess.run([str(script), "extract", str(archive), "--out", str(folder), "--jobs", "1"],
                           capture_output=True, text=True, timeout=300)
    assert (first.returncode, first.stderr) == (0, ""), first.stderr
    assert re.search(rf"^claims dataset {re.escape(str(folder))}: 67 claims of 5 documents in \d+ parts$", first.stdout,
                     re.MULTILINE)
    assert Extract(0, first.stdout, "").counts["extracted"] == 5
    (archive / "005_new_story.txt").write_text(NEW_STORY, encoding="utf-8")
    second = subprocess.run([sys.executable, "-m", "pytest_claims", "extract", str(archive), "--out", str(folder),
                             "--jobs", "1"], capture_output=True, text=True, timeout=300)
    assert (second.returncode, second.stderr) == (0, ""), second.stderr
    assert (Extract(0, second.stdout, "").counts["extracted"], Extract(0, second.stdout, "").counts["unchanged"]) \
        == (1, 5)
    assert dataset_rows(folder) == expected_rows(archive, tmp_path)
    refused = subprocess.run([sys.executable, "-m", "pytest_claims", "extract", str(archive), "--out",
                              str(archive)], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"pytest-claims extract: {archive}: is not a claims dataset")


# ---------------------------------------------------------------- what an update must not read or touch


def test_a_stray_part_is_never_read_and_the_next_update_deletes_it(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    assert extract(archive, "--out", folder, "--jobs", "1").code == cli.OK
    # what an update stopped before its manifest leaves: a part of claims the dataset also holds elsewhere
    stray = folder / "part-0123456789abcdef0123456789abcdef.parquet"
    shutil.copy2(folder / read_dataset(folder).parts[0], stray)
    dataset = read_dataset(folder)
    assert stray.name not in dataset.parts
    everything = DatasetSource(dataset).select("all", {"claims": Selector()})["claims"]
    assert everything == tuple(current(archive)[0])
    assert extract(archive, "--out", folder, "--jobs", "1").counts["extracted"] == 0
    assert not stray.exists()
    assert dataset_rows(folder) == expected_rows(archive, tmp_path)


def test_an_out_folder_holding_other_files_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "2016").mkdir(parents=True)
    (folder / "notes.txt").write_text("the editors' notes", encoding="utf-8")
    (folder / "2016" / "aleppo.txt").write_text("keep me", encoding="utf-8")
    write_table(folder / "part-1.parquet", [], [])  # even a file named as a part is not ours to delete
    before = snapshot(folder)
    refused = extract(SEEDS, "--out", folder, "--jobs", "1")
    assert refused.code == cli.USAGE and refused.out == ""
    assert refused.err == f"pytest-claims extract: {folder}: is not a claims dataset and not an empty folder: give a " \
                          "new or empty folder for the dataset (an update never writes among other files)\n"
    assert snapshot(folder) == before and not (folder / META_FOLDER).exists()
    a_file = tmp_path / "claims.parquet"
    a_file.write_bytes(b"not a folder")
    assert extract(SEEDS, "--out", a_file, "--jobs", "1").code == cli.USAGE and a_file.read_bytes() == b"not a folder"
    (tmp_path / "empty").mkdir()
    assert extract(SEEDS, "--out", tmp_path / "empty", "--jobs", "1").code == cli.OK


# ---------------------------------------------------------------- unreadable documents, URLs


def test_an_unreadable_document_is_exit_4_and_a_check_from_the_dataset_reports_it(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "x.txt").write_bytes(BINARY)
    folder = project.path / "claims"
    written = extract(project.path / "seeds", "--out", folder, "--jobs", "2")
    assert written.code == cli.INCOMPLETE and written.counts["unreadable"] == 1
    assert written.err == f"error: {project.path / 'seeds' / 'x.txt'}: not a text file: it is a PNG image; save " \
                          "the article as UTF-8 text (.txt, .md or .html)\n"
    dataset = read_dataset(folder)
    assert (len(dataset.entries), dataset.claims) == (5, 67)
    assert [problem.path for problem in dataset.problems] == [str(project.path / "seeds" / "x.txt")]
    from_documents = run(project, "--claims", "seeds", "-rA")
    from_dataset = run(project, "--claims-table", "claims", "-rA")
    assert from_documents.ret == from_dataset.ret == 4

    def about_x(result: pytest.RunResult) -> list[str]:
        return [line for line in result.outlines if "x.txt" in line]

    assert about_x(from_dataset) == about_x(from_documents)
    assert "seeds/x.txt: not a text file: it is a PNG image; save the article as UTF-8 text (.txt, .md or .html)" \
        in about_x(from_dataset)


def test_an_archive_given_as_a_file_url_gives_the_claims_of_its_path(archive: Path, tmp_path: Path) -> None:
    url = f"file://{archive}"
    by_url = extract(url, "--out", tmp_path / "by-url", "--jobs", "1")
    by_path = extract(archive, "--out", tmp_path / "by-path", "--jobs", "1")
    assert (by_url.code, by_url.err) == (cli.OK, "")
    assert by_url.counts == by_path.counts
    remote = read_dataset(tmp_path / "by-url")
    local = read_dataset(tmp_path / "by-path")
    assert [entry.info.path for entry in remote.entries] == [f"file://{entry.info.path}" for entry in local.entries]
    assert [dataclasses.replace(entry.info, path=entry.info.path.removeprefix("file://")) for entry in remote.entries] \
        == [entry.info for entry in local.entries]
    remote_claims = DatasetSource(remote).select("all", {"claims": Selector()})["claims"]
    local_claims = DatasetSource(local).select("all", {"claims": Selector()})["claims"]
    assert len(remote_claims) == len(local_claims) == 67
    assert all(claim.path.startswith("file:///") for claim in remote_claims)
    assert [dataclasses.replace(claim, path=claim.path.removeprefix("file://")) for claim in remote_claims] \
        == list(local_claims)
    # the dates are claims-meta.yaml's, not the first date written in the text
    assert {claim.document: (claim.date, claim.date_source) for claim in remote_claims}["002_076498367e560eef.txt"][0] \
        .isoformat() == "2016-12-09"
    assert all(claim.date_source and "claims-meta.yaml" in claim.date_source for claim in remote_claims)
    assert extract(url, "--out", tmp_path / "by-url", "--jobs", "1").counts["extracted"] == 0


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "url"])
def test_a_broken_claims_meta_yaml_is_reported_once_as_a_local_run_reports_it(archive: Path, tmp_path: Path,
                                                                            as_url: bool) -> None:
    """Every partition of the folder reads its claims-meta.yaml; the problem is still one, named as a local run
    names it (by URL for a URL, never by a worker's temporary copy)."""
    meta = archive / "claims-meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\nretracted.txt:\n  date: 2016-12-01\n", encoding="utf-8")
    [local_problem] = [str(problem) for problem in load_catalogue([archive]).problems]
    given = f"file://{archive}" if as_url else str(archive)
    expected = local_problem.replace(str(archive), given)
    result = extract(given, "--out", tmp_path / "claims", "--jobs", "1")
    assert result.code == cli.INCOMPLETE and result.counts["unreadable"] == 1
    assert result.err == f"error: {expected}\n"
    dataset = read_dataset(tmp_path / "claims")
    assert [str(problem) for problem in dataset.problems] == [expected] and len(dataset.entries) == 5


# ---------------------------------------------------------------- pytest --claims-table over a dataset


def _comparable(result: pytest.RunResult) -> list[str]:
    """A run's output without what names where the claims came from, and without timings."""
    return [re.sub(r" in [0-9.]+s\b", " in N s", line) for line in result.outlines
            if not line.startswith(("claims: rules from", "extraction:", "claims report written to"))]


@pytest.mark.parametrize("report", [False, True])
def test_a_check_from_the_dataset_is_a_check_from_the_documents(project: pytest.Pytester, report: bool) -> None:
    assert extract(project.path / "seeds", "--out", project.path / "claims", "--jobs", "1").code == cli.OK
    json_report = (lambda name: ["--claims-report-json", name]) if report else (lambda name: [])
    from_documents = run(project, "--claims", "seeds", "-rA", "-vv", *json_report("documents.json"))
    from_dataset = run(project, "--claims-table", "claims", "-rA", "-vv", *json_report("dataset.json"))
    assert from_dataset.ret == from_documents.ret
    assert "claims from the table" in from_dataset.stdout.str()
    assert _comparable(from_dataset) == _comparable(from_documents)
    assert re.search(r"\b\d+ passed\b", from_dataset.stdout.str())
    if report:
        documents = json.loads((project.path / "documents.json").read_text(encoding="utf-8"))
        dataset = json.loads((project.path / "dataset.json").read_text(encoding="utf-8"))
        assert dataset == documents and len(dataset["claims"]) == 67


def test_a_check_from_a_damaged_dataset_is_an_error_naming_it(project: pytest.Pytester) -> None:
    folder = project.path / "claims"
    assert extract(project.path / "seeds", "--out", folder, "--jobs", "1").code == cli.OK
    manifest = folder / META_FOLDER / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"claims": 67', '"claims": 68'), encoding="utf-8")
    result = run(project, "--claims-table", "claims", "-rA")
    assert result.ret == 4 and "Traceback" not in result.stdout.str() + result.stderr.str()
    assert "claims/_pytest_claims/manifest.json: damaged claims dataset manifest: it does not match its checksum " \
           "(edited by hand?); delete the folder and write it again: pytest-claims extract ARCHIVE --out FOLDER" \
           in result.outlines


def test_a_dataset_folder_that_cannot_be_made_is_a_clear_error_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    run_ = extract(SEEDS, "--out", blocker / "claims")
    assert run_.code == cli.USAGE and run_.out == ""
    assert run_.err == (f"pytest-claims extract: {blocker / 'claims'}: cannot write the dataset folder: Not a "
                        "directory; give a folder you may write to\n")
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
