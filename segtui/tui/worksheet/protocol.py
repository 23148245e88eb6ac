"""What a worksheet flow needs of the worksheet: its segment, the line under the cursor,
a reload and a notification (the flows never import the screen, nor each other)."""

from __future__ import annotations

from typing import Protocol

from textual.notifications import SeverityLevel

from segtui.domain.segments import SegmentHeader, SegmentLine
from segtui.tui.worker import Node


class Worksheet(Node, Protocol):
    """The open segment as its flows see it."""

    segment_no: str
    header: SegmentHeader | None

    @property
    def line(self) -> SegmentLine | None:
        """The line under the cursor (None while its page loads)."""
        ...

    def reload(self, *, keep_cursor: bool = True) -> None:
        """Read the header and criteria log again and reset the lines table."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification."""
        ...
