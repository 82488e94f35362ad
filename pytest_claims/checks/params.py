"""Check parameters, declared once: what each means, how its YAML value is read, its JSON Schema.

A check kind declares each YAML parameter as a dataclass field whose value is
``parameter(spec)``, ``spec`` being one of the classes here::

    max: Optional[float] = parameter(Number("highest value a claim may take", example=300), default=None)

The rule-file decoder reads the value through ``spec.read`` and the schema
generator describes it with ``spec.schema``, so the two cannot disagree. A
``None`` default makes a plain number (:class:`Number`, :class:`Whole`)
optional and nullable; every other parameter without a default is required.

The ``require_*`` helpers check values again in the kinds' ``__post_init__``,
for checks built in Python rather than from a rule file.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol, Sequence, TypeVar

from ..language.expressions import CLAIM_NAME_PATTERN, RESERVED_NAMES
from ..language.numbers import NUMBER_NOTE, NUMBER_PATTERN, WHOLE_PATTERN, parse_number, parse_whole
from ..language.selectors import Selector
from ..language.units import LIMIT_NOTE, LIMIT_PATTERN, Limit, parse_limit
from ..records.intervals import format_number
from ..records.yamlfile import described, shown_value
from .base import ParameterError

T = TypeVar("T")

#: where a rule-file schema defines a selector
SELECTOR_REF = {"$ref": "#/definitions/selector"}
#: text with at least one character that is not a space
NOT_BLANK_PATTERN = r"\S"


class Reader(Protocol):
    """What a parameter needs from the rule-file decoder to read selectors (with their lines)."""

    def selector(self, value: Any, key: str) -> Selector: ...

    def named_selectors(self, value: Any, key: str, min_names: int) -> dict[str, Selector]: ...


@dataclass(frozen=True)
class Param:
    """A parameter's meaning: ``doc`` (one line for the schema and errors) and a valid ``example``."""

    doc: str
    example: Any

    #: the values an editor may choose from (for :class:`Choice`), shown when the parameter is missing
    @property
    def choices(self) -> tuple[str, ...]:
        return ()

    #: whether ``null`` (or nothing) means "none" when the parameter's default is None
    @property
    def nullable(self) -> bool:
        return False

    def read(self, value: Any, key: str, reader: Reader) -> Any:
        """The parameter's value from YAML; ParameterError (at ``key``) when it cannot be one."""
        raise NotImplementedError

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        """The JSON Schema constraint on the value and a note on what to write, in words."""
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Param):
    """A number as editors write them: ``40``, ``"1,000"``, ``"85%"`` (0.85), ``"1.5 million"``."""

    @property
    def nullable(self) -> bool:
        return True

    def read(self, value: Any, key: str, reader: Reader) -> float:
        return _parsed(parse_number, value, key)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return number_schema(nullable), NUMBER_NOTE


@dataclass(frozen=True)
class NumberWithUnit(Param):
    """A number, optionally with its unit: ``300``, ``"300 km/h"``, ``"10 billion USD"``, ``"$10 billion"``
    (a :class:`~pytest_claims.language.units.Limit`; a float without a unit)."""

    @property
    def nullable(self) -> bool:
        return True

    def read(self, value: Any, key: str, reader: Reader) -> float | Limit:
        return _parsed(parse_limit, value, key)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        with_unit = {"type": "string", "pattern": LIMIT_PATTERN,
                     "patternErrorMessage": f"Write {LIMIT_NOTE}."}
        return {"anyOf": [number_schema(nullable), with_unit]}, LIMIT_NOTE


@dataclass(frozen=True)
class Whole(Param):
    """A whole number: ``3`` or ``"3"``."""

    @property
    def nullable(self) -> bool:
        return True

    def read(self, value: Any, key: str, reader: Reader) -> int:
        return _parsed(parse_whole, value, key)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return ({"type": ["integer", "string"] + (["null"] if nullable else []), "pattern": WHOLE_PATTERN,
                 "patternErrorMessage": "Write a whole number such as 3."}, "a whole number")


@dataclass(frozen=True)
class Flag(Param):
    """``true`` or ``false``."""

    def read(self, value: Any, key: str, reader: Reader) -> bool:
        if not isinstance(value, bool):
            raise ParameterError(f"'{key}' must be true or false, got {shown_value(value) or described(value)}", key)
        return value

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return {"type": ["boolean", "null"] if nullable else "boolean"}, "true or false"


@dataclass(frozen=True)
class Choice(Param):
    """One word of a fixed list."""

    options: tuple[str, ...] = ()

    @property
    def choices(self) -> tuple[str, ...]:
        return self.options

    def read(self, value: Any, key: str, reader: Reader) -> str:
        return read_choice(value, self.options, key)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return {"enum": list(self.options)}, "one of: " + ", ".join(self.options)


@dataclass(frozen=True)
class ExpressionText(Param):
    """An expression over the claims named in the parameter ``names`` (the check parses it)."""

    names: str = "claims"

    def read(self, value: Any, key: str, reader: Reader) -> str:
        if not isinstance(value, str):
            raise ParameterError(f"'{key}' must be text, e.g. 'children <= killed'; got {described(value)}", key)
        return value

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return ({"type": "string", "pattern": NOT_BLANK_PATTERN},
                f"an expression over the claims named in `{self.names}`, by their names")


@dataclass(frozen=True)
class Claims(Param):
    """A selector: which claims (combined with the rule's ``select``)."""

    def read(self, value: Any, key: str, reader: Reader) -> Selector:
        return reader.selector(value, key)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return dict(SELECTOR_REF), "a selector: a mapping of the keys of `select`"


