"""Another user changes the segment while this one looks at it (issue 12).

The other user is a real `segtui` process on the same database file, run as "bob". A
confirmation carries the version it showed: Log, Go Back, the header's "apply the new
template?" question and Delete from the list refuse a segment bob changed meanwhile and
write nothing. An open worksheet notices bob's change and Ctrl+R reads it again with the
cursor on the same contact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from segtui.services import app_session
from segtui.services.demo import demo
from segtui.services.log import logged
from segtui.services.segments import criteria, segments
from segtui.tui.app import SegtuiApp, build_app
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.log_segment import LogScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.widgets.lines_table import LinesTable
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.reliability.harness import run
from tests.tui.conftest import press, settle
from tests.tui.test_header_template_change import ask_for_meeting

SEGMENT = "SEG00003"


@pytest.fixture
def shared(db_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Callable[[], SegtuiApp]]:
    """The demo on the test's backend — on PostgreSQL, the one database a team shares —
    and the app that opens it: (what `--db` takes, make the app)."""
    monkeypatch.setenv("SEGTUI_USER", "tester")
    app_session.open(db_url)
    demo.create_demo(contacts=60, seed=1)
    app_session.close()
    return db_url, lambda: build_app(db_url)


def bob(db: Path | str, *args: str) -> None:
    """Bob runs one segtui command on the same database, in a process of his own."""
    result = run(str(db), *args, extra_env={"SEGTUI_USER": "bob"})
    assert result.returncode == 0, result.stderr


def said(app: object) -> list[str]:
    """Every notification the app has shown, newest last."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def lines_of(segment: str) -> int:
    return segments.get_header(segment).no_of_lines


async def test_log_confirmation_refuses_a_segment_changed_since_it_was_shown(shared) -> None:
    demo_db, make_app = shared
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "l")
        assert isinstance(app.screen, LogScreen)
        before = lines_of(SEGMENT)
        bob(demo_db, "segment", "add", SEGMENT, "--filter", "contact.no=*")
        bob(demo_db, "segment", "set", SEGMENT, "subject=Bob's subject", "--update-lines")
        added = lines_of(SEGMENT) - before

        await press(pilot, "y")

        assert any(
            f"{SEGMENT} changed since you looked: {added} lines added by bob; "
            "header changed (subject)"
            in text
            and text.endswith("— look again")
            for text in said(app)
        ), said(app)
        assert SEGMENT in {s.no for s in segments.list_segments()}  # not logged
        assert all(s.segment_no != SEGMENT for s in logged.list_logged_segments())
        assert isinstance(app.screen, WorksheetScreen)
        await settle(pilot)
        assert app.screen.header is not None and app.screen.header.subject_default == (
            "Bob's subject"
        )  # read again: the user now sees what bob did


async def test_go_back_undoes_nothing_when_another_user_changed_the_segment(
    make_app, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        criteria.add_contacts(SEGMENT, criteria.parse_filters(["contact.city=Odense"]))
        await press(pilot, "enter")
        steps = criteria.criteria_log(SEGMENT)
        bob(demo_db, "segment", "add", SEGMENT, "--filter", "contact.no=*")

        await press(pilot, "ctrl+z")

        assert any("changed since you looked" in text for text in said(app)), said(app)
        assert [s.undone for s in criteria.criteria_log(SEGMENT)] == [
            *(s.undone for s in steps),
            False,
        ]  # bob's add stands, and so does every step before it


async def test_the_worksheet_notices_another_users_change_and_reloads_on_the_contact(
    shared,
) -> None:
    demo_db, make_app = shared
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        await press(pilot, *["down"] * 12)
        table = sheet.query_one(LinesTable)
        contact, row = sheet.line.contact_no, table.cursor  # type: ignore[union-attr]
        # Bob removes the companies: the contact's line moves up the list.
        bob(demo_db, "segment", "reduce", SEGMENT, "--filter", "contact.type=company")

        sheet.look_for_changes()  # what the worksheet's timer does every few seconds
        await settle(pilot)
        assert any(
            f"{SEGMENT} was changed: " in text and "lines removed by bob" in text
            for text in said(app)
        ), said(app)
        await press(pilot, "ctrl+r")

        assert sheet.line is not None and sheet.line.contact_no == contact
        assert table.cursor < row
        assert table.total == lines_of(SEGMENT)


async def test_our_own_change_is_not_announced_as_another_users(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        shown = sheet.header.version  # type: ignore[union-attr]
        segments.set_header(SEGMENT, {"subject": "Ours"}, update_lines=False)  # as tester
        app.clear_notifications()

        sheet.look_for_changes()
        await settle(pilot)

        assert segments.get_header(SEGMENT).version == shown + 1
        assert not any("was changed" in text for text in said(app))


async def test_delete_from_the_list_refuses_a_segment_changed_since_it_was_listed(
    make_app, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        contact = segments.list_lines(SEGMENT, limit=1)[0].contact_no
        bob(demo_db, "segment", "comment", SEGMENT, contact, "Bob's note")

        await press(pilot, "d", "y")

        assert SEGMENT in {s.no for s in segments.list_segments()}
        assert any(
            f"{SEGMENT} changed since you looked: comment of contact {contact} changed by bob"
            in text
            for text in said(app)
        ), said(app)
        # The list was read again; now the deletion goes through.
        await press(pilot, "d", "y")
        assert SEGMENT not in {s.no for s in segments.list_segments()}


async def test_the_template_question_refuses_a_segment_changed_while_it_was_asked(
    make_app, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_for_meeting(pilot)
        bob(demo_db, "segment", "add", SEGMENT, "--filter", "contact.no=*")

        await press(pilot, "y")

        assert segments.get_header(SEGMENT).interaction_template_code == "LETTER"
        assert {line.interaction_template_code for line in segments.list_lines(SEGMENT)} == {
            "LETTER"
        }
        assert any("changed since you looked" in text for text in said(app)), said(app)
        # The form is back with what the user chose, checked against bob's segment now.
        assert isinstance(app.screen, FormScreen)
