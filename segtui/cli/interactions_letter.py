"""`segtui interactions letter ENTRY_NO --out FILE.docx`: re-render a logged letter."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _entry_no(text: str) -> int:
    """An entry number argument (argparse turns the ValueError into a usage error)."""
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


_entry_no.__name__ = "entry number"


def add_letter_command(verbs: Any) -> None:
    """Add `letter` to `interactions`."""
    letter = verbs.add_parser("letter", help="re-render an entry's letter from its snapshot")
    letter.add_argument("entry_no", type=_entry_no)
    letter.add_argument("--out", type=Path, required=True, metavar="FILE.docx")
    letter.add_argument(
        "--leave-unknown-empty",
        action="store_true",
        help="fill template fields segtui does not know with nothing instead of failing",
    )
    letter.set_defaults(handler=_letter)


def _letter(args: argparse.Namespace) -> int:
    """Write the entry's letter to the file."""
    from segtui.domain.errors import InvalidInput
    from segtui.services.letter_files import ensure_folder, write_whole
    from segtui.services.letters import render_entry_letter

    out: Path = args.out
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; name the .docx file to write")
    data = render_entry_letter(args.entry_no, leave_unknown_empty=args.leave_unknown_empty)
    ensure_folder(out.parent)
    write_whole(out, data)
    print(f"letter of interaction log entry {args.entry_no} written to {out}")
    return 0
