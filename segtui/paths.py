"""Where segtui keeps its files: the default database and the settings file."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

import platformdirs

from segtui.domain.errors import InvalidInput

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


def _open_regular(path: Path, limit: int, label: str) -> int:
    """A descriptor of `path` opened for reading, after checking it is a regular file of
    at most `limit` bytes. A FIFO, a device (/dev/zero) or a folder is refused at once —
    O_NONBLOCK keeps a FIFO with no writer from hanging the open."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{label}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{label}: not a regular file")
        if info.st_size > limit:
            raise InvalidInput(f"{label}: larger than {_size(limit)}")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path, limit: int, label: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InvalidInput naming why not.

    Every file a user names for segtui to read goes through here or `open_regular_file`,
    so that no input can make segtui read without end or wait for ever. OSError (no such
    file, no permission) is left to the caller, which says what it was reading.
    """
    label = label or path.name
    with os.fdopen(_open_regular(path, limit, label), "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew while we read
        raise InvalidInput(f"{label}: larger than {_size(limit)}")
    return data


def open_regular_file(path: Path, limit: int, label: str | None = None) -> BinaryIO:
    """A regular file of at most `limit` bytes opened for reading (for streaming)."""
    return os.fdopen(_open_regular(path, limit, label or path.name), "rb")


# An edited comment is at most 10 000 characters; 4 bytes each in UTF-8 at the most.
EDITED_TEXT_LIMIT = 64 * 1024


def read_edited_text(path: Path) -> str:
    """The text an editor saved for segtui: a regular file of at most 64 kB of UTF-8.

    An editor (or whatever $EDITOR names) may leave anything there; this never reads
    without end and says what is wrong in one line.
    """
    data = read_regular_file(path, EDITED_TEXT_LIMIT, "the edited text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the edited text is not UTF-8; comment unchanged") from None


def _size(limit: int) -> str:
    """A limit in the unit a user reads it in."""
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
