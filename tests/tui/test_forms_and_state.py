"""Nothing typed is lost, state you can see: refused forms stay open, Enter saves, Escape
asks before discarding, keys typed ahead reach their dialog, tick boxes, the palette."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import events
from textual.command import CommandList
from textual.widgets import DataTable, Input, TextArea

from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions
from segtui.services.segments import criteria, segments
from segtui.tui import typeahead
from segtui.tui.dialogs.comment import CommentScreen
from segtui.tui.dialogs.confirm import DiscardChangesScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.log_segment import LogScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.screens.interactions import InteractionsScreen
from segtui.tui.widgets.lines_table import LinesTable
from segtui.tui.widgets.tick_box import TickBox
from segtui.tui.worker import FLOW
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import press, settle, type_text

SEGMENT = "SEG00003"


def typed(text: str) -> list[str]:
    """The key names of `text`, as `pilot.press` takes them."""
    names = {" ": "space", "=": "equals_sign", ".": "full_stop"}
    return [names.get(c, c) for c in text]


async def burst(pilot, *keys: str) -> None:
    """Deliver keys the way a paste or a slow SSH link does: all read before any is handled.

    `pilot.press` waits for the app to go idle after each key, which hides the race; here
    every key is queued first, then the test waits.
    """
    app = pilot.app
    for key in keys:
        character = {"space": " ", "equals_sign": "=", "full_stop": "."}.get(key)
        event = events.Key(key, character if character else key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


async def open_worksheet(pilot) -> WorksheetScreen:
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, WorksheetScreen)
    return pilot.app.screen


async def test_keys_typed_ahead_of_each_dialog_reach_it_in_order(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # New Segment: Enter creates it; the `l` typed after lands on the worksheet, not in
        # a field (Log does nothing on a segment without lines).
        await settle(pilot)
        await burst(pilot, "ctrl+n", *typed("Spring fair"), "enter", "l")
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        header = segments.get_header(sheet.segment_no)
        assert (header.description, header.interaction_template_code) == ("Spring fair", "")
        # Tab moves on at once: what is typed after it goes into the Template field.
        await burst(pilot, "f2", "n", *typed("Autumn"), "tab", *typed("LETTER"), "enter")
        header = segments.get_header(app.screen.segment_no)
        assert (header.description, header.interaction_template_code) == ("Autumn", "LETTER")
        await press(pilot, "f2")

        # The criteria picker: `a`, the filter and Ctrl+A in one burst add city=Leeds.
        await press(pilot, "enter")
        await burst(pilot, "a", *typed("city=Leeds"), "ctrl+a")
        assert isinstance(app.screen, WorksheetScreen)
        (step,) = criteria.criteria_log(SEGMENT)
        assert step.filters == ("contact.city=Leeds",)
        assert any("Add:" in n.message for n in app._notifications)

        # The comment: `c`, the text and Ctrl+S in one burst save it.
        line = app.screen.line
        assert line is not None
        await burst(pilot, "c", *typed("Met at the fair"), "ctrl+s")
        assert isinstance(app.screen, WorksheetScreen)
        saved = segments.list_lines(SEGMENT, limit=1)[0]
        assert saved.contact_no == line.contact_no and saved.comment.endswith("Met at the fair")


async def test_keys_typed_while_a_flow_works_wait_for_it_to_end(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        sheet = await open_worksheet(pilot)
        working = asyncio.Event()
        sheet.run_worker(working.wait(), group=FLOW)  # a flow still reading, say
        await press(pilot, "c", "x")
        assert app.screen is sheet  # held: the worksheet has not acted on them
        working.set()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CommentScreen)  # `c` ran, then `x` went into the comment
        assert dialog.query_one(TextArea).text.endswith("x")


async def until(pilot, condition: Callable[[], bool], *, within: float = 10.0) -> bool:
    """Let the app run until `condition` holds (True) or `within` seconds pass (False)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def test_keys_held_for_a_flow_that_shows_nothing_reach_the_screen_after_a_while(
    make_app, monkeypatch
) -> None:
    """A flow that never opens a dialog (a slow read that ends in a notification, say) does
    not swallow what is typed behind it: after HELD_AT_MOST the keys go to the screen that
    has the focus, once each, and the flow's end does not hand them on a second time."""
    monkeypatch.setattr(typeahead, "HELD_AT_MOST", 0.5)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        sheet = await open_worksheet(pilot)
        lines = sheet.query_one(LinesTable)
        assert lines.total >= 3
        start = lines.cursor
        working = asyncio.Event()
        sheet.run_worker(working.wait(), group=FLOW)  # a flow that shows nothing yet
        await pilot.press("down", "down")
        assert lines.cursor == start  # held: a dialog may be on its way
        assert await until(pilot, lambda: lines.cursor == start + 2), lines.cursor
        assert app.screen is sheet
        working.set()
        await settle(pilot)
        assert lines.cursor == start + 2
        assert not app.typeahead.pending


