"""Long work behind a modal progress bar: delivery (cancellable between letters), import.

The worker thread reports through `progress(done, total)`, which hands the numbers to the
UI thread; once the user asked to stop, the next call raises `DeliveryCanceled` instead,
so delivery ends after the letter in hand and the rest stays in progress for re-sending.
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, ProgressBar, Static

from segtui.domain.errors import SegtuiError
from segtui.tui.commands import PROGRESS, bindings
from segtui.tui.dialogs.base import CommandModal

RESEND_HINT = "the rest can be re-sent: F3 Logged Segments → s Re-send"


class DeliveryCanceled(SegtuiError):
    """The user stopped a delivery; the entries not reached stay in progress."""


class ProgressScreen(CommandModal[None]):
    """A title, a progress bar (indeterminate until the first report) and a hint.

    With `cancellable`, Escape (or the Cancel button) asks the work to stop at its next
    report; otherwise Escape only explains why the work cannot stop half-way.
    """

    COMMAND_TABLE = PROGRESS
    BINDINGS = bindings(PROGRESS)

    def __init__(self, title: str, hint: str, *, cancellable: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.cancellable = cancellable
        self.cancel_requested = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog progress"):
            yield Label(self.title_text, id="progress-title", classes="dialog-title")
            yield ProgressBar(total=None, id="bar", show_eta=False)
            yield Static(self.hint, id="progress-hint", classes="hint", markup=False)
            if self.cancellable:
                with Horizontal(classes="buttons"):
                    yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()

    def action_cancel(self) -> None:
        """Stop delivering after the letters in hand (or explain why this cannot stop)."""
        if not self.cancellable:
            self.notify("This runs as one transaction (all or nothing); it cannot stop half-way.")
            return
        if not self.cancel_requested.is_set():
            self.cancel_requested.set()
            self.query_one("#progress-title", Label).update("Stopping after the letters in hand…")
            self.query_one("#cancel", Button).disabled = True

    def progress(self, done: int, total: int) -> None:
        """The worker thread's report: raise once cancel was asked, else move the bar."""
        if self.cancel_requested.is_set():
            raise DeliveryCanceled("delivery canceled")
        self.app.call_from_thread(self.show, done, total)

    def show(self, done: int, total: int) -> None:
        """Move the bar (UI thread)."""
        self.query_one("#bar", ProgressBar).update(total=total, progress=done)
        if not self.cancel_requested.is_set():
            title = self.query_one("#progress-title", Label)
            title.update(f"Delivering: {done:,} of {total:,}")
