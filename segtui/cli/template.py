"""`segtui template list|show|import`."""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.output import print_json, print_table
from segtui.services.templates.templates import (
    get_template,
    import_template_document,
    list_templates,
)


def _list(args: argparse.Namespace) -> int:
    """Print every template as a table or as JSON."""

    templates = list_templates()
    if args.json:
        print_json(templates)
        return 0
    print_table(
        ("Code", "Description", "Group", "Corr. type"),
        (
            (t.code, t.description, t.group_code, t.correspondence_type_default or "blank")
            for t in templates
        ),
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    """Print one template with its documents per language."""

    view = get_template(args.code)
    if args.json:
        print_json(view)
        return 0
    rows = (
        ("Code", view.code),
        ("Description", view.description),
        ("Group", view.group_code),
        ("Correspondence type", view.correspondence_type_default or "blank"),
        ("Ignore contact corr. type", "yes" if view.ignore_contact_corres_type else "no"),
        ("Information flow", view.information_flow or "blank"),
        ("Initiated by", view.initiated_by or "blank"),
        ("Unit cost", view.unit_cost),
        ("Unit duration (min)", view.unit_duration_min),
        ("Default language", view.language_code_default or "blank"),
    )
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    print()
    if not view.languages:
        print("No documents yet: segtui template import CODE FILE.docx [--language L]")
        return 0
    print_table(
        ("Language", "File", "Bytes", "Subject"),
        ((v.language_code or "(default)", v.filename, v.size, v.subject) for v in view.languages),
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    """Store a .docx as a template's document and say so."""

    version = import_template_document(
        args.code, args.file, language=args.language, subject=args.subject
    )
    language = version.language_code or "the default language"
    print(f"imported {version.filename} ({version.size} bytes) as {args.code} for {language}")
    return 0


def register(commands: Any) -> None:
    """Add `template` and its verbs to the command line."""
    template = commands.add_parser("template", help="interaction templates and their documents")
    verbs = template.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list interaction templates")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_list)

    show = verbs.add_parser("show", help="show a template with its documents per language")
    show.add_argument("code", metavar="CODE")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(handler=_show)

    importing = verbs.add_parser("import", help="store a .docx as a template's document")
    importing.add_argument("code", metavar="CODE")
    importing.add_argument("file", metavar="FILE.docx")
    importing.add_argument(
        "--language", metavar="L", help="language code (default: the template's default)"
    )
    importing.add_argument("--subject", metavar="S", help="the subject for this language")
    importing.set_defaults(handler=_import)
