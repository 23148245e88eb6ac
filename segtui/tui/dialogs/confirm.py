"""A yes/no question: y and n answer it, Enter takes the highlighted button, Escape cancels;
`confirm_deletion` asks before a deletion with Keep as the default; `YesNoCancelScreen`
tells No (go on without) from Escape (do nothing at all)."""

from __future__ import annotations

from typing import Generic

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal, ResultT


class _Question(CommandModal[ResultT], Generic[ResultT]):
    """A question with Yes and No buttons; the subclass says what each answer gives."""

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

    def action_switch(self) -> None:
        """Move between the two buttons with the arrow keys."""
        self.focus_next(Button)


class ConfirmScreen(_Question[bool]):
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        """Answer yes."""
        self.dismiss(True)

    def action_no(self) -> None:
        """Answer no."""
        self.dismiss(False)


class DiscardChangesScreen(ConfirmScreen):
    """Escape on a changed form: `y` discards the changes; `n`, Escape or Enter keep editing."""

    COMMAND_TABLE = (
        Command("yes", "y", "Discard", "Close the form; what was typed is lost"),
        Command("no", "n", "Keep Editing", "Back to the form"),
        Command("no", "escape", "Keep Editing", "Back to the form"),
    )

    def __init__(self) -> None:
        super().__init__(
            "Discard your changes?", yes="Discard", no="Keep editing", default_yes=False
        )


class YesNoCancelScreen(_Question[bool | None]):
    """Ask a question; dismisses with True (yes), False (no) or None (Escape: do nothing)."""

    COMMAND_TABLE = (
        Command("yes", "y", "Yes", "Answer yes"),
        Command("no", "n", "No", "Answer no"),
        Command("cancel", "escape", "Cancel", "Answer neither: nothing is changed"),
    )
    BINDINGS = [
        Binding("y", "yes", "Yes"),
        Binding("n", "no", "No"),
        Binding("escape", "cancel", "Cancel"),
        Binding("left,right", "switch", show=False),
    ]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        """Answer yes."""
        self.dismiss(True)

    def action_no(self) -> None:
        """Answer no."""
        self.dismiss(False)

    def action_cancel(self) -> None:
        """Answer neither: the caller changes nothing."""
        self.dismiss(None)


async def confirm_deletion(app: App[object], question: str, body: str = "") -> bool:
    """Ask before a deletion (from a flow): the safe answer, Keep, has the focus."""
    dialog = ConfirmScreen(question, body, yes="Delete", no="Keep", default_yes=False)
    return await app.push_screen_wait(dialog)
