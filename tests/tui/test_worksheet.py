"""The segment worksheet: paged lines, preview, criteria verbs, go back, editing."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from segtui.domain.criteria import CriteriaPreview
from segtui.services.contacts import contacts
from segtui.services.segments import criteria, segments
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.criteria_picker import CriteriaPickerScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.widgets.criteria_log import CriteriaLog
from segtui.tui.widgets.lines_table import PAGE_SIZE, LinesTable
from segtui.tui.widgets.preview_pane import PreviewPane
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import press, settle, type_text

SEGMENT = "SEG00003"


async def open_worksheet(pilot) -> WorksheetScreen:
    """From home, open the demo segment."""
    await settle(pilot)
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, WorksheetScreen)
    return screen


def preview_text(screen: WorksheetScreen) -> str:
    pane = screen.query_one(PreviewPane)
    return "\n".join(str(part.render()) for part in pane.query(Static))


def odense_preview() -> CriteriaPreview:
    """What the criteria picker should say for `contact.city=Odense` on the test segment."""
    return criteria.preview(SEGMENT, criteria.parse_filters(["contact.city=Odense"]))


async def test_worksheet_shows_header_lines_and_preview(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        title = str(screen.query_one("#title", Static).render())
        assert "SEG00003 Spring mailing" in title and "25 lines" in title
        assert "Template LETTER" in str(screen.query_one("#fold", Static).render())
        table = screen.query_one(LinesTable)
        first = segments.list_lines(SEGMENT, limit=2)
        assert table.total == 25 and table.current == first[0]
        assert first[0].contact_name in preview_text(screen)
        await press(pilot, "down")
        assert table.current == first[1]
        assert first[1].contact_name in preview_text(screen)


async def test_add_contacts_by_criteria_then_go_back_and_redo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        before = segments.get_header(SEGMENT).no_of_lines
        await press(pilot, "a")
        assert isinstance(app.screen, CriteriaPickerScreen)
        await type_text(pilot, "city=Odense")
        await press(pilot, "enter")
        assert "contact.city=Odense" in str(app.screen.query_one("#filters", Static).render())
        counted = odense_preview()
        matching = criteria.count_matching_contacts(criteria.parse_filters(["contact.city=Odense"]))
        assert matching > counted.to_add > 0  # the demo excludes and blocks some
        shown = str(app.screen.query_one("#count", Static).render())
        assert shown == (
            f" Matching contacts: {matching:,} · Add +{counted.to_add:,}"
            f" · Reduce −{counted.to_reduce:,} · Refine −{counted.to_refine:,}"
        )
        await press(pilot, "ctrl+a")
        assert app.screen is screen
        after = segments.get_header(SEGMENT).no_of_lines
        assert after == before + counted.to_add  # the picker said what Add would do
        assert screen.query_one(LinesTable).total == after
        log = criteria.criteria_log(SEGMENT)
        assert log[-1].kind == "add" and log[-1].filters == ("contact.city=Odense",)
        assert "contact.city=Odense" in str(
            screen.query_one(CriteriaLog).query_one(Static).render()
        )
        await press(pilot, "ctrl+z")
        assert segments.get_header(SEGMENT).no_of_lines == before
        assert screen.query_one(LinesTable).total == before
        await press(pilot, "ctrl+y")
        assert segments.get_header(SEGMENT).no_of_lines == after


async def test_reduce_and_refine_through_the_picker(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "r")
        await type_text(pilot, "correspondence_type=email")
        await press(pilot, "ctrl+d")  # Reduce with the typed filter, no Enter needed
        lines = segments.list_lines(SEGMENT, limit=500)
        assert lines and all(line.correspondence_type != "email" for line in lines)
        reduced = len(lines)
        await press(pilot, "f")
        await type_text(pilot, "type=person")
        await press(pilot, "ctrl+f")
        kept = segments.list_lines(SEGMENT, limit=500)
        assert 0 < len(kept) <= reduced
        assert all(contacts.get_contact(line.contact_no).type == "person" for line in kept)
        assert [a.kind for a in criteria.criteria_log(SEGMENT)] == ["reduce", "refine"]


async def test_picker_shows_syntax_errors_as_you_type_and_changes_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "a")
        await type_text(pilot, "no_of_interactions=abc")
        error = str(app.screen.query_one("#error", Static).render())
        assert "no_of_interactions" in error and "abc" in error
        await press(pilot, "enter")  # a wrong filter is not added
        assert "No filters yet" in str(app.screen.query_one("#filters", Static).render())
        await press(pilot, "escape")
        assert isinstance(app.screen, WorksheetScreen)
        assert criteria.criteria_log(SEGMENT) == []


async def test_lines_are_paged_and_end_reaches_the_last_line(make_app) -> None:
    app = make_app()  # opens the test's database
    for _ in range(14):  # 25 + 14 × 60 lines: five pages
        criteria.add_contacts(
            SEGMENT, [], criteria.CriteriaOptions(allow_existing=True, ignore_exclusion=True)
        )
    total = segments.get_header(SEGMENT).no_of_lines
    assert total > 4 * PAGE_SIZE
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        table = screen.query_one(LinesTable)
        assert table.total == total
        assert sorted(table._pages) == [0]  # only the first page was read
        await press(pilot, "down")
        assert sorted(table._pages) == [0, 1]  # the next one is read ahead of the cursor
        await press(pilot, "end")
        last = segments.list_lines(SEGMENT, after_line_no=0, limit=total)[-1]
        assert table.cursor == total - 1 and table.current == last
        assert last.contact_no in screen.query_one(PreviewPane).border_title
        last_page = (total - 1) // PAGE_SIZE
        await press(pilot, "up")  # the page before the last is read ahead, the middle not
        assert sorted(table._pages) == sorted({0, 1, last_page - 1, last_page})
        await press(pilot, "home", "pagedown", "pagedown")
        assert table.current is not None and table.cursor > 0


async def test_edit_comment_inline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        await press(pilot, "down", "c")
        area = app.screen.query_one(TextArea)
        area.text = ""
        await type_text(pilot, "Lovely to meet you")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        line = segments.list_lines(SEGMENT, limit=2)[1]
        assert line.comment == "Lovely to meet you"
        assert "Lovely to meet you" in preview_text(screen)


async def test_header_change_asks_to_update_lines(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "h", "tab", "tab")  # template → description → subject
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Winter offer")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Update 25 lines that follow the header: subject?"
        await press(pilot, "y")
        assert segments.get_header(SEGMENT).subject_default == "Winter offer"
        # Lines in a language with a subject of its own (the German ones) keep it.
        lines = segments.list_lines(SEGMENT)
        assert {line.subject for line in lines if line.language_code != "DEU"} == {"Winter offer"}
        assert {line.subject for line in lines if line.language_code == "DEU"} <= {
            "Unser Frühjahrsangebot"
        }


async def test_header_change_without_updating_lines(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "h", "tab", "tab", "ctrl+u")
        await type_text(pilot, "Winter offer")
        await press(pilot, "ctrl+s", "n")
        assert segments.get_header(SEGMENT).subject_default == "Winter offer"
        assert "Winter offer" not in {line.subject for line in segments.list_lines(SEGMENT)}


async def test_edit_line_fields_and_bad_value_is_a_notification(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        await press(pilot, "e", "tab", "tab", "ctrl+u")
        await type_text(pilot, "Just for you")
        await press(pilot, "ctrl+s")
        first = segments.list_lines(SEGMENT, limit=1)[0]
        assert first.subject == "Just for you" and "subject" in first.overridden
        await press(pilot, "e", "tab", "tab", "tab", "tab", "tab", "tab", "ctrl+u")
        await type_text(pilot, "not-a-date")
        await press(pilot, "ctrl+s")
        assert any("not a date" in n.message for n in app._notifications)
        # The form stays open with what was typed, on the faulty field; nothing was saved.
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["date"] == "not-a-date"
        assert app.focused is app.screen.query_one("#field-date")
        await press(pilot, "escape", "y")  # discard what was typed
        assert app.screen is screen
        assert segments.list_lines(SEGMENT, limit=1)[0] == first


async def test_remove_line_and_add_contact_by_number(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        first = segments.list_lines(SEGMENT, limit=1)[0]
        await press(pilot, "x")
        assert first.contact_no not in {x.contact_no for x in segments.list_lines(SEGMENT)}
        await press(pilot, "i")
        await type_text(pilot, first.contact_no)
        await press(pilot, "enter")
        assert first.contact_no in {x.contact_no for x in segments.list_lines(SEGMENT)}


async def test_an_unexpected_error_is_a_notification_not_a_crash(make_app, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_worksheet(pilot)
        monkeypatch.setattr(criteria, "go_back", broken)
        await press(pilot, "a")
        await type_text(pilot, "city=Odense")
        await press(pilot, "ctrl+a", "ctrl+z")
        assert app.is_running and app.screen is screen
        assert any("disk on fire" in n.message for n in app._notifications)
