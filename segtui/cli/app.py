"""The `segtui` command: global options, one sub-command module per area, one-line errors."""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from segtui.cli.output import escaped_output
from segtui.cli.tui import run_tui
from segtui.domain.errors import SegtuiError
from segtui.domain.text import escaped
from segtui.services.app_session import command_session

# Each module has `register(commands)` adding its parsers with `set_defaults(handler=...)`.
# A handler takes the parsed arguments and returns an exit status (None means 0).
# Parsers that do not touch the database also set `needs_db=False`.
COMMAND_MODULES = (
    "segtui.cli.demo",
    "segtui.cli.contacts",
    "segtui.cli.segment",
    "segtui.cli.criteria",
    "segtui.cli.logged",
    "segtui.cli.interactions",
    "segtui.cli.template",
    "segtui.cli.docx",
    "segtui.cli.setup",
    "segtui.cli.completion",
)


# A quoted value in an argparse message longer than is worth showing.
_LONG_QUOTED = re.compile(r"'([^']{40})[^']{20,}'")


class _VersionAction(argparse.Action):
    """`--version`: print segtui's version and exit (looked up only when asked for)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"segtui {installed_version()}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse with segtui's one-line usage errors (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse quotes the bad value: a 5 000-digit number is shown by its first digits.
        message = _LONG_QUOTED.sub(r"'\1…'", message)
        # Parsing runs before escaped_output: a control character typed in a value is shown.
        sys.stderr.write(f"segtui: error: {escaped(message, keep='')}\n")
        raise SystemExit(2)


def installed_version() -> str:
    """segtui's version: the installed package's, else the source tree's."""
    # importlib.metadata (and the email package it loads) costs ~20 ms, a tenth of every
    # command's start-up; only --version needs it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("segtui")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from segtui import __version__

        return __version__


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The whole command-line grammar of SPEC §5 (plus --version and completion).

    Built once per process: parsing never changes a parser, and building this one costs
    ~15 ms (argparse looks up a translation for every help string), which a process that
    runs many commands (a script calling `main`, the test suite) would pay for each.
    """
    parser = _Parser(prog="segtui", description="Segments and interactions in the terminal.")
    parser.add_argument("--version", action=_VersionAction, help="print segtui's version and exit")
    db_option = parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help="SQLite path, sqlite:///… or postgresql://… URL (default: $SEGTUI_DB or the "
        "user data directory)",
    )
    # Read by shtab (`segtui completion`): complete --db with file names (shtab.FILE).
    db_option.complete = {"bash": "_shtab_compgen_files", "zsh": "_files"}  # type: ignore[attr-defined]
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    parser = build_parser()
    words = sys.argv[1:] if argv is None else list(argv)
    if (nul := next((i for i, w in enumerate(words, 1) if "\x00" in w), None)) is not None:
        # Only a program calling `main` can pass one (a shell cannot); no path or value
        # holds it, and the OS refuses it in a file name with a bare ValueError.
        parser.error(f"argument {nul} contains a NUL character")
    args, extras = parser.parse_known_args(words)
    _refuse_lists_for_one_value(parser, args)
    # argparse gives positionals after an option (`template new CODE --group G F=V`) to
    # nobody; a verb that names its word list in `intermixed` takes them, others refuse.
    intermixed = getattr(args, "intermixed", None)
    if extras and intermixed and not any(word.startswith("-") for word in extras):
        getattr(args, intermixed).extend(extras)
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if args.command is None:
        return run_tui(args.db)
    handler = getattr(args, "handler", None)
    if handler is None:
        # A command group given without its verb is a usage error (exit 2, one line on
        # stderr); `--help` would print to stdout and exit 0 as if all went well.
        sys.stderr.write(
            f"segtui: error: {args.command} needs a verb (see segtui {args.command} --help)\n"
        )
        return 2
    with escaped_output():
        return _run(handler, args)


def _refuse_lists_for_one_value(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A usage error where argparse handed a list to a one-value positional.

    `segtui setup question Q -- --` gives CODE the value `[]` (an argparse quirk with a
    second `--`), which would reach a service as a list instead of text.
    """
    current: argparse.ArgumentParser | None = parser
    while current is not None:
        following = None
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                following = action.choices.get(getattr(args, action.dest, None) or "")
            elif (
                not action.option_strings
                and action.nargs in (None, "?")
                and isinstance(getattr(args, action.dest, None), list)
            ):
                current.error(f"argument {action.metavar or action.dest}: expected one value")
        current = following


def _run(handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run a command's handler; every error the user can fix becomes one line on stderr."""
    try:
        if getattr(args, "needs_db", True):
            with command_session(args.db):
                status = handler(args)
        else:
            status = handler(args)
    except SegtuiError as exc:
        # One line whatever the message holds (a driver's text may span several).
        sys.stderr.write(f"segtui: error: {' '.join(exc.message.split())}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("segtui: error: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file or folder the command was told to read or write (full disk, a path through
        # a file, no permission): the user's to fix, so one line, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"segtui: error: {where}{exc.strerror or exc}\n")
        return 1
    return int(status or 0)
