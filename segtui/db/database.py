"""Opening the one database segtui works on: a SQLite file or a PostgreSQL server.

`open_database` binds the proxy of `segtui.db.proxy` to the chosen backend and brings the
schema up to date. Apart from the connection itself nothing here or above depends on the
backend.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlparse

import peewee as pw

from segtui.config import lock_wait_seconds
from segtui.db.proxy import db
from segtui.db.schema import ensure_schema
from segtui.domain.errors import Conflict, SegtuiError
from segtui.paths import default_database, resolve_database, without_password

log = logging.getLogger(__name__)

# WAL lets the TUI read while another process writes; busy_timeout (set from
# lock_wait_seconds() when connecting) waits for a writer instead of failing with "database
# is locked"; case_sensitive_like makes LIKE behave as
# on PostgreSQL (case-insensitive matching is asked for explicitly with `@`).
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "case_sensitive_like": 1,
    "cache_size": -64000,
}


class DatabaseUnavailable(SegtuiError):
    """The database cannot be opened (missing server, unreadable or corrupt file)."""


def _sqlite_path(target: str) -> Path:
    """The file path of a SQLite target given as a path or a sqlite:/// URL."""
    if target.startswith("sqlite:///"):
        return Path(unquote(target[len("sqlite:///") :]))
    if target.startswith("sqlite://"):
        raise DatabaseUnavailable(
            f"{without_password(target)!r}: write SQLite URLs as sqlite:///path/to/file.db"
        )
    return Path(target)


def _create_private_file(path: Path) -> None:
    """Create a new database file readable by its owner only (0600).

    The folder must exist: a mistyped --db path is reported, not made into a new tree of
    folders with an empty database in it. (The default location is made by `connect`.)
    """
    if not path.parent.is_dir():
        raise DatabaseUnavailable(
            f"cannot create database {path}: folder {path.parent} does not exist"
        )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot create database {path}: {exc.strerror}") from None


def _refuse_foreign(path: Path) -> None:
    """Refuse another program's SQLite file before segtui touches it.

    Opening with segtui's pragmas would switch the file to WAL for good and the schema
    step would add segtui's tables to it; so the file is first read through a read-only
    connection, and one that holds tables but no segtui schema version is left alone.
    """
    if path.stat().st_size == 0:
        return  # an empty file: a new database
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=lock_wait_seconds())) as check:
            tables = {row[0] for row in check.execute(_TABLES)}
            ours = "setting" in tables and check.execute(_SCHEMA_VERSION).fetchone() is not None
    except sqlite3.DatabaseError:
        return  # not a database at all: opening says so in its own words
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
        raise DatabaseUnavailable(
            f"{path} is not a segtui database (it holds other tables: {shown}); nothing was changed"
        )


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
_SCHEMA_VERSION = "SELECT 1 FROM setting WHERE key = 'schema_version'"


def _lower(value: object) -> object:
    """LOWER for SQLite: its built-in one folds ASCII letters only.

    `@müller` must find MÜLLER on SQLite as it does on PostgreSQL, and the filter's own value
    is lowered by Python, so the column is lowered the same way.
    """
    return value.lower() if isinstance(value, str) else value


def one_line(error: object) -> str:
    """A driver's message on one line (PostgreSQL's span several, with DETAIL and HINT)."""
    return " ".join(str(error).split())


# A URL's scheme: `postgresql://…`, `sqlite:///…`, or a mistake such as `mysql://`.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _postgres(target: str) -> pw.PostgresqlDatabase:
    """A PostgreSQL database for a postgresql:// URL (libpq's form), checked before use."""
    try:
        url = urlparse(target)
        port = url.port  # ValueError for a port that is not a number from 0 to 65535
        # libpq's own URL parameters (?host=/run/postgresql for a socket, ?sslmode=require…)
        # pass through to the driver; the host and port in the URL win.
        params: dict[str, Any] = dict(parse_qsl(url.query))
    except ValueError as exc:  # a bad port, an unclosed [IPv6 address
        raise DatabaseUnavailable(f"the database URL is malformed: {exc}") from None
    if url.hostname:
        params["host"] = url.hostname
    if port:
        params["port"] = port
    # The query may name them too (?user=…&password=…); the URL's own parts win.
    query_name, query_user = params.pop("dbname", None), params.pop("user", None)
    query_password = params.pop("password", None)
    name = unquote(url.path.lstrip("/")) or query_name or "segtui"
    user = unquote(url.username) if url.username else query_user
    password = unquote(url.password) if url.password else query_password
    if any("\x00" in str(v) for v in (name, user, password, *params.values())):
        raise DatabaseUnavailable("the database URL contains a NUL character (%00)")
    return pw.PostgresqlDatabase(name, user=user, password=password, **params)


def make_database(target: str) -> pw.Database:
    """A Peewee database object for a path or URL, not yet connected."""
    scheme = _SCHEME.match(target)
    if scheme and scheme.group(1).lower() in ("postgresql", "postgres"):
        return _postgres("postgresql" + target[scheme.end(1) :])
    if scheme and scheme.group(1).lower() != "sqlite":
        # Never echo the URL: a mistyped scheme must not print the password in it.
        raise DatabaseUnavailable(
            f"unknown database URL scheme {scheme.group(1)!r}: give a file path, "
            "sqlite:///path/to/file.db or postgresql://user@host/dbname"
        )
    if scheme:  # sqlite://, in any case
        target = "sqlite" + target[scheme.end(1) :]
    path = _sqlite_path(target)
    if path.is_dir():
        raise DatabaseUnavailable(f"{path} is a folder, not a database file")
    if not path.exists():
        _create_private_file(path)
    else:
        _refuse_foreign(path)
    wait = lock_wait_seconds()
    pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(wait * 1000)}
    database = pw.SqliteDatabase(str(path), pragmas=pragmas, timeout=wait)
    database.register_function(_lower, "lower", 1, deterministic=True)
    return database


def connect(target: str | None) -> pw.Database:
    """Bind `db` to the chosen database, connect, and bring its schema up to date."""
    resolved = resolve_database(target)
    if resolved == default_database():
        # The user's own data folder, private like the database in it.
        Path(resolved).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = make_database(resolved)
    db.initialize(database)
    try:
        database.connect(reuse_if_open=True)
        ensure_schema(database)
    except (pw.OperationalError, pw.DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        # OSError: the backup copy before an upgrade could not be written.
        database.close()
        detail = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) else exc
        raise DatabaseUnavailable(
            f"cannot open database {without_password(resolved)}: {one_line(detail)}"
        ) from None
    except BaseException:
        database.close()  # e.g. a schema newer than this segtui
        raise
    log.info("opened database %s", without_password(resolved))
    return database


@contextmanager
def open_database(target: str | None) -> Iterator[pw.Database]:
    """Open the database for the length of a command."""
    database = connect(target)
    try:
        yield database
    except pw.IntegrityError as exc:
        # A constraint caught what the services' own checks did not (usually another user's
        # change in between); the transaction was rolled back, so nothing changed.
        raise Conflict(
            f"the database refused the change ({one_line(exc)}); nothing was changed"
        ) from None
    except (pw.OperationalError, pw.DatabaseError) as exc:
        # Locked past the busy timeout, read-only file, full disk, lost server connection.
        raise DatabaseUnavailable(f"database error: {one_line(exc)}; nothing was changed") from None
    finally:
        database.close()
