"""App-level messages: a screen or flow asks the app to move between screens."""

from __future__ import annotations

from textual.message import Message


class OpenSegment(Message):
    """Open a segment's worksheet over the segments list (or in place of the current screen)."""

    def __init__(self, segment_no: str, *, replace: bool = False) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.replace = replace
        """True: the worksheet takes the place of the screen shown (a browser)."""


class ShowSegments(Message):
    """Go back to the segments list, closing the screens above it."""


class ShowInteractions(Message):
    """Open the interaction log entries of one logged segment (over the segments list)."""

    def __init__(self, logged_segment_entry_no: int) -> None:
        super().__init__()
        self.logged_segment_entry_no = logged_segment_entry_no
