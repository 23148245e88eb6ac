"""`segtui logged list|show|cancel|uncancel|follow-up|resend|delete-canceled`."""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.arguments import entry_number
from segtui.cli.interactions import entry_document
from segtui.cli.output import print_json, print_table
from segtui.cli.progress import progress_bar
from segtui.domain.interactions import LoggedSegmentInfo

# The letter services load on first use: lxml and the merge engine would add ~0.08 s to
# every start-up, the TUI's first paint included (README, benchmarks).


def info_document(info: LoggedSegmentInfo) -> dict[str, Any]:
    """A logged segment as JSON (SPEC §5 keys plus created_by)."""
    return {
        "entry_no": info.entry_no,
        "segment_no": info.segment_no,
        "description": info.description,
        "no_of_interactions": info.no_of_interactions,
        "canceled": info.canceled,
        "created_at": info.created_at,
        "created_by": info.created_by,
    }


def _list(args: argparse.Namespace) -> int:
    """Print the logged segments, newest first."""
    from segtui.services.log.logged import list_logged_segments

    rows = list_logged_segments()
    if args.json:
        print_json([info_document(info) for info in rows])
        return 0
    print_table(
        ("Entry", "Segment", "Description", "Interactions", "Canceled", "Created"),
        (
            (
                i.entry_no,
                i.segment_no,
                i.description,
                i.no_of_interactions,
                "yes" if i.canceled else "",
                i.created_at.isoformat(sep=" ", timespec="minutes"),
            )
            for i in rows
        ),
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    """Print one logged segment and its entries."""
    from segtui.services.log.logged import show_logged_segment

    detail = show_logged_segment(args.entry_no)
    if args.json:
        document = info_document(detail.info)
        document["entries"] = [entry_document(e) for e in detail.entries]
        print_json(document)
        return 0
    info = detail.info
    state = " (canceled)" if info.canceled else ""
    print(f"logged segment {info.entry_no}{state}: {info.segment_no} {info.description}")
    print(f"logged {info.created_at.isoformat(sep=' ')} by {info.created_by}")
    print()
    print_table(
        ("Entry", "Contact", "Name", "Corr.", "Delivery", "Evaluation", "Canceled"),
        (
            (
                e.entry_no,
                e.contact_no,
                e.contact_name,
                e.correspondence_type,
                e.delivery_status,
                e.evaluation,
                "yes" if e.canceled else "",
            )
            for e in detail.entries
        ),
    )
    return 0


def _cancel(args: argparse.Namespace) -> int:
    """Cancel a logged segment and its entries."""
    from segtui.services.log.logged import cancel_logged_segment

    info = cancel_logged_segment(args.entry_no)
    print(f"canceled logged segment {info.entry_no} and its {info.no_of_interactions} entries")
    return 0


def _uncancel(args: argparse.Namespace) -> int:
    """Uncancel a logged segment and its entries."""
    from segtui.services.log.logged import uncancel_logged_segment

    info = uncancel_logged_segment(args.entry_no)
    print(f"uncanceled logged segment {info.entry_no} and its {info.no_of_interactions} entries")
    return 0


def _follow_up(args: argparse.Namespace) -> int:
    """Create a follow-up segment and print its number."""
    from segtui.services.log.logged import create_follow_up

    print(create_follow_up(args.entry_no))
    return 0


def _resend(args: argparse.Namespace) -> int:
    """Deliver again what failed or never finished."""
    from segtui.services.log.logged import resend

    with progress_bar("Re-sending") as progress:
        report = resend(
            args.entry_no,
            args.out,
            pdf=args.pdf,
            progress=progress,
            refresh=args.refresh,
            correspondence_type=args.corr_type,
        )
    print(f"delivered {report.delivered}, failed {report.failed}")
    return 1 if report.failed else 0


def _delete_canceled(args: argparse.Namespace) -> int:
    """Delete every canceled logged segment (their entries stay)."""
    from segtui.services.log.logged import delete_canceled_logged_segments

    print(f"deleted {delete_canceled_logged_segments()} canceled logged segments")
    return 0


def register(commands: Any) -> None:
    """Add `logged` and its verbs to the command line."""
    from pathlib import Path

    logged = commands.add_parser("logged", help="logged segments: list, cancel, follow up")
    verbs = logged.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list logged segments, newest first")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_list)

    show = verbs.add_parser("show", help="show a logged segment and its entries")
    show.add_argument("entry_no", metavar="ENTRY_NO", type=entry_number)
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(handler=_show)

    simple = (
        ("cancel", "cancel a logged segment and its entries", _cancel),
        ("uncancel", "uncancel a logged segment and its entries", _uncancel),
        ("follow-up", "create a follow-up segment; prints its number", _follow_up),
    )
    for name, text, handler in simple:
        verb = verbs.add_parser(name, help=text)
        verb.add_argument("entry_no", metavar="ENTRY_NO", type=entry_number)
        verb.set_defaults(handler=handler)

    resend = verbs.add_parser("resend", help="re-send failed or unfinished deliveries")
    resend.add_argument("entry_no", metavar="ENTRY_NO", type=entry_number)
    resend.add_argument("--out", type=Path, metavar="DIR", help="folder for letters")
    resend.add_argument("--pdf", action="store_true", help="deliver letters as PDF (LibreOffice)")
    resend.add_argument(
        "--refresh",
        action="store_true",
        help="first take the contacts' current address, email and names, the salesperson's "
        "details and the template's current document into the entries",
    )
    resend.add_argument(
        "--corr-type",
        metavar="T",
        help="deliver the entries as T instead (email or hard_copy)",
    )
    resend.set_defaults(handler=_resend)

    delete = verbs.add_parser("delete-canceled", help="delete canceled logged segments")
    delete.set_defaults(handler=_delete_canceled)
