"""Printing helpers shared by every command: JSON documents and plain tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from segtui.domain.text import escaped


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


class _Escaping:
    """A text stream that writes unsafe characters as visible escapes (bytes written to its
    `buffer`, such as a letter sent to stdout, pass through untouched)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text` with its control characters and direction overrides escaped."""
        return self._stream.write(escaped(text))

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each line as `write` does."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """While a command runs, whatever it prints shows text from the database or the user
    as text: an ESC or a direction override stored by another program is printed as
    `\\u001b`, never sent raw to the terminal. Newlines and tabs stay."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(out), _Escaping(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def print_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    json.dump(document, sys.stdout, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print rows as aligned plain-text columns (for people; scripts use --json)."""
    # A newline or tab inside a value would break the columns: shown escaped there.
    materialised = [
        ["" if cell is None else escaped(str(cell), keep="") for cell in row] for row in rows
    ]
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
