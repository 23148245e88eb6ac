"""A letter shown as text in a scrolling dialog (an interaction log entry's letter)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal


class LetterScreen(CommandModal[None]):
    """Read a letter; arrows and PageUp/PageDown scroll, Escape closes."""

    COMMAND_TABLE = (Command("close", "escape", "Close", "Close the letter"),)
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog letter"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="letter-body"):
                yield Static(self.text, markup=False)
            yield Label("Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#letter-body").focus()

    def action_close(self) -> None:
        """Close the letter."""
        self.dismiss(None)
