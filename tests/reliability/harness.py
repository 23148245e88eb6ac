"""Real processes and real databases for the reliability tests.

`Store` makes databases on one backend (SQLite files or PostgreSQL databases), copies a
prepared one, and reads any of them back through a plain DB-API connection of its own, so
what a test checks never goes through the segtui code under test. `run`, `kill_after` and
`kill_when` start the real `segtui` command, each in a process of its own (launcher.py).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.pg_server import Server
from tests.reliability import launcher

# The command as a shell runs it, for the tests of segtui's start-up itself; every other
# test starts it through launcher.py, which skips only Python's start-up.
SEGTUI = (sys.executable, "-m", "segtui")

# Tables in the order a dump lists them (every table segtui has, whatever the version).
_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
_PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"

_names = itertools.count(1)

# How often `kill_when` looks whether its moment has come (seconds).
_POLL = 0.002


@dataclass
class Store:
    """Databases on one backend for one test (or one session): made, copied, read, dropped."""

    backend: str
    folder: Path
    server: Server | None = None
    made: list[str] = field(default_factory=list)

    def _name(self, hint: str) -> str:
        return f"rel_{os.getpid()}_{next(_names)}_{hint}".lower()

    def new(self, hint: str = "db") -> str:
        """The URL of a new, empty database (segtui creates the schema on first open)."""
        name = self._name(hint)
        self.made.append(name)
        if self.backend == "sqlite":
            return str(self.folder / f"{name}.db")
        assert self.server is not None
        with contextlib.closing(self.server.connect()) as admin, admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        return self.server.url(name)

    def copy(self, source: str, hint: str = "copy") -> str:
        """A new database holding exactly what `source` holds (nobody may be using it)."""
        name = self._name(hint)
        self.made.append(name)
        if self.backend == "sqlite":
            target = self.folder / f"{name}.db"
            shutil.copyfile(source, target)
            os.chmod(target, 0o600)
            for suffix in ("-wal", "-shm"):
                if Path(source + suffix).exists():
                    shutil.copyfile(source + suffix, str(target) + suffix)
            return str(target)
        assert self.server is not None
        with contextlib.closing(self.server.connect()) as admin, admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db_name(source)}" STRATEGY FILE_COPY')
        return self.server.url(name)

    def load_sql(self, url: str, sql: str) -> None:
        """Run a SQL script (a pg_dump made with --inserts) in a database."""
        with contextlib.closing(self.connect(url)) as conn, conn.cursor() as cur:
            cur.execute(sql)

    @contextlib.contextmanager
    def cursor(self, url: str) -> Iterator[Any]:
        """A cursor on its own autocommitting connection."""
        with contextlib.closing(self.connect(url)) as conn:
            cur = conn.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def connect(self, url: str) -> Any:
        """A plain DB-API connection (sqlite3 or psycopg2), autocommitting."""
        if self.backend == "sqlite":
            return sqlite3.connect(url, isolation_level=None, timeout=30)
        assert self.server is not None
        return self.server.connect(db_name(url))

    def tables(self, url: str) -> list[str]:
        """Every table in the database."""
        with self.cursor(url) as cur:
            return self._tables(cur)

    def _tables(self, cur: Any) -> list[str]:
        cur.execute(_SQLITE_TABLES if self.backend == "sqlite" else _PG_TABLES)
        return [row[0] for row in cur.fetchall()]

    def counts(self, url: str) -> dict[str, int]:
        """The number of rows of every table."""
        # One connection for the list and the counts: on PostgreSQL each is a new server
        # process, and the kill tests count after every kill.
        with self.cursor(url) as cur:
            result = {}
            for table in self._tables(cur):
                cur.execute(f'SELECT COUNT(*) FROM "{table}"')
                result[table] = cur.fetchone()[0]
            return result

    def dump(
        self, url: str, columns: dict[str, list[str]] | None = None
    ) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted, for an exact before/after comparison.

        With `columns` (table -> column names), only those tables and columns: the data a
        schema upgrade must keep, leaving out the columns it added.
        """
        with self.cursor(url) as cur:
            tables = self._tables(cur) if columns is None else sorted(columns)
            result = {}
            for table in tables:
                names = "*" if columns is None else ", ".join(f'"{c}"' for c in columns[table])
                cur.execute(f'SELECT {names} FROM "{table}"')
                rows = [tuple(_plain(v) for v in row) for row in cur.fetchall()]
                result[table] = sorted(rows, key=repr)
            return result

    def scalar(self, url: str, sql: str, params: Sequence[object] = ()) -> Any:
        """The first column of the first row of a query (`?` placeholders)."""
        if self.backend != "sqlite":
            sql = sql.replace("?", "%s")
        with self.cursor(url) as cur:
            cur.execute(sql, tuple(params))
            row = cur.fetchone()
            return row[0] if row else None

    def integrity_problems(self, url: str) -> list[str]:
        """What is broken in the database; empty when it is sound.

        SQLite checks its own file and every foreign key. PostgreSQL cannot corrupt on a
        killed client and enforces its foreign keys; there the counts that must agree
        are checked (a logged segment's entries, numbers handed out past every number).
        """
        problems: list[str] = []
        with self.cursor(url) as cur:
            if self.backend == "sqlite":
                cur.execute("PRAGMA integrity_check")
                result = [row[0] for row in cur.fetchall()]
                if result != ["ok"]:
                    problems.extend(result)
                cur.execute("PRAGMA foreign_key_check")
                problems.extend(f"foreign key: {row}" for row in cur.fetchall())
            cur.execute(
                "SELECT l.entry_no, l.no_of_interactions, COUNT(e.entry_no) "
                "FROM logged_segment l LEFT JOIN interaction_log_entry e "
                "ON e.logged_segment_entry_no = l.entry_no "
                "GROUP BY l.entry_no, l.no_of_interactions "
                "HAVING COUNT(e.entry_no) <> l.no_of_interactions"
            )
            problems.extend(f"logged segment entries: {row}" for row in cur.fetchall())
            cur.execute(
                "SELECT COUNT(*) FROM segment_line s "
                "WHERE NOT EXISTS (SELECT 1 FROM segment_header h WHERE h.no = s.segment_no)"
            )
            orphans = cur.fetchone()[0]
            if orphans:
                problems.append(f"{orphans} segment lines without a segment")
        return problems

    def drop(self, url: str) -> None:
        """Drop one database this store made."""
        name = Path(url).stem if self.server is None else db_name(url)
        if self.server is None:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)
        else:
            with contextlib.closing(self.server.connect()) as admin, admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def drop_all(self) -> None:
        """Drop the databases this store made (they can be large)."""
        if not self.made:
            return
        if self.server is None:
            for name in self.made:
                for suffix in ("", "-wal", "-shm"):
                    (self.folder / f"{name}.db{suffix}").unlink(missing_ok=True)
            self.made.clear()
            return
        with contextlib.closing(self.server.connect()) as admin, admin.cursor() as cur:
            for name in self.made:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


