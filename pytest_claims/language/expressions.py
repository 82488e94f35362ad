"""Rule expressions: a small, safe language for conditions between claims.

Editors, not programmers, write conditions in YAML rule files::

    children <= killed
    captured + held <= 1
    0 <= share <= 100%
    killed - wounded >= 0 and children <= killed

Grammar (whitespace is free)::

    condition  := comparison ("and" comparison)*
    comparison := sum (cmp sum)+          # 0 <= x <= 1 means 0 <= x and x <= 1
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := number | name | "(" sum ")"
    number     := 1000, 1,000, 2.5, .5, 85% (= 0.85)
    cmp        := < <= == != >= >

The text is never handed to Python (no ``eval``, no ``compile``): a hand-written
tokenizer and recursive-descent parser build a small tree, and every problem is
an :class:`ExpressionError` with a message an editor can act on and the column
to point at. Hostile input is bounded (length, tokens, nesting), so parsing
never runs deep enough to hit Python's recursion limit.

Soundness. A claim's interval is the set of values its writer asserts. A
comparison is reported as impossible only when *no* choice of one value per
name, inside its interval, satisfies it: a false alarm is a bug. Each side is
evaluated with interval arithmetic into an enclosure (a superset of the values
the side can take) and the enclosures are compared with
:func:`~pytest_claims.intervals.can_relate`. The arithmetic is exact on open and
closed ends: "more than three quarters" (0.75, 1] plus "a quarter" 0.25 is
(1, 1.25], which cannot equal 1.

Division by 0. A divisor written as 0 ("killed / 0") is refused when a rule's
condition is parsed;
a divisor that can be 0 for the claims (a claim's interval holds 0, or a
difference of two claims can be 0) leaves only the whole line as the
quotient's enclosure, which would let the comparison hold whatever the
values. :func:`zero_divisor` finds such a divisor, and the check reports the
comparison as one it cannot judge: the rule's error, never a pass.

What is not reported, by design:

* The dependency problem. When every name appears once in a comparison (and
  no divisor can be 0) the judgement is exact. A repeated name is treated as
  independent copies: ``a - a`` with a in [0, 1] encloses [-1, 1], not {0},
  and the two sides of a comparison are likewise judged independently.
  Enclosures stay supersets (sound) but a contradiction that needs the
  repetition to show is missed.
* Conjunctions. Each comparison of an ``and`` chain is judged on its own: the
  parts can each be possible while no single choice of values satisfies them
  all together. Only the parts that are impossible by themselves are reported.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Mapping, Optional, Union

from ..records.intervals import ARITHMETIC, Ends, can_relate, exact, exact_ends, negate

MAX_LENGTH = 500  # characters
MAX_TOKENS = 100  # names, numbers and operators
MAX_DEPTH = 30  # nested parentheses

#: a name the rule gives a claim, as the decoder full-matches it ("children", "held_by_rebels")
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: words of the language that cannot name a claim
RESERVED_NAMES = ("and",)
#: a claim name as a JSON Schema pattern: :data:`NAME_PATTERN` but none of :data:`RESERVED_NAMES`
CLAIM_NAME_PATTERN = f"^(?!(?:{'|'.join(RESERVED_NAMES)})$)(?:{NAME_PATTERN.pattern})$"

COMPARISONS = ("<", "<=", "==", "!=", ">=", ">")

_OPERATORS_HINT = "(operators are + - * / and comparisons < <= == != >= >)"
_AND_BOTH_SIDES = "'and' needs a comparison on both sides"
_UNMATCHED = "')' without a matching '('"
_COMPARISON_IN_PARENS = ("a comparison cannot be inside parentheses: parentheses only group "
                         "arithmetic (or is a ')' missing before it?)")
_AND_IN_PARENS = ("a comparison cannot be chained with 'and' inside parentheses: parentheses "
                  "only group arithmetic")


class ExpressionError(ValueError):
    """A problem in an expression, with the 0-based column an editor's caret should point at."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __reduce__(self) -> tuple[type, tuple[str, int]]:
        # the default pickling would call __init__ with the message only
        return (type(self), (self.message, self.column))


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Number:
    """A number; ``text`` keeps the editor's spelling ("1,000", "85%") for messages."""

    value: Fraction
    text: str


@dataclass(frozen=True)
class Name:
    """A name the rule binds to claims; ``column`` locates it for error carets."""

    name: str
    column: int


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * /
    left: Node
    right: Node


Node = Union[Number, Name, Negate, BinOp]


@dataclass(frozen=True)
class Comparison:
    """One comparison; ``text`` is as written ("children <= killed"), so reports can quote it."""

    left: Node
    op: str
    right: Node
    text: str


