"""`segtui template list|show|new|edit|delete|import|remove-language`."""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.output import print_json, print_table
from segtui.services.templates.templates import (
    delete_template,
    edit_template,
    get_template,
    import_template_document,
    list_templates,
    new_template,
    remove_template_language,
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
        ("Send as attachment", "yes" if view.send_as_attachment else "no (letter as HTML body)"),
        (
            "Field map",
            ", ".join(f"{k} → {v}" for k, v in sorted(view.field_map.items())) or "none",
        ),
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


def _new(args: argparse.Namespace) -> int:
    """Create a template with its group, description and any FIELD=VALUE."""

    code, *assignments = args.words
    view = new_template(code, args.group, args.description or "", assignments)
    print(f"created template {view.code} ({view.group_code})")
    return 0


def _edit(args: argparse.Namespace) -> int:
    """Change template fields."""

    view = edit_template(args.code, args.assignments)
    print(f"edited template {view.code}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    """Delete a template nothing uses."""

    delete_template(args.code)
    print(f"deleted template {args.code.strip()}")
    return 0


def _remove_language(args: argparse.Namespace) -> int:
    """Remove one language version of a template."""

    remove_template_language(args.code, args.language)
    print(f"removed language {args.language.strip().upper() or '(blank)'} from {args.code}")
    return 0


FIELDS_HELP = (
    "description, group_code, correspondence_type_default, ignore_contact_corres_type, "
    "information_flow, initiated_by, unit_cost, unit_duration_min, language_code_default, "
    "send_as_attachment; map.TEMPLATE_FIELD=Segtui_Field (empty removes) or field_map=A:B,…"
)


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

    new = verbs.add_parser("new", help="create an interaction template")
    new.add_argument("words", nargs="+", metavar="CODE [FIELD=VALUE …]", help=FIELDS_HELP)
    new.add_argument("--group", required=True, metavar="G", help="interaction group code")
    new.add_argument("--description", metavar="D")
    new.set_defaults(handler=_new, intermixed="words")

    edit = verbs.add_parser("edit", help="change fields of an interaction template")
    edit.add_argument("code", metavar="CODE")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE", help=FIELDS_HELP)
    edit.set_defaults(handler=_edit, intermixed="assignments")

    delete = verbs.add_parser("delete", help="delete a template (refused while it is used)")
    delete.add_argument("code", metavar="CODE")
    delete.set_defaults(handler=_delete)

    remove = verbs.add_parser(
        "remove-language", help="remove a language version (refused while it is used)"
    )
    remove.add_argument("code", metavar="CODE")
    remove.add_argument("language", metavar="L")
    remove.set_defaults(handler=_remove_language)

    importing = verbs.add_parser("import", help="store a .docx as a template's document")
    importing.add_argument("code", metavar="CODE")
    importing.add_argument("file", metavar="FILE.docx")
    importing.add_argument(
        "--language", metavar="L", help="language code (default: the template's default)"
    )
    importing.add_argument("--subject", metavar="S", help="the subject for this language")
    importing.set_defaults(handler=_import)
