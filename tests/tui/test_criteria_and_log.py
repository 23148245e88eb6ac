"""Save/Reuse Criteria, Reuse Segment and Log Segment from the worksheet."""

from __future__ import annotations

from textual.widgets import Static

from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions, logged
from segtui.services.segments import criteria, saved_criteria, segments
from segtui.tui.dialogs.log_segment import LogScreen
from segtui.tui.dialogs.pickers import ReuseSegmentScreen, SavedCriteriaScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import press, settle, type_text

SEGMENT = "SEG00003"


async def build_criteria(pilot) -> None:
    """Open the demo segment and add the Odense contacts through the picker."""
    await settle(pilot)
    await press(pilot, "enter", "a")
    await type_text(pilot, "city=Odense")
    await press(pilot, "ctrl+a")


async def test_save_criteria_then_reuse_them_in_a_new_segment(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await build_criteria(pilot)
        await press(pilot, "s")
        await type_text(pilot, "ODENSE")
        await press(pilot, "tab")
        await type_text(pilot, "Odense contacts")
        await press(pilot, "enter")
        saved = saved_criteria.get_saved("ODENSE")
        assert [s.filters for s in saved.steps] == [("contact.city=Odense",)]
        new = segments.create_segment("Reuse test", date="2026-11-29")
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        await settle(pilot)
        await press(pilot, "down", "enter", "u")
        assert isinstance(app.screen, SavedCriteriaScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen) and app.screen.segment_no == new
        (step,) = criteria.criteria_log(new)
        assert step.filters == ("contact.city=Odense",)
        assert 0 < segments.get_header(new).no_of_lines == step.count_after


async def test_saved_criteria_can_be_deleted_from_the_picker(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await build_criteria(pilot)
        saved_criteria.save_criteria(SEGMENT, "GONE")
        await press(pilot, "u", "d", "y")
        assert saved_criteria.list_saved() == []


async def test_reuse_segment_adds_a_logged_segments_contacts(make_app) -> None:
    app = make_app()
    new = segments.create_segment("Reuse segment", date="2026-11-29")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        assert app.screen.segment_no == new
        await press(pilot, "g")
        assert isinstance(app.screen, ReuseSegmentScreen)
        await press(pilot, "enter")
        entry = logged.list_logged_segments()[0]
        contacts = {
            e.contact_no
            for e in interactions.list_interactions(
                InteractionQuery(logged_segment_entry_no=entry.entry_no)
            )
        }
        lines = {line.contact_no for line in segments.list_lines(new, limit=500)}
        assert lines == contacts
        assert criteria.criteria_log(new)[-1].kind == "reuse_segment"


async def test_log_shows_the_dry_run_and_n_changes_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l")
        assert isinstance(app.screen, LogScreen)
        body = str(app.screen.query_one("#body").query_one(Static).render())
        assert "25 interaction log entries would be written" in body
        assert "Hard copy" in body
        await press(pilot, "n")
        assert isinstance(app.screen, WorksheetScreen)
        assert SEGMENT in {s.no for s in segments.list_segments()}


async def test_log_with_follow_up_opens_the_follow_up(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(logged.list_logged_segments())
        await press(pilot, "enter", "l", "f")  # f ticks "Create follow-up segment"
        await press(pilot, "y")
        assert SEGMENT not in {s.no for s in segments.list_segments()}
        now = logged.list_logged_segments()
        assert len(now) == before + 1 and now[0].segment_no == SEGMENT
        assert now[0].no_of_interactions == 25
        assert isinstance(app.screen, WorksheetScreen)
        follow_up = app.screen.segment_no
        assert follow_up != SEGMENT
        assert segments.get_header(follow_up).no_of_lines == 25


async def test_ticking_send_runs_the_dry_run_again(make_app) -> None:
    from segtui.services.contacts import contacts

    app = make_app()
    email_line = next(
        line for line in segments.list_lines(SEGMENT) if line.correspondence_type == "email"
    )
    contacts.edit_contact(email_line.contact_no, {"email": ""})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l")
        without_sending = str(app.screen.query_one("#summary", Static).render())
        assert f"{email_line.contact_no}:" in without_sending  # logged without delivery
        await press(pilot, "s")
        sending = str(app.screen.query_one("#summary", Static).render())
        assert "Cannot log" in sending and email_line.contact_no in sending
        await press(pilot, "y")  # refused: Log stays disabled
        assert isinstance(app.screen, LogScreen)
        await press(pilot, "s", "n")
        assert SEGMENT in {s.no for s in segments.list_segments()}


async def test_with_send_ticked_the_dialog_shows_why_delivery_would_fail(
    make_app, tmp_path, monkeypatch
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('[company]\nname = "Cronus"\nemail = "office@cronus.test"\n')
    settings.chmod(0o600)
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))  # no [smtp]: emails cannot go out
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l", "s")
        text = str(app.screen.query_one("#summary", Static).render())
        assert "Delivery would fail (fix it, or untick Send to log without delivery):" in text
        assert "emails cannot be sent: no SMTP server set" in text
        await press(pilot, "y")  # refused: Log stays disabled while Send is ticked
        assert isinstance(app.screen, LogScreen)
        await press(pilot, "s")  # without delivery there is nothing to fail
        assert "Delivery would fail" not in str(app.screen.query_one("#summary", Static).render())
        await press(pilot, "n")
        assert SEGMENT in {s.no for s in segments.list_segments()}
