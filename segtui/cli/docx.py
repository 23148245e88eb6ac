"""`segtui docx fields|merge`: the generic Word merge for any template and data file."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from segtui.cli.output import print_json, print_table
from segtui.docs import MergeTemplate, check_fields, merge_combined, merge_documents
from segtui.docs.pdf import convert_many
from segtui.docs.records import read_data_file
from segtui.domain.errors import InvalidInput
from segtui.domain.merge_fields import FIELD_NAMES


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
    merge.set_defaults(handler=merge_command, needs_db=False)


def fields_command(args: argparse.Namespace) -> int:
    """Print the template's merge fields and which of them cannot be filled."""
    template = MergeTemplate.load(args.template, str(args.template))
    vocabulary = read_data_file(args.data).columns if args.data else FIELD_NAMES
    _, unknown = check_fields(template.fields, vocabulary)
    if args.json:
        print_json({"fields": template.fields, "unknown": unknown})
    else:
        rows = [(name, "unknown" if name in unknown else "ok") for name in template.fields]
        print_table(["FIELD", "STATUS"], rows)
    return 0


def _write(path: Path, data: bytes) -> None:
    """Write a whole file or nothing (a reader never sees half a document)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".segtui-", suffix=".docx")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def merge_command(args: argparse.Namespace) -> int:
    """Merge every record of the data file into the template."""
    template = MergeTemplate.load(args.template, str(args.template))
    data = read_data_file(args.data)
    _, unknown = check_fields(template.fields, data.columns)
    if unknown and not args.leave_unknown_empty:
        raise InvalidInput(
            f"{args.data} has no column for the template field(s) {', '.join(unknown)} "
            "(add them, or use --leave-unknown-empty)"
        )
    out: Path = args.out
    if args.combined:
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder; with --combined, --out names the .docx file")
        out.parent.mkdir(parents=True, exist_ok=True)
        _write(out, merge_combined(template, data.records, leave_unknown_empty=True))
        written = [out]
    else:
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"{out} is a file; without --combined, --out names a folder")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"cannot create folder {out}: {exc.strerror}") from None
        # Names come from the record's position only, never from the data's text.
        width = max(4, len(str(len(data.records))))
        documents = merge_documents(template, data.records, leave_unknown_empty=True)
        written = []
        for n, document in enumerate(documents, start=1):
            path = out / f"{n:0{width}d}.docx"
            _write(path, document)
            written.append(path)
    if args.pdf:
        convert_many(written, out.parent if args.combined else out)
    pdf_note = " (and PDF)" if args.pdf else ""
    if args.combined:
        print(f"{len(data.records)} letter(s) merged into {out}{pdf_note}")
    else:
        print(f"{len(written)} letter(s) written to {out}{os.sep}{pdf_note}")
    return 0
