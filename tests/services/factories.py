"""Rows for tests, built with the models directly (independent of the segments service)."""

from __future__ import annotations

import itertools
from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.db.numbering import bump_past

_counter = itertools.count(1)


def make_contact(no: str | None = None, **fields: Any) -> m.Contact:
    """A contact (a person by default when given a company_no, else a company)."""
    no = no or f"CT{next(_counter):06d}"
    fields.setdefault("name", f"Contact {no}")
    fields.setdefault("type", "person" if fields.get("company_no") else "company")
    fields.setdefault("email", f"{no.lower()}@example.com")
    return m.Contact.create(no=no, **fields)


def make_template(code: str = "LETTER", **fields: Any) -> m.InteractionTemplate:
    """An interaction template (group LETTERS unless told)."""
    fields.setdefault("group_code", "LETTERS")
    fields.setdefault("description", f"Template {code}")
    return m.InteractionTemplate.create(code=code, **fields)


def make_segment(
    no: str = "SEG00001",
    contacts: list[str] | tuple[str, ...] = (),
    *,
    template: str = "LETTER",
    correspondence_type: str = "hard_copy",
    lines: list[dict[str, Any]] | None = None,
    **header: Any,
) -> m.SegmentHeader:
    """An open segment with one line per contact (line_no 1..n) plus any explicit lines."""
    header.setdefault("description", f"Mailing {no}")
    bump_past("SEGMENT", int(no[3:]))  # so follow-ups never reuse the number
    row = m.SegmentHeader.create(
        no=no,
        interaction_template_code=template,
        correspondence_type_default=correspondence_type,
        **header,
    )
    specs = [{"contact_no": c} for c in contacts] + list(lines or [])
    for line_no, spec in enumerate(specs, start=1):
        spec = dict(spec)
        spec.setdefault("line_no", line_no)
        spec.setdefault("description", row.description)
        spec.setdefault("interaction_template_code", template)
        spec.setdefault("correspondence_type", correspondence_type)
        m.SegmentLine.create(segment_no=no, **spec)
    return row


def without_foreign_keys() -> Any:
    """Context in which the database does not enforce foreign keys (to build broken data)."""
    return _ForeignKeysOff()


class _ForeignKeysOff:
    """Turns foreign key checks off for the block (outside any transaction).

    SQLite has a pragma; PostgreSQL enforces foreign keys with system triggers, which the
    `replica` replication role skips (the test server's user is a superuser).
    """

    def __enter__(self) -> None:
        if isinstance(m.db.obj, pw.PostgresqlDatabase):
            m.db.execute_sql("SET session_replication_role = replica")
        else:
            m.db.pragma("foreign_keys", 0)

    def __exit__(self, *exc: object) -> None:
        if isinstance(m.db.obj, pw.PostgresqlDatabase):
            m.db.execute_sql("SET session_replication_role = DEFAULT")
        else:
            m.db.pragma("foreign_keys", 1)
