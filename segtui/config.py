"""The settings file: our company, SMTP and output folder, read into typed frozen values.

The file is TOML at `config_dir()/settings.toml` (or `$SEGTUI_CONFIG`). Secrets never go
into the database: the SMTP password comes from an environment variable named in the file,
or from the file itself only when nobody but its owner can read it (mode 0600).
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from segtui.domain.errors import InvalidInput
from segtui.paths import config_dir

SMTP_SECURITY = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


# How long a write waits for another user's lock on a segment (or, on SQLite, on the
# database) before it gives up with "segment … is busy". $SEGTUI_LOCK_WAIT overrides it.
LOCK_WAIT_ENV = "SEGTUI_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 15.0
LOCK_WAIT_LIMITS = (0.1, 600.0)


class ConfigError(InvalidInput):
    """The settings file is malformed, has an unknown key, or exposes a password."""


@dataclass(frozen=True)
class CompanySettings:
    """Our company, as printed in letters (the Our_… merge fields)."""

    name: str = ""
    address: str = ""
    address_2: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SmtpSettings:
    """How emails are sent; `password_env` names the variable that holds the password."""

    host: str = ""
    port: int = 0
    security: str = "starttls"
    user: str = ""
    password_env: str = ""
    # Only from a 0600 file; kept out of repr so it never lands in a log or traceback.
    password: str = field(default="", repr=False)

    @property
    def effective_port(self) -> int:
        """The port to connect to: the configured one, else the usual one for `security`."""
        return self.port or DEFAULT_PORTS[self.security]

    def resolve_password(self) -> str | None:
        """The SMTP password: from the named environment variable, else the file, else None."""
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value:
                return value
        return self.password or None


@dataclass(frozen=True)
class OutputSettings:
    """Where delivered hard copies go unless a command says otherwise."""

    folder: str = ""

    @property
    def folder_path(self) -> Path | None:
        """The output folder with `~` expanded, or None when not set."""
        return Path(self.folder).expanduser() if self.folder else None


@dataclass(frozen=True)
class Settings:
    """Everything the settings file holds."""

    company: CompanySettings = CompanySettings()
    smtp: SmtpSettings = SmtpSettings()
    output: OutputSettings = OutputSettings()


SECTIONS: dict[str, type[Any]] = {
    "company": CompanySettings,
    "smtp": SmtpSettings,
    "output": OutputSettings,
}


def settings_path() -> Path:
    """The settings file: $SEGTUI_CONFIG, else settings.toml in the config directory."""
    env = os.environ.get("SEGTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "settings.toml"


def _is_private(path: Path) -> bool:
    """True when no one but the owner can read or write the file."""
    if os.name != "posix":
        return True
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def _section(path: Path, name: str, raw: object) -> Any:
    """One section of the file as its dataclass, checking keys and value types."""
    kind = SECTIONS[name]
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    fields = {f.name: f for f in dataclasses.fields(kind)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            known = ", ".join(fields)
            raise ConfigError(f"{path}: unknown key {name}.{key} (known: {known})")
        wanted = int if fields[key].type == "int" else str
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise ConfigError(
                f"{path}: {name}.{key} must be {'a number' if wanted is int else 'text'}"
            )
        values[key] = value
    return kind(**values)


def parse_settings(text: str, path: Path) -> Settings:
    """Settings from the text of a settings file (path is for messages and the mode check)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    for name in data:
        if name not in SECTIONS:
            raise ConfigError(f"{path}: unknown section [{name}] (known: {', '.join(SECTIONS)})")
    sections = {name: _section(path, name, data[name]) for name in data}
    settings = Settings(**sections)
    smtp = settings.smtp
    if smtp.security not in SMTP_SECURITY:
        raise ConfigError(
            f"{path}: smtp.security {smtp.security!r} is not one of: {', '.join(SMTP_SECURITY)}"
        )
    if not 0 <= smtp.port <= 65535:
        raise ConfigError(f"{path}: smtp.port {smtp.port} is not a port number")
    if smtp.password and path.exists() and not _is_private(path):
        raise ConfigError(
            f"{path} holds an SMTP password but others can read it: "
            "run chmod 600 on it, or use smtp.password_env instead"
        )
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the file (defaults when there is no file)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc}") from None
    return parse_settings(text, path)


def _as_toml(settings: Settings) -> dict[str, dict[str, Any]]:
    """The settings as TOML tables, leaving out empty values (and an unset port)."""
    document: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        values = {k: v for k, v in dataclasses.asdict(getattr(settings, name)).items() if v}
        if values:
            document[name] = values
    return document


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file, readable by its owner only (0600); return its path."""
    path = path or settings_path()
    text = tomli_w.dumps(_as_toml(settings))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file 0600; replacing the old file keeps the write atomic.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".toml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"cannot write settings file {path}: {exc.strerror}") from None
    return path


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def field_problem(section: str, key: str, text: str) -> str:
    """Why `text` cannot be the value of `section.key` in the settings file ("" when it can),
    written for the person typing it (the Settings screen shows it on the field)."""
    value = text.strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "control characters are not allowed"
    if section == "smtp" and key == "port" and value and not _is_port(value):
        return "a port is a number from 1 to 65535 (empty: the usual one for the security)"
    if section == "smtp" and key == "security" and value not in SMTP_SECURITY:
        return f"one of: {', '.join(SMTP_SECURITY)}"
    if section == "smtp" and key == "password_env" and value and not _ENV_NAME.fullmatch(value):
        return "the NAME of an environment variable (letters, digits, _), never the password"
    if section == "smtp" and key == "host" and " " in value:
        return "a host name or address has no spaces"
    if section == "company" and key == "email" and value and ("@" not in value or " " in value):
        return "an email address looks like name@example.com"
    if section == "output" and key == "folder" and value:
        folder = Path(value).expanduser()
        if folder.exists() and not folder.is_dir():
            return f"{folder} is a file, not a folder"
    return ""


def _is_port(text: str) -> bool:
    """True for 1 to 65535 in ASCII digits (a 5 000-digit number is never parsed)."""
    return text.isascii() and text.isdigit() and len(text) <= 5 and 1 <= int(text) <= 65535


def with_values(settings: Settings, values: dict[tuple[str, str], str]) -> Settings:
    """`settings` with the fields in `values` ({(section, key): text}) replaced; the text is
    checked with `field_problem` (ConfigError naming the first bad field). Fields not given,
    such as a password kept in a private file, stay as they were."""
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        current = getattr(settings, name)
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(current):
            if (name, f.name) not in values:
                continue
            text = values[(name, f.name)]
            if problem := field_problem(name, f.name, text):
                raise ConfigError(f"{name}.{f.name}: {problem}")
            value = text.strip()
            changes[f.name] = int(value or 0) if f.type == "int" else value
        sections[name] = dataclasses.replace(current, **changes)
    return Settings(**sections)


def lock_wait_seconds() -> float:
    """How long a writer waits for another's lock: $SEGTUI_LOCK_WAIT seconds, else 15."""
    text = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_WAIT
    low, high = LOCK_WAIT_LIMITS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not low <= seconds <= high:  # also refuses nan and inf
        raise ConfigError(f"${LOCK_WAIT_ENV} must be a number of seconds from {low:g} to {high:g}")
    return seconds
