"""New Segment: a small dialog asking the description and (optionally) the template."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from segtui.tui.commands import Command
from segtui.tui.screens.base import CommandModal


@dataclass(frozen=True)
class NewSegment:
    """What the user asked for."""

    description: str
    template: str


class NewSegmentScreen(CommandModal):
    """Ask for a description and template; dismisses with NewSegment or None."""

    COMMAND_TABLE = (
        Command("create", "enter", "Create", "Create the segment"),
        Command("cancel", "escape", "Cancel", "Close without creating"),
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("New Segment", classes="dialog-title")
            yield Label("Description")
            yield Input(id="description", placeholder="e.g. Spring mailing")
            yield Label("Interaction template (code, optional)")
            yield Input(id="template", placeholder="e.g. LETTER")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "description":
            self.query_one("#template", Input).focus()
        else:
            self.action_create()

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
