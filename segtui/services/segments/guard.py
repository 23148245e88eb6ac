"""The one rule for every write to an open segment: lock first, then read, then write.

`segment_write(no)` opens the write transaction and takes the segment's lock before
anything of the segment is read — on PostgreSQL a transaction-level advisory lock keyed
by the segment number, on SQLite the database's write lock (BEGIN IMMEDIATE) — so two
users changing one segment run one after the other, and the second sees the first's
result. A writer that waits longer than `lock_wait_seconds()` is told who holds the
segment instead of meeting a constraint error.

Each write advances the segment's version and records what it did (SegmentChange). A
confirmation passes the version it showed as `shown_version`; if the segment has moved on,
the write is refused, naming the changes made since, and nothing is written.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import peewee as pw

from segtui.config import lock_wait_seconds
from segtui.db import models as m
from segtui.db.proxy import db, is_postgres, write_transaction
from segtui.domain.errors import NotFound, Refused, SegmentBusy, SegmentChanged
from segtui.services.session import current_user

# The first key of segtui's advisory locks on PostgreSQL ("sgmt"); the second is a hash of
# the segment number. Another program's advisory locks on the same database use other keys.
_LOCK_CLASS = 0x73676D74

# At most this many changes are named when a stale confirmation is refused.
_CHANGES_NAMED = 3


@dataclass
class SegmentWrite:
    """A write in progress: the segment's header, read under the lock, and what it did."""

    header: m.SegmentHeader
    summaries: list[str] = field(default_factory=list)
    # False when the write turned out to change nothing: the version stays, so nobody's
    # confirmation is refused for it.
    changed: bool = True

    def did(self, summary: str) -> None:
        """Record what the write did, in words for another user ("4 505 lines added")."""
        self.summaries.append(summary)

    def nothing(self) -> None:
        """The write changed nothing after all (the version stays as it is)."""
        self.changed = False


def segment_key(segment_no: str) -> int:
    """The second advisory-lock key of a segment (a positive 32-bit hash of its number)."""
    return zlib.crc32(segment_no.encode("utf-8")) & 0x7FFFFFFF


def normalised(segment_no: str) -> str:
    """A segment number as stored (users may type it in lower case or with spaces)."""
    return segment_no.strip().upper()


@contextmanager
def segment_write(segment_no: str, *, shown_version: int | None = None) -> Iterator[SegmentWrite]:
    """Lock the segment, read its header, let the caller write, then advance its version.

    Raises SegmentBusy when another user holds the segment past the stated wait,
    NotFound / Refused when the segment does not exist or is logged, and SegmentChanged
    when `shown_version` is given and the segment is no longer at it. A caller that
    deletes the segment (Log, Delete) leaves no version behind.
    """
    no = normalised(segment_no)
    with ExitStack() as stack:
        transaction = write_transaction()
        try:
            transaction.__enter__()  # BEGIN IMMEDIATE: on SQLite this takes the lock
        except pw.OperationalError as exc:
            if is_postgres() or "locked" not in str(exc):
                raise
            raise _busy_on_sqlite(no) from exc
        stack.push(transaction)  # commit on success, roll back on any error below
        _lock(no)
        header = open_header(no)
        if shown_version is not None and header.version != shown_version:
            raise SegmentChanged(_changed_message(no, shown_version))
        write = SegmentWrite(header)
        yield write
        if write.changed:
            _advance(no, write.summaries)


def _lock(no: str) -> None:
    """Take the segment's lock (PostgreSQL; on SQLite the transaction already holds it)."""
    if not is_postgres():
        return
    key = segment_key(no)
    got = db.execute_sql("SELECT pg_try_advisory_xact_lock(%s, %s)", (_LOCK_CLASS, key))
    if got.fetchone()[0]:
        _announce()
        return
    holder = _holder(key)
    wait_ms = int(lock_wait_seconds() * 1000)
    db.execute_sql("SAVEPOINT segment_lock")
    try:
        db.execute_sql(f"SET LOCAL lock_timeout = {wait_ms}")
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_CLASS, key))
    except pw.OperationalError as exc:  # lock_timeout: the other user kept it too long
        db.execute_sql("ROLLBACK TO SAVEPOINT segment_lock")
        raise SegmentBusy(_busy_message(no, holder)) from exc
    db.execute_sql("SET LOCAL lock_timeout = DEFAULT")
    db.execute_sql("RELEASE SAVEPOINT segment_lock")
    _announce()


