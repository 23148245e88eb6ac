"""Who is working: the user id stamped on segments, actions and interaction log entries."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """The user's name: $SEGTUI_USER, else the login name."""
    user = os.environ.get("SEGTUI_USER")
    if user:
        return user[:50]
    try:
        return getpass.getuser()[:50]
    except (KeyError, OSError):
        return "unknown"
