"""Templates (F6): new, edit, delete, import a document per language, remove a language —
every change checked on the screen and in the database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.widgets import DataTable, Static

from segtui.services.templates import templates
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.screens.templates import TemplatesScreen
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.tui.conftest import Pick, fill_form, press, settle


def notified(app) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)


def detail(app) -> str:
    """What the pane under the list shows."""
    return str(app.screen.query_one("#detail", Static).render())


def codes_listed(app) -> list[str]:
    """The template codes in the list, top to bottom."""
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def letter_file(folder: Path, name: str, words: str) -> Path:
    """A small .docx with a Formal_Salutation field and some words."""

    def fill(document) -> None:
        add_simple_field(
            document.add_paragraph(), " MERGEFIELD Formal_Salutation ", "«Formal_Salutation»"
        )
        add_text(document.add_paragraph(), words)

    path = folder / name
    path.write_bytes(build(fill))
    return path


async def open_templates(pilot, code: str | None = None) -> TemplatesScreen:
    """F6, then the cursor onto template `code`."""
    await settle(pilot)
    await press(pilot, "f6")
    screen = pilot.app.screen
    assert isinstance(screen, TemplatesScreen)
    if code is not None:
        await press(pilot, *["down"] * codes_listed(pilot.app).index(code))
        assert screen.selected == code
    return screen


async def test_n_creates_a_template_with_every_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_templates(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        assert [f.key for f in app.screen.fields] == [
            "code",
            "description",
            "group_code",
            "correspondence_type_default",
            "ignore_contact_corres_type",
            "information_flow",
            "initiated_by",
            "unit_cost",
            "unit_duration_min",
            "language_code_default",
            "send_as_attachment",
            "field_map",
        ]
        await fill_form(
            pilot,
            {
                "code": "VISIT",
                "description": "Visit report",
                "group_code": Pick("MEETING"),
                "correspondence_type_default": Pick(""),
                "ignore_contact_corres_type": Pick("yes"),
                "information_flow": Pick("inbound"),
                "initiated_by": Pick("them"),
                "unit_cost": "12.50",
                "unit_duration_min": "45",
                "language_code_default": Pick("DEU"),
                "send_as_attachment": "no",
                "field_map": "Kunde:Contact_Name",
            },
        )
        assert app.screen is screen
        view = templates.get_template("VISIT")
        assert (
            view.description,
            view.group_code,
            view.correspondence_type_default,
            view.ignore_contact_corres_type,
            view.information_flow,
            view.initiated_by,
            view.unit_cost,
            view.unit_duration_min,
            view.language_code_default,
            view.send_as_attachment,
            view.field_map,
        ) == (
            "Visit report",
            "MEETING",
            "",
            True,
            "inbound",
            "them",
            Decimal("12.50"),
            Decimal("45.00"),
            "DEU",
            False,
            {"Kunde": "Contact_Name"},
        )
        assert "Template VISIT created" in notified(app)
        assert screen.selected == "VISIT" and "VISIT" in codes_listed(app)
        shown = detail(app)
        assert "VISIT · Visit report" in shown
        assert "Group MEETING" in shown and "Initiated by Them" in shown
        assert "Default language DEU · Send as attachment no" in shown
        assert "Field map Kunde:Contact_Name" in shown
        assert "none yet — i imports a .docx" in shown


async def test_a_refused_new_template_comes_back_with_what_was_typed(make_app) -> None:
    app = make_app()
    before = templates.list_templates()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_templates(pilot)
        await press(pilot, "n")
        await fill_form(pilot, {"code": "LETTER", "description": "Again", "group_code": "LETTER"})
        assert "template 'LETTER' already exists" in notified(app)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["description"] == "Again"
        # A blank group is refused in the user's words, the form still there.
        await fill_form(pilot, {"code": "NEWONE", "group_code": ""})
        assert "a template needs an interaction group" in notified(app)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["code"] == "NEWONE"
        await fill_form(pilot, {"group_code": "LETTER", "unit_cost": "lots"})
        assert "'lots' is not a number" in notified(app)
        assert app.focused is app.screen.query_one("#field-unit_cost")  # the faulty field
        await press(pilot, "escape", "y")
        assert app.screen is screen
        assert templates.list_templates() == before


async def test_e_edits_the_templates_fields_and_keeps_its_code(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_templates(pilot, "PHONE")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Edit template PHONE"
        assert "code" not in [f.key for f in form.fields]
        await fill_form(
            pilot,
            {"description": "Phone call back", "unit_cost": "0.75", "information_flow": Pick("")},
        )
        assert app.screen is screen
        view = templates.get_template("PHONE")
        assert (view.description, view.unit_cost, view.information_flow) == (
            "Phone call back",
            Decimal("0.75"),
            "",
        )
        assert (view.initiated_by, view.group_code) == ("them", "PHONE")  # untouched
        assert "Template PHONE saved" in notified(app)
        assert "PHONE · Phone call back" in detail(app)

        await press(pilot, "e")
        await fill_form(pilot, {"language_code_default": "XX"})
        assert "language 'XX' does not exist" in notified(app)
        assert isinstance(app.screen, FormScreen)  # asked again, nothing saved
        assert templates.get_template("PHONE").language_code_default == "ENG"
        await press(pilot, "escape")


async def test_d_is_refused_with_counts_while_used_and_deletes_an_unused_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        templates.new_template("OLD", "LETTER", "Retired letter")
        screen = await open_templates(pilot, "LETTER")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete template LETTER?"
        await press(pilot, "y")
        assert app.screen is screen
        message = notified(app)
        assert "template 'LETTER' is still used by" in message
        assert "segment lines" in message and "nothing deleted" in message
        assert "LETTER" in codes_listed(app)
        assert templates.get_template("LETTER").code == "LETTER"

        await press(pilot, "f6")  # reload the list with OLD in it
        screen = await open_templates(pilot, "OLD")
        await press(pilot, "d", "n")  # Keep
        assert "OLD" in codes_listed(app)
        await press(pilot, "d", "y")
        assert "OLD" not in codes_listed(app)
        assert "OLD" not in [t.code for t in templates.list_templates()]
        assert "Template OLD deleted" in notified(app)


async def test_i_imports_a_document_per_language_with_its_subject(make_app, tmp_path) -> None:
    app = make_app()
    path = letter_file(tmp_path, "visit-dan.docx", "Tak for besøget.")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_templates(pilot, "MEETING")
        await press(pilot, "i")
        await fill_form(pilot, {"path": str(path), "language": Pick("DAN"), "subject": "Besøg"})
        assert isinstance(app.screen, TemplatesScreen)
        versions = {v.language_code: v for v in templates.get_template("MEETING").languages}
        assert (versions["DAN"].filename, versions["DAN"].subject) == ("visit-dan.docx", "Besøg")
        assert templates.template_document("MEETING", "DAN") == path.read_bytes()
        assert "visit-dan.docx imported into MEETING for DAN" in notified(app)
        assert "DAN      visit-dan.docx" in detail(app) and "Besøg" in detail(app)
        assert "ENG*" in detail(app)  # the default language is marked

        # Not a Word file: refused, the form back with the path to fix.
        bad = tmp_path / "notes.docx"
        bad.write_text("not a zip", encoding="utf-8")
        await press(pilot, "i")
        await fill_form(pilot, {"path": str(bad), "language": Pick("NLD"), "subject": "Bezoek"})
        assert "notes.docx: not a Word document (.docx)" in notified(app)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values() == {"path": str(bad), "language": "NLD", "subject": "Bezoek"}
        await press(pilot, "escape")
        assert "NLD" not in {v.language_code for v in templates.get_template("MEETING").languages}


async def test_r_removes_a_language_unless_it_is_in_use(make_app, tmp_path) -> None:
    app = make_app()
    path = letter_file(tmp_path, "letter-nld.docx", "Bedankt.")
    async with app.run_test(size=(80, 24)) as pilot:
        # Brackets in a subject are text, not markup, in the pane and in the list.
        templates.import_template_document("LETTER", path, "NLD", "Ons aanbod [b]NL[/b]")
        screen = await open_templates(pilot, "LETTER")
        assert "Ons aanbod [b]NL[/b]" in detail(app)

        await press(pilot, "r")
        assert isinstance(app.screen, ChoiceScreen)
        assert [v for v, _ in app.screen.options] == ["DEU", "ENG", "NLD"]
        await press(pilot, "down", "down", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Remove language NLD of LETTER?"
        await press(pilot, "y")
        assert app.screen is screen
        assert [v.language_code for v in templates.get_template("LETTER").languages] == [
            "DEU",
            "ENG",
        ]
        assert "Language NLD removed from LETTER" in notified(app)
        assert "Ons aanbod" not in detail(app)

        # DEU is on the demo segment's German lines: refused with the counts.
        await press(pilot, "r", "enter", "y")
        assert "language DEU of template 'LETTER' is still used by" in notified(app)
        assert "DEU" in [v.language_code for v in templates.get_template("LETTER").languages]


async def test_a_fresh_database_has_no_templates_and_says_how_to_make_one(
    tmp_path, monkeypatch
) -> None:
    from segtui.tui.app import build_app
    from tests.tui.scenes import TODAY

    monkeypatch.setenv("SEGTUI_USER", "tester")
    app = build_app(str(tmp_path / "fresh.db"), clock=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_templates(pilot)
        assert "No templates yet · n creates one" in detail(app)
        for action in ("edit_template", "delete_template", "import_docx", "remove_language"):
            assert screen.check_action(action, ()) is False
        await press(pilot, "e", "d", "i", "r")
        assert app.screen is screen  # nothing to act on, nothing asked


async def test_ctrl_l_lists_a_coded_fields_values_and_escape_keeps_the_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_templates(pilot, "LETTER")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Ctrl+L lists the values of a coded field" in form.hint
        await press(pilot, "ctrl+l")  # Description: free text, nothing to list
        assert app.screen is form
        await press(pilot, "tab", "ctrl+l")  # Interaction group
        lookup = app.screen
        assert isinstance(lookup, ChoiceScreen) and lookup.title_text == "Interaction group"
        assert [value for value, _ in lookup.options] == ["EMAIL", "LETTER", "MEETING", "PHONE"]
        await press(pilot, "down", "escape")
        assert app.screen is form
        assert form.values()["group_code"] == "LETTER"  # unchanged by a lookup left
        await press(pilot, "escape")
        assert templates.get_template("LETTER").group_code == "LETTER"
