"""Statistics of interaction log entries (a logged segment's, a campaign's) and the reasons
deliveries failed: every count is one GROUP BY in SQL, whatever the number of entries."""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from typing import cast

import peewee as pw

from segtui.db.models import Campaign, InteractionLogEntry, LoggedSegment
from segtui.domain.enums import CorrespondenceType, DeliveryStatus, Evaluation
from segtui.domain.errors import NotFound
from segtui.domain.statistics import EntryStatistics, Tally

E = InteractionLogEntry
ERROR = DeliveryStatus.ERROR.value


def failure_reasons(logged_segment_entry_no: int) -> tuple[Tally, ...]:
    """Why the logged segment's deliveries failed: each reason once with its count, most
    frequent first (canceled entries left out, as re-send leaves them)."""
    query = (
        E.select(E.delivery_error, pw.fn.COUNT(pw.SQL("*")).alias("n"))
        .where(
            (E.logged_segment_entry_no == logged_segment_entry_no)
            & (E.delivery_status == ERROR)
            & (E.canceled == False)  # SQL, not Python truthiness
        )
        .group_by(E.delivery_error)
        .order_by(pw.SQL("n").desc(), E.delivery_error)
        .tuples()
    )
    rows = cast(Iterable[tuple[str, int]], query)
    return tuple(Tally(reason or "no reason recorded", n) for reason, n in rows)


def logged_segment_statistics(entry_no: int) -> EntryStatistics:
    """The statistics of one logged segment's entries."""
    row = LoggedSegment.get_or_none(LoggedSegment.entry_no == entry_no)
    if row is None:
        raise NotFound(f"logged segment {entry_no} does not exist")
    title = f"Logged segment {entry_no} · {row.segment_no} {row.description}".rstrip()
    return _statistics(title, E.logged_segment_entry_no == entry_no)


def campaign_statistics(campaign_no: str) -> EntryStatistics:
    """The statistics of every interaction log entry of a campaign."""
    row = Campaign.get_or_none(Campaign.no == campaign_no)
    if row is None:
        raise NotFound(f"campaign {campaign_no!r} does not exist")
    title = f"Campaign {campaign_no} {row.description}".rstrip()
    return _statistics(title, E.campaign_no == campaign_no)


def _statistics(title: str, scope: pw.Expression) -> EntryStatistics:
    """Counts by correspondence type, delivery status and evaluation, cost and duration."""
    counted = scope & (E.canceled == False)  # SQL, not Python truthiness
    totals: tuple[int, object, object] = (
        E.select(
            pw.fn.COUNT(pw.SQL("*")),
            pw.fn.COALESCE(pw.fn.SUM(E.cost), 0),
            pw.fn.COALESCE(pw.fn.SUM(E.duration_min), 0),
        )
        .where(counted)
        .tuples()
        .get()  # type: ignore[assignment]  # one row of three values
    )
    canceled = E.select().where(scope & (E.canceled == True)).count()
    entries, cost, duration = totals
    return EntryStatistics(
        title=title,
        entries=int(entries),
        canceled=int(canceled),
        by_correspondence_type=_by(E.correspondence_type, counted, _type_label),
        by_delivery_status=_by(E.delivery_status, counted, _status_label),
        by_evaluation=_by(E.evaluation, counted, _evaluation_label),
        cost=decimal.Decimal(str(cost)),
        duration_min=decimal.Decimal(str(duration)),
    )


def _by(column: pw.Field, where: pw.Expression, label: Callable[[str], str]) -> tuple[Tally, ...]:
    """Entries per value of `column`, most first, each value named by `label`."""
    query = (
        E.select(column, pw.fn.COUNT(pw.SQL("*")).alias("n"))
        .where(where)
        .group_by(column)
        .order_by(pw.SQL("n").desc(), column)
        .tuples()
    )
    rows = cast(Iterable[tuple[str, int]], query)
    return tuple(Tally(label(value), n) for value, n in rows)


def _type_label(value: str) -> str:
    return CorrespondenceType(value).label if value else "none (not delivered)"


def _status_label(value: str) -> str:
    return DeliveryStatus(value).label if value else "done, or nothing to deliver"


def _evaluation_label(value: str) -> str:
    return Evaluation(value).label if value else "not evaluated"
