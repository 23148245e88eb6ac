"""Segments (home): the open segments with their line counts; new, open, delete."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Label, Static

from segtui.domain.segments import SegmentSummary
from segtui.services.segments import segments
from segtui.tui.commands import HOME, bindings
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.messages import OpenSegment
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, perform, run_service


class HomeScreen(CommandScreen):
    """The list of open segments."""

    COMMAND_TABLE = HOME
    BINDINGS = bindings(HOME)
    HELP_TITLE = "Segments"

    def __init__(self) -> None:
        super().__init__()
        # The version of each listed segment, which a deletion from the list passes on.
        self._versions: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Segments", id="title", classes="title")
        yield DataTable(id="segments", cursor_type="row")
        yield Label("", id="empty", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("No.", key="no", width=10)
        table.add_column("Description", key="description", width=44)
        table.add_column("Lines", key="lines", width=9)
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self, select: str | None = None) -> None:
        """Reload the open segments (in a worker) and keep the cursor on `select`."""
        run_service(
            self, segments.list_segments, lambda rows: self._show(rows, select), group="home"
        )

    def _show(self, rows: list[SegmentSummary], select: str | None) -> None:
        table = self.query_one(DataTable)
        current = select or self.highlighted()
        table.clear()
        self._versions = {row.no: row.version for row in rows}
        for row in rows:
            table.add_row(row.no, Text(row.description), f"{row.no_of_lines:>9,}", key=row.no)
        self.query_one("#empty", Label).update(
            "" if rows else "No open segments. Press n to create one."
        )
        if current and current in {r.no for r in rows}:
            table.move_cursor(row=table.get_row_index(current))
        self.refresh_bindings()  # Open and Delete need a segment under the cursor

    def highlighted(self) -> str | None:
        """The number of the segment under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_segment", "delete_segment"):
            return self.is_mounted and self.highlighted() is not None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open_segment(self) -> None:
        """Open the highlighted segment's worksheet."""
        no = self.highlighted()
        if no:
            self.open(no)

    def open(self, no: str) -> None:
        """Open a segment's worksheet."""
        self.post_message(OpenSegment(no))

    def action_new_segment(self) -> None:
        """Create a segment (asks description and template) and open it."""
        self.app.action_new_segment()  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        """Reload the list."""
        self.refresh_list()

    @work(group=FLOW)
    async def action_delete_segment(self) -> None:
        """Delete the highlighted segment after confirmation."""
        no = self.highlighted()
        if not no:
            return
        version = self._versions.get(no)
        body = "Its lines, criteria log and history go too."
        if not await confirm_deletion(self.app, f"Delete segment {no}?", body):
            return
        # Only the segment as listed: one another user changed since is not deleted.
        if await perform(self, segments.delete_segment, no, shown_version=version):
            self.notify(f"Segment {no} deleted")
        self.refresh_list()
