"""The Log Segment flow: the dry run in a confirmation, then Log behind a progress bar, with
Send the delivery's outcome (re-send from there), then the follow-up segment, the segments
list or the logged segment's entries."""

from __future__ import annotations

from textual import work
from textual.app import App

from segtui.domain.logging import DeliveryReport, LogResult
from segtui.domain.statistics import Tally
from segtui.domain.wording import counted
from segtui.services.log import log_segment as logging
from segtui.services.log import logged, statistics
from segtui.tui.dialogs.delivery_result import (
    DeliveryResult,
    DeliveryResultScreen,
    NextStep,
    after_log,
    after_resend,
)
from segtui.tui.dialogs.log_segment import LogChoice, LogScreen
from segtui.tui.dialogs.progress import RESEND_HINT, DeliveryCanceled, ProgressScreen
from segtui.tui.messages import OpenSegment, ShowInteractions, ShowSegments
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call
from segtui.tui.worksheet.protocol import Worksheet


@work(group=FLOW)
async def log_segment(sheet: Worksheet) -> None:
    """Run the dry run, show it, and log when the user agrees."""
    no = sheet.segment_no
    if sheet.header is not None and not sheet.header.no_of_lines:
        sheet.notify(f"{no} has no lines to log", severity="warning")
        return
    dry_run = await call(sheet, logging.log_segment, no, dry_run=True, send=False)
    if dry_run is None:
        return
    if choice := await sheet.app.push_screen_wait(LogScreen(no, dry_run)):
        await _log(sheet, choice)


async def _log(sheet: Worksheet, choice: LogChoice) -> None:
    """Log in a worker behind a progress bar, then open the follow-up or go home.

    The Log transaction is quick and all or nothing; only the delivery after it can be
    stopped (between letters), leaving the rest for re-sending. It logs the segment only as
    the confirmation showed it (`choice.version`): if another user changed it meanwhile,
    nothing is logged and the worksheet is read again.
    """
    no = sheet.segment_no
    app = sheet.app
    if choice.send:
        hint = "Logging cannot be stopped; Escape stops the delivery after the letters in hand."
    else:
        hint = "Logging is one quick transaction (all or nothing)."
    busy = ProgressScreen(f"Logging {no}…", hint, cancellable=choice.send)
    app.push_screen(busy)

    def work() -> LogResult:
        progress = busy.progress if choice.send else None
        return logging.log_segment(
            no,
            send=choice.send,
            follow_up=choice.follow_up,
            progress=progress,
            shown_version=choice.version,
        )

    # The app runs the Log, not the worksheet: the worksheet closes when it is done.
    result = await attempt(app, work, group="log")
    busy.dismiss(None)
    if isinstance(result, SegtuiErrorResult):
        app.notify(result.message, severity="error", timeout=8)
        sheet.reload()  # show what changed (or that it is gone)
        return
    app.notify(
        outcome(result),
        severity="warning" if result.delivery_error else "information",
        timeout=10,
    )
    entry_no = result.logged_segment_entry_no
    if choice.send and entry_no is not None:
        reasons = await call(app, statistics.failure_reasons, entry_no)
        report = after_log(result, reasons or ())
        if await _show_delivery(app, report, result.output_folder) == "entries":
            app.post_message(ShowInteractions(entry_no))
            return
    if result.follow_up_segment_no:
        app.post_message(OpenSegment(result.follow_up_segment_no))
    else:
        app.post_message(ShowSegments())


async def _show_delivery(app: App[object], report: DeliveryResult, folder: str) -> NextStep | None:
    """Show a delivery's outcome; re-send the failed entries for as long as the user asks.

    Returns the user's last choice: "entries" to open them, None when closed.
    """
    entry_no = report.logged_segment_entry_no
    while (step := await app.push_screen_wait(DeliveryResultScreen(report))) == "resend":
        answer = await _resend(app, entry_no)
        if answer is None:
            return None
        report = after_resend(entry_no, answer[0], answer[1], folder)
    return step


async def _resend(
    app: App[object], entry_no: int
) -> tuple[DeliveryReport, tuple[Tally, ...]] | None:
    """Re-send the logged segment's failed entries behind a progress bar: the report and
    the reasons of what failed again, or None when it was stopped or refused (said so)."""
    busy = ProgressScreen(
        f"Re-sending logged segment {entry_no}…",
        "Escape stops after the letters in hand; the rest can be re-sent later.",
        cancellable=True,
    )
    app.push_screen(busy)

    def work() -> tuple[DeliveryReport, tuple[Tally, ...]] | None:
        try:
            resent = logged.resend(entry_no, progress=busy.progress)
        except DeliveryCanceled:
            return None
        return resent, statistics.failure_reasons(entry_no)

    answer = await attempt(app, work, group="resend")
    busy.dismiss(None)
    if isinstance(answer, SegtuiErrorResult):
        app.notify(answer.message, severity="error")
        return None
    if answer is None:
        app.notify(f"Re-send canceled; {RESEND_HINT}", severity="warning", timeout=10)
    return answer


def outcome(result: LogResult) -> str:
    """What Log did, in one notification."""
    parts = [
        f"Logged {result.segment_no} as entry {result.logged_segment_entry_no}: "
        f"{counted(result.interactions, 'interaction')}"
    ]
    if result.delivered or result.failed:
        parts.append(f"{result.delivered} delivered, {result.failed} failed")
    if result.follow_up_segment_no:
        parts.append(f"follow-up {result.follow_up_segment_no}")
    if result.delivery_error:
        parts.append(f"{result.delivery_error}; {RESEND_HINT}")
    return "; ".join(parts)
