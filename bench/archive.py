"""Benchmark: `pytest --claims` on a newsroom-sized archive, cold, warm and after one edit, against quantulum3.

    python bench/archive.py [--corpus DIR] [--seeds DIR] [--rules DIR] [--jobs N] [--json PATH]

One run measures, side by side on the same documents (bench/corpus/texts
and seeds/ by default, copied to a temporary folder so the edit touches no
file of the project):

* baseline: quantulum3 alone, ``quantulum3.parser.parse`` on each sentence
  of our sentence splitter, in one fresh process (interpreter start and
  imports included: what a careful user would run);
* cold: ``pytest --claims CORPUS SEEDS -p no:randomly --claims-rules RULES``
  with an empty cache (``-o cache_dir=`` a new folder);
* warm: the same command again, nothing changed;
* edited: one sentence with a number appended to one document, then the same
  command; the closing section says how many documents were extracted again.

Each run is a subprocess timed by wall clock; its peak memory is the
``ru_maxrss`` that ``wait4`` reports for it: the largest resident set of the
run's process or of any process it waited for (a worker of the extraction
pool), not their sum. The table gives each run's seconds, its ratio to the
baseline and the issue's target, peak MB, and MB per 1,000 documents.
Options the plugin does not know yet (``--claims-jobs``) are dropped with a
note. Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional, Sequence

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CORPUS = HERE / "corpus" / "texts"
RULES = HERE / "rules"
SEEDS = PROJECT / "seeds"

#: appended to one document for the edited run: a new sentence with a number, found nowhere else
EDIT = "\n\nIn the same year the Treasury paid 4,321 new pension claims that had waited since the war.\n"
#: the issue's targets, as the largest ratio to the baseline
TARGETS = {"cold": 0.5, "warm": 0.05}
DOCUMENT_SUFFIXES = (".txt", ".md")
SKIPPED_FOLDERS = {"__pycache__", "node_modules", "venv", ".venv"}

# The closing section: "305 documents, 5175 quantities, 0 unreadable documents; 5 rules evaluated, 1 with ..."
_TOTALS = re.compile(r"^(?P<documents>[\d,]+) documents?, (?P<quantities>[\d,]+) quantities", re.MULTILINE)
# "extraction: 3 documents extracted (2 processes), 2 read from the cache (...)", or "3 documents extracted, 2 from cache"
_EXTRACTION = re.compile(
    r"(?P<extracted>[\d,]+) documents? extracted(?: \((?P<jobs>\d+) process(?:es)?\))?,"
    r" (?:(?P<cached>[\d,]+) (?:read )?from (?:the )?cache|(?P<nocache>no cache))"
)
_OUTCOME = re.compile(r"(?P<count>\d+) (?P<what>passed|failed|errors?|warnings?|skipped|xfailed|xpassed)\b")
_CONTRADICTIONS = re.compile(r"(?P<rules>[\d,]+) rules? evaluated, (?P<contradicting>[\d,]+) with contradictions")


@dataclass(frozen=True)
class Measured:
    """One subprocess: its wall time, exit code, peak resident set and output."""

    seconds: float
    returncode: int
    maxrss_kb: int
    stdout: str
    stderr: str


@dataclass
class Summary:
    """What a run's closing section says (None where it does not say it)."""

    documents: Optional[int] = None
    quantities: Optional[int] = None
    extracted: Optional[int] = None
    cached: Optional[int] = None
    jobs: Optional[int] = None
    rules: Optional[int] = None
    contradicting_rules: Optional[int] = None
    outcomes: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    """One line of the table."""

    run: str
    seconds: float
    ratio: Optional[float]
    target: str
    peak_mb: float
    mb_per_1000_documents: float
    exit_code: int
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- pure helpers


def _number(text: Optional[str]) -> Optional[int]:
    return None if text is None else int(text.replace(",", ""))


def parse_summary(output: str) -> Summary:
    """The counts of a pytest-claims run's closing section and pytest's last line."""
    summary = Summary()
    totals = _TOTALS.search(output)
    if totals:
        summary.documents = _number(totals["documents"])
        summary.quantities = _number(totals["quantities"])
    extraction = _EXTRACTION.search(output)
    if extraction:
        summary.extracted = _number(extraction["extracted"])
        summary.cached = _number(extraction["cached"])
        summary.jobs = _number(extraction["jobs"]) or 1
    contradictions = _CONTRADICTIONS.search(output)
    if contradictions:
        summary.rules = _number(contradictions["rules"])
        summary.contradicting_rules = _number(contradictions["contradicting"])
    last = [line for line in output.splitlines() if line.strip()][-1:] or [""]
    for match in _OUTCOME.finditer(last[0]):
        summary.outcomes[match["what"].rstrip("s")] = int(match["count"])  # "2 errors" and "1 error" alike
    return summary


