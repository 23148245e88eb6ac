"""New Segment: a small dialog asking the description and (optionally) the template."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal


@dataclass(frozen=True)
class NewSegment:
    """What the user asked for."""

    description: str
    template: str


class NewSegmentScreen(CommandModal[NewSegment | None]):
    """Ask for a description and template; dismisses with NewSegment or None."""

    COMMAND_TABLE = (
        Command("create", "enter", "Create", "Create the segment"),
        Command("cancel", "escape", "Cancel", "Close without creating"),
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "next_field", "Next field", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("New Segment", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Description", classes="form-label")
                yield Input(id="description", placeholder="e.g. Spring mailing", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Template (optional)", classes="form-label")
                yield Input(id="template", placeholder="e.g. LETTER", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            return isinstance(self.focused, Input)
        return True

    def action_next_field(self) -> None:
        """Enter: from the description to the template, then create.

        The focus moves at once so keys typed ahead land in the template; creating waits
        in the template's own queue until its typed keys are in.
        """
        if self.focused is self.query_one("#description", Input):
            self.set_focus(self.query_one("#template", Input))
        else:
            self.after_typing(self.action_create)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_create(self) -> None:
        """Hand back the description and template."""
        description = self.query_one("#description", Input).value.strip()
        if not description:
            self.notify("A segment needs a description", severity="error")
            self.query_one("#description", Input).focus()
            return
        template = self.query_one("#template", Input).value.strip()
        self.dismiss(NewSegment(description, template))

    def action_cancel(self) -> None:
        """Close without creating."""
        self.dismiss(None)
