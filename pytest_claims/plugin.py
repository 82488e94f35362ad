"""The pytest side: options, collection of rules as tests, failure rendering.

Only this module touches pytest. With ``--claims PATH...`` the session
collects the rules directory instead of the test suite: each rule becomes
one item named after the rule, evaluated against every document found under
the given paths. Without ``--claims`` nothing here collects anything.
"""

from __future__ import annotations

import argparse
import base64
import gc
import importlib.util
import os
import pickle
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional, TypeVar

import pytest

from .cluster.engine import Cluster, ClusterClaims, census_parts_on, dask_missing, extract_on_cluster, \
    read_parts_on, select_parts_on
from .cluster.remote import is_url
from .engine.evaluate import evaluate_rule, group_selectors
from .engine.selection import ClaimSource
from .prose.cms import INI_KEYS as RECORD_FIELD_INI_KEYS, FieldNames, export_reader, field_names
from .prose.documents import EXPORT_SUFFIXES, Catalogue, ExportReader, discover_files, iter_documents, \
    load_catalogue
from .prose.limits import LimitError
from .records.errors import ClaimsError, DocumentError, RuleError
from .records.model import Claim, Verdict
from .report.failure_lines import contradiction_line, error_repr, one_line_repr
from .report.gating import INCOMPLETE_EXIT_CODE, exit_line, gate_lines, incomplete_reasons
from .report.github import annotations as github_annotations
from .report.github import under_actions
from .report.json_report import RuleProblem, build_report
from .report.outputs import VIEWS, write_view
from .report.sarif import source_root
from .report.selfchecks import render_example, render_sensitivity
from .report.tables import render_contradiction
from .report.terminal import extraction_line, header_lines, progress_line, relative_paths, summary_lines
from .store.baseline import Baseline, read_baseline, write_baseline
from .store.cache import ClaimCache, clear_cache
from .store.dataset import DatasetSource, all_in_run_order, read_dataset
from .store.gate import Gate, changed_paths
from .store.extract import Extraction, ExtractionFailure, Progress, default_jobs, extract_documents, internal_error, \
    read_extraction, write_extraction
from .rulefile.load import discover_rule_files, load_rule_file_items
from .rulefile.rule import Example, Rule, RuleNames
from .rulefile.starter import DEFAULT_FOLDER, write_starter
from .selfcheck.explain import explain_rule
from .selfcheck.outcomes import OK, ExampleOutcome, RuleExplanation, SensitivityReport