@dataclass(frozen=True)
class Condition:
    """Comparisons that must all hold; ``text`` is the whole expression, which columns index."""

    text: str
    comparisons: tuple[Comparison, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name once, in order of first appearance."""
        return tuple(dict.fromkeys(name.name for name in self._name_nodes()))

    def name_column(self, name: str) -> int:
        """Column of the first appearance of ``name``; KeyError when the condition lacks it."""
        columns = [node.column for node in self._name_nodes() if node.name == name]
        if not columns:
            raise KeyError(name)
        return min(columns)

    def numbers(self) -> tuple[Fraction, ...]:
        """Every number the condition states, in order ("85%" as 0.85)."""
        return tuple(node.value for node in self._nodes() if isinstance(node, Number))

    def _name_nodes(self) -> Iterator[Name]:
        return (node for node in self._nodes() if isinstance(node, Name))

    def _nodes(self) -> Iterator[Node]:
        for comparison in self.comparisons:
            yield from _walk(comparison.left)
            yield from _walk(comparison.right)


def _walk(node: Node) -> Iterator[Node]:
    """``node`` and every node under it, left to right."""
    yield node
    if isinstance(node, Negate):
        yield from _walk(node.operand)
    elif isinstance(node, BinOp):
        yield from _walk(node.left)
        yield from _walk(node.right)


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, op, cmp, (, ), and, end
    text: str
    column: int
    value: Optional[Fraction] = None


_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS = _NAME_START | _DIGITS
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?")

#: two characters that look like an operator but are not one
_PAIR_PROBLEMS = {
    "**": "powers ('**') are not supported", "//": "'//' is not supported: write '/' to divide",
    "<>": "'<>' is not supported: write '!=' for 'differs from'",
    "=<": "'=<' is not an operator: write '<='", "=>": "'=>' is not an operator: write '>='",
    "&&": "'&&' is not supported: write 'and'", "||": "'or' is not supported: write two rules",
}
#: single characters with a more useful message than "unexpected"
_CHAR_PROBLEMS = {
    "=": "'=' compares nothing: write '==' to compare",
    "!": "unexpected '!': write '!=' for 'differs from'",
    "%": "'%' must directly follow a number, as in '85%'",
    ",": "unexpected ',': commas only separate thousands, as in '1,000'",
    "&": "unexpected '&': write 'and'", "|": "'or' is not supported: write two rules",
    "'": "unexpected quote: names are written without quotes",
    '"': "unexpected quote: names are written without quotes",
    **{c: f"unexpected '{c}': write '{ascii_}'" for c, ascii_ in (
        ("≤", "<="), ("≥", ">="), ("≠", "!="), ("×", "*"), ("÷", "/"), ("−", "-"), ("–", "-"))},
}
#: words that look like operators (compared in lower case)
_WORD_PROBLEMS = {
    "or": "'or' is not supported: write two rules",
    "not": "'not' is not supported: write the opposite comparison ('a > b' for 'not a <= b')",
    "and": "write 'and' in lower case",
}


def _tokenize(text: str) -> Iterator[_Token]:
    """Tokens one at a time, so the parser reports the leftmost problem first."""
    position, count = 0, 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            yield _Token("end", "", len(text.rstrip()))
            return
        count += 1
        if count > MAX_TOKENS:
            raise ExpressionError(
                f"the expression is too long (more than {MAX_TOKENS} names, numbers and operators)",
                position)
        token = _next_token(text, position)
        yield token
        position += len(token.text)


def _next_token(text: str, i: int) -> _Token:
    c = text[i]
    if c in _DIGITS or (c == "." and text[i + 1:i + 2] in _DIGITS):
        return _number(text, i)
    if c in _NAME_START:
        return _word(text, i)
    pair = text[i:i + 2]
    if pair in _PAIR_PROBLEMS:
        raise ExpressionError(_PAIR_PROBLEMS[pair], i)
    if pair in ("<=", ">=", "==", "!="):
        return _Token("cmp", pair, i)
    if c in "<>":
        return _Token("cmp", c, i)
    if c in "+-*/":
        return _Token("op", c, i)
    if c in "()":
        return _Token(c, c, i)
    shown = f"'{c}'" if c.isprintable() else repr(c)
    raise ExpressionError(_CHAR_PROBLEMS.get(c, f"unexpected {shown} {_OPERATORS_HINT}"), i)


def _number(text: str, i: int) -> _Token:
    end = i
    while end < len(text) and (text[end] in _DIGITS or text[end] in ",."):
        end += 1
    written = text[i:end]
    if not _NUMBER.fullmatch(written):
        raise ExpressionError(f"number '{written}' is malformed: write e.g. '1,000', '2.5' or '85%'", i)
    value = Fraction(written.replace(",", ""))
    if text[end:end + 1] == "%":
        return _Token("number", written + "%", i, value / 100)
    return _Token("number", written, i, value)


def _word(text: str, i: int) -> _Token:
    end = i + 1
    while end < len(text) and text[end] in _NAME_CHARS:
        end += 1
    word = text[i:end]
    if word == "and":
        return _Token("and", word, i)
    if word.lower() in _WORD_PROBLEMS:
        raise ExpressionError(_WORD_PROBLEMS[word.lower()], i)
    return _Token("name", word, i)


# ---------------------------------------------------------------- parser


def parse(text: str, *, refuse_zero_divisors: bool = False) -> Condition:
    """The condition ``text`` states; ExpressionError (a ValueError) for anything else.

    ``refuse_zero_divisors`` makes a divisor written as 0 (``killed / 0``, ``a / (1 - 1)``) an error, as
    rules want: the condition holds nowhere, and the check could judge nothing.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"a condition must be text, like 'children <= killed', got {text!r}", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
                              MAX_LENGTH)
    if not text.strip():
        raise ExpressionError("empty expression", 0)
    return _Parser(text, refuse_zero_divisors).condition()


