"""The Log Segment flow: the dry run in a confirmation, then Log behind a progress bar, then
the follow-up segment or the segments list."""

from __future__ import annotations

from textual import work

from segtui.domain.logging import LogResult
from segtui.domain.wording import counted
from segtui.services.log import log_segment as logging
from segtui.tui.dialogs.log_segment import LogChoice, LogScreen
from segtui.tui.dialogs.progress import RESEND_HINT, ProgressScreen
from segtui.tui.messages import OpenSegment, ShowSegments
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call
from segtui.tui.worksheet.protocol import Worksheet


@work(group=FLOW)
async def log_segment(sheet: Worksheet) -> None:
    """Run the dry run, show it, and log when the user agrees."""
    no = sheet.segment_no
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
    if result.follow_up_segment_no:
        app.post_message(OpenSegment(result.follow_up_segment_no))
    else:
        app.post_message(ShowSegments())


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
