"""Benchmark: extraction and selection on a Dask LocalCluster beside the local engine, the scale that follows on
paper, and selection over 100 million synthetic claims in a claims dataset.

    python bench/cluster.py [--corpus DIR] [--rules DIR] [--jobs N] [--repeat N] [--rows N] [--part-rows N]
                            [--dataset DIR] [--keep] [--skip-archive] [--skip-synthetic] [--json PATH]

One run measures, on this machine:

1. The archive: the bundled corpus (bench/corpus/texts, 300 documents) cut into
   1,200 documents of consecutive sentences (:func:`build_corpus`: each keeps
   its address's date and outlet in a ``claims-meta.yaml``; no sentence
   repeats), checked against bench/rules, each run a subprocess timed by wall
   clock and cold (no cache): ``pytest --claims`` with ``--claims-jobs N``
   (the baseline), the same with ``--claims-engine dask`` (a LocalCluster of N
   workers started by the run), ``pytest-claims extract`` with each engine
   followed by ``pytest --claims-table`` on the dataset, and extract again
   after 12 new documents joined the archive (3 documents of seeds/, each cut
   in 4). The commands run in ``--repeat`` rounds (each once per round, so
   a change of load falls on all) and the table gives each one's median. The
   verdicts of every way of checking are compared, test by test. A
   ``--jobs 1`` extract of a quarter of the archive gives the extraction rate
   of one core.
2. Synthetic claims (:func:`write_synthetic_dataset`): ``--rows`` rows
   (default 100 million; ``--rows 1000000`` for a quick check, about 7 MB
   on disk per million) written straight to a claims dataset with pyarrow,
   in the claims-table schema, in parts of ``--part-rows`` (default: the size
   an update merges small parts into); then one rule (:data:`SYNTHETIC_RULE`,
   ``counts [people], near [trapped]``) selected with ``DatasetSource`` here
   and on a LocalCluster of N workers (``select_parts_on``), and checked on
   the selected claims. The dataset is deleted at the end unless ``--keep``.
3. The scale on paper: the measured rates carried to 10 million articles of
   5 KB (:func:`scale_on_paper`), every figure marked measured or assumed.

The load average of the machine before and after is saved with the figures:
other jobs may share it. Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import pickle
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(PROJECT))

import archive  # noqa: E402  (bench/archive.py: measure, parse_summary, sentences_of)

CORPUS = HERE / "corpus" / "texts"
RULES = HERE / "rules"
SEEDS = PROJECT / "seeds"
META = "claims-meta.yaml"
#: each document of the corpus becomes this many documents of consecutive sentences
PIECES = 4
#: documents of seeds/ cut into PIECES for the grown archive (3 x 4 = 12 new documents)
ADDED_SOURCES = 3

#: the names of the archive table's runs that the figures read
LOCAL, DASK = "pytest --claims, local", "pytest --claims, dask"
EXTRACT_LOCAL = "pytest-claims extract, local"
ONE_CORE = "pytest-claims extract, local, 1 process, a quarter of the documents"


#: the rule selected and checked over the synthetic dataset: a figure reported over the years, as newsrooms do
SYNTHETIC_RULE = """\
name: people-trapped-estimates-agree
select:
  counts: [people]
  near: [trapped]
  window: 4
check: agreement
within_days: 3
tolerance: 15%
"""
#: the synthetic dataset's extractor, as its parts and manifest name it
SYNTHETIC_EXTRACTOR = "synthetic claims (bench/cluster.py)"
FIRST_DAY = datetime.date(2016, 1, 1)
#: dates of the synthetic documents: over this many days
DAYS = 2_000
#: claims per synthetic document: uniform in 1..2*MEAN-1
MEAN_CLAIMS_PER_DOCUMENT = 25
#: a count counts something with this chance, and then "people" with PEOPLE_SHARE; "trapped" follows with
#: TRAPPED_SHARE: about 0.7 x 0.75 x 0.04 x 0.3 = 0.63% of the rows are the rule's
COUNTED_SHARE = 0.75
PEOPLE_SHARE = 0.04
TRAPPED_SHARE = 0.3
KIND_SHARES = {"count": 0.70, "share": 0.12, "measure": 0.10, "duration": 0.08}
#: singular (the ``counts`` column) and plural (in the sentence); "people" first
NOUNS = (("people", "people"), ("civilian", "civilians"), ("soldier", "soldiers"), ("refugee", "refugees"),
         ("child", "children"), ("resident", "residents"), ("fighter", "fighters"), ("family", "families"),
         ("worker", "workers"), ("student", "students"), ("patient", "patients"), ("vote", "votes"))
OUTLETS = ("Reuters", "AFP", "Associated Press", "BBC News", "The Guardian", "Al Jazeera", "ABC News")
OUTLET_SHARES = (0.25, 0.2, 0.2, 0.12, 0.1, 0.08, 0.05)
SOURCES = ("UN", "Syrian Observatory for Human Rights", "the health ministry", "Red Cross", "police",
           "the defence ministry", "Reuters journalists", "local officials")
QUALIFIERS = ("about", "more_than", "up_to", "vague")
QUALIFIER_SHARES = (0.70, 0.12, 0.08, 0.05, 0.05)  # none, then QUALIFIERS
UNITS = {"count": ("",), "share": ("percent",), "measure": ("dollar", "tonne", "kilometre"),
         "duration": ("day", "week", "year")}
UNIT_WRITTEN = {"": "", "percent": "%", "dollar": " dollars", "tonne": " tonnes", "kilometre": " kilometres",
                "day": " days", "week": " weeks", "year": " years"}
AS_OF_SOURCES = ("document date", "'on Friday'", "'yesterday'", "'on Monday'")


# ---------------------------------------------------------------- the archive: 1,200 documents of real prose


@dataclass(frozen=True)
class BuiltCorpus:
    """What :func:`build_corpus` wrote: the documents' names, their sentences, and those repeated."""

    folder: Path
    names: tuple[str, ...]
    sentences: int
    repeated: dict[str, int]
    bytes: int


