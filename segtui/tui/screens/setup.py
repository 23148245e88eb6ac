"""Setup: salespeople, the classification code tables, interaction groups, campaigns and
salutations.

One kind of table at a time, chosen in the list on the left (Tab to it, arrows) or with
`[` and `]` from anywhere on the screen; `n` creates an entry, `e` edits one (its code
stays), `d` deletes one. Salutations (Business Central's) have, per language, a formal and
an informal formula: `f` sets the formulas of the highlighted code in a language, `r`
removes them. Every change is committed at once through the setup services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from segtui.domain.dates import parse_optional_date
from segtui.domain.errors import InvalidInput
from segtui.domain.salutations import SalutationFormulaView
from segtui.domain.setup import SetupKind
from segtui.services.log import statistics
from segtui.services.setup import campaigns, codes, salespeople, salutations
from segtui.tui.commands import SETUP, bindings
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.salutation_formulas import (
    formula_lines,
    languages,
    remove_formulas,
    set_formulas,
)
from segtui.tui.screens.statistics import StatisticsScreen
from segtui.tui.widgets.cells import cell, under_cursor
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, perform, run_service

KINDS: tuple[SetupKind, ...] = tuple(SetupKind)
"""Every kind of the setup services, in the order the list shows them."""


@dataclass(frozen=True)
class SetupTable:
    """One table the screen lists: a setup kind, or the salutations (which are not one)."""

    value: str
    label: str
    singular: str
    text_column: str
    kind: SetupKind | None

    @classmethod
    def of(cls, kind: SetupKind) -> SetupTable:
        """The table of a setup kind."""
        return cls(kind.value, kind.label, kind.singular, kind.text_column, kind)


SALUTATIONS = SetupTable("salutation", "Salutations", "salutation", "description", None)
"""Salutation codes with their formulas per language."""

TABLES: tuple[SetupTable, ...] = (*(SetupTable.of(k) for k in KINDS), SALUTATIONS)
"""Every table, in the order the list shows them."""

# Column titles and widths per kind; code tables share the last one. Widths fit the
# table beside the kinds list at 80 columns; wider rows scroll sideways.
_SALESPERSON_COLUMNS = (("Code", 6), ("Name", 16), ("Email", 28), ("Phone", 16), ("Job title", 18))
_CAMPAIGN_COLUMNS = (("No.", 10), ("Description", 22), ("Starts", 10), ("Ends", 10))
_SALUTATION_COLUMNS = (("Code", 10), ("Description", 20), ("Languages", 18))


def columns(kind: SetupTable) -> tuple[tuple[str, int], ...]:
    """The table's columns for a kind: titles and widths."""
    if kind.value == "salesperson":
        return _SALESPERSON_COLUMNS
    if kind.value == "campaign":
        return _CAMPAIGN_COLUMNS
    if kind.value == "salutation":
        return _SALUTATION_COLUMNS
    return (("Code", 12), (kind.text_column.capitalize(), 36))


@dataclass(frozen=True)
class Entry:
    """One row of a setup table: its code (or campaign number) and the cells after it."""

    code: str
    cells: tuple[str, ...]
    formulas: tuple[SalutationFormulaView, ...] = ()
    """A salutation's formulas by language (other kinds have none)."""

    @property
    def text(self) -> str:
        """Its name or description."""
        return self.cells[0] if self.cells else ""


def read_entries(kind: str) -> list[Entry]:
    """Every entry of a kind, by code (runs in a worker)."""
    if kind == "salesperson":
        return [
            Entry(s.code, (s.name, s.email, s.phone, s.job_title))
            for s in salespeople.list_salespeople()
        ]
    if kind == "campaign":
        return [
            Entry(c.no, (c.description, _iso(c.starting_date), _iso(c.ending_date)))
            for c in campaigns.list_campaigns()
        ]
    if kind == "salutation":
        return [
            Entry(s.code, (s.description, languages(s.formulas)), s.formulas)
            for s in salutations.list_salutations()
        ]
    return [Entry(e.code, (e.text,)) for e in codes.list_codes(kind)]