class _Parser:
    """Recursive descent with one token of lookahead; ``depth`` bounds the recursion."""

    def __init__(self, text: str, refuse_zero_divisors: bool = False) -> None:
        self.text = text
        self.refuse_zero_divisors = refuse_zero_divisors
        self.tokens = _tokenize(text)
        self.previous: Optional[_Token] = None
        self.current = next(self.tokens)
        self.depth = 0

    def advance(self) -> _Token:
        self.previous, self.current = self.current, next(self.tokens)
        return self.previous

    def condition(self) -> Condition:
        comparisons = self.comparison(None)
        while self.current.kind == "and":
            comparisons += self.comparison(self.advance())
        if self.current.kind != "end":
            raise self.unexpected_after_operand()
        return Condition(self.text, tuple(comparisons))

    def comparison(self, conjunction: Optional[_Token]) -> list[Comparison]:
        """A chain ``s0 op1 s1 op2 s2 ...``, as the comparisons s0 op1 s1, s1 op2 s2, ..."""
        self.require_comparison(conjunction)
        operands = [self.spanned_sum()]
        ops: list[str] = []
        while self.current.kind == "cmp":
            ops.append(self.advance().text)
            operands.append(self.spanned_sum())
        if not ops:
            self.require_comparison(conjunction)
            if self.current.kind == "end":
                raise ExpressionError("the expression compares nothing: write e.g. 'children <= killed'",
                                      operands[0][1])
            raise self.unexpected_after_operand()
        return [Comparison(left, op, right, self.text[start:end].strip())
                for (left, start, _), op, (right, _, end) in zip(operands, ops, operands[1:])]

    def require_comparison(self, conjunction: Optional[_Token]) -> None:
        """Complain about 'and' with nothing to join: "and a < b", "a and b < c", "a < b and"."""
        if self.current.kind == "and":
            raise ExpressionError(_AND_BOTH_SIDES, (conjunction or self.current).column)
        if conjunction is not None and self.current.kind == "end":
            raise ExpressionError(_AND_BOTH_SIDES, conjunction.column)

    def spanned_sum(self) -> tuple[Node, int, int]:
        start = self.current.column
        node = self.sum()
        assert self.previous is not None
        return node, start, self.previous.column + len(self.previous.text)

    def sum(self) -> Node:
        node = self.term()
        while self.current.kind == "op" and self.current.text in ("+", "-"):
            op = self.advance().text
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            op = self.advance().text
            start = self.current.column
            right = self.unary()
            if op == "/" and self.refuse_zero_divisors and _is_zero(right):
                raise ExpressionError(f"division by 0: '{self.text[start:self.previous_end()].strip()}' is always "
                                      f"0, and a division by 0 has no value: divide by a number other than 0", start)
            node = BinOp(op, node, right)
        return node

    def previous_end(self) -> int:
        assert self.previous is not None
        return self.previous.column + len(self.previous.text)

    def unary(self) -> Node:
        signs = 0  # counted, not recursed: "- - - x" costs no stack
        while self.current.kind == "op" and self.current.text == "-":
            self.advance()
            signs += 1
        node = self.atom()
        for _ in range(signs):
            node = Negate(node)
        return node

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            assert token.value is not None
            return Number(token.value, token.text)
        if token.kind == "name":
            self.advance()
            if self.current.kind == "(":
                raise ExpressionError(f"function calls are not supported ('{token.text}(...)')", token.column)
            return Name(token.text, token.column)
        if token.kind == "(":
            return self.group()
        raise self.expected_operand()

    def group(self) -> Node:
        opening = self.advance()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"too many nested parentheses (at most {MAX_DEPTH})", opening.column)
        node = self.sum()
        closing = self.current
        if closing.kind == ")":
            self.advance()
            self.depth -= 1
            return node
        if closing.kind == "end":
            raise ExpressionError("missing ')': this '(' is never closed", opening.column)
        if closing.kind == "cmp":
            raise ExpressionError(_COMPARISON_IN_PARENS, closing.column)
        if closing.kind == "and":
            raise ExpressionError(_AND_IN_PARENS, closing.column)
        raise self.unexpected_after_operand()

    def expected_operand(self) -> ExpressionError:
        token, before = self.current, self.previous
        if token.kind == ")" and self.depth == 0:
            return ExpressionError(_UNMATCHED, token.column)
        if token.kind == ")" and before is not None and before.kind == "(":
            return ExpressionError("empty parentheses: put a name or a number inside", before.column)
        where = f"after '{before.text}'" if before is not None else "at the start"
        found = "" if token.kind == "end" else f", found '{token.text}'"
        return ExpressionError(f"expected a name, a number or '(' {where}{found}", token.column)

    def unexpected_after_operand(self) -> ExpressionError:
        """A complete operand is followed by ')', a name, a number or '('."""
        token, before = self.current, self.previous
        if token.kind == ")":
            return ExpressionError(_UNMATCHED, token.column)
        assert before is not None
        return ExpressionError(f"missing an operator between '{before.text}' and '{token.text}'",
                               token.column)