def unknown_option(output: str, option: str) -> bool:
    """True when pytest refused ``option`` as an argument it does not know."""
    return bool(re.search(r"unrecognized arguments:.*" + re.escape(option) + r"\b", output))


def without_option(command: Sequence[str], option: str) -> list[str]:
    """``command`` without ``option`` and its value (``--claims-jobs 2`` or ``--claims-jobs=2``)."""
    result: list[str] = []
    skip = False
    for part in command:
        if skip:
            skip = False
        elif part == option:
            skip = True
        elif not part.startswith(option + "="):
            result.append(part)
    return result


def ratio(seconds: float, baseline: float) -> Optional[float]:
    """``seconds`` as a multiple of the baseline's (None without a baseline)."""
    return seconds / baseline if baseline > 0 else None


def target_text(run: str, value: Optional[float], exit_code: int = 0) -> str:
    """``<= 0.5x: met`` or ``<= 0.5x: missed`` for a run with a target, else empty; a crashed run meets nothing."""
    if run not in TARGETS:
        return ""
    limit = TARGETS[run]
    if exit_code not in (0, 1):
        return f"<= {limit:g}x: run failed (exit {exit_code})"
    if value is None:
        return f"<= {limit:g}x: unknown"
    return f"<= {limit:g}x: {'met' if value <= limit else 'missed'}"


def peak_mb(maxrss_kb: int) -> float:
    """Linux gives ``ru_maxrss`` in kilobytes."""
    return maxrss_kb / 1024


def per_thousand(megabytes: float, documents: int) -> float:
    return megabytes * 1000 / documents if documents else 0.0


def document_files(folders: Sequence[Path]) -> list[Path]:
    """The documents `pytest --claims` reads under ``folders``: .txt and .md, hidden and tool folders skipped."""
    found: list[Path] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if any(p.startswith(".") or p in SKIPPED_FOLDERS for p in parts[:-1]):
                continue
            if path.is_file() and path.suffix in DOCUMENT_SUFFIXES:
                found.append(path)
    return found


def sentences_of(texts: Sequence[str]) -> list[str]:
    """Every sentence of ``texts``, split by pytest-claims' own splitter."""
    from pytest_claims.prose.sentences import split_sentences

    return [s.text for text in texts for s in split_sentences(text)]


def repeated_sentences(sentences: Sequence[str]) -> dict[str, int]:
    """The sentences that occur more than once, with their counts."""
    return {s: n for s, n in Counter(sentences).items() if n > 1}


def edited(text: str) -> str:
    """The document text with :data:`EDIT` appended."""
    return text.rstrip("\n") + EDIT


def claims_command(corpus: Path, seeds: Path, rules: Path, cache: Path, jobs: int) -> list[str]:
    """The measured pytest command line."""
    command = [sys.executable, "-m", "pytest", "--claims", str(corpus), str(seeds), "-p", "no:randomly",
               "--claims-rules", str(rules), "-o", f"cache_dir={cache}"]
    if jobs > 0:
        command += ["--claims-jobs", str(jobs)]
    return command


# ---------------------------------------------------------------- measuring


#: the runs' environment: as a user's, where Python keeps compiled bytecode (this machine sets
#: PYTHONDONTWRITEBYTECODE, which would make every run, baseline included, recompile what it imports)
USER_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def warm_up_bytecode(seeds: Path, rules: Path, tmp: Path) -> None:
    """Import what the runs import once, untimed, so that compiled bytecode exists as on a user's machine."""
    subprocess.run([sys.executable, "-c", "import quantulum3.parser, pytest_claims.plugin"], env=USER_ENVIRONMENT,
                   check=False, capture_output=True)
    subprocess.run([sys.executable, "-m", "pytest", "--claims", str(seeds), "--claims-rules", str(rules), "-q",
                    "-o", f"cache_dir={tmp / 'warm-up-cache'}"], cwd=PROJECT, env=USER_ENVIRONMENT, check=False,
                   capture_output=True)


