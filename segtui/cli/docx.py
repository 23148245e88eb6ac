"""`segtui docx fields|merge`: the generic Word merge for any template and data file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from segtui.cli.output import print_folder_note, print_json, print_table

# The letter services load on first use: lxml and the merge engine would add ~0.08 s to
# every start-up, the TUI's first paint included (README, benchmarks).


def register(commands: Any) -> None:
    """Add the `docx` command group and its `fields` and `merge` commands."""
    group = commands.add_parser("docx", help="merge fields of Word templates; generic merge")
    verbs = group.add_subparsers(dest="docx_command", metavar="COMMAND", parser_class=type(group))

    fields = verbs.add_parser("fields", help="list the merge fields found in a template")
    fields.add_argument("template", metavar="TEMPLATE.docx", type=Path)
    fields.add_argument(
        "--data",
        metavar="FILE",
        type=Path,
        help="judge the fields against this data file's columns instead of segtui's fields",
    )
    fields.add_argument("--json", action="store_true", help="print one JSON document")
    fields.set_defaults(handler=fields_command, needs_db=False)

    merge = verbs.add_parser("merge", help="fill a template from a CSV or JSON data file")
    merge.add_argument("template", metavar="TEMPLATE.docx", type=Path)
    merge.add_argument("--data", metavar="FILE", type=Path, required=True, help=".csv or .json")
    merge.add_argument(
        "--out",
        metavar="PATH",
        type=Path,
        required=True,
        help="folder for one .docx per record (0001.docx, …); the .docx file with --combined",
    )
    merge.add_argument("--combined", action="store_true", help="one document, a section per record")
    merge.add_argument(
        "--leave-unknown-empty",
        action="store_true",
        help="fill fields the data file has no column for with nothing instead of failing",
    )
    merge.add_argument("--pdf", action="store_true", help="also make PDFs with LibreOffice")
    merge.add_argument(
        "--language",
        metavar="L",
        default="",
        help="language of month names and decimal marks in \\@ and \\# pictures "
        "(ENG, DEU…; default: the document's own language)",
    )
    merge.add_argument(
        "--overwrite",
        action="store_true",
        help="merge into a folder that holds other files, replacing only the names written",
    )
    merge.set_defaults(handler=merge_command, needs_db=False)


def fields_command(args: argparse.Namespace) -> int:
    """Print the template's merge fields and which of them cannot be filled."""
    from segtui.services.letters.docx_merge import template_fields

    report = template_fields(args.template, args.data)
    if args.json:
        print_json({"fields": report.fields, "unknown": report.unknown})
    else:
        rows = [(name, "unknown" if name in report.unknown else "ok") for name in report.fields]
        print_table(["FIELD", "STATUS"], rows)
    return 0


def merge_command(args: argparse.Namespace) -> int:
    """Merge every record of the data file into the template."""
    from segtui.services.letters.docx_merge import merge_data_file

    report = merge_data_file(
        args.template,
        args.data,
        args.out,
        combined=args.combined,
        pdf=args.pdf,
        leave_unknown_empty=args.leave_unknown_empty,
        overwrite=args.overwrite,
        language=args.language,
    )
    pdf_note = " (and PDF)" if args.pdf else ""
    if args.combined:
        print(f"{report.records} letter(s) merged into {args.out}{pdf_note}")
    else:
        print(f"{len(report.files)} letter(s) written to {args.out}{os.sep}{pdf_note}")
        print_folder_note(report.replaced, report.kept)
    if report.no_fields and report.records > 1:
        sys.stderr.write(
            f"segtui: warning: {args.template.name} has no merge fields: all "
            f"{report.records} letters are the same\n"
        )
    return 0
