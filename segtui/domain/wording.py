"""Counts and nouns as a user reads them: "1 line", "4 505 lines"."""

from __future__ import annotations


def number(n: int) -> str:
    """A whole number with its thousands grouped by spaces ("4 505", "140 000")."""
    return f"{n:,}".replace(",", " ")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun in the number it needs ("1 line", "0 lines", "12 entries")."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{number(n)} {word}"
