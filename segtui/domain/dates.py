"""Dates as users type them, read the same way by every front end."""

from __future__ import annotations

import datetime as dt

from segtui.domain.errors import InvalidInput

DATE_FORMAT = "YYYY-MM-DD"
"""How a date is written wherever segtui asks for one."""


def parse_date(text: str, what: str = "date") -> dt.date:
    """A YYYY-MM-DD date, or an error naming `what` and the format."""
    typed = text.strip()
    try:
        return dt.date.fromisoformat(typed)
    except ValueError:
        raise InvalidInput(f"{what} {typed!r} is not a date; write it as {DATE_FORMAT}") from None


def parse_optional_date(text: str, what: str = "date") -> dt.date | None:
    """A date as `parse_date` reads it, or None for blank text (a field left empty)."""
    return parse_date(text, what) if text.strip() else None
