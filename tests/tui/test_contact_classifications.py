"""Contact Classifications (g on a contact): list, add and remove groups, relations,
responsibilities and profile answers, each committed as it is made."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import DataTable, OptionList, Static

from segtui.services.setup import classification, codes
from segtui.tui.commands import CLASSIFICATIONS
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.help import HelpScreen
from segtui.tui.screens.contact_classifications import ContactClassificationsScreen
from segtui.tui.screens.contacts import ContactsScreen
from tests.tui.conftest import press, settle

# The demo's first two contacts: a company with an industry group, a business relation and
# a profile answer, and a person with no classification at all.
COMPANY, PERSON = "CT000001", "CT000002"
KIND_INDEX = {"mailing_group": 0, "industry_group": 1, "business_relation": 2}
PROFILE_INDEX = 4


def shown(app) -> list[tuple[str, str, str]]:
    """The rows of the classifications table as text."""
    table = app.screen.query_one("#classifications", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def options(app) -> list[str]:
    """The ids of the options of the open choice dialog."""
    assert isinstance(app.screen, ChoiceScreen)
    option_list = app.screen.query_one(OptionList)
    return [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]


async def open_classes(pilot, *moves: str) -> ContactClassificationsScreen:
    """Contacts (F5), move to a contact, then g."""
    await settle(pilot)
    await press(pilot, "f5", *moves, "g")
    screen = pilot.app.screen
    assert isinstance(screen, ContactClassificationsScreen)
    return screen


async def test_g_lists_the_highlighted_contacts_classifications(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_classes(pilot)
        assert screen.contact_no == COMPANY
        assert shown(app) == [
            ("Industry group", "IT", "Information technology"),
            ("Business relation", "CUST", "Customer"),
            ("Profile answer", "CUSTOMER/SIZE/MEDIUM", "Company size: 50 to 500 staff"),
        ]
        heading = str(screen.query_one("#heading", Static).render())
        assert "CT000001 Coho Design Ltd (company)" in heading
        assert "3 classifications" in str(screen.query_one("#status", Static).render())
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactsScreen)


async def test_add_a_mailing_group_from_the_existing_codes(make_app) -> None:
    app = make_app()
    first_group = codes.list_codes("mailing_group")[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_classes(pilot)
        await press(pilot, "a")
        assert options(app)[: len(KIND_INDEX)] == list(KIND_INDEX)
        await press(pilot, "enter")  # Mailing group
        assert options(app) == [c.code for c in codes.list_codes("mailing_group")]
        await press(pilot, "enter")
        assert isinstance(app.screen, ContactClassificationsScreen)
        assert classification.contact_classification(COMPANY).mailing_groups == (first_group.code,)
        assert shown(app)[0] == ("Mailing group", first_group.code, first_group.text)
        assert app.screen.highlighted is not None
        assert app.screen.highlighted.code == first_group.code
        assert any(
            f"{first_group.code} added to {COMPANY}" in n.message for n in app._notifications
        )
        # A code the contact already has is not offered again.
        await press(pilot, "a", "down", "enter")  # Industry group
        assert "IT" not in options(app)
        assert set(options(app)) == {c.code for c in codes.list_codes("industry_group")} - {"IT"}


async def test_add_a_profile_answer_questionnaire_question_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_classes(pilot)
        await press(pilot, "a", *["down"] * PROFILE_INDEX, "enter")
        assert options(app) == ["CUSTOMER"]
        await press(pilot, "enter")
        assert options(app) == ["INTEREST", "SIZE"]
        await press(pilot, "down", "enter")  # SIZE: MEDIUM is already given
        assert options(app) == ["LARGE", "SMALL"]
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactClassificationsScreen)
        assert classification.contact_classification(COMPANY).profile_answers == (
            "CUSTOMER/SIZE/MEDIUM",
        )
        await press(pilot, "a", *["down"] * PROFILE_INDEX, "enter", "enter", "enter")
        assert options(app) == ["PRICE", "QUALITY", "SERVICE"]
        await press(pilot, "down", "enter")
        assert classification.contact_classification(COMPANY).profile_answers == (
            "CUSTOMER/INTEREST/QUALITY",
            "CUSTOMER/SIZE/MEDIUM",
        )
        assert ("Profile answer", "CUSTOMER/INTEREST/QUALITY", "Main interest: Quality") in shown(
            app
        )


async def test_d_removes_the_highlighted_classification(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_classes(pilot)
        await press(pilot, "down", "d")  # the business relation CUST
        linked = classification.contact_classification(COMPANY)
        assert linked.business_relations == ()
        assert linked.industry_groups == ("IT",)
        assert [row[1] for row in shown(app)] == ["IT", "CUSTOMER/SIZE/MEDIUM"]
        await press(pilot, "d")  # the cursor stays on the second row: the profile answer
        assert classification.contact_classification(COMPANY).profile_answers == ()
        await press(pilot, "d")
        assert classification.contact_classification(COMPANY).industry_groups == ()
        assert shown(app) == []
        status = str(app.screen.query_one("#status", Static).render())
        assert "No classifications yet" in status
        assert app.screen.check_action("remove_classification", ()) is False


def gated(monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[threading.Event, threading.Event]:
    """Hold the first call of classification.`name` in its worker until the test opens the gate.

    Returns (called, gate): `called` is set once that call has done its work.
    """
    real = getattr(classification, name)
    called, gate = threading.Event(), threading.Event()

    def held(*args: object) -> object:
        result = real(*args)
        if not called.is_set():
            called.set()
            gate.wait(timeout=10)  # a safety net only: the test opens the gate
        return result

    monkeypatch.setattr(classification, name, held)
    return called, gate


async def test_d_again_before_the_list_is_read_again_removes_nothing_twice(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_classes(pilot)
        _, gate = gated(monkeypatch, "unlink_contact")
        # The removal is held in its worker, so the list still shows CUST at the second d.
        await pilot.press("down", "d", "d")
        assert screen.check_action("remove_classification", ()) is False
        gate.set()
        await settle(pilot)
        removed = [n.message for n in app._notifications if "removed" in n.message]
        assert removed == [f"Business relation CUST removed from {COMPANY}"]
        assert [row[1] for row in shown(app)] == ["IT", "CUSTOMER/SIZE/MEDIUM"]
        assert screen.check_action("remove_classification", ()) is True


async def test_an_older_read_finishing_last_does_not_paint_over_a_newer_one(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_classes(pilot)
        called, gate = gated(monkeypatch, "contact_classification")
        before = set(app.workers)
        screen.load()  # the older read: it sees all three rows, then is held
        (older,) = set(app.workers) - before
        assert await asyncio.to_thread(called.wait, 10)  # the loop runs meanwhile
        classification.unlink_contact("business_relation", COMPANY, "CUST")
        before = set(app.workers)
        screen.load()  # the newer read: it runs to the end and is shown
        await app.workers.wait_for_complete(list(set(app.workers) - before - {older}))
        await pilot.pause()
        assert [row[1] for row in shown(app)] == ["IT", "CUSTOMER/SIZE/MEDIUM"]
        gate.set()
        await settle(pilot)
        assert [row[1] for row in shown(app)] == ["IT", "CUSTOMER/SIZE/MEDIUM"]


async def test_an_industry_group_on_a_person_is_refused_in_words(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_classes(pilot, "down")
        assert app.screen.contact_no == PERSON
        assert shown(app) == []
        await press(pilot, "a", "down", "enter", "enter")  # Industry group, first code
        assert isinstance(app.screen, ContactClassificationsScreen)
        assert classification.contact_classification(PERSON).industry_groups == ()
        assert any(
            n.message == f"an industry group is for company contacts; {PERSON} is a person"
            for n in app._notifications
        )
        assert shown(app) == []


async def test_escape_at_any_step_adds_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_classes(pilot)
        before = classification.contact_classification(COMPANY)
        await press(pilot, "a", "escape")
        assert isinstance(app.screen, ContactClassificationsScreen)
        await press(pilot, "a", "enter", "escape")
        assert isinstance(app.screen, ContactClassificationsScreen)
        assert classification.contact_classification(COMPANY) == before
        assert len(shown(app)) == 3


async def test_help_and_palette_list_the_new_commands(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Contact Classifications" in titles
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("g", "Contact Classifications") in [row[:2] for row in rows]
        await press(pilot, "escape", "g")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Add Classification", "Remove Classification"} <= titles
        await press(pilot, "f1")
        table = app.screen.query_one(DataTable)
        keys = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {c.title for c in CLASSIFICATIONS} <= keys
