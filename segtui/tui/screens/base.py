"""What every full screen shares: its command table (for help and palette)."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

from segtui.tui.commands import Command


class CommandScreen(Screen[None]):
    """A screen whose keys are declared in one command table."""

    COMMAND_TABLE: ClassVar[tuple[Command, ...]] = ()

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.app.pop_screen()
