"""The interaction log entries browser: canceled, delivery and logged filters; delete canceled."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from segtui.domain.errors import NotFound
from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.screens.interactions import InteractionsScreen
from tests.tui.conftest import press, settle, type_text


def shown(app) -> list[int]:
    """The entry numbers in the table, top to bottom."""
    table = app.screen.query_one(DataTable)
    return [int(str(row.key.value)) for row in table.ordered_rows]


def column(app, label: str) -> dict[int, str]:
    """One column's text by entry number."""
    table = app.screen.query_one(DataTable)
    return {
        int(str(row.key.value)): str(table.get_cell(row.key, label)) for row in table.ordered_rows
    }


def detail(app) -> str:
    """The line under the table."""
    return str(app.screen.query_one("#detail", Static).render())


async def choose(pilot: Pilot[None], select_id: str, downs: int) -> None:
    """Open a filter's choices from the keyboard, move down, take the one highlighted."""
    pilot.app.screen.query_one(f"#{select_id}", Select).focus()
    await press(pilot, "enter", *["down"] * downs, "enter")


async def test_canceled_filter_from_the_keyboard(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert isinstance(app.screen, InteractionsScreen)
        everything = shown(app)
        entry_no = everything[0]
        await press(pilot, "c")
        assert interactions.get_interaction(entry_no).canceled
        assert column(app, "Canc.")[entry_no] == "✓"
        assert column(app, "Canc.")[everything[1]] == ""

        # Ctrl+F, then Tab past the typed filters to the Canceled choice.
        await press(pilot, "ctrl+f", *["tab"] * 6)
        assert app.focused is not None and app.focused.id == "filter-canceled"
        await press(pilot, "enter", "down", "enter")  # all → yes
        assert app.screen.query_one("#filter-canceled", Select).value == "yes"
        assert shown(app) == [entry_no]

        await press(pilot, "enter", "down", "enter")  # yes → no
        assert shown(app) == everything[1:]

        await press(pilot, "enter", "up", "up", "enter")  # no → all
        assert shown(app) == everything


async def test_delivery_filter_and_status_column(make_app) -> None:
    from segtui.db.models import InteractionLogEntry as E

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        logged = interactions.list_interactions(InteractionQuery(logged_segment_entry_no=1))
        failed, waiting = logged[0].entry_no, logged[1].entry_no
        # A failed and an interrupted delivery, as a real send leaves them.
        E.update(delivery_status="error", delivery_error="mailbox full").where(
            E.entry_no == failed
        ).execute()
        E.update(delivery_status="in_progress").where(E.entry_no == waiting).execute()
        await press(pilot, "f4")
        everything = shown(app)
        delivery = column(app, "Delivery")
        assert delivery[failed] == "error"
        assert delivery[waiting] == "in progress"
        assert delivery[logged[2].entry_no] == "done"

        await choose(pilot, "filter-delivery", 3)  # error
        assert shown(app) == [failed]
        assert "error: mailbox full" in detail(app)

        await press(pilot, "enter", "up", "enter")  # in progress
        assert shown(app) == [waiting]
        await press(pilot, "enter", "up", "enter")  # done/none
        assert shown(app) == [n for n in everything if n not in (failed, waiting)]


async def test_a_choice_applies_with_the_typed_filters(make_app) -> None:
    from segtui.db.models import InteractionLogEntry as E

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        by_contact: dict[str, list[int]] = {}
        for e in interactions.list_interactions():
            by_contact.setdefault(e.contact_no, []).append(e.entry_no)
        contact, (mine, *_) = next((c, ns) for c, ns in by_contact.items() if len(ns) > 1)
        theirs = next(ns[0] for c, ns in by_contact.items() if c != contact)
        E.update(delivery_status="error").where(E.entry_no.in_([mine, theirs])).execute()
        await press(pilot, "f4", "ctrl+f")
        await type_text(pilot, contact.lower())  # typed, not applied with Enter
        await choose(pilot, "filter-delivery", 3)  # error
        assert shown(app) == [mine]


async def test_logged_segment_filter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4", "ctrl+f", "tab", "tab")
        assert app.focused is not None and app.focused.id == "filter-logged"
        await type_text(pilot, "1")
        await press(pilot, "enter")
        expected = interactions.list_interactions(InteractionQuery(logged_segment_entry_no=1))
        assert expected
        assert shown(app) == [e.entry_no for e in expected]
        assert isinstance(app.focused, DataTable)


async def test_logged_segment_filter_that_is_not_a_number(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        before = shown(app)
        await press(pilot, "ctrl+f", "tab", "tab")
        await type_text(pilot, "abc")
        await press(pilot, "enter")
        messages = [n.message for n in app._notifications]
        assert any("Logged: 'abc' is not a logged segment entry number" in m for m in messages)
        assert shown(app) == before


async def test_delete_canceled_entries_asks_first_then_deletes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        everything = shown(app)
        doomed = everything[:2]
        await press(pilot, "c", "down", "c")
        assert all(interactions.get_interaction(n).canceled for n in doomed)

        await press(pilot, "D")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "enter")  # the highlighted button is Keep
        assert isinstance(app.screen, InteractionsScreen)
        assert all(interactions.get_interaction(n).canceled for n in doomed)

        await press(pilot, "D", "y")
        assert isinstance(app.screen, InteractionsScreen)
        for n in doomed:
            with pytest.raises(NotFound):
                interactions.get_interaction(n)
        assert shown(app) == everything[2:]
        assert any(
            "2 canceled interaction log entries deleted" in n.message for n in app._notifications
        )


async def test_delete_canceled_entries_when_there_are_none(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        before = shown(app)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Delete Canceled Entries" in titles
        await press(pilot, "D", "y")
        assert any("No canceled" in n.message for n in app._notifications)
        assert shown(app) == before
        assert len(interactions.list_interactions()) == len(before)


@pytest.mark.parametrize(("size", "has_segment"), [((80, 24), False), ((120, 40), True)])
async def test_segment_column_only_when_wide(make_app, size, has_segment) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        table = app.screen.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert ("Segment" in labels) == has_segment
        assert {"Delivery", "Canc."} <= set(labels)
        # Every column fits: no sideways scrolling to see the canceled mark.
        assert table.virtual_size.width <= table.scrollable_content_region.width
