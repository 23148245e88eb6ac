"""Issue 10, done when: from an empty database, a bilingual mailing set up entirely in the
TUI — languages, an interaction group, German salutations, a template with an English and a
German letter each with its subject, contacts in either language — is logged, and each
contact receives the letter, subject and salutation of their own language.

Every step is keys on the screens; the test then reads the interaction log entries and opens
each letter written to the output folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions
from segtui.tui.app import build_app
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.criteria_picker import CriteriaPickerScreen
from segtui.tui.dialogs.log_segment import LogScreen
from segtui.tui.screens.contacts import ContactsScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.screens.setup import TABLES, SetupScreen
from segtui.tui.screens.templates import TemplatesScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.letters_helpers import paragraphs
from tests.tui.conftest import Pick, choose, fill_form, press, settle, type_text
from tests.tui.scenes import TODAY


@pytest.fixture
def out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file whose output folder takes the hard copies."""
    out = tmp_path / "letters"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'[company]\nname = "Cronus Ltd"\nemail = "office@cronus.test"\n\n'
        f'[output]\nfolder = "{out}"\n',
        encoding="utf-8",
    )
    settings.chmod(0o600)
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    monkeypatch.setenv("SEGTUI_USER", "tester")
    return out


def letter(folder: Path, name: str, words: str) -> Path:
    """A letter template: the formal salutation, the subject, then `words`."""

    def fill(document) -> None:
        for field in ("Formal_Salutation", "Subject"):
            add_simple_field(document.add_paragraph(), f" MERGEFIELD {field} ", f"«{field}»")
        add_text(document.add_paragraph(), words)

    path = folder / name
    path.write_bytes(build(fill))
    return path


def moves_to(table: str, start: str) -> list[str]:
    """The `]` presses on the Setup screen from one table to another."""
    order = [t.value for t in TABLES]
    return ["right_square_bracket"] * ((order.index(table) - order.index(start)) % len(order))


CONTACTS = (
    # first name, surname, salutation word, salutation code, language
    ("Greta", "Weber", "Ms", "FEMALE", "DEU"),
    ("Hans", "Müller", "Mr", "MALE", "DEU"),
    ("Anna", "Smith", "Ms", "FEMALE", "ENG"),
)


@pytest.mark.slow  # some 200 keys through a dozen forms, then Log with delivery: ~20 s
async def test_a_bilingual_mailing_from_an_empty_database(tmp_path: Path, out_dir: Path) -> None:
    english = letter(tmp_path, "spring-eng.docx", "Thank you for your interest.")
    german = letter(tmp_path, "spring-deu.docx", "Vielen Dank für Ihr Interesse.")
    app = build_app(str(tmp_path / "empty.db"), clock=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        # Setup (F7): languages, an interaction group, German salutation formulas.
        await press(pilot, "f7", *moves_to("language", "salesperson"))
        assert isinstance(app.screen, SetupScreen) and app.screen.table.value == "language"
        for code, name in (("ENG", "English"), ("DEU", "Deutsch")):
            await press(pilot, "n")
            await fill_form(pilot, {"code": code, "text": name})
        await press(pilot, *moves_to("interaction_group", "language"))
        await press(pilot, "n")
        await fill_form(pilot, {"code": "LETTERS", "text": "Letters"})
        await press(pilot, *moves_to("salutation", "interaction_group"))
        assert app.screen.table.value == "salutation"
        for code, description, formal, informal in (
            ("FEMALE", "Woman", "Sehr geehrte Frau {surname},", "Liebe {first_name},"),
            ("MALE", "Man", "Sehr geehrter Herr {surname},", "Lieber {first_name},"),
        ):
            await press(pilot, "n")
            await fill_form(pilot, {"code": code, "description": description})
            await press(pilot, "f")
            assert isinstance(app.screen, ChoiceScreen)
            await choose(pilot, "DEU")
            await fill_form(pilot, {"formal": formal, "informal": informal})
            assert isinstance(app.screen, SetupScreen)

        # Templates (F6): LETTER, English by default, with an English and a German letter.
        await press(pilot, "f6")
        assert isinstance(app.screen, TemplatesScreen)
        await press(pilot, "n")
        await fill_form(
            pilot,
            {
                "code": "LETTER",
                "description": "Spring letter",
                "group_code": Pick("LETTERS"),
                "correspondence_type_default": Pick("hard_copy"),
                "information_flow": Pick("outbound"),
                "initiated_by": Pick("us"),
                "language_code_default": Pick("ENG"),
            },
        )
        for path, language, subject in (
            (english, "ENG", "Our spring offer"),
            (german, "DEU", "Unser Frühjahrsangebot"),
        ):
            await press(pilot, "i")
            await fill_form(
                pilot, {"path": str(path), "language": Pick(language), "subject": subject}
            )
        assert isinstance(app.screen, TemplatesScreen)
        detail = str(app.screen.query_one("#detail").render())
        assert "Unser Frühjahrsangebot" in detail and "Our spring offer" in detail

        # Contacts (F5): two in German, one in English.
        await press(pilot, "f5")
        assert isinstance(app.screen, ContactsScreen)
        for first, surname, title, code, language in CONTACTS:
            await press(pilot, "ctrl+o")
            await fill_form(
                pilot,
                {
                    "type": Pick("person"),
                    "salutation": title,
                    "salutation_code": Pick(code),
                    "first_name": first,
                    "surname": surname,
                    "address": "Hauptstraße 1",
                    "city": "Berlin",
                    "language_code": Pick(language),
                    "correspondence_type": Pick("hard_copy"),
                },
            )
            assert isinstance(app.screen, ContactsScreen)

        # A segment on LETTER with every person, logged with delivery.
        await press(pilot, "ctrl+n")
        await type_text(pilot, "Spring mailing")
        await press(pilot, "tab")
        await type_text(pilot, "LETTER")
        await press(pilot, "enter")
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        await press(pilot, "a")
        assert isinstance(app.screen, CriteriaPickerScreen)
        await type_text(pilot, "type=person")
        await press(pilot, "ctrl+a")
        assert app.screen is sheet
        await press(pilot, "l")
        assert isinstance(app.screen, LogScreen)
        await press(pilot, "s", "y")
        await press(pilot, "escape")  # the delivery's result
        assert isinstance(app.screen, HomeScreen)

    entries = interactions.list_interactions(InteractionQuery(limit=100))
    got = {e.contact_name: (e.language_code, e.subject, e.delivery_status) for e in entries}
    assert got == {
        "Greta Weber": ("DEU", "Unser Frühjahrsangebot", ""),
        "Hans Müller": ("DEU", "Unser Frühjahrsangebot", ""),
        "Anna Smith": ("ENG", "Our spring offer", ""),
    }
    files = {e.contact_name: out_dir / f"E{e.entry_no:06d}-{e.contact_no}.docx" for e in entries}
    letters = {name: paragraphs(path.read_bytes()) for name, path in files.items()}
    assert letters == {
        "Greta Weber": [
            "Sehr geehrte Frau Weber,",
            "Unser Frühjahrsangebot",
            "Vielen Dank für Ihr Interesse.",
        ],
        "Hans Müller": [
            "Sehr geehrter Herr Müller,",
            "Unser Frühjahrsangebot",
            "Vielen Dank für Ihr Interesse.",
        ],
        # No English formula for FEMALE: the built-in English greeting.
        "Anna Smith": ["Dear Ms Smith,", "Our spring offer", "Thank you for your interest."],
    }
