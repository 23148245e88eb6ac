"""New Segment: a small dialog asking the description and (optionally) the template, which
Ctrl+L lists to choose from and the field completes as it is typed. Enter in either field
creates the segment; a refusal (say, a mistyped template) keeps the dialog open on the
faulty field."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from segtui.tui.commands import Command
from segtui.tui.dialogs.editing import EditingModal
from segtui.tui.dialogs.lookup import LookupScreen
from segtui.tui.widgets.completion import ValueSuggester
from segtui.tui.worker import FLOW, call, run_service


def _read_templates() -> tuple[tuple[str, str], ...]:
    """The templates as lookup values (runs in a worker)."""
    # Imported when first used: the app imports this dialog for its first frame, and the
    # lookups with the templates service would add some 30 ms to it.
    from segtui.tui.dialogs.lookups import template_choices

    return template_choices()


FIELDS = {"description": "description", "interaction_template_code": "template"}
"""The inputs (by id) of the fields a refusal may name (by the service's key)."""


@dataclass(frozen=True)
class NewSegment:
    """What the user asked for."""

    description: str
    template: str


class NewSegmentScreen(EditingModal[NewSegment | None]):
    """Ask for a description and template; dismisses with NewSegment or None."""

    COMMAND_TABLE = (
        Command("create", "enter", "Create", "Create the segment (from either field)"),
        Command(
            "focus_next",
            "tab",
            "Next Field",
            "To the template (Shift+Tab: back to the description)",
            palette=False,
        ),
        Command("lookup", "ctrl+l", "Look Up", "Choose the template from a list", key_display="^l"),
        Command("cancel", "escape", "Cancel", "Close without creating (asks if you typed)"),
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "submit_field", "Create", show=False, priority=True),
        Binding("ctrl+l", "lookup", "Look up", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("New Segment", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Description", classes="form-label")
                yield Input(id="description", placeholder="e.g. Spring mailing", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Template (optional)", classes="form-label")
                yield Input(id="template", placeholder="e.g. LETTER · ^l lists", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        def loaded(choices: tuple[tuple[str, str], ...]) -> None:
            self.query_one("#template", Input).suggester = ValueSuggester(v for v, _ in choices)

        run_service(self, _read_templates, loaded)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_field":
            return isinstance(self.focused, Input)
        return True

    def action_submit_field(self) -> None:
        """Enter in a field: create (once the field has the keys typed before the Enter)."""
        self.after_typing(self.action_create)

    @work(group=FLOW)
    async def action_lookup(self) -> None:
        """Ctrl+L: list the templates; the one chosen goes into the Template field."""
        field = self.query_one("#template", Input)
        # Focused before the list opens, so the dialog has it back when the list closes; a
        # focus() after would pull back a Tab typed ahead of the list closing.
        field.focus()
        if (choices := await call(self, _read_templates)) is None:
            return
        typed = field.value.strip().upper()
        known = any(value == typed for value, _ in choices)
        lookup = LookupScreen("Template", choices, highlight=typed, text="" if known else typed)
        if (code := await self.app.push_screen_wait(lookup)) is not None:
            field.value = code
            field.cursor_position = len(code)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_create(self) -> None:
        """Hand back the description and template (once the check accepts them)."""
        description = self.query_one("#description", Input).value.strip()
        if not description:
            self.notify("A segment needs a description", severity="error")
            self.query_one("#description", Input).focus()
            return
        template = self.query_one("#template", Input).value.strip()
        self.submit(NewSegment(description, template))

    def has_changes(self) -> bool:
        """True when something was typed."""
        return any(field.value for field in self.query(Input).results(Input))

    def field_widget(self, key: str) -> Widget | None:
        """The input of the field a refusal names."""
        return self.query_one(f"#{FIELDS[key]}", Input) if key in FIELDS else None
