"""The merge preview of one segment line: the letter as plain text, with its comment.

This is the single seam the TUI calls for a preview; the merge engine can later render the
real letter here without the TUI changing.
"""

from __future__ import annotations

from dataclasses import dataclass

from segtui.domain.errors import NotFound
from segtui.services import contacts, segments


@dataclass(frozen=True)
class Preview:
    """A letter as text; `comment` is the part of `text` to highlight ('' when none)."""

    contact_no: str
    text: str
    comment: str


def _salutation(salutation: str, first_name: str, surname: str, name: str) -> str:
    """ "Dear Ms Smith," when the contact has a salutation and surname, else "Dear Name,"."""
    if salutation and surname:
        return f"Dear {salutation} {surname},"
    return f"Dear {first_name or name},"


def preview(segment_no: str, line_no: int) -> Preview:
    """The letter of one line: address block, date, subject, salutation and comment."""
    line = segments.get_line(segment_no, line_no)
    try:
        contact = contacts.get_contact(line.contact_no)
    except NotFound:
        return Preview(line.contact_no, f"(contact {line.contact_no} no longer exists)", "")
    place = " ".join(p for p in (contact.post_code, contact.city) if p)
    address = [contact.name, contact.address, contact.address_2, place, contact.country_code]
    parts = ["\n".join(p for p in address if p), ""]
    if line.date:
        parts += [line.date.isoformat(), ""]
    if line.subject:
        parts += [f"Subject: {line.subject}", ""]
    parts += [
        _salutation(contact.salutation, contact.first_name, contact.surname, contact.name),
        "",
    ]
    if line.comment:
        parts += [line.comment, ""]
    parts += [line.description or "", "", "Kind regards,"]
    return Preview(line.contact_no, "\n".join(parts).rstrip() + "\n", line.comment)
