"""segtui's own log: standard `logging` into a small rotating file in the user data directory.

`configure()` runs once at start-up (the `segtui` entry point). Modules log through
`logging.getLogger(__name__)`; the file takes segtui's INFO lines, or with `SEGTUI_DEBUG=1`
its DEBUG lines and Peewee's SQL. The file and a new folder are private to their owner
(0600 / 0700), URLs in log lines lose their passwords, and a log that cannot be written is
silently dropped: the log must never stop or disturb the program.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from segtui.paths import data_dir, without_password

LOG_NAME = "segtui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
DEBUG_ENV = "SEGTUI_DEBUG"
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

# Anything URL-shaped, e.g. a postgresql://user:secret@host/db inside a driver's message.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")

_installed: logging.Handler | None = None
_file: Path | None = None


def log_path() -> Path:
    """Where segtui's log file lives: segtui.log in the user data directory."""
    return data_dir() / LOG_NAME


def current_file() -> Path | None:
    """The log file this process writes to, or None when it writes none."""
    return _file


def debug_requested() -> bool:
    """True when $SEGTUI_DEBUG asks for DEBUG lines (1, true, yes, on)."""
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


class _RedactingFormatter(logging.Formatter):
    """Formats a record, then replaces the password of every URL in it (traceback too)."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted line with `user:***@` wherever a URL carried a password."""
        return _URL.sub(lambda m: without_password(m.group(0)), super().format(record))


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating file handler whose files are created 0600 and whose failures stay quiet."""

    def _open(self) -> io.TextIOWrapper:
        # The builtin open() honours the umask (often 0644); letters' recipients, segment
        # numbers and SQL in the log are the owner's business only.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with contextlib.suppress(OSError):  # not ours to change: keep it as it is
            os.fchmod(fd, 0o600)  # an older file left readable by others
        return open(fd, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        """Drop the record: a full disk must not print a traceback over the TUI."""


def configure(*, debug: bool | None = None, folder: Path | None = None) -> Path | None:
    """Send segtui's log to the rotating file; returns the file, or None if it cannot be.

    `debug` defaults to $SEGTUI_DEBUG, `folder` to the user data directory. Calling it
    again replaces the handler it installed before.
    """
    global _installed, _file
    if debug is None:
        debug = debug_requested()
    shutdown()
    path = (folder / LOG_NAME) if folder is not None else log_path()
    handler: logging.Handler
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        # No writable data folder (read-only home, a file in the way): run without a log.
        handler = logging.NullHandler()
    else:
        _file = path
    handler.setFormatter(_RedactingFormatter(FORMAT))
    logging.getLogger().addHandler(handler)
    _installed = handler
    # Only segtui's loggers are raised; other libraries keep the root's WARNING.
    logging.getLogger("segtui").setLevel(logging.DEBUG if debug else logging.INFO)
    logging.getLogger("peewee").setLevel(logging.DEBUG if debug else logging.WARNING)
    return _file


def shutdown() -> None:
    """Remove and close the handler `configure()` installed, if any (tests use it)."""
    global _installed, _file
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
    _installed, _file = None, None
