"""Contacts: list with filters, create, edit, block and delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import peewee as pw

from segtui.db.models import Contact, InteractionLogEntry, SegmentLine, now
from segtui.db.numbering import next_number
from segtui.db.proxy import write_transaction
from segtui.domain.contacts import BOOLEAN_FIELDS, CONTACT_FIELDS, ContactView
from segtui.domain.criteria import Filter
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.contacts.checks import (
    check_company,
    clean_values,
    read_contact_no,
)

VIEW_COLUMNS: tuple[pw.Field, ...] = (
    *(Contact._meta.fields[name] for name in CONTACT_FIELDS),
    Contact.created_at,
    Contact.updated_at,
)
"""The columns a ContactView is built from, in its field order."""


def view_from_row(row: Sequence[object]) -> ContactView:
    """A ContactView from a tuple of VIEW_COLUMNS (booleans normalised for both backends)."""
    values = list(row)
    # SQLite hands booleans back as 0/1.
    for name in BOOLEAN_FIELDS:
        index = CONTACT_FIELDS.index(name)
        values[index] = bool(values[index])
    return ContactView(*values)  # type: ignore[arg-type]


def contacts_query(filters: Sequence[Filter] = ()) -> Any:
    """The contacts matching every filter, ordered by number, as VIEW_COLUMNS tuples."""
    query = Contact.select(*VIEW_COLUMNS)
    if filters:
        # Imported here: the criteria compiler is its own module and only needed with filters.
        from segtui.db.criteria import contact_condition

        query = query.where(contact_condition(filters, Contact))
    return query.order_by(Contact.no)


def list_contacts(filters: Sequence[Filter] = (), limit: int | None = None) -> list[ContactView]:
    """The contacts matching every filter, by number; all of them unless `limit`."""
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit must not be negative, not {limit}")
    query = contacts_query(filters)
    if limit is not None:
        query = query.limit(limit)
    return [view_from_row(row) for row in query.tuples().iterator()]


def count_contacts(filters: Sequence[Filter] = ()) -> int:
    """How many contacts match every filter."""
    query = Contact.select()
    if filters:
        from segtui.db.criteria import contact_condition

        query = query.where(contact_condition(filters, Contact))
    return int(query.count())


def get_contact(no: str) -> ContactView:
    """One contact by number."""
    row = Contact.select(*VIEW_COLUMNS).where(Contact.no == no).tuples().first()
    if row is None:
        raise NotFound(f"contact {no!r} does not exist")
    return view_from_row(row)


def _person_name(values: Mapping[str, object]) -> str:
    """A person's name made from first name and surname when none is given."""
    parts = (str(values.get("first_name", "")), str(values.get("surname", "")))
    return " ".join(p for p in parts if p)


def create_contact(values: Mapping[str, object], no: str | None = None) -> ContactView:
    """Create a contact from field values; its number comes from the CONTACT series unless given."""
    cleaned = clean_values(values, "new contact")
    cleaned.setdefault("type", "company")
    if not cleaned.get("name") and cleaned["type"] == "person":
        cleaned["name"] = _person_name(cleaned)
    if not cleaned.get("name"):
        raise InvalidInput("new contact: name must not be empty", field="name")
    with write_transaction():
        if no is not None:
            no = read_contact_no(no, "new contact")
            if Contact.select().where(Contact.no == no).exists():
                raise Refused(f"contact {no!r} already exists")
        else:
            no = next_number("CONTACT")
        check_company(no, str(cleaned["type"]), str(cleaned.get("company_no", "")), f"contact {no}")
        stamp = now()
        Contact.insert(no=no, created_at=stamp, updated_at=stamp, **cleaned).execute()
    return get_contact(no)


def edit_contact(no: str, changes: Mapping[str, object]) -> ContactView:
    """Change some fields of a contact; the others keep their values."""
    where = f"contact {no}"
    cleaned = clean_values(changes, where)
    if "name" in cleaned and not cleaned["name"]:
        raise InvalidInput(f"{where}: name must not be empty", field="name")
    with write_transaction():
        current = get_contact(no)
        new_type = str(cleaned.get("type", current.type))
        new_company = str(cleaned.get("company_no", current.company_no))
        if "type" in cleaned or "company_no" in cleaned:
            check_company(no, new_type, new_company, where)
        if new_type == "person" and current.type == "company":
            members = Contact.select().where((Contact.company_no == no) & (Contact.no != no))
            if members.exists():
                raise Refused(f"{where} has persons; it cannot become a person")
        if cleaned:
            Contact.update(updated_at=now(), **cleaned).where(Contact.no == no).execute()
    return get_contact(no)


def block_contact(no: str, blocked: bool = True) -> ContactView:
    """Set (or clear) privacy blocking: a blocked contact is never added to a segment."""
    return edit_contact(no, {"privacy_blocked": blocked})


def delete_contact(no: str) -> None:
    """Delete a contact that has no history; one with interactions can only be blocked."""
    with write_transaction():
        get_contact(no)
        if InteractionLogEntry.select().where(InteractionLogEntry.contact_no == no).exists():
            raise Refused(
                f"contact {no!r} has interaction log entries and cannot be deleted; "
                "block it instead"
            )
        if SegmentLine.select().where(SegmentLine.contact_no == no).exists():
            raise Refused(f"contact {no!r} is in an open segment; remove it from there first")
        persons = Contact.select().where((Contact.company_no == no) & (Contact.no != no))
        if persons.exists():
            raise Refused(f"contact {no!r} is the company of other contacts")
        Contact.delete().where(Contact.no == no).execute()
