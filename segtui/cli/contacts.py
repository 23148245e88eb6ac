"""`segtui contacts list|import|export`, and beyond SPEC §5 `show|new|edit|block|classify|
unclassify|answer`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from segtui.cli.arguments import positive_number
from segtui.cli.output import print_json, print_table
from segtui.cli.setup import kind_name
from segtui.domain.contacts import LIST_KEYS
from segtui.domain.criteria import Filter, parse_filters
from segtui.domain.errors import InvalidInput
from segtui.domain.fields import split_pairs
from segtui.services.contacts.contacts import (
    block_contact,
    create_contact,
    edit_contact,
    get_contact,
    list_contacts,
)
from segtui.services.contacts.export import export_csv, export_vcard
from segtui.services.contacts.importer import import_contacts
from segtui.services.setup.classification import (
    add_profile_answer,
    contact_classification,
    link_contact,
    remove_profile_answer,
    unlink_contact,
)


def _filters(texts: list[str] | None) -> list[Filter]:
    """The --filter options read as filters (errors name the bad one)."""
    return parse_filters(texts or [])


def _list(args: argparse.Namespace) -> int:
    """Print the matching contacts as a table or as JSON."""

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

    result = import_contacts(args.file)
    if result.imported:
        print(f"imported {result.imported} contacts ({result.first_no} … {result.last_no})")
    else:
        print("imported 0 contacts")
    return 0


def _export(args: argparse.Namespace) -> int:
    """Write the chosen contacts to stdout as CSV or vCard."""

    if args.segment is not None and args.filter:
        raise InvalidInput("give either --segment or --filter, not both")
    export: Any = export_vcard if args.format == "vcard" else export_csv
    export(sys.stdout, segment_no=args.segment, filters=_filters(args.filter))
    return 0


def _show(args: argparse.Namespace) -> int:
    """Print one contact's fields and the classification codes it is linked to."""

    contact = get_contact(args.contact)
    codes = contact_classification(contact.no)
    classification = {
        "mailing_groups": list(codes.mailing_groups),
        "industry_groups": list(codes.industry_groups),
        "business_relations": list(codes.business_relations),
        "job_responsibilities": list(codes.job_responsibilities),
        "profile_answers": list(codes.profile_answers),
    }
    if args.json:
        print_json({**dataclasses.asdict(contact), **classification})
        return 0
    fields = dataclasses.asdict(contact)
    fields.update({key: ", ".join(value) for key, value in classification.items()})
    width = max(len(key) for key in fields)
    for key, value in fields.items():
        shown = "yes" if value is True else "" if value is False or value is None else value
        print(f"{key.ljust(width)}  {shown}".rstrip())
    return 0


def _new(args: argparse.Namespace) -> int:
    """Create a contact from FIELD=VALUE words; print its number."""

    contact = create_contact(split_pairs(args.fields, "contact"), no=args.no)
    print(contact.no)
    return 0


def _edit(args: argparse.Namespace) -> int:
    """Change some fields of a contact."""

    contact = edit_contact(args.contact, split_pairs(args.fields, "contact"))
    print(f"{contact.no} {contact.name} changed")
    return 0


def _block(args: argparse.Namespace) -> int:
    """Privacy-block a contact (never added to a segment again), or with --unblock clear it."""

    contact = block_contact(args.contact, blocked=not args.unblock)
    print(f"{contact.no} {contact.name} is {'no longer ' if args.unblock else ''}privacy-blocked")
    return 0


def _classify(args: argparse.Namespace) -> int:
    """Link a contact to a mailing group, industry group, business relation or job
    responsibility."""

    kind = kind_name(args.kind)
    link_contact(kind, args.contact, args.code)
    print(f"{args.contact} is in {kind.replace('_', ' ')} {args.code}")
    return 0


def _unclassify(args: argparse.Namespace) -> int:
    """Remove a contact's link to a classification code."""

    kind = kind_name(args.kind)
    unlink_contact(kind, args.contact, args.code)
    print(f"{args.contact} is not in {kind.replace('_', ' ')} {args.code}")
    return 0


def _answer(args: argparse.Namespace) -> int:
    """Record (or with --remove take back) a contact's answer to a profile question."""

    answer = f"{args.questionnaire}/{args.question}/{args.answer}"
    if args.remove:
        remove_profile_answer(args.contact, args.questionnaire, args.question, args.answer)
        print(f"{args.contact} has no answer {answer}")
    else:
        add_profile_answer(args.contact, args.questionnaire, args.question, args.answer)
        print(f"{args.contact} answered {answer}")
    return 0


def register(commands: Any) -> None:
    """Add `contacts` and its verbs to the command line."""
    contacts = commands.add_parser(
        "contacts", help="list, import, export, create, edit and classify contacts"
    )
    verbs = contacts.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list contacts (all matches unless --limit)")
    listing.add_argument(
        "--filter",
        action="append",
        metavar="F",
        help="source.field=expression, e.g. city=@lon* (repeatable; all must match)",
    )
    listing.add_argument(
        "--limit", type=positive_number("limit"), metavar="N", help="show at most N contacts"
    )
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

    show = verbs.add_parser("show", help="show a contact's fields and classification")
    show.add_argument("contact", metavar="CT")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(handler=_show)

    new = verbs.add_parser("new", help="create a contact from FIELD=VALUE; prints its number")
    new.add_argument("fields", nargs="+", metavar="FIELD=VALUE", help="e.g. type=person name=…")
    new.add_argument("--no", metavar="CT", help="its number (default: the next of the series)")
    new.set_defaults(handler=_new)

    edit = verbs.add_parser("edit", help="change some fields of a contact")
    edit.add_argument("contact", metavar="CT")
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE", help="e.g. city=Leeds")
    edit.set_defaults(handler=_edit)

    block = verbs.add_parser("block", help="privacy-block a contact (never added to a segment)")
    block.add_argument("contact", metavar="CT")
    block.add_argument("--unblock", action="store_true", help="clear the privacy block")
    block.set_defaults(handler=_block)

    link_kinds = "mailing_group, industry_group, business_relation or job_responsibility"
    classify = verbs.add_parser("classify", help="link a contact to a classification code")
    unclassify = verbs.add_parser("unclassify", help="remove a contact's classification code")
    for verb, handler in ((classify, _classify), (unclassify, _unclassify)):
        verb.add_argument("contact", metavar="CT")
        verb.add_argument("kind", metavar="KIND", help=f"{link_kinds} (dashes work too)")
        verb.add_argument("code", metavar="CODE")
        verb.set_defaults(handler=handler)

    answer = verbs.add_parser("answer", help="record a contact's answer to a profile question")
    answer.add_argument("contact", metavar="CT")
    answer.add_argument("questionnaire", metavar="QUESTIONNAIRE")
    answer.add_argument("question", metavar="QUESTION")
    answer.add_argument("answer", metavar="ANSWER")
    answer.add_argument("--remove", action="store_true", help="take the answer back")
    answer.set_defaults(handler=_answer)
