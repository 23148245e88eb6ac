"""The Log Segment dialog: the dry run's summary with the Log options."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Static

from segtui.domain.enums import CorrespondenceType
from segtui.domain.logging import LogResult, grouped_problems, grouped_skipped
from segtui.domain.wording import counted, number
from segtui.services.log import log_segment
from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal
from segtui.tui.widgets.tick_box import TickBox
from segtui.tui.worker import run_service


def summary(result: LogResult, send: bool = False) -> str:
    """The dry run in words: entries per correspondence type, the lines logged without
    delivery and those that refuse Log (a fault many lines share once, with its count),
    and where the letters would go."""
    lines = [
        f"{counted(result.interactions, 'interaction log entry', 'interaction log entries')}"
        " would be written."
    ]
    for count in result.per_correspondence_type:
        name = CorrespondenceType(count.correspondence_type).label or "No delivery"
        lines.append(f"  {name}: {number(count.count)}")
    if result.skipped:
        lines.append(f"Logged without delivery ({number(len(result.skipped))}):")
        lines += [f"  {text}" for text in grouped_skipped(result.skipped)]
    if result.refused:
        lines.append("Cannot log:")
        lines += [f"  {text}" for text in grouped_problems(result.refused)]
    lines += delivery_lines(result, send)
    if result.delivery_problems:
        lines.append("Delivery would fail (fix it, or untick Send to log without delivery):")
        lines += [f"  {text}" for text in grouped_problems(result.delivery_problems)]
    return "\n".join(lines)


def delivery_lines(result: LogResult, send: bool) -> list[str]:
    """Where the hard copies would be written and how the emails would go out."""
    per_type = {c.correspondence_type: c.count for c in result.per_correspondence_type}
    hard_copies = per_type.get(CorrespondenceType.HARD_COPY.value, 0)
    emails = per_type.get(CorrespondenceType.EMAIL.value, 0)
    if not (hard_copies or emails) or not result.output_folder:
        return []
    lines = ["Delivery:" if send else "Delivery, when Send is ticked (s):"]
    if hard_copies:
        copies = counted(hard_copies, "hard copy", "hard copies")
        lines.append(f"  {copies} written to {result.output_folder}")
    if emails:
        mails = counted(emails, "email")
        if not result.smtp_server:
            lines.append(f"  {mails} cannot be sent: no SMTP server set (Settings, F8)")
        elif send and result.would_deliver:
            lines.append(f"  {mails} sent through {result.smtp_server} (login checked)")
        else:
            lines.append(f"  {mails} sent through {result.smtp_server}")
    return lines


def can_log(result: LogResult) -> bool:
    """Whether the dialog lets the user log: nothing refuses Log, and with Send ticked
    nothing would make the delivery fail."""
    return result.would_log and result.would_deliver


@dataclass(frozen=True)
class LogChoice:
    """How to log: with a follow-up segment, with delivery; and the segment's version the
    dry run on screen saw (Log refuses the segment if it changed since)."""

    follow_up: bool
    send: bool
    version: int | None = None


class LogScreen(CommandModal[LogChoice | None]):
    """The dry-run summary with the Log options; y logs, n/Escape cancels."""

    COMMAND_TABLE = (
        Command("yes", "y", "Log", "Log the segment: one quick transaction, not cancellable"),
        Command("no", "n,escape", "Cancel", "Close without log_segment"),
        Command("tick('follow_up')", "f", "Follow-up", "Also create a follow-up segment"),
        Command(
            "tick('send')",
            "s",
            "Send",
            "Deliver letters and e-mails after log_segment (Escape stops the delivery)",
        ),
    )
    BINDINGS = [
        Binding("y", "yes", "Log"),
        Binding("n,escape", "no", "Cancel"),
        Binding("f", "tick('follow_up')", "Follow-up"),
        Binding("s", "tick('send')", "Send"),
    ]

    def __init__(self, segment_no: str, dry_run: LogResult) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.text = summary(dry_run, send=False)
        self.can_log = can_log(dry_run)
        self.version = dry_run.version

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog log"):
            yield Label(f"Log segment {self.segment_no}?", classes="dialog-title")
            with VerticalScroll(id="body"):
                yield Static(self.text, markup=False, id="summary")
            yield TickBox("Create follow-up segment (f)", id="follow_up", compact=True)
            yield TickBox("Send: deliver letters and e-mails (s)", id="send", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Log (y)", id="yes", variant="primary", compact=True)
                yield Button("Cancel (n)", id="no", compact=True)

    def on_mount(self) -> None:
        yes = self.query_one("#yes", Button)
        yes.disabled = not self.can_log
        (yes if self.can_log else self.query_one("#no", Button)).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_yes() if event.button.id == "yes" else self.action_no()

    def action_yes(self) -> None:
        """Log with the chosen options."""
        if self.can_log:
            self.dismiss(
                LogChoice(
                    self.query_one("#follow_up", Checkbox).value,
                    self.query_one("#send", Checkbox).value,
                    self.version,
                )
            )

    def action_tick(self, box: str) -> None:
        """Tick or untick an option."""
        self.query_one(f"#{box}", Checkbox).toggle()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "send":
            self._dry_run(event.value)

    def _dry_run(self, send: bool) -> None:
        """Sending changes what Log refuses (e-mail lines without an address): ask again."""
        no = self.segment_no

        def work() -> LogResult:
            return log_segment.log_segment(no, dry_run=True, send=send)

        def done(result: LogResult) -> None:
            self.text = summary(result, send)
            self.can_log = can_log(result)
            self.version = result.version
            self.query_one("#summary", Static).update(self.text)
            self.query_one("#yes", Button).disabled = not self.can_log

        run_service(self, work, done, group="dry-run", exclusive=True)

    def action_no(self) -> None:
        """Close without log_segment."""
        self.dismiss(None)