async def test_a_refused_header_stays_open_on_the_faulty_field_and_escape_asks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        before = segments.get_header(SEGMENT)
        await press(pilot, "h", "tab", "tab", "ctrl+u")
        await type_text(pilot, "Winter offer")
        await press(pilot, *["tab"] * 10, "ctrl+u")  # to the date
        await type_text(pilot, "someday")
        await press(pilot, "shift+tab")  # Enter saves from any field, not only the last
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormScreen)  # refused: still open, nothing lost
        assert any("'someday' is not a date" in n.message for n in app._notifications)
        assert app.focused is form.query_one("#field-date", Input)  # the field it names
        assert form.values()["subject_default"] == "Winter offer"
        assert segments.get_header(SEGMENT) == before

        await press(pilot, "escape")  # changed: asks first
        assert isinstance(app.screen, DiscardChangesScreen)
        await press(pilot, "n")  # keep editing
        assert app.screen is form and form.values()["date"] == "someday"
        await press(pilot, "escape", "escape")  # Escape on the question keeps editing too
        assert app.screen is form
        await press(pilot, "escape", "y")  # discard
        assert isinstance(app.screen, WorksheetScreen)
        assert segments.get_header(SEGMENT) == before


async def test_escape_on_a_changed_comment_asks_and_an_unchanged_one_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        comment = segments.list_lines(SEGMENT, limit=1)[0].comment
        await press(pilot, "c", "escape")  # nothing changed: closes at once
        assert isinstance(app.screen, WorksheetScreen)
        await press(pilot, "h")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "escape")  # a form alike
        assert isinstance(app.screen, WorksheetScreen)
        await press(pilot, "c", "x", "escape")
        assert isinstance(app.screen, DiscardChangesScreen)
        await press(pilot, "n")
        dialog = app.screen
        assert isinstance(dialog, CommentScreen)
        assert dialog.query_one(TextArea).text == f"{comment}x"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, WorksheetScreen)
        assert segments.list_lines(SEGMENT, limit=1)[0].comment == comment


async def test_escape_in_an_interaction_filter_goes_back_to_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = interactions.list_interactions(InteractionQuery(limit=1))[0]
        await press(pilot, "f4", "ctrl+f")
        await type_text(pilot, first.contact_no)
        await press(pilot, "escape")
        screen = app.screen
        assert isinstance(screen, InteractionsScreen)
        table = screen.query_one(DataTable)
        assert app.focused is table
        assert screen.query_one("#filter-contact", Input).value == first.contact_no
        expected = interactions.list_interactions(InteractionQuery(contact_no=first.contact_no))
        assert table.row_count == len(expected) < len(interactions.list_interactions())
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_tick_boxes_draw_x_when_ticked_and_blank_when_not(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "l")
        dialog = app.screen
        assert isinstance(dialog, LogScreen)
        follow_up = dialog.query_one("#follow_up", TickBox)
        assert str(follow_up.render()).startswith("[ ] ")
        await press(pilot, "f")
        assert follow_up.value and str(follow_up.render()).startswith("[x] ")
        assert "Create follow-up" in str(follow_up.render())


def palette_lines(app) -> list[str]:
    """The command palette's lines as shown."""
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_the_palette_greys_commands_that_do_not_apply_and_tells_why(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Add Contacts")
        assert any("Add Contacts — open a segment first" in line for line in palette_lines(app))
        await press(pilot, "escape")

        await press(pilot, "enter", "ctrl+p")  # the worksheet: no criteria action yet
        await type_text(pilot, "Go Back")
        assert any(
            "Go Back — no criteria action to go back from" in line for line in palette_lines(app)
        )
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen)
        assert "Go Back: no criteria action to go back from" in [
            n.message for n in app._notifications
        ]
        assert criteria.criteria_log(SEGMENT) == []


async def test_a_lookup_in_a_burst_takes_its_value_and_the_keys_after_go_on_in_order(
    make_app,
) -> None:
    # Enter and Tab are taken by bindings, which Textual matches after the key comes back up
    # from the field: handed on at once, the keys typed after them landed first.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f6", "i")
        form = app.screen
        assert isinstance(form, FormScreen)
        await burst(pilot, "tab", "ctrl+l", "e", "n", "g", "enter", "tab", "H", "i")

        assert app.screen is form
        assert form.values() == {"path": "", "language": "ENG", "subject": "Hi"}
        assert app.focused is form.query_one("#field-subject", Input)
