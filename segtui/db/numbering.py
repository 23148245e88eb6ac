"""Number series: CT000001, SEG00001… handed out safely under concurrent users.

One UPDATE … RETURNING bumps the counter, so on PostgreSQL the row lock and on SQLite the
write transaction serialise callers; no two callers ever get the same number.
"""

from __future__ import annotations

from segtui.db.models import NumberSeries

DEFAULT_SERIES = {
    "CONTACT": ("CT", 6),
    "SEGMENT": ("SEG", 5),
    "CAMPAIGN": ("CP", 5),
}


def _ensure_series(series: str) -> None:
    """Create a default series the first time it is used."""
    prefix, width = DEFAULT_SERIES[series]
    query = NumberSeries.insert(code=series, prefix=prefix, width=width, last_no=0)
    query.on_conflict_ignore().execute()


def reserve_numbers(series: str, count: int = 1) -> tuple[str, int, int]:
    """Reserve `count` numbers; return (prefix, width, first number). Call inside a transaction."""
    _ensure_series(series)
    cursor = (
        NumberSeries.update(last_no=NumberSeries.last_no + count)
        .where(NumberSeries.code == series)
        .returning(NumberSeries.prefix, NumberSeries.width, NumberSeries.last_no)
        .tuples()
        .execute()
    )
    prefix, width, last = next(iter(cursor))
    return prefix, width, last - count + 1


def format_number(prefix: str, width: int, number: int) -> str:
    """Write a number of a series, e.g. ('SEG', 5, 12) -> 'SEG00012'."""
    return f"{prefix}{number:0{width}d}"


def next_number(series: str) -> str:
    """The next number of a series. Call inside a write transaction."""
    prefix, width, first = reserve_numbers(series, 1)
    return format_number(prefix, width, first)


def bump_past(series: str, number: int) -> None:
    """Make sure the series never hands out `number` or below (after importing numbered rows)."""
    _ensure_series(series)
    NumberSeries.update(last_no=number).where(
        (NumberSeries.code == series) & (NumberSeries.last_no < number)
    ).execute()
