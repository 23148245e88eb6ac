"""What a Log with Send (or a re-send) did: entries logged, delivered and failed, each
failure reason once with its count, the output folder; keys to open the entries or to
re-send the failed ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from segtui.domain.enums import CorrespondenceType
from segtui.domain.logging import DeliveryReport, LogResult
from segtui.domain.statistics import Tally
from segtui.domain.wording import counted
from segtui.tui.commands import Command, bindings
from segtui.tui.dialogs.base import CommandModal

NextStep = Literal["entries", "resend"]
"""What the user asked for after reading the result: the entries, or a re-send."""

ENTRIES = "interaction log entry", "interaction log entries"


@dataclass(frozen=True)
class DeliveryResult:
    """A delivery's outcome as the dialog shows it."""

    title: str
    logged_segment_entry_no: int
    lines: tuple[str, ...]
    failed: int


def after_log(result: LogResult, reasons: tuple[Tally, ...]) -> DeliveryResult:
    """The outcome of a Log with Send."""
    to_deliver = sum(c.count for c in result.per_correspondence_type if c.correspondence_type)
    lines = [f"{counted(result.interactions, *ENTRIES)} logged"]
    lines += _delivery(result.delivered, result.failed, to_deliver, reasons)
    lines += _folder(result)
    if result.follow_up_segment_no:
        lines.append(f"Follow-up segment {result.follow_up_segment_no} created")
    if result.delivery_error:
        lines.append(f"Delivery stopped: {result.delivery_error}")
    entry_no = result.logged_segment_entry_no or 0
    title = f"Logged {result.segment_no} as logged segment {entry_no}"
    return DeliveryResult(title, entry_no, tuple(lines), result.failed)


def after_resend(
    entry_no: int, report: DeliveryReport, reasons: tuple[Tally, ...], folder: str
) -> DeliveryResult:
    """The outcome of re-sending a logged segment's failed entries."""
    lines = _delivery(report.delivered, report.failed, report.delivered + report.failed, reasons)
    lines.append(f"Hard copies go to {folder}")
    return DeliveryResult(
        f"Re-sent logged segment {entry_no}", entry_no, tuple(lines), report.failed
    )


def _delivery(delivered: int, failed: int, total: int, reasons: tuple[Tally, ...]) -> list[str]:
    """Delivered, failed with each reason once (with its count), and what is left."""
    lines = [f"{counted(delivered, 'letter')} delivered", f"{counted(failed, 'letter')} failed"]
    if failed:
        lines[-1] += ":"
        lines += [f"  {counted(r.count, 'entry', 'entries')}: {r.label}" for r in reasons]
    left = total - delivered - failed
    if left > 0:
        lines.append(f"{counted(left, 'letter')} not delivered yet (re-send them with s)")
    return lines


def _folder(result: LogResult) -> list[str]:
    """Where the hard copies went, when there were any."""
    hard = CorrespondenceType.HARD_COPY.value
    if any(c.correspondence_type == hard for c in result.per_correspondence_type):
        return [f"Hard copies written to {result.output_folder}"]
    return []


class DeliveryResultScreen(CommandModal[NextStep | None]):
    """The outcome of a delivery; i opens the entries, s re-sends the failed, Esc closes."""

    COMMAND_TABLE = (
        Command(
            "entries",
            "i",
            "Interaction Log Entries",
            "Open the logged segment's interaction log entries",
        ),
        Command("resend", "s", "Re-send", "Deliver the failed entries again"),
        Command("close", "escape,enter", "Close", "Close", key_display="Esc"),
    )
    BINDINGS = bindings(COMMAND_TABLE)

    def __init__(self, result: DeliveryResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog delivery-result"):
            yield Label(self.result.title, classes="dialog-title", markup=False)
            with VerticalScroll(id="body"):
                yield Static("\n".join(self.result.lines), id="outcome", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Entries (i)", id="entries", compact=True)
                resend = Button("Re-send (s)", id="resend", compact=True)
                resend.disabled = not self.result.failed
                yield resend
                yield Button("Close (Esc)", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resend":
            return self.result.failed > 0
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"entries": self.action_entries, "resend": self.action_resend}.get(
            str(event.button.id), self.action_close
        )()

    def action_entries(self) -> None:
        """Open the logged segment's interaction log entries."""
        self.dismiss("entries")

    def action_resend(self) -> None:
        """Deliver the failed entries again."""
        self.dismiss("resend")

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
