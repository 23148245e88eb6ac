"""A yes/no question: y and n answer it, Enter takes the highlighted button, Escape cancels;
`confirm_then` asks before a deletion and runs it only on yes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from segtui.tui.commands import Command
from segtui.tui.screens.base import CommandModal
from segtui.tui.worker import run_service

T = TypeVar("T")


class ConfirmScreen(CommandModal):
    """Ask a question; dismisses with True (yes) or False (no, Escape)."""

    COMMAND_TABLE = (
        Command("yes", "y", "Yes", "Answer yes"),
        Command("no", "n", "No", "Answer no"),
        Command("no", "escape", "Cancel", "Answer no"),
    )
    BINDINGS = [
        Binding("y", "yes", "Yes"),
        Binding("n", "no", "No"),
        Binding("escape", "no", "Cancel"),
        Binding("left,right", "switch", show=False),
    ]

    def __init__(
        self,
        question: str,
        body: str = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        default_yes: bool = True,
    ) -> None:
        super().__init__()
        self.question = question
        self.body = body
        self.labels = (yes, no)
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.question, id="question", classes="dialog-title")
            if self.body:
                with VerticalScroll(id="body"):
                    yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                # Compact: the button row is one line high (a full button is three, and
                # its label would be cut off).
                yield Button(f"{self.labels[0]} (y)", id="yes", variant="primary", compact=True)
                yield Button(f"{self.labels[1]} (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        """Answer yes."""
        self.dismiss(True)

    def action_no(self) -> None:
        """Answer no."""
        self.dismiss(False)

    def action_switch(self) -> None:
        """Move between the two buttons with the arrow keys."""
        self.focus_next(Button)


def confirm_then(
    screen: Screen[Any],
    question: str,
    body: str,
    work: Callable[[], T],
    done: Callable[[T], Any],
    *,
    yes: str = "Delete",
    no: str = "Keep",
) -> None:
    """Ask `question`; on yes run `work` in a worker and hand its result to `done`.

    Made for deletions: the safe answer (`no`) has the focus, so Enter keeps.
    """

    def answered(answer: object) -> None:
        if answer is True:
            run_service(screen, work, done)

    screen.app.push_screen(
        ConfirmScreen(question, body, yes=yes, no=no, default_yes=False), answered
    )
