"""The values a filter's field takes, each with how many contacts have it: one GROUP BY.

For the criteria picker's value list. A value's count is the number of contacts a filter
`source.field=value` would match: for the company sources (industry group, business
relation) the persons of a company count with it, as the criteria compiler links them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.db.criteria import company_key, contains_text, profile_answers
from segtui.domain.criteria import SOURCES, FieldType, LinkedThrough

_COMPUTED = {"no_of_interactions", "date_of_last_interaction"}

_LINKS: dict[str, tuple[Any, str]] = {
    "mailing_group": (m.ContactMailingGroup, "mailing_group"),
    "industry_group": (m.ContactIndustryGroup, "industry_group"),
    "business_relation": (m.ContactBusinessRelation, "business_relation"),
    "job_responsibility": (m.ContactJobResponsibility, "job_responsibility"),
}

_INTERACTION_COLUMNS = {
    "date": "date",
    "template": "interaction_template_code",
    "group": "interaction_group_code",
    "segment_no": "segment_no",
    "campaign_no": "campaign_no",
    "evaluation": "evaluation",
    "salesperson": "salesperson_code",
    "correspondence_type": "correspondence_type",
    "canceled": "canceled",
}


def _grouped(source: str, field: str) -> tuple[Any, Any, Any] | None:
    """(query without columns yet, the value column, the counted contact column), or None
    for a field whose values are not worth listing (the computed counts and dates)."""
    if source == "contact":
        if field in _COMPUTED:
            return None
        column = getattr(m.Contact, field)
        return m.Contact.select(), column, m.Contact.no
    if source == "interaction":
        entry = m.InteractionLogEntry
        column = getattr(entry, _INTERACTION_COLUMNS[field])
        return entry.select(), column, entry.contact_no
    if source == "profile":
        query, contact, columns = profile_answers()
        return query, columns[field], contact
    model, name = _LINKS[source]
    column = getattr(model, name)
    if SOURCES[source].linked_through is LinkedThrough.COMPANY:
        # A company's code reaches its persons: count the contacts whose company has it.
        query = model.select().join(m.Contact, on=(company_key(m.Contact) == model.contact))
        return query, column, m.Contact.no
    return model.select(), column, model.contact


def _as_text(value: object, kind: FieldType) -> str:
    """A stored value as a filter expression writes it."""
    if kind is FieldType.BOOLEAN:
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def value_counts(
    source: str, field: str, text: str = "", limit: int = 100
) -> list[tuple[str, int]]:
    """The field's values (non-empty) holding `text` (any case), by value, with the number
    of contacts each matches; at most `limit`."""
    grouped = _grouped(source, field)
    if grouped is None:
        return []
    query, column, counted = grouped
    kind = SOURCES[source].fields[field]
    conditions = [column.is_null(False)]
    if kind is FieldType.TEXT:
        conditions.append(column != "")
        if text.strip():
            conditions.append(contains_text(column, text.strip()))
    rows = (
        query.select(column, pw.fn.COUNT(counted.distinct()))
        .where(*conditions)
        .group_by(column)
        .order_by(column)
        .limit(limit)
        .tuples()
    )
    return [(_as_text(value, kind), int(count)) for value, count in rows]
