"""Opening the TUI from the command line (`segtui` with no command)."""

from __future__ import annotations

import sys

from segtui.domain.errors import SegtuiError
from segtui.services import app_session

# Textual loads only when the TUI opens: ~0.13 s that no other command needs.


def run_tui(db: str | None) -> int:
    """Start the Textual application on the chosen database; errors are one line."""
    from segtui.tui.app import build_app

    try:
        app = build_app(db)
    except SegtuiError as exc:  # e.g. a database that cannot be opened
        sys.stderr.write(f"segtui: error: {exc.message}\n")
        return 1
    try:
        app.run()
    finally:
        app_session.close()
    return 0
