"""Setup (F7): one kind of setup table at a time; n creates an entry, d deletes one, each
committed at once; mistakes come back as notifications in the user's words."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, OptionList, Static

from segtui.services.setup import campaigns, codes, salespeople, tables
from segtui.tui.app import build_app
from segtui.tui.commands import SETUP
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.help import HelpScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.screens.setup import KINDS, SetupScreen
from tests.tui.conftest import press, settle, type_text
from tests.tui.scenes import TODAY

MAILING_GROUPS = list(KINDS).index("mailing_group")
CAMPAIGNS = list(KINDS).index("campaign")
TO_CAMPAIGNS = ("left_square_bracket", "left_square_bracket")
"""From the first table back round past the salutations (the last) to the campaigns."""


def shown(app) -> list[tuple[str, ...]]:
    """The rows of the entries table as text."""
    table = app.screen.query_one("#entries", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def text_of(app, selector: str) -> str:
    """What a Static of the current screen shows."""
    return str(app.screen.query_one(selector, Static).render())


def notified(app) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)


async def open_setup(pilot, *moves: str) -> SetupScreen:
    """F7, then the keys that choose the kind."""
    await settle(pilot)
    await press(pilot, "f7", *moves)
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    return screen


async def fill(pilot, *values: str) -> None:
    """Type each value into the form's fields in turn; Enter on the last one saves."""
    assert isinstance(pilot.app.screen, FormScreen)
    for position, value in enumerate(values, 1):
        await type_text(pilot, value)
        await press(pilot, "enter" if position == len(values) else "tab")


def test_the_kinds_are_every_code_table_and_campaigns() -> None:
    assert list(KINDS) == [*tables.CODE_TABLES, "campaign"]


async def test_f7_shows_the_salespeople_with_email_and_job_title(make_app) -> None:
    app = make_app()
    people = salespeople.list_salespeople()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot)
        assert "Setup · Salespeople" in text_of(app, "#setup-title")
        first = people[0]
        assert shown(app)[0] == (first.code, first.name, first.email, first.phone, first.job_title)
        assert [row[0] for row in shown(app)] == [p.code for p in people]
        status = text_of(app, "#setup-status")
        assert f"{len(people)} salespeople · {first.job_title} · {first.phone}" in status
        await press(pilot, "down")  # the line under the table follows the cursor
        assert f"{people[1].job_title} · {people[1].phone}" in text_of(app, "#setup-status")
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_brackets_and_the_kinds_list_choose_the_table(make_app) -> None:
    app = make_app()
    groups = codes.list_codes("mailing_group")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, *["right_square_bracket"] * MAILING_GROUPS)
        assert screen.kind == "mailing_group"
        assert "Setup · Mailing groups" in text_of(app, "#setup-title")
        assert shown(app) == [(g.code, g.text) for g in groups]
        assert screen.query_one("#kinds", OptionList).highlighted == MAILING_GROUPS

        await press(pilot, "left_square_bracket")
        assert screen.kind == "language"
        assert [row[0] for row in shown(app)] == [c.code for c in codes.list_codes("language")]

        # Wrapping round from the first kind reaches the salutations, then campaigns.
        await press(pilot, *["left_square_bracket"] * (MAILING_GROUPS - 1))
        assert screen.kind == "salesperson"
        await press(pilot, "left_square_bracket")
        assert screen.kind is None and screen.table.label == "Salutations"
        await press(pilot, "left_square_bracket")
        assert screen.kind == "campaign"
        assert [row[0] for row in shown(app)] == [c.no for c in campaigns.list_campaigns()]

        # Tab to the list, arrow to a kind, Enter back to its table.
        await press(pilot, "tab")
        assert isinstance(app.focused, OptionList)
        await press(pilot, "up")
        assert screen.kind == "interaction_group"
        await press(pilot, "enter")
        assert app.focused is screen.query_one("#entries", DataTable)
        assert ("LETTER", "Letters") in shown(app)


async def test_n_creates_a_mailing_group_at_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, *["right_square_bracket"] * MAILING_GROUPS)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.title_text == "New mailing group"
        await fill(pilot, "FAIR", "Spring fair visitors")
        assert app.screen is screen
        assert ("FAIR", "Spring fair visitors") in [
            (c.code, c.text) for c in codes.list_codes("mailing_group")
        ]
        assert screen.highlighted is not None and screen.highlighted.code == "FAIR"
        assert ("FAIR", "Spring fair visitors") in shown(app)
        assert "Mailing group FAIR created" in notified(app)


async def test_n_creates_a_salesperson_with_every_detail(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot)
        await press(pilot, "n")
        await fill(pilot, "MK", "Mia Kowalski", "mia@cronus.example", "+44 1", "Sales Assistant")
        created = [p for p in salespeople.list_salespeople() if p.code == "MK"]
        assert [(p.name, p.email, p.phone, p.job_title) for p in created] == [
            ("Mia Kowalski", "mia@cronus.example", "+44 1", "Sales Assistant")
        ]
        assert ("MK", "Mia Kowalski", "mia@cronus.example", "+44 1", "Sales Assistant") in shown(
            app
        )


async def test_n_creates_a_campaign_numbered_from_its_series(make_app) -> None:
    app = make_app()
    before = {c.no for c in campaigns.list_campaigns()}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, *TO_CAMPAIGNS)
        assert screen.kind == "campaign"
        await press(pilot, "n")
        await fill(pilot, "Winter letters", "2026-12-01", "2027-01-31", "")
        created = [c for c in campaigns.list_campaigns() if c.no not in before]
        assert [(c.description, c.starting_date, c.ending_date) for c in created] == [
            ("Winter letters", dt.date(2026, 12, 1), dt.date(2027, 1, 31))
        ]
        no = created[0].no
        assert no.startswith("CP")
        assert (no, "Winter letters", "2026-12-01", "2027-01-31") in shown(app)
        assert f"Campaign {no} created" in notified(app)


