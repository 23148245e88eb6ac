"""Segments (home): list, new, open, delete — keys in, screen and database out."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from segtui.services.segments import segments
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.new_segment import NewSegmentScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import choose, press, settle, type_text


async def test_home_lists_open_segments_with_line_counts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)][:2] == ["SEG00003", "Spring mailing"]
        assert "25" in str(table.get_row_at(0)[2])


async def test_new_segment_creates_and_opens_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Autumn letters")
        await press(pilot, "tab")
        await type_text(pilot, "LETTER")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen)
        no = app.screen.segment_no
        header = segments.get_header(no)
        assert header.description == "Autumn letters"
        assert header.interaction_template_code == "LETTER"
        assert header.date.isoformat() == "2026-11-29"  # the app's clock, not today


async def test_new_segment_template_from_the_lookup(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Phone round")
        await press(pilot, "tab", "ctrl+l")
        lookup = app.screen
        assert isinstance(lookup, ChoiceScreen)
        assert [value for value, _ in lookup.options] == ["", "EMAIL", "LETTER", "MEETING", "PHONE"]
        await choose(pilot, "PHONE")
        assert isinstance(app.screen, NewSegmentScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen)
        header = segments.get_header(app.screen.segment_no)
        assert (header.description, header.interaction_template_code) == ("Phone round", "PHONE")


async def test_new_segment_without_description_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n", "enter", "enter")
        assert not isinstance(app.screen, WorksheetScreen)
        assert len(segments.list_segments()) == 1


async def test_enter_opens_the_worksheet_and_escape_returns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen)
        assert app.screen.segment_no == "SEG00003"
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_delete_asks_and_n_keeps_y_deletes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d", "n")
        assert [s.no for s in segments.list_segments()] == ["SEG00003"]
        await press(pilot, "d", "escape")
        assert [s.no for s in segments.list_segments()] == ["SEG00003"]
        await press(pilot, "d", "y")
        assert segments.list_segments() == []
        assert app.screen.query_one(DataTable).row_count == 0


async def test_new_segment_with_an_unknown_template_stays_open_on_the_template(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Bad one")
        await press(pilot, "tab")
        await type_text(pilot, "NOPE")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, NewSegmentScreen)  # refused: still open, nothing lost
        assert any("NOPE" in n.message for n in app._notifications)
        assert dialog.query_one("#description", Input).value == "Bad one"
        assert app.focused is dialog.query_one("#template", Input)
        assert len(segments.list_segments()) == 1
        # The fix goes into the focused field; Enter then creates the segment.
        await press(pilot, "ctrl+u", "L", "E", "T", "T", "E", "R", "enter")
        assert isinstance(app.screen, WorksheetScreen)
        header = segments.get_header(app.screen.segment_no)
        assert (header.description, header.interaction_template_code) == ("Bad one", "LETTER")