@dataclass
class ClaimsSession:
    """Per-session state, kept in ``config.stash``."""

    document_paths: list[str]
    rules_dir: Path
    #: a claims table to check instead of documents (--claims-table)
    table_path: Optional[Path] = None
    #: the extraction cache file; None: no cache (-p no:cacheprovider)
    cache_path: Optional[Path] = None
    jobs: int = 1
    catalogue: Optional[Catalogue] = None
    extraction: Optional[Extraction] = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    explain: bool = False
    #: contradictions of warning rules, listed at the end of the run
    warnings: list[Contradiction] = field(default_factory=list)
    explanations: dict[str, RuleExplanation] = field(default_factory=dict)
    #: where each evaluated rule is written (file, line): the closing section lists rules in that order
    positions: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: what the cache reported (a corrupt file rebuilt, an unwritable folder)
    cache_warnings: list[str] = field(default_factory=list)
    #: shows extraction's progress; None: quiet
    progress: Optional[Callable[[Progress], None]] = None
    #: a cache folder made for this run only (xdist without pytest's cache), removed at the end
    temporary_cache: Optional[Path] = None
    #: where --claims-save-table wrote the claims, or why it could not
    saved_table: Optional[Path] = None
    table_error: Optional[ClaimsError] = None
    #: the report files asked for (--claims-report-json...), by view (report.outputs.VIEWS) in option order;
    #: then each one written, or why it could not be
    report_paths: dict[str, Path] = field(default_factory=dict)
    reports_written: list[tuple[str, Path]] = field(default_factory=list)
    report_errors: list[tuple[str, ClaimsError]] = field(default_factory=list)
    #: rules that could not be evaluated and rule files that could not be read, for the JSON report
    rule_problems: list[RuleProblem] = field(default_factory=list)
    #: files found in the folders that are not documents, when extraction discovered the documents itself
    skipped: tuple[str, ...] = ()
    #: reads CMS exports, with the record fields the claims_field_* ini keys name
    read_export: ExportReader = field(default_factory=export_reader)
    #: sifts the rules' contradictions: the baseline (--claims-baseline) and the changed documents (--claims-changed)
    gate: Gate = field(default_factory=Gate)
    baseline_path: Optional[Path] = None
    #: the baseline this run wrote, or why it could not
    baseline_written: Optional[Baseline] = None
    baseline_error: Optional[ClaimsError] = None
    #: why the check was incomplete (broken rules, unreadable documents, files not written): exit code 4
    incomplete: list[str] = field(default_factory=list)
    #: where extraction and selection run: "local", or "dask" (--claims-engine) at ``scheduler`` (None: a
    #: LocalCluster of ``jobs`` workers)
    engine: str = "local"
    scheduler: Optional[str] = None
    cluster: Optional[Cluster] = None
    #: selects rules' claims where they are (a cluster's workers, a claims dataset's parts); None: in memory
    source: Optional[ClaimSource] = None
    #: an option needs every claim here (reports, --claims-explain, --claims-quantities, a table written...)
    needs_all_claims: bool = True
    _cache: Optional[ClaimCache] = None
    _report: Optional[dict[str, Any]] = None

    def report(self) -> dict[str, Any]:
        """The run's report (report/json_report.py), built once at the end for every view of it: the report
        files and the GitHub annotations."""
        if self._report is None:
            verdicts = self.in_rule_order()[0]
            catalogue = self.load_catalogue()  # with the documents extraction failed on: each is an error there
            catalogue = replace(catalogue, problems=catalogue.problems + tuple(self.late_problems()))
            self._report = build_report(catalogue, self.claims, verdicts, self.positions, self.rule_problems)
        return self._report

    def load_catalogue(self) -> Catalogue:
        """The documents and their problems, read once without keeping their text (collection reports them)."""
        if self.catalogue is None:
            if self.table_path is not None:
                self._read_table(self.table_path)
            elif self.extraction is not None:  # the xdist controller extracts without collecting
                self.catalogue = Catalogue(self.extraction.documents, self.extraction.problems, self.skipped)
            else:
                self.catalogue = load_catalogue(self.document_paths, self.read_export)
        assert self.catalogue is not None
        return self.catalogue

    def _read_table(self, path: Path) -> None:
        try:
            if path.is_dir():
                self._open_dataset(path)
            else:
                self.extraction = read_extraction(path)
        except ClaimsError as error:
            problem = DocumentError(error.message, error.path, error.line)
            self.extraction = Extraction((), (), 0, 0, 1, 0.0, (problem,))
        assert self.extraction is not None
        self.catalogue = Catalogue(self.extraction.documents, self.extraction.problems)

    def _open_dataset(self, path: Path) -> None:
        """A claims dataset (a folder): rules select from its parts, here or on the cluster's workers."""
        dataset = read_dataset(path)
        cluster = self.cluster
        source = DatasetSource(dataset, select_parts_on(cluster) if cluster else None,
                               census_parts_on(cluster) if cluster else None)
        extraction = Extraction((), dataset.documents, 0, 0, 1, 0.0, dataset.problems, claim_count=dataset.claims)
        if self.needs_all_claims:
            parts = read_parts_on(cluster)(dataset.part_paths()) if cluster else \
                [read_extraction(part).claims for part in dataset.part_paths()]
            extraction = replace(extraction, claims=all_in_run_order(dataset, parts), claim_count=None)
        else:
            self.source = source
        self.extraction = extraction

    def extract_on_cluster(self) -> None:
        """Extract the documents on the cluster; their claims stay there unless an option needs them all."""
        assert self.cluster is not None
        extraction, claims, skipped = extract_on_cluster(
            self.cluster, self.document_paths, cache_path=self.cache_path, read_export=self.read_export,
            progress=self.progress)
        self.skipped = skipped
        if self.needs_all_claims:
            extraction = replace(extraction, claims=claims.gather(), claim_count=None)
            claims.release()
        else:
            self.source = claims
        self.extraction = extraction

    def rule_claims(self) -> tuple[Claim, ...] | ClaimSource:
        """What a rule selects its claims from: a source where they lie, or every claim here."""
        if self.source is not None:
            return self.source
        return self.load_claims()

    def claim_count(self) -> Optional[int]:
        """How many claims the run found; None until extracted."""
        return None if self.extraction is None else self.extraction.count

    @property
    def claims(self) -> Optional[tuple[Claim, ...]]:
        """The claims, None until extracted."""
        return None if self.extraction is None else self.extraction.claims

    def load_claims(self) -> tuple[Claim, ...]:
        """The claims, extracted once (through the cache), when the first rule needs them."""
        if self.extraction is None:
            if self.table_path is not None:
                self._read_table(self.table_path)
            elif self.cluster is not None:
                self.extract_on_cluster()
            else:
                files: Sequence[str]
                problems: list[DocumentError] = []
                if self.catalogue is not None:  # its files read whole again: a CMS export is many documents
                    files, total = self.catalogue.files, len(self.catalogue.documents)
                else:
                    found = discover_files(self.document_paths)
                    files = [str(path) for path in found.files]
                    total = len(files)
                    problems = found.problems
                    self.skipped = tuple(str(path) for path in found.skipped)
                extraction = extract_documents(iter_documents(files, self.read_export), total,
                                               cache=self.cache(), jobs=self.jobs, progress=self.progress)
                self.extraction = replace(extraction, problems=tuple(problems) + extraction.problems)
        assert self.extraction is not None
        return self.extraction.claims

    def cache(self) -> Optional[ClaimCache]:
        """The extraction cache, opened on first use; None without one."""
        if self._cache is None and self.cache_path is not None:
            self._cache = ClaimCache.open(self.cache_path)
            self.cache_warnings.extend(self._cache.warnings)
        return self._cache

    def record(self, result: RuleResult) -> Verdict:
        """A rule's verdict, in the order of the rule files (xdist workers report in any order); kept as the
        gate sifts it (known and unchanged contradictions set aside), which is returned."""
        verdict = self.gate.keep(result.verdict)
        self.positions[result.rule] = result.position
        self.verdicts[result.rule] = verdict
        if not verdict.passed and verdict.severity == "warning":
            self.warnings.append(Contradiction(verdict, result.description))
        return verdict

    def in_rule_order(self) -> tuple[dict[str, Verdict], list[Contradiction], list[RuleExplanation]]:
        """Verdicts, warnings and explanations ordered by where their rules are written."""
        def where(rule: str) -> tuple[str, int]:
            return self.positions.get(rule, ("", 0))

        verdicts = {rule: self.verdicts[rule] for rule in sorted(self.verdicts, key=where)}
        warnings = sorted(self.warnings, key=lambda warning: where(warning.verdict.rule))
        explanations = [self.explanations[rule] for rule in sorted(self.explanations, key=where)]
        return verdicts, warnings, explanations

    def take_cache_warnings(self) -> list[str]:
        """What the cache reported so far (opening it, rows it dropped), each once."""
        if self._cache is not None:
            self.cache_warnings.extend(w for w in self._cache.warnings if w not in self.cache_warnings)
        return self.cache_warnings

    def late_problems(self) -> list[DocumentError]:
        """Documents collection could read but extraction could not (changed or removed meanwhile)."""
        if self.extraction is None or self.catalogue is None:
            return []
        known = {str(problem) for problem in self.catalogue.problems}
        return [problem for problem in self.extraction.problems if str(problem) not in known]

    def close(self) -> None:
        if self._cache is not None:
            self.take_cache_warnings()
            self._cache.close()
            self._cache = None
        if self.cluster is not None:
            if isinstance(self.source, ClusterClaims):
                self.source.release()
            self.source = None
            self.cluster.close()
            self.cluster = None


