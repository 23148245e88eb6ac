"""The worksheet for a real campaign: find a line (/ Enter n N) anywhere in thousands of
lines, columns that use the terminal's width with overrides marked on their own cell,
Redo in the footer, Go Back that says what it undid, help titled by the screen."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from segtui.services.segments import criteria, find, segments
from segtui.tui.dialogs.help import HelpScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.widgets.find_line import FindLine
from segtui.tui.widgets.lines_table import PAGE_SIZE, LinesTable
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import notified, press, screen_text, settle

SEGMENT = "SEG00003"
EVERYONE = criteria.CriteriaOptions(allow_existing=True, ignore_exclusion=True)


def lines_pane(text: str) -> str:
    """The lines pane's part of the screen text (the preview beside it cut off)."""
    return "\n".join(row.split("││")[0] for row in text.splitlines())


async def open_worksheet(pilot) -> WorksheetScreen:
    """From home, open the demo segment."""
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, WorksheetScreen)
    return pilot.app.screen


def positions(text: str) -> list[int]:
    """Where the lines matching `text` stand, read line by line from the database."""
    lines = segments.list_lines(SEGMENT, limit=100_000)
    wanted = text.lower()
    return [
        i
        for i, line in enumerate(lines)
        if wanted in line.contact_no.lower() or wanted in line.contact_name.lower()
    ]


async def test_find_jumps_steps_and_wraps_beyond_the_loaded_page(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(40):  # 25 + 40 × 60 lines: a contact is on a line every ~60
            criteria.add_contacts(SEGMENT, [], EVERYONE)
        wanted = positions("Jack Hughes")
        total = len(wanted)
        assert total > 40 and wanted[-1] > 10 * PAGE_SIZE
        assert find.count_matches(SEGMENT, "jack hughes") == len(wanted)
        screen = await open_worksheet(pilot)
        table, find_line = screen.query_one(LinesTable), screen.query_one(FindLine)
        # One burst: open, type, Enter (first match), two n, one N.
        await pilot.press("slash", *"jack", "space", *"hughes", "enter", "n", "n", "N")
        await settle(pilot)
        assert find_line.query_one(Input).value == "jack hughes", find_line.status  # n, N not typed
        assert table.cursor == wanted[1], (
            find_line.status,
            find_line.text,
            app.focused,
            wanted[:3],
        )
        assert find_line.status == f"2 of {total}"
        assert table.current is not None and table.current.contact_name == "Jack Hughes"
        await press(pilot, "N", "N")  # before the first: the last, thousands of lines on
        assert table.cursor == wanted[-1] and find_line.status == f"{total} of {total}"
        assert sorted(table._pages) != [0] and table.current is not None
        assert table.current.contact_name == "Jack Hughes"
        assert f"{total} of {total}" in screen_text(app)
        await press(pilot, "n")  # after the last: the first again
        assert table.cursor == wanted[0] and find_line.status == f"1 of {total}"
        await press(pilot, "slash", "z", "z", "z", "enter")  # typed over the text, selected
        assert find_line.status == "No line matches 'zzz'" and table.cursor == wanted[0]
        await press(pilot, "escape")  # closes the find line, stays on the worksheet
        assert not find_line.is_open and app.screen is screen and table.has_focus
        await press(pilot, "n")  # nothing to step through once closed
        assert table.cursor == wanted[0]
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_columns_follow_the_width_and_overrides_are_marked_on_their_cell(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        first, second = segments.list_lines(SEGMENT, limit=2)
        segments.set_line(SEGMENT, first.line_no, {"subject": "Just for you"})
        other = "hard_copy" if second.correspondence_type == "email" else "email"
        segments.set_line(SEGMENT, second.line_no, {"correspondence_type": other})
        corr = {"email": "Email", "hard_copy": "Hard"}
        await open_worksheet(pilot)
        text = screen_text(app)
        heading = next(row for row in text.splitlines() if "Contact" in row and "Name" in row)
        for column in ("Description", "Subject", "Template", "Lang.", "Corr."):
            assert column in heading
        row = next(r for r in text.splitlines() if first.contact_no in r and "│" in r)
        assert "Just for you*" in row and f"{corr[first.correspondence_type]}*" not in row
        row = next(r for r in text.splitlines() if second.contact_no in r and "│" in r)
        assert f"{corr[other]}*" in row and "*" not in row.replace(f"{corr[other]}*", "")

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        text = screen_text(app)
        heading = next(row for row in text.splitlines() if "Contact" in row and "Name" in row)
        assert "Description" in heading and "Subject" not in heading
        assert "Just for you" not in lines_pane(text)

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        text = screen_text(app)
        heading = next(row for row in text.splitlines() if "Contact" in row and "Name" in row)
        assert "Description" not in heading and "Corr." in heading
        row = next(r for r in text.splitlines() if first.contact_no in r and "│" in r)
        assert "*" not in row.split("││")[0]  # its subject is not shown at 80 columns
        row = next(r for r in text.splitlines() if second.contact_no in r and "│" in r)
        assert f"{corr[other]}*" in row


async def test_footer_redo_and_go_back_says_which_step(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        leeds = criteria.parse_filters(["contact.city=Leeds"])
        step = criteria.reduce_contacts(SEGMENT, leeds)
        removed = step.count_before - step.count_after
        assert removed > 1
        await open_worksheet(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^z Go back" in footer and "Redo" not in footer
        await press(pilot, "ctrl+z")
        assert segments.get_header(SEGMENT).no_of_lines == 25
        assert (
            f"Went back: Reduce Contacts contact.city=Leeds "
            f"(had removed {removed} lines; 25 lines now)"
        ) in notified(app)
        text = screen_text(app)
        assert "25 lines · 0 steps" in text
        footer = text.splitlines()[-1]
        assert "^y Redo" in footer and "Go back" not in footer
        assert "Redo" in {c.title for c in app.get_system_commands(app.screen)}
        await press(pilot, "ctrl+y")
        assert segments.get_header(SEGMENT).no_of_lines == step.count_after
        assert f"Redid: Reduce Contacts contact.city=Leeds (removed {removed} lines" in notified(
            app
        )
        text = screen_text(app)
        assert f"{step.count_after} lines · 1 step" in text and "1 steps" not in text
        footer = text.splitlines()[-1]
        assert "^z Go back" in footer and "Redo" not in footer


async def test_help_is_titled_by_the_screen_and_wraps_its_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        assert "Keys · Segments" in screen_text(app)
        await press(pilot, "escape", "n", "f1")
        assert "Keys · New Segment" in screen_text(app)
        await press(pilot, "escape", "escape", "enter", "h", "f1")
        assert f"Keys · Header · {SEGMENT}" in screen_text(app)
        await press(pilot, "escape", "escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        helps = [" ".join(str(table.get_row_at(i)[2]).split()) for i in range(table.row_count)]
        assert "Find a line by contact number, name, city or email; Enter jumps to the first" in (
            helps
        )
        assert "Keys · Segment worksheet" in screen_text(app)
