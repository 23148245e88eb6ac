"""Table cells from user data: plain text (never markup) and short yes/no marks."""

from __future__ import annotations

from rich.text import Text


def cell(value: object) -> Text:
    """A table cell that shows the value as typed (brackets are not markup)."""
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("✓" if value else "")
    return Text(str(value))


def number(value: int) -> Text:
    """A right-aligned count."""
    return Text(f"{value:,}", justify="right")
