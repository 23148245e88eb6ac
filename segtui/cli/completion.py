"""`segtui completion bash|zsh`: a shell completion script generated from the real parser."""

from __future__ import annotations

import argparse
import sys
from typing import Any

SHELLS = ("bash", "zsh")


def register(commands: Any) -> None:
    """Add the `completion` command."""
    parser = commands.add_parser(
        "completion",
        help="print a bash or zsh completion script",
        description="Print a completion script for SHELL, generated from segtui's own "
        "command-line grammar, e.g. segtui completion bash > "
        "~/.local/share/bash-completion/completions/segtui",
    )
    parser.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash or zsh")
    parser.set_defaults(handler=completion_command, needs_db=False)


def completion_command(args: argparse.Namespace) -> int:
    """Print the completion script for the chosen shell."""
    import shtab

    # Imported here: app imports this module while it builds the parser.
    from segtui.cli.app import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return 0
