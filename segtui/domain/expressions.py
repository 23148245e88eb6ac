"""The filter-expression language NAV users know, parsed into a small AST.

`London|Paris`, `10..20`, `<>X`, `Lon*`, `@*lon*`, `''`, `A*&<>Ann`: see SPEC §3.
`|` separates alternatives; `&` (binding tighter) joins conditions that must all hold.
A value in single quotes is taken literally, so `'A|B'` matches the text A|B.
The parser only reads text; turning values into typed SQL parameters is the db floor's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from segtui.domain.errors import InvalidInput

MAX_EXPRESSION_LENGTH = 10_000


class Op(StrEnum):
    """A comparison operator of a single condition."""

    EQ = "="
    NE = "<>"
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


@dataclass(frozen=True)
class Comparison:
    """`X`, `<>X`, `<X`…: compare the field with one value."""

    op: Op
    value: str
    case_insensitive: bool = False


@dataclass(frozen=True)
class Range:
    """`A..B`, `..B`, `A..`: an inclusive range, either end may be open."""

    low: str | None
    high: str | None
    case_insensitive: bool = False


@dataclass(frozen=True)
class Pattern:
    """`Lon*`, `L?ndon`, `<>*x*`: a wildcard match (`*` any run, `?` one character)."""

    pattern: str
    negated: bool = False
    case_insensitive: bool = False


@dataclass(frozen=True)
class Empty:
    """`''` (the field is empty) or `<>''` (it is not)."""

    negated: bool = False


Condition = Comparison | Range | Pattern | Empty


@dataclass(frozen=True)
class AllOf:
    """Conditions joined by `&`: all must hold."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Expression:
    """Alternatives joined by `|`: at least one must hold."""

    alternatives: tuple[AllOf, ...]

    def conditions(self) -> list[Condition]:
        """Every condition of the expression, in written order."""
        return [c for alt in self.alternatives for c in alt.conditions]


_OPERATORS = (("<>", Op.NE), ("<=", Op.LE), (">=", Op.GE), ("<", Op.LT), (">", Op.GT), ("=", Op.EQ))


def _split(text: str, separator: str) -> list[tuple[str, bool]]:
    """Split at `separator` outside single quotes; say for each part whether it was quoted."""
    parts: list[tuple[str, bool]] = []
    current: list[str] = []
    quoted = in_quotes = False
    for char in text:
        if char == "'":
            in_quotes = not in_quotes
            quoted = True
        if char == separator and not in_quotes:
            parts.append(("".join(current), quoted))
            current, quoted = [], False
        else:
            current.append(char)
    if in_quotes:
        raise InvalidInput(f"unclosed quote in {text!r}")
    parts.append(("".join(current), quoted))
    return parts


def _unquote(text: str) -> tuple[str, bool]:
    """Read `'…'` as one literal value (`''` inside stands for a quote); say whether it was.

    Only a single quoted token counts: in `'a'..'b'` the quotes belong to the range's ends.
    """
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        inner = text[1:-1]
        if "'" not in inner.replace("''", ""):
            return inner.replace("''", "'"), True
    return text, False


def _parse_condition(raw: str, whole: str) -> Condition:
    """Parse one condition (a part between `|` and `&`)."""
    text = raw.strip()
    if not text:
        raise InvalidInput(f"empty condition in {whole!r} (check `|` and `&`)")
    op = Op.EQ
    for symbol, candidate in _OPERATORS:
        if text.startswith(symbol):
            op, text = candidate, text[len(symbol) :].strip()
            break
    case_insensitive = text.startswith("@")
    if case_insensitive:
        text = text[1:]
    if text == "''":
        if case_insensitive or op not in (Op.EQ, Op.NE):
            raise InvalidInput(f"'' (empty) takes no operator but <> in {whole!r}")
        return Empty(negated=op is Op.NE)
    value, quoted = _unquote(text)
    if not quoted and ".." in value:
        if op is not Op.EQ:
            raise InvalidInput(f"a range cannot follow {op.value!r} in {raw.strip()!r}")
        low, _, high = value.partition("..")
        if ".." in high:
            raise InvalidInput(f"a range has one `..`, not several: {raw.strip()!r}")
        low, high = _unquote(low.strip())[0], _unquote(high.strip())[0]
        if not low and not high:
            raise InvalidInput(f"a range needs at least one end: {raw.strip()!r}")
        return Range(low or None, high or None, case_insensitive)
    if not value and not quoted:
        # Name what the user typed: a lone `@` has no operator to blame.
        typed = op.value if raw.strip()[: len(op.value)] == op.value else "@"
        raise InvalidInput(f"{typed!r} needs a value after it in {raw.strip()!r}")
    if not quoted and ("*" in value or "?" in value):
        if op not in (Op.EQ, Op.NE):
            raise InvalidInput(f"wildcards cannot follow {op.value!r} in {raw.strip()!r}")
        return Pattern(value, negated=op is Op.NE, case_insensitive=case_insensitive)
    return Comparison(op, value, case_insensitive)


# Conditions in one filter (`a|b|c` has three). The SQL keeps them flat — one IN list for
# plain values, one OR chain for the rest — so both backends take this many alike.
MAX_CONDITIONS = 500


def parse_expression(text: str) -> Expression:
    """Parse a filter expression, or raise InvalidInput naming the part at fault."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise InvalidInput(
            f"filter expression is too long ({len(text)} characters; at most "
            f"{MAX_EXPRESSION_LENGTH})"
        )
    bad = next((c for c in text if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise InvalidInput(f"filter expression contains a control character ({ord(bad):#04x})")
    if not text.strip():
        raise InvalidInput("filter expression is empty (use '' to match an empty field)")
    alternatives = []
    for alternative, _ in _split(text, "|"):
        parts = _split(alternative, "&")
        alternatives.append(AllOf(tuple(_parse_condition(part, text) for part, _ in parts)))
    conditions = sum(len(alt.conditions) for alt in alternatives)
    if conditions > MAX_CONDITIONS:
        raise InvalidInput(
            f"a filter holds at most {MAX_CONDITIONS} conditions (this one has {conditions}); "
            "split it, or group the values in a mailing group or profile"
        )
    return Expression(tuple(alternatives))
