"""A header template change on a segment with lines asks, as Business Central does, whether
the lines that follow the header take the new template: yes, no, or Escape (nothing saved)."""

from __future__ import annotations

from segtui.services.segments import segments
from segtui.tui.dialogs.confirm import YesNoCancelScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import Pick, fill_form, press, settle

SEGMENT = "SEG00003"


def notified(app) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)


def templates_of_lines() -> dict[str, int]:
    """How many lines of the segment have each template."""
    counts: dict[str, int] = {}
    for line in segments.list_lines(SEGMENT, limit=1000):
        counts[line.interaction_template_code] = counts.get(line.interaction_template_code, 0) + 1
    return counts


async def ask_for_meeting(pilot) -> YesNoCancelScreen:
    """Open the worksheet, pick MEETING in the header's Template lookup, save."""
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, WorksheetScreen)
    await press(pilot, "h")
    await fill_form(pilot, {"interaction_template_code": Pick("MEETING")})
    question = pilot.app.screen
    assert isinstance(question, YesNoCancelScreen)
    assert question.question == "Apply the new template to the lines that follow the header?"
    return question


async def test_yes_gives_the_following_lines_the_new_template(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # One line on another template does not follow the header: it is not counted.
        first = segments.list_lines(SEGMENT, limit=1)[0]
        segments.set_line(SEGMENT, first.line_no, {"interaction_template_code": "PHONE"})
        question = await ask_for_meeting(pilot)
        assert "24 lines have the segment's template LETTER" in question.body
        await press(pilot, "y")
        assert isinstance(app.screen, WorksheetScreen)
        assert segments.get_header(SEGMENT).interaction_template_code == "MEETING"
        assert templates_of_lines() == {"MEETING": 24, "PHONE": 1}
        lines = segments.list_lines(SEGMENT)
        moved = [x for x in lines if x.interaction_template_code == "MEETING"]
        assert {x.subject for x in moved} == {"Product presentation"}  # MEETING's (ENG only)
        assert "Header saved; 24 lines updated" in notified(app)


async def test_no_changes_the_header_and_keeps_the_lines(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_for_meeting(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, WorksheetScreen)
        assert segments.get_header(SEGMENT).interaction_template_code == "MEETING"
        assert templates_of_lines() == {"LETTER": 25}


async def test_escape_saves_nothing(make_app) -> None:
    app = make_app()
    before = segments.get_header(SEGMENT)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_for_meeting(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, WorksheetScreen)
        assert segments.get_header(SEGMENT) == before
        assert templates_of_lines() == {"LETTER": 25}
        assert "Header not changed" in notified(app)


async def test_a_segment_without_lines_is_not_asked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")
        await press(pilot, *"Empty")
        await press(pilot, "enter", *"LETTER", "enter")
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        await press(pilot, "h")
        await fill_form(pilot, {"interaction_template_code": Pick("MEETING")})
        assert app.screen is sheet  # saved without a question
        assert segments.get_header(sheet.segment_no).interaction_template_code == "MEETING"


async def test_a_template_that_does_not_exist_brings_the_form_back_as_typed(make_app) -> None:
    app = make_app()
    before = segments.get_header(SEGMENT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "h")
        await fill_form(pilot, {"interaction_template_code": "NOSUCH", "description": "Winter"})
        assert "interaction template 'NOSUCH' does not exist" in notified(app)
        form = app.screen
        assert isinstance(form, FormScreen)  # asked again, nobody asked about lines
        typed = form.values()
        assert (typed["interaction_template_code"], typed["description"]) == ("NOSUCH", "Winter")
        assert segments.get_header(SEGMENT) == before
        # Fixing the one wrong field saves the rest of what was typed.
        await fill_form(pilot, {"interaction_template_code": ""})
        assert isinstance(app.screen, YesNoCancelScreen)  # blank: the lines are asked about
        await press(pilot, "n")
        header = segments.get_header(SEGMENT)
        assert (header.interaction_template_code, header.description) == ("", "Winter")
        assert templates_of_lines() == {"LETTER": 25}


async def test_the_line_forms_lookups_change_a_lines_template(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        sheet = app.screen
        first = segments.list_lines(SEGMENT, limit=1)[0]
        await press(pilot, "e")
        await fill_form(pilot, {"interaction_template_code": Pick("PHONE")})
        assert app.screen is sheet
        line = segments.get_line(SEGMENT, first.line_no)
        # A line's template change re-initialises it from the new template (BC's rule).
        assert line.interaction_template_code == "PHONE"
        assert line.subject == "Question about delivery"
        assert templates_of_lines() == {"LETTER": 24, "PHONE": 1}
