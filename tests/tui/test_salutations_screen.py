"""Salutations on the Setup screen (F7, the last table): codes, their formal and informal
formulas per language, and a contact's salutation code and language in the contact form."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from segtui.domain.salutations import SalutationFormulaView
from segtui.services.contacts import contacts
from segtui.services.setup import salutations
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.screens.contacts import ContactsScreen
from segtui.tui.screens.setup import SALUTATIONS, SetupScreen
from tests.tui.conftest import Pick, choose, fill_form, press, settle


def notified(app) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)


def shown(app) -> list[tuple[str, ...]]:
    """The rows of the entries table as text."""
    table = app.screen.query_one("#entries", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def status(app) -> str:
    """The lines under the table."""
    return str(app.screen.query_one("#setup-status", Static).render())


async def open_salutations(pilot, code: str | None = None) -> SetupScreen:
    """F7, `[` to the salutations (the last table), the cursor onto `code`."""
    await settle(pilot)
    await press(pilot, "f7", "left_square_bracket")
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen) and screen.table is SALUTATIONS
    if code is not None:
        await press(pilot, *["down"] * [row[0] for row in shown(pilot.app)].index(code))
        assert screen.highlighted is not None and screen.highlighted.code == code
    return screen


async def test_the_salutations_table_lists_codes_with_the_formulas_of_the_highlighted(
    make_app,
) -> None:
    app = make_app()
    listed = salutations.list_salutations()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_salutations(pilot, "FEMALE")
        assert "Setup · Salutations" in str(screen.query_one("#setup-title", Static).render())
        assert [row[0] for row in shown(app)] == [s.code for s in listed]
        assert ("FEMALE", "Woman", "DEU ENG") in shown(app)
        lines = status(app)
        assert "Formulas of FEMALE:" in lines
        assert "DEU   formal   Sehr geehrte Frau {surname}," in lines
        assert "ENG   informal Dear {first_name}," in lines
        assert screen.check_action("set_formula", ()) and screen.check_action("remove_formula", ())
        await press(pilot, "right_square_bracket")  # salespeople: no formulas there
        assert screen.check_action("set_formula", ()) is False


async def test_n_creates_a_code_and_f_sets_its_formulas_per_language(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_salutations(pilot)
        await press(pilot, "n")
        await fill_form(pilot, {"code": "dr", "description": "Doctor"})
        assert app.screen is screen
        assert screen.highlighted is not None and screen.highlighted.code == "DR"
        assert "DR has no formulas yet · f sets them for a language" in status(app)

        await press(pilot, "f")
        assert isinstance(app.screen, ChoiceScreen)
        await choose(pilot, "DEU")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Salutation DR · DEU"
        assert "{title}" in form.hint and "{surname}" in form.hint
        await fill_form(
            pilot, {"formal": "Sehr geehrte Frau Dr. {surname},", "informal": "Hallo {first_name},"}
        )
        assert app.screen is screen
        assert salutations.get_salutation("DR").formulas == (
            SalutationFormulaView("DEU", "Sehr geehrte Frau Dr. {surname},", "Hallo {first_name},"),
        )
        assert ("DR", "Doctor", "DEU") in shown(app)
        assert "DEU   formal   Sehr geehrte Frau Dr. {surname}," in status(app)
        assert "Salutation DR: formulas for DEU saved" in notified(app)

        # Again in DEU: the form shows the formulas it has; a wrong placeholder is refused
        # and the form comes back with what was typed.
        await press(pilot, "f")
        await choose(pilot, "DEU")
        assert app.screen.values()["formal"] == "Sehr geehrte Frau Dr. {surname},"
        await fill_form(pilot, {"formal": "Sehr geehrte {nachname},"})
        assert "unknown placeholder '{nachname}'" in notified(app)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["formal"] == "Sehr geehrte {nachname},"
        await press(pilot, "escape")
        assert salutations.get_salutation("DR").formulas[0].formal == (
            "Sehr geehrte Frau Dr. {surname},"
        )


async def test_r_removes_a_languages_formulas_and_d_deletes_an_unused_code(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        salutations.create_salutation("DR", "Doctor")
        salutations.set_formula("DR", "DEU", formal="Sehr geehrte Dr. {surname},", informal="")
        salutations.set_formula("DR", "ENG", formal="Dear Dr {surname},", informal="")
        screen = await open_salutations(pilot, "DR")

        await press(pilot, "r")
        assert isinstance(app.screen, ChoiceScreen)
        await choose(pilot, "ENG")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Remove the formulas of DR for ENG?"
        await press(pilot, "y")
        assert [f.language_code for f in salutations.get_salutation("DR").formulas] == ["DEU"]
        assert ("DR", "Doctor", "DEU") in shown(app)

        await press(pilot, "e")
        await fill_form(pilot, {"description": "Doctor (any)"})
        assert salutations.get_salutation("DR").description == "Doctor (any)"

        await press(pilot, "d", "y")
        assert app.screen is screen
        assert "DR" not in [s.code for s in salutations.list_salutations()]
        assert "Salutation DR deleted" in notified(app)


async def test_d_on_a_salutation_contacts_use_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_salutations(pilot, "FEMALE")
        await press(pilot, "d", "y")
        assert "salutation 'FEMALE' is still used by" in notified(app)
        assert "FEMALE" in [s.code for s in salutations.list_salutations()]
        await press(pilot, "n")
        await fill_form(pilot, {"code": "MALE", "description": "Again"})
        assert "salutation 'MALE' already exists" in notified(app)
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "escape")
        assert salutations.get_salutation("MALE").description == "Man"


async def test_a_contacts_salutation_code_and_language_are_set_in_its_form(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f5", "down")
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        no = screen.selected
        assert no is not None
        await press(pilot, "e")
        keys = [f.key for f in app.screen.fields]
        assert {"salutation_code", "language_code"} <= set(keys)
        await fill_form(pilot, {"salutation_code": Pick("COMPANY"), "language_code": Pick("NLD")})
        assert app.screen is screen
        contact = contacts.get_contact(no)
        assert (contact.salutation_code, contact.language_code) == ("COMPANY", "NLD")

        await press(pilot, "e")
        await fill_form(pilot, {"salutation_code": "NOSUCH"})
        assert "NOSUCH" in notified(app)
        assert contacts.get_contact(no).salutation_code == "COMPANY"
