"""Long work behind a progress bar: Log with Send, re-send, cancel; contacts import."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, ProgressBar

from segtui.domain.interactions import InteractionEntry, InteractionQuery
from segtui.services.contacts import contacts
from segtui.services.log import interactions, logged
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.progress import ProgressScreen
from segtui.tui.screens.contacts import ContactsScreen
from segtui.tui.screens.logged import LoggedScreen
from tests.services.letters_helpers import free_port, smtp_server
from tests.tui.conftest import press, settle, type_text

SEGMENT = "SEG00003"


@pytest.fixture
def out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A settings file whose output folder takes the hard copies, and a real SMTP server
    on loopback for the emails (the Log dialog checks both before it lets Send go)."""
    out = tmp_path / "letters"
    port = free_port()
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'[company]\nname = "Cronus Ltd"\nemail = "office@cronus.test"\n\n'
        f'[output]\nfolder = "{out}"\n\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n',
        encoding="utf-8",
    )
    settings.chmod(0o600)
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    with smtp_server(port):
        yield out


@pytest.fixture
def bar_reports(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float | None]]:
    """Every state the progress bar showed, as (progress, total)."""
    seen: list[tuple[float, float | None]] = []
    show = ProgressScreen.show

    def recording(self: ProgressScreen, done: int, total: int) -> None:
        show(self, done, total)
        bar = self.query_one("#bar", ProgressBar)
        seen.append((bar.progress, bar.total))

    monkeypatch.setattr(ProgressScreen, "show", recording)
    return seen


def _entries() -> list[InteractionEntry]:
    newest = logged.list_logged_segments()[0]
    assert newest.segment_no == SEGMENT
    return interactions.list_interactions(
        InteractionQuery(logged_segment_entry_no=newest.entry_no, limit=500)
    )


def _messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_log_with_send_shows_progress_and_writes_the_letters(
    make_app, out_dir, bar_reports
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l", "s")  # s ticks Send
        await press(pilot, "y")
        entries = _entries()
        hard_copies = [e for e in entries if e.correspondence_type == "hard_copy"]
        delivered = [e for e in hard_copies if e.delivery_status == ""]
        to_deliver = [e for e in entries if e.correspondence_type]
        assert delivered and bar_reports
        assert bar_reports[-1] == (len(to_deliver), len(to_deliver))
        assert [done for done, _ in bar_reports] == list(range(1, len(to_deliver) + 1))
        assert all(e.delivery_status in ("", "error") for e in entries)
        files = {p.name for p in out_dir.iterdir()}
        assert files == {f"E{e.entry_no:06d}-{e.contact_no}.docx" for e in delivered}
        assert not isinstance(app.screen, ProgressScreen)
        assert f"Logged {SEGMENT}" in _messages(app)


async def test_cancel_stops_delivery_and_resend_delivers_the_rest(
    make_app, out_dir, bar_reports, monkeypatch
) -> None:
    """Escape after the first letter: the log stands, the rest waits for F3 → s."""
    from segtui.services.log import delivery

    monkeypatch.setattr(delivery, "PAGE_SIZE", 1)  # a progress report after every letter
    gate = threading.Event()
    progress = ProgressScreen.progress

    def held(self: ProgressScreen, done: int, total: int) -> None:
        progress(self, done, total)
        if done == 1:  # hold the worker until the test has pressed Escape
            assert gate.wait(timeout=30)

    monkeypatch.setattr(ProgressScreen, "progress", held)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l", "s")
        await pilot.press("y")
        for _ in range(500):
            if bar_reports:
                break
            await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert app.screen.query_one("#bar", ProgressBar).progress == 1
        await pilot.press("escape")
        assert app.screen.cancel_requested.is_set()
        gate.set()
        await settle(pilot)
        assert not isinstance(app.screen, ProgressScreen)
        total = bar_reports[0][1]
        assert total is not None and total > 2
        assert len(bar_reports) == 1  # the second report raised instead
        waiting = [e for e in _entries() if e.delivery_status == "in_progress"]
        assert len(waiting) == total - 2  # letters 1 and 2 went out before the stop
        assert "delivery canceled" in _messages(app) and "F3" in _messages(app)

        await press(pilot, "escape", "f3")  # closes the delivery's result first
        assert isinstance(app.screen, LoggedScreen)
        await press(pilot, "s")
        assert not isinstance(app.screen, ProgressScreen)
        assert bar_reports[-1] == (len(waiting), len(waiting))
        assert not [e for e in _entries() if e.delivery_status == "in_progress"]
        assert "Re-sent:" in _messages(app)


async def test_import_contacts_from_a_csv_file(make_app, tmp_path) -> None:
    csv = tmp_path / "new.csv"
    csv.write_text("name,city\nNorthwind Traders,Leeds\nFabrikam Ltd,York\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(contacts.list_contacts())  # the app's database, opened by now
        await press(pilot, "f5")
        assert isinstance(app.screen, ContactsScreen)
        await press(pilot, "i")
        await type_text(pilot, str(csv))
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactsScreen)
        assert len(contacts.list_contacts()) == before + 2
        table = app.screen.query_one(DataTable)
        names = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"Northwind Traders", "Fabrikam Ltd"} <= names
        assert "2 contacts imported" in _messages(app)


async def test_import_of_a_bad_csv_names_the_row_and_imports_nothing(make_app, tmp_path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text("name,city\nAcme,London\n,Leeds\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(contacts.list_contacts())  # the app's database, opened by now
        await press(pilot, "f5", "i")
        await type_text(pilot, str(csv))
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)  # stays open: the path can be fixed
        assert "Nothing imported" in _messages(app) and "row 3" in _messages(app)
        assert len(contacts.list_contacts()) == before
