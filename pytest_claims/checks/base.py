"""What a check kind is: its base class, its result, and what sensitivity asks of it.

A check kind is one module of this package holding one frozen dataclass that
derives from :class:`Check`. Its fields are its YAML parameters, each declared
once with :func:`~pytest_claims.checks.params.parameter` (the rule-file
decoder and the JSON Schema generator both read that declaration); its
``evaluate`` compares the claims the rule selected; its ``satisfying`` builds
values that satisfy it, for ``--claims-sensitivity``. The registry in
:mod:`pytest_claims.checks` maps each YAML name to its class.

The guiding rule of every kind: **a check fails only when the claims cannot
all be true given their intervals.** A claim asserts that the true number lies
somewhere in ``claim.interval`` (open and closed ends matter), so a constraint
between claims is violated only when *no* choice of values inside their
intervals satisfies it. Checks that need dates use when each claim holds,
``claim.as_of``, not the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Mapping, Optional, Protocol, Sequence, Union

from ..language.selectors import Selector
from ..records.model import Claim, Violation

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class ParameterError(ValueError):
    """A check parameter is wrong; ``key`` (dotted, e.g. ``claims.kids``) says which, for the error's line."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


class CombinationLimitError(Exception):
    """A check would have to compare more combinations of claims one by one than it may.

    Never a pass: the engine turns it into the rule's error, whose message says
    how many combinations there were and how to have fewer.
    """


@dataclass(frozen=True)
class CheckResult:
    """What a check found over its groups of claims."""

    violations: tuple[Violation, ...]
    #: how many constraints were actually tested; 0 means the rule could never
    #: fail on this data (the engine turns that into an error)
    comparisons: int
    notes: tuple[str, ...] = ()
    #: contradictions found beyond those in ``violations`` (a check lists the tightest ones, bounded, and
    #: counts the rest here so that a failure says how many there are without listing them all)
    unlisted: int = 0


#: contradictions a verdict lists at most; the rest are counted in ``unlisted`` (see :meth:`Check.spread`)
MAX_LISTED = 20

#: the group of a check that compares one set of claims: those the rule's ``select`` picks
CLAIMS_GROUP = "claims"

#: one value per selected claim, on the comparison scale (shares as fractions of 1)
Assignment = tuple[Fraction, ...]


class SearchSpace(Protocol):
    """The values sensitivity analysis may give a rule's selected claims (see :mod:`pytest_claims.selfcheck.sensitivity`)."""

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Each selected claim once, in first-seen order."""
        ...

    @property
    def groups(self) -> Mapping[str, tuple[int, ...]]:
        """Each group of the check -> indices into ``claims``, in the group's order."""
        ...

    @property
    def top(self) -> Fraction:
        """The top of the domain: three times the largest magnitude the claims and the check mention."""
        ...

    def values(self, lo: Fraction, hi: Fraction) -> SearchStrategy[Fraction]:
        """Values in [lo, hi]: the grid and the numbers the claims and the check mention."""
        ...

    def free(self) -> SearchStrategy[Fraction]:
        """Any value of the domain, [0, top]."""
        ...

    def assign(self, by_group: Mapping[str, Fraction]) -> Assignment:
        """An assignment giving every claim of a group that group's value (the first group wins)."""
        ...

    def classes(self, names: Sequence[str]) -> list[list[str]]:
        """The group names joined where their groups share a claim: they must take one value."""
        ...


#: assignments that satisfy a check, or why none can be built
Satisfying = Union["SearchStrategy[Assignment]", str]


class Check:
    """The base of every check kind (see the module docstring).

    Subclasses are frozen dataclasses and set ``name``; kinds that compare
    claims by date set ``dated``.
    """

    #: the kind's name in rule files (``check: bounds``)
    name: ClassVar[str]
    #: whether the kind compares claims by their as-of date, so each needs one
    dated: ClassVar[bool] = False
    #: which contradictions a failure lists when there are more than MAX_LISTED, as reports word it
    #: (``{listed}``: how many are shown); kinds that rank them by :meth:`spread` say so
    listing: ClassVar[str] = "the first {listed} found"

    @property
    def needs_dates(self) -> bool:
        """Whether every selected claim needs an as-of date (the engine refuses to judge without)."""
        return self.dated

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        """The claim groups ``evaluate`` receives, each with the check's own selector (None: the rule's)."""
        return {CLAIMS_GROUP: None}

    def grouping(self) -> Optional[str]:
        """What claims are split by before ``evaluate`` sees them (``group_by``); None: not split."""
        return None

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        raise NotImplementedError

    def describe(self) -> str:
        """What the check asserts, in a few words ("values within [0, 40]")."""
        raise NotImplementedError

    def spread(self, violation: Violation) -> Optional[float]:
        """How far apart the claims of a contradiction lie (infinite for an empty range), to list the
        furthest apart first when there are more than MAX_LISTED; None: the kind does not rank them."""
        return None

    # -- what sensitivity analysis needs

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        """The numbers the check's parameters state (limits, wholes, totals): values worth trying."""
        return ()

    def satisfying(self, space: SearchSpace) -> Satisfying:
        """A Hypothesis strategy of assignments that satisfy the check, or why there is none to build."""
        return f"there is no satisfying builder for check kind '{self.name}'"

    def what_must_hold(self) -> str:
        """The constraint as sensitivity names it when nothing satisfies it."""
        return self.describe()

    def vacuity_hint(self, claims: Sequence[Claim]) -> Optional[str]:
        """Why the check might be unable to fail on these claims, when the kind can tell; else None."""
        return None
