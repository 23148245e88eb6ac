"""Interaction log entries (SPEC §2.6): list with filters, evaluate, cancel, delete canceled."""

from __future__ import annotations

import peewee as pw

from segtui.db.models import InteractionLogEntry, LoggedSegment
from segtui.db.proxy import write_transaction
from segtui.domain.enums import DeliveryStatus, Evaluation, parse_enum
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.interactions import InteractionEntry, InteractionQuery

E = InteractionLogEntry


def entry_view(row: InteractionLogEntry) -> InteractionEntry:
    """An entry row as the domain value (the contact name is the one in the snapshot)."""
    return InteractionEntry(
        entry_no=row.entry_no,
        contact_no=row.contact_no,
        contact_name=row.merge_contact_name,
        contact_company_no=row.contact_company_no,
        date=row.date,
        time=row.time,
        description=row.description,
        subject=row.subject,
        interaction_group_code=row.interaction_group_code,
        interaction_template_code=row.interaction_template_code,
        language_code=row.language_code,
        correspondence_type=row.correspondence_type,
        information_flow=row.information_flow,
        initiated_by=row.initiated_by,
        cost=row.cost,
        duration_min=row.duration_min,
        salesperson_code=row.salesperson_code,
        campaign_no=row.campaign_no,
        segment_no=row.segment_no,
        logged_segment_entry_no=row.logged_segment_entry_no,
        user_id=row.user_id,
        evaluation=row.evaluation,
        attempt_failed=row.attempt_failed,
        canceled=row.canceled,
        delivery_status=row.delivery_status,
        delivery_error=row.delivery_error,
        comment=row.comment,
        campaign_target=bool(row.campaign_target),
        campaign_response=bool(row.campaign_response),
        send_as_attachment=bool(row.send_as_attachment),
        attachment_unique=bool(row.attachment_unique),
        refreshed_at=row.refreshed_at,
    )


def _conditions(query: InteractionQuery) -> list[pw.Expression]:
    """The WHERE terms for the filters that are set."""
    terms: list[pw.Expression] = []
    if query.contact_no is not None:
        terms.append(E.contact_no == query.contact_no)
    if query.segment_no is not None:
        terms.append(E.segment_no == query.segment_no)
    if query.logged_segment_entry_no is not None:
        terms.append(E.logged_segment_entry_no == query.logged_segment_entry_no)
    if query.template_code is not None:
        terms.append(E.interaction_template_code == query.template_code)
    if query.date_from is not None:
        terms.append(E.date >= query.date_from)
    if query.date_to is not None:
        terms.append(E.date <= query.date_to)
    if query.canceled is not None:
        terms.append(E.canceled == query.canceled)
    if query.delivery_status is not None:
        status = parse_enum(DeliveryStatus, query.delivery_status, "delivery status")
        terms.append(E.delivery_status == status.value)
    return terms


def list_interactions(query: InteractionQuery | None = None) -> list[InteractionEntry]:
    """Entries matching the filters, newest first (oldest first when the query says so),
    all of them unless a limit is set."""
    query = query or InteractionQuery()
    if query.limit is not None and query.limit < 1:
        raise InvalidInput(f"limit {query.limit} must be 1 or more")
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise InvalidInput(f"date range {query.date_from}..{query.date_to} is empty")
    if query.oldest_first:
        select = E.select().order_by(E.date.asc(), E.time.asc(), E.entry_no.asc())
    else:
        select = E.select().order_by(E.date.desc(), E.time.desc(), E.entry_no.desc())
    terms = _conditions(query)
    if terms:
        select = select.where(*terms)
    if query.limit is not None:
        select = select.limit(query.limit)
    return [entry_view(row) for row in select]


def _entry_row(entry_no: int) -> InteractionLogEntry:
    """The entry's row, or NotFound."""
    row = E.get_or_none(E.entry_no == entry_no)
    if row is None:
        raise NotFound(f"interaction log entry {entry_no} does not exist")
    return row


def get_interaction(entry_no: int) -> InteractionEntry:
    """One entry by its number."""
    return entry_view(_entry_row(entry_no))


def evaluate_interaction(entry_no: int, value: str) -> InteractionEntry:
    """Set how an interaction went (very_positive … very_negative, or blank)."""
    evaluation = parse_enum(Evaluation, value, "evaluation")
    with write_transaction():
        _entry_row(entry_no)
        E.update(evaluation=evaluation.value).where(E.entry_no == entry_no).execute()
        return get_interaction(entry_no)


def _set_canceled(entry_no: int, canceled: bool) -> InteractionEntry:
    """Cancel or uncancel one entry, unless its logged segment is canceled."""
    verb = "cancel" if canceled else "uncancel"
    with write_transaction():
        row = _entry_row(entry_no)
        if row.canceled == canceled:
            state = "canceled" if canceled else "not canceled"
            raise Refused(f"interaction log entry {entry_no} is already {state}")
        if row.logged_segment_entry_no is not None:
            logged = LoggedSegment.get_or_none(
                LoggedSegment.entry_no == row.logged_segment_entry_no
            )
            if logged is not None and logged.canceled:
                raise Refused(
                    f"cannot {verb} interaction log entry {entry_no}: its logged segment "
                    f"{logged.entry_no} is canceled (uncancel the logged segment instead)"
                )
        E.update(canceled=canceled).where(E.entry_no == entry_no).execute()
        return get_interaction(entry_no)


def cancel_interaction(entry_no: int) -> InteractionEntry:
    """Cancel one entry (refused when its logged segment is canceled)."""
    return _set_canceled(entry_no, True)


def uncancel_interaction(entry_no: int) -> InteractionEntry:
    """Uncancel one entry (refused when its logged segment is canceled)."""
    return _set_canceled(entry_no, False)


def delete_canceled_interactions() -> int:
    """Delete every canceled entry; return how many were deleted.

    The logged segments they belonged to get their number of interactions recounted.
    """
    canceled = E.canceled == True  # SQL, not Python truthiness
    with write_transaction():
        # Recount first, while the doomed entries still say which segments they belong to.
        remaining = E.select(pw.fn.COUNT(pw.SQL("*"))).where(
            (E.logged_segment_entry_no == LoggedSegment.entry_no) & ~canceled
        )
        touched = E.select(E.logged_segment_entry_no).where(canceled)
        LoggedSegment.update(no_of_interactions=remaining).where(
            LoggedSegment.entry_no.in_(touched)
        ).execute()
        return int(E.delete().where(canceled).execute())