@dataclass(frozen=True)
class NamedClaims(Param):
    """Names mapped to selectors, at least ``min_names`` of them: the parts of a whole, an expression's names."""

    min_names: int = 1

    def read(self, value: Any, key: str, reader: Reader) -> dict[str, Selector]:
        return reader.named_selectors(value, key, self.min_names)

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        least = self.min_names
        schema: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": CLAIM_NAME_PATTERN, "title": "claim name",
                              "patternErrorMessage": "A claim name is a letter or _, then letters, digits or "
                                                     "_; not " + ", ".join(f"`{name}`" for name in RESERVED_NAMES)
                                                     + "."},
            "additionalProperties": dict(SELECTOR_REF),
            "minProperties": least,
        }
        return schema, (f"a mapping of claim names (a letter or _, then letters, digits or _) to "
                        f"selectors; at least {least} {'name' if least == 1 else 'names'}")


@dataclass(frozen=True)
class NumberOrClaims(Param):
    """A number, or a selector for the claims that state it."""

    def read(self, value: Any, key: str, reader: Reader) -> float | Selector:
        if isinstance(value, Mapping):
            return reader.selector(value, key)
        try:
            return parse_number(value)
        except ValueError as error:
            raise ParameterError(f"'{key}' must be a number or a selector mapping: {error}", key) from None

    def schema(self, nullable: bool) -> tuple[dict[str, Any], str]:
        return ({"anyOf": [number_schema(False), dict(SELECTOR_REF)]},
                f"{NUMBER_NOTE}; or a selector (a mapping of the keys of `select`)")


def _parsed(parse: Callable[[Any], T], value: Any, key: str) -> T:
    """``parse(value)``, its ValueError turned into a ParameterError at ``key``."""
    try:
        return parse(value)
    except ValueError as error:
        raise ParameterError(f"'{key}': {error}", key) from None


def number_schema(nullable: bool) -> dict[str, Any]:
    """The JSON Schema of a rule number (:func:`~pytest_claims.language.numbers.parse_number`)."""
    return {"type": ["number", "string"] + (["null"] if nullable else []), "pattern": NUMBER_PATTERN,
            "patternErrorMessage": f"Write {NUMBER_NOTE}."}


def read_choice(value: Any, choices: Sequence[str], key: str) -> str:
    """``value`` when it is one of ``choices``; ParameterError naming the nearest otherwise."""
    if isinstance(value, str) and value in choices:
        return value
    # a list or mapping is never spelled out: an alias bomb expands to billions of items when printed
    close = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ParameterError(f"'{key}' must be one of: {', '.join(choices)}; got {shown_value(value) or described(value)}"
                         f"{hint}", key)


# ---------------------------------------------------------------- declaring and listing parameters

_SPEC = "pytest_claims.param"


def parameter(spec: Param, *, default: Any = dataclasses.MISSING) -> Any:
    """A check kind's field for the YAML parameter ``spec`` describes (required unless given a default)."""
    return dataclasses.field(default=default, metadata={_SPEC: spec})


@dataclass(frozen=True)
class Declared:
    """One parameter of one check kind: its YAML name, its spec and its default."""

    name: str
    spec: Param
    required: bool
    default: Any  # dataclasses.MISSING when required

    @property
    def nullable(self) -> bool:
        """Whether ``null`` means "none": a plain number whose default is None."""
        return self.spec.nullable and self.default is None


def parameters(kind: type) -> tuple[Declared, ...]:
    """The YAML parameters of a check kind, in field order; ValueError for a field declared without a spec."""
    declared = []
    for field in dataclasses.fields(kind):
        if not field.init:
            continue
        spec = field.metadata.get(_SPEC)
        if not isinstance(spec, Param):
            raise ValueError(f"parameter '{field.name}' of check kind {kind.__name__} is not declared with "
                             f"parameter(): give it a Number, NumberWithUnit, Whole, Flag, Choice, ExpressionText, Claims, NamedClaims or "
                             f"NumberOrClaims spec")
        required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        declared.append(Declared(field.name, spec, required, field.default))
    return tuple(declared)


# ---------------------------------------------------------------- shared parameters and checks of values

#: what ``group_by`` may split claims by, before a check compares them
GROUP_BY = ("source", "outlet", "document")


def group_by_parameter() -> Any:
    """The ``group_by`` parameter, alike in every check kind that has one."""
    return parameter(Choice(
        "compare claims only within each source (or outlet, or document): each keeps its own series; claims "
        "without one are skipped", example="source", options=GROUP_BY), default=None)


def within_days_parameter(doc: str, example: int) -> Any:
    """A ``within_days`` parameter (default 0: the same day); ``doc`` says what it joins."""
    return parameter(Whole(doc, example=example), default=0)


#: what ``within_days`` means for the kinds that compare claims of nearby days
WITHIN_DAYS = ("claims whose dates are at most this many days apart are compared; 0 compares claims of the same "
               "day only")


def require_tolerance(value: object) -> None:
    """A tolerance in the whole's units (complement) or in share points (ratio): a number, not negative."""
    require_number("tolerance", value)
    assert isinstance(value, (int, float))
    if value < 0:
        raise ValueError(f"tolerance must not be negative, got {format_number(value)}")


def require_days(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"within_days must be a whole number of days, got {value!r}")
    if value < 0:
        raise ValueError(f"within_days must not be negative, got {value}")


def require_group_by(value: object) -> None:
    if value is not None:
        require_choice("group_by", value, GROUP_BY)


def require_number(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")


def require_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of: {', '.join(choices)}; got {value!r}")
