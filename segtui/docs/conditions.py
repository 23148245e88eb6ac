"""Compare two field values the way Word's IF, NEXTIF and SKIPIF do.

Word compares numbers as numbers when both sides are numbers, and text as text otherwise
(case matters). With `=` or `<>`, a quoted right side may hold wildcards: `?` for one
character, `*` for any run of characters.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# Digits with an optional sign, thousands commas and decimals: "12", "-3.5", "1,250.00".
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# Word's own limit on what a `*` may stand for.
MAX_WILDCARD_TEXT = 128


def as_number(text: str) -> float | None:
    """The number `text` holds, or None when it is not (only) a number."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", ""))


@lru_cache(maxsize=256)
def _wildcard(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(body, re.DOTALL)


def holds(left: str, op: str, right: str, right_quoted: bool = False) -> bool:
    """Whether `left op right` is true by Word's rules."""
    if op in ("=", "<>") and right_quoted and ("*" in right or "?" in right):
        matched = _wildcard(right).fullmatch(left[: MAX_WILDCARD_TEXT + len(right)]) is not None
        return matched if op == "=" else not matched
    a, b = as_number(left), as_number(right)
    if a is not None and b is not None:
        return _COMPARE[op](a, b)
    return _COMPARE[op](left, right)
