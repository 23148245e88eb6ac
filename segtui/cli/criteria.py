"""`segtui criteria …`: list, show, delete, export and import saved criteria."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segtui.cli.output import print_json, print_table
from segtui.services.segments import saved_criteria


def register(commands: Any) -> None:
    """Add `criteria` and its verbs to the command line."""
    parser = commands.add_parser("criteria", help="saved criteria")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    listing = verbs.add_parser("list", help="every saved criteria set")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    show = verbs.add_parser("show", help="the steps of saved criteria")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    delete = verbs.add_parser("delete", help="delete saved criteria")
    delete.add_argument("code")
    delete.set_defaults(handler=_delete)
    export = verbs.add_parser("export", help="write saved criteria as TOML or JSON to stdout")
    export.add_argument("code")
    export.add_argument("--format", choices=["toml", "json"], default="toml")
    export.set_defaults(handler=_export)
    imported = verbs.add_parser("import", help="read saved criteria from a .toml or .json file")
    imported.add_argument("file", type=Path)
    imported.add_argument("--json", action="store_true")
    imported.set_defaults(handler=_import)


def _list(args: argparse.Namespace) -> None:
    rows = saved_criteria.list_saved()
    if args.json:
        print_json(
            [
                {
                    "code": s.code,
                    "description": s.description,
                    "no_of_steps": len(s.steps),
                    "created_by": s.created_by,
                }
                for s in rows
            ]
        )
    else:
        print_table(
            ["Code", "Description", "Steps"], [(s.code, s.description, len(s.steps)) for s in rows]
        )


def _show(args: argparse.Namespace) -> None:
    saved = saved_criteria.get_saved(args.code)
    if args.json:
        print_json(saved.as_dict())
        return
    print(f"{saved.code}  {saved.description}")
    print_table(
        ["Step", "Kind", "Filters", "Options"],
        (
            (i, s.kind, " ".join(s.filters), " ".join(k for k, v in s.options.items() if v))
            for i, s in enumerate(saved.steps, 1)
        ),
    )


def _delete(args: argparse.Namespace) -> None:
    saved_criteria.delete_saved(args.code)
    print(f"deleted {args.code.upper()}")


def _export(args: argparse.Namespace) -> None:
    sys.stdout.write(saved_criteria.export_saved(args.code, args.format))


def _import(args: argparse.Namespace) -> None:
    saved = saved_criteria.import_saved(args.file)
    if args.json:
        print_json(saved.as_dict())
    else:
        print(f"imported {saved.code} ({len(saved.steps)} step(s))")
