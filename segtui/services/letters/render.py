"""One letter, of a segment line or of an interaction log entry, as .docx bytes or a file."""

from __future__ import annotations

from pathlib import Path

from segtui.docs.letter_text import letter_text
from segtui.domain.errors import InvalidInput
from segtui.services.letters.documents import (
    Documents,
)
from segtui.services.letters.files import ensure_folder, write_whole
from segtui.services.letters.sources import entry_source, line_source
from segtui.services.segments.segments import get_header_row


def render_entry_letter(entry_no: int, *, leave_unknown_empty: bool = False) -> bytes:
    """The letter of an interaction log entry, re-rendered from its merge snapshot."""
    source = entry_source(entry_no)
    return Documents(leave_unknown_empty).letter(source)


def entry_letter_text(entry_no: int) -> str:
    """The letter of an interaction log entry as plain text (unknown fields shown empty)."""
    return letter_text(render_entry_letter(entry_no, leave_unknown_empty=True))


def export_entry_letter(entry_no: int, path: Path, *, leave_unknown_empty: bool = False) -> Path:
    """Write the letter of an interaction log entry, re-rendered from its snapshot, to `path`."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; name the .docx file to write")
    data = render_entry_letter(entry_no, leave_unknown_empty=leave_unknown_empty)
    ensure_folder(path.parent)
    return write_whole(path, data)


def render_line_letter(
    segment_no: str, line_no: int, *, leave_unknown_empty: bool = False
) -> bytes:
    """The letter of one segment line as .docx bytes."""
    source = line_source(get_header_row(segment_no).no, line_no)
    return Documents(leave_unknown_empty).letter(source)


def export_line_letter(
    segment_no: str, line_no: int, path: Path, *, leave_unknown_empty: bool = False
) -> Path:
    """Write the merged letter of one line (or its unique document) to `path` for editing."""
    data = render_line_letter(segment_no, line_no, leave_unknown_empty=leave_unknown_empty)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; name the .docx file to write")
    ensure_folder(path.parent)
    return write_whole(path, data)
