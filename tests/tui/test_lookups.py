"""Lookups everywhere: a field's lookup filters as you type and Enter fills the field, the
field completes a typed start, the criteria picker lists values with their counts, and
contacts are found by number, name, city, post code or email."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static

from segtui.services.contacts import contacts
from segtui.services.segments import criteria, segments
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.criteria_picker import CriteriaPickerScreen
from segtui.tui.dialogs.form import FormScreen
from segtui.tui.dialogs.lookup import LookupScreen
from segtui.tui.dialogs.new_segment import NewSegmentScreen
from segtui.tui.screens.contacts import ContactsScreen
from segtui.tui.worksheet.screen import WorksheetScreen
from tests.tui.conftest import Pick, fill_form, press, settle, type_text

SEGMENT = "SEG00003"


def shown_values(screen: LookupScreen) -> list[str]:
    """The values the lookup lists now."""
    return [value for value, _ in screen.shown]


async def open_worksheet(pilot) -> WorksheetScreen:
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, WorksheetScreen)
    return pilot.app.screen


async def test_lookup_filters_as_typed_enter_fills_and_the_field_completes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Calls")
        await press(pilot, "tab")  # to the template (Enter would create the segment)
        await type_text(pilot, "ph")
        field = app.screen.query_one("#template", Input)
        assert field._suggestion == "PHONE"  # shown greyed after "ph"; Right takes it
        await press(pilot, "right")
        assert field.value == "PHONE"

        await press(pilot, "ctrl+u", "ctrl+l")
        lookup = app.screen
        assert isinstance(lookup, LookupScreen)
        assert shown_values(lookup) == ["", "EMAIL", "LETTER", "MEETING", "PHONE"]
        await press(pilot, "l", "e", "t", "enter")  # a burst: filtered, then taken
        assert isinstance(app.screen, NewSegmentScreen)
        assert field.value == "LETTER"

        # A start typed in the field filters the lookup it opens.
        await press(pilot, "ctrl+u", "m", "e", "ctrl+l")
        assert shown_values(app.screen) == ["MEETING"]
        await press(pilot, "enter")
        assert field.value == "MEETING"
        await press(pilot, "enter")
        assert isinstance(app.screen, WorksheetScreen)
        header = segments.get_header(app.screen.segment_no)
        assert (header.description, header.interaction_template_code) == ("Calls", "MEETING")


async def test_header_form_saves_language_flow_initiated_and_campaign_fields(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        await press(pilot, "h")
        form = app.screen
        assert isinstance(form, FormScreen)
        keys = [f.key for f in form.fields]
        for key in ("language_code_default", "information_flow", "initiated_by"):
            assert key in keys
        assert {"campaign_target", "campaign_response"} <= set(keys)
        await fill_form(
            pilot,
            {
                "language_code_default": Pick("DEU"),
                "information_flow": Pick("inbound"),
                "initiated_by": "them",
                "campaign_no": Pick("CP00001"),
                "campaign_target": Pick("yes"),
                "campaign_response": "yes",
            },
        )
        if isinstance(app.screen, ConfirmScreen):  # "Update lines?": the header only
            await press(pilot, "n")
        header = segments.get_header(SEGMENT)
        assert header.language_code_default == "DEU"
        assert (header.information_flow, header.initiated_by) == ("inbound", "them")
        assert (header.campaign_no, header.campaign_target, header.campaign_response) == (
            "CP00001",
            True,
            True,
        )
        assert any("Header saved" in n.message for n in app._notifications)


async def test_picker_lists_values_with_counts_builds_a_b_and_enter_reduces(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_worksheet(pilot)
        grouped = {
            c.no
            for c in contacts.list_contacts(
                criteria.parse_filters(["mailing_group.code=EVENTS|NEWS"])
            )
        }
        before = {line.contact_no for line in segments.list_lines(SEGMENT)}
        assert before & grouped, "the test segment should hold some of these contacts"

        await press(pilot, "r")
        picker = app.screen
        assert isinstance(picker, CriteriaPickerScreen)
        assert picker.query_one("#run_reduce", Button).variant == "primary"
        assert picker.query_one("#run_add", Button).variant == "default"
        assert not picker.query_one("#allow_existing", Checkbox).display
        assert picker.query_one("#entire_companies", Checkbox).display
        assert "when empty, runs Reduce Contacts" in str(picker.query_one("#enter-hint").render())

        picker.query_one("#source", Select).value = "mailing_group"
        await settle(pilot)
        await press(pilot, "ctrl+l")
        lookup = app.screen
        assert isinstance(lookup, LookupScreen) and lookup.multiple
        labels = dict(lookup.shown)
        assert "6 contacts" in labels["NEWS"] and "2 contacts" in labels["EVENTS"]
        await press(pilot, "space", "down", "space")  # EVENTS, then NEWS
        assert "[x]" in str(lookup.query_one("OptionList").get_option_at_index(1).prompt)
        await press(pilot, "enter")
        assert app.screen is picker
        assert picker.query_one("#expression", Input).value == "EVENTS|NEWS"

        await press(pilot, "enter")  # adds the filter
        assert "mailing_group.code=EVENTS|NEWS" in str(picker.query_one("#filters").render())
        await press(pilot, "enter")  # the expression is empty: Reduce
        assert isinstance(app.screen, WorksheetScreen)
        after = {line.contact_no for line in segments.list_lines(SEGMENT)}
        assert after == before - grouped

        await press(pilot, "a")  # Add shows its own options only
        assert app.screen.query_one("#allow_existing", Checkbox).display
        assert not app.screen.query_one("#entire_companies", Checkbox).display
        assert app.screen.query_one("#run_add", Button).variant == "primary"


async def test_add_contact_finds_by_number_and_by_city(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_worksheet(pilot)
        first = segments.list_lines(SEGMENT, limit=1)[0]
        await press(pilot, "x")
        number = first.contact_no
        await press(pilot, "i", *number.lower(), "enter")  # a burst, in any case
        lines = {line.contact_no for line in segments.list_lines(SEGMENT)}
        assert number in lines

        outside = [c for c in contacts.list_contacts() if c.no not in lines and c.city]
        wanted = outside[0]
        await press(pilot, "i")
        await type_text(pilot, wanted.city)
        lookup = app.screen
        assert isinstance(lookup, LookupScreen)
        found = shown_values(lookup)
        assert wanted.no in found
        assert all(contacts.get_contact(no).city == wanted.city for no in found)
        for _ in range(found.index(wanted.no)):
            await pilot.press("down")
        await press(pilot, "enter")
        assert wanted.no in {line.contact_no for line in segments.list_lines(SEGMENT)}


async def test_contacts_search_finds_by_number_post_code_and_email(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f5", "ctrl+f")
        assert isinstance(app.screen, ContactsScreen)
        table = app.screen.query_one(DataTable)
        someone = contacts.get_contact("CT000042")
        for text in ("ct000042", someone.post_code, someone.email.upper()):
            await press(pilot, "ctrl+f", "ctrl+u")
            await type_text(pilot, text)
            await press(pilot, "enter")
            shown = [str(key.value) for key in table.rows]
            assert "CT000042" in shown
            wanted = text.lower()
            for no in shown:
                c = contacts.get_contact(no)
                assert any(
                    wanted in v.lower() for v in (c.no, c.name, c.city, c.post_code, c.email)
                )
        status = str(app.screen.query_one("#status", Static).render())
        assert "1 contact" in status or "contacts" in status
