"""The database the models are bound to: a proxy, bound at run time by `open_database`.

The models are declared at import against this proxy, so nothing below the opening of the
database needs to know which backend it is.
"""

from __future__ import annotations

import peewee as pw

db = pw.DatabaseProxy()


def write_transaction() -> pw._atomic:
    """A transaction that takes the write lock at once (BEGIN IMMEDIATE on SQLite).

    Taking the lock up front means two writers queue on busy_timeout instead of one of
    them failing half-way with "database is locked".
    """
    database = db.obj
    if isinstance(database, pw.SqliteDatabase):
        return database.atomic("IMMEDIATE")
    return db.atomic()


def is_postgres() -> bool:
    """True when the open database is PostgreSQL (for connection-level settings only)."""
    return isinstance(db.obj, pw.PostgresqlDatabase)
