"""Export a segment's or a filter's contacts as CSV or vCard 3.0, streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

import peewee as pw

from segtui.db.models import Contact, SegmentHeader, SegmentLine
from segtui.domain.contacts import BOOLEAN_FIELDS, CONTACT_FIELDS, ContactView
from segtui.domain.criteria import Filter
from segtui.domain.errors import NotFound
from segtui.services.contacts.contacts import VIEW_COLUMNS, view_from_row

CSV_COLUMNS = tuple(Contact._meta.fields[name] for name in CONTACT_FIELDS)


def _rows(
    segment_no: str | None, filters: Sequence[Filter], *, with_company: bool
) -> Iterator[Any]:
    """The chosen contacts by number, never all in memory.

    Rows are CSV_COLUMNS, or VIEW_COLUMNS and the company's name when `with_company`.
    """
    if with_company:
        company = Contact.alias("company")
        query = (
            Contact.select(*VIEW_COLUMNS, company.name)
            .join(company, on=(company.no == Contact.company_no), join_type=pw.JOIN.LEFT_OUTER)
            .order_by(Contact.no)
        )
    else:
        query = Contact.select(*CSV_COLUMNS).order_by(Contact.no)
    if segment_no is not None:
        if not SegmentHeader.select().where(SegmentHeader.no == segment_no).exists():
            raise NotFound(f"segment {segment_no!r} does not exist")
        # IN rather than a join: a contact on two lines is still exported once.
        members = SegmentLine.select(SegmentLine.contact_no).where(
            SegmentLine.segment_no == segment_no
        )
        query = query.where(Contact.no.in_(members))
    if filters:
        from segtui.db.criteria import contact_condition

        query = query.where(contact_condition(filters, Contact))
    return iter(query.tuples().iterator())


def export_csv(out: TextIO, segment_no: str | None = None, filters: Sequence[Filter] = ()) -> int:
    """Write the contacts as CSV with a header of field names (what import reads); return count."""
    rows = _rows(segment_no, filters, with_company=False)  # errors before any output
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CONTACT_FIELDS)
    flags = [CONTACT_FIELDS.index(name) for name in BOOLEAN_FIELDS]
    count = 0
    for row in rows:
        values = list(row)
        for i in flags:
            values[i] = "true" if values[i] else "false"
        writer.writerow(values)
        count += 1
    return count


def _escape(text: str) -> str:
    """Escape a vCard text value (RFC 2426 §4)."""
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, continuing with a space (RFC 2425 §5.8.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def vcard(contact: ContactView, company_name: str) -> str:
    """One contact as a vCard 3.0 card."""
    e = _escape
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{e(contact.no)}", f"FN:{e(contact.name)}"]
    if contact.is_company:
        lines.append(f"N:{e(contact.name)};;;;")
        lines.append(f"ORG:{e(contact.name)}")
    else:
        surname = contact.surname or contact.name
        lines.append(f"N:{e(surname)};{e(contact.first_name)};;{e(contact.salutation)};")
        if company_name:
            lines.append(f"ORG:{e(company_name)}")
    if contact.job_title:
        lines.append(f"TITLE:{e(contact.job_title)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{e(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{e(contact.phone)}")
    if contact.mobile:
        lines.append(f"TEL;TYPE=CELL:{e(contact.mobile)}")
    street = ", ".join(p for p in (contact.address, contact.address_2) if p)
    if street or contact.city or contact.post_code:
        parts = (street, contact.city, contact.county, contact.post_code, contact.country_code)
        lines.append("ADR;TYPE=WORK:;;" + ";".join(e(p) for p in parts))
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def export_vcard(out: TextIO, segment_no: str | None = None, filters: Sequence[Filter] = ()) -> int:
    """Write the contacts as vCard 3.0 cards, one after the other; return the count."""
    count = 0
    for row in _rows(segment_no, filters, with_company=True):
        out.write(vcard(view_from_row(row[:-1]), row[-1] or ""))
        count += 1
    return count
