"""What every full screen shares: its command table (for help and palette)."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen
from textual.worker import Worker

from segtui.tui.commands import Command
from segtui.tui.typeahead import ReadyWhenFocused, flow_changed


class CommandScreen(ReadyWhenFocused, Screen[None]):
    """A screen whose keys are declared in one command table (keys typed while it comes
    back from under a dialog wait for it: `ReadyWhenFocused`)."""

    COMMAND_TABLE: ClassVar[tuple[Command, ...]] = ()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A flow of this screen ended: keys typed ahead of its dialog may go on."""
        flow_changed(self.app, event.worker)

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.app.pop_screen()
