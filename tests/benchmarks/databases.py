"""Demo databases for the suite, built with the `segtui demo` command, once per size a run.

The PostgreSQL databases are copies of the SQLite ones (COPY of every table), so both
backends are measured on the very same rows.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def segtui_command(db: Path | str, *args: str) -> list[str]:
    """The command line that runs segtui on `db` (a file or a URL) with this interpreter."""
    return [sys.executable, "-m", "segtui", "--db", str(db), *args]


def child_env(folder: Path) -> dict[str, str]:
    """The environment for segtui child processes: a private settings file, no colours."""
    env = dict(os.environ)
    env["SEGTUI_CONFIG"] = str(folder / "settings.toml")
    env["NO_COLOR"] = "1"
    return env


class DemoDatabases:
    """Builds `segtui demo --contacts N` databases under one folder and hands out copies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._built: dict[int, Path] = {}
        self.build_seconds: dict[int, float] = {}

    def template(self, contacts: int) -> Path:
        """The pristine demo database of this size (built on first use, never modified)."""
        if contacts not in self._built:
            path = self.folder / f"demo-{contacts}.db"
            start = time.perf_counter()
            subprocess.run(
                segtui_command(path, "demo", "--contacts", str(contacts)),
                check=True,
                capture_output=True,
                env=child_env(self.folder),
            )
            self.build_seconds[contacts] = time.perf_counter() - start
            self._built[contacts] = path
        return self._built[contacts]

    def copy(self, contacts: int, name: str) -> Path:
        """A working copy of the demo database of this size, for operations that change it."""
        source = self.template(contacts)
        target = self.folder / f"{name}-{contacts}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return target


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_CHUNK = 50_000  # rows per COPY buffer: a few MB of text, never the whole table


def _copy_text(value: object) -> str:
    """One value in COPY's text format (SQLite's 0/1 booleans and ISO dates read as they are)."""
    if value is None:
        return "\\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()  # bytea's hex form; the backslash escaped for COPY
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.translate(COPY_ESCAPES)
    return text


def _parents_first(sqlite: sqlite3.Connection, tables: list[str]) -> list[str]:
    """The tables ordered so that every table comes after those its foreign keys point to."""
    parents = {
        t: {row[2] for row in sqlite.execute(f'PRAGMA foreign_key_list("{t}")')} - {t}
        for t in tables
    }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {set(tables) - set(ordered)}")
        ordered.extend(sorted(ready))
    return ordered


def copy_sqlite_to_postgres(source: Path, url: str) -> dict[str, int]:
    """Copy every row of a segtui SQLite database into an empty segtui PostgreSQL database.

    segtui itself creates the PostgreSQL schema first (`connect`), so both hold the same
    tables at the same schema version; the rows then go in with COPY (the rows segtui's
    demo made, so both backends are measured on the same data), the id sequences are moved
    past the copied ids, and VACUUM ANALYZE leaves the tables as autovacuum would.
    Returns the rows copied per table.
    """
    import psycopg2

    from segtui.db.database import connect

    connect(url).close()  # creates the schema, as the first segtui to open it would
    sqlite = sqlite3.connect(source)
    copied: dict[str, int] = {}
    pg = psycopg2.connect(url)
    try:
        with pg.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = sorted(row[0] for row in cursor.fetchall())
            # Whatever the schema's creation wrote (settings, number series) comes again
            # from the source, which was made at the same schema version.
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
            for table in _parents_first(sqlite, tables):
                columns = [row[1] for row in sqlite.execute(f'PRAGMA table_info("{table}")')]
                names = ", ".join(f'"{c}"' for c in columns)
                rows = sqlite.execute(f'SELECT {names} FROM "{table}"')
                copied[table] = 0
                while chunk := rows.fetchmany(COPY_CHUNK):
                    buffer = io.StringIO(
                        "".join("\t".join(map(_copy_text, row)) + "\n" for row in chunk)
                    )
                    cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)
                    copied[table] += len(chunk)
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_default LIKE 'nextval%%'"
            )
            for table, column in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s),"
                    f' COALESCE(MAX("{column}"), 0) + 1, false) FROM "{table}"',
                    (table, column),
                )
        pg.commit()
        pg.autocommit = True  # VACUUM refuses to run inside a transaction
        with pg.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        pg.close()
        sqlite.close()
    return copied


class PostgresDatabases:
    """One PostgreSQL database per size on a test server, each a copy of the SQLite demo."""

    def __init__(self, server: Any, sqlite: DemoDatabases) -> None:
        self.server = server
        self.sqlite = sqlite
        self._built: dict[int, str] = {}
        self.build_seconds: dict[int, float] = {}

    def template(self, contacts: int) -> str:
        """The URL of the database of this size (created and filled on first use)."""
        if contacts not in self._built:
            source = self.sqlite.template(contacts)
            name = f"segtui_bench_{contacts}"
            admin = self.server.connect()
            try:
                with admin.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    # UTF-8 with a C.UTF-8 collation, as the README asks of a team database.
                    cursor.execute(
                        f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8'"
                        " LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                    )
            finally:
                admin.close()
            url = self.server.url(name)
            start = time.perf_counter()
            copy_sqlite_to_postgres(source, url)
            self.build_seconds[contacts] = time.perf_counter() - start
            self._built[contacts] = url
        return self._built[contacts]
