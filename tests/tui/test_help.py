"""Help (F1) lists the keys of the current screen from the command tables, even in inputs."""

from __future__ import annotations

from textual.widgets import DataTable

from segtui.tui.commands import WORKSHEET
from segtui.tui.dialogs.criteria_picker import CriteriaPickerScreen
from segtui.tui.dialogs.help import HelpScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import press, settle, type_text


def help_rows(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_f1_shows_every_worksheet_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "f1")
        assert isinstance(app.screen, HelpScreen)
        rows = "\n".join(help_rows(app))
        for command in WORKSHEET:
            assert command.title in rows
        assert "Ctrl+Z" in rows and "Go Back" in rows
        await press(pilot, "escape")
        assert isinstance(app.screen, WorksheetScreen)


async def test_f1_works_while_typing_in_the_picker(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "a", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Ctrl+A" in "\n".join(help_rows(app))
        await press(pilot, "escape")
        assert isinstance(app.screen, CriteriaPickerScreen)


async def test_palette_lists_worksheet_commands_by_nav_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for name in (
            "Add Contacts",
            "Reduce Contacts",
            "Refine Contacts",
            "Reuse Criteria",
            "Reuse Segment",
            "Log Segment",
            "Merge Preview",
            "Edit Comment",
            "New Segment",
            "Logged Segments",
            "Interaction Log Entries",
            "Contacts",
            "Templates",
        ):
            assert name in titles, name
        # Like Go Back, Redo is offered once there is a step to redo (test_worksheet_find).
        assert "Redo" not in titles and "Go Back" not in titles


async def test_command_palette_runs_add_contacts_by_its_nav_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "ctrl+p")
        await type_text(pilot, "Add Contacts")
        await press(pilot, "enter")
        assert isinstance(app.screen, CriteriaPickerScreen)


async def test_command_palette_opens_logged_segments_from_home(make_app) -> None:
    from segtui.tui.screens.logged import LoggedScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Logged Segments")
        await press(pilot, "enter")
        assert isinstance(app.screen, LoggedScreen)
