"""Interaction templates setup: create, edit and delete templates, and their documents.

Each template has a Word document per language, each with its own subject (Business
Central's interaction template languages). `n` creates a template with every field of
SPEC §1, `e` edits the one under the cursor, `d` deletes it (refused, with counts, while
segments, lines or entries use it), `i` imports a .docx for a language and `r` removes a
language. Codes and coded fields have a lookup (Ctrl+L) in the forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from segtui.domain.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segtui.domain.errors import InvalidInput
from segtui.domain.templates import TemplateLanguage, TemplateSummary, TemplateView
from segtui.services.setup import codes
from segtui.services.templates import templates
from segtui.tui.commands import TEMPLATES, bindings
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.dialogs.form import Choices, FormField, FormScreen
from segtui.tui.dialogs.lookups import YES_NO, code_choices, enum_choices, read_codes
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.cells import cell
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call, perform, run_service


@dataclass(frozen=True)
class Lookups:
    """The codes the template forms offer: interaction groups and languages."""

    groups: Choices
    languages: Choices
    """For the default language: blank is none."""
    import_languages: Choices
    """For an import: blank is the template's default language."""


def read_lookups() -> Lookups:
    """The interaction groups and languages set up (runs in a worker)."""
    entries = codes.list_codes("language")
    return Lookups(
        read_codes("interaction_group"),
        code_choices(entries, blank="(blank: no language)"),
        code_choices(entries, blank="(blank: the template's default)"),
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _field_map_text(field_map: dict[str, str]) -> str:
    """A field map as the form writes it: `TEMPLATE_FIELD:Segtui_Field, …`."""
    return ", ".join(f"{source}:{target}" for source, target in sorted(field_map.items()))


def template_values(view: TemplateView | None) -> dict[str, str]:
    """A template's fields as the form shows them (a new template's defaults for None)."""
    if view is None:
        return {
            "correspondence_type_default": CorrespondenceType.EMAIL.value,
            "ignore_contact_corres_type": "no",
            "unit_cost": "0",
            "unit_duration_min": "0",
            "send_as_attachment": "yes",
        }
    return {
        "description": view.description,
        "group_code": view.group_code,
        "correspondence_type_default": view.correspondence_type_default,
        "ignore_contact_corres_type": _yes_no(view.ignore_contact_corres_type),
        "information_flow": view.information_flow,
        "initiated_by": view.initiated_by,
        "unit_cost": str(view.unit_cost),
        "unit_duration_min": str(view.unit_duration_min),
        "language_code_default": view.language_code_default,
        "send_as_attachment": _yes_no(view.send_as_attachment),
        "field_map": _field_map_text(view.field_map),
    }


def template_fields(
    lookups: Lookups, values: dict[str, str], *, with_code: bool
) -> list[FormField]:
    """The template form: every field of SPEC §1's interaction template, in BC's order."""
    spec: list[tuple[str, str, str, Choices]] = [
        ("description", "Description", "up to 100 characters", ()),
        ("group_code", "Interaction group", "", lookups.groups),
        (
            "correspondence_type_default",
            "Corr. type",
            "email | hard_copy | blank",
            enum_choices(CorrespondenceType),
        ),
        ("ignore_contact_corres_type", "Ignore contact type", "yes | no", YES_NO),
        (
            "information_flow",
            "Information flow",
            "outbound | inbound | blank",
            enum_choices(InformationFlow),
        ),
        ("initiated_by", "Initiated by", "us | them | blank", enum_choices(InitiatedBy)),
        ("unit_cost", "Unit cost", "e.g. 1.50", ()),
        ("unit_duration_min", "Unit duration (min)", "", ()),
        ("language_code_default", "Default language", "", lookups.languages),
        (
            "send_as_attachment",
            "Send as attachment",
            "yes | no (no: the letter is the body)",
            YES_NO,
        ),
        ("field_map", "Field map", "TEMPLATE_FIELD:Segtui_Field, …", ()),
    ]
    if with_code:
        spec.insert(0, ("code", "Code", "up to 20 characters", ()))
    return [
        FormField(key, label, values.get(key, ""), hint, choices)
        for key, label, hint, choices in spec
    ]


def create_from_form(values: dict[str, str]) -> TemplateView:
    """Create a template from the New form's values (runs in a worker)."""
    group = values.get("group_code", "").strip()
    if not group:
        raise InvalidInput("a template needs an interaction group (Ctrl+L in the field lists them)")
    rest = {k: v for k, v in values.items() if k not in ("code", "group_code", "description")}
    if not rest.get("field_map", "").strip():
        rest.pop("field_map", None)
    return templates.new_template(
        values.get("code", ""),
        group,
        values.get("description", ""),
        [f"{key}={value}" for key, value in rest.items()],
    )


def language_line(version: TemplateLanguage, default: str) -> str:
    """One language of the template as the detail pane lists it."""
    marker = "*" if version.language_code == default else ""
    language = (version.language_code or "(blank)") + marker
    return f"   {language:<8} {version.filename or '—':<24} {version.subject or '—'}"


def describe(view: TemplateView) -> str:
    """The detail pane: the template's fields, then its languages with their subjects."""
    corr = CorrespondenceType(view.correspondence_type_default).label or "(blank)"
    flow = InformationFlow(view.information_flow).label or "(blank)"
    initiated = InitiatedBy(view.initiated_by).label or "(blank)"
    lines = [
        f" {view.code} · {view.description or '(no description)'}",
        f" Group {view.group_code or '—'} · Corr. type {corr}"
        f" · Ignore contact corr. type {_yes_no(view.ignore_contact_corres_type)}",
        f" Flow {flow} · Initiated by {initiated} · Cost {view.unit_cost}"
        f" · Duration {view.unit_duration_min} min",
        f" Default language {view.language_code_default or '(blank)'}"
        f" · Send as attachment {_yes_no(view.send_as_attachment)}",
    ]
    if view.field_map:
        lines.append(f" Field map {_field_map_text(view.field_map)}")
    lines.append(" Languages (* default) · document · subject:")
    lines += [language_line(v, view.language_code_default) for v in view.languages] or [
        "   none yet — i imports a .docx for a language"
    ]
    return "\n".join(lines)


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
        yield Footer()

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

        After a refusal the form comes back with what was typed, so one wrong field costs
        one fix.
        """
        if (lookups := await call(self, read_lookups)) is None:
            return
        typed = template_values(None)
        while True:
            form = FormScreen(
                "New interaction template",
                template_fields(lookups, typed, with_code=True),
                save_label="Create",
                changed_only=False,
            )
            if (values := await self.app.push_screen_wait(form)) is None:
                return
            result = await attempt(self, partial(create_from_form, values))
            if not isinstance(result, SegtuiErrorResult):
                self.notify(f"Template {result.code} created · i imports its documents")
                self.load(select=result.code)
                return
            self.notify(result.message, severity="error", timeout=6)
            typed = values

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
        typed = original
        while True:
            form = FormScreen(
                f"Edit template {code}",
                template_fields(lookups, typed, with_code=False),
                changed_only=False,
            )
            if (values := await self.app.push_screen_wait(form)) is None:
                return
            # Compared with the template as read, so a second try sends every change.
            changes = {k: v for k, v in values.items() if v != original.get(k, "")}
            if not changes:
                return
            result = await attempt(self, partial(templates.edit_template, code, changes))
            if not isinstance(result, SegtuiErrorResult):
                self.notify(f"Template {code} saved")
                self.load(select=code)
                return
            self.notify(result.message, severity="error", timeout=6)
            typed = values

    @work(group=FLOW)
    async def action_delete_template(self) -> None:
        """Delete the template under the cursor once the user confirms."""
        code = self.selected
        if code is None:
            return
        count = len(self.view.languages) if self.view and self.view.code == code else 0
        body = f"Its {count} language document(s) go with it." if count else ""
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
        typed: dict[str, str] = {}
        while True:
            fields = [
                FormField("path", "File (.docx)", typed.get("path", ""), "/path/to/letter.docx"),
                FormField(
                    "language",
                    "Language",
                    typed.get("language", ""),
                    "blank = the template's default",
                    lookups.import_languages,
                ),
                FormField("subject", "Subject", typed.get("subject", ""), "optional"),
            ]
            form = FormScreen(
                f"Import .docx into {code}", fields, save_label="Import", changed_only=False
            )
            if (values := await self.app.push_screen_wait(form)) is None:
                return
            if not (path := values.get("path", "").strip()):
                self.notify("Give the .docx file to import", severity="error")
                typed = values
                continue
            language = values.get("language", "").strip().upper() or None
            subject = values.get("subject", "").strip() or None
            result = await attempt(
                self,
                partial(templates.import_template_document, code, path, language, subject),
            )
            if not isinstance(result, SegtuiErrorResult):
                shown = result.language_code or "the blank language"
                self.notify(f"{result.filename} imported into {code} for {shown}")
                self.load(select=code)
                return
            self.notify(result.message, severity="error", timeout=6)
            typed = values

    @work(group=FLOW)
    async def action_remove_language(self) -> None:
        """Choose one of the template's languages and remove it (refused while in use)."""
        view = self.view
        if view is None or not view.languages:
            return
        options = [
            (v.language_code, language_line(v, view.language_code_default).strip())
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
