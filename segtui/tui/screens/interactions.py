"""Interaction log entries: filters, the list (newest first), evaluate, cancel/uncancel."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Input, Label, Static

from segtui.domain.errors import InvalidInput
from segtui.tui.commands import INTERACTIONS, bindings
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.cells import cell, number
from segtui.tui.worker import run_service

if TYPE_CHECKING:
    from segtui.domain.interactions import InteractionEntry, InteractionQuery

SHOWN = 500
FILTERS = (
    ("contact", "Contact", "CT…"),
    ("segment", "Segment", "SEG…"),
    ("template", "Template", "code"),
    ("date_from", "From", "YYYY-MM-DD"),
    ("date_to", "To", "YYYY-MM-DD"),
)


def read_query(values: dict[str, str]) -> InteractionQuery:
    """The filter fields as a query; a bad date is an InvalidInput naming the field."""
    from segtui.domain.interactions import InteractionQuery

    def date(key: str, label: str) -> dt.date | None:
        text = values.get(key, "").strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(f"{label}: {text!r} is not a date YYYY-MM-DD") from None

    return InteractionQuery(
        contact_no=values.get("contact", "").strip().upper() or None,
        segment_no=values.get("segment", "").strip().upper() or None,
        template_code=values.get("template", "").strip().upper() or None,
        date_from=date("date_from", "From"),
        date_to=date("date_to", "To"),
        limit=SHOWN,
    )


class InteractionsScreen(CommandScreen):
    """The interaction log entries browser."""

    COMMAND_TABLE = INTERACTIONS
    BINDINGS = bindings(INTERACTIONS)
    HELP_TITLE = "Interaction log entries"

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, InteractionEntry] = {}

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Interaction Log Entries", classes="title")
        with Horizontal(classes="filter-bar"):
            for key, label, hint in FILTERS:
                yield Label(label)
                yield Input(placeholder=hint, id=f"filter-{key}", compact=True)
        yield DataTable(id="entries", cursor_type="row", classes="browser-main")
        yield Static("", id="detail", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        columns = (("Entry", 6), ("Date", 10), ("Contact", 9), ("Name", 18), ("Segment", 9))
        for name, width in columns:
            table.add_column(name, width=width)
        table.add_column("Eval.", width=8)
        table.add_column("Canc.", width=5)
        table.focus()
        self.load()

    def filter_values(self) -> dict[str, str]:
        """The text of the filter fields."""
        return {key: self.query_one(f"#filter-{key}", Input).value for key, _, _ in FILTERS}

    def load(self) -> None:
        """Read the entries matching the filters."""
        values = self.filter_values()

        def work() -> list[InteractionEntry]:
            from segtui.services import interactions

            return interactions.list_interactions(read_query(values))

        run_service(self, work, self._show, group="list", exclusive=True)

    def _show(self, entries: list[InteractionEntry]) -> None:
        table = self.query_one(DataTable)
        current = self.selected
        table.clear()
        self.entries = {str(e.entry_no): e for e in entries}
        for e in entries:
            table.add_row(
                number(e.entry_no),
                cell(e.date.isoformat() if e.date else ""),
                cell(e.contact_no),
                cell(e.contact_name),
                cell(e.segment_no),
                cell(e.evaluation.replace("_", " ")),
                cell(e.canceled),
                key=str(e.entry_no),
            )
        if current is not None and str(current) in self.entries:
            table.move_cursor(row=table.get_row_index(str(current)))
        more = f" (the newest {SHOWN})" if len(entries) == SHOWN else ""
        self.query_one("#detail", Static).update(f" {len(entries):,} entries{more}")

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

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.entries.get(str(event.row_key.value))
        if entry is not None:
            status = entry.delivery_status or "—"
            self.query_one("#detail", Static).update(
                f" {entry.description} · {entry.subject} · {entry.correspondence_type or '—'}"
                f" · delivery {status}"
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("evaluate", "toggle_cancel", "show_letter"):
            return self.is_mounted and self.selected is not None
        return True

    def action_filter(self) -> None:
        """Focus the first filter field (Enter applies the filters)."""
        self.query_one(f"#filter-{FILTERS[0][0]}", Input).focus()

    def action_evaluate(self) -> None:
        """Choose an evaluation for the entry under the cursor."""
        from segtui.tui.screens.choice import ChoiceScreen

        entry_no = self.selected
        if entry_no is None:
            return
        options = [
            ("very_positive", "Very positive"),
            ("positive", "Positive"),
            ("neutral", "Neutral"),
            ("negative", "Negative"),
            ("very_negative", "Very negative"),
            ("", "(blank)"),
        ]

        def answered(value: object) -> None:
            if isinstance(value, str):
                self._change(entry_no, lambda s: s.evaluate_interaction(entry_no, value or "blank"))

        self.app.push_screen(ChoiceScreen(f"Evaluate entry {entry_no}", options), answered)

    def action_show_letter(self) -> None:
        """Show the letter of the entry under the cursor, re-rendered from its snapshot."""
        from segtui.tui.screens.letter import LetterScreen

        entry_no = self.selected
        if entry_no is None:
            return

        def work() -> str:
            from segtui.services.letter_text import letter_text
            from segtui.services.letters import render_entry_letter

            return letter_text(render_entry_letter(entry_no, leave_unknown_empty=True))

        def done(text: str) -> None:
            self.app.push_screen(LetterScreen(f"Letter of entry {entry_no}", text))

        run_service(self, work, done)

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

    def _change(self, entry_no: int, change: object) -> None:
        def work() -> InteractionEntry:
            from segtui.services import interactions

            return change(interactions)  # type: ignore[operator,no-any-return]

        def done(entry: InteractionEntry) -> None:
            self.notify(f"Entry {entry_no} saved")
            self.load()

        run_service(self, work, done)