def _sentence(text: str) -> str:
    """Text starting a sentence (str.capitalize would lower-case the codes in it)."""
    return text[:1].upper() + text[1:]


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def form_fields(kind: SetupTable, values: dict[str, str] | None = None) -> list[FormField]:
    """The fields of the New form for a kind, filled with `values` when asking again."""
    typed = values or {}
    if kind.value == "salesperson":
        spec = [
            ("code", "Code", "up to 20 characters"),
            ("name", "Name", "signs the letters"),
            ("email", "Email", ""),
            ("phone", "Phone", ""),
            ("job_title", "Job title", ""),
        ]
    elif kind.value == "salutation":
        spec = [
            ("code", "Code", "up to 20 characters, e.g. FEMALE"),
            ("description", "Description", ""),
        ]
    elif kind.value == "campaign":
        spec = [
            ("description", "Description", ""),
            ("starting_date", "Starting date", "YYYY-MM-DD, optional"),
            ("ending_date", "Ending date", "YYYY-MM-DD, optional"),
            ("no", "No.", "blank = the next number"),
        ]
    else:
        spec = [
            ("code", "Code", "up to 20 characters"),
            ("text", kind.text_column.capitalize(), ""),
        ]
    return [FormField(key, label, typed.get(key, ""), hint) for key, label, hint in spec]


def create_entry(kind: str, values: dict[str, str]) -> str:
    """Create an entry from the form's values; returns its code (runs in a worker)."""
    if kind == "salesperson":
        return salespeople.create_salesperson(
            values["code"], values["name"], values["email"], values["phone"], values["job_title"]
        ).code
    if kind == "campaign":
        return campaigns.create_campaign(
            values["description"],
            _date(values["starting_date"], "starting date"),
            _date(values["ending_date"], "ending date"),
            values["no"].strip() or None,
        ).no
    if kind == "salutation":
        return salutations.create_salutation(values["code"], values["description"]).code
    return codes.create_code(kind, values["code"], values["text"]).code


_EDITABLE: dict[str, tuple[str, ...]] = {
    "salesperson": ("name", "email", "phone", "job_title"),
    "campaign": ("description", "starting_date", "ending_date"),
    "salutation": ("description",),
}


def edit_fields(kind: SetupTable, entry: Entry) -> list[FormField]:
    """The fields of the Edit form: the New form's, filled from `entry`, without the code."""
    keys = _EDITABLE.get(kind.value, ("text",))
    values = dict(zip(keys, entry.cells, strict=False))
    return [f for f in form_fields(kind, values) if f.key in keys]


def edit_entry(kind: str, code: str, values: dict[str, str]) -> str:
    """Save the changed fields of the Edit form; returns the code (runs in a worker)."""
    if kind == "salesperson":
        return salespeople.edit_salesperson(code, **values).code
    if kind == "campaign":
        dates = {}
        for key in ("starting_date", "ending_date"):
            if key in values:
                what = key.replace("_", " ")
                date = _date(values[key], what)
                if date is None:
                    raise InvalidInput(f"campaign {what} can be changed but not cleared")
                dates[key] = date
        return campaigns.edit_campaign(code, description=values.get("description"), **dates).no
    if kind == "salutation":
        return salutations.edit_salutation(code, values.get("description", "")).code
    return codes.edit_code(kind, code, values.get("text")).code


def delete_entry(kind: str, code: str) -> None:
    """Delete an entry, refused while it is in use (runs in a worker)."""
    if kind == "salutation":
        salutations.delete_salutation(code)
    else:
        codes.delete_code(kind, code)


