"""Logged segments and interaction log entries as the services hand them out."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedSegmentInfo:
    """One logged segment in a list."""

    entry_no: int
    segment_no: str
    description: str
    no_of_interactions: int
    canceled: bool
    created_at: dt.datetime
    created_by: str


@dataclass(frozen=True)
class InteractionEntry:
    """One interaction log entry (without its merge snapshot)."""

    entry_no: int
    contact_no: str
    contact_name: str
    contact_company_no: str
    date: dt.date | None
    time: dt.time | None
    description: str
    subject: str
    interaction_group_code: str
    interaction_template_code: str
    language_code: str
    correspondence_type: str
    information_flow: str
    initiated_by: str
    cost: decimal.Decimal
    duration_min: decimal.Decimal
    salesperson_code: str
    campaign_no: str
    segment_no: str
    logged_segment_entry_no: int | None
    user_id: str
    evaluation: str
    attempt_failed: bool
    canceled: bool
    delivery_status: str
    delivery_error: str
    comment: str
    campaign_target: bool = False
    campaign_response: bool = False
    send_as_attachment: bool = True
    attachment_unique: bool = False
    # When `logged resend --refresh` re-read today's data into the snapshot (None: never).
    refreshed_at: dt.datetime | None = None


@dataclass(frozen=True)
class LoggedSegmentDetail:
    """A logged segment with its entries, in entry order."""

    info: LoggedSegmentInfo
    entries: tuple[InteractionEntry, ...]


@dataclass(frozen=True)
class InteractionQuery:
    """Filters for listing interaction log entries; None means any."""

    contact_no: str | None = None
    segment_no: str | None = None
    logged_segment_entry_no: int | None = None
    template_code: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    canceled: bool | None = None
    delivery_status: str | None = None
    limit: int | None = None
    oldest_first: bool = False
    """List the oldest entries first (with `limit`: the oldest page, as End shows it)."""
