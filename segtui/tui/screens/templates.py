"""Interaction templates setup: the list, and importing a .docx as a template's letter."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from segtui.domain.templates import TemplateSummary, TemplateView
from segtui.services.templates import templates
from segtui.tui.commands import TEMPLATES, bindings
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.cells import cell
from segtui.tui.worker import FLOW, call, run_service


class TemplatesScreen(CommandScreen):
    """The interaction templates with the documents of the one under the cursor."""

    COMMAND_TABLE = TEMPLATES
    BINDINGS = bindings(TEMPLATES)
    HELP_TITLE = "Interaction templates"

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Interaction Templates", classes="title")
        yield DataTable(id="templates", cursor_type="row", classes="browser-main")
        yield Static("", id="detail", classes="browser-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in (("Code", 12), ("Description", 30), ("Group", 10), ("Corr.", 10)):
            table.add_column(name, width=width)
        table.focus()
        self.load()

    def load(self) -> None:
        """Read the templates."""

        def done(rows: list[TemplateSummary]) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for t in rows:
                table.add_row(
                    cell(t.code),
                    cell(t.description),
                    cell(t.group_code),
                    cell(t.correspondence_type_default),
                    key=t.code,
                )

        run_service(self, templates.list_templates, done)

    @property
    def selected(self) -> str | None:
        """The code of the template under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        code = str(event.row_key.value)

        def work() -> TemplateView:
            return templates.get_template(code)

        def done(view: TemplateView) -> None:
            lines = [f" {view.code} · {view.description}", " Documents per language:"]
            lines += [
                f"   {lang.language_code or '(default)':<9} {lang.filename or '—':<28} "
                f"{lang.subject}"
                for lang in view.languages
            ] or ["   none — press i to import a .docx"]
            self.query_one("#detail", Static).update("\n".join(lines))

        run_service(self, work, done, group="detail", exclusive=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_docx":
            return self.is_mounted and self.selected is not None
        return True

    @work(group=FLOW)
    async def action_import_docx(self) -> None:
        """Import a Word file as the letter of the template under the cursor."""
        code = self.selected
        if code is None:
            return
        fields = [
            FormField("path", "File (.docx)", "", "/path/to/letter.docx"),
            FormField("language", "Language", "", "blank = the template's"),
            FormField("subject", "Subject", "", "optional"),
        ]
        form = FormScreen(
            f"Import .docx into {code}", fields, save_label="Import", changed_only=False
        )
        values = await self.app.push_screen_wait(form)
        if not (values and (path := values.get("path", "").strip())):
            return
        language = values.get("language", "").strip() or None
        subject = values.get("subject", "").strip() or None
        imported = await call(
            self, templates.import_template_document, code, path, language, subject
        )
        if imported is not None:
            self.notify(f"{imported.filename} imported into {code}")
            self.load()
