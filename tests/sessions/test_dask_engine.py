"""--claims-engine dask: extraction and selection on a real Dask cluster give the verdicts of a local run.

Most runs here use one LocalCluster of two single-threaded worker processes,
started once for the module and passed by address (--claims-scheduler): each
cluster start costs seconds. One run starts and closes a LocalCluster of its
own (--claims-jobs 2), and no worker process may outlive it. Worker failures
are real too: a WorkerPlugin kills the worker process that extracts a marked
document (helpers/dask_cluster.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import dask
import pytest
from distributed import Client, LocalCluster
from helpers.dask_cluster import KillOnMarker
from helpers.paths import EARTHQUAKE, NEWSROOM
from helpers.sessions import ITEMS, copy_project

from pytest_claims.cluster.partitions import plan_partitions

#: a run of the engine on a loaded 2-core machine: generous, never a measure
TIMEOUT = 300
#: pytest's closing line ends with the run's time: ``=== 33 passed, 1 warning in 0.70s ===``
TIMING = re.compile(r" in \d+(?:\.\d+)?s(?: \(\d+:\d\d:\d\d\))?")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """The module's shared cluster: two worker processes of one thread each, on ports of the system's choosing
    (its dashboard too: without an address it would take 8787)."""
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as local:
        yield local


@pytest.fixture
def scheduler(cluster: LocalCluster) -> str:
    address: str = cluster.scheduler_address
    return address


@pytest.fixture
def described(cluster: LocalCluster, scheduler: str) -> str:
    """The header line of a run on the shared cluster."""
    port = cluster.scheduler.services["dashboard"].port
    return f"claims: Dask: the scheduler at {scheduler} (2 workers), dashboard http://127.0.0.1:{port}/status"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=TIMEOUT)


def dask_run(pytester: pytest.Pytester, scheduler: str, *args: str) -> pytest.RunResult:
    return run(pytester, "--claims-engine", "dask", "--claims-scheduler", scheduler, *args)


def comparable(result: pytest.RunResult) -> list[str]:
    """A run's whole output but for what names the engine (the ``claims: Dask...`` header line, the
    ``extraction:`` line) and the run's time."""
    lines = []
    for line in result.outlines:
        if line.startswith(("claims: Dask", "extraction:")):
            continue
        if TIMING.search(line) and line.startswith("="):
            line = TIMING.sub("", line).strip("= ")  # the rule of = around it is as long as the time is
        lines.append(line)
    return lines


def outcomes(result: pytest.RunResult) -> list[str]:
    """``PASSED rules/x.yaml::name`` for each test, from the -rA summary (without the reason after it)."""
    return sorted(line.split(" - ")[0] for line in result.outlines
                  if re.match(r"(PASSED|FAILED|ERROR) \S+::", line))


def header(result: pytest.RunResult) -> str:
    [line] = [line for line in result.outlines if line.startswith("claims: Dask")]
    return line


def extraction(result: pytest.RunResult) -> str:
    [line] = [line for line in result.outlines if line.startswith("extraction:")]
    return line


# ---------------------------------------------------------------- verdicts identical to a local run


@pytest.fixture(params=["seeds", "newsroom", "earthquake", "seeds with a metadata problem"])
def corpus(request: pytest.FixtureRequest, pytester: pytest.Pytester) -> list[str]:
    """A corpus and its rules in the pytester folder: the arguments that check it."""
    copy_project(pytester)
    if request.param == "newsroom":
        shutil.copytree(NEWSROOM, pytester.path / "newsroom")
        return ["--claims", "newsroom"]
    if request.param == "earthquake":
        shutil.copytree(EARTHQUAKE, pytester.path / "quake")
        return ["--claims", "quake/docs", "--claims-rules", "quake/rules"]
    if request.param == "seeds with a metadata problem":  # every partition of the folder reads it: reported once
        meta = pytester.path / "seeds" / "claims-meta.yaml"
        meta.write_text(meta.read_text(encoding="utf-8") + "\nmissing.txt:\n  date: 2016-12-01\n", encoding="utf-8")
    return ["--claims", "seeds"]


#: no option needs every claim: rules select on the workers; a report does: every claim is gathered
PATHS = {"selected on the workers": [], "every claim gathered": ["--claims-report-json", "out/report.json"]}


