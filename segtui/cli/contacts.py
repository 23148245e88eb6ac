"""`segtui contacts list|import|export`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from segtui.cli.output import print_json, print_table
from segtui.domain.contacts import LIST_KEYS
from segtui.domain.criteria import Filter, parse_filter
from segtui.domain.errors import InvalidInput


def _filters(texts: list[str] | None) -> list[Filter]:
    """The --filter options read as filters (errors name the bad one)."""
    return [parse_filter(text) for text in texts or ()]


def _list(args: argparse.Namespace) -> int:
    """Print the matching contacts as a table or as JSON."""
    from segtui.services.contacts import list_contacts

    if args.limit is not None and args.limit < 0:
        raise InvalidInput(f"--limit must not be negative, not {args.limit}")
    contacts = list_contacts(_filters(args.filter), limit=args.limit)
    if args.json:
        print_json([{key: getattr(c, key) for key in LIST_KEYS} for c in contacts])
        return 0
    print_table(
        ("No", "Type", "Name", "Company", "City", "Email", "Corr.", "Blocked"),
        (
            (
                c.no,
                c.type,
                c.name,
                c.company_no,
                c.city,
                c.email,
                c.correspondence_type,
                "yes" if c.privacy_blocked else "",
            )
            for c in contacts
        ),
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    """Import a CSV file and say how many contacts it added."""
    from segtui.services.contact_import import import_contacts

    result = import_contacts(args.file)
    if result.imported:
        print(f"imported {result.imported} contacts ({result.first_no} … {result.last_no})")
    else:
        print("imported 0 contacts")
    return 0


def _export(args: argparse.Namespace) -> int:
    """Write the chosen contacts to stdout as CSV or vCard."""
    from segtui.services.contact_export import export_csv, export_vcard

    if args.segment is not None and args.filter:
        raise InvalidInput("give either --segment or --filter, not both")
    export: Any = export_vcard if args.format == "vcard" else export_csv
    export(sys.stdout, segment_no=args.segment, filters=_filters(args.filter))
    return 0


def register(commands: Any) -> None:
    """Add `contacts` and its verbs to the command line."""
    contacts = commands.add_parser("contacts", help="list, import and export contacts")
    verbs = contacts.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list contacts (all matches unless --limit)")
    listing.add_argument(
        "--filter",
        action="append",
        metavar="F",
        help="source.field=expression, e.g. city=@lon* (repeatable; all must match)",
    )
    listing.add_argument("--limit", type=int, metavar="N", help="show at most N contacts")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_list)

    importing = verbs.add_parser("import", help="import contacts from a UTF-8 CSV file")
    importing.add_argument("file", metavar="FILE.csv", help="header row = contact field names")
    importing.set_defaults(handler=_import)

    exporting = verbs.add_parser("export", help="write contacts to stdout as CSV or vCard")
    exporting.add_argument("--segment", metavar="NO", help="the contacts of this open segment")
    exporting.add_argument(
        "--filter", action="append", metavar="F", help="source.field=expression (repeatable)"
    )
    exporting.add_argument("--format", choices=("csv", "vcard"), default="csv")
    exporting.set_defaults(handler=_export)
