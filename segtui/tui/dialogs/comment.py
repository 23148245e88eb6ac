"""Edit a line's comment in a text area: Ctrl+S saves, Escape cancels (asking first when the
text was changed); a refused comment stays open with the text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, TextArea

from segtui.tui.commands import Command
from segtui.tui.dialogs.editing import Check, EditingModal


class CommentScreen(EditingModal[str | None]):
    """Edit a multi-line comment; dismisses with the new text, or None."""

    COMMAND_TABLE = (
        Command("save", "ctrl+s", "Save", "Save the comment", key_display="^s"),
        Command("cancel", "escape", "Cancel", "Close without saving (asks if you typed)"),
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, *, check: Check[str | None] | None = None) -> None:
        super().__init__(check)
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
        self.submit(self.query_one(TextArea).text)

    def has_changes(self) -> bool:
        """True when the text differs from the comment the dialog opened with."""
        return self.query_one(TextArea).text != self.text

    def field_widget(self, key: str) -> Widget | None:
        """The text area: the comment is the dialog's only field."""
        return self.query_one(TextArea)
