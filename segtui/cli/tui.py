"""Opening the TUI from the command line (`segtui` with no command)."""

from __future__ import annotations

import sys


def run_tui(db: str | None) -> int:
    """Start the Textual application on the chosen database."""
    try:
        from segtui.tui.app import build_app  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:
        sys.stderr.write(
            "segtui: the terminal interface is not built yet; see `segtui --help` for the "
            "command line.\n"
        )
        return 0
    build_app(db).run()
    return 0
