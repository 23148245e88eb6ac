"""F4 keys: Home/End past the page shown, a long delivery failure read whole, a letter
saved as .docx."""

from __future__ import annotations

import io
import os

import docx
from textual.widgets import DataTable, Static

from segtui.db import models as m
from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.letter import LetterScreen
from segtui.tui.screens import interactions as screen_module
from segtui.tui.screens.interactions import InteractionsScreen
from tests.tui.conftest import press, settle, type_text


def cursor_entry(app) -> int:
    table = app.screen.query_one(DataTable)
    return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))


def messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_home_and_end_reach_the_newest_and_the_real_oldest_entry(
    make_app, monkeypatch
) -> None:
    monkeypatch.setattr(screen_module, "SHOWN", 10)  # a page far smaller than the entries
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (newest,) = interactions.list_interactions(InteractionQuery(limit=1))
        (oldest,) = interactions.list_interactions(InteractionQuery(limit=1, oldest_first=True))
        await press(pilot, "f4")
        assert isinstance(app.screen, InteractionsScreen)
        assert cursor_entry(app) == newest.entry_no
        await press(pilot, "end")
        assert cursor_entry(app) == oldest.entry_no  # not on the first page of 10
        table = app.screen.query_one(DataTable)
        assert table.row_count == 10 and table.cursor_row == 9  # the bottom row of the table
        await press(pilot, "home")
        assert cursor_entry(app) == newest.entry_no


async def test_a_long_failure_reason_wraps_and_a_letter_saves_as_docx(
    make_app, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "letters"
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[output]\nfolder = "{out}"\n', encoding="utf-8")
    settings.chmod(0o600)
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (newest,) = interactions.list_interactions(InteractionQuery(limit=1))
        reason = "SMTP error 554 from mail.example.com:587: " + "message refused by policy " * 4
        m.InteractionLogEntry.update(delivery_status="error", delivery_error=reason).where(
            m.InteractionLogEntry.entry_no == newest.entry_no
        ).execute()
        await press(pilot, "f4")
        detail = app.screen.query_one("#detail", Static)
        assert reason.strip() in str(detail.render())
        assert detail.size.height >= 2  # wrapped at 80 columns, not cut off

        await press(pilot, "l")
        assert isinstance(app.screen, LetterScreen)
        await press(pilot, "s")
        assert isinstance(app.screen, FormScreen)
        default = out / f"E{newest.entry_no:06d}-{newest.contact_no}.docx"
        assert app.screen.values()["path"] == str(default)
        await press(pilot, "enter")
        assert isinstance(app.screen, LetterScreen)
        opened = docx.Document(io.BytesIO(default.read_bytes()))
        assert any(p.text.strip() for p in opened.paragraphs)
        assert f"saved to {default}" in messages(app)

        fifo = tmp_path / "pipe.docx"
        os.mkfifo(fifo)
        await press(pilot, "s", "ctrl+u")
        await type_text(pilot, str(fifo))
        await press(pilot, "enter")
        assert "is not a regular file; nothing was written" in messages(app)
        assert isinstance(app.screen, LetterScreen)
