"""The merge preview of one segment line: the letter as plain text, with its comment.

This is the single seam the TUI calls for a preview. It renders the real letter through
the merge (`letters.letter_preview`); when a line has no usable template document it
falls back to a plain letter built from the line's fields, so the pane is never empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from segtui.domain.errors import NotFound, SegtuiError
from segtui.services import contacts, segments


@dataclass(frozen=True)
class Preview:
    """A letter as text; `comment` is the part of `text` to highlight ('' when none)."""

    contact_no: str
    text: str
    comment: str
    comment_start: int = -1
    source: str = ""


def _salutation(salutation: str, first_name: str, surname: str, name: str) -> str:
    """The greeting: "Dear Ms Smith," with a salutation and surname, else "Dear Anna,"."""
    if salutation and surname:
        return f"Dear {salutation} {surname},"
    return f"Dear {first_name or name},"


def preview(segment_no: str, line_no: int) -> Preview:
    """The letter of one line as the merge renders it, or a plain one when it cannot."""
    try:
        from segtui.services.letters import letter_preview
    except ImportError:  # a segtui without the merge engine
        return plain_preview(segment_no, line_no)
    try:
        letter = letter_preview(segment_no, line_no)
    except NotFound:
        raise
    except SegtuiError:
        return plain_preview(segment_no, line_no)
    return Preview(
        letter.contact_no, letter.text, letter.comment, letter.comment_start, letter.source
    )


def plain_preview(segment_no: str, line_no: int) -> Preview:
    """A letter built from the line's fields: address block, date, subject, salutation."""
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
    text = "\n".join(parts).rstrip() + "\n"
    start = text.find(line.comment) if line.comment else -1
    return Preview(line.contact_no, text, line.comment, start, "fields (no template document)")
