"""Bulk inserts through the raw DB-API cursor: many rows, one statement, no per-row ORM work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import peewee as pw

from segtui.db.database import SQLITE_PRAGMAS
from segtui.db.proxy import db


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """An INSERT with the open database's own parameter placeholders."""
    param = db.obj.param
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(param for _ in columns)})'


def execute_many(sql: str, rows: Iterable[Sequence[object]]) -> None:
    """Run one statement for many rows on the raw cursor (call inside a write transaction).

    psycopg2's own executemany makes a round trip per row; execute_batch groups them.
    """
    cursor = db.cursor()
    if isinstance(db.obj, pw.PostgresqlDatabase):
        from psycopg2.extras import execute_batch

        execute_batch(cursor, sql, rows, page_size=1000)
    else:
        cursor.executemany(sql, rows)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Insert rows in bulk (call inside a write transaction)."""
    execute_many(insert_sql(table, columns), rows)


@contextmanager
def large_cache(mebibytes: int = 1024) -> Iterator[None]:
    """On SQLite, a large page cache while a bulk write runs, then the usual one again.

    With a million rows the indexes outgrow the normal cache, and every insert then reads
    and writes index pages from disk: about a third of the time of a large import.
    PostgreSQL manages its own buffers; there this does nothing.
    """
    database = db.obj
    if not isinstance(database, pw.SqliteDatabase):
        yield
        return
    database.execute_sql(f"PRAGMA cache_size = -{mebibytes * 1024}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {SQLITE_PRAGMAS['cache_size']}")


def timestamp_param(value: dt.datetime) -> object:
    """A timestamp as a bulk insert parameter.

    SQLite stores timestamps as text anyway; formatting once here saves the driver's adapter
    a call per row. PostgreSQL takes the datetime itself.
    """
    if isinstance(db.obj, pw.SqliteDatabase):
        return value.isoformat(" ")
    return value
