"""`segtui interactions letter ENTRY_NO --out FILE.docx`: re-render a logged letter."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from segtui.cli.arguments import entry_number

# The letter services load on first use: lxml and the merge engine would add ~0.08 s to
# every start-up, the TUI's first paint included (README, benchmarks).


def add_letter_command(verbs: Any) -> None:
    """Add `letter` to `interactions`."""
    letter = verbs.add_parser("letter", help="re-render an entry's letter from its snapshot")
    letter.add_argument("entry_no", type=entry_number)
    letter.add_argument("--out", type=Path, required=True, metavar="FILE.docx")
    letter.add_argument(
        "--leave-unknown-empty",
        action="store_true",
        help="fill template fields segtui does not know with nothing instead of failing",
    )
    letter.set_defaults(handler=_letter)


def _letter(args: argparse.Namespace) -> int:
    """Write the entry's letter to the file."""
    from segtui.services.letters.render import export_entry_letter

    out = export_entry_letter(args.entry_no, args.out, leave_unknown_empty=args.leave_unknown_empty)
    print(f"letter of interaction log entry {args.entry_no} written to {out}")
    return 0
