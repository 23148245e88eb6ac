"""The lines of a segment as a virtual table: pages are read from the database on demand.

Only a few pages of lines are ever held (an LRU of keyset pages), so a segment of
100 000 lines opens as fast as one of ten and memory does not grow as the user scrolls.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from segtui.domain.segments import SegmentLine
from segtui.services.segments import line_window
from segtui.tui.worker import run_service

PAGE_SIZE = 200
KEPT_PAGES = 6

CORRESPONDENCE = {"email": "Email", "hard_copy": "Hard", "": "·"}

OVERRIDDEN = "*"
"""Written after a value the user set on the line itself (it no longer follows the header)."""

NAME_MIN = 24  # a wider column appears only while the name keeps this much room


@dataclass(frozen=True)
class Column:
    """A column that appears once the table is wide enough: its heading, width and field."""

    heading: str
    width: int
    field: str


WIDER = (
    Column("Description", 20, "description"),
    Column("Subject", 24, "subject"),
    Column("Template", 10, "interaction_template_code"),
    Column("Lang.", 5, "language_code"),
)
"""The columns beyond Contact, Name, Corr. and ✎, in the order they appear as it widens."""


def layout(width: int) -> tuple[int, tuple[Column, ...]]:
    """The name's width and the wider columns that fit a table `width` characters wide."""
    name_width = max(width - 22, 8)
    shown: list[Column] = []
    for column in WIDER:
        if name_width - column.width - 1 < NAME_MIN:
            break
        shown.append(column)
        name_width -= column.width + 1
    return name_width, tuple(shown)


def _cell(value: str, width: int, overridden: bool = False) -> str:
    """A value cut to its column, marked when the user overrode it on the line."""
    if overridden:
        return f"{value[: width - 1]}{OVERRIDDEN}".ljust(width)
    return value[:width].ljust(width)


def format_line(line: SegmentLine, width: int) -> str:
    """One line of the table: contact, name, the wider columns that fit, corr. type, comment.

    An overridden field has its mark on its own cell, so the user sees which field
    stopped following the header.
    """
    name_width, wider = layout(width)
    corr = CORRESPONDENCE.get(line.correspondence_type, line.correspondence_type)
    cells = [f"{line.contact_no:<9}", _cell(line.contact_name, name_width)]
    cells += [_cell(getattr(line, c.field), c.width, c.field in line.overridden) for c in wider]
    cells.append(_cell(corr, 6, "correspondence_type" in line.overridden))
    cells.append("✎" if line.comment else "·")
    return " " + " ".join(cells)


def heading(width: int) -> str:
    """The column headings matching `format_line`."""
    name_width, wider = layout(width)
    cells = [f"{'Contact':<9}", f"{'Name':<{name_width}}"]
    cells += [_cell(c.heading, c.width) for c in wider]
    cells += [f"{'Corr.':<6}", "✎"]
    return " " + " ".join(cells)


class LinesTable(ScrollView, can_focus=True):
    """A cursor over a segment's lines, reading pages of lines as they come into view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]
    # The cursor row is a neutral grey, not the accent: in 16 colours the accent becomes
    # bright red, and a red row reads as an error.
    COMPONENT_CLASSES: ClassVar[set[str]] = {"lines-table--cursor"}
    DEFAULT_CSS = """
    LinesTable { overflow-x: hidden; }
    LinesTable > .lines-table--cursor {
        background: $foreground 25%;
        color: $foreground;
        text-style: bold;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class CursorMoved(Message):
        """The cursor is on another line (None: no lines, or its page is still loading)."""

        def __init__(self, line: SegmentLine | None, index: int) -> None:
            super().__init__()
            self.line = line
            self.index = index

    class WidthChanged(Message):
        """The table's width changed (the column headings must follow)."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, segment_no: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.segment_no = segment_no
        self.total = 0
        self._pages: OrderedDict[int, list[SegmentLine]] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0

    # -- data -------------------------------------------------------------------------

    def reset(self, total: int, *, keep_cursor: bool = True, cursor_at: int | None = None) -> None:
        """Forget every page (the lines changed) and show `total` lines.

        The cursor goes to `cursor_at` when given (where the contact it was on is now),
        else stays at its row (`keep_cursor`) or goes to the top.
        """
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        self.total = total
        self.virtual_size = Size(self.size.width, total)
        cursor = cursor_at if cursor_at is not None else (self.cursor if keep_cursor else 0)
        self.cursor = max(0, min(cursor, total - 1))
        self.refresh()

    def line_at(self, index: int) -> SegmentLine | None:
        """The line at a position if its page is loaded; asks for the page otherwise."""
        if not 0 <= index < self.total:
            return None
        number = index // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            self._load(number)
            return None
        self._pages.move_to_end(number)
        offset = index - number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def prefetch(self, index: int) -> None:
        """Read the pages on either side of the one holding `index` ahead of time.

        A key that crosses into a page not yet read would wait for its query; reading the
        neighbours whenever the user moves the cursor within a loaded page means paging
        through 100 000 lines never waits. (Opening the worksheet reads only the first
        page: the read-ahead starts with the first key, so it does not delay the first
        frame.)
        """
        number = index // PAGE_SIZE
        if number not in self._pages:
            return
        for neighbour in (number + 1, number - 1):
            if 0 <= neighbour * PAGE_SIZE < self.total and neighbour not in self._pages:
                self._load(neighbour)

    @property
    def current(self) -> SegmentLine | None:
        """The line under the cursor, when loaded."""
        return self.line_at(self.cursor)

    def _load(self, number: int) -> None:
        if number in self._loading:
            return
        self._loading.add(number)
        previous = self._pages.get(number - 1)
        after = previous[-1].line_no if previous and len(previous) == PAGE_SIZE else None
        if number == 0:
            after = 0
        generation, segment_no = self._generation, self.segment_no

        def work() -> list[SegmentLine]:
            return line_window.page_at(segment_no, number * PAGE_SIZE, PAGE_SIZE, after)

        def done(lines: list[SegmentLine]) -> None:
            if generation != self._generation:
                return
            self._loading.discard(number)
            self._pages[number] = lines
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
            self.refresh()
            if self.cursor // PAGE_SIZE == number:
                self.post_message(self.CursorMoved(self.current, self.cursor))

        run_service(self, work, done, group=f"lines-{number}")

    # -- rendering --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = round(self.scroll_offset.y) + y
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        line = self.line_at(index)
        text = format_line(line, width) if line is not None else " …"
        style = self.rich_style
        if index == self.cursor:
            style = self.get_component_rich_style("lines-table--cursor")
        return Strip([Segment(text[:width].ljust(width), style)], width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total)
        self.post_message(self.WidthChanged(self.size.width))

    # -- the cursor -------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_offset.y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CursorMoved(self.current, cursor))

    def go_to(self, index: int) -> None:
        """Put the cursor on the line at `index` (its page is read if need be)."""
        self._move(index)

    def _move(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(index, self.total - 1))
            # Read ahead once this key's frame is drawn, so the key never waits for it.
            self.call_after_refresh(self.prefetch, self.cursor)

    def action_cursor(self, delta: int) -> None:
        """Move the cursor up or down."""
        self._move(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self._move(self.cursor + direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, where: int) -> None:
        """Go to the first (0) or last (-1) line."""
        self._move(0 if where == 0 else self.total - 1)

    def on_click(self, event: events.Click) -> None:
        self._move(round(self.scroll_offset.y) + event.y)
