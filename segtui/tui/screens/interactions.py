"""Interaction log entries: filters, the list (newest first), evaluate, cancel/uncancel, letter,
delete canceled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Select, Static

from segtui.config import load_settings
from segtui.domain.enums import Evaluation
from segtui.domain.interactions import InteractionEntry
from segtui.domain.letters import entry_file_stem
from segtui.domain.wording import counted
from segtui.services.letters.files import output_folder
from segtui.services.letters.render import entry_letter_text
from segtui.services.log import interactions
from segtui.tui.commands import INTERACTIONS, bindings
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.dialogs.letter import LetterScreen
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.cells import cell, number
from segtui.tui.widgets.interaction_filters import InteractionFilters, read_query
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, call, run_service

SHOWN = 500
WIDE = 100
"""From this many columns on, the table also shows each entry's segment."""


def columns_for(width: int) -> tuple[tuple[str, int], ...]:
    """The table's columns and their widths on a screen `width` wide; the name takes the rest."""
    columns = [
        ("Entry", 6),
        ("Date", 10),
        ("Contact", 8),
        ("Name", 0),
        ("Segment", 8),
        ("Eval.", 8 if width < WIDE else 13),
        ("Delivery", 11),
        ("Canc.", 5),
    ]
    if width < WIDE:
        # At 80 columns the segment gives way (the detail line shows it) so names stay readable.
        columns.remove(("Segment", 8))
    # Every column has a cell of padding each side; the scrollbar takes two.
    name = max(10, min(30, width - 2 - sum(w + 2 for _, w in columns)))
    return tuple((label, w or name) for label, w in columns)


def row_cells(entry: InteractionEntry) -> dict[str, Text]:
    """An entry's cells by column label."""
    return {
        "Entry": number(entry.entry_no),
        "Date": cell(entry.date.isoformat() if entry.date else ""),
        "Contact": cell(entry.contact_no),
        "Name": cell(entry.contact_name),
        "Segment": cell(entry.segment_no),
        "Eval.": cell(entry.evaluation.replace("_", " ")),
        "Delivery": cell(delivery_text(entry)),
        "Canc.": cell(entry.canceled),
    }


def delivery_text(entry: InteractionEntry) -> str:
    """The entry's delivery status in words; blank is done, or nothing to deliver."""
    if entry.delivery_status:
        return entry.delivery_status.replace("_", " ")
    return "done" if entry.correspondence_type else ""