def split_document(text: str, pieces: int = PIECES) -> list[str]:
    """``text`` cut at sentence starts into ``pieces`` runs of consecutive sentences of about equal length
    (paragraph breaks inside a run kept); fewer when it has fewer sentences."""
    from pytest_claims.prose.sentences import split_sentences

    sentences = split_sentences(text)
    if len(sentences) <= 1 or pieces <= 1:
        return [text.strip()] if text.strip() else []
    cuts: list[int] = []  # indices of the sentences that start a piece, after the first
    for share in range(1, pieces):
        wanted = len(text) * share / pieces
        best = min(range(1, len(sentences)), key=lambda i: abs(sentences[i].start - wanted))
        if best not in cuts and (not cuts or best > cuts[-1]):
            cuts.append(best)
    starts = [0, *(sentences[i].start for i in cuts), len(text)]
    return [text[a:b].strip() for a, b in zip(starts, starts[1:]) if text[a:b].strip()]


def build_corpus(source: Path, out: Path, pieces: int = PIECES, limit: Optional[int] = None) -> BuiltCorpus:
    """Cut every document of ``source`` (its ``.txt`` files, dated by its claims-meta.yaml) into ``pieces``
    documents in ``out``, ``<stem>-p<k>.txt``, each with its source's date and outlet in ``out``'s own
    claims-meta.yaml; ``limit``: only the first documents."""
    import yaml

    meta = yaml.safe_load((source / META).read_text(encoding="utf-8")) or {}
    out.mkdir(parents=True, exist_ok=True)
    written_meta: dict[str, dict[str, Any]] = {}
    names: list[str] = []
    texts: list[str] = []
    for path in sorted(source.glob("*.txt"))[:limit]:
        entry = meta.get(path.name, {})
        parts = split_document(path.read_text(encoding="utf-8"), pieces)
        for number, text in enumerate(parts, 1):
            name = f"{path.stem}-p{number}.txt"
            (out / name).write_text(text + "\n", encoding="utf-8")
            described = {key: entry[key] for key in ("date", "outlet") if key in entry}
            if entry.get("title"):
                described["title"] = f"{entry['title']} (part {number} of {len(parts)})"
            written_meta[name] = described
            names.append(name)
            texts.append(text)
    header = f"# Built by bench/cluster.py from {source.name}/: each document cut in {pieces} of consecutive " \
             "sentences, with its date and outlet.\n"
    (out / META).write_text(header + _yaml(written_meta), encoding="utf-8")
    sentences = archive.sentences_of(texts)
    return BuiltCorpus(out, tuple(names), len(sentences), archive.repeated_sentences(sentences),
                       sum(len(text.encode("utf-8")) + 1 for text in texts))


def _yaml(value: Any) -> str:
    """``value`` as YAML, a date shared by many entries written out in each (no anchors)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=True)


# ---------------------------------------------------------------- reading the runs' output

#: pytest's last line: "==== 3 passed, 2 failed, 1 warning in 19.61s ===="
_LAST_LINE = re.compile(r"^=+ (?P<outcomes>.+?) in [\d.]+s(?: \([^)]*\))? =+$", re.MULTILINE)
#: a line of the short test summary (-rA): "PASSED bench/rules/x.yaml::rule-name"
_TEST_LINE = re.compile(r"^(?P<outcome>PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (?P<test>\S+)", re.MULTILINE)
#: pytest-claims extract's closing lines (cli.result_lines)
_DATASET_LINE = re.compile(r"claims dataset .*: (?P<claims>[\d,]+) claims? of (?P<documents>[\d,]+) documents? "
                           r"in (?P<parts>[\d,]+) parts?")
_UPDATE_LINE = re.compile(r"this update: (?P<extracted>[\d,]+) documents? extracted \((?P<where>[^)]*)\), "
                          r"(?P<unchanged>[\d,]+) unchanged,.*; (?P<seconds>[\d.]+) s$", re.MULTILINE)


def verdict_line(output: str) -> str:
    """pytest's summary line without its time: ``3 passed, 2 failed``; "" when there is none."""
    found = _LAST_LINE.findall(output)
    return found[-1] if found else ""


def test_outcomes(output: str) -> dict[str, str]:
    """Each test's outcome from the short test summary (``-rA``)."""
    return {match["test"]: match["outcome"] for match in _TEST_LINE.finditer(output)}


@dataclass(frozen=True)
class Update:
    """What ``pytest-claims extract`` said it did."""

    claims: int
    documents: int
    parts: int
    extracted: int
    unchanged: int
    #: the update's own seconds (interpreter start and imports not included)
    seconds: float


def parse_update(output: str) -> Optional[Update]:
    dataset, update = _DATASET_LINE.search(output), _UPDATE_LINE.search(output)
    if dataset is None or update is None:
        return None
    number = archive._number
    return Update(number(dataset["claims"]) or 0, number(dataset["documents"]) or 0, number(dataset["parts"]) or 0,
                  number(update["extracted"]) or 0, number(update["unchanged"]) or 0, float(update["seconds"]))


# ---------------------------------------------------------------- the archive runs


@dataclass
class Run:
    """One line of the archive table: a command run ``repeat`` times, each a cold subprocess; ``seconds`` is the
    median of ``samples``; ``result`` what the run said (its verdicts, or what an extract did)."""

    run: str
    command: str
    seconds: float
    samples: list[float]
    exit_code: int
    ratio: Optional[float] = None
    result: str = ""
    verdicts: str = ""
    notes: list[str] = field(default_factory=list)


def claims_command(documents: Path, rules: Path, jobs: int, engine: str) -> list[str]:
    command = [sys.executable, "-m", "pytest", "--claims", str(documents), "--claims-rules", str(rules),
               "--claims-jobs", str(jobs), "-p", "no:cacheprovider", "-p", "no:randomly", "-rA"]
    return command + (["--claims-engine", engine] if engine != "local" else [])


def extract_command(documents: Sequence[Path], out: Path, jobs: int, engine: str) -> list[str]:
    return [sys.executable, "-m", "pytest_claims", "extract", *map(str, documents), "--out", str(out),
            "--engine", engine, "--jobs", str(jobs), "-q"]


def table_command(dataset: Path, rules: Path) -> list[str]:
    return [sys.executable, "-m", "pytest", "--claims-table", str(dataset), "--claims-rules", str(rules),
            "-p", "no:cacheprovider", "-p", "no:randomly", "-rA"]


def shown(command: Sequence[str], tmp: Path) -> str:
    """The command as the docs can show it: ``pytest ...`` with the temporary folder written as ``$TMP``."""
    text = " ".join(command[1:] if command[0] == sys.executable else command)
    text = text.replace("-m pytest_claims ", "pytest-claims ").replace("-m pytest ", "pytest ")
    return text.replace(str(tmp), "$TMP").replace(str(PROJECT) + "/", "")


