"""Database sessions for the two front ends: one command of the CLI, or the TUI's lifetime.

The CLI and the TUI open the database through here, so neither imports the db floor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from segtui.services.session import current_user


def open(db_target: str | None) -> str:
    """Connect to the database (creating or upgrading its schema); returns the user's name."""
    from segtui.db.database import connect

    connect(db_target)
    return current_user()


@contextmanager
def command_session(db_target: str | None) -> Iterator[None]:
    """Open the database for the length of one CLI command (errors become one-liners)."""
    from segtui.db.database import open_database

    with open_database(db_target):
        yield


def database_failure(exc: BaseException) -> str | None:
    """The one-line message for a database failure met in a TUI worker (full disk,
    read-only or damaged file, lost server); None when `exc` is something else."""
    from segtui.db.database import database_failure as message_for

    return message_for(exc)


def release() -> None:
    """Close this thread's connection (worker threads open one each and must not leak it)."""
    from segtui.db.proxy import db

    if db.obj is not None and not db.is_closed():
        db.close()


def close() -> None:
    """Close the main thread's connection when the app exits."""
    release()