class InteractionsScreen(CommandScreen):
    """The interaction log entries browser."""

    COMMAND_TABLE = INTERACTIONS
    BINDINGS = bindings(INTERACTIONS)
    HELP_TITLE = "Interaction log entries"

    def __init__(self, *, logged: int | None = None) -> None:
        super().__init__()
        self.entries: dict[str, InteractionEntry] = {}
        self.columns: tuple[tuple[str, int], ...] = ()
        self.logged = logged
        """The logged segment whose entries the screen opens on (its filter filled in)."""
        self.oldest = False
        """True while the page shown is the oldest one (End went past the newest page)."""

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Interaction Log Entries", classes="title")
        yield InteractionFilters()
        yield DataTable(id="entries", cursor_type="row", classes="browser-main")
        yield Static("", id="detail", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.logged is not None:
            self.query_one("#filter-logged", Input).value = str(self.logged)
        self._set_columns(self.app.size.width)
        self.query_one(DataTable).focus()
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        if columns_for(event.size.width) != self.columns:
            self._set_columns(event.size.width)
            self._fill()

    def _set_columns(self, width: int) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.columns = columns_for(width)
        for label, size in self.columns:
            table.add_column(label, width=size, key=label)

    def load(self, *, oldest: bool = False, cursor: int | None = None) -> None:
        """Read the entries matching the filters: the newest page, or with `oldest` the
        oldest (shown newest first all the same); then put the cursor on row `cursor`."""
        values = self.query_one(InteractionFilters).values()

        def work() -> list[InteractionEntry]:
            query = read_query(values, limit=SHOWN, oldest_first=oldest)
            found = interactions.list_interactions(query)
            return found[::-1] if oldest else found

        def done(entries: list[InteractionEntry]) -> None:
            self._show(entries, oldest)
            if cursor is not None and entries:
                self.query_one(DataTable).move_cursor(row=min(cursor, len(entries) - 1))

        run_service(self, work, done, group="list", exclusive=True)

    def _show(self, entries: list[InteractionEntry], oldest: bool = False) -> None:
        self.entries = {str(e.entry_no): e for e in entries}
        self.oldest = oldest
        self._fill()
        more = ""
        if len(entries) == SHOWN:
            more = f" (the {'oldest' if oldest else 'newest'} {SHOWN}; Home/End: newest/oldest)"
        self.query_one("#detail", Static).update(
            f" {counted(len(entries), 'entry', 'entries')}{more}"
        )

    def _fill(self) -> None:
        """Show the entries read last, keeping the cursor on the same entry."""
        table = self.query_one(DataTable)
        current = self.selected
        table.clear()
        for e in self.entries.values():
            cells = row_cells(e)
            table.add_row(*(cells[label] for label, _ in self.columns), key=str(e.entry_no))
        if current is not None and str(current) in self.entries:
            table.move_cursor(row=table.get_row_index(str(current)))
        self.refresh_bindings()  # the entry keys come and go with the rows

    @property
    def selected(self) -> int | None:
        """The entry number under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.load()
        self.query_one(DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        # A choice applies at once; the typed filters go with it as they stand.
        self.load()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.entries.get(str(event.row_key.value))
        if entry is not None:
            # Segment first: at 80 columns the table has no room for it.
            logged = entry.logged_segment_entry_no
            parts = [entry.segment_no or "no segment"]
            if logged is not None:
                parts.append(f"logged {logged}")
            if entry.delivery_error:
                parts.append(f"{delivery_text(entry)}: {entry.delivery_error}")
            parts += [entry.description, entry.subject, entry.correspondence_type or "—"]
            self.query_one("#detail", Static).update(" " + " · ".join(parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("evaluate", "toggle_cancel", "show_letter"):
            return self.is_mounted and self.selected is not None
        if action in ("first_entry", "last_entry"):
            # In a filter field Home and End move the text cursor, as they should.
            return self.is_mounted and isinstance(self.focused, DataTable)
        return True

    def action_first_entry(self) -> None:
        """Home: the newest entry (reading the newest page again if End left it)."""
        if self.oldest:
            self.load(cursor=0)
        else:
            self.query_one(DataTable).move_cursor(row=0)

    def action_last_entry(self) -> None:
        """End: the oldest entry matching the filters, even when it is not on the page."""
        table = self.query_one(DataTable)
        if self.oldest or len(self.entries) < SHOWN:
            table.move_cursor(row=max(0, table.row_count - 1))
        else:
            self.load(oldest=True, cursor=SHOWN - 1)

    def action_filter(self) -> None:
        """Focus the first filter field (Enter applies the filters)."""
        self.query_one(InteractionFilters).focus_first()

    def action_close(self) -> None:
        """Escape: from a filter back to the list (filter applied and kept), else back."""
        filters = self.query_one(InteractionFilters)
        if self.focused is not None and filters in self.focused.ancestors:
            self.load()
            self.query_one(DataTable).focus()
            return
        super().action_close()

    @work(group=FLOW)
    async def action_delete_canceled(self) -> None:
        """Delete every canceled entry, whatever the filters show, after confirmation."""
        question = "Delete every canceled interaction log entry?"
        body = (
            "All canceled entries go, not only those the filters show. "
            "Their logged segments stay, with their counts updated."
        )
        if not await confirm_deletion(self.app, question, body):
            return
        count = await call(self, interactions.delete_canceled_interactions)
        if count is None:
            return
        if count == 0:
            self.notify("No canceled interaction log entries to delete")
        else:
            entries = "entry" if count == 1 else "entries"
            self.notify(f"{count:,} canceled interaction log {entries} deleted")
        self.load()

    @work(group=FLOW)
    async def action_evaluate(self) -> None:
        """Choose an evaluation for the entry under the cursor."""
        entry_no = self.selected
        if entry_no is None:
            return
        # The judgements first, from very positive down; blank (not judged) last.
        options = [
            (e.value, e.label or "(blank)") for e in (*list(Evaluation)[1:], Evaluation.BLANK)
        ]
        dialog = ChoiceScreen(f"Evaluate entry {entry_no}", options)
        if (value := await self.app.push_screen_wait(dialog)) is not None:
            self._change(entry_no, lambda s: s.evaluate_interaction(entry_no, value or "blank"))

    @work(group=FLOW)
    async def action_show_letter(self) -> None:
        """Show the letter of the entry under the cursor, re-rendered from its snapshot."""
        entry_no = self.selected
        if entry_no is None:
            return
        contact_no = self.entries[str(entry_no)].contact_no

        def read() -> tuple[str, Path]:
            folder = output_folder(None, load_settings())
            return entry_letter_text(
                entry_no
            ), folder / f"{entry_file_stem(entry_no, contact_no)}.docx"

        if (found := await call(self, read)) is not None:
            text, save_as = found
            dialog = LetterScreen(
                f"Letter of entry {entry_no}", text, entry_no=entry_no, save_as=save_as
            )
            self.app.push_screen(dialog)

    def action_toggle_cancel(self) -> None:
        """Cancel or uncancel the entry under the cursor."""
        entry_no = self.selected
        if entry_no is None:
            return
        canceled = self.entries[str(entry_no)].canceled
        self._change(
            entry_no,
            lambda s: (
                s.uncancel_interaction(entry_no) if canceled else s.cancel_interaction(entry_no)
            ),
        )

    def _change(self, entry_no: int, change: Callable[[ModuleType], object]) -> None:
        """Apply `change` to the interactions service in a worker, then read the list again."""

        def done(_: object) -> None:
            self.notify(f"Entry {entry_no} saved")
            self.load()

        run_service(self, lambda: change(interactions), done)
