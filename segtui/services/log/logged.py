"""Logged segments (SPEC §2.6): list, show, cancel/uncancel, follow-up, delete, re-send."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee as pw

from segtui.db.models import InteractionLogEntry, LoggedSegment
from segtui.db.proxy import db, write_transaction
from segtui.domain.enums import CorrespondenceType, DeliveryStatus, parse_enum
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.interactions import LoggedSegmentDetail, LoggedSegmentInfo
from segtui.domain.logging import DeliveryReport
from segtui.services.log.delivery import deliver_logged_segment
from segtui.services.log.interactions import entry_view
from segtui.services.log.refresh import refresh_snapshots
from segtui.services.segments.follow_up import create_follow_up_segment

E = InteractionLogEntry


def _interactions() -> pw.Node:
    """A logged segment's number of interactions as Business Central counts them: its
    entries whose canceled mark is the logged segment's (one canceled entry of 20 leaves 19;
    a canceled logged segment shows all its entries). A correlated count, so a list is one
    query; the stored column keeps how many were logged."""
    return (
        E.select(pw.fn.COUNT(pw.SQL("*")))
        .where(
            (E.logged_segment_entry_no == LoggedSegment.entry_no)
            & (E.canceled == LoggedSegment.canceled)
        )
        .alias("counted")
    )


def _query() -> Any:
    """Logged segments with their counted interactions."""
    return LoggedSegment.select(LoggedSegment, _interactions())


def _info(row: LoggedSegment) -> LoggedSegmentInfo:
    """A logged segment row (from `_query`) as the domain value."""
    return LoggedSegmentInfo(
        entry_no=row.entry_no,
        segment_no=row.segment_no,
        description=row.description,
        no_of_interactions=int(row.counted),  # type: ignore[attr-defined]
        canceled=row.canceled,
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _row(entry_no: int) -> LoggedSegment:
    """The logged segment's row, or NotFound."""
    row = _query().where(LoggedSegment.entry_no == entry_no).first()
    if row is None:
        raise NotFound(f"logged segment {entry_no} does not exist")
    return row


def list_logged_segments() -> list[LoggedSegmentInfo]:
    """Every logged segment, newest first."""
    query = _query().order_by(LoggedSegment.entry_no.desc())
    return [_info(row) for row in query]


def show_logged_segment(entry_no: int) -> LoggedSegmentDetail:
    """A logged segment with all its entries, in entry order."""
    with db.atomic():  # the header and its entries from one view of the data
        info = _info(_row(entry_no))
        entries = E.select().where(E.logged_segment_entry_no == entry_no).order_by(E.entry_no)
        return LoggedSegmentDetail(info, tuple(entry_view(row) for row in entries))


def _set_canceled(entry_no: int, canceled: bool) -> LoggedSegmentInfo:
    """Cancel or uncancel a logged segment and, with it, every one of its entries.

    As in NAV, uncanceling also uncancels entries that were canceled one by one before.
    """
    with write_transaction():
        row = _row(entry_no)
        if row.canceled == canceled:
            state = "canceled" if canceled else "not canceled"
            raise Refused(f"logged segment {entry_no} is already {state}")
        LoggedSegment.update(canceled=canceled).where(LoggedSegment.entry_no == entry_no).execute()
        E.update(canceled=canceled).where(E.logged_segment_entry_no == entry_no).execute()
        return _info(_row(entry_no))


def cancel_logged_segment(entry_no: int) -> LoggedSegmentInfo:
    """Cancel a logged segment and all its entries."""
    return _set_canceled(entry_no, True)


def uncancel_logged_segment(entry_no: int) -> LoggedSegmentInfo:
    """Uncancel a logged segment and all its entries."""
    return _set_canceled(entry_no, False)


def create_follow_up(entry_no: int) -> str:
    """Create a follow-up segment from a logged segment; return the new segment's number.

    The lines are the contacts of *all* the logged segment's entries, canceled or not:
    the logged segment is the frozen list, and a canceled entry is still a contact on it
    (remove lines from the new segment to leave someone out). Header: see follow_up.py.
    """
    with write_transaction():
        row = _row(entry_no)
        if not E.select().where(E.logged_segment_entry_no == entry_no).exists():
            raise Refused(f"logged segment {entry_no} has no interaction log entries left")
        return create_follow_up_segment(row.segment_no, json.loads(row.header), entry_no)


def delete_canceled_logged_segments() -> int:
    """Delete every canceled logged segment; return how many were deleted.

    Their entries stay (still canceled, still carrying their segment number); the link to
    the deleted logged segment becomes empty (the foreign key is ON DELETE SET NULL).
    """
    with write_transaction():
        canceled = LoggedSegment.select(LoggedSegment.entry_no).where(
            LoggedSegment.canceled == True  # SQL, not Python truthiness
        )
        # Explicit rather than relying on the foreign key action alone.
        E.update(logged_segment_entry_no=None).where(
            E.logged_segment_entry_no.in_(canceled)
        ).execute()
        return int(LoggedSegment.delete().where(LoggedSegment.canceled == True).execute())


def resend(
    entry_no: int,
    out_dir: Path | None = None,
    *,
    pdf: bool = False,
    progress: Callable[[int, int], None] | None = None,
    refresh: bool = False,
    correspondence_type: str | None = None,
) -> DeliveryReport:
    """Deliver again a logged segment's entries whose delivery failed or never finished.

    With `refresh`, those entries first take today's contact, salesperson and template
    document into their snapshots (services/log/refresh.py); with `correspondence_type`,
    they are delivered that way instead (an email that bounced goes out as a hard copy).
    """
    retry = E.delivery_status.in_([DeliveryStatus.ERROR.value, DeliveryStatus.IN_PROGRESS.value])
    kind = None
    if correspondence_type is not None:
        kind = parse_enum(CorrespondenceType, correspondence_type, "correspondence type")
        if kind is CorrespondenceType.BLANK:
            raise InvalidInput("re-send needs a correspondence type: email or hard_copy")
    with write_transaction():
        row = _row(entry_no)
        if row.canceled:
            raise Refused(f"logged segment {entry_no} is canceled; uncancel it to re-send")
        mine = (E.logged_segment_entry_no == entry_no) & (E.canceled == False)
        if not E.select().where(mine & retry).exists():
            raise Refused(f"logged segment {entry_no} has nothing to re-send")
        if refresh:
            refresh_snapshots(mine & retry)
        changes: dict[Any, Any] = {
            E.delivery_status: DeliveryStatus.IN_PROGRESS.value,
            E.delivery_error: "",
        }
        if kind is not None:
            changes[E.correspondence_type] = kind.value
        E.update(changes).where(mine & retry).execute()
    return deliver_logged_segment(entry_no, out_dir, progress, pdf=pdf)
