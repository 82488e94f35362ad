"""Check kinds: what a rule asserts about the claims it selects.

One module per kind, each a :class:`~pytest_claims.checks.base.Check`
subclass holding its parameters, its evaluation and what sensitivity analysis
needs from it; :data:`CHECKS` is the registry. To add a kind, write its
module beside these and add it to the table below.
"""

from __future__ import annotations

from .agreement import Agreement
from .base import Check, CheckResult
from .bounds import Bounds
from .complement import Complement
from .expression import Expression
from .ratio import Ratio
from .relation import Relation
from .trend import Trend

#: every check kind, by its name in rule files (``check: bounds``), in the order the docs list them
CHECKS: dict[str, type[Check]] = {kind.name: kind for kind in (
    Bounds,
    Trend,
    Relation,
    Agreement,
    Complement,
    Ratio,
    Expression,
)}

__all__ = ["CHECKS", "Agreement", "Bounds", "Check", "CheckResult", "Complement", "Expression", "Ratio", "Relation",
           "Trend"]
