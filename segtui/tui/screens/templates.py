"""Interaction templates setup: create, edit and delete templates, and their documents.

Each template has a Word document per language, each with its own subject (Business
Central's interaction template languages). `n` creates a template with every field of
SPEC §1, `e` edits the one under the cursor, `d` deletes it (refused, with counts, while
segments, lines or entries use it), `i` imports a .docx for a language and `r` removes a
language. Codes and coded fields have a lookup (Ctrl+L) in the forms.
"""

from __future__ import annotations

from functools import partial

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from segtui.domain.enums import CorrespondenceType
from segtui.domain.templates import TemplateSummary, TemplateView
from segtui.domain.wording import counted
from segtui.services.templates import templates
from segtui.tui.commands import TEMPLATES, bindings
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.template_forms import (
    create_from_form,
    describe,
    language_line,
    read_lookups,
    template_fields,
    template_values,
)
from segtui.tui.widgets.cells import cell
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call, perform, run_service


class TemplatesScreen(CommandScreen):
    """The interaction templates with the fields and languages of the one under the cursor."""

    COMMAND_TABLE = TEMPLATES
    BINDINGS = bindings(TEMPLATES)
    HELP_TITLE = "Interaction templates"

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.view: TemplateView | None = None

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Interaction Templates", classes="title")
        yield DataTable(id="templates", cursor_type="row", classes="browser-main")
        yield Static("", id="detail", classes="browser-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in (("Code", 12), ("Description", 30), ("Group", 10), ("Corr.", 10)):
            table.add_column(name, width=width)
        table.focus()
        self.load()

    def load(self, select: str | None = None) -> None:
        """Read the templates; put the cursor on `select` if given."""

        def done(rows: list[TemplateSummary]) -> None:
            table = self.query_one(DataTable)
            row = table.cursor_row
            table.clear()
            self.codes = [t.code for t in rows]
            for t in rows:
                table.add_row(
                    cell(t.code),
                    cell(t.description),
                    cell(t.group_code),
                    cell(CorrespondenceType(t.correspondence_type_default).label),
                    key=t.code,
                )
            if rows:
                wanted = self.codes.index(select) if select in self.codes else row
                table.move_cursor(row=min(max(wanted, 0), len(rows) - 1))
                self.show_detail(self.codes[table.cursor_row])
            else:
                self.view = None
                self.query_one("#detail", Static).update(" No templates yet · n creates one")
            self.refresh_bindings()

        run_service(self, templates.list_templates, done)

    @property
    def selected(self) -> str | None:
        """The code of the template under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(str(event.row_key.value))

    def show_detail(self, code: str) -> None:
        """Show the fields and languages of template `code` below the list."""

        def done(view: TemplateView) -> None:
            if view.code == self.selected:
                self.view = view
                self.query_one("#detail", Static).update(describe(view))
                self.refresh_bindings()

        run_service(
            self, partial(templates.get_template, code), done, group="detail", exclusive=True
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("import_docx", "edit_template", "delete_template"):
            return self.is_mounted and self.selected is not None
        if action == "remove_language":
            return self.is_mounted and self.view is not None and bool(self.view.languages)
        return True

    @work(group=FLOW)
    async def action_new_template(self) -> None:
        """Ask for a new template's fields until it is created or the user gives up.

        A refusal keeps the form open with what was typed, so one wrong field costs one fix.
        """
        if (lookups := await call(self, read_lookups)) is None:
            return

        async def create(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            assert values is not None
            result = await attempt(self, partial(create_from_form, values))
            if isinstance(result, SegtuiErrorResult):
                return result
            self.notify(f"Template {result.code} created · i imports its documents")
            self.load(select=result.code)
            return None

        form = FormScreen(
            "New interaction template",
            template_fields(lookups, template_values(None), with_code=True),
            save_label="Create",
            changed_only=False,
            check=create,
        )
        await self.app.push_screen_wait(form)

    @work(group=FLOW)
    async def action_edit_template(self) -> None:
        """Edit the fields of the template under the cursor (its code stays)."""
        code = self.selected
        if code is None:
            return
        if (view := await call(self, templates.get_template, code)) is None:
            return
        if (lookups := await call(self, read_lookups)) is None:
            return
        original = template_values(view)

        async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            assert values is not None
            changes = {k: v for k, v in values.items() if v != original.get(k, "")}
            if not changes:
                return None
            result = await attempt(self, partial(templates.edit_template, code, changes))
            if isinstance(result, SegtuiErrorResult):
                return result
            self.notify(f"Template {code} saved")
            self.load(select=code)
            return None

        form = FormScreen(
            f"Edit template {code}",
            template_fields(lookups, original, with_code=False),
            changed_only=False,
            check=save,
        )
        await self.app.push_screen_wait(form)

    @work(group=FLOW)
    async def action_delete_template(self) -> None:
        """Delete the template under the cursor once the user confirms."""
        code = self.selected
        if code is None:
            return
        count = len(self.view.languages) if self.view and self.view.code == code else 0
        documents = counted(count, "language document")
        body = f"Its {documents} {'goes' if count == 1 else 'go'} with it." if count else ""
        if not await confirm_deletion(self.app, f"Delete template {code}?", body):
            return
        if await perform(self, templates.delete_template, code):
            self.notify(f"Template {code} deleted")
            self.load()

    @work(group=FLOW)
    async def action_import_docx(self) -> None:
        """Import a Word file as the template's document for a language, with its subject."""
        code = self.selected
        if code is None:
            return
        if (lookups := await call(self, read_lookups)) is None:
            return
        fields = [
            FormField("path", "File (.docx)", "", "/path/to/letter.docx"),
            FormField(
                "language",
                "Language",
                "",
                "blank = the template's default",
                lookups.import_languages,
            ),
            FormField("subject", "Subject", "", "optional"),
        ]

        async def import_document(values: dict[str, str] | None) -> SegtuiErrorResult | None:
            assert values is not None
            if not (path := values.get("path", "").strip()):
                return SegtuiErrorResult("Give the .docx file to import", field="path")
            language = values.get("language", "").strip().upper() or None
            subject = values.get("subject", "").strip() or None
            result = await attempt(
                self,
                partial(templates.import_template_document, code, path, language, subject),
            )
            if isinstance(result, SegtuiErrorResult):
                return result
            shown = result.language_code or "the blank language"
            self.notify(f"{result.filename} imported into {code} for {shown}")
            self.load(select=code)
            return None

        form = FormScreen(
            f"Import .docx into {code}",
            fields,
            save_label="Import",
            changed_only=False,
            check=import_document,
        )
        await self.app.push_screen_wait(form)

    @work(group=FLOW)
    async def action_remove_language(self) -> None:
        """Choose one of the template's languages and remove it (refused while in use)."""
        view = self.view
        if view is None or not view.languages:
            return
        options = [
            (v.language_code, escape(language_line(v, view.language_code_default).strip()))
            for v in view.languages
        ]
        title = f"Remove a language of {view.code}"
        if (language := await self.app.push_screen_wait(ChoiceScreen(title, options))) is None:
            return
        shown = language or "(blank)"
        if not await confirm_deletion(
            self.app, f"Remove language {shown} of {view.code}?", "Its document and subject go."
        ):
            return
        if await perform(self, templates.remove_template_language, view.code, language):
            self.notify(f"Language {shown} removed from {view.code}")
            self.load(select=view.code)