# ---------------------------------------------------------------- evaluation


def enclosure(node: Node, values: Mapping[str, Ends]) -> Ends:
    """A superset of the values ``node`` takes when each name ranges over its interval."""
    if isinstance(node, Number):
        return Ends(node.value, node.value, True, True)
    if isinstance(node, Name):
        return exact_ends(values[node.name])
    if isinstance(node, Negate):
        return negate(enclosure(node.operand, values))
    return ARITHMETIC[node.op](enclosure(node.left, values), enclosure(node.right, values))


def zero_divisor(comparison: Comparison, values: Mapping[str, Ends]) -> Optional[Node]:
    """The first divisor of ``comparison`` that can be 0 when each name ranges over its interval, or None.

    A division by a value that can be 0 has no enclosure but the whole line,
    so a comparison with one would hold whatever the values: it cannot be
    judged, and saying so is the caller's duty, never a pass.
    """
    for side in (comparison.left, comparison.right):
        for node in _walk(side):
            if isinstance(node, BinOp) and node.op == "/":
                divisor = enclosure(node.right, values)
                if not divisor.is_empty() and divisor.contains(Fraction(0)):
                    return node.right
    return None


def node_text(node: Node) -> str:
    """``node`` written out, parenthesised where it is an operation inside another: ``(a - b)``."""
    if isinstance(node, Number):
        return node.text
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Negate):
        return f"-{_operand_text(node.operand)}"
    return f"{_operand_text(node.left)} {node.op} {_operand_text(node.right)}"


def _operand_text(node: Node) -> str:
    return f"({node_text(node)})" if isinstance(node, BinOp) else node_text(node)


def _is_zero(node: Node) -> bool:
    """Whether ``node`` holds no name and is 0."""
    if any(isinstance(part, Name) for part in _walk(node)):
        return False
    try:
        return _value(node, {}) == 0
    except ZeroDivisionError:  # a 0 divisor inside it was refused when it was parsed
        return False


def can_hold(comparison: Comparison, values: Mapping[str, Ends]) -> bool:
    """False only when no values, one per name inside its interval, satisfy the comparison.

    ``!=`` fails only when both sides are the same single point: then they are
    equal whatever the values.
    """
    left, right = enclosure(comparison.left, values), enclosure(comparison.right, values)
    if comparison.op != "!=":
        return can_relate(left, comparison.op, right)
    if left.is_empty() or right.is_empty():
        return False
    return not (left.lo == left.hi and left == right)


def failing(condition: Condition, values: Mapping[str, Ends]) -> tuple[Comparison, ...]:
    """The comparisons that cannot hold, each judged on its own (see the module docstring)."""
    return tuple(comparison for comparison in condition.comparisons if not can_hold(comparison, values))


# ---------------------------------------------------------------- exact points

_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": operator.lt, "<=": operator.le, "==": operator.eq,
    "!=": operator.ne, ">=": operator.ge, ">": operator.gt}
_EXACT: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def holds_at(condition: Condition, points: Mapping[str, Fraction | float]) -> bool:
    """Whether every comparison holds at these exact values; a division by zero makes it false."""
    try:
        return all(_COMPARE[c.op](_value(c.left, points), _value(c.right, points))
                   for c in condition.comparisons)
    except ZeroDivisionError:
        return False


def _value(node: Node, points: Mapping[str, Fraction | float]) -> Fraction:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        point = points[node.name]
        return exact(point) if isinstance(point, float) else Fraction(point)
    if isinstance(node, Negate):
        return -_value(node.operand, points)
    return _EXACT[node.op](_value(node.left, points), _value(node.right, points))
