"""The TUI's database session: open it once at start, release worker-thread connections."""

from __future__ import annotations

from segtui.services.session import current_user


def open(db_target: str | None) -> str:
    """Connect to the database (creating or upgrading its schema); returns the user's name."""
    from segtui.db.database import connect

    connect(db_target)
    return current_user()


def release() -> None:
    """Close this thread's connection (worker threads open one each and must not leak it)."""
    from segtui.db.database import db

    if db.obj is not None and not db.is_closed():
        db.close()


def close() -> None:
    """Close the main thread's connection when the app exits."""
    release()
