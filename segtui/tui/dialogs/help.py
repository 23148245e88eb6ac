"""Help: every key of the screen underneath, generated from the command tables."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from segtui.tui.commands import GLOBAL, Command


class HelpScreen(ModalScreen[None]):
    """The keys of one screen, then the keys that work everywhere."""

    BINDINGS = [Binding("escape,f1,q", "dismiss_help", "Close")]

    def __init__(self, title: str, commands: tuple[Command, ...]) -> None:
        super().__init__()
        self.screen_title = title
        self.commands = commands

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog help"):
            yield Label(f"Keys · {self.screen_title}", classes="dialog-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=False)
            yield Label("Escape closes · Ctrl+P searches every command", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", width=KEY_WIDTH)
        table.add_column("Command", width=COMMAND_WIDTH)
        table.add_column("What it does", width=HELP_WIDTH)
        for command in self.commands:
            _add(table, command)
        table.add_row("", "", "")
        for command in GLOBAL:
            _add(table, command)
        table.focus()

    def action_dismiss_help(self) -> None:
        """Close help."""
        self.dismiss(None)


# The dialog is 78 wide: borders, padding, a scrollbar and each column's two of padding
# leave these. Help wraps within its column rather than being cut off.
KEY_WIDTH, COMMAND_WIDTH, HELP_WIDTH = 9, 26, 31


def _add(table: DataTable[object], command: Command) -> None:
    """One command as a row, its name and help wrapped onto as many lines as they need."""
    title = textwrap.wrap(command.title, COMMAND_WIDTH) or [""]
    lines = textwrap.wrap(command.help, HELP_WIDTH) or [""]
    height = max(len(title), len(lines))
    table.add_row(_key(command), "\n".join(title), "\n".join(lines), height=height)


def _key(command: Command) -> str:
    """A key written the way users read it (ctrl+z → Ctrl+Z)."""
    key = command.keys_shown
    if key.startswith("^"):
        key = "ctrl+" + key[1:]
    *modifiers, last = key.split("+")
    if modifiers:
        last = last.upper()
    elif len(last) > 1:
        last = last.capitalize()
    return "+".join([*(m.capitalize() for m in modifiers), last])