def _announce() -> None:
    """Say who holds the lock, for the next user who has to wait for it (PostgreSQL).

    The application name is transaction-local: it reverts when the lock is released.
    """
    db.execute_sql("SELECT set_config('application_name', %s, true)", (f"segtui {current_user()}",))


def _holder(key: int) -> tuple[str, str] | None:
    """Who holds the segment's advisory lock and since when (HH:MM:SS), if anyone."""
    row = db.execute_sql(
        "SELECT a.application_name, to_char(a.xact_start, 'HH24:MI:SS') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s "
        "AND l.objsubid = 2",
        (_LOCK_CLASS, key),
    ).fetchone()
    if row is None:
        return None
    name, since = row
    user = name.removeprefix("segtui ") if name.startswith("segtui ") else "another program"
    return user, since or "?"


def _busy_message(no: str, holder: tuple[str, str] | None) -> str:
    """The refusal when the lock did not come free in time."""
    wait = f"waited {lock_wait_seconds():g} s"
    if holder is None:
        return f"segment {no} is busy (being changed by another user; {wait}); try again"
    user, since = holder
    return f"segment {no} is busy (being changed by {user} since {since}; {wait}); try again"


def _busy_on_sqlite(no: str) -> SegmentBusy:
    """SQLite cannot say who writes; it says how long segtui waited."""
    return SegmentBusy(
        f"segment {no} is busy (another user is writing to the database; "
        f"waited {lock_wait_seconds():g} s); try again"
    )


def open_header(segment_no: str) -> m.SegmentHeader:
    """The open segment's header (as committed by the last writer); NotFound, or Refused
    naming the logged segment, when there is none."""
    no = normalised(segment_no)
    header = m.SegmentHeader.get_or_none(m.SegmentHeader.no == no)
    if header is not None:
        return header
    logged = (
        m.LoggedSegment.select(m.LoggedSegment.entry_no)
        .where(m.LoggedSegment.segment_no == no)
        .order_by(m.LoggedSegment.entry_no.desc())
        .first()
    )
    if logged is not None:
        raise Refused(f"segment {no} is already logged (logged segment {logged.entry_no})")
    raise NotFound(f"segment {no!r} does not exist")


def _advance(no: str, summaries: list[str]) -> None:
    """Move the segment to its next version and record the change (if the segment stays).

    Under the lock nobody else writes, so a plain increment is exact; a write nested in
    another (reuse criteria replaying its steps) advances it once more.
    """
    header = m.SegmentHeader
    if not header.update(version=header.version + 1).where(header.no == no).execute():
        # Logged or deleted: its change list goes with it.
        m.SegmentChange.delete().where(m.SegmentChange.segment_no == no).execute()
        return
    version = header.select(header.version).where(header.no == no).scalar()
    m.SegmentChange.create(
        segment_no=no,
        version=version,
        changed_by=current_user(),
        summary="; ".join(summaries) or "changed",
    )


def changes_since(segment_no: str, version: int) -> list[m.SegmentChange]:
    """The changes recorded after `version`, oldest first."""
    return list(
        m.SegmentChange.select()
        .where(
            (m.SegmentChange.segment_no == normalised(segment_no))
            & (m.SegmentChange.version > version)
        )
        .order_by(m.SegmentChange.version)
    )


def _changed_message(no: str, shown_version: int) -> str:
    """'SEG… changed since you looked: 4 505 lines added by ann — look again'."""
    changes = changes_since(no, shown_version)
    named = [f"{c.summary} by {c.changed_by}" for c in changes[:_CHANGES_NAMED]]
    if len(changes) > _CHANGES_NAMED:
        named.append(f"{len(changes) - _CHANGES_NAMED} more changes")
    what = "; ".join(named) or "it was changed"
    return f"{no} changed since you looked: {what} — look again"


def current_version(segment_no: str) -> int:
    """The segment's version now (what a confirmation shows and later passes back)."""
    return int(open_header(segment_no).version)
