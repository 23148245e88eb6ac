"""Printing helpers shared by every command: JSON documents and plain tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any


def _default(value: Any) -> Any:
    """Turn domain values into JSON: dataclasses, enums, dates and decimals."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    json.dump(document, sys.stdout, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print rows as aligned plain-text columns (for people; scripts use --json)."""
    materialised = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in materialised:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    for row in materialised:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def print_folder_note(replaced: int, kept: int) -> None:
    """Say what --overwrite did to files already in a merge's folder (nothing if none)."""
    if replaced:
        print(f"replaced {replaced} existing file(s) of the same name")
    if kept:
        print(f"{kept} other file(s) already in the folder were left as they were")
