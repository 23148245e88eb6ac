"""Entry point: `python -m segtui` and the `segtui` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Set up the log file, parse the command line and run the CLI or the TUI."""
    from segtui import log
    from segtui.cli.app import main as cli_main

    log.configure()
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
