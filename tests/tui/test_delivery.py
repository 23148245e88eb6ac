"""Delivery in the light: the Log confirmation's preflight, the result after a Log with Send
(failure reasons grouped, re-send from there), cancelling a logged segment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from textual.widgets import Static

from segtui.db import models as m
from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions, logged
from segtui.services.segments import segments
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.delivery_result import DeliveryResultScreen
from segtui.tui.dialogs.log_segment import LogScreen
from segtui.tui.screens.interactions import InteractionsScreen
from segtui.tui.screens.logged import LoggedScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.services.letters_helpers import free_port
from tests.tui.conftest import press, settle

SEGMENT = "SEG00003"


@dataclass
class Picky:
    """An aiosmtpd handler that refuses every message until told to take them."""

    accept: bool = False
    received: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.accept:
            return "554 5.6.0 message refused"
        self.received += 1
        return "250 OK"


def write_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: str = "") -> Path:
    """A settings file with an output folder (and the [smtp] text given); the folder."""
    out = tmp_path / "letters"
    path = tmp_path / "settings.toml"
    path.write_text(
        f'[company]\nname = "Cronus Ltd"\nemail = "office@cronus.test"\n\n'
        f'[output]\nfolder = "{out}"\n\n{smtp}',
        encoding="utf-8",
    )
    path.chmod(0o600)
    monkeypatch.setenv("SEGTUI_CONFIG", str(path))
    return out


@pytest.fixture
def picky_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Picky]:
    """A real SMTP server on loopback that takes the connection but refuses the messages."""
    port = free_port()
    write_settings(
        tmp_path, monkeypatch, f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
    )
    handler = Picky()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def summary(app) -> str:
    return str(app.screen.query_one("#summary", Static).render())


def messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_the_log_confirmation_shows_the_preflight_with_shared_faults_once(
    make_app, tmp_path, monkeypatch
) -> None:
    out = write_settings(tmp_path, monkeypatch)  # no [smtp]: emails cannot go out
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = segments.list_lines(SEGMENT)
        hard = sum(1 for line in lines if line.correspondence_type == "hard_copy")
        no_template = [line.line_no for line in lines[:3]]
        m.SegmentLine.update(interaction_template_code="").where(
            (m.SegmentLine.segment_no == SEGMENT) & m.SegmentLine.line_no.in_(no_template)
        ).execute()
        await press(pilot, "enter", "l")
        assert isinstance(app.screen, LogScreen)
        text = summary(app)
        assert "Cannot log:\n  3 lines: no interaction template\n" in text
        assert text.count("no interaction template") == 1
        assert "Delivery, when Send is ticked (s):" in text
        assert f"{hard} hard copies written to {out}" in text
        assert "cannot be sent: no SMTP server set" in text
        await press(pilot, "s")
        text = summary(app)
        assert "Delivery:\n" in text and "emails cannot be sent: no SMTP server set" in text
        await press(pilot, "n")
        assert SEGMENT in {s.no for s in segments.list_segments()}


async def test_logging_an_empty_segment_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        m.SegmentLine.delete().where(m.SegmentLine.segment_no == SEGMENT).execute()
        await press(pilot, "enter", "l")
        assert isinstance(app.screen, WorksheetScreen)
        assert f"{SEGMENT} has no lines to log" in messages(app)
        assert SEGMENT in {s.no for s in segments.list_segments()}


async def test_the_result_lists_failures_by_reason_and_resends_them(make_app, picky_server) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        emails = sum(1 for x in segments.list_lines(SEGMENT) if x.correspondence_type == "email")
        await press(pilot, "enter", "l", "s")
        assert "(login checked)" in summary(app)
        await press(pilot, "y")
        assert isinstance(app.screen, DeliveryResultScreen)
        entry_no = logged.list_logged_segments()[0].entry_no
        text = str(app.screen.query_one("#outcome", Static).render())
        assert f"{emails} letters failed:" in text
        reason = "SMTP error 554 from 127.0.0.1"
        assert text.count(reason) == 1  # once, with its count
        assert f"  {emails} entries: {reason}" in text and "message refused" in text
        assert "Hard copies written to" in text
        query = InteractionQuery(logged_segment_entry_no=entry_no, delivery_status="error")
        assert len(interactions.list_interactions(query)) == emails

        picky_server.accept = True
        await press(pilot, "s")
        assert isinstance(app.screen, DeliveryResultScreen)
        text = str(app.screen.query_one("#outcome", Static).render())
        assert f"{emails} letters delivered\n0 letters failed" in text
        assert picky_server.received == emails
        assert not interactions.list_interactions(query)

        await press(pilot, "i")  # the logged segment's entries, filter filled in
        assert isinstance(app.screen, InteractionsScreen)
        shown = app.screen.entries.values()
        assert len(shown) == 25 and {e.logged_segment_entry_no for e in shown} == {entry_no}
        assert "logged 3" in str(app.screen.query_one("#detail", Static).render())


async def test_cancel_asks_with_the_count_and_no_leaves_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        assert isinstance(app.screen, LoggedScreen)
        first = logged.list_logged_segments()[0]
        await press(pilot, "c")
        assert isinstance(app.screen, ConfirmScreen)
        question = f"Cancel logged segment {first.entry_no}: {first.no_of_interactions}"
        assert app.screen.question.startswith(question)
        assert "interaction log entries will be marked canceled?" in app.screen.question
        await press(pilot, "n")
        assert isinstance(app.screen, LoggedScreen)
        assert not logged.list_logged_segments()[0].canceled
        await press(pilot, "c", "y")
        assert logged.list_logged_segments()[0].canceled
        assert f"Logged segment {first.entry_no} canceled" in messages(app)
