"""The pytest side: options, collection of rules as tests, failure rendering.

Only this module touches pytest. With ``--claims PATH...`` the session
collects the rules directory instead of the test suite: each rule becomes
one item named after the rule, evaluated against every document found under
the given paths. Without ``--claims`` nothing here collects anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional, TypeVar

import pytest

from .engine.evaluate import evaluate_rule
from .prose.documents import Corpus, load_corpus
from .records.errors import ClaimsError, DocumentError, RuleError
from .records.model import Claim, Verdict
from .report.selfchecks import render_example, render_sensitivity
from .report.tables import render_contradiction
from .report.terminal import header_lines, relative_paths, summary_lines
from .rulefile.load import discover_rule_files, load_rule_file
from .rulefile.rule import Example, Rule, RuleNames
from .selfcheck.explain import explain_rule
from .selfcheck.outcomes import OK, ExampleOutcome, RuleExplanation, SensitivityReport


@dataclass
class ClaimsSession:
    """Per-session state, kept in ``config.stash``."""

    document_paths: list[str]
    rules_dir: Path
    corpus: Optional[Corpus] = None
    claims: Optional[list[Claim]] = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    explain: bool = False
    #: contradictions of warning rules, listed at the end of the run
    warnings: list[Contradiction] = field(default_factory=list)
    explanations: dict[str, RuleExplanation] = field(default_factory=dict)

    def load_corpus(self) -> Corpus:
        """The documents, read once (collection needs them to report unreadable ones)."""
        if self.corpus is None:
            self.corpus = load_corpus(self.document_paths)
        return self.corpus

    def load_claims(self) -> list[Claim]:
        """The claims, extracted once, when the first rule runs (not at collection)."""
        if self.claims is None:
            from .prose.claims import corpus_claims  # late: extraction loads only when a rule runs

            self.claims = corpus_claims(self.load_corpus().documents)
        return self.claims


SESSION_KEY = pytest.StashKey[ClaimsSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claims", "numeric-claim consistency (pytest-claims)")
    group.addoption(
        "--claims", dest="claims_paths", nargs="+", action="extend", metavar="PATH", default=None,
        help="check the documents (.txt, .md) in these files and folders against the rules "
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
    parser.addini("claims_rules", "folder of YAML rule files for --claims, relative to the ini file",
                  default=None)


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


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    paths = config.getoption("claims_paths", None)
    if not paths:
        return
    rules_dir = _rules_dir(config)
    if not rules_dir.is_dir():
        raise pytest.UsageError(
            f"pytest-claims: rules folder {rules_dir} not found; "
            "pass --claims-rules DIR or set claims_rules in the ini file"
        )
    config.stash[SESSION_KEY] = ClaimsSession(document_paths=list(paths), rules_dir=rules_dir,
                                              explain=bool(config.getoption("claims_explain")))
    # Collect the rules, not the test suite or the documents themselves.
    config.args = [str(rules_dir)]
    config.args_source = pytest.Config.ArgsSource.ARGS


def _session(config: pytest.Config) -> Optional[ClaimsSession]:
    return config.stash.get(SESSION_KEY, None)


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
    return header_lines(state.rules_dir, state.document_paths, config.rootpath if rooted_elsewhere else None)


class RulesDirectory(pytest.Directory):
    """The rules folder: one item per document problem, one collector per rule file."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        state = _session(self.config)
        assert state is not None
        for problem in state.load_corpus().problems:
            name = Path(problem.path).name if problem.path else "documents"
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
        try:
            rules = load_rule_file(self.path)
        except RuleError as error:
            yield ProblemItem.from_parent(self, name=self.path.stem, error=error)
            return
        for rule in rules:
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
        claims = state.load_claims()
        if state.explain:
            state.explanations[self.rule.name] = explain_rule(self.rule, claims)
        self.verdict = _or_fail_setup(lambda: evaluate_rule(self.rule, claims), self.config)
        state.verdicts[self.rule.name] = self.verdict
        if not self.verdict.passed and self.verdict.severity == "warning":
            state.warnings.append(Contradiction(self.verdict, self.rule.description))

    def runtest(self) -> None:
        assert self.verdict is not None
        if not self.verdict.passed and self.verdict.severity == "error":
            raise Contradiction(self.verdict, self.rule.description)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, Contradiction):
            return render_contradiction(excinfo.value.verdict, excinfo.value.description)
        if isinstance(excinfo.value, ClaimsError):
            return display(excinfo.value, self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        return self.path, self.rule.line - 1, f"rule: {self.rule.name}"


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

        outcome = run_example(self.rule, self.example)
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


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = _session(config)
    if state is None:
        return
    if state.corpus is None and not config.getoption("claims_quantities"):
        return
    corpus = state.load_corpus()
    extracted = state.claims  # read before --claims-quantities extracts: None when no rule ran
    quantities = state.load_claims() if config.getoption("claims_quantities") else None
    terminalreporter.section("pytest-claims")
    for line in summary_lines(corpus, extracted, state.verdicts,
                              [(warning.verdict, warning.description) for warning in state.warnings],
                              list(state.explanations.values()), config.getoption("verbose"), quantities,
                              config.invocation_params.dir):
        terminalreporter.write_line(line)