SESSION_KEY = pytest.StashKey[ClaimsSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claims", "numeric-claim consistency (pytest-claims)")
    group.addoption(
        "--claims", dest="claims_paths", nargs="+", action="extend", metavar="PATH", default=None,
        help="check the documents (.txt, .md, .html, .json, .jsonl) in these files and folders against the rules "
             "instead of running the test suite",
    )
    group.addoption(
        "--claims-rules", dest="claims_rules", metavar="DIR", default=None,
        help="folder of YAML rule files (default: the claims_rules ini option, else rules/)",
    )
    group.addoption(
        "--claims-explain", dest="claims_explain", action="store_true", default=False,
        help="after the run, list for every rule the claims it selected and the nearby claims it "
             "rejected, with the selector condition that excluded each",
    )
    group.addoption(
        "--claims-quantities", dest="claims_quantities", action="store_true", default=False,
        help="after the run, print every quantity found in the documents as a table",
    )
    group.addoption(
        "--claims-sensitivity", dest="claims_sensitivity", action="store_true", default=False,
        help="add a test per rule that perturbs the values of its claims and fails when the rule "
             "cannot fail (vacuous), fails on values that satisfy it (unsound) or cannot be satisfied",
    )
    group.addoption(
        "--claims-no-examples", dest="claims_examples", action="store_false", default=True,
        help="do not run the rules' examples (their self-tests) as tests",
    )
    group.addoption(
        "--claims-jobs", dest="claims_jobs", type=_jobs, metavar="N", default=None,
        help="processes that extract claims at once (default: the CPU count); 1 extracts in this process",
    )
    group.addoption(
        "--claims-cache-clear", dest="claims_cache_clear", action="store_true", default=False,
        help="forget the extraction cache (in pytest's cache folder) before the run: every document is "
             "extracted again; -p no:cacheprovider runs without the cache",
    )
    group.addoption(
        "--claims-save-table", dest="claims_save_table", metavar="PATH", default=None,
        help="write every claim of the run to PATH as a Parquet table (see docs/claims-table.md); needs "
             "pytest-claims[table]",
    )
    group.addoption(
        "--claims-table", dest="claims_table", metavar="PATH", default=None,
        help="check the rules against the claims of a table written by --claims-save-table instead of "
             "documents (no extraction)",
    )
    group.addoption(
        "--claims-report-json", dest="claims_report_json", metavar="PATH", default=None,
        help="write every document, claim and rule outcome of the run to PATH as JSON (see docs/json-report.md)",
    )
    group.addoption(
        "--claims-html", dest="claims_report_html", metavar="PATH", default=None,
        help="write the run as one self-contained HTML page to PATH: a summary of the rules, per rule a "
             "timeline chart and the table of its claims with quotes (see docs/html-report.md)",
    )
    group.addoption(
        "--claims-sarif", dest="claims_report_sarif", metavar="PATH", default=None,
        help="write the run's contradictions, broken rules and unreadable documents to PATH as SARIF 2.1.0, "
             "for GitHub code scanning (see docs/ci.md)",
    )
    for part, key in RECORD_FIELD_INI_KEYS.items():
        parser.addini(key, f"fields of a CMS export record (.json, .jsonl) that may hold its {part}, tried in "
                           f"order (default: {' '.join(getattr(FieldNames(), part))})", type="args", default=None)
    group.addoption(
        "--claims-init", dest="claims_init", nargs="?", const=DEFAULT_FOLDER, default=None, metavar="DIR",
        help="write a starter rules folder (default: rules/), one commented rule per check kind, and exit "
             "without running tests; never overwrites a file",
    )
    group.addoption(
        "--claims-baseline", dest="claims_baseline", metavar="FILE", default=None,
        help="contradictions recorded in FILE (JSON) no longer fail, new ones do; a missing FILE is written "
             "with every contradiction of this run, which then passes (see docs/ci.md)",
    )
    group.addoption(
        "--claims-baseline-update", dest="claims_baseline_update", action="store_true", default=False,
        help="write the --claims-baseline FILE again from this run's contradictions (dropping stale entries)",
    )
    group.addoption(
        "--claims-changed", dest="claims_changed", nargs="+", action="extend", metavar="PATH", default=None,
        help="a pull request's documents: every document of --claims is read and every rule sees all their "
             "claims, but only contradictions involving a claim of these files (or folders) fail",
    )
    group.addoption(
        "--claims-engine", dest="claims_engine", choices=ENGINES, metavar="ENGINE", default=None,
        help="where claims are extracted and selected: local (this machine's processes, the default) or dask "
             "(a Dask cluster: --claims-scheduler, else a LocalCluster of --claims-jobs workers); needs "
             "pytest-claims[dask]",
    )
    group.addoption(
        "--claims-scheduler", dest="claims_scheduler", metavar="ADDRESS", default=None,
        help="with --claims-engine dask, the running Dask scheduler to use (tcp://HOST:8786); without it a "
             "LocalCluster is started and closed by the run",
    )
    parser.addini("claims_rules", "folder of YAML rule files for --claims, relative to the ini file",
                  default=None)
    parser.addini("claims_engine", "where claims are extracted and selected: local or dask (--claims-engine)",
                  default=None)
    parser.addini("claims_scheduler", "the Dask scheduler for claims_engine = dask (--claims-scheduler)",
                  default=None)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> Optional[int]:
    """--claims-init: write the starter rules and exit, like --fixtures, without a session."""
    folder = config.getoption("claims_init", None)
    if folder is None:
        return None
    try:
        written = write_starter(config.invocation_params.dir / str(folder), str(folder))
    except ClaimsError as error:
        print(f"pytest-claims: --claims-init: {display(error, config)}", file=sys.stderr)
        return pytest.ExitCode.USAGE_ERROR
    for path in written:
        print(f"wrote {display_text(str(path), config)}")
    print(f"run them: pytest --claims ARTICLES/ --claims-rules {folder}")
    return pytest.ExitCode.OK


def _rules_dir(config: pytest.Config) -> Path:
    option = config.getoption("claims_rules")
    if option:
        return (config.invocation_params.dir / str(option)).resolve()
    ini_value = config.getini("claims_rules")
    if ini_value and config.inipath is not None:
        return (config.inipath.parent / str(ini_value)).resolve()
    # The documents may lie outside the project, in which case pytest roots the
    # session there; the rules then come from where pytest was started.
    for base in (config.invocation_params.dir, config.rootpath):
        candidate = (base / "rules").resolve()
        if candidate.is_dir():
            return candidate
    return (config.invocation_params.dir / "rules").resolve()


#: the values of --claims-engine
ENGINES = ("local", "dask")


def _engine(config: pytest.Config) -> tuple[str, Optional[str]]:
    """The engine (option, else ini, else local) and the Dask scheduler; UsageError for what cannot run."""
    engine = config.getoption("claims_engine", None) or config.getini("claims_engine") or "local"
    engine = str(engine).strip()
    if engine not in ENGINES:
        raise pytest.UsageError(f"pytest-claims: claims_engine = {engine!r} in {config.inipath}; "
                                f"choose one of: {', '.join(ENGINES)}")
    scheduler = config.getoption("claims_scheduler", None) or config.getini("claims_scheduler") or None
    if engine != "dask":
        if config.getoption("claims_scheduler", None):
            raise pytest.UsageError("pytest-claims: --claims-scheduler needs --claims-engine dask")
        return engine, None
    problem = dask_missing()
    if problem is not None:
        raise pytest.UsageError(f"pytest-claims: {problem}")
    if getattr(config.option, "numprocesses", None) or _is_worker(config):
        raise pytest.UsageError("pytest-claims: --claims-engine dask runs the rules in one pytest process, with "
                                "the cluster's workers for extraction: drop -n (pytest-xdist)")
    return engine, str(scheduler).strip() if scheduler else None


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, got {text!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 process, got {jobs}")
    return jobs


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    paths = config.getoption("claims_paths", None)
    table = config.getoption("claims_table", None)
    if not paths and not table:
        return
    if paths and table:
        raise pytest.UsageError("pytest-claims: give documents (--claims PATH) or a claims table "
                                "(--claims-table PATH), not both")
    rules_dir = _rules_dir(config)
    if not rules_dir.is_dir():
        raise pytest.UsageError(
            f"pytest-claims: rules folder {rules_dir} not found; "
            "pass --claims-rules DIR or set claims_rules in the ini file"
        )
    if config.getoption("claims_sensitivity") and importlib.util.find_spec("hypothesis") is None:
        raise pytest.UsageError("pytest-claims: --claims-sensitivity needs Hypothesis: "
                                "pip install 'pytest-claims[sensitivity]'")
    invoked = config.invocation_params.dir
    report_paths = {view: (invoked / str(path)).resolve() for view, path in _report_options(config).items()}
    state = ClaimsSession(
        document_paths=list(paths or []), rules_dir=rules_dir,
        table_path=(invoked / str(table)).resolve() if table else None,
        cache_path=_cache_path(config), jobs=config.getoption("claims_jobs") or default_jobs(),
        explain=bool(config.getoption("claims_explain")), report_paths=report_paths,
        read_export=export_reader(field_names({part: config.getini(key)
                                               for part, key in RECORD_FIELD_INI_KEYS.items()})))
    state.engine, state.scheduler = _engine(config)
    urls = [path for path in state.document_paths if is_url(path)]
    if urls and state.engine != "dask":
        raise pytest.UsageError(f"pytest-claims: {urls[0]} is a URL: the workers of --claims-engine dask read "
                                "archives by URL (fsspec); give a local path, or add --claims-engine dask")
    state.needs_all_claims = bool(
        state.explain or report_paths or config.getoption("claims_quantities") or
        config.getoption("claims_save_table") or config.getoption("claims_sensitivity"))
    state.gate, state.baseline_path = _gate(config, state.document_paths)
    if config.getoption("claims_cache_clear") and state.cache_path is not None and not _is_worker(config):
        state.cache_warnings.extend(clear_cache(state.cache_path))
    config.stash[SESSION_KEY] = state
    hypothesis_plugin = config.pluginmanager.get_plugin("hypothesispytest")
    if hypothesis_plugin is not None and not config.getoption("claims_sensitivity"):
        # A claims run collects rules, never Hypothesis tests, yet Hypothesis's plugin imports the whole
        # library in its terminal summary (0.7 s): only --claims-sensitivity needs it.
        config.pluginmanager.unregister(hypothesis_plugin)
    # Collect the rules, not the test suite or the documents themselves.
    config.args = [str(rules_dir)]
    config.args_source = pytest.Config.ArgsSource.ARGS


def _gate(config: pytest.Config, document_paths: Sequence[str]) -> tuple[Gate, Optional[Path]]:
    """What sifts the rules' contradictions (--claims-baseline, --claims-changed), and the baseline file.

    Every process reads the baseline (each xdist worker sifts its own rules); only the controller writes it."""
    invoked = config.invocation_params.dir
    option = config.getoption("claims_baseline", None)
    update = bool(config.getoption("claims_baseline_update", False))
    changed = config.getoption("claims_changed", None)
    if update and not option:
        raise pytest.UsageError("pytest-claims: --claims-baseline-update needs --claims-baseline FILE")
    if changed and not document_paths:
        raise pytest.UsageError("pytest-claims: --claims-changed needs the archive it belongs to: --claims PATH...")
    path = (invoked / str(option)).resolve() if option else None
    try:
        baseline = None
        if path is not None:
            try:
                baseline = read_baseline(path)
            except ClaimsError:
                if not update:  # rewritten anyway: its old entries are lost, as asked
                    raise
        gate = Gate(baseline, record=path is not None and (update or baseline is None),
                    changed=changed_paths(changed, document_paths, invoked) if changed else None)
    except ClaimsError as error:
        raise pytest.UsageError(f"pytest-claims: {display(error, config)}") from None
    return gate, path


def _cache_path(config: pytest.Config) -> Optional[Path]:
    """Where the extraction cache lives: pytest's cache folder; None with -p no:cacheprovider.

    pytest-xdist workers use the file their controller names, which is a
    temporary one when the controller has no cache folder.
    """
    worker_input = getattr(config, "workerinput", None)
    if worker_input is not None and CACHE_INPUT in worker_input:
        named = worker_input[CACHE_INPUT]
        return Path(named) if named else None
    cache = getattr(config, "cache", None)
    if cache is None:
        return None
    folder: Path = cache.mkdir("pytest-claims")
    return folder / CACHE_FILE


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _is_xdist_controller(config: pytest.Config) -> bool:
    return config.pluginmanager.has_plugin("dsession")


#: the key under which an xdist controller tells its workers where the cache is
CACHE_INPUT = "pytest_claims_cache"
CACHE_FILE = "claims.sqlite3"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Under pytest-xdist, the controller extracts once, before its workers start: they read the cache."""
    state = _session(session.config)
    if state is not None and state.engine == "dask":
        _start_cluster(session.config, state)
        return
    if state is None or not _is_xdist_controller(session.config):
        return
    session.config.pluginmanager.register(WorkerResults(state), "pytest-claims-worker-results")
    if session.config.option.collectonly:
        return
    if state.cache_path is None:
        state.temporary_cache = Path(tempfile.mkdtemp(prefix="pytest-claims-"))
        state.cache_path = state.temporary_cache / CACHE_FILE
    _extract(session.config, state)


def _start_cluster(config: pytest.Config, state: ClaimsSession) -> None:
    """Connect to the cluster (or start a LocalCluster) and extract there, before collection reports the
    documents that could not be read: the workers read the documents, this process never does."""
    try:
        state.cluster = Cluster.connect(state.scheduler, state.jobs)
    except ClaimsError as error:
        raise pytest.UsageError(f"pytest-claims: {display(error, config)}") from None
    if config.option.collectonly or state.table_path is not None:
        return
    _extract(config, state)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    state = _session(node.config)
    if state is not None:
        node.workerinput[CACHE_INPUT] = str(state.cache_path) if state.cache_path else ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Extract before the first test line is printed, so the progress line has the terminal to itself."""
    state = _session(session.config)
    if state is None or session.config.option.collectonly or _is_xdist_controller(session.config):
        return
    rules = [item.rule for item in session.items if isinstance(item, RuleItem)]
    needs_claims = any(isinstance(item, (RuleItem, SensitivityItem)) for item in session.items)
    extracted_on_cluster = state.cluster is not None and state.table_path is None  # at session start
    if not extracted_on_cluster and (needs_claims or session.config.getoption("claims_save_table") or
                                     session.config.getoption("claims_quantities") or state.report_paths):
        _extract(session.config, state)
    if state.source is not None and rules:
        _prefetch(state.source, rules)


def _prefetch(source: ClaimSource, rules: Sequence[Rule]) -> None:
    """Select every rule's claims in one pass over the partitions; a rule whose selection fails here selects
    again when it runs, where its failure is that rule's error."""
    prefetch = getattr(source, "prefetch", None)
    if prefetch is None:
        return
    try:
        prefetch({rule.name: group_selectors(rule) for rule in rules})
    except Exception:  # noqa: BLE001 - each rule selects on its own instead
        pass


def _extract(config: pytest.Config, state: ClaimsSession) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    line = None
    if reporter is not None and not _is_worker(config) and config.get_verbosity() >= 0 and reporter.isatty():
        line = ProgressLine(reporter)
        state.progress = line.show
    try:
        state.load_claims()
    finally:
        if line is not None:
            line.close()
        state.progress = None
    # The claims live until the session ends: the garbage collector need not walk them again at every
    # collection (nor pytest's own gc.collect() at exit, a tenth of a second per hundred thousand claims).
    gc.freeze()
    save = config.getoption("claims_save_table")
    if save and not _is_worker(config) and state.extraction is not None:
        target = config.invocation_params.dir / str(save)
        try:
            write_extraction(target, state.extraction)
        except ClaimsError as error:
            state.table_error = error  # the run fails: a nightly job must not stay green without its table
        else:
            state.saved_table = target


class ProgressLine:
    """One line rewritten in place while extraction runs on more than a few documents."""

    def __init__(self, reporter: Any) -> None:
        self.reporter = reporter
        self.shown = False
        self.last = 0.0

    def show(self, progress: Progress) -> None:
        if progress.document is None and (progress.total <= PROGRESS_MIN_DOCUMENTS or progress.extracted == 0):
            return  # a long document shows its sentences however few documents the run has
        now = time.monotonic()
        if now - self.last < 0.25 and progress.done < progress.total:
            return
        self.last = now
        self.reporter.rewrite(progress_line(progress), erase=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.reporter.rewrite("", erase=True)
            self.reporter.write("\r")


#: extraction of this many documents or fewer shows no progress line
PROGRESS_MIN_DOCUMENTS = 10


def _session(config: pytest.Config) -> Optional[ClaimsSession]:
    return config.stash.get(SESSION_KEY, None)


def _is_input_problem(item: pytest.Item) -> bool:
    """An unreadable document or a broken rule file (which may hold the very rules ``-k`` asks for)."""
    return isinstance(item, ProblemItem)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> Iterator[None]:
    """Input errors are never deselected: ``-k``, ``-m`` or ``--deselect`` must not turn a run with an
    unreadable document or a broken rule file green. Whatever removed them, they go back in front, where collection put them."""
    problems = [item for item in items if _is_input_problem(item)] if _session(config) is not None else []
    yield
    kept = set(items)
    items[:0] = [item for item in problems if item not in kept]


@pytest.hookimpl(tryfirst=True)
def pytest_deselected(items: list[pytest.Item]) -> None:
    """Keep input errors out of the deselected count: they run (see pytest_collection_modifyitems).

    The list is the one every later implementation (the terminal's count) receives, so removing them
    here, first, is what leaves them out of it."""
    if any(_is_input_problem(item) for item in items):
        items[:] = [item for item in items if not _is_input_problem(item)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """With --tb=line, one ``file:line: message`` line per failure or error of ours: pytest's own line for a
    failure given as text is its first 50 characters, and an error prints its whole message."""
    report = yield
    if report.failed and item.config.getoption("tbstyle") == "line" and \
            isinstance(item, (RuleItem, ProblemItem, ExampleItem, SensitivityItem)):
        path, line0, _ = item.reportinfo()
        where = display_text(str(path), item.config), (line0 + 1 if line0 is not None else 0)
        if isinstance(report.longrepr, str):
            report.longrepr = one_line_repr(*where, report.longrepr, printed=False)
        elif call.excinfo is not None and isinstance(call.excinfo.value, pytest.fail.Exception):
            report.longrepr = error_repr(call.excinfo.value.msg or "", *where)
    return report


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> Optional[pytest.Collector]:
    state = _session(parent.config)
    if state is not None and path == state.rules_dir:
        return RulesDirectory.from_parent(parent, path=path)
    return None


def pytest_report_header(config: pytest.Config) -> Optional[list[str]]:
    state = _session(config)
    if state is None:
        return None
    # pytest picks its rootdir from the first free arguments, which for "--claims /elsewhere" are the
    # documents; test locations then read oddly, and the header says so.
    rooted_elsewhere = not config.invocation_params.dir.is_relative_to(config.rootpath)
    lines = header_lines(state.rules_dir, state.document_paths, config.rootpath if rooted_elsewhere else None,
                         state.table_path)
    return lines + ([f"claims: {state.cluster.describe()}"] if state.cluster is not None else [])


class RulesDirectory(pytest.Directory):
    """The rules folder: one item per document problem, one collector per rule file."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        state = _session(self.config)
        assert state is not None
        for problem in state.load_catalogue().problems:
            name = Path(problem.path).name if problem.path else "documents"
            if problem.line and (name.lower().endswith(EXPORT_SUFFIXES) or isinstance(problem, LimitError)):
                # one error per record, or per sentence over a limit, by its line
                name = f"{name}:{problem.line}"
            yield ProblemItem.from_parent(self, name=f"document {name}", error=problem)
        files = discover_rule_files(self.path)
        if not files:
            yield ProblemItem.from_parent(
                self, name="rules", error=RuleError("no rule files (*.yaml, *.yml) in this folder", str(self.path)))
        names = RuleNames()
        for path in files:
            yield RuleFile.from_parent(self, path=path, names=names)


class RuleFile(pytest.File):
    def __init__(self, *, names: RuleNames, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.names = names

    def collect(self) -> Iterator[pytest.Item]:
        items = load_rule_file_items(self.path)
        for index, rule in enumerate(items, 1):
            if isinstance(rule, RuleError):  # the whole file's problem, or one rule's of a list
                name = self.path.stem if len(items) == 1 else f"{self.path.stem}[rule {index}]"
                yield ProblemItem.from_parent(self, name=name, error=rule)
                continue
            duplicate = self.names.duplicate(rule)
            if duplicate is not None:
                yield ProblemItem.from_parent(self, name=rule.name, error=duplicate)
            else:
                yield RuleItem.from_parent(self, name=rule.name, rule=rule)
                if self.config.getoption("claims_examples"):
                    for example in rule.examples:
                        yield ExampleItem.from_parent(self, name=f"{rule.name}[{example.name}]", rule=rule,
                                                      example=example)
                if self.config.getoption("claims_sensitivity"):
                    yield SensitivityItem.from_parent(self, name=f"{rule.name}[sensitivity]", rule=rule)


def display(error: ClaimsError, config: pytest.Config) -> str:
    """The error's message with paths under the invocation folder made relative."""
    return display_text(str(error), config)


def _fail_setup(error: ClaimsError, config: pytest.Config) -> NoReturn:
    """Report ``error`` as a pytest error showing only its message.

    pytest renders setup errors without ``repr_failure``; a ``pytest.fail``
    without traceback is how a plugin shows a plain message there.
    """
    pytest.fail(display(error, config), pytrace=False)


_T = TypeVar("_T")


def _or_fail_setup(call: Callable[[], _T], config: pytest.Config) -> _T:
    """``call()``, or a setup error showing only the message of the ClaimsError it raised."""
    problem: ClaimsError
    try:
        return call()
    except ClaimsError as error:
        problem = error
    _fail_setup(problem, config)  # outside the except block: no chained traceback


class ProblemItem(pytest.Item):
    """Reports a broken rule file or document as a pytest error, not a traceback."""

    def __init__(self, *, error: ClaimsError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def setup(self) -> None:
        if not isinstance(self.error, DocumentError):  # a document's problem is in the catalogue already
            position = (str(self.path), self.error.line or 0)
            _record_problem(self, RuleProblem(self.name, position, self.error, file_problem=True))
        _fail_setup(self.error, self.config)

    def runtest(self) -> None:  # pragma: no cover - setup always fails
        raise self.error

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ClaimsError):
            return display(excinfo.value, self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        line = (self.error.line - 1) if self.error.line else None
        kind = "document" if isinstance(self.error, DocumentError) else "rule file"
        return self.path, line, f"{kind}: {self.name}"


class PytestClaimsWarning(pytest.PytestWarning):
    """The contradictions of a rule of ``severity: warning``, at the rule's file and line."""


class Contradiction(Exception):
    """Raised by a rule item when its documents contradict each other."""

    def __init__(self, verdict: Verdict, description: str) -> None:
        super().__init__(verdict.rule)
        self.verdict = verdict
        self.description = description


class RuleItem(pytest.Item):
    def __init__(self, *, rule: Rule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.verdict: Optional[Verdict] = None

    def setup(self) -> None:
        # Evaluated at setup so that a rule that cannot be evaluated (selects
        # nothing, needs dates it lacks) is an error, distinct from a failure.
        state = _session(self.config)
        assert state is not None
        # JUnit XML properties (--junitxml); the rule's own, also when it cannot be evaluated
        self.user_properties += [("check", self.rule.check.name), ("severity", self.rule.severity)]
        claims = state.rule_claims()
        explanation: Optional[RuleExplanation] = None

        def evaluate() -> Verdict:
            nonlocal explanation
            problem: ClaimsError
            try:
                explanation = explain_rule(self.rule, state.load_claims()) if state.explain else None
                if explanation is not None:  # shown also when the rule cannot be evaluated (selects nothing)
                    state.explanations[self.rule.name] = explanation
                return evaluate_rule(self.rule, claims)
            except ClaimsError as error:
                problem = error
            except Exception as error:  # noqa: BLE001 - one rule's bug never takes the other rules down
                problem = _rule_bug(self.rule, error)
            _record_problem(self, RuleProblem(self.rule.name, (self.rule.path, self.rule.line), problem,
                                              self.rule.check.name, self.rule.severity))
            raise problem  # outside the except blocks: no chained traceback

        self.verdict = _or_fail_setup(evaluate, self.config)
        self.user_properties += [("claims_selected", len(self.verdict.selected)),
                                 ("contradictions", len(self.verdict.violations) + self.verdict.unlisted)]
        result = RuleResult(self.rule.name, (self.rule.path, self.rule.line), self.verdict, self.rule.description,
                            explanation)
        self.verdict = state.record(result)  # what fails: contradictions neither known nor among unchanged documents
        if _is_worker(self.config):  # the controller prints the closing section: send it what it needs
            self.user_properties.append((RESULT_PROPERTY, encode_result(result)))

    def runtest(self) -> None:
        assert self.verdict is not None
        if not self.verdict.passed and self.verdict.severity == "error":
            raise Contradiction(self.verdict, self.rule.description)
        if not self.verdict.passed:  # a warning rule: a pytest warning at the rule (-W error::... fails it)
            warnings.warn_explicit(PytestClaimsWarning(display_text(contradiction_line(self.verdict), self.config)),
                                   PytestClaimsWarning, display_text(self.rule.path, self.config), self.rule.line)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, (Contradiction, PytestClaimsWarning)) and self.verdict is not None:
            if self.config.getoption("tbstyle") == "line":
                return one_line_repr(display_text(self.rule.path, self.config), self.rule.line,
                                     display_text(contradiction_line(self.verdict), self.config), printed=False)
            return render_contradiction(self.verdict, self.rule.description)
        if isinstance(excinfo.value, ClaimsError):
            return display(excinfo.value, self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        return self.path, self.rule.line - 1, f"rule: {self.rule.name}"


def _rule_bug(rule: Rule, error: Exception) -> RuleError:
    """An unexpected exception while evaluating ``rule``, as the rule's error."""
    return RuleError(f"rule '{rule.name}' could not be evaluated ({internal_error(error)}); the other rules ran. "
                     f"This is a bug in pytest-claims: please report it with the rule file and the documents",
                     rule.path, rule.line)


class ExampleMismatch(Exception):
    """Raised by an example item when the rule does not do what the example says."""

    def __init__(self, outcome: ExampleOutcome) -> None:
        super().__init__(outcome.example.name)
        self.outcome = outcome


class ExampleItem(pytest.Item):
    """One of a rule's ``examples``: the rule must pass or fail on the example's documents."""

    def __init__(self, *, rule: Rule, example: Example, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.example = example

    def runtest(self) -> None:
        from .selfcheck.examples import run_example  # late: extraction loads only when an example runs

        state = _session(self.config)
        outcome = run_example(self.rule, self.example, state.cache() if state is not None else None)
        if not outcome.as_expected:
            raise ExampleMismatch(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ExampleMismatch):
            return display_text(render_example(excinfo.value.outcome), self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        return self.path, self.example.line - 1, f"rule: {self.rule.name}, example: {self.example.name}"


class Insensitive(Exception):
    """Raised by a sensitivity item when a rule is vacuous, unsound or unsatisfiable on its claims."""

    def __init__(self, report: SensitivityReport) -> None:
        super().__init__(report.status)
        self.report = report


class SensitivityItem(pytest.Item):
    """Perturbs the values of a rule's selected claims: the rule must be able to fail, and only when it should."""

    def __init__(self, *, rule: Rule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule

    def setup(self) -> None:
        state = _session(self.config)
        assert state is not None
        from .selfcheck.sensitivity import analyse_rule  # late: hypothesis loads only with --claims-sensitivity

        self.report = _or_fail_setup(lambda: analyse_rule(self.rule, state.load_claims()), self.config)

    def runtest(self) -> None:
        if self.report.status != OK:
            raise Insensitive(self.report)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, Insensitive):
            return display_text(render_sensitivity(excinfo.value.report), self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        return self.path, self.rule.line - 1, f"rule: {self.rule.name}, sensitivity"


def display_text(text: str, config: pytest.Config) -> str:
    return relative_paths(text, config.invocation_params.dir)


#: the user property under which an xdist worker sends a rule's verdict to the controller
RESULT_PROPERTY = "pytest_claims_result"
#: the user property under which an xdist worker sends a broken rule (for the JSON report) to the controller
PROBLEM_PROPERTY = "pytest_claims_problem"
TRANSPORT_PROPERTIES = frozenset({RESULT_PROPERTY, PROBLEM_PROPERTY})


def _record_problem(item: pytest.Item, problem: RuleProblem) -> None:
    """Keep a broken rule for the reports and the exit code, on the controller when under xdist."""
    state = _session(item.config)
    if state is None:
        return
    if _is_worker(item.config):
        item.user_properties.append((PROBLEM_PROPERTY, base64.b64encode(pickle.dumps(problem)).decode("ascii")))
    else:
        state.rule_problems.append(problem)


class WorkerResults:
    """On the xdist controller: keeps what the workers' rules found, for the closing section."""

    def __init__(self, state: ClaimsSession) -> None:
        self.state = state

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Taken out of every report before the others see it: JUnit XML must not list the transport.
        transport = [(name, value) for name, value in report.user_properties if name in TRANSPORT_PROPERTIES]
        report.user_properties = [prop for prop in report.user_properties if prop[0] not in TRANSPORT_PROPERTIES]
        if report.when != "setup":
            return
        for name, value in transport:
            if name == RESULT_PROPERTY and isinstance(value, str):
                result = decode_result(value)
                if result.explanation is not None:
                    self.state.explanations[result.rule] = result.explanation
                self.state.record(result)
            elif name == PROBLEM_PROPERTY and isinstance(value, str):
                problem = pickle.loads(base64.b64decode(value))  # from our own worker processes only
                assert isinstance(problem, RuleProblem)
                self.state.rule_problems.append(problem)


@dataclass(frozen=True)
class RuleResult:
    """What the closing section needs of one evaluated rule; ``position`` (file, line) orders the section."""

    rule: str
    position: tuple[str, int]
    verdict: Verdict
    description: str
    explanation: Optional[RuleExplanation]


def encode_result(result: RuleResult) -> str:
    """A rule's result as text, for a worker to send: xdist passes only plain values."""
    return base64.b64encode(pickle.dumps(result)).decode("ascii")


def decode_result(text: str) -> RuleResult:
    decoded = pickle.loads(base64.b64decode(text))  # from our own worker processes only
    assert isinstance(decoded, RuleResult)
    return decoded


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = _session(config)
    if state is None:
        return
    if state.catalogue is None and state.extraction is None and not config.getoption("claims_quantities"):
        return
    catalogue = state.load_catalogue()
    extracted = state.claim_count()  # read before --claims-quantities extracts: None when no rule ran
    quantities = state.load_claims() if config.getoption("claims_quantities") else None
    terminalreporter.section("pytest-claims")
    verdicts, warnings, explanations = state.in_rule_order()
    for line in summary_lines(catalogue, extracted, verdicts,
                              [(warning.verdict, warning.description) for warning in warnings],
                              explanations, config.getoption("verbose"), quantities, config.invocation_params.dir,
                              len(state.late_problems())):
        terminalreporter.write_line(line)
    if state.extraction is not None and state.table_path is None:
        terminalreporter.write_line(extraction_line(state.extraction, state.cache_path, config.rootpath))
    for warning in state.take_cache_warnings():
        terminalreporter.write_line(f"warning: {display_text(warning, config)}")
    # documents whose extraction raised: late problems here, in the catalogue of an xdist controller
    for problem in state.extraction.problems if state.extraction is not None else ():
        if isinstance(problem, ExtractionFailure):
            terminalreporter.write_line(f"error: {display(problem, config)}", red=True)
    for problem in state.late_problems():
        if isinstance(problem, ExtractionFailure):
            continue
        terminalreporter.write_line(f"warning: skipped, could not be read when its claims were extracted: "
                                    f"{display(problem, config)}")
    if state.saved_table is not None:
        terminalreporter.write_line(f"claims table written to {display_text(str(state.saved_table), config)}")
    if state.table_error is not None:
        terminalreporter.write_line(f"error: claims table not written: {display(state.table_error, config)}",
                                    red=True)
    for view, written in state.reports_written:
        terminalreporter.write_line(f"{VIEWS[view].label} written to {display_text(str(written), config)}")
    for view, error in state.report_errors:
        terminalreporter.write_line(f"error: {VIEWS[view].label} not written: {display(error, config)}", red=True)
    if under_actions(os.environ) and not _is_worker(config):
        for command in github_annotations(state.report(), source_root(os.environ, config.invocation_params.dir)):
            terminalreporter.write_line(command)
    for line in gate_lines(state.gate, display_text(str(state.baseline_path), config), state.baseline_written):
        terminalreporter.write_line(line)
    if state.baseline_error is not None:
        terminalreporter.write_line(f"error: baseline not written: {display(state.baseline_error, config)}", red=True)
    if state.incomplete:  # last: the line a CI log is read from the bottom by
        found = any(not verdict.passed and verdict.severity == "error" for verdict in state.verdicts.values())
        terminalreporter.write_line(exit_line(state.incomplete, found), red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = _session(session.config)
    if state is not None and state.report_paths and not _is_worker(session.config):
        _write_reports(state)  # before the closing section, which runs after this hook, says so
    if state is None or _is_worker(session.config):
        return
    if state.gate.record and state.baseline_path is not None and not session.config.option.collectonly and \
            exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):  # not from an interrupted run
        _write_baseline(state, state.baseline_path)
    # A check that could not look at everything exits 4, even when it found contradictions: a CI must tell
    # "the articles contradict each other" (1) from "the check did not run whole" (docs/ci.md, Exit codes).
    state.incomplete = [] if session.config.option.collectonly else _incomplete(state)
    if state.incomplete and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = pytest.ExitCode(INCOMPLETE_EXIT_CODE)


def _write_baseline(state: ClaimsSession, path: Path) -> None:
    baseline = state.gate.to_write()
    try:
        write_baseline(path, baseline)
    except ClaimsError as error:
        state.baseline_error = error
    else:
        state.baseline_written = baseline


def _incomplete(state: ClaimsSession) -> list[str]:
    """Why the run's check was incomplete: broken rules and rule files, unreadable documents, files not written."""
    unreadable = 0
    if state.catalogue is not None or state.extraction is not None:
        unreadable = len(state.load_catalogue().problems) + len(state.late_problems())
    unwritten = [VIEWS[view].label for view, _ in state.report_errors]
    unwritten += ["claims table"] * (state.table_error is not None)
    unwritten += ["baseline file"] * (state.baseline_error is not None)
    return incomplete_reasons(sum(not problem.file_problem for problem in state.rule_problems),
                              sum(problem.file_problem for problem in state.rule_problems), unreadable, unwritten)


def _report_options(config: pytest.Config) -> dict[str, str]:
    """The report files asked for on the command line, by view: option ``claims_report_<view>``."""
    return {view: value for view in VIEWS if (value := config.getoption(f"claims_report_{view}", None))}


def _write_reports(state: ClaimsSession) -> None:
    """Every report file asked for: views of one result, built once."""
    report = state.report()
    for view, path in state.report_paths.items():
        try:
            write_view(path, VIEWS[view].render(report), VIEWS[view].label)
        except ClaimsError as error:
            # the run fails: a CI step must not go green without the report it reads
            state.report_errors.append((view, error))
        else:
            state.reports_written.append((view, path))


def pytest_unconfigure(config: pytest.Config) -> None:
    state = _session(config)
    if state is None:
        return
    state.close()
    if state.temporary_cache is not None:
        shutil.rmtree(state.temporary_cache, ignore_errors=True)
