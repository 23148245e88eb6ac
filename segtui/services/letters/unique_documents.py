"""A line's unique document: an edited .docx stored for that line and used as it is."""

from __future__ import annotations

import hashlib
from pathlib import Path

from segtui.db import models as m
from segtui.docs import MergeTemplate
from segtui.docs.safety import MAX_PACKAGE_BYTES
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.paths import read_regular_file
from segtui.services.letters.documents import (
    ATTACHMENT_ID,
    Line,
)
from segtui.services.segments.guard import segment_write
from segtui.services.segments.segments import get_header_row


def _line_row(segment_no: str, line_no: int) -> m.SegmentLine:
    """The line's row, or NotFound."""
    row = Line.get_or_none((Line.segment_no == segment_no) & (Line.line_no == line_no))
    if row is None:
        raise NotFound(f"segment {segment_no} has no line {line_no}")
    return row


def _drop_if_unused(attachment_id: int | None) -> None:
    """Delete a line's former unique document unless anything still refers to it."""
    if attachment_id is None:
        return
    for model, column in (
        (m.SegmentLine, m.SegmentLine.attachment_id),
        (m.SegmentHistory, m.SegmentHistory.attachment_id),  # Go Back may restore it
        (m.InteractionLogEntry, m.InteractionLogEntry.attachment_id),
        (m.InteractionTemplateLanguage, m.InteractionTemplateLanguage.attachment),
    ):
        if model.select().where(column == attachment_id).exists():
            return
    m.Attachment.delete().where(attachment_id == ATTACHMENT_ID).execute()


def import_line_letter(segment_no: str, line_no: int, path: Path) -> int:
    """Store an edited .docx as the line's unique document (used as it is); return its id."""
    segment_no = get_header_row(segment_no).no
    _line_row(segment_no, line_no)  # name a wrong line before looking at the file
    try:
        content = read_regular_file(path, MAX_PACKAGE_BYTES)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file ({exc.strerror})") from None
    MergeTemplate.load(content, str(path))  # refuses anything that is not a sound .docx
    with segment_write(segment_no) as write:
        row = _line_row(segment_no, line_no)
        attachment_id = int(
            m.Attachment.insert(
                filename=f"{segment_no}-{line_no}.docx",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            ).execute()
        )
        Line.update(attachment_id=attachment_id, version=Line.version + 1).where(
            Line.id == row.id
        ).execute()
        _drop_if_unused(row.attachment_id)
        write.did(f"unique letter of line {line_no} ({row.contact_no}) imported")
    return attachment_id


def clear_line_letter(segment_no: str, line_no: int) -> None:
    """Drop a line's unique document: the line inherits its template's again."""
    segment_no = get_header_row(segment_no).no
    with segment_write(segment_no) as write:
        row = _line_row(segment_no, line_no)
        if row.attachment_id is None:
            raise Refused(f"line {line_no} of segment {segment_no} has no unique document")
        Line.update(attachment_id=None, version=Line.version + 1).where(Line.id == row.id).execute()
        _drop_if_unused(row.attachment_id)
        write.did(f"unique letter of line {line_no} ({row.contact_no}) removed")
