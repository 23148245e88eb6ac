"""`segtui segment log NO [--no-send] [--follow-up] [--dry-run] [--if-version V] [--out DIR]
[--pdf] [--json]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segtui.cli.arguments import segment_version
from segtui.cli.output import print_json
from segtui.cli.progress import progress_bar
from segtui.domain.logging import LogResult

# The letter services load on first use: lxml and the merge engine would add ~0.08 s to
# every start-up, the TUI's first paint included (README, benchmarks).


def log_document(result: LogResult) -> dict[str, Any]:
    """The JSON document of SPEC §5 for Log, plus per-type counts and refusals."""
    return {
        "segment_no": result.segment_no,
        "dry_run": result.dry_run,
        "version": result.version,
        "logged_segment_entry_no": result.logged_segment_entry_no,
        "interactions": result.interactions,
        "follow_up_segment_no": result.follow_up_segment_no,
        "delivered": result.delivered,
        "failed": result.failed,
        "skipped": [
            {"contact_no": s.contact_no, "line_no": s.line_no, "reason": s.reason}
            for s in result.skipped
        ],
        "per_correspondence_type": {
            t.correspondence_type or "blank": t.count for t in result.per_correspondence_type
        },
        "delivery_error": result.delivery_error,
        "refused": [
            {"line_no": p.line_no, "contact_no": p.contact_no, "reason": p.reason}
            for p in result.refused
        ],
        "delivery_problems": [
            {"line_no": p.line_no, "contact_no": p.contact_no, "reason": p.reason}
            for p in result.delivery_problems
        ],
    }


def _print_text(result: LogResult) -> None:
    """Say what Log did (or would do) in a few lines."""
    types = ", ".join(
        f"{t.count} {t.correspondence_type or 'without type'}"
        for t in result.per_correspondence_type
    )
    if result.dry_run:
        verdict = "would log" if result.would_log else "would refuse to log"
        print(f"{result.segment_no}: {verdict} {result.interactions} interactions ({types})")
        if result.version is not None:
            print(
                f"segment version {result.version} (--if-version {result.version} logs just this)"
            )
    else:
        print(
            f"{result.segment_no}: logged {result.interactions} interactions ({types}) "
            f"as logged segment {result.logged_segment_entry_no}"
        )
        if result.delivered or result.failed:
            print(f"delivered {result.delivered}, failed {result.failed}")
    if result.follow_up_segment_no:
        print(f"follow-up segment {result.follow_up_segment_no}")
    for skipped in result.skipped:
        print(f"skipped line {skipped.line_no} ({skipped.contact_no}): {skipped.reason}")
    for problem in result.refused:
        print(f"refused: {problem.reason}")
    for problem in result.delivery_problems:
        print(f"delivery would fail: {problem.reason}")


def _log(args: argparse.Namespace) -> int:
    """Log the segment, or with --dry-run report what Log would do.

    A dry run that finds problems (delivery problems included) prints its report and
    exits 1, as does a log whose delivery failed for any entry, so that scripts can
    run `segtui segment log NO --dry-run && segtui segment log NO`; with the version the
    dry run printed, `--if-version V` logs only the segment the dry run saw.
    """
    from segtui.services.log.log_segment import log_segment

    with progress_bar("Delivering") as progress:
        result = log_segment(
            args.no,
            send=not args.no_send,
            follow_up=args.follow_up,
            dry_run=args.dry_run,
            out_dir=args.out,
            pdf=args.pdf,
            progress=progress,
            shown_version=args.if_version,
        )
    if args.json:
        print_json(log_document(result))
    else:
        _print_text(result)
    if result.delivery_error:
        sys.stderr.write(
            f"segtui: error: logged as logged segment {result.logged_segment_entry_no}, but "
            f"delivery stopped: {result.delivery_error} (re-send with segtui logged resend)\n"
        )
        return 1
    if not result.would_log:
        sys.stderr.write(
            f"segtui: error: {result.segment_no} cannot be logged: "
            f"{len(result.refused)} problem(s), first: {result.refused[0].reason}\n"
        )
        return 1
    if not result.would_deliver:
        sys.stderr.write(
            f"segtui: error: {result.segment_no} would be logged but not delivered: "
            f"{len(result.delivery_problems)} problem(s), first: "
            f"{result.delivery_problems[0].reason} (fix them, or log with --no-send)\n"
        )
        return 1
    if result.failed:
        entry = result.logged_segment_entry_no
        sys.stderr.write(
            f"segtui: error: logged as logged segment {entry}, but {result.failed} of "
            f"{result.delivered + result.failed} deliveries failed (their reasons: segtui "
            f"logged show {entry}); segtui logged resend {entry} retries them\n"
        )
        return 1
    return 0


def add_log_command(segment_commands: Any) -> argparse.ArgumentParser:
    """Add `log` to the sub-parsers of `segtui segment`; return its parser."""
    log = segment_commands.add_parser(
        "log", help="log the segment: one interaction log entry per line"
    )
    log.add_argument("no", metavar="NO", help="segment number")
    log.add_argument(
        "--no-send",
        action="store_true",
        help="log without delivering; email lines without an address lose their type",
    )
    log.add_argument("--follow-up", action="store_true", help="also create a follow-up segment")
    log.add_argument(
        "--dry-run",
        action="store_true",
        help="report what Log would do and every problem; change nothing",
    )
    log.add_argument(
        "--if-version",
        type=segment_version,
        metavar="V",
        help="log only if the segment is still at version V (as a dry run printed it)",
    )
    log.add_argument("--out", type=Path, metavar="DIR", help="folder for delivered letters")
    log.add_argument("--pdf", action="store_true", help="deliver letters as PDF (LibreOffice)")
    log.add_argument("--json", action="store_true", help="print one JSON document")
    log.set_defaults(handler=_log)
    return log
