"""Logged segments, interaction log entries, contacts and templates browsers."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from segtui.domain.interactions import InteractionQuery
from segtui.services.contacts import contacts
from segtui.services.log import interactions, logged
from segtui.services.segments import segments
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.screens.contacts import ContactsScreen
from segtui.tui.screens.interactions import InteractionsScreen
from segtui.tui.screens.logged import LoggedScreen
from segtui.tui.screens.templates import TemplatesScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import press, settle, type_text


async def test_logged_segments_cancel_uncancel_and_follow_up(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        assert isinstance(app.screen, LoggedScreen)
        newest = logged.list_logged_segments()[0]
        table = app.screen.query_one("#logged", DataTable)
        assert table.row_count == len(logged.list_logged_segments())
        entries = app.screen.query_one("#entries", DataTable)
        assert entries.row_count == newest.no_of_interactions
        await press(pilot, "c", "y")  # c asks first
        assert logged.list_logged_segments()[0].canceled
        await press(pilot, "c", "y")
        assert not logged.list_logged_segments()[0].canceled
        before = {s.no for s in segments.list_segments()}
        await press(pilot, "f")
        assert isinstance(app.screen, WorksheetScreen)
        (new,) = {s.no for s in segments.list_segments()} - before
        assert app.screen.segment_no == new


async def test_resend_without_anything_to_send_is_a_notification(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "s")
        assert isinstance(app.screen, LoggedScreen)
        assert app._notifications


async def test_interactions_filter_evaluate_and_cancel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert isinstance(app.screen, InteractionsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(interactions.list_interactions())
        first = interactions.list_interactions(InteractionQuery(limit=1))[0]
        await press(pilot, "ctrl+f")
        await type_text(pilot, first.contact_no)
        await press(pilot, "enter")
        expected = interactions.list_interactions(InteractionQuery(contact_no=first.contact_no))
        assert table.row_count == len(expected)
        entry_no = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        await press(pilot, "v", "down", "enter")  # very positive → positive
        assert interactions.get_interaction(entry_no).evaluation == "positive"
        was = interactions.get_interaction(entry_no).canceled
        await press(pilot, "c")
        assert interactions.get_interaction(entry_no).canceled != was


async def test_interactions_bad_date_filter_is_a_notification(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        app.screen.query_one("#filter-date_from", Input).focus()
        await type_text(pilot, "yesterday")
        await press(pilot, "enter")
        assert any("not a date" in n.message for n in app._notifications)


async def test_contacts_search_edit_and_create(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        assert isinstance(app.screen, ContactsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 60
        await press(pilot, "ctrl+f")
        await type_text(pilot, "anna")
        await press(pilot, "enter")
        names = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert names and all("anna" in n.lower() for n in names)
        no = str(table.get_row_at(0)[0])
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-city", Input).value = "Aarhus"
        await press(pilot, "ctrl+s")
        assert contacts.get_contact(no).city == "Aarhus"
        await press(pilot, "ctrl+o")
        app.screen.query_one("#field-name", Input).value = "Northwind Traders"
        await press(pilot, "ctrl+s")
        assert any(c.name == "Northwind Traders" for c in contacts.list_contacts())


async def test_templates_list_and_import_errors(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f6")
        assert isinstance(app.screen, TemplatesScreen)
        assert app.screen.query_one(DataTable).row_count == 4
        await press(pilot, "i")
        await type_text(pilot, str(tmp_path / "missing.docx"))
        await press(pilot, "ctrl+s")
        assert any("missing.docx" in n.message for n in app._notifications)
        # The form stays with what was typed, so the path can be fixed.
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["path"] == str(tmp_path / "missing.docx")
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, TemplatesScreen)


async def test_interaction_letter_is_shown_from_its_snapshot(make_app) -> None:
    from textual.widgets import Static

    from segtui.tui.dialogs.letter import LetterScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        table = app.screen.query_one(DataTable)
        name = str(table.get_row_at(0)[3])
        await press(pilot, "l")
        assert isinstance(app.screen, LetterScreen)
        letter = str(app.screen.query_one("#letter-body").query_one(Static).render())
        assert name.split()[0] in letter
        await press(pilot, "escape")
        assert isinstance(app.screen, InteractionsScreen)


async def test_delete_canceled_logged_segments(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(logged.list_logged_segments())
        await press(pilot, "f3", "c", "y", "D", "y")
        assert len(logged.list_logged_segments()) == before - 1
