"""Table cells from user data: plain text (never markup) and short yes/no marks; the row
under a table's cursor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from rich.text import Text
from textual.widgets import DataTable

from segtui.domain.text import escaped

T = TypeVar("T")


def cell(value: object) -> Text:
    """A table cell that shows the value as typed (brackets are not markup; a control
    character written by another program shows as `\\u001b`, never acts on the screen)."""
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("✓" if value else "")
    return Text(escaped(str(value), keep=""))


def number(value: int) -> Text:
    """A right-aligned count."""
    return Text(f"{value:,}", justify="right")


def under_cursor(table: DataTable[Any], rows: Sequence[T]) -> T | None:
    """The item of `rows` (in table order) under the table's cursor; None if there is none."""
    if not table.row_count or not 0 <= table.cursor_row < len(rows):
        return None
    return rows[table.cursor_row]
