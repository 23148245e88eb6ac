"""Where segtui keeps its files: the default database and the settings file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "segtui"


def data_dir() -> Path:
    """The user's data directory for segtui (created on demand)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's configuration directory for segtui."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def resolve_database(db: str | None) -> str:
    """The database to open: --db, else $SEGTUI_DB, else segtui.db in the data directory."""
    if db:
        return db
    env = os.environ.get("SEGTUI_DB")
    if env:
        return env
    return default_database()


def default_database() -> str:
    """segtui.db in the user's data directory."""
    return str(data_dir() / "segtui.db")


# `//user:password@` in anything that looks like a URL, whatever its scheme (a mistyped
# `postgresql+psycopg2://` or `mysql://` must not print the password either), and a
# `password=` in its query string.
_URL_PASSWORD = re.compile(r"(//[^/?#@:]*:)[^/?#@]*@")
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&#]*")


def without_password(target: str) -> str:
    """The database target as shown to users: a URL's password is replaced by ***.

    Written over the text rather than a parsed URL, so that a URL too malformed to parse
    (a bad port, an unknown scheme) is redacted all the same.
    """
    redacted = _URL_PASSWORD.sub(r"\1***@", target)
    return _QUERY_PASSWORD.sub(r"\1***", redacted)
