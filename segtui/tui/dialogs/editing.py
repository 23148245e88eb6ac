"""What every form shares: a refused form stays open on the faulty field; Escape on changes
asks "Keep editing / Discard" first.

A form that is given a `check` runs it when the user saves, while the form is still open:
the check calls the service (and may ask questions on top of the form). A refusal keeps
the form open with everything typed, says why, and focuses the field the error names; only
an accepted form closes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.binding import Binding
from textual.widget import Widget

from segtui.tui.dialogs.base import CommandModal, ResultT
from segtui.tui.dialogs.confirm import DiscardChangesScreen
from segtui.tui.worker import FLOW, SegtuiErrorResult

Check = Callable[[ResultT], Awaitable[SegtuiErrorResult | None]]
"""Saves what a form hands back (in a flow); the user error when refused, else None."""


class EditingModal(CommandModal[ResultT]):
    """A dialog the user types into: checked before it closes, asked before it is discarded."""

    # Priority bindings move the focus as soon as the key is read: the keys typed after a
    # Tab then land in the next field (an ordinary binding runs only once the field has
    # passed the Tab on, when the keys typed after it are in the field already).
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, check: Check[ResultT] | None = None) -> None:
        super().__init__()
        self.check = check
        self.checking = False

    def has_changes(self) -> bool:
        """True when the user changed something (Escape then asks before discarding)."""
        return False

    def field_widget(self, key: str) -> Widget | None:
        """The widget of the field named `key` by a user error, if the dialog has it."""
        return None

    def submit(self, result: ResultT) -> None:
        """Close with `result` once the check accepts it; a refusal keeps the dialog open."""
        if self.check is None:
            self.dismiss(result)
            return
        if self.checking:  # a second Enter while the first is being saved
            return
        self.checking = True
        # A flow of the dialog: keys typed while it saves wait for the outcome (typeahead).
        self.run_worker(self._check(self.check, result), group=FLOW)

    async def _check(self, check: Check[ResultT], result: ResultT) -> None:
        try:
            refusal = await check(result)
        finally:
            self.checking = False
        if refusal is None:
            self.dismiss(result)
            return
        self.notify(refusal.message, severity="error", timeout=6)
        field = self.field_widget(refusal.field) if refusal.field else None
        if field is not None:
            field.focus()

    def action_cancel(self) -> None:
        """Escape: close at once when nothing was changed, else ask first."""
        if self.checking:
            return
        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardChangesScreen(), answered)
