"""The saved criteria picker (reuse, delete) and the Reuse Segment picker."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from segtui.domain.interactions import LoggedSegmentInfo
from segtui.domain.saved_criteria import SavedCriteria
from segtui.services.log import logged
from segtui.services.segments import saved_criteria
from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.worker import FLOW, perform, run_service

ChoiceT = TypeVar("ChoiceT")


class _ListPicker(CommandModal[ChoiceT | None]):
    """A modal list: Enter chooses the highlighted row, Escape closes."""

    TITLE_TEXT = ""
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog list-picker"):
            yield Label(self.TITLE_TEXT, classes="dialog-title")
            yield DataTable(id="choices", cursor_type="row")
            yield Label(self.hint(), classes="hint")

    def hint(self) -> str:
        """The keys line under the list."""
        return "Enter chooses · Esc closes"

    def highlighted(self) -> str | None:
        """The key of the highlighted row."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class SavedCriteriaScreen(_ListPicker[str]):
    """Pick saved criteria to reuse (Enter, answers its code) or delete (d)."""

    TITLE_TEXT = "Reuse Criteria"
    COMMAND_TABLE = (
        Command("choose", "enter", "Reuse", "Replay the highlighted criteria"),
        Command("delete", "d,delete", "Delete", "Delete the highlighted criteria"),
        Command("cancel", "escape", "Cancel", "Close"),
    )
    BINDINGS = [*_ListPicker.BINDINGS, Binding("d,delete", "delete", "Delete")]

    def hint(self) -> str:
        return "Enter reuses · d deletes · Esc closes"

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Code", width=14)
        table.add_column("Description", width=30)
        table.add_column("Steps", width=5)
        table.focus()
        self._load()

    def _load(self) -> None:
        def done(rows: list[SavedCriteria]) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for row in rows:
                table.add_row(row.code, Text(row.description), str(len(row.steps)), key=row.code)
            if not rows:
                self.notify("No saved criteria yet (s on a worksheet saves them)")

        run_service(self, saved_criteria.list_saved, done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    @work(group=FLOW)
    async def action_delete(self) -> None:
        """Delete the highlighted saved criteria."""
        code = self.highlighted()
        if code is None:
            return
        question = ConfirmScreen(f"Delete saved criteria {code}?", default_yes=False)
        if not await self.app.push_screen_wait(question):
            return
        if await perform(self, saved_criteria.delete_saved, code):
            self._load()


class ReuseSegmentScreen(_ListPicker[int]):
    """Pick a logged segment (answers its entry number) whose contacts are added."""

    TITLE_TEXT = "Reuse Segment"
    COMMAND_TABLE = (
        Command("choose", "enter", "Reuse", "Add the highlighted logged segment's contacts"),
        Command("cancel", "escape", "Cancel", "Close"),
    )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Entry", width=6)
        table.add_column("Segment", width=9)
        table.add_column("Description", width=26)
        table.add_column("Entries", width=7)
        table.focus()

        def done(rows: list[LoggedSegmentInfo]) -> None:
            for row in rows:
                if not row.canceled:
                    table.add_row(
                        str(row.entry_no),
                        row.segment_no,
                        Text(row.description),
                        f"{row.no_of_interactions:>7}",
                        key=str(row.entry_no),
                    )

        run_service(self, logged.list_logged_segments, done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(str(event.row_key.value)))
