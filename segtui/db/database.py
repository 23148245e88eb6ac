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
import stat
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


# Pragmas that only set up the connection: safe on a database opened read-only, where
# switching the journal mode would be a write.
READ_ONLY_PRAGMAS = {k: v for k, v in SQLITE_PRAGMAS.items() if k != "journal_mode"}


class DatabaseUnavailable(SegtuiError):
    """The database cannot be opened (missing server, unreadable or corrupt file)."""


# What SQLite says, and what it means for the user. Matched on SQLite's own message text
# (sqlite3 raises OperationalError for all of them and carries no code before 3.11's
# sqlite_errorcode on every error).
_SQLITE_CAUSES = (
    ("database or disk is full", "the disk is full"),
    (
        "attempt to write a readonly database",
        "the database is read-only for you (the file or its folder cannot be written)",
    ),
    (
        "database disk image is malformed",
        "the database file is damaged "
        "(check it with sqlite3's PRAGMA integrity_check, or restore a backup)",
    ),
    ("malformed database schema", "the database file is damaged (its schema cannot be read)"),
    ("file is not a database", "the file is not a SQLite database, or is damaged"),
    ("disk i/o error", "the disk failed while reading or writing (is it full or gone?)"),
)
# After a failed statement SQLite may already have rolled the transaction back, so the
# rollback that follows fails too; its message hides the real cause, kept as __context__.
_AFTERMATH = (
    "cannot rollback - no transaction is active",
    "cannot commit - no transaction is active",
)


def database_problem(exc: BaseException) -> str:
    """What went wrong, in the user's words, on one line: the first real cause in the
    exception's chain (not the failed rollback after it), told plainly where it is known."""
    seen: BaseException | None = exc
    while seen is not None and any(a in str(seen).lower() for a in _AFTERMATH):
        seen = seen.__context__ or seen.__cause__
    cause = seen or exc
    text = one_line(cause)
    for sqlite_says, meaning in _SQLITE_CAUSES:
        if sqlite_says in text.lower():
            return meaning
    return text


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


def database_failure(exc: BaseException) -> str | None:
    """The one-line message for a database failure met while working (locked past the wait,
    read-only, full disk, damaged file, lost server); None for any other exception."""
    if isinstance(exc, pw.IntegrityError | sqlite3.IntegrityError):
        return None
    if isinstance(exc, pw.DatabaseError | sqlite3.DatabaseError):
        # sqlite3's own errors come unwrapped from rows read after the query ran (a
        # damaged page met half-way through a list).
        return f"database error: {database_problem(exc)}; nothing was changed"
    return None


def _writable(path: Path) -> bool:
    """Whether segtui may write the database: the file and its folder (WAL mode keeps
    its -wal and -shm files beside the database)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_uri(path: Path) -> str:
    """The URI that reads `path` without creating any file beside it.

    With -wal or -shm present another connection is (or was) at work, and SQLite reads
    them as they are; with neither, `immutable` reads the file alone. Opened the normal way,
    SQLite would create side files with the database's own mode (0400 for a 0400 file),
    which then break every later write until removed by hand.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    side_files = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    return uri if side_files else uri + "&immutable=1"


def _text(value: bytes) -> str:
    """A TEXT value as Python text; bytes that are not UTF-8 (written by another program)
    read as U+FFFD instead of failing the whole query."""
    return value.decode("utf-8", "replace")


class _SqliteDatabase(pw.SqliteDatabase):
    """SQLite as segtui opens it: text that is not valid UTF-8 still reads (see `_text`)."""

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]  # peewee's stubs omit it
        conn.text_factory = _text


def _refuse_foreign(path: Path) -> None:
    """Refuse another program's SQLite file before segtui touches it.

    Opening with segtui's pragmas would switch the file to WAL for good and the schema
    step would add segtui's tables to it; so the file is first read through a read-only
    connection, and one that holds tables but no segtui schema version is left alone.
    """
    if path.stat().st_size == 0:
        return  # an empty file: a new database
    uri = _read_only_uri(path)
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
    elif not stat.S_ISREG(path.stat().st_mode):  # /dev/null, a FIFO, a socket
        raise DatabaseUnavailable(f"{path} is not a regular file, so not a database file")
    else:
        _refuse_foreign(path)
    wait = lock_wait_seconds()
    if _writable(path):
        pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(wait * 1000)}
        database = _SqliteDatabase(str(path), pragmas=pragmas, timeout=wait)
    else:
        # Read what can be read; a write is refused by SQLite and told as "read-only".
        pragmas = {**READ_ONLY_PRAGMAS, "busy_timeout": int(wait * 1000)}
        database = _SqliteDatabase(_read_only_uri(path), pragmas=pragmas, timeout=wait, uri=True)
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
        detail = (
            f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) else database_problem(exc)
        )
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
            f"the database refused the change ({database_problem(exc)}); nothing was changed"
        ) from None
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        message = database_failure(exc)
        if message is None:
            raise
        raise DatabaseUnavailable(message) from None
    finally:
        database.close()