@pytest.mark.parametrize("path", list(PATHS))
def test_verdicts_and_report_are_those_of_a_local_run(pytester: pytest.Pytester, scheduler: str, described: str,
                                                      corpus: list[str], path: str) -> None:
    args = [*corpus, "-rA", "-vv", *PATHS[path]]
    report = pytester.path / "out" / "report.json"
    local = run(pytester, *args)
    local_report = report.read_text(encoding="utf-8") if report.exists() else None
    report.unlink(missing_ok=True)
    dask = dask_run(pytester, scheduler, *args)
    assert header(dask) == described
    assert extraction(dask).startswith("extraction: ") and "(Dask, 2 workers)" in extraction(dask)
    assert dask.ret == local.ret
    assert outcomes(local)  # -rA listed every test: the comparison is not of two empty summaries
    assert comparable(dask) == comparable(local)
    if local_report is None:
        assert not report.exists()
        return
    # nothing in the report differs between engines: no field is dropped before comparing
    assert json.loads(report.read_text(encoding="utf-8")) == json.loads(local_report)
    assert json.loads(local_report)["claims"]


def test_a_run_starts_and_closes_its_own_local_cluster(project: pytest.Pytester,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --claims-scheduler the run starts a LocalCluster of --claims-jobs workers; when it ends, neither
    the scheduler nor any worker process it started is left."""
    project.makepyfile(dask_workers_recorder='''
import os
from distributed import default_client

def pytest_collection_finish(session):
    with open(os.environ["CLAIMS_WORKER_PIDS"], "w", encoding="utf-8") as out:
        out.write(" ".join(str(pid) for pid in default_client().run(os.getpid).values()))
''')
    pids_file = project.path / "worker-pids.txt"
    monkeypatch.setenv("CLAIMS_WORKER_PIDS", str(pids_file))
    monkeypatch.setenv("PYTHONPATH", str(project.path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    local = run(project, "--claims", "seeds", "-rA", "-vv")
    dask = run(project, "-p", "dask_workers_recorder", "--claims", "seeds", "-rA", "-vv",
               "--claims-engine", "dask", "--claims-jobs", "2")
    match = re.fullmatch(r"claims: Dask: a LocalCluster at (tcp://\S+) \(2 workers\)(, dashboard http://\S+)?",
                         header(dask))
    assert match, header(dask)
    assert extraction(dask) == "extraction: 5 documents extracted (Dask, 2 workers), no cache (-p no:cacheprovider)"
    assert dask.ret == local.ret == pytest.ExitCode.OK
    assert comparable(dask) == comparable(local)
    pids = [int(pid) for pid in pids_file.read_text(encoding="utf-8").split()]
    assert len(pids) == 2 and os.getpid() not in pids
    deadline = time.monotonic() + 30  # closed means gone, but a loaded machine may take a moment to reap them
    while any(map(running, pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in pids if running(pid)] == []
    address = urlparse(match.group(1))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address.hostname, address.port), timeout=10).close()


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting for its parent to read its exit."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_ini_file_chooses_the_engine_and_the_scheduler(project: pytest.Pytester, scheduler: str,
                                                           described: str) -> None:
    project.makeini(f"[pytest]\nclaims_engine = dask\nclaims_scheduler = {scheduler}\n")
    result = run(project, "--claims", "seeds")
    assert header(result) == described
    assert extraction(result).startswith("extraction: 5 documents extracted (Dask, 2 workers)")
    result.assert_outcomes(passed=ITEMS, warnings=1)


def test_the_workers_read_an_archive_by_url_as_the_local_run_reads_its_folder(project: pytest.Pytester,
                                                                              scheduler: str) -> None:
    url = (project.path / "seeds").as_uri()
    local = run(project, "--claims", "seeds", "-rA", "-vv")
    by_url = dask_run(project, scheduler, "--claims", url, "-rA", "-vv")
    assert by_url.ret == local.ret == 0
    assert outcomes(by_url) == outcomes(local)
    # every document has the date, outlet and date source its claims-meta.yaml gives it, as in the local run
    dated = [line for line in local.outlines if "(from claims-meta.yaml:" in line]
    assert len(dated) == 5 and [line for line in by_url.outlines if "(from claims-meta.yaml:" in line] == dated
    assert extraction(by_url).startswith("extraction: 5 documents extracted (Dask, 2 workers)")


# ---------------------------------------------------------------- usage errors


def test_a_url_needs_the_dask_engine(project: pytest.Pytester) -> None:
    url = (project.path / "seeds").as_uri()
    errors = usage_error(run(project, "--claims", url))
    assert f"pytest-claims: {url} is a URL: the workers of --claims-engine dask read archives by URL (fsspec); " \
           "give a local path, or add --claims-engine dask" in errors


def usage_error(result: pytest.RunResult) -> str:
    """The run's error output, which must be a usage error without a traceback."""
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = result.stderr.str()
    assert "Traceback" not in errors + result.stdout.str()
    return errors


def test_a_bad_ini_engine_is_a_usage_error_naming_it(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nclaims_engine = spark\n")
    errors = usage_error(run(project, "--claims", "seeds"))
    assert f"claims_engine = 'spark' in {project.path / 'tox.ini'}; choose one of: local, dask" in errors


def test_a_scheduler_needs_the_dask_engine(project: pytest.Pytester) -> None:
    errors = usage_error(run(project, "--claims", "seeds", "--claims-scheduler", "tcp://127.0.0.1:8786"))
    assert "pytest-claims: --claims-scheduler needs --claims-engine dask" in errors


def test_the_dask_engine_refuses_xdist(project: pytest.Pytester) -> None:
    errors = usage_error(run(project, "--claims", "seeds", "--claims-engine", "dask", "-n", "2"))
    assert "pytest-claims: --claims-engine dask runs the rules in one pytest process, with the cluster's workers " \
           "for extraction: drop -n (pytest-xdist)" in errors


def test_an_unreachable_scheduler_is_a_usage_error(project: pytest.Pytester) -> None:
    errors = usage_error(run(project, "--claims", "seeds", "--claims-engine", "dask",
                             "--claims-scheduler", "tcp://127.0.0.1:1"))
    assert "pytest-claims: cannot reach the Dask scheduler at 'tcp://127.0.0.1:1' (" in errors
    assert "start one (dask scheduler) or give its address as tcp://HOST:8786" in errors


def test_without_dask_installed_the_option_says_how_to_install_it(project: pytest.Pytester) -> None:
    # a real ImportError for "import distributed", in a process of its own
    program = ("import sys; sys.modules['distributed'] = None; import pytest; "
               "sys.exit(pytest.main(['-p', 'no:cacheprovider', '--claims', 'seeds', '--claims-engine', 'dask']))")
    errors = usage_error(project.run(sys.executable, "-c", program, timeout=TIMEOUT))
    assert "pytest-claims: --claims-engine dask needs distributed, which is not installed: " \
           "pip install 'pytest-claims[dask]'" in errors


# ---------------------------------------------------------------- the cache, a rule that selects nothing


def test_the_workers_read_and_fill_the_extraction_cache(project: pytest.Pytester, scheduler: str) -> None:
    def cached_run() -> pytest.RunResult:
        return project.runpytest_subprocess("-o", "cache_dir=cache", "--claims", "seeds", "-rA", "--claims-engine",
                                            "dask", "--claims-scheduler", scheduler, timeout=TIMEOUT)

    cold = cached_run()
    assert extraction(cold) == "extraction: 5 documents extracted (Dask, 2 workers), 0 read from the cache " \
                               "(cache/d/pytest-claims/claims.sqlite3)"
    warm = cached_run()
    assert extraction(warm) == "extraction: 0 documents extracted (Dask, 2 workers), 5 read from the cache " \
                               "(cache/d/pytest-claims/claims.sqlite3)"
    assert warm.ret == cold.ret == pytest.ExitCode.OK
    assert comparable(warm) == comparable(cold) and outcomes(cold)


def test_a_rule_that_selects_nothing_is_explained_as_in_a_local_run(project: pytest.Pytester,
                                                                    scheduler: str) -> None:
    """The census of why a rule selected nothing is counted on the workers: its numbers are those of a local run."""
    rules = project.mkdir("empty-rules")
    (rules / "nothing.yaml").write_text(
        "name: neighbourhood-counts-never-fall\n"
        "select:\n  counts: [neighbourhoods]\n  kind: duration\n"
        "check: trend\ndirection: increasing\n", encoding="utf-8")
    args = ["--claims", "seeds", "--claims-rules", "empty-rules", "-rA", "-vv"]
    local = run(project, *args)
    dask = dask_run(project, scheduler, *args)
    assert local.ret == dask.ret == pytest.ExitCode.USAGE_ERROR  # the check was incomplete
    census = ("selected no claims (select: counts [neighbourhoods], kind [duration]) among 67 claims in 5 documents; "
              "claims each condition alone selects: counts [neighbourhoods]: 2; kind [duration]: 9")
    assert census in dask.stdout.str()
    assert comparable(dask) == comparable(local)


# ---------------------------------------------------------------- worker failures


POISON = "XYZZY-POISON"
ONCE = "XYZZY-ONCE"


@pytest.fixture
def install(cluster: LocalCluster) -> Iterator[Callable[[KillOnMarker], None]]:
    """Installs a worker plugin on the shared cluster's workers (and those started later), for one test: it is
    removed afterwards, and the cluster has its two workers back for the next test.

    Meanwhile a worker whose nanny is restarting it is never given up on: LocalCluster closes the nanny of a
    worker not back 15 s (lost-worker-timeout) after a death, which with many deaths can be mid-restart."""
    with dask.config.set({"distributed.deploy.lost-worker-timeout": "1 hour"}), \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        names: list[str] = []

        def register(plugin: KillOnMarker) -> None:
            client.register_plugin(plugin)
            names.append(plugin.name)

        yield register
        for name in names:
            client.unregister_worker_plugin(name)
        client.wait_for_workers(2, timeout=120)


def archive_with_extras(pytester: pytest.Pytester, first: str, second: str) -> list[str]:
    """The seeds and a folder of eleven short stories, ``first`` and ``second`` the texts of the first two,
    which share a partition (checked: what the engine does with a failing partition depends on it)."""
    copy_project(pytester)
    extra = pytester.mkdir("extra")
    stories = [first, second, *(f"The convoy carried food for {days} days." for days in range(3, 12))]
    meta = []
    for number, text in enumerate(stories, 1):
        (extra / f"{number:02d}_story.txt").write_text(f"Story {number}\n\n{text}\n", encoding="utf-8")
        meta.append(f"{number:02d}_story.txt:\n  date: 2016-12-10\n")  # the rules comparing ratios need a date
    (extra / "claims-meta.yaml").write_text("".join(meta), encoding="utf-8")
    files = sorted([*extra.glob("*.txt"), *(pytester.path / "seeds").glob("*.txt")])
    ranges = plan_partitions([path.stat().st_size for path in files], 2)
    [shared] = [r for r in ranges if 0 in r]
    assert files[1] in [files[i] for i in shared], "the first two stories must share a partition"
    return ["--claims", "seeds", "extra", "-rA", "-vv"]


def test_a_document_that_kills_its_worker_is_that_documents_error(
        pytester: pytest.Pytester, install: Callable[[KillOnMarker], None], cluster: LocalCluster,
        scheduler: str) -> None:
    """Every worker that extracts it dies: the document is reported by name, the one beside it in its partition
    is still checked (only it raises the contradiction of 45 neighbourhoods of 40), and the run is incomplete."""
    args = archive_with_extras(pytester, "A story with no numbers at all.",
                               "Government forces have retaken 45 neighbourhoods since the offensive began.")
    local = run(pytester, *args)  # before the marked text is written: what the others give
    (pytester.path / "extra" / "01_story.txt").write_text(f"Story 1\n\nThe {POISON} sentence.\n", encoding="utf-8")
    install(KillOnMarker("kill-on-poison", POISON))
    dask = dask_run(pytester, scheduler, *args)
    output = dask.stdout.str()
    assert dask.ret == 4, output  # the check was incomplete: never a pass, nor a plain failure
    # the scheduler tries a task on allowed-failures + 1 workers before it gives up (distributed's default: 3)
    tries = cluster.scheduler.allowed_failures + 1
    assert f"extra/01_story.txt: its extraction failed {tries} times on the Dask cluster (the worker process " \
           "extracting it died each time); the other documents were checked without it" in output
    assert "ERROR rules::document 01_story.txt" in outcomes(dask)
    assert [line for line in outcomes(dask) if "::document" not in line] == outcomes(local)
    assert "FAILED rules/neighbourhoods-within-total.yaml::neighbourhood-counts-within-total" in outcomes(local)


def test_a_worker_lost_once_is_retried_and_the_run_is_as_local(
        pytester: pytest.Pytester, install: Callable[[KillOnMarker], None], scheduler: str) -> None:
    args = [*archive_with_extras(pytester, f"The {ONCE} sentence: 12 trucks crossed.",
                                 "Government forces have retaken 30 of the 40 neighbourhoods."),
            "--claims-report-json", "out/report.json"]
    local = run(pytester, *args)
    local_report = json.loads((pytester.path / "out" / "report.json").read_text(encoding="utf-8"))
    killed = pytester.path / "killed"
    install(KillOnMarker("kill-once", ONCE, str(killed)))
    dask = dask_run(pytester, scheduler, *args)
    assert killed.exists()  # a worker did die
    assert dask.ret == local.ret == pytest.ExitCode.OK
    assert comparable(dask) == comparable(local)
    assert json.loads((pytester.path / "out" / "report.json").read_text(encoding="utf-8")) == local_report
