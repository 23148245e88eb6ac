"""Logged segments: the list, the entries of the one under the cursor, cancel/uncancel,
follow-up (opens it) and re-send."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from segtui.domain.interactions import InteractionEntry, InteractionQuery, LoggedSegmentInfo
from segtui.domain.logging import DeliveryReport
from segtui.domain.wording import counted
from segtui.services.log import interactions, logged, statistics
from segtui.tui.commands import LOGGED, bindings
from segtui.tui.dialogs.confirm import ConfirmScreen, confirm_deletion
from segtui.tui.dialogs.progress import RESEND_HINT, DeliveryCanceled, ProgressScreen
from segtui.tui.messages import OpenSegment
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.statistics import StatisticsScreen
from segtui.tui.widgets.cells import cell, number
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call, run_service

ENTRIES_SHOWN = 500


class LoggedScreen(CommandScreen):
    """The logged segments browser."""

    COMMAND_TABLE = LOGGED
    BINDINGS = bindings(LOGGED)
    HELP_TITLE = "Logged segments"

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, LoggedSegmentInfo] = {}

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Logged Segments", classes="title")
        yield DataTable(id="logged", cursor_type="row", classes="browser-main")
        yield Static("", id="entries-title", classes="heading", markup=False)
        yield DataTable(id="entries", cursor_type="row", classes="browser-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        logged = self.query_one("#logged", DataTable)
        for name, width in (("Entry", 6), ("Segment", 9), ("Description", 26), ("Entries", 7)):
            logged.add_column(name, width=width)
        logged.add_column("Date", width=10)
        logged.add_column("Canceled", width=8)
        entries = self.query_one("#entries", DataTable)
        for name, width in (("Entry", 6), ("Contact", 9), ("Name", 22), ("Corr.", 9)):
            entries.add_column(name, width=width)
        entries.add_column("Delivery", width=11)
        entries.add_column("Canceled", width=8)
        logged.focus()
        self.load()

    def load(self, select: int | None = None) -> None:
        """Read the logged segments (newest first)."""

        run_service(self, logged.list_logged_segments, lambda rows: self._show(rows, select))

    def _show(self, rows: list[LoggedSegmentInfo], select: int | None) -> None:
        table = self.query_one("#logged", DataTable)
        current = select if select is not None else self.selected
        table.clear()
        self.rows = {str(r.entry_no): r for r in rows}
        for r in rows:
            table.add_row(
                number(r.entry_no),
                cell(r.segment_no),
                cell(r.description),
                number(r.no_of_interactions),
                cell(r.created_at.date().isoformat()),
                cell(r.canceled),
                key=str(r.entry_no),
            )
        if current is not None and str(current) in self.rows:
            table.move_cursor(row=table.get_row_index(str(current)))
        if not rows:
            self.query_one("#entries-title", Static).update(" No logged segments yet.")
        self.refresh_bindings()  # cancel, follow-up, resend and statistics need a row

    @property
    def selected(self) -> int | None:
        """The entry number of the logged segment under the cursor."""
        table = self.query_one("#logged", DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "logged" and event.row_key.value is not None:
            self._entries(int(str(event.row_key.value)))

    def _entries(self, entry_no: int) -> None:
        def work() -> list[InteractionEntry]:
            query = InteractionQuery(logged_segment_entry_no=entry_no, limit=ENTRIES_SHOWN)
            return interactions.list_interactions(query)

        def done(entries: list[InteractionEntry]) -> None:
            table = self.query_one("#entries", DataTable)
            table.clear()
            for e in sorted(entries, key=lambda e: e.entry_no):
                status = e.delivery_status or ("done" if e.correspondence_type else "—")
                table.add_row(
                    number(e.entry_no),
                    cell(e.contact_no),
                    cell(e.contact_name),
                    cell(e.correspondence_type),
                    cell(status),
                    cell(e.canceled),
                )
            info = self.rows.get(str(entry_no))
            more = " (first 500)" if len(entries) == ENTRIES_SHOWN else ""
            title = f" Entries of {entry_no} · {info.segment_no if info else ''}{more}"
            self.query_one("#entries-title", Static).update(title)

        run_service(self, work, done, group="entries", exclusive=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_cancel", "follow_up", "resend", "statistics"):
            return self.is_mounted and self.selected is not None
        return True

    @work(group=FLOW)
    async def action_toggle_cancel(self) -> None:
        """Cancel the logged segment (and its entries), or uncancel it, once the user agrees."""
        entry_no = self.selected
        if entry_no is None:
            return
        info = self.rows[str(entry_no)]
        entries = counted(
            info.no_of_interactions, "interaction log entry", "interaction log entries"
        )
        if info.canceled:
            question = f"Uncancel logged segment {entry_no}: {entries} will be active again?"
        else:
            question = f"Cancel logged segment {entry_no}: {entries} will be marked canceled?"
        if not await self.app.push_screen_wait(ConfirmScreen(question, default_yes=False)):
            return

        def work() -> LoggedSegmentInfo:
            if info.canceled:
                return logged.uncancel_logged_segment(entry_no)
            return logged.cancel_logged_segment(entry_no)

        if (changed := await call(self, work)) is not None:
            self.notify(f"Logged segment {entry_no} {'canceled' if changed.canceled else 'active'}")
            self.load(entry_no)
            self._entries(entry_no)

    def action_statistics(self) -> None:
        """Show the statistics of the logged segment under the cursor."""
        if (entry_no := self.selected) is not None:
            read = partial(statistics.logged_segment_statistics, entry_no)
            self.app.push_screen(StatisticsScreen(f"logged segment {entry_no}", read))

    @work(group=FLOW)
    async def action_follow_up(self) -> None:
        """Create a follow-up segment from the logged segment and open it."""
        entry_no = self.selected
        if entry_no is None:
            return
        if no := await call(self, logged.create_follow_up, entry_no):
            self.notify(f"Follow-up segment {no} created")
            self.post_message(OpenSegment(no, replace=True))

    @work(group=FLOW)
    async def action_delete_canceled(self) -> None:
        """Delete every canceled logged segment after confirmation (entries stay)."""
        question = "Delete every canceled logged segment?"
        if await confirm_deletion(
            self.app, question, "Their interaction log entries stay (canceled)."
        ):
            count = await call(self, logged.delete_canceled_logged_segments)
            if count is not None:
                self.notify(f"{count} canceled logged segments deleted")
                self.load()

    @work(group=FLOW)
    async def action_resend(self) -> None:
        """Deliver again the entries that failed or never finished, behind a progress bar.

        Escape stops after the letters in hand; what is left stays for the next re-send.
        """
        entry_no = self.selected
        if entry_no is None:
            return
        busy = ProgressScreen(
            f"Re-sending logged segment {entry_no}…",
            "Escape stops after the letters in hand; the rest can be re-sent later.",
            cancellable=True,
        )
        self.app.push_screen(busy)

        def work() -> DeliveryReport | None:
            try:
                return logged.resend(entry_no, progress=busy.progress)
            except DeliveryCanceled:
                return None

        result = await attempt(self, work, group="resend")
        busy.dismiss(None)
        if isinstance(result, SegtuiErrorResult):
            self.notify(result.message, severity="error")
            return
        if result is None:
            self.notify(f"Re-send canceled; {RESEND_HINT}", severity="warning", timeout=10)
        else:
            self.notify(f"Re-sent: {result.delivered} delivered, {result.failed} failed")
        self._entries(entry_no)
