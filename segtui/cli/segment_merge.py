"""`segtui segment merge|export-letter|import-letter|clear-letter`: the letters of a segment."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from segtui.cli.arguments import line_number
from segtui.cli.output import print_folder_note
from segtui.cli.progress import progress_bar

# The letter services load on first use: lxml and the merge engine would add ~0.08 s to
# every start-up, the TUI's first paint included (README, benchmarks).


def add_merge_command(verbs: Any) -> None:
    """Add `merge`, `export-letter`, `import-letter` and `clear-letter` to `segment`."""
    merge = verbs.add_parser("merge", help="merge every line's letter into .docx files")
    merge.add_argument("no")
    merge.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="folder for one .docx per line (CT….docx); the .docx file with --combined",
    )
    merge.add_argument("--combined", action="store_true", help="one document, a section per line")
    merge.add_argument("--pdf", action="store_true", help="also make PDFs with LibreOffice")
    merge.add_argument(
        "--leave-unknown-empty",
        action="store_true",
        help="fill template fields segtui does not know with nothing instead of failing",
    )
    merge.add_argument(
        "--overwrite",
        action="store_true",
        help="merge into a folder that holds other files, replacing only the names written",
    )
    merge.set_defaults(handler=_merge)

    export = verbs.add_parser("export-letter", help="write one line's merged letter to edit it")
    export.add_argument("no")
    export.add_argument("line_no", type=line_number)
    export.add_argument("--out", type=Path, required=True, metavar="FILE.docx")
    export.add_argument("--leave-unknown-empty", action="store_true")
    export.set_defaults(handler=_export)

    imported = verbs.add_parser(
        "import-letter", help="make an edited .docx the line's unique document (used as it is)"
    )
    imported.add_argument("no")
    imported.add_argument("line_no", type=line_number)
    imported.add_argument("file", type=Path, metavar="FILE.docx")
    imported.set_defaults(handler=_import)

    clear = verbs.add_parser("clear-letter", help="drop a line's unique document")
    clear.add_argument("no")
    clear.add_argument("line_no", type=line_number)
    clear.set_defaults(handler=_clear)


def _merge(args: argparse.Namespace) -> int:
    """Merge the segment's letters and say where they went."""
    from segtui.services.letters.merge import merge_segment

    with progress_bar("Merging letters") as progress:
        report = merge_segment(
            args.no,
            args.out,
            combined=args.combined,
            pdf=args.pdf,
            leave_unknown_empty=args.leave_unknown_empty,
            progress=progress,
            overwrite=args.overwrite,
        )
    pdf_note = f" and {len(report.pdfs)} PDF(s)" if report.pdfs else ""
    where = ", ".join(str(f) for f in report.files) if args.combined else f"{args.out}/"
    print(f"{report.letters} letter(s) of {report.segment_no}{pdf_note} written to {where}")
    if report.unique_documents:
        print(f"{report.unique_documents} line(s) used their unique document as it is")
    print_folder_note(report.replaced, report.kept)
    return 0


def _export(args: argparse.Namespace) -> int:
    """Write one line's letter to a file."""
    from segtui.services.letters.render import export_line_letter

    path = export_line_letter(
        args.no, args.line_no, args.out, leave_unknown_empty=args.leave_unknown_empty
    )
    print(f"letter of line {args.line_no} written to {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Store an edited letter as the line's unique document."""
    from segtui.services.letters.unique_documents import import_line_letter

    import_line_letter(args.no, args.line_no, args.file)
    print(f"line {args.line_no} now uses {args.file} as its letter")
    return 0


def _clear(args: argparse.Namespace) -> int:
    """Drop the line's unique document."""
    from segtui.services.letters.unique_documents import clear_line_letter

    clear_line_letter(args.no, args.line_no)
    print(f"line {args.line_no} uses its template's letter again")
    return 0
