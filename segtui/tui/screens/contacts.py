"""Contacts: a paged, searchable list; edit and create contacts in a form."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from segtui.domain.contacts import ContactView
from segtui.domain.enums import ContactType, CorrespondenceType
from segtui.domain.setup import CodeEntry
from segtui.domain.wording import counted
from segtui.services.contacts import contacts, importer, search
from segtui.services.setup import salespeople, salutations
from segtui.tui.commands import CONTACTS, bindings
from segtui.tui.dialogs.form import Choices, FormField, FormScreen
from segtui.tui.dialogs.lookups import (
    YES_NO,
    code_choices,
    enum_choices,
    find_companies,
    read_codes,
)
from segtui.tui.dialogs.progress import ProgressScreen
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.contact_classifications import ContactClassificationsScreen
from segtui.tui.widgets.cells import cell
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call, run_service

PAGE = 200
EDITABLE = (
    ("type", "Type", "company | person"),
    ("name", "Name", ""),
    ("company_no", "Company no.", ""),
    ("salutation", "Salutation", "Mr | Ms | Dr"),
    ("salutation_code", "Salutation code", "its formulas greet in the letters"),
    ("first_name", "First name", ""),
    ("surname", "Surname", ""),
    ("job_title", "Job title", ""),
    ("address", "Address", ""),
    ("post_code", "Post code", ""),
    ("city", "City", ""),
    ("country_code", "Country", ""),
    ("language_code", "Language", "the letter's language"),
    ("salesperson_code", "Salesperson", ""),
    ("territory_code", "Territory", ""),
    ("email", "E-mail", ""),
    ("phone", "Phone", ""),
    ("correspondence_type", "Corr. type", "email | hard_copy | blank"),
    ("exclude_from_segment", "Exclude", "yes | no"),
    ("privacy_blocked", "Privacy blocked", "yes | no"),
)


def contact_fields(
    contact: ContactView | None, lookups: dict[str, Choices] | None = None
) -> list[FormField]:
    """The contact form, filled from a contact (or blank for a new one).

    `lookups` are the values the coded fields list on Ctrl+L, by field.
    """
    fields = []
    for key, label, hint in EDITABLE:
        value = getattr(contact, key) if contact is not None else ""
        if isinstance(value, bool):
            value = "yes" if value else "no"
        choices = (lookups or {}).get(key, ())
        # Companies are too many to list at once: their lookup is a search.
        found = find_companies if key == "company_no" else None
        fields.append(FormField(key, label, str(value), hint, choices, found))
    return fields


def read_lookups() -> dict[str, Choices]:
    """The coded fields' values: salutation codes, languages, countries… (runs in a worker)."""
    greetings = [CodeEntry(s.code, s.description) for s in salutations.list_salutations()]
    people = [CodeEntry(p.code, p.name) for p in salespeople.list_salespeople()]
    return {
        "type": tuple((t.value, t.value) for t in ContactType),
        "salutation_code": code_choices(greetings, blank="(none: the English greeting)"),
        "language_code": read_codes("language", blank="(none)"),
        "country_code": read_codes("country", blank="(none)"),
        "salesperson_code": code_choices(people, blank="(none)"),
        "territory_code": read_codes("territory", blank="(none)"),
        "correspondence_type": enum_choices(CorrespondenceType),
        "exclude_from_segment": YES_NO,
        "privacy_blocked": YES_NO,
    }


