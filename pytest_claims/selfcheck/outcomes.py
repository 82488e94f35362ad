"""What a rule's self-checks found, as plain records: rendered by :mod:`pytest_claims.report.selfchecks`.

Kept apart from the checks that produce them, so that reading or rendering
an outcome never loads extraction (examples) or Hypothesis (sensitivity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..records.errors import RuleError
from ..records.model import Claim, Verdict
from ..rulefile.rule import Example, Rule

# ---------------------------------------------------------------- examples


@dataclass(frozen=True)
class ExampleOutcome:
    """What the rule did on an example, and whether that is what the example expects."""

    rule: Rule
    example: Example
    verdict: Optional[Verdict]
    error: Optional[RuleError]  # the rule could not judge the example (selected nothing, ...)
    missing: tuple[str, ...] = ()  # numbers the example says the rule selects, and it did not
    unexpected: tuple[str, ...] = ()  # numbers the rule selected that the example does not list

    @property
    def outcome(self) -> str:
        """``pass``, ``fail`` or ``error``: what the rule did."""
        if self.error is not None or self.verdict is None:
            return "error"
        return "pass" if self.verdict.passed else "fail"

    @property
    def as_expected(self) -> bool:
        return self.outcome == self.example.expect and not self.missing and not self.unexpected


# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Rejection:
    """A nearby claim the selector rejected, and the one condition that excluded it."""

    claim: Claim
    #: the selector condition that excluded it, as the editor wrote it: "near [trapped, squeezed]"
    condition: str
    #: that condition's reason: "no word of [trapped, squeezed] in the sentence"
    reason: str


@dataclass(frozen=True)
class GroupExplanation:
    """What one claim group's selector selected, and the nearby claims it rejected."""

    group: str  # "claims", "left", "right", or a check's own group name
    selector: str  # Selector.describe()
    selected: tuple[Claim, ...]  # in reading order
    rejected: tuple[Rejection, ...]  # nearby candidates only, in reading order


@dataclass(frozen=True)
class RuleExplanation:
    """Every claim group of one rule, explained."""

    rule: str
    path: str
    line: int
    groups: tuple[GroupExplanation, ...]


# ---------------------------------------------------------------- sensitivity

OK, VACUOUS, UNSOUND, UNSATISFIABLE = "ok", "vacuous", "unsound", "unsatisfiable"
STATUSES = (OK, VACUOUS, UNSOUND, UNSATISFIABLE)

@dataclass(frozen=True)
class SensitivityReport:
    """What perturbing a rule's selected claims showed."""

    rule: str
    status: str  # one of STATUSES
    message: str  # one or two sentences for an editor
    #: each selected claim (as written) and its perturbed value on the comparison scale, behind a
    #: vacuous or unsound finding; () otherwise
    example: tuple[tuple[Claim, float], ...] = ()
    tried: int = 0  # perturbations evaluated, both searches together
