"""The settings file: defaults, typed sections, clear errors, 0600 and the SMTP password."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from segtui.config import (
    CompanySettings,
    ConfigError,
    Settings,
    SmtpSettings,
    load_settings,
    save_settings,
    settings_path,
)

FULL = """
[company]
name = "Cronus Ltd"
address = "5 The Ring"
address_2 = "Westminster"
post_code = "W2 8HG"
city = "London"
country = "United Kingdom"
phone = "+44 20 7946 0000"
email = "info@cronus.test"

[smtp]
host = "mail.cronus.test"
port = 2525
security = "ssl"
user = "mailer"
password_env = "CRONUS_SMTP"

[output]
folder = "~/letters"
"""


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert settings == Settings()
    assert settings.smtp.security == "starttls" and settings.smtp.effective_port == 587
    assert settings.output.folder_path is None


def test_full_file_is_read_into_typed_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(write(tmp_path / "s.toml", FULL, 0o644))
    assert settings.company == CompanySettings(
        "Cronus Ltd",
        "5 The Ring",
        "Westminster",
        "W2 8HG",
        "London",
        "United Kingdom",
        "+44 20 7946 0000",
        "info@cronus.test",
    )
    assert settings.smtp.host == "mail.cronus.test" and settings.smtp.effective_port == 2525
    assert settings.output.folder_path == Path("~/letters").expanduser()
    monkeypatch.setenv("CRONUS_SMTP", "s3cret")
    assert settings.smtp.resolve_password() == "s3cret"
    monkeypatch.delenv("CRONUS_SMTP")
    assert settings.smtp.resolve_password() is None


def test_segtui_config_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "other.toml", '[company]\nname = "Other"\n')
    monkeypatch.setenv("SEGTUI_CONFIG", str(path))
    assert settings_path() == path
    assert load_settings().company.name == "Other"


def test_password_in_a_private_file_is_allowed(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", '[smtp]\nhost = "h"\npassword = "pw"\n', 0o600)
    smtp = load_settings(path).smtp
    assert smtp.resolve_password() == "pw"
    assert "pw" not in repr(smtp)


def test_password_in_a_readable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", '[smtp]\npassword = "pw"\n', 0o644)
    with pytest.raises(ConfigError, match="holds an SMTP password but others can read it"):
        load_settings(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[company\n", "not valid TOML"),
        ("[shop]\nname = 'x'\n", r"unknown section \[shop\]"),
        ("[smtp]\nhots = 'x'\n", "unknown key smtp.hots"),
        ("[smtp]\nport = '25'\n", "smtp.port must be a number"),
        ("[smtp]\nport = true\n", "smtp.port must be a number"),
        ("[company]\nname = 3\n", "company.name must be text"),
        ("[smtp]\nsecurity = 'tls'\n", "smtp.security 'tls' is not one of: none, starttls, ssl"),
        ("[smtp]\nport = 70000\n", "smtp.port 70000 is not a port number"),
        ("smtp = 3\n", r"\[smtp\] must be a table"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path / "s.toml", text))


def test_save_writes_a_private_file_that_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.toml"
    settings = Settings(
        company=CompanySettings(name="Cronus Ltd", city="London"),
        smtp=SmtpSettings(host="mail", security="ssl", user="u", password="pw"),
    )

    assert save_settings(settings, path) == path

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(path) == settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temp file left


def test_save_makes_an_existing_readable_file_private(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", FULL, 0o644)
    save_settings(Settings(), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_settings(path) == Settings()


def test_the_settings_screen_checks_each_value_where_it_is_typed(tmp_path: Path) -> None:
    from segtui.config import field_problem, with_values

    assert field_problem("smtp", "port", "587") == ""
    assert field_problem("smtp", "port", "") == ""  # the usual port for the security
    for bad in ("0", "65536", "5" * 5000, "²", "-1"):
        assert "1 to 65535" in field_problem("smtp", "port", bad)
    assert "NAME of an environment variable" in field_problem("smtp", "password_env", "hunter 2")
    assert field_problem("smtp", "password_env", "SMTP_PASSWORD") == ""
    assert "starttls" in field_problem("smtp", "security", "tls")
    (tmp_path / "a-file").write_text("")
    assert "is a file" in field_problem("output", "folder", str(tmp_path / "a-file"))
    private = Settings(smtp=SmtpSettings(host="old", password="kept"))
    changed = with_values(private, {("smtp", "host"): " mail.test ", ("smtp", "port"): "2525"})
    assert (changed.smtp.host, changed.smtp.port, changed.smtp.password) == (
        "mail.test",
        2525,
        "kept",
    )
    with pytest.raises(ConfigError, match=r"smtp\.port"):
        with_values(private, {("smtp", "port"): "99999"})