class ContactsScreen(CommandScreen):
    """The contacts browser: PageDown/PageUp move a page of 200 at a time."""

    COMMAND_TABLE = CONTACTS
    BINDINGS = bindings(CONTACTS)
    HELP_TITLE = "Contacts"

    def __init__(self) -> None:
        super().__init__()
        self.starts: list[str] = [""]  # the number each page starts after
        self.last_no = ""
        self.page_full = False

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Contacts", classes="title")
        with Horizontal(classes="filter-bar"):
            yield Label("Search")
            yield Input(
                placeholder="number, name, city, post code or email (Enter)",
                id="search",
                compact=True,
            )
        yield DataTable(id="contacts", cursor_type="row", classes="browser-main")
        yield Static("", id="status", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        columns = (("No.", 9), ("Type", 7), ("Name", 26), ("City", 12), ("Corr.", 9))
        for name, width in columns:
            table.add_column(name, width=width)
        table.focus()
        self.load()

    def load(self, select: str | None = None) -> None:
        """Read the current page of contacts matching the search."""
        after = self.starts[-1]
        text = self.query_one("#search", Input).value

        def work() -> list[ContactView]:
            return search.find_contacts(text, after=after, limit=PAGE)

        run_service(self, work, lambda rows: self._show(rows, select), exclusive=True)

    def _show(self, rows: list[ContactView], select: str | None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for c in rows:
            table.add_row(
                cell(c.no),
                cell(c.type),
                cell(c.name),
                cell(c.city),
                cell(c.correspondence_type),
                key=c.no,
            )
        self.last_no = rows[-1].no if rows else ""
        self.page_full = len(rows) == PAGE
        page = len(self.starts)
        self.query_one("#status", Static).update(
            f" Page {page} · {counted(len(rows), 'contact')}"
            + (" · PageDown for more" if self.page_full else "")
        )
        if select and any(c.no == select for c in rows):
            table.move_cursor(row=table.get_row_index(select))
        self.refresh_bindings()  # Edit and classifications need a contact under the cursor

    @property
    def selected(self) -> str | None:
        """The number of the contact under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_contact", "contact_classifications"):
            return self.is_mounted and self.selected is not None
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.starts = [""]
        self.load()
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#search", Input).focus()

    def action_next_page(self) -> None:
        """The next page of contacts."""
        if self.page_full:
            self.starts.append(self.last_no)
            self.load()

    def action_previous_page(self) -> None:
        """The previous page of contacts."""
        if len(self.starts) > 1:
            self.starts.pop()
            self.load()

    @work(group=FLOW)
    async def action_edit_contact(self) -> None:
        """Edit the contact under the cursor."""
        no = self.selected
        if no is None:
            return
        if (contact := await call(self, contacts.get_contact, no)) is None:
            return
        if (lookups := await call(self, read_lookups)) is None:
            return

        async def save(changes: dict[str, str] | None) -> SegtuiErrorResult | None:
            if not changes:
                return None
            saved = await attempt(self, partial(contacts.edit_contact, contact.no, changes))
            if isinstance(saved, SegtuiErrorResult):
                return saved
            self.notify(f"Contact {saved.no} saved")
            self.load(saved.no)
            return None

        fields = contact_fields(contact, lookups)
        await self.app.push_screen_wait(FormScreen(f"Contact {contact.no}", fields, check=save))

    def action_contact_classifications(self) -> None:
        """Open the classifications of the contact under the cursor."""
        no = self.selected
        if no is not None:
            self.app.push_screen(ContactClassificationsScreen(no))

    @work(group=FLOW)
    async def action_new_contact(self) -> None:
        """Create a contact."""
        if (lookups := await call(self, read_lookups)) is None:
            return

        async def create(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            assert values is not None
            given = {k: v for k, v in values.items() if v.strip()}
            saved = await attempt(self, partial(contacts.create_contact, given))
            if isinstance(saved, SegtuiErrorResult):
                return saved
            self.notify(f"Contact {saved.no} created")
            self.load(saved.no)
            return None

        fields = contact_fields(None, lookups)
        form = FormScreen("New Contact", fields, save_label="Create", check=create)
        await self.app.push_screen_wait(form)

    @work(group=FLOW)
    async def action_import_contacts(self) -> None:
        """Ask for a CSV file and import its contacts (all rows or none) behind a bar."""
        fields = [FormField("path", "File (.csv)", "", "/path/to/contacts.csv")]

        async def import_file(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            if not (values and (path := values.get("path", "").strip())):
                return None  # no file given: the form just closes
            busy = ProgressScreen(
                "Importing contacts…", "One transaction: every row is imported, or none."
            )
            self.app.push_screen(busy)
            result = await attempt(self, lambda: importer.import_contacts(path), group="import")
            busy.dismiss(None)
            if isinstance(result, SegtuiErrorResult):
                return SegtuiErrorResult(f"Nothing imported: {result.message}", field="path")
            span = f" ({result.first_no}–{result.last_no})" if result.imported else ""
            self.notify(f"{counted(result.imported, 'contact')} imported{span}", timeout=8)
            self.starts = [""]
            self.load(result.first_no or None)
            return None

        form = FormScreen(
            "Import Contacts", fields, save_label="Import", changed_only=False, check=import_file
        )
        await self.app.push_screen_wait(form)