@dataclass(frozen=True)
class Job:
    """A command of the archive table, and what to do before each run of it (untimed)."""

    name: str
    command: Callable[[], list[str]]
    before: Optional[Callable[[], None]] = None


def run_archive(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Section 1: the 1,200 documents checked by each engine, side by side. The commands run in rounds, each
    command once per round, ``args.repeat`` rounds, so that a change in the machine's load falls on all of them."""
    from pytest_claims.cluster.tasks import list_archive

    documents = tmp / "archive"
    built = build_corpus(args.corpus, documents)
    print(f"archive: {len(built.names)} documents from {args.corpus} ({built.bytes:,} bytes), {built.sentences:,} "
          f"sentences, {len(built.repeated)} repeated", flush=True)
    archive.warm_up_bytecode(SEEDS, args.rules, tmp)
    started = time.perf_counter()
    listed = len(list_archive([str(documents)]).files)
    listing_seconds = time.perf_counter() - started
    quarter = tmp / "quarter"
    quarter.mkdir()
    for name in built.names[: len(built.names) // 4]:
        shutil.copy(documents / name, quarter / name)
    _copy_meta(documents, quarter)
    datasets = {engine: tmp / f"dataset-{engine}" for engine in ("local", "dask")}
    one = tmp / "dataset-one"

    def fresh(folder: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(folder, ignore_errors=True)  # cold: a new dataset each time

    jobs = [Job(LOCAL, lambda: claims_command(documents, args.rules, args.jobs, "local")),
            Job(DASK, lambda: claims_command(documents, args.rules, args.jobs, "dask"))]
    for engine, folder in datasets.items():
        jobs.append(Job(f"pytest-claims extract, {engine}",
                        partial(extract_command, [documents], folder, args.jobs, engine), fresh(folder)))
        jobs.append(Job(f"pytest --claims-table ({engine} dataset)",
                        partial(table_command, folder, args.rules)))
    jobs.append(Job(ONE_CORE, lambda: extract_command([quarter], one, 1, "local"), fresh(one)))
    outputs: dict[str, str] = {}
    runs = _rounds(jobs, args, tmp, outputs)

    added = build_corpus(SEEDS, documents / "added", limit=ADDED_SOURCES)
    archived = set(archive.sentences_of([(documents / name).read_text(encoding="utf-8") for name in built.names]))
    shared = sum(sentence in archived for sentence in archive.sentences_of(
        [(added.folder / name).read_text(encoding="utf-8") for name in added.names]))
    print(f"grown: {len(added.names)} documents added from {SEEDS}, {shared} of their sentences in the archive",
          flush=True)
    grown = []
    for engine, folder in datasets.items():
        again = tmp / f"grown-{engine}"

        def copy(folder: Path = folder, again: Path = again) -> None:
            shutil.rmtree(again, ignore_errors=True)
            shutil.copytree(folder, again)  # the dataset of the 1,200 documents, each time

        grown.append(Job(f"pytest-claims extract again, {engine}, {len(added.names)} documents added",
                         partial(extract_command, [documents], again, args.jobs, engine), copy))
    runs += _rounds(grown, args, tmp, outputs)
    order = [LOCAL, DASK, *(name for name in (job.name for job in jobs[2:] + grown) if name != ONE_CORE), ONE_CORE]
    by_name = {row.run: row for row in runs}
    runs = [by_name[name] for name in order]
    local = by_name[LOCAL]
    for row in runs:
        row.ratio = row.seconds / local.seconds if local.seconds > 0 and local.exit_code in (0, 1) else None
    return {"built": built, "added": added, "added_shared": shared, "runs": runs, "outputs": outputs,
            "datasets": datasets, "quarter_documents": len(built.names) // 4, "quarter_bytes": _bytes(quarter),
            "one_core": by_name[ONE_CORE], "listed": listed, "listing_seconds": listing_seconds}


def _rounds(jobs: Sequence[Job], args: argparse.Namespace, tmp: Path, outputs: dict[str, str]) -> list[Run]:
    """Each job ``args.repeat`` times, round by round; a row per job with the median of its runs (the output
    kept is its last run's)."""
    samples: dict[str, list[float]] = {job.name: [] for job in jobs}
    codes: dict[str, list[int]] = {job.name: [] for job in jobs}
    for round_ in range(args.repeat):
        for job in jobs:
            if job.before is not None:
                job.before()
            result = archive.measure(job.command(), PROJECT, args.timeout)
            samples[job.name].append(result.seconds)
            codes[job.name].append(result.returncode)
            outputs[job.name] = result.stdout + result.stderr
            print(f"round {round_ + 1}, {job.name}: {result.seconds:.1f} s, exit {result.returncode}", flush=True)
    runs = []
    for job in jobs:
        output, code = outputs[job.name], max(codes[job.name])
        update = parse_update(output)
        row = Run(job.name, shown(job.command(), tmp), statistics.median(samples[job.name]), samples[job.name], code,
                  result=update_text(update) if update else verdict_line(output), verdicts=verdict_line(output))
        if code not in (0, 1):
            row.notes.append(f"exit {code}: " + " | ".join(output.strip().splitlines()[-3:]))
        runs.append(row)
    return runs


def update_text(update: Update) -> str:
    """``1,200 documents extracted, 5,000 claims in 9 parts`` (and the unchanged ones, when there are)."""
    kept = f", {update.unchanged:,} unchanged" if update.unchanged else ""
    return f"{update.extracted:,} documents extracted{kept}; {update.claims:,} claims in {update.parts:,} parts"


def _copy_meta(source: Path, folder: Path) -> None:
    """``source``'s claims-meta.yaml into ``folder``, with the entries of the documents there only (an entry for
    an absent file is an error)."""
    import yaml

    meta = yaml.safe_load((source / META).read_text(encoding="utf-8")) or {}
    kept = {name: entry for name, entry in meta.items() if (folder / name).exists()}
    (folder / META).write_text(_yaml(kept), encoding="utf-8")


def _bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def archive_figures(measured: dict[str, Any]) -> dict[str, Any]:
    """The archive section's figures, as saved: runs, verdicts compared, updates, rates."""
    runs: list[Run] = measured["runs"]
    outputs: dict[str, str] = measured["outputs"]
    built: BuiltCorpus = measured["built"]
    by_name = {row.run: row for row in runs}
    local, dask = by_name[LOCAL], by_name[DASK]
    checking = [name for name in outputs if name.startswith("pytest --")]
    per_test = {name: test_outcomes(outputs[name]) for name in checking}
    reference = per_test[LOCAL]
    updates = {name: parse_update(outputs[name]) for name in outputs if name.startswith("pytest-claims ")}
    documents = len(built.names)
    one, first = updates[ONE_CORE], updates[EXTRACT_LOCAL]
    notes = [note for row in runs for note in (f"{row.run}: {n}" for n in row.notes)]
    notes += [f"{name}: no closing lines to read" for name, update in updates.items() if update is None]
    folder = measured["datasets"]["local"]
    parts_bytes = sum(path.stat().st_size for path in folder.glob("part-*.parquet"))
    return {
        "documents": documents,
        "source_documents": len({name.rsplit("-p", 1)[0] for name in built.names}),
        "sentences": built.sentences,
        "repeated_sentences": len(built.repeated),
        "bytes": built.bytes,
        "added_documents": len(measured["added"].names),
        "added_sentences_in_archive": measured["added_shared"],
        "runs": [asdict(row) for row in runs],
        "verdicts_identical": bool(reference) and all(outcomes == reference for outcomes in per_test.values()),
        "verdict_lines": {name: by_name[name].verdicts for name in checking},
        "verdict_lines_identical": len({by_name[name].verdicts for name in checking}) == 1,
        "tests": {test.rsplit("/", 1)[-1]: outcome for test, outcome in reference.items()},
        "dask_overhead_ms_per_document": (dask.seconds - local.seconds) / documents * 1000,
        "updates": {name: asdict(update) if update else None for name, update in updates.items()},
        "claims": first.claims if first else None,
        "claims_per_document": first.claims / first.documents if first and first.documents else None,
        "dataset_bytes": {engine: _bytes(path) for engine, path in measured["datasets"].items()},
        "parts_bytes": parts_bytes,
        "catalogue_bytes": _bytes(folder) - parts_bytes,
        "one_core": {"documents": measured["quarter_documents"], "bytes": measured["quarter_bytes"],
                     "seconds": one.seconds if one else None, "wall_seconds": measured["one_core"].seconds},
        "files_listed_per_second": measured["listed"] / measured["listing_seconds"],
        "notes": notes,
    }


# ---------------------------------------------------------------- synthetic claims


@dataclass(frozen=True)
class Pools:
    """Pieces of real sentences (bench/corpus) that synthetic sentences are made of, none with "trapped"."""

    openings: tuple[str, ...]
    endings: tuple[str, ...]


def sentence_pools(corpus: Path = CORPUS, limit: Optional[int] = None) -> Pools:
    """Openings (the first 3 to 9 words) and endings (the last 4 to 14 words) of the corpus's sentences, without
    digits, so that the only number of a synthetic sentence is its claim's."""
    words_of = [sentence.split() for path in sorted(corpus.glob("*.txt"))[:limit]
                for sentence in archive.sentences_of([path.read_text(encoding="utf-8")])]
    openings: set[str] = set()
    endings: set[str] = set()
    for number, words in enumerate(words_of):
        if len(words) < 8:
            continue
        opening = " ".join(words[: 3 + number % 7])
        ending = " ".join(words[-(4 + number % 11):])
        for piece, into in ((opening, openings), (ending, endings)):
            if not re.search(r"\d|trap", piece, re.IGNORECASE):
                into.add(piece)
    return Pools(tuple(sorted(openings)), tuple(sorted(endings)))


@dataclass(frozen=True)
class SyntheticPart:
    """One part written: its file, rows, documents (name, path, day, outlet, claims), rows the rule selects."""

    name: str
    rows: int
    documents: tuple[tuple[str, str, int, str, int], ...]
    selected: int


def synthetic_part(folder: Path, index: int, rows: int, first_document: int, pools: Pools,
                   seed: int = 14) -> SyntheticPart:
    """Write part ``index`` of a synthetic dataset: ``rows`` claims of consecutive documents numbered from
    ``first_document``, drawn from a generator seeded by (seed, index); vectorized (numpy, pyarrow)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from pytest_claims.store import table as claims_table

    rng = np.random.default_rng([seed, index])
    # documents: their claims, dates, outlets
    sizes = rng.integers(1, 2 * MEAN_CLAIMS_PER_DOCUMENT, size=rows // MEAN_CLAIMS_PER_DOCUMENT * 2 + 2)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, rows)) + 1
    sizes = sizes[:count].copy()
    sizes[-1] -= int(ends[count - 1]) - rows
    days = rng.integers(0, DAYS, size=count)
    outlets = rng.choice(len(OUTLETS), size=count, p=OUTLET_SHARES)
    numbers = range(first_document, first_document + count)
    names = [f"article-{number:09d}.txt" for number in numbers]
    paths = [f"/archive/{OUTLETS[o].lower().replace(' ', '-')}/{name}" for o, name in zip(outlets, names)]
    meta_lines = [f"claims-meta.yaml:{(number % 5000) * 4 + 2}" for number in numbers]
    row_document = np.repeat(np.arange(count, dtype=np.int32), sizes)

    # what each claim is
    kinds = tuple(KIND_SHARES)
    kind = rng.choice(len(kinds), size=rows, p=list(KIND_SHARES.values())).astype(np.int32)
    is_count = kind == kinds.index("count")
    counted = is_count & (rng.random(rows) < COUNTED_SHARE)
    others = (1 - PEOPLE_SHARE) / (len(NOUNS) - 1)
    noun = rng.choice(len(NOUNS), size=rows, p=[PEOPLE_SHARE] + [others] * (len(NOUNS) - 1)).astype(np.int32)
    people = counted & (noun == 0)
    trapped = people & (rng.random(rows) < TRAPPED_SHARE)
    unit_names = sorted({unit for units in UNITS.values() for unit in units})
    unit = np.zeros(rows, dtype=np.int32)
    for number, name in enumerate(kinds):
        chosen = kind == number
        choices = [unit_names.index(u) for u in UNITS[name]]
        unit[chosen] = np.asarray(choices, dtype=np.int32)[rng.integers(0, len(choices), size=int(chosen.sum()))]

    # when: the document's day, and for some claims a day or three before
    row_day = days[row_document]
    as_of_choice = np.where(rng.random(rows) < 0.85, 0, rng.integers(1, len(AS_OF_SOURCES), size=rows))
    as_of_day = row_day - np.where(as_of_choice > 0, rng.integers(1, 4, size=rows), 0)

    # the figures: people trapped fall from 300,000 over the years, within 4% of the trend on any day
    value = np.round(np.exp(rng.normal(5, 2, size=rows)) + 1)
    value = np.where(kind == kinds.index("share"), np.round(rng.random(rows) * 1000) / 10, value)
    value = np.where(kind == kinds.index("duration"), rng.integers(1, 31, size=rows), value)
    trend = 300_000 * (1 - as_of_day / (DAYS * 1.25)) * (1 + rng.uniform(-0.04, 0.04, size=rows))
    value = np.where(trapped, np.round(trend), value).astype(np.float64)
    qualifier = rng.choice(len(QUALIFIER_SHARES), size=rows, p=QUALIFIER_SHARES) - 1  # -1: none
    low = np.where(qualifier == QUALIFIERS.index("about"), value * 0.9, value)
    high = np.where(qualifier == QUALIFIERS.index("about"), value * 1.1, value)
    high = np.where(qualifier == QUALIFIERS.index("vague"), value * 5, high)
    low_missing = qualifier == QUALIFIERS.index("up_to")
    high_missing = qualifier == QUALIFIERS.index("more_than")

    # the text: an opening and an ending of real sentences around the figure and what it counts
    whole = np.equal(np.mod(value, 1), 0) & (kind != kinds.index("share"))
    number_text = pc.if_else(pa.array(whole), pc.cast(pa.array(value.astype(np.int64)), pa.string()),
                             pc.cast(pa.array(value), pa.string()))
    written = pa.array([UNIT_WRITTEN[name] for name in unit_names]).take(pa.array(unit))
    surface = pc.binary_join_element_wise(number_text, written, "")
    plural = pa.array([p for _, p in NOUNS]).take(pa.array(noun))
    counted_phrase = pc.if_else(pa.array(trapped), pc.binary_join_element_wise(plural, pa.scalar("trapped"), " "),
                                pc.if_else(pa.array(counted), plural, pa.scalar("")))
    opening = pa.array(pools.openings).take(pa.array(rng.integers(0, len(pools.openings), size=rows)))
    ending = pa.array(pools.endings).take(pa.array(rng.integers(0, len(pools.endings), size=rows)))
    middle = pc.if_else(pa.array(counted), pc.binary_join_element_wise(" ", counted_phrase, " ", ""),
                        pa.scalar(" "))
    sentence = pc.binary_join_element_wise(opening, " ", surface, middle, ending, "")
    sentence_start = rng.integers(0, 20_000, size=rows)
    span_start = sentence_start + pc.utf8_length(opening).to_numpy().astype(np.int64) + 1
    span_end = span_start + pc.utf8_length(surface).to_numpy().astype(np.int64)
    has_source = rng.random(rows) < 0.45
    source = rng.integers(0, len(SOURCES), size=rows).astype(np.int32)

    def dictionary(indices: Any, values: Sequence[str], missing: Any = None) -> Any:
        codes = pa.array(np.asarray(indices, dtype=np.int32), mask=None if missing is None else np.asarray(missing))
        return pa.DictionaryArray.from_arrays(codes, pa.array(values))

    def dates(day: Any) -> Any:
        return pa.array((day + (FIRST_DAY - datetime.date(1970, 1, 1)).days).astype(np.int32), type=pa.date32())

    columns = {
        "document": dictionary(row_document, names),
        "path": dictionary(row_document, paths),
        "line": pa.array(rng.integers(1, 80, size=rows)),
        "span_start": pa.array(span_start),
        "span_end": pa.array(span_end),
        "sentence_start": pa.array(sentence_start),
        "surface": surface,
        "number_text": number_text,
        "value": pa.array(value),
        "low": pa.array(low, mask=low_missing),
        "high": pa.array(high, mask=high_missing),
        "low_inclusive": pa.array(qualifier != QUALIFIERS.index("more_than")),
        "high_inclusive": pa.array(qualifier != QUALIFIERS.index("vague")),
        "qualifier": dictionary(np.maximum(qualifier, 0), QUALIFIERS, qualifier < 0),
        "kind": dictionary(kind, kinds),
        "unit": dictionary(unit, unit_names),
        "total": pa.nulls(rows, pa.float64()),
        "counts": dictionary(noun, [s for s, _ in NOUNS], ~counted),
        "counted_phrase": counted_phrase,
        "source": dictionary(source, SOURCES, ~has_source),
        "source_text": pc.if_else(pa.array(has_source), pa.array(SOURCES).take(pa.array(source)), pa.scalar("")),
        "date": dates(row_day),
        "date_source": dictionary(row_document, meta_lines),
        "outlet": dictionary(outlets[row_document].astype(np.int32), OUTLETS),
        "as_of": dates(as_of_day),
        "as_of_source": dictionary(as_of_choice, AS_OF_SOURCES),
        "sentence": sentence,
    }
    schema = claims_table.arrow_schema(pa)
    table = pa.table([columns[f.name] for f in schema], schema=schema)
    small = {claims_table.SCHEMA_KEY: claims_table.SCHEMA_VERSION, claims_table.EXTRACTOR_KEY: SYNTHETIC_EXTRACTOR}
    listed = [{"path": path, "name": name, "title": f"Article {number}", "outlet": OUTLETS[o],
               "date": (FIRST_DAY + datetime.timedelta(days=int(day))).isoformat(), "date_source": line,
               "file": None, "url": None, "record_id": None}
              for number, name, path, o, day, line in zip(numbers, names, paths, outlets, days, meta_lines)]
    corpus = {claims_table.DOCUMENTS_KEY: json.dumps(listed, separators=(",", ":")),
              claims_table.PROBLEMS_KEY: "[]"}
    corpus[claims_table.CHECKSUM_KEY] = claims_table.metadata_checksum({**small, **corpus})
    name = f"part-synthetic-{index:06d}.parquet"
    with pq.ParquetWriter(folder / name, schema.with_metadata(small), compression="zstd",
                          write_page_checksum=True) as writer:
        writer.write_table(table, row_group_size=claims_table.ROW_GROUP_SIZE)
        writer.add_key_value_metadata(corpus)
    documents = tuple((n, p, int(d), OUTLETS[o], int(s)) for n, p, d, o, s in zip(names, paths, days, outlets, sizes))
    return SyntheticPart(name, rows, documents, int(trapped.sum()))


@dataclass(frozen=True)
class SyntheticDataset:
    """A synthetic claims dataset written: rows, parts, documents, rows the rule selects, bytes on disk."""

    folder: Path
    rows: int
    parts: int
    documents: int
    selected: int
    bytes: int
    seconds: float


def write_synthetic_dataset(folder: Path, rows: int, part_rows: int, jobs: int = 1,
                            pools: Optional[Pools] = None) -> SyntheticDataset:
    """A claims dataset of ``rows`` synthetic claims in parts of ``part_rows``, its catalogue and manifest
    written by :func:`pytest_claims.store.dataset.commit`; the parts written by ``jobs`` processes."""
    from pytest_claims.records.model import DocumentInfo
    from pytest_claims.store.dataset import Found, commit

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    pools = pools or sentence_pools()
    sizes = [part_rows] * (rows // part_rows) + ([rows % part_rows] if rows % part_rows else [])
    # documents are numbered per part from a block of numbers, so parts can be written in any order
    block = part_rows  # a part of n rows holds at most n documents
    calls = [(folder, index, size, index * block, pools) for index, size in enumerate(sizes)]
    order: list[Found] = []
    parts_of: dict[str, Optional[str]] = {}
    claims_of: dict[str, int] = {}
    selected = 0
    with ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(calls) > 1 else contextlib.nullcontext() as pool:
        written = pool.map(_synthetic_part_star, calls, chunksize=1) if pool else map(_synthetic_part_star, calls)
        for part in written:  # in order; each part's document list dropped once catalogued
            for name, path, day, outlet, claims in part.documents:
                info = DocumentInfo(path, name, None, outlet, FIRST_DAY + datetime.timedelta(days=day), None)
                order.append(Found(info, f"synthetic {path}"))
                parts_of[path] = part.name
                claims_of[path] = claims
            selected += part.selected
    commit(folder, order, parts_of, claims_of, (), SYNTHETIC_EXTRACTOR, ())
    return SyntheticDataset(folder, rows, len(calls), len(order), selected, _bytes(folder),
                            time.perf_counter() - started)


def _synthetic_part_star(call: tuple[Any, ...]) -> SyntheticPart:
    return synthetic_part(*call)


def load_rule(text: str) -> Any:
    """A rule from its YAML text, through the rule-file loader."""
    from pytest_claims.rulefile.load import load_rule_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rule.yaml"
        path.write_text(text, encoding="utf-8")
        [rule] = load_rule_file(path)
    return rule


class Selected:
    """A rule's groups, selected already: the ClaimSource the checks read them from."""

    def __init__(self, groups: dict[str, tuple[Any, ...]]) -> None:
        self.groups = groups

    def select(self, rule: str, selectors: Any) -> dict[str, tuple[Any, ...]]:
        return {group: self.groups.get(group, ()) for group in selectors}

    def census(self, conditions: Sequence[Any]) -> Any:
        from pytest_claims.engine.selection import census_of

        return census_of([claim for claims in self.groups.values() for claim in claims], conditions)


def verdict_text(verdict: Any) -> str:
    """``passed`` or ``N contradictions``."""
    if verdict.passed:
        return "passed"
    return f"{len(verdict.contradictions):,} contradictions"


def run_synthetic(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Section 2: the synthetic dataset written, selected here and on a LocalCluster, checked."""
    from pytest_claims.cluster.engine import Cluster, select_parts_on
    from pytest_claims.engine.evaluate import evaluate_rule, group_selectors
    from pytest_claims.store.dataset import DatasetSource, read_dataset

    folder = (args.dataset or tmp) / f"synthetic-{args.rows}"
    if folder.exists():
        shutil.rmtree(folder)
    print(f"synthetic: writing {args.rows:,} rows in parts of {args.part_rows:,} to {folder}", flush=True)
    written = write_synthetic_dataset(folder, args.rows, args.part_rows, jobs=args.jobs)
    print(f"synthetic: {written.rows:,} rows, {written.documents:,} documents, {written.parts:,} parts, "
          f"{written.bytes / 1e9:.2f} GB in {written.seconds:.0f} s; the rule's rows: {written.selected:,}",
          flush=True)
    rule = load_rule(SYNTHETIC_RULE)
    selectors = group_selectors(rule)
    rows: list[dict[str, Any]] = []
    answers: dict[str, dict[str, tuple[Any, ...]]] = {}
    transfer: dict[str, Any] = {}
    try:
        before = resident_mb()
        started = time.perf_counter()
        dataset = read_dataset(folder)
        opened = time.perf_counter() - started
        catalogue_mb = resident_mb() - before
        print(f"synthetic: dataset opened in {opened:.1f} s, {catalogue_mb:.0f} MB", flush=True)
        cluster_started = time.perf_counter()
        cluster = Cluster.connect(None, args.jobs)
        cluster_seconds = time.perf_counter() - cluster_started
        try:
            transfer["tasks_per_second"] = _tasks_per_second(cluster)
            for engine, source in (("local", DatasetSource(dataset)),
                                   ("dask", DatasetSource(dataset, select_parts=select_parts_on(cluster)))):
                started = time.perf_counter()
                groups = source.select(rule.name, selectors)
                selecting = time.perf_counter() - started
                started = time.perf_counter()
                verdict = evaluate_rule(rule, Selected(groups))
                checking = time.perf_counter() - started
                chosen = sum(len(claims) for claims in groups.values())
                answers[engine] = groups
                rows.append({"engine": engine, "workers": 1 if engine == "local" else cluster.workers,
                             "rows": written.rows, "selected": chosen, "select_seconds": selecting,
                             "rows_per_second": written.rows / selecting, "check_seconds": checking,
                             "verdict": verdict_text(verdict)})
                print(f"synthetic {engine}: {chosen:,} selected in {selecting:.1f} s, checked in {checking:.1f} s: "
                      f"{verdict_text(verdict)}", flush=True)
        finally:
            cluster.close()
        sample = next(iter(answers["local"].values()), ())[:10_000]
        transfer["pickled_bytes_per_selected_claim"] = len(pickle.dumps(sample)) / len(sample) if sample else None
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return {"rows": written.rows, "parts": written.parts, "part_rows": args.part_rows,
            "documents": written.documents, "bytes": written.bytes, "bytes_per_claim": written.bytes / written.rows,
            "write_seconds": written.seconds, "expected_selected": written.selected, "open_seconds": opened,
            "open_mb": catalogue_mb,
            "cluster_start_seconds": cluster_seconds, "engines": rows,
            "selections_identical": answers.get("local") == answers.get("dask"),
            "kept": str(folder) if args.keep else None, **transfer}


def resident_mb() -> float:
    """This process's resident set now, in MB (Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _noop(value: int) -> int:
    return value


def _tasks_per_second(cluster: Any, tasks: int = 2_000) -> float:
    """Tasks the scheduler runs per second when each does nothing: its overhead per task, measured."""
    cluster.client.gather(cluster.client.map(_noop, range(100), pure=False))  # warm up
    started = time.perf_counter()
    cluster.client.gather(cluster.client.map(_noop, range(tasks), pure=False))
    return tasks / (time.perf_counter() - started)


# ---------------------------------------------------------------- the scale on paper


#: what is not measured here, with where it comes from
ARTICLES = 10_000_000
ARTICLE_BYTES = 5_000
TARGET_SECONDS = 3600
#: S3's documented request rates per prefix (GET), and keys per LIST request
OBJECT_STORE_GETS_PER_SECOND = 5_500
OBJECT_STORE_KEYS_PER_LIST = 1_000
#: a LIST request's round trip, one after another (assumed)
LIST_SECONDS = 0.1


def scale_on_paper(archive_: dict[str, Any], synthetic: dict[str, Any], *, target_bytes: int,
                   max_documents: int, merged_part_claims: int) -> dict[str, Any]:
    """The measured rates carried to 10 million articles of 5 KB: cores for one hour, the dataset, the scheduler's
    tasks, the object store, the client's catalogue, one rule's selection and what it gathers. Each row says
    whether its figure was measured here, assumed, or derived from those."""
    from pytest_claims.cluster.partitions import plan_partitions

    one = archive_["one_core"]
    bytes_per_core_second = one["bytes"] / one["seconds"]
    claims_per_byte = archive_["claims"] / archive_["bytes"]
    claims = claims_per_byte * ARTICLE_BYTES * ARTICLES
    core_seconds = ARTICLES * ARTICLE_BYTES / bytes_per_core_second
    cores = math.ceil(core_seconds / TARGET_SECONDS)
    parts_bytes_per_claim = archive_["parts_bytes"] / archive_["claims"]
    catalogue_bytes_per_document = archive_["catalogue_bytes"] / archive_["updates"][EXTRACT_LOCAL]["documents"]
    engines = {row["engine"]: row for row in synthetic["engines"]}
    local, dask = engines["local"], engines["dask"]
    select_per_million = local["select_seconds"] / synthetic["rows"] * 1e6
    check_per_million = local["check_seconds"] / local["selected"] * 1e6 if local["selected"] else 0.0
    selected_share = local["selected"] / synthetic["rows"]
    # the planner's own partitions for 10 million articles of 5 KB on `cores` workers (it sees sizes only, so a
    # tenth of the articles, planned for a tenth of the workers, has a tenth of the partitions)
    partitions = len(plan_partitions([ARTICLE_BYTES] * (ARTICLES // 10), max(1, cores // 10),
                                     target_bytes=target_bytes, max_documents=max_documents)) * 10
    tasks = 2 * partitions  # a pytest run: extract_partition and summarize per partition
    tasks_per_second = synthetic["tasks_per_second"]
    gathered = claims * selected_share
    open_per_million = synthetic["open_seconds"] / synthetic["documents"] * 1e6
    open_mb_per_million = synthetic["open_mb"] / synthetic["documents"] * 1e6
    list_seconds = ARTICLES / OBJECT_STORE_KEYS_PER_LIST * LIST_SECONDS
    rows = [
        ("documents extracted per core-second (documents of "
         f"{one['bytes'] / one['documents']:,.0f} bytes)", one["documents"] / one["seconds"], "{:.0f}", "measured"),
        ("text extracted per core-second, KB", bytes_per_core_second / 1000, "{:.0f}", "measured"),
        ("claims per KB of text", claims_per_byte * 1000, "{:.2f}", "measured"),
        ("Parquet bytes per claim, parts of the 1,200 documents", parts_bytes_per_claim, "{:.0f}", "measured"),
        (f"Parquet bytes per claim, synthetic parts of {synthetic['part_rows']:,} claims",
         synthetic["bytes_per_claim"], "{:.0f}", "measured"),
        ("catalogue bytes per document", catalogue_bytes_per_document, "{:.0f}", "measured"),
        ("selection, seconds per million claims, one process", select_per_million, "{:.2f}", "measured"),
        (f"selection, seconds per million claims, Dask ({dask['workers']} workers)",
         dask["select_seconds"] / synthetic["rows"] * 1e6, "{:.2f}", "measured"),
        ("check, seconds per million selected claims", check_per_million, "{:.1f}", "measured"),
        (f"Dask tasks per second (empty tasks, LocalCluster of {dask['workers']})", tasks_per_second, "{:,.0f}",
         "measured"),
        ("opening a dataset, seconds per million documents", open_per_million, "{:.1f}", "measured"),
        ("client memory per million documents of a dataset, MB", open_mb_per_million, "{:,.0f}", "measured"),
        ("bytes per selected claim sent to the client (pickled)", synthetic["pickled_bytes_per_selected_claim"],
         "{:.0f}", "measured"),
        ("local files listed per second", archive_["files_listed_per_second"], "{:,.0f}", "measured"),
        ("articles", ARTICLES, "{:,}", "assumed (the issue)"),
        ("bytes per article", ARTICLE_BYTES, "{:,}", "assumed (the issue)"),
        ("target wall time, seconds", TARGET_SECONDS, "{:,}", "assumed"),
        ("object store GET requests per second per prefix", OBJECT_STORE_GETS_PER_SECOND, "{:,}",
         "assumed (S3's documented rate)"),
        ("object store keys per LIST request, seconds per request", None, "1,000, 0.1", "assumed (S3)"),
        ("claims of the archive", claims, "{:,.0f}", "derived"),
        ("extraction, core-hours", core_seconds / 3600, "{:,.0f}", "derived"),
        ("cores for the target wall time", cores, "{:,}", "derived"),
        ("dataset on disk, GB", (claims * parts_bytes_per_claim + ARTICLES * catalogue_bytes_per_document) / 1e9,
         "{:,.1f}", "derived"),
        ("parts after merging small ones", math.ceil(claims / merged_part_claims), "{:,}", "derived"),
        (f"partitions planned for {cores:,} workers", partitions, "{:,}", "derived (plan_partitions)"),
        ("scheduler tasks of a pytest run, seconds of scheduler time", tasks / tasks_per_second, "{:,.0f}",
         "derived"),
        ("GET requests per second at the target", ARTICLES / TARGET_SECONDS, "{:,.0f}", "derived"),
        ("listing the archive in the object store, one worker, seconds", list_seconds, "{:,.0f}", "derived"),
        ("listing the archive on a local disk, seconds", ARTICLES / archive_["files_listed_per_second"], "{:,.0f}",
         "derived"),
        ("opening the dataset on the client, seconds", open_per_million * ARTICLES / 1e6, "{:,.0f}", "derived"),
        ("client memory for the dataset's catalogue, GB", open_mb_per_million * ARTICLES / 1e6 / 1024, "{:,.1f}",
         "derived"),
        (f"one rule's selection on {cores:,} cores, seconds", claims / 1e6 * select_per_million / cores, "{:,.0f}",
         "derived"),
        (f"claims one rule gathers (selecting {selected_share:.2%} like the synthetic rule)", gathered, "{:,.0f}",
         "derived"),
        ("sent to the client for that rule, GB", gathered * synthetic["pickled_bytes_per_selected_claim"] / 1e9,
         "{:,.1f}", "derived"),
        ("checking that rule's claims, seconds", gathered / 1e6 * check_per_million, "{:,.0f}", "derived"),
    ]
    return {"rows": [{"figure": figure, "value": value, "format": form, "basis": basis}
                     for figure, value, form, basis in rows],
            "cores": cores, "claims": claims, "partitions": partitions}


def scale_value(row: dict[str, Any]) -> str:
    """A row of the scale table, its value as the docs write it."""
    return str(row["format"]) if row["value"] is None else str(row["format"]).format(row["value"])


# ---------------------------------------------------------------- printing


def print_tables(figures: dict[str, Any]) -> None:
    from tabulate import tabulate

    if "archive" in figures:
        data = figures["archive"]
        print()
        print(tabulate([archive_row(row) for row in data["runs"]], headers=ARCHIVE_HEADER, tablefmt="github"))
        print(f"\n{data['documents']:,} documents ({data['sentences']:,} sentences, {data['repeated_sentences']} "
              f"repeated); verdicts identical test by test: {data['verdicts_identical']}; the Dask engine's overhead: "
              f"{data['dask_overhead_ms_per_document']:.2f} ms per document")
    if "synthetic" in figures:
        data = figures["synthetic"]
        print()
        print(tabulate([synthetic_row(row) for row in data["engines"]], headers=SYNTHETIC_HEADER, tablefmt="github"))
        print(f"\n{data['rows']:,} rows of {data['documents']:,} documents in {data['parts']:,} parts, "
              f"{data['bytes'] / 1e9:.2f} GB ({data['bytes_per_claim']:.1f} bytes per claim), written in "
              f"{data['write_seconds']:.0f} s; opened in {data['open_seconds']:.1f} s; the rows the generator meant "
              f"the rule to select: {data['expected_selected']:,}; "
              f"selections identical: {data['selections_identical']}")
    if "scale" in figures:
        print()
        print(tabulate([[row["figure"], scale_value(row), row["basis"]] for row in figures["scale"]["rows"]],
                       headers=SCALE_HEADER, tablefmt="github"))
    print(f"\nload average before {figures['machine']['load_before']}, after {figures['machine']['load_after']}")
    for note in figures.get("notes", []):
        print(f"note: {note}")


#: the tables as docs/cluster.md shows them (tests/docs/test_cluster_figures.py checks them against the JSON)
ARCHIVE_HEADER = ["run", "seconds", "× local", "result"]
SYNTHETIC_HEADER = ["engine", "workers", "rows", "selected", "select s", "rows/s", "check s", "verdict"]
SCALE_HEADER = ["figure", "value", "basis"]


def archive_row(row: dict[str, Any]) -> list[str]:
    return [row["run"], f"{row['seconds']:.1f}", "" if row["ratio"] is None else f"{row['ratio']:.2f}", row["result"]]


def synthetic_row(row: dict[str, Any]) -> list[str]:
    return [row["engine"], str(row["workers"]), f"{row['rows']:,}", f"{row['selected']:,}",
            f"{row['select_seconds']:.1f}", f"{row['rows_per_second']:,.0f}", f"{row['check_seconds']:.1f}",
            row["verdict"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder (default bench/corpus/texts)")
    parser.add_argument("--rules", type=Path, default=RULES, help="rules folder (default bench/rules)")
    parser.add_argument("--jobs", type=int, default=2, help="processes and LocalCluster workers (default 2)")
    parser.add_argument("--rows", type=int, default=100_000_000, help="synthetic claims (default 100 million)")
    parser.add_argument("--part-rows", type=int, default=None,
                        help="synthetic claims per part (default: the claims an update merges small parts into)")
    parser.add_argument("--dataset", type=Path, default=None, help="where to write the synthetic dataset "
                        "(default: the temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic dataset")
    parser.add_argument("--skip-archive", action="store_true", help="no archive section (nor scale on paper)")
    parser.add_argument("--skip-synthetic", action="store_true", help="no synthetic section (nor scale on paper)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each archive command; the table gives the median (default 3)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each run (default 1800)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    from pytest_claims.cluster.partitions import MAX_DOCUMENTS, TARGET_BYTES
    from pytest_claims.store.dataset import MERGED_PART_CLAIMS

    args.part_rows = args.part_rows or MERGED_PART_CLAIMS
    started = time.perf_counter()
    figures: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}, "notes": []}
    with tempfile.TemporaryDirectory(prefix="claims-cluster-") as tmp_name:
        tmp = Path(tmp_name)
        if not args.skip_archive:
            figures["archive"] = archive_figures(run_archive(args, tmp))
            figures["notes"] += figures["archive"]["notes"]
            figures["machine"]["load_after_archive"] = os.getloadavg()
        if not args.skip_synthetic:
            figures["synthetic"] = run_synthetic(args, tmp)
        if "archive" in figures and "synthetic" in figures:
            figures["scale"] = scale_on_paper(figures["archive"], figures["synthetic"], target_bytes=TARGET_BYTES,
                                              max_documents=MAX_DOCUMENTS, merged_part_claims=MERGED_PART_CLAIMS)
    figures["machine"]["load_after"] = os.getloadavg()
    figures["seconds"] = time.perf_counter() - started
    print_tables(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
