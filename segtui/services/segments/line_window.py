"""Random access into a segment's lines for the TUI's paged table (keyset pages by position)."""

from __future__ import annotations

from segtui.domain.segments import SegmentLine
from segtui.services.segments import segments


def line_no_at(segment_no: str, index: int) -> int:
    """The line number at a 0-based position in line order (0 when before the first line)."""
    if index < 0:
        return 0
    from segtui.db.models import SegmentLine as Line

    found = (
        Line.select(Line.line_no)
        .where(Line.segment_no == segment_no)
        .order_by(Line.line_no)
        .offset(index)
        .limit(1)
        .scalar()
    )
    return int(found or 0)


def page_at(
    segment_no: str, start: int, size: int, after_line_no: int | None = None
) -> list[SegmentLine]:
    """The lines from position `start`; pass the previous page's last line number when known.

    With `after_line_no` the page is a pure keyset read; otherwise one index lookup finds
    where the page starts (so jumping to the end of 100 000 lines stays cheap).
    """
    if after_line_no is None:
        after_line_no = line_no_at(segment_no, start - 1)
    return segments.list_lines(segment_no, after_line_no=after_line_no, limit=size)
