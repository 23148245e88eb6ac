"""`segtui interactions list|evaluate|cancel|uncancel|delete-canceled`."""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.arguments import date_argument, entry_number, positive_number
from segtui.cli.interactions_letter import add_letter_command
from segtui.cli.output import print_json, print_table
from segtui.domain.interactions import InteractionEntry, InteractionQuery
from segtui.services.log.interactions import (
    cancel_interaction,
    delete_canceled_interactions,
    evaluate_interaction,
    list_interactions,
    uncancel_interaction,
)


def entry_document(entry: InteractionEntry) -> dict[str, Any]:
    """An entry as JSON (SPEC §5 keys and a few more)."""
    return {
        "entry_no": entry.entry_no,
        "contact_no": entry.contact_no,
        "contact_name": entry.contact_name,
        "segment_no": entry.segment_no,
        "logged_segment_entry_no": entry.logged_segment_entry_no,
        "description": entry.description,
        "subject": entry.subject,
        "interaction_template_code": entry.interaction_template_code,
        "correspondence_type": entry.correspondence_type,
        "canceled": entry.canceled,
        "delivery_status": entry.delivery_status,
        "delivery_error": entry.delivery_error,
        "evaluation": entry.evaluation,
        "date": entry.date,
        "time": entry.time,
        "user_id": entry.user_id,
        "comment": entry.comment,
        "contact_company_no": entry.contact_company_no,
        "interaction_group_code": entry.interaction_group_code,
        "language_code": entry.language_code,
        "information_flow": entry.information_flow,
        "initiated_by": entry.initiated_by,
        "cost": entry.cost,
        "duration_min": entry.duration_min,
        "salesperson_code": entry.salesperson_code,
        "campaign_no": entry.campaign_no,
        "campaign_target": entry.campaign_target,
        "campaign_response": entry.campaign_response,
        "attempt_failed": entry.attempt_failed,
        "send_as_attachment": entry.send_as_attachment,
        "attachment_unique": entry.attachment_unique,
        "refreshed_at": entry.refreshed_at.isoformat() if entry.refreshed_at else None,
    }


def _list(args: argparse.Namespace) -> int:
    """Print the matching entries, newest first."""

    canceled = {"yes": True, "no": False, None: None}[args.canceled]
    query = InteractionQuery(
        contact_no=args.contact,
        segment_no=args.segment,
        logged_segment_entry_no=args.logged,
        template_code=args.template,
        date_from=args.date_from,
        date_to=args.date_to,
        canceled=canceled,
        delivery_status=args.delivery_status,
        limit=args.limit,
    )
    entries = list_interactions(query)
    if args.json:
        print_json([entry_document(e) for e in entries])
        return 0
    print_table(
        ("Entry", "Date", "Contact", "Name", "Description", "Corr.", "Evaluation", "Canceled"),
        (
            (
                e.entry_no,
                e.date.isoformat() if e.date else "",
                e.contact_no,
                e.contact_name,
                e.description,
                e.correspondence_type,
                e.evaluation,
                "yes" if e.canceled else "",
            )
            for e in entries
        ),
    )
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    """Set an entry's evaluation."""

    entry = evaluate_interaction(args.entry_no, args.value)
    print(f"interaction log entry {entry.entry_no}: evaluation {entry.evaluation or 'blank'}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    """Cancel one entry."""

    print(f"canceled interaction log entry {cancel_interaction(args.entry_no).entry_no}")
    return 0


def _uncancel(args: argparse.Namespace) -> int:
    """Uncancel one entry."""

    print(f"uncanceled interaction log entry {uncancel_interaction(args.entry_no).entry_no}")
    return 0


def _delete_canceled(args: argparse.Namespace) -> int:
    """Delete every canceled entry."""

    print(f"deleted {delete_canceled_interactions()} canceled interaction log entries")
    return 0


def register(commands: Any) -> None:
    """Add `interactions` and its verbs to the command line."""
    interactions = commands.add_parser(
        "interactions", help="interaction log entries: list, evaluate, cancel"
    )
    verbs = interactions.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list entries, newest first (all unless --limit)")
    listing.add_argument("--contact", metavar="CT", help="only this contact's entries")
    listing.add_argument("--segment", metavar="NO", help="only entries logged from this segment")
    listing.add_argument(
        "--logged", metavar="ENTRY_NO", type=entry_number, help="only this logged segment's"
    )
    listing.add_argument("--template", metavar="CODE", help="only this interaction template's")
    listing.add_argument("--from", dest="date_from", type=date_argument, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", type=date_argument, metavar="YYYY-MM-DD")
    listing.add_argument("--canceled", choices=("yes", "no"), help="only canceled or not")
    listing.add_argument("--delivery-status", metavar="STATUS", help="blank, in_progress or error")
    listing.add_argument(
        "--limit", type=positive_number("limit"), metavar="N", help="at most N entries"
    )
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_list)

    evaluate = verbs.add_parser("evaluate", help="set how an interaction went")
    evaluate.add_argument("entry_no", metavar="ENTRY_NO", type=entry_number)
    evaluate.add_argument(
        "value",
        metavar="VALUE",
        help="very_positive, positive, neutral, negative, very_negative or blank",
    )
    evaluate.set_defaults(handler=_evaluate)

    for name, text, handler in (
        ("cancel", "cancel one entry", _cancel),
        ("uncancel", "uncancel one entry", _uncancel),
    ):
        verb = verbs.add_parser(name, help=text)
        verb.add_argument("entry_no", metavar="ENTRY_NO", type=entry_number)
        verb.set_defaults(handler=handler)

    delete = verbs.add_parser("delete-canceled", help="delete canceled entries")
    delete.set_defaults(handler=_delete_canceled)

    add_letter_command(verbs)
