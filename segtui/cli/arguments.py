"""Argument types shared by the commands (argparse turns their ValueError into a usage error)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from segtui.domain.dates import parse_date
from segtui.domain.errors import InvalidInput

# The largest number a database column of segtui holds (a 32-bit integer on PostgreSQL).
LARGEST_NUMBER = 2**31 - 1


def whole_number(name: str, low: int = 1, high: int = LARGEST_NUMBER) -> Callable[[str], int]:
    """A converter for a whole number from `low` to `high`; argparse calls it `name` in
    its errors ("invalid line number value: '9999…'")."""

    def convert(text: str) -> int:
        if len(text) > 20 or not text.strip().lstrip("+-").isascii():
            raise ValueError(text)  # never parse a 5 000-digit number, nor "²"
        number = int(text)
        if not low <= number <= high:
            raise ValueError(text)
        return number

    convert.__name__ = name  # argparse says "invalid <name> value: …"
    return convert


def positive_number(name: str) -> Callable[[str], int]:
    """A converter for a whole number from 1 to LARGEST_NUMBER."""
    return whole_number(name)


entry_number = positive_number("entry number")
line_number = positive_number("line number")
segment_version = positive_number("segment version")


def date_argument(text: str) -> dt.date:
    """A YYYY-MM-DD date, read as every front end reads one."""
    try:
        return parse_date(text)
    except InvalidInput:
        raise ValueError(text) from None


date_argument.__name__ = "date"  # argparse says "invalid date value: …"
