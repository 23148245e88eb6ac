"""`segtui demo`: create a demo database."""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.arguments import whole_number

# The most contacts a demo database is made with (the benchmarks use a million).
DEMO_CONTACTS_LIMIT = 2_000_000

# The demo service loads on first use: python-docx would add ~0.1 s to every start-up.


def _demo(args: argparse.Namespace) -> int:
    """Create the demo data and print a one-line summary."""
    from segtui.services.demo.demo import create_demo

    summary = create_demo(contacts=args.contacts, seed=args.seed, force=args.force)
    print(summary.text)
    return 0


def register(commands: Any) -> None:
    """Add `demo` to the command line."""
    demo = commands.add_parser(
        "demo",
        help="create a demo database (contacts, classifications, templates, history, "
        "one open segment)",
    )
    demo.add_argument(
        "--contacts",
        type=whole_number("number of contacts", 0, DEMO_CONTACTS_LIMIT),
        default=1000,
        metavar="N",
        help=f"default 1000, at most {DEMO_CONTACTS_LIMIT:,}",
    )
    demo.add_argument(
        "--seed", type=whole_number("seed", 0), default=42, metavar="S", help="default 42"
    )
    demo.add_argument(
        "--force", action="store_true", help="replace all data of a non-empty database"
    )
    demo.set_defaults(handler=_demo)