def _date(text: str, what: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD, blank for none, or an error the user can act on."""
    return parse_optional_date(text, f"campaign {what}")


class SetupScreen(CommandScreen):
    """The setup tables, one kind at a time, with the kinds listed on the left."""

    COMMAND_TABLE = SETUP
    BINDINGS = bindings(SETUP)
    HELP_TITLE = "Setup"

    def __init__(self, kind: str = KINDS[0]) -> None:
        super().__init__()
        self.start = next(i for i, k in enumerate(TABLES) if k.value == kind)
        self.kind_index: int | None = None
        self.entries: list[Entry] = []

    @property
    def table(self) -> SetupTable:
        """The table shown."""
        return TABLES[self.kind_index or 0]

    @property
    def kind(self) -> SetupKind | None:
        """The setup kind of the table shown (None for the salutations)."""
        return self.table.kind

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Setup", id="setup-title", classes="title", markup=False)
        with Horizontal(id="setup-panes"):
            yield OptionList(
                *[Option(k.label, id=k.value) for k in TABLES], id="kinds", compact=True
            )
            with Vertical(id="setup-main"):
                yield DataTable(id="entries", cursor_type="row")
                yield Static("", id="setup-status", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#kinds", OptionList).highlighted = self.start
        self.show_kind(self.start)
        self.query_one("#entries", DataTable).focus()

    # -- choosing the kind ----------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_kind(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on a kind means "work in it": go to its table.
        self.query_one("#entries", DataTable).focus()

    def show_kind(self, index: int) -> None:
        """Show the table of the kind at `index` in KINDS."""
        if index == self.kind_index:
            return
        self.kind_index = index
        kind = self.table
        self.query_one("#setup-title", Static).update(f" segtui · Setup · {kind.label}")
        table = self.query_one("#entries", DataTable)
        table.clear(columns=True)
        for title, width in columns(kind):
            table.add_column(title, width=width)
        self.entries = []
        self.query_one("#setup-status", Static).update("")
        self.load()

    def action_next_kind(self) -> None:
        """Show the next kind of table (the list follows)."""
        self._step(+1)

    def action_previous_kind(self) -> None:
        """Show the previous kind of table (the list follows)."""
        self._step(-1)

    def _step(self, by: int) -> None:
        index = ((self.kind_index or 0) + by) % len(TABLES)
        self.query_one("#kinds", OptionList).highlighted = index
        self.show_kind(index)

    # -- the entries ----------------------------------------------------------------------

    def load(self, select: str | None = None) -> None:
        """Read the entries of the kind shown; put the cursor on code `select` if given."""
        kind = self.table.value

        def done(entries: list[Entry]) -> None:
            if kind == self.table.value:
                self._show(entries, select)

        # Exclusive: when the user runs through the kinds, only the last one is shown.
        run_service(self, lambda: read_entries(kind), done, group="entries", exclusive=True)

    def _show(self, entries: list[Entry], select: str | None) -> None:
        table = self.query_one("#entries", DataTable)
        row = table.cursor_row
        table.clear()
        self.entries = entries
        for entry in entries:
            table.add_row(cell(entry.code), *(cell(c) for c in entry.cells), key=entry.code)
        if entries:
            wanted = [i for i, e in enumerate(entries) if e.code == select]
            table.move_cursor(row=wanted[0] if wanted else min(max(row, 0), len(entries) - 1))
        self._show_status()
        self.refresh_bindings()

    def _show_status(self) -> None:
        count = len(self.entries)
        kind = self.table
        if not count:
            text = f" No {kind.label.lower()} yet · n creates one"
        else:
            text = f" {count} {kind.singular if count == 1 else kind.label.lower()}"
        entry = self.highlighted
        if kind.value == "salesperson" and entry is not None:
            # Phone and job title are off to the right at 80 columns; say them here.
            _, _, phone, job_title = entry.cells
            text += "".join(f" · {value}" for value in (job_title, phone) if value)
        if kind.value == "salutation" and entry is not None:
            text = "\n".join([text, *formula_lines(entry.code, entry.formulas)])
        self.query_one("#setup-status", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_status()

    @property
    def highlighted(self) -> Entry | None:
        """The entry under the cursor."""
        return under_cursor(self.query_one("#entries", DataTable), self.entries)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete_entry", "edit_entry"):
            return self.is_mounted and self.highlighted is not None
        if action == "set_formula":
            return self.is_mounted and self.table is SALUTATIONS and self.highlighted is not None
        if action == "campaign_statistics":
            return self.is_mounted and self.table.value == "campaign" and bool(self.highlighted)
        if action == "remove_formula":
            entry = self.highlighted if self.is_mounted else None
            return self.table is SALUTATIONS and entry is not None and bool(entry.formulas)
        return True

    def action_campaign_statistics(self) -> None:
        """Show the statistics of the campaign under the cursor."""
        if (entry := self.highlighted) is not None and self.table.value == "campaign":
            read = partial(statistics.campaign_statistics, entry.code)
            self.app.push_screen(StatisticsScreen(f"campaign {entry.code}", read))

    def action_new_entry(self) -> None:
        """Ask for a new entry of the kind shown and create it at once."""
        self._ask_new(self.table)

    @work(group=FLOW)
    async def _ask_new(self, kind: SetupTable) -> None:
        """Ask for the entry until it is created or the user gives up.

        A refusal keeps the form open with what was typed, so one wrong field costs one fix.
        """

        async def create(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            if values is None or not any(v.strip() for v in values.values()):
                return None  # an empty form just closes
            result = await attempt(self, partial(create_entry, kind.value, values))
            if isinstance(result, SegtuiErrorResult):
                return result
            self.notify(f"{_sentence(kind.singular)} {result} created")
            if kind == self.table:
                self.load(select=result)
            return None

        form = FormScreen(
            f"New {kind.singular}",
            form_fields(kind, None),
            save_label="Create",
            changed_only=False,
            check=create,
        )
        await self.app.push_screen_wait(form)

    @work(group=FLOW)
    async def action_edit_entry(self) -> None:
        """Ask for the highlighted entry's new name, description or details and save them."""
        entry = self.highlighted
        if entry is None:
            return
        kind = self.table

        async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            if not values:
                return None  # nothing changed
            code = await attempt(self, partial(edit_entry, kind.value, entry.code, values))
            if isinstance(code, SegtuiErrorResult):
                return code
            self.notify(f"{_sentence(kind.singular)} {code} saved")
            if kind == self.table:
                self.load(select=code)
            return None

        title = f"Edit {kind.singular} {entry.code}"
        await self.app.push_screen_wait(FormScreen(title, edit_fields(kind, entry), check=save))

    @work(group=FLOW)
    async def action_delete_entry(self) -> None:
        """Delete the highlighted entry once the user confirms."""
        entry = self.highlighted
        if entry is None:
            return
        kind = self.table
        name = f"{kind.singular} {entry.code}"
        if not await confirm_deletion(self.app, f"Delete {name}?", entry.text):
            return
        if await perform(self, delete_entry, kind.value, entry.code):
            self.notify(f"{_sentence(name)} deleted")
            if kind == self.table:
                self.load()

    # -- salutation formulas --------------------------------------------------------------

    @work(group=FLOW)
    async def action_set_formula(self) -> None:
        """Choose a language, then set the highlighted salutation's formulas in it."""
        entry = self.highlighted
        if entry is None or self.table is not SALUTATIONS:
            return
        if await set_formulas(self, entry.code, entry.formulas):
            self.load(select=entry.code)

    @work(group=FLOW)
    async def action_remove_formula(self) -> None:
        """Choose one of the highlighted salutation's languages and remove its formulas."""
        entry = self.highlighted
        if entry is None or not entry.formulas:
            return
        if await remove_formulas(self, entry.code, entry.formulas):
            self.load(select=entry.code)
