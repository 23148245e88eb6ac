"""The baseline side: record the SQL segtui sends, replay the same statements by hand.

The Recorder wraps Peewee's `execute_sql`, so the baseline runs the very statement text and
parameters segtui ran (nothing re-typed by hand), on a plain `sqlite3` connection with the
same pragmas, or on a plain psycopg2 connection to the same PostgreSQL database, in one
transaction, timed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from segtui.db.database import SQLITE_PRAGMAS, _lower
from segtui.db.proxy import db


@dataclass
class Statement:
    """One statement as Peewee sent it, with its time and rows affected."""

    sql: str
    params: tuple[Any, ...]
    seconds: float = 0.0
    rows: int = -1


@dataclass
class Recording:
    """Every statement run while recording, in order."""

    statements: list[Statement] = field(default_factory=list)

    def find(self, prefix: str) -> list[Statement]:
        """The statements whose SQL starts with `prefix` (e.g. 'INSERT INTO "segment_line"')."""
        return [s for s in self.statements if s.sql.lstrip().startswith(prefix)]

    def one(self, prefix: str) -> Statement:
        """The single statement starting with `prefix` that affected the most rows."""
        found = self.find(prefix)
        if not found:
            raise LookupError(f"no statement starting with {prefix!r} was run")
        return max(found, key=lambda s: s.rows)


@contextmanager
def recording() -> Iterator[Recording]:
    """Record every statement the services run on the open Peewee database."""
    database = db.obj
    original = database.execute_sql
    record = Recording()

    def execute_sql(sql: str, params: Any = None) -> Any:
        start = time.perf_counter()
        cursor = original(sql, params)
        statement = Statement(sql, tuple(params or ()), time.perf_counter() - start)
        statement.rows = getattr(cursor, "rowcount", -1)
        record.statements.append(statement)
        return cursor

    database.execute_sql = execute_sql
    try:
        yield record
    finally:
        del database.execute_sql  # back to the class's method


def connect_raw(path: str) -> sqlite3.Connection:
    """A plain sqlite3 connection set up as segtui sets up its own (same pragmas, LOWER)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=15)
    for name, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    conn.create_function("lower", 1, _lower, deterministic=True)
    return conn


def substitute(params: Sequence[Any], mapping: dict[Any, Any]) -> tuple[Any, ...]:
    """The parameters with some values swapped (the baseline's own segment number).

    Only exact-type matches are swapped, so True never stands in for 1.
    """
    return tuple(
        mapping[p] if type(p) in (str, int) and p in mapping and type(mapping[p]) is type(p) else p
        for p in params
    )


@dataclass
class Replay:
    """The baseline's timing: whole transaction and per statement, with rows affected."""

    seconds: float
    per_statement: list[float]
    rows: list[int]


def replay(conn: Any, statements: Sequence[Statement], mapping: dict[Any, Any]) -> Replay:
    """Run the statements by hand in one write transaction, as a hand-written job would."""
    if not isinstance(conn, sqlite3.Connection):
        return _replay_postgres(conn, statements, mapping)
    times, rows = [], []
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            t0 = time.perf_counter()
            cursor = conn.execute(statement.sql, substitute(statement.params, mapping))
            times.append(time.perf_counter() - t0)
            rows.append(cursor.rowcount)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return Replay(time.perf_counter() - start, times, rows)


def timed_query(conn: Any, sql: str, params: Sequence[Any]) -> tuple[float, Any]:
    """Run a read statement to completion; its seconds and its rows."""
    if not isinstance(conn, sqlite3.Connection):
        return _timed_query_postgres(conn, sql, params)
    start = time.perf_counter()
    rows = conn.execute(sql, tuple(params)).fetchall()
    return time.perf_counter() - start, rows


def scalar(conn: Any, sql: str, params: Sequence[Any]) -> Any:
    """The first column of the first row of a read statement (`?` placeholders, either side)."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, tuple(params)).fetchone()[0]
    return _timed_query_postgres(conn, sql.replace("?", "%s"), params)[1][0][0]


def _replay_postgres(conn: Any, statements: Sequence[Statement], mapping: dict[Any, Any]) -> Replay:
    """The psycopg2 side of `replay`: BEGIN, the statements, COMMIT, on one cursor."""
    times, rows = [], []
    start = time.perf_counter()
    # psycopg2 opens the transaction on the first statement (autocommit is off); the
    # COMMIT below ends it, exactly as Peewee's atomic() block does on segtui's side.
    with conn.cursor() as cursor:
        try:
            for statement in statements:
                t0 = time.perf_counter()
                cursor.execute(statement.sql, substitute(statement.params, mapping))
                times.append(time.perf_counter() - t0)
                rows.append(cursor.rowcount)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return Replay(time.perf_counter() - start, times, rows)


def _timed_query_postgres(conn: Any, sql: str, params: Sequence[Any]) -> tuple[float, Any]:
    """The psycopg2 side of `timed_query`; the read's transaction is ended after it."""
    start = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.execute(sql, tuple(params))
        rows = cursor.fetchall()
    conn.commit()
    return time.perf_counter() - start, rows


def connect_raw_postgres(url: str) -> Any:
    """A plain psycopg2 connection to the database segtui has open (libpq takes the URL)."""
    import psycopg2

    return psycopg2.connect(url)


def query_plan(conn: Any, statement: Statement, mapping: dict[Any, Any]) -> str:
    """EXPLAIN QUERY PLAN of a statement, indented as SQLite's shell shows it.

    On PostgreSQL, EXPLAIN ANALYZE (the statement really runs, so the plan shows actual
    rows and times) inside a transaction that is rolled back, so nothing changes.
    """
    params = substitute(statement.params, mapping)
    if not isinstance(conn, sqlite3.Connection):
        with conn.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, params)
            lines = [row[0] for row in cursor.fetchall()]
        conn.rollback()
        return "\n".join(lines)
    rows = conn.execute("EXPLAIN QUERY PLAN " + statement.sql, params).fetchall()
    depth: dict[int, int] = {0: 0}
    out = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        out.append("  " * depth[node] + detail)
    return "\n".join(out)
