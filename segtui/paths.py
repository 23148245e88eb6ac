"""Where segtui keeps its files: the default database and the settings file."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

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


def without_password(target: str) -> str:
    """The database target as shown to users: a URL's password is replaced by ***."""
    url = urlparse(target)
    if not url.password:
        return target
    netloc = url.netloc.replace(f":{url.password}@", ":***@", 1)
    return url._replace(netloc=netloc).geturl()
