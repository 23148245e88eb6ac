"""The merge preview of one segment line: the letter as plain text, with its comment.

This is the single seam the TUI calls for a preview. It renders the real letter through
the merge (`letter_preview`); when a line has no usable template document it
falls back to a plain letter built from the line's fields, so the pane is never empty.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from segtui.db import models as m
from segtui.docs.letter_text import letter_text
from segtui.domain.errors import NotFound, SegtuiError
from segtui.domain.letters import (
    LetterPreview,
)
from segtui.services.contacts import contacts
from segtui.services.letters.documents import (
    COMMENT_CLOSE,
    COMMENT_OPEN,
    Documents,
    query_rows,
)
from segtui.services.letters.sources import line_source
from segtui.services.segments import segments
from segtui.services.segments.segments import get_header_row


def _split_comment(text: str) -> tuple[str, str, int]:
    """The text without comment marks, the comment as shown, and where it starts."""
    start = text.find(COMMENT_OPEN)
    end = text.find(COMMENT_CLOSE, start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return text.replace(COMMENT_OPEN, "").replace(COMMENT_CLOSE, ""), "", -1
    comment = text[start + 1 : end]
    clean = text.replace(COMMENT_OPEN, "").replace(COMMENT_CLOSE, "")
    return clean, comment, start


def letter_preview(segment_no: str, line_no: int) -> LetterPreview:
    """The letter of one line as plain text, with where its comment is (for highlighting).

    Unknown template fields are shown empty here; the merge itself refuses them.
    """
    source = line_source(get_header_row(segment_no).no, line_no)
    documents = _preview_documents()
    document = documents.for_source(source)
    text = letter_text(documents.letter(source, mark_comment=True))
    text, comment, start = _split_comment(text)
    if document is None:
        # A unique document was edited by hand: find the comment if it is still there.
        comment = source.values.get("Comment", "")
        start = text.find(comment) if comment else -1
        if start < 0:
            comment = ""
        label = "unique document"
    else:
        label = document.label
    return LetterPreview(text, comment, start, source.contact_no, label)


_PREVIEW_CACHE: dict[str, Documents] = {}


def _preview_documents() -> Documents:
    """Parsed templates kept between previews so moving the cursor does not re-parse them.

    The cache is dropped when any template document changes (compared by its checksum).
    """
    stamp = hashlib.sha256(
        ",".join(
            f"{a}:{s}"
            for a, s in query_rows(
                m.InteractionTemplateLanguage.select(
                    m.InteractionTemplateLanguage.attachment, m.Attachment.sha256
                )
                .join(m.Attachment)
                .order_by(m.InteractionTemplateLanguage.attachment)
            )
        ).encode()
        + "".join(
            f"{c}:{f}"
            for c, f in query_rows(
                m.InteractionTemplate.select(
                    m.InteractionTemplate.code, m.InteractionTemplate.field_map
                )
            )
        ).encode()
    ).hexdigest()
    if stamp not in _PREVIEW_CACHE:
        _PREVIEW_CACHE.clear()
        _PREVIEW_CACHE[stamp] = Documents(leave_unknown_empty=True)
    return _PREVIEW_CACHE[stamp]


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
