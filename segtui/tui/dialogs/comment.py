"""Edit a line's comment in a text area: Ctrl+S saves, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal


class CommentScreen(CommandModal[str | None]):
    """Edit a multi-line comment; dismisses with the new text, or None."""

    COMMAND_TABLE = (
        Command("save", "ctrl+s", "Save", "Save the comment", key_display="^s"),
        Command("cancel", "escape", "Cancel", "Close without saving"),
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog comment"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.text, id="comment", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (^s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Hand back the text (once the text area has the keys typed before)."""
        self.after_typing(self._save)

    def _save(self) -> None:
        # Returns nothing: awaiting dismiss from inside the text area would deadlock.
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
