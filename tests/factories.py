"""Rows for the segment-building tests, made with the models directly.

Nothing here goes through the services under test, so a bug there cannot hide behind a
helper that shares it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from segtui.db import models as m
from segtui.db.numbering import next_number


def make_contact(name: str = "", **fields: Any) -> m.Contact:
    """A contact numbered from the CONTACT series (a company unless told otherwise)."""
    no = fields.pop("no", None) or next_number("CONTACT")
    fields.setdefault("type", "person" if fields.get("company_no") else "company")
    return m.Contact.create(no=no, name=name or f"Contact {no}", **fields)


def make_company_with_persons(
    name: str, persons: Iterable[str] = (), **company_fields: Any
) -> tuple[m.Contact, list[m.Contact]]:
    """A company and its persons (each given by name)."""
    company = make_contact(name, type="company", **company_fields)
    people = [
        make_contact(person, type="person", company_no=company.no, city=company.city)
        for person in persons
    ]
    return company, people


def make_template(code: str = "LETTER", subject: str = "", **fields: Any) -> m.InteractionTemplate:
    """An interaction template; with a subject, also its language version carrying it."""
    fields.setdefault("description", f"Template {code}")
    template = m.InteractionTemplate.create(code=code, **fields)
    if subject:
        m.InteractionTemplateLanguage.create(
            template=code, language_code=template.language_code_default, subject=subject
        )
    return template


def make_code(model: type[m.BaseModel], code: str) -> None:
    """A classification code (mailing group, industry group…) if it does not exist yet."""
    model.insert(code=code).on_conflict_ignore().execute()


def add_mailing_group(contact: m.Contact, code: str) -> None:
    """Put a contact in a mailing group."""
    make_code(m.MailingGroup, code)
    m.ContactMailingGroup.create(contact=contact.no, mailing_group=code)


def add_industry_group(contact: m.Contact, code: str) -> None:
    """Give a company an industry group."""
    make_code(m.IndustryGroup, code)
    m.ContactIndustryGroup.create(contact=contact.no, industry_group=code)


def add_business_relation(contact: m.Contact, code: str) -> None:
    """Give a company a business relation."""
    make_code(m.BusinessRelation, code)
    m.ContactBusinessRelation.create(contact=contact.no, business_relation=code)


def add_job_responsibility(contact: m.Contact, code: str) -> None:
    """Give a person a job responsibility."""
    make_code(m.JobResponsibility, code)
    m.ContactJobResponsibility.create(contact=contact.no, job_responsibility=code)


def add_profile_answer(contact: m.Contact, questionnaire: str, question: str, answer: str) -> None:
    """Record a contact's answer to a profile question (creating the question as needed)."""
    make_code(m.ProfileQuestionnaire, questionnaire)
    q, _ = m.ProfileQuestion.get_or_create(questionnaire=questionnaire, code=question)
    a, _ = m.ProfileAnswer.get_or_create(question=q.id, code=answer)
    m.ContactProfileAnswer.create(contact=contact.no, answer=a.id)


def make_interaction(contact: m.Contact, **fields: Any) -> m.InteractionLogEntry:
    """One interaction log entry of a contact."""
    fields.setdefault("date", dt.date(2026, 1, 15))
    fields.setdefault("description", "Letter")
    return m.InteractionLogEntry.create(
        contact_no=contact.no, contact_company_no=contact.company_no or contact.no, **fields
    )


def make_logged_segment(
    contacts: Iterable[m.Contact], segment_no: str = "SEG09001", **fields: Any
) -> m.LoggedSegment:
    """A logged segment with one interaction log entry per contact."""
    people = list(contacts)
    logged = m.LoggedSegment.create(
        segment_no=segment_no,
        description=fields.pop("description", "Logged mailing"),
        created_by="tester",
        no_of_interactions=len(people),
        **fields,
    )
    for contact in people:
        make_interaction(contact, segment_no=segment_no, logged_segment_entry_no=logged.entry_no)
    return logged


def table_counts() -> dict[str, int]:
    """The number of rows in every table (to show an operation changed nothing)."""
    return {model._meta.table_name: model.select().count() for model in m.ALL_MODELS}


def table_rows() -> dict[str, list[str]]:
    """Every row of every table, for an exact before/after comparison."""
    result: dict[str, list[str]] = {}
    for model in m.ALL_MODELS:
        rows: Iterable[tuple[Any, ...]] = model.select().tuples()  # type: ignore[assignment]
        result[model._meta.table_name] = sorted(repr(tuple(map(_plain, row))) for row in rows)
    return result


def _plain(value: Any) -> Any:
    """A column value that compares by content (PostgreSQL hands blobs out as memoryview)."""
    return bytes(value) if isinstance(value, memoryview) else value


def line_contacts(segment_no: str) -> list[str]:
    """The contact numbers of a segment's lines, in line order (read with the models)."""
    line = m.SegmentLine
    query = line.select(line.contact_no).where(line.segment_no == segment_no)
    return [no for (no,) in query.order_by(line.line_no).tuples()]
