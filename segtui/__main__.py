"""Entry point: `python -m segtui` and the `segtui` console script."""

from __future__ import annotations

import sys


def _not_utf8(arguments: list[str]) -> int | None:
    """The position of the first argument that is not valid UTF-8, if any.

    Python hands such bytes over as lone surrogates; stored or printed they would end in
    a UnicodeEncodeError deep in a driver, so they are refused before anything runs.
    """
    for position, argument in enumerate(arguments, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            return position
    return None


def main() -> None:
    """Set up the log file, parse the command line and run the CLI or the TUI."""
    try:
        bad = _not_utf8(sys.argv[1:])
        if bad is not None:
            sys.stderr.write(f"segtui: error: argument {bad} is not valid UTF-8 text\n")
            sys.exit(2)
        from segtui import log
        from segtui.cli.app import main as cli_main

        log.configure()
        sys.exit(cli_main())
    except KeyboardInterrupt:  # Ctrl+C while Python is still loading segtui
        sys.stderr.write("segtui: error: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
