"""The Settings screen (F8): fields checked as typed, saved 0600, SMTP login tried live."""

from __future__ import annotations

import stat

from textual.widgets import Input, Static

from segtui.config import load_settings
from segtui.tui.screens.settings import SettingsScreen
from tests.services.letters_helpers import free_port, smtp_server
from tests.tui.conftest import press, type_text


async def fill(pilot, field: str, text: str) -> None:
    """Put the cursor in a field, clear it and type `text`, as a user would."""
    pilot.app.screen.query_one(f"#setting-{field}", Input).focus()
    await press(pilot, "ctrl+u")
    await type_text(pilot, text)


def messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_settings_refuse_a_bad_port_save_0600_and_test_the_smtp_login(
    make_app, tmp_path, monkeypatch
) -> None:
    path = tmp_path / "config" / "settings.toml"
    monkeypatch.setenv("SEGTUI_CONFIG", str(path))
    monkeypatch.setenv("CRONUS_SMTP_PASSWORD", "s3cret")
    port = free_port()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await fill(pilot, "company-name", "Cronus Ltd")
        await fill(pilot, "company-email", "office@cronus.test")
        await fill(pilot, "smtp-host", "127.0.0.1")
        await fill(pilot, "smtp-port", "70000")
        problem = screen.query_one("#setting-smtp-port-problem", Static)
        assert problem.display and "1 to 65535" in str(problem.render())
        await fill(pilot, "smtp-security", "none")
        await fill(pilot, "smtp-user", "mailer")
        await fill(pilot, "smtp-password_env", "CRONUS_SMTP_PASSWORD")
        await fill(pilot, "output-folder", str(tmp_path / "letters"))
        await press(pilot, "ctrl+s")
        assert not path.exists()  # refused: the port is out of range
        assert "Not saved: fix Port" in messages(app)
        assert app.focused is screen.query_one("#setting-smtp-port", Input)

        await fill(pilot, "smtp-port", str(port))
        assert not problem.display
        with smtp_server(port, account=("mailer", "s3cret")):
            await press(pilot, "ctrl+t")
            assert f"SMTP login to 127.0.0.1:{port} works as mailer" in messages(app)
            await fill(pilot, "smtp-user", "intruder")
            await press(pilot, "ctrl+t")
            assert "SMTP test failed: SMTP login refused for user intruder" in messages(app)
            await fill(pilot, "smtp-user", "mailer")
        await press(pilot, "ctrl+s")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        saved = load_settings(path)
        assert saved.company.name == "Cronus Ltd" and saved.company.email == "office@cronus.test"
        assert (saved.smtp.host, saved.smtp.port, saved.smtp.security) == (
            "127.0.0.1",
            port,
            "none",
        )
        assert (saved.smtp.user, saved.smtp.password_env) == ("mailer", "CRONUS_SMTP_PASSWORD")
        assert "s3cret" not in path.read_text(encoding="utf-8")
        assert saved.output.folder == str(tmp_path / "letters")
        assert f"Settings saved to {path}" in messages(app)
