"""Runs as a newsroom reruns them: the extraction cache, a process pool, pytest-xdist, a claims table.

Every run here is a real pytest subprocess on the real seeds. Which documents
were extracted is read from the run itself: a plugin loaded with ``-p``
records, in every process (xdist workers and pool workers included), each
document it extracts.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers.paths import SEEDS
from helpers.sessions import copy_project

#: a plugin that writes "<pid> <document name>" to $CLAIMS_EXTRACTED for every document extracted, and
#: whether quantulum3 was imported to $CLAIMS_IMPORTS at the end of the session
RECORDER = '''
import os, sys
import pytest_claims.prose.claims as claims

_extract = claims.document_claims

def document_claims(document, progress=None):
    with open(os.environ["CLAIMS_EXTRACTED"], "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()} {document.name}\\n")
    return _extract(document, progress)

claims.document_claims = document_claims

def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        with open(os.environ["CLAIMS_IMPORTS"], "w", encoding="utf-8") as out:
            out.write("quantulum3" if "quantulum3" in sys.modules else "-")
'''

SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    copy_project(pytester)
    pytester.makepyfile(claims_recorder=RECORDER)
    monkeypatch.setenv("CLAIMS_EXTRACTED", str(pytester.path / "extracted.log"))
    monkeypatch.setenv("CLAIMS_IMPORTS", str(pytester.path / "imports.log"))
    monkeypatch.setenv("PYTHONPATH", str(pytester.path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return pytester


def claims_run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, list[str]]:
    """A run of the seeds; the documents it extracted (one entry per extraction, in any process)."""
    log = pytester.path / "extracted.log"
    log.unlink(missing_ok=True)
    result = pytester.runpytest_subprocess("-p", "claims_recorder", "--claims", "seeds", *args)
    extracted = sorted(line.split(" ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()) \
        if log.exists() else []
    return result, [name for name in extracted if name in SEED_NAMES]


def outcomes(result: pytest.RunResult) -> list[str]:
    """Each test's id and outcome (``rules/x.yaml::name PASSED``), sorted, however the run printed them.

    Alone pytest prints ``id PASSED [ 10%]``; pytest-xdist prints ``[gw0] [ 10%] PASSED id``.
    """
    found = set()
    for line in result.outlines:
        match = re.search(r"(?:^|\] )(PASSED|FAILED|ERROR) (\S+::.+?)\s*$", line) or \
            re.search(r"^(\S+::.+?) (PASSED|FAILED|ERROR)\b", line)
        if match is None:
            continue
        first, second = match.groups()
        test, outcome = (second, first) if first in ("PASSED", "FAILED", "ERROR") else (first, second)
        found.add(f"{test} {outcome}")
    return sorted(found)


def closing_section(result: pytest.RunResult) -> list[str]:
    """The pytest-claims section at the end of a run, without its extraction line."""
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if "pytest-claims" in line and line.startswith("="))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("="))
    # pytest leaves a blank line after the section's title in some runs and not in others: not ours to compare
    return [line for line in lines[start + 1:end]
            if line and not line.startswith(("extraction:", "claims table written to"))]


def test_a_warm_run_reads_every_document_from_the_cache_and_never_imports_quantulum3(
        project: pytest.Pytester) -> None:
    cold, cold_extracted = claims_run(project, "-v")
    assert cold_extracted == SEED_NAMES
    assert "extraction: 5 documents extracted, 0 read from the cache" in cold.stdout.str()
    warm, warm_extracted = claims_run(project, "-v")
    assert warm_extracted == []
    assert "extraction: 0 documents extracted, 5 read from the cache" in warm.stdout.str()
    assert (project.path / "imports.log").read_text(encoding="utf-8") == "-"
    assert outcomes(warm) == outcomes(cold) and outcomes(cold)
    assert closing_section(warm) == closing_section(cold)


def test_editing_one_document_extracts_that_document_only(project: pytest.Pytester) -> None:
    claims_run(project)
    [path] = project.path.glob("seeds/002_*.txt")
    path.write_bytes(path.read_bytes())  # touched, not changed: still read from the cache
    _, unchanged = claims_run(project)
    assert unchanged == []
    path.write_text(path.read_text(encoding="utf-8") + "\nAbout 40 people were seen leaving.\n",
                    encoding="utf-8")
    result, extracted = claims_run(project)
    assert extracted == [path.name]
    assert "extraction: 1 document extracted, 4 read from the cache" in result.stdout.str()


def test_cache_clear_options_extract_everything_again(project: pytest.Pytester) -> None:
    claims_run(project)
    _, extracted = claims_run(project, "--claims-cache-clear")
    assert extracted == SEED_NAMES
    _, extracted = claims_run(project, "--cache-clear")
    assert extracted == SEED_NAMES
    _, extracted = claims_run(project)
    assert extracted == []


def test_without_the_cacheprovider_nothing_is_cached(project: pytest.Pytester) -> None:
    result, extracted = claims_run(project, "-p", "no:cacheprovider")
    assert extracted == SEED_NAMES
    assert "extraction: 5 documents extracted, no cache (-p no:cacheprovider)" in result.stdout.str()
    _, again = claims_run(project, "-p", "no:cacheprovider")
    assert again == SEED_NAMES
    assert not (project.path / ".pytest_cache").exists()


def test_a_corrupt_cache_file_is_reported_and_rebuilt_with_the_same_verdicts(project: pytest.Pytester) -> None:
    cold, _ = claims_run(project)
    [cache_file] = project.path.glob(".pytest_cache/**/claims.sqlite3")
    cache_file.write_bytes(b"this is not a database" * 100)
    damaged, extracted = claims_run(project)
    assert extracted == SEED_NAMES
    assert re.search(r"warning: .*claims\.sqlite3.*(corrupt|not a database|rebuilt)", damaged.stdout.str())
    assert outcomes(damaged) == outcomes(cold)
    _, after = claims_run(project)
    assert after == []


def test_a_truncated_cache_file_is_reported_and_rebuilt(project: pytest.Pytester) -> None:
    cold, _ = claims_run(project)
    [cache_file] = project.path.glob(".pytest_cache/**/claims.sqlite3")
    for wal in cache_file.parent.glob("claims.sqlite3-*"):
        wal.unlink()
    data = cache_file.read_bytes()
    cache_file.write_bytes(data[: len(data) // 2])
    damaged, _ = claims_run(project)
    assert damaged.ret == cold.ret
    assert outcomes(damaged) == outcomes(cold)
    assert "Traceback" not in damaged.stdout.str()


def test_xdist_workers_read_what_the_controller_extracted_once(project: pytest.Pytester) -> None:
    single, _ = claims_run(project, "-v", "--claims-explain")
    shutil.rmtree(project.path / ".pytest_cache", ignore_errors=True)
    spread, extracted = claims_run(project, "-v", "--claims-explain", "-n", "2")
    assert extracted == SEED_NAMES  # once each, across the controller and both workers
    assert outcomes(spread) == outcomes(single)
    assert closing_section(spread) == closing_section(single)
    closing = "\n".join(closing_section(spread))
    assert "rules evaluated" in closing and "warning: rule 'one-day-toll-below-offensive-toll'" in closing
    assert closing.count("selected") >= 10  # --claims-explain: what each rule selected, sent by the workers


def test_xdist_without_the_cacheprovider_still_extracts_once(project: pytest.Pytester) -> None:
    single, _ = claims_run(project, "-p", "no:cacheprovider")
    spread, extracted = claims_run(project, "-p", "no:cacheprovider", "-n", "2")
    assert extracted == SEED_NAMES
    assert outcomes(spread) == outcomes(single)
    assert closing_section(spread) == closing_section(single)


def _many_documents(pytester: pytest.Pytester, copies: int) -> None:
    """``copies`` more documents per seed, each with its own first line, dated like the seed."""
    meta = yaml.safe_load((SEEDS / "claims-meta.yaml").read_text(encoding="utf-8"))
    out = pytester.path / "seeds"
    for number in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            name = f"{seed.stem}_{number}.txt"
            (out / name).write_text(f"Copy {number} of the story.\n" + seed.read_text(encoding="utf-8"),
                                    encoding="utf-8")
            meta[name] = meta[seed.name]
    (out / "claims-meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")


def test_a_process_pool_gives_the_same_verdicts_and_claims(project: pytest.Pytester) -> None:
    _many_documents(project, 2)
    table_one = project.path / "one.parquet"
    table_two = project.path / "two.parquet"
    one, _ = claims_run(project, "--claims-jobs", "1", "-p", "no:cacheprovider", "--claims-save-table",
                        str(table_one))
    two, extracted = claims_run(project, "--claims-jobs", "2", "-p", "no:cacheprovider", "--claims-save-table",
                                str(table_two))
    assert "processes)" in two.stdout.str() and "(2 processes)" in two.stdout.str()
    assert len(extracted) == len(SEED_NAMES)  # the recorder counts the seeds' own names only
    assert outcomes(two) == outcomes(one)
    assert closing_section(two) == closing_section(one)
    from pytest_claims.store.table import read_table

    assert read_table(table_one) == read_table(table_two)


def test_rules_run_on_a_saved_claims_table_as_on_the_documents(project: pytest.Pytester) -> None:
    table = project.path / "claims.parquet"
    documents, _ = claims_run(project, "-v", "--claims-save-table", str(table))
    assert f"claims table written to {table.name}" in documents.stdout.str() or table.exists()
    from_table = project.runpytest_subprocess("-p", "claims_recorder", "--claims-table", str(table), "-v")
    assert outcomes(from_table) == outcomes(documents)
    assert closing_section(from_table) == closing_section(documents)


def test_a_broken_claims_table_is_an_error_naming_the_file(project: pytest.Pytester) -> None:
    table = project.path / "broken.parquet"
    table.write_bytes(b"not parquet")
    result = project.runpytest_subprocess("--claims-table", str(table))
    assert result.ret != 0
    assert "broken.parquet" in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_progress_shows_on_a_terminal_and_not_when_quiet_or_piped(project: pytest.Pytester) -> None:
    _many_documents(project, 2)
    piped, _ = claims_run(project, "-p", "no:cacheprovider", "--claims-jobs", "1")
    assert "extracting claims:" not in piped.stdout.str()
    on_terminal = _on_a_terminal(project.path, "--claims", "seeds", "-p", "no:cacheprovider", "--claims-jobs", "1")
    assert re.search(r"extracting claims: \d+/15 documents, [\d,]+ claims", on_terminal)
    quiet = _on_a_terminal(project.path, "--claims", "seeds", "-p", "no:cacheprovider", "--claims-jobs", "1", "-q")
    assert "extracting claims:" not in quiet
    assert "passed" in quiet or "failed" in quiet


def _on_a_terminal(folder: Path, *args: str) -> str:
    """What pytest prints when its output is a terminal (a pseudo-terminal here)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pytest", *args], cwd=folder, stdout=follower,
                               stderr=follower, stdin=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "120"})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 600)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the run is over
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=600)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_claims_table_that_cannot_be_written_fails_the_run(project: pytest.Pytester) -> None:
    (project.path / "blocker").write_text("a file where a folder should be\n", encoding="utf-8")
    result, _ = claims_run(project, "-p", "no:cacheprovider", "--claims-save-table", "blocker/claims.parquet")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # not written: exit code 4 (docs/ci.md)
    assert "error: claims table not written:" in result.stdout.str()
    assert "blocker/claims.parquet" in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_a_document_removed_after_collection_is_reported_not_skipped_silently(project: pytest.Pytester) -> None:
    [path] = project.path.glob("seeds/004_*.txt")
    project.makepyfile(claims_vanish=f'''
import os

def pytest_collection_finish(session):
    os.remove({str(path)!r})
''')
    result, extracted = claims_run(project, "-p", "claims_vanish", "-p", "no:cacheprovider")
    assert path.name not in extracted
    assert re.search(rf"warning: skipped, could not be read when its claims were extracted: .*{path.name}",
                     result.stdout.str())