async def test_a_wrong_date_is_reported_and_the_form_asks_again(make_app) -> None:
    app = make_app()
    before = campaigns.list_campaigns()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot, *TO_CAMPAIGNS)
        await press(pilot, "n")
        await fill(pilot, "Winter letters", "1 Dec", "", "")
        assert "'1 Dec' is not a date; write it as YYYY-MM-DD" in notified(app)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["description"] == "Winter letters"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, SetupScreen)
        assert campaigns.list_campaigns() == before


async def test_a_duplicate_code_is_refused_in_the_users_words(make_app) -> None:
    app = make_app()
    before = codes.list_codes("mailing_group")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot, *["right_square_bracket"] * MAILING_GROUPS)
        await press(pilot, "n")
        await fill(pilot, "NEWS", "Another newsletter")
        assert "mailing group 'NEWS' already exists" in notified(app)
        assert isinstance(app.screen, FormScreen)  # asked again with what was typed
        assert app.screen.values() == {"code": "NEWS", "text": "Another newsletter"}
        await press(pilot, "escape")
        assert codes.list_codes("mailing_group") == before


async def test_d_deletes_the_highlighted_code_after_confirmation(make_app) -> None:
    app = make_app()  # opens the test's database
    codes.create_code("mailing_group", "OLD", "Retired list")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, *["right_square_bracket"] * MAILING_GROUPS)
        listed = [row[0] for row in shown(app)]
        await press(pilot, *["down"] * listed.index("OLD"))
        assert screen.highlighted is not None and screen.highlighted.code == "OLD"

        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete mailing group OLD?"
        await press(pilot, "n")  # keep it
        assert "OLD" in [c.code for c in codes.list_codes("mailing_group")]

        await press(pilot, "d", "y")
        assert app.screen is screen
        assert "OLD" not in [c.code for c in codes.list_codes("mailing_group")]
        assert "OLD" not in [row[0] for row in shown(app)]
        assert "Mailing group OLD deleted" in notified(app)


async def test_d_on_a_code_in_use_is_refused_and_kept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot)
        code = screen.highlighted.code if screen.highlighted else ""
        await press(pilot, "d", "y")
        assert f"salesperson '{code}' is still used by" in notified(app)
        assert code in [p.code for p in salespeople.list_salespeople()]
        assert code in [row[0] for row in shown(app)]


async def test_a_fresh_database_starts_empty_and_gets_its_first_salesperson(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SEGTUI_USER", "tester")
    app = build_app(str(tmp_path / "fresh.db"), clock=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot)
        assert shown(app) == []
        assert "No salespeople yet · n creates one" in text_of(app, "#setup-status")
        assert screen.check_action("delete_entry", ()) is False
        await press(pilot, "d")
        assert app.screen is screen  # nothing to delete, nothing asked

        await press(pilot, "n")
        await fill(pilot, "AH", "Annette Hill", "", "", "")
        assert [p.code for p in salespeople.list_salespeople()] == ["AH"]
        assert "1 salesperson" in text_of(app, "#setup-status")
        assert screen.check_action("delete_entry", ()) is True


async def test_f1_and_the_palette_list_the_setup_commands(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Setup" in titles
        await open_setup(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New Setup Entry", "Delete Setup Entry", "Next Setup Table"} <= titles
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = "\n".join(" ".join(map(str, table.get_row_at(i))) for i in range(table.row_count))
        for command in SETUP:
            assert command.title in rows
        assert "F7 Setup" in rows


async def test_the_palette_opens_setup_by_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Setup")
        await press(pilot, "enter")
        assert isinstance(app.screen, SetupScreen)


async def test_e_edits_the_highlighted_entry_keeping_its_code(make_app) -> None:
    app = make_app()
    first = codes.list_codes("mailing_group")[0]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, *["right_square_bracket"] * MAILING_GROUPS)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.title_text == f"Edit mailing group {first.code}"
        assert [f.key for f in form.fields] == ["text"]  # the code is not editable
        assert form.values() == {}  # prefilled: nothing changed yet
        await press(pilot, "ctrl+u")
        await fill(pilot, "Renamed group")
        assert app.screen is screen
        assert codes.list_codes("mailing_group")[0] == type(first)(first.code, "Renamed group")
        assert (first.code, "Renamed group") in shown(app)
        assert screen.highlighted is not None and screen.highlighted.code == first.code
        assert f"Mailing group {first.code} saved" in notified(app)


async def test_e_edits_a_salesperson_and_reports_a_bad_campaign_date(make_app) -> None:
    app = make_app()
    person = salespeople.list_salespeople()[0]
    existing = campaigns.list_campaigns()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "tab", "tab", "ctrl+u")  # to the phone field, emptied
        await type_text(pilot, "+44 99")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        edited = next(p for p in salespeople.list_salespeople() if p.code == person.code)
        assert edited == type(person)(
            person.code, person.name, person.email, "+44 99", person.job_title
        )
        assert shown(app)[0][:4] == (person.code, person.name, person.email, "+44 99")

        await press(pilot, *TO_CAMPAIGNS, "e")  # campaigns
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "tab", "ctrl+u")
        await type_text(pilot, "someday")
        await press(pilot, "ctrl+s")
        assert "'someday' is not a date; write it as YYYY-MM-DD" in notified(app)
        assert isinstance(app.screen, FormScreen)  # stays open with what was typed
        await press(pilot, "escape", "y")
        assert app.screen is screen
        assert campaigns.list_campaigns() == existing