def measure(command: Sequence[str], cwd: Path, timeout: float) -> Measured:
    """Run ``command``; wall time, exit code and peak RSS (``wait4``) of that process tree alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=USER_ENVIRONMENT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Measured(seconds, process.returncode, usage.ru_maxrss,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def baseline_worker(sentences_file: Path) -> None:
    """Run in a fresh process: import quantulum3 and parse each sentence; print counts as JSON."""
    import warnings

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
        from quantulum3 import parser
    imported = time.perf_counter()
    sentences = json.loads(sentences_file.read_text(encoding="utf-8"))
    quantities = 0
    crashes = 0
    for sentence in sentences:
        try:
            quantities += len(parser.parse(sentence))
        except Exception:  # quantulum3 raises on some inputs; a user would skip the sentence
            crashes += 1
    print(json.dumps({"sentences": len(sentences), "quantities": quantities, "crashes": crashes,
                      "import_seconds": imported - started, "parse_seconds": time.perf_counter() - imported}))


def _half_archive(corpus: Path, args: argparse.Namespace, tmp: Path,
                  notes: list[str]) -> tuple[int, Optional[Measured]]:
    """Half the corpus (and the seeds), extracted once and then run warm: its peak memory beside the full
    archive's tells how memory grows with the documents."""
    import yaml

    half = tmp / "half"
    half.mkdir()
    texts = sorted(corpus.glob("*.txt"))[: len(list(corpus.glob("*.txt"))) // 2]
    for path in texts:
        shutil.copy(path, half / path.name)
    meta_file = corpus / "claims-meta.yaml"
    if meta_file.exists():
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
        kept = {name: entry for name, entry in meta.items() if (half / name).exists()}
        (half / "claims-meta.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    command = claims_command(half, args.seeds, args.rules, tmp / "half-cache", args.jobs)
    _claims_run("half cold", command, args.timeout, notes)
    warm, _ = _claims_run("half warm", command, args.timeout, notes)
    documents = len(texts) + len(document_files([args.seeds]))
    print(f"half archive ({documents} documents): warm peak {peak_mb(warm.maxrss_kb):.0f} MB", flush=True)
    return documents, warm if warm.returncode in (0, 1) else None


def _claims_run(name: str, command: list[str], timeout: float, notes: list[str]) -> tuple[Measured, Summary]:
    result = measure(command, PROJECT, timeout)
    if result.returncode == 4 and unknown_option(result.stderr, "--claims-jobs"):
        notes.append(f"{name}: --claims-jobs is not an option yet; ran without it")
        command[:] = without_option(command, "--claims-jobs")
        result = measure(command, PROJECT, timeout)
    return result, parse_summary(result.stdout)


def _outcome_note(name: str, result: Measured, summary: Summary) -> Optional[str]:
    if result.returncode == 0:
        return None
    if result.returncode == 1:
        return (f"{name}: exit 1, tests failed or errored (outcomes {summary.outcomes}; "
                f"{summary.contradicting_rules} rules with contradictions)")
    tail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-3:]
    return f"{name}: exit {result.returncode}: " + " | ".join(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder (default bench/corpus/texts)")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seeds folder (default seeds/)")
    parser.add_argument("--rules", type=Path, default=RULES, help="rules folder (default bench/rules)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="--claims-jobs for the pytest runs (default: the CPU count; 0: do not pass it)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each run (default 1800)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--save-output", type=Path, metavar="DIR", help="write each pytest run's output to DIR")
    parser.add_argument("--baseline-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_worker:
        baseline_worker(args.baseline_worker)
        return

    from tabulate import tabulate

    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="claims-archive-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        shutil.copytree(args.corpus, corpus)
        files = document_files([corpus, args.seeds])
        texts = [f.read_text(encoding="utf-8") for f in files]
        corpus_texts = [t for f, t in zip(files, texts) if corpus in f.parents]
        sentences = sentences_of(texts)
        repeated_in_corpus = repeated_sentences(sentences_of(corpus_texts))
        (tmp / "sentences.json").write_text(json.dumps(sentences), encoding="utf-8")
        documents = len(files)
        print(f"corpus: {len(corpus_texts)} documents from {args.corpus} + {documents - len(corpus_texts)} from "
              f"{args.seeds}; {len(sentences):,} sentences, {sum(len(t.split()) for t in texts):,} words, "
              f"{len(repeated_in_corpus)} sentences repeated in the corpus, "
              f"{len(repeated_sentences(sentences))} in corpus + seeds", flush=True)

        warm_up_bytecode(args.seeds, args.rules, tmp)
        base = measure([sys.executable, str(Path(__file__).resolve()), "--baseline-worker",
                        str(tmp / "sentences.json")], PROJECT, args.timeout)
        base_counts = json.loads(base.stdout.strip().splitlines()[-1]) if base.returncode == 0 else {}
        if base.returncode != 0:
            notes.append(f"baseline: exit {base.returncode}: {base.stderr.strip().splitlines()[-1:]}")
        print(f"baseline: {base.seconds:.1f} s", flush=True)

        cache = tmp / "cache"
        command = claims_command(corpus, args.seeds, args.rules, cache, args.jobs)
        runs: list[tuple[str, Measured, Summary]] = []
        cold, cold_summary = _claims_run("cold", command, args.timeout, notes)
        runs.append(("cold", cold, cold_summary))
        print(f"cold: {cold.seconds:.1f} s", flush=True)
        warm, warm_summary = _claims_run("warm", command, args.timeout, notes)
        runs.append(("warm", warm, warm_summary))
        print(f"warm: {warm.seconds:.1f} s", flush=True)
        half_documents, half_warm = _half_archive(corpus, args, tmp, notes)
        target = min(f for f in files if corpus in f.parents)
        target.write_text(edited(target.read_text(encoding="utf-8")), encoding="utf-8")
        edit, edit_summary = _claims_run("edited", command, args.timeout, notes)
        runs.append(("edited one document", edit, edit_summary))
        print(f"edited: {edit.seconds:.1f} s", flush=True)

    rows = [Row("baseline: quantulum3 per sentence", base.seconds, 1.0, "", peak_mb(base.maxrss_kb),
                per_thousand(peak_mb(base.maxrss_kb), documents), base.returncode)]
    for name, result, summary in runs:
        value = ratio(result.seconds, base.seconds if base.returncode == 0 else 0.0)  # no ratio to a failed baseline
        megabytes = peak_mb(result.maxrss_kb)
        rows.append(Row(name, result.seconds, value, target_text(name, value, result.returncode), megabytes,
                        per_thousand(megabytes, documents), result.returncode))
        note = _outcome_note(name, result, summary)
        if note:
            notes.append(note)
    if edit.returncode not in (0, 1):
        rows[-1].target = f"re-extracts 1 document: run failed (exit {edit.returncode})"
    elif edit_summary.extracted is None:
        rows[-1].target = "re-extracts 1 document: unavailable"
        notes.append("edited: the closing section gives no 'N documents extracted' count; re-extraction unavailable")
    else:
        met = "met" if edit_summary.extracted == 1 else "missed"
        rows[-1].target = f"re-extracts 1 document: {met} ({edit_summary.extracted} extracted, " \
                          f"{edit_summary.cached} from cache)"
    if warm_summary.extracted:
        notes.append(f"warm: {warm_summary.extracted} documents extracted again; the cache key hashes the sources of "
                     "pytest_claims/prose and records, so an edit there between runs (or a cache not written) misses")
    if warm_summary.quantities != cold_summary.quantities or warm_summary.outcomes != cold_summary.outcomes:
        notes.append(f"warm differs from cold: {warm_summary.quantities} vs {cold_summary.quantities} quantities, "
                     f"{warm_summary.outcomes} vs {cold_summary.outcomes}")

    print()
    print(tabulate(
        [[r.run, f"{r.seconds:.2f}", "" if r.ratio is None else f"{r.ratio:.3f}x", r.target, f"{r.peak_mb:.0f}",
          f"{r.mb_per_1000_documents:.0f}", r.exit_code] for r in rows],
        headers=["run", "seconds", "ratio to baseline", "target", "peak MB", "MB per 1,000 docs", "exit"],
        tablefmt="github",
    ))
    print()
    print(f"documents: {documents}; quantities: quantulum3 {base_counts.get('quantities', '?')} "
          f"({base_counts.get('crashes', '?')} sentences raised), pytest-claims {cold_summary.quantities}; "
          f"importing quantulum3.parser took {base_counts.get('import_seconds', float('nan')):.2f} s of the baseline")
    print(f"rules: {cold_summary.rules} evaluated, {cold_summary.contradicting_rules} with contradictions; "
          f"pytest outcomes cold {cold_summary.outcomes}; extraction cold {cold_summary.extracted} extracted "
          f"({cold_summary.jobs} processes), warm {warm_summary.extracted} extracted / {warm_summary.cached} cached")
    print("peak MB: largest single process of the run (ru_maxrss from wait4), not the sum over a worker pool")
    growth = None
    if half_warm is not None and documents > half_documents:
        growth = (peak_mb(warm.maxrss_kb) - peak_mb(half_warm.maxrss_kb)) / (documents - half_documents) * 1000
        print(f"memory growth: {growth:.1f} MB per 1,000 documents (warm peak with {documents} documents minus "
              f"warm peak with {half_documents}, the claims kept; the rest is the interpreter and libraries)")
    print("command: " + " ".join(command))
    for note in notes:
        print(f"note: {note}")
    if args.save_output:
        args.save_output.mkdir(parents=True, exist_ok=True)
        for name, result, _ in runs:
            stem = name.split()[0]
            (args.save_output / f"{stem}.out").write_text(result.stdout + result.stderr, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"documents": documents, "sentences": len(sentences),
                                         "rows": [asdict(r) for r in rows], "notes": notes,
                                         "half_documents": half_documents,
                                         "growth_mb_per_1000_documents": growth,
                                         "baseline": base_counts}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