def db_name(url: str) -> str:
    """The database name in a postgresql:// URL."""
    return url.split("?")[0].rsplit("/", 1)[-1]


def _plain(value: Any) -> Any:
    """A column value that compares by content (PostgreSQL hands blobs out as memoryview)."""
    return bytes(value) if isinstance(value, memoryview) else value


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment segtui runs in: a fixed user, no settings file unless given."""
    result = dict(os.environ)
    result["SEGTUI_USER"] = "tester"
    result.setdefault("SEGTUI_CONFIG", "/nonexistent/segtui-settings.toml")
    result.pop("SEGTUI_DB", None)
    result.update(extra or {})
    return result


def run(
    url: str, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `segtui --db URL ARGS…` to the end, in a process of its own (see launcher.py)."""
    return launcher.run("segtui", ["--db", url, *args], env(extra_env), timeout=timeout)


def timed(url: str, *args: str, extra_env: dict[str, str] | None = None) -> float:
    """How long an uninterrupted `segtui` run takes, in seconds (it must succeed)."""
    start = time.perf_counter()
    result = run(url, *args, extra_env=extra_env)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    return elapsed


def kill_after(
    url: str, *args: str, delay: float, extra_env: dict[str, str] | None = None
) -> int | None:
    """Start `segtui --db URL ARGS…` and SIGKILL it after `delay` seconds.

    Returns the exit status when it finished first, None when it was killed.
    """
    process = launcher.start("segtui", ["--db", url, *args], env(extra_env), capture=False)
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def kill_when(
    url: str, *args: str, moment: Callable[[], bool], extra_env: dict[str, str] | None = None
) -> int | None:
    """Start `segtui --db URL ARGS…` and SIGKILL it as soon as `moment()` is true.

    The kill follows what the process has done (letters in its output folder, say), not
    the clock, so it lands at the same point of the work on a fast machine or a slow one.
    Returns the exit status when the process finished first, None when it was killed.
    """
    process = launcher.start("segtui", ["--db", url, *args], env(extra_env), capture=False)
    while not moment():
        try:
            return process.wait(timeout=_POLL)
        except subprocess.TimeoutExpired:
            continue
    process.send_signal(signal.SIGKILL)
    process.wait()
    return None


def fastest(*runs: Callable[[], float]) -> float:
    """The shortest of several timed runs of the same work.

    The first run on a fresh machine pays for a cold disk cache (Python, lxml and
    python-docx read from disk); kill moments taken from it would fall after the end of
    every later, warm run. The fastest run is what the killed runs will take.
    """
    return min(measure() for measure in runs)


def kill_points(ready: float, total: float, count: int) -> list[float]:
    """`count` moments spread evenly over a run: from just before the work starts
    (`ready`: how long the command needs to start and open the database) to its end."""
    first, last = ready * 0.8, total
    step = (last - first) / (count - 1)
    return [first + i * step for i in range(count)]
