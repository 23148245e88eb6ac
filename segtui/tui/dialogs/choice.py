"""Choose one value from a short list: arrows and Enter, or Escape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal


class ChoiceScreen(CommandModal[str | None]):
    """A list of (value, label); dismisses with the chosen value, or None."""

    COMMAND_TABLE: ClassVar[tuple[Command, ...]] = (
        Command("choose", "enter", "Choose", "Take the highlighted value"),
        Command("cancel", "escape", "Cancel", "Close without choosing"),
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], *, highlight: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog choice"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*[Option(label, id=value or "-") for value, label in self.options])

    def on_mount(self) -> None:
        self.ready()

    def ready(self) -> None:
        """Once mounted: the list has the focus, on the value given to highlight."""
        options = self.query_one(OptionList)
        values = [value for value, _ in self.options]
        if self.highlight is not None and self.highlight in values:
            # A lookup opens on the field's current value, as Business Central's do.
            options.highlighted = values.index(self.highlight)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.take(event.option.id or "")

    def take(self, option_id: str) -> None:
        """Answer with the value of the option chosen (Enter or a click)."""
        self.dismiss("" if option_id == "-" else option_id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
