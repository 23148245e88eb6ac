"""Segment headers and lines: create, list, show, header → lines, overrides, comments."""

from __future__ import annotations

import datetime as dt
import decimal

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import Conflict, InvalidInput, NotFound
from segtui.domain.segments import resolve_correspondence_type
from segtui.services.segments import criteria, segments
from tests.factories import make_contact, make_template, table_counts, table_rows


@pytest.fixture
def templates(database: pw.Database) -> None:
    """LETTER (hard copy, outbound, 1.50, subject in EN) and EMAIL (email, ignores contacts)."""
    m.Language.create(code="EN", name="English")
    make_template(
        "LETTER",
        subject="Spring offer",
        correspondence_type_default="hard_copy",
        information_flow="outbound",
        initiated_by="us",
        unit_cost=decimal.Decimal("1.50"),
        unit_duration_min=decimal.Decimal("5"),
        language_code_default="EN",
    )
    make_template(
        "EMAIL",
        correspondence_type_default="email",
        ignore_contact_corres_type=True,
        unit_cost=decimal.Decimal("0.10"),
    )


def lines_of(no: str) -> dict[str, segments.d.SegmentLine]:
    """The segment's lines by contact name."""
    return {line.contact_name: line for line in segments.list_lines(no)}


# --- create, list, show --------------------------------------------------------------------


def test_create_numbers_from_the_series_and_copies_template_defaults(templates: None) -> None:
    first = segments.create_segment("Spring mailing", template="letter")
    second = segments.create_segment("Autumn", date="2026-09-01", subject="Own subject")
    assert (first, second) == ("SEG00001", "SEG00002")
    header = segments.get_header(first)
    assert header.interaction_template_code == "LETTER"
    assert header.correspondence_type_default == "hard_copy"
    assert header.information_flow == "outbound"
    assert header.initiated_by == "us"
    assert header.unit_cost == decimal.Decimal("1.50")
    assert header.unit_duration_min == decimal.Decimal("5.00")
    assert header.language_code_default == "EN"
    assert header.subject_default == "Spring offer"
    assert header.date == dt.date.today()
    assert header.created_by == "tester"
    assert (header.no_of_lines, header.no_of_criteria_actions) == (0, 0)
    other = segments.get_header(second)
    assert (other.date, other.subject_default, other.interaction_template_code) == (
        dt.date(2026, 9, 1),
        "Own subject",
        "",
    )


def test_what_the_user_says_wins_over_template_defaults(templates: None) -> None:
    no = segments.create_segment(
        "Mailing", template="LETTER", subject="Mine", correspondence_type="email"
    )
    header = segments.get_header(no)
    assert (header.subject_default, header.correspondence_type_default) == ("Mine", "email")


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"description": "  "}, InvalidInput, "needs a description"),
        ({"description": "x", "template": "NOPE"}, NotFound, "interaction template 'NOPE'"),
        ({"description": "x", "date": "2026-02-30"}, InvalidInput, "date: '2026-02-30'"),
        ({"description": "x", "correspondence_type": "fax"}, InvalidInput, "'fax' is not one"),
        ({"description": "x", "salesperson": "ZZ"}, NotFound, "salesperson 'ZZ'"),
        ({"description": "x" * 101}, InvalidInput, "longer than 100"),
    ],
)
def test_bad_new_segments_change_nothing(
    templates: None, kwargs: dict[str, str], error: type[Exception], text: str
) -> None:
    before = table_rows()
    kwargs = dict(kwargs)  # the parametrized dict is shared by both backends' runs
    description = kwargs.pop("description")
    with pytest.raises(error, match=text):
        segments.create_segment(description, **kwargs)
    assert table_rows() == before


def test_list_and_show(templates: None) -> None:
    a = segments.create_segment("A")
    b = segments.create_segment("B")
    make_contact("Anna", type="person")
    criteria.add_contacts(b, [])
    assert [(s.no, s.description, s.no_of_lines) for s in segments.list_segments()] == [
        (a, "A", 0),
        (b, "B", 1),
    ]
    header = segments.get_header(b.lower())
    assert (header.no, header.no_of_lines, header.no_of_criteria_actions) == (b, 1, 1)
    with pytest.raises(NotFound, match="SEG00404"):
        segments.get_header("SEG00404")


def test_totals_follow_the_number_of_lines(templates: None) -> None:
    no = segments.create_segment("Mailing", template="LETTER")
    for name in ("A", "B", "C"):
        make_contact(name)
    criteria.add_contacts(no, [])
    header = segments.get_header(no)
    assert header.total_cost == decimal.Decimal("4.50")
    assert header.total_duration_min == decimal.Decimal("15.00")


def test_delete_segment_removes_lines_actions_and_history(templates: None) -> None:
    keep = segments.create_segment("Keep")
    gone = segments.create_segment("Gone")
    for name in ("A", "B"):
        make_contact(name)
    for no in (keep, gone):
        criteria.add_contacts(no, [])
        criteria.reduce_contacts(no, criteria.parse_filters(["contact.name=A"]))
    before = table_counts()
    segments.delete_segment(gone.lower())
    after = table_counts()
    assert after["segment_header"] == before["segment_header"] - 1
    assert after["segment_line"] == before["segment_line"] - 1
    assert after["criteria_action"] == before["criteria_action"] - 2
    assert after["segment_history"] == before["segment_history"] - 1
    assert [s.no for s in segments.list_segments()] == [keep]
    rows = table_rows()
    with pytest.raises(NotFound):
        segments.delete_segment(gone)
    assert table_rows() == rows


# --- header → lines ------------------------------------------------------------------------


@pytest.fixture
def mailing(templates: None) -> str:
    """A LETTER segment with Anna (hard copy), Bob (email) and Carla (no preference)."""
    make_contact("Anna", type="person", correspondence_type="hard_copy", language_code="DE")
    make_contact("Bob", type="person", correspondence_type="email")
    make_contact("Carla", type="person")
    no = segments.create_segment("Spring mailing", template="LETTER")
    criteria.add_contacts(no, [])
    return no


def test_new_lines_copy_the_header(mailing: str) -> None:
    line = lines_of(mailing)["Anna"]
    assert line.description == "Spring mailing"
    assert line.subject == "Spring offer"
    assert line.interaction_template_code == "LETTER"
    assert line.language_code == "EN"
    assert line.unit_cost == decimal.Decimal("1.50")
    assert line.date == dt.date.today()
    assert line.overridden == ()


def test_header_change_updates_following_lines_only_when_asked(mailing: str) -> None:
    anna, bob = lines_of(mailing)["Anna"], lines_of(mailing)["Bob"]
    segments.set_line(mailing, anna.line_no, ["description=Anna's own"])
    segments.set_line(mailing, bob.line_no, ["template=EMAIL"])
    assert segments.header_change_affects_lines(mailing, ["description=Summer mailing"])
    assert segments.set_header(mailing, ["description=Draft"], update_lines=False) == 0
    assert {line.description for line in segments.list_lines(mailing)} == {
        "Anna's own",
        "Spring mailing",
    }
    segments.set_header(mailing, ["description=Summer mailing", "cost=2"], update_lines=True)
    shown = lines_of(mailing)
    assert shown["Anna"].description == "Anna's own"  # overridden
    assert shown["Anna"].unit_cost == decimal.Decimal("2.00")  # not overridden
    assert shown["Bob"].description == "Spring mailing"  # another template
    assert shown["Bob"].unit_cost == decimal.Decimal("0.10")
    assert shown["Carla"].description == "Summer mailing"
    assert segments.get_header(mailing).description == "Summer mailing"


def test_header_template_change_reinitialises_following_lines(mailing: str) -> None:
    carla = lines_of(mailing)["Carla"]
    segments.set_line(mailing, carla.line_no, ["corr_type=hard_copy"])
    segments.set_header(mailing, ["template=EMAIL"], update_lines=True)
    header = segments.get_header(mailing)
    assert header.interaction_template_code == "EMAIL"
    assert header.correspondence_type_default == "email"
    shown = lines_of(mailing)
    assert {line.interaction_template_code for line in shown.values()} == {"EMAIL"}
    assert shown["Anna"].correspondence_type == "email"  # EMAIL ignores the contact's type
    assert shown["Anna"].unit_cost == decimal.Decimal("0.10")
    assert shown["Carla"].correspondence_type == "hard_copy"  # overridden, kept


def test_lines_following_a_template_change_are_counted_for_a_real_template(
    mailing: str,
) -> None:
    bob = lines_of(mailing)["Bob"]
    segments.set_line(mailing, bob.line_no, ["template=EMAIL"])
    assert segments.lines_following_template_change(mailing, ["template=EMAIL"]) == 2
    assert segments.lines_following_template_change(mailing, ["template=LETTER"]) == 0
    assert segments.lines_following_template_change(mailing, ["description=Other"]) == 0
    # A template that does not exist is refused before anyone is asked about the lines.
    with pytest.raises(NotFound, match="interaction template 'NOPE' does not exist"):
        segments.lines_following_template_change(mailing, ["template=NOPE"])


def test_header_change_that_changes_nothing(mailing: str) -> None:
    assert not segments.header_change_affects_lines(mailing, ["description=Spring mailing"])
    assert segments.set_header(mailing, ["description=Spring mailing"], update_lines=True) == 0


@pytest.mark.parametrize(
    ("assignment", "error", "text"),
    [
        ("colour=red", InvalidInput, "unknown segment field 'colour'"),
        ("description=", InvalidInput, "needs a description"),
        ("date=tomorrow", InvalidInput, "date: 'tomorrow'"),
        ("cost=-1", InvalidInput, "unit_cost"),
        ("template=NOPE", NotFound, "NOPE"),
        ("nonsense", InvalidInput, "FIELD=VALUE"),
    ],
)
def test_bad_header_changes_change_nothing(
    mailing: str, assignment: str, error: type[Exception], text: str
) -> None:
    before = table_rows()
    with pytest.raises(error, match=text):
        segments.set_header(mailing, [assignment], update_lines=True)
    assert table_rows() == before


# --- correspondence type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment_ignore", "segment_default", "template_ignore", "template_default", "contact", "want"),
    [
        (True, "hard_copy", True, "email", "email", "hard_copy"),  # (1) the segment decides
        (True, "", False, "email", "hard_copy", "hard_copy"),  # (1) needs a default
        (False, "hard_copy", True, "email", "hard_copy", "email"),  # (2) template ignores
        (False, "hard_copy", False, "email", "", "email"),  # (2) contact has none
        (False, "hard_copy", False, "", "", "hard_copy"),  # no template default
        (False, "hard_copy", False, "email", "hard_copy", "hard_copy"),  # (3) the contact's
    ],
)
def test_correspondence_rules(
    segment_ignore: bool,
    segment_default: str,
    template_ignore: bool,
    template_default: str,
    contact: str,
    want: str,
) -> None:
    got = resolve_correspondence_type(
        segment_ignore, segment_default, template_ignore, template_default, contact
    )
    assert got == want


def test_correspondence_type_of_lines_in_the_database(templates: None) -> None:
    make_contact("Anna", type="person", correspondence_type="hard_copy")
    make_contact("Bob", type="person", correspondence_type="email")
    make_contact("Carla", type="person")
    contact_rule = segments.create_segment("Contacts decide", template="LETTER")
    template_rule = segments.create_segment("Template decides", template="EMAIL")
    segments.set_header(template_rule, ["ignore_contact_corres_type=no"], update_lines=False)
    segment_rule = segments.create_segment("Segment decides", template="LETTER")
    segments.set_header(
        segment_rule, ["ignore_contact_corres_type=yes", "corr_type=email"], update_lines=False
    )
    for no in (contact_rule, template_rule, segment_rule):
        criteria.add_contacts(no, [])

    def types(no: str) -> dict[str, str]:
        return {name: line.correspondence_type for name, line in lines_of(no).items()}

    assert types(contact_rule) == {"Anna": "hard_copy", "Bob": "email", "Carla": "hard_copy"}
    assert types(template_rule) == {"Anna": "email", "Bob": "email", "Carla": "email"}
    assert types(segment_rule) == {"Anna": "email", "Bob": "email", "Carla": "email"}


# --- lines ---------------------------------------------------------------------------------


def test_line_overrides_are_marked(mailing: str) -> None:
    anna = lines_of(mailing)["Anna"]
    changed = segments.set_line(
        mailing, anna.line_no, ["description=Anna's", "Subject=Hello", "cost=3", "date="]
    )
    assert changed.description == "Anna's"
    assert changed.subject == "Hello"
    assert changed.unit_cost == decimal.Decimal("3.00")
    assert changed.date is None
    assert set(changed.overridden) == {"description", "subject", "unit_cost", "date"}
    assert changed.version == anna.version + 1


def test_a_different_template_on_a_line_reinitialises_it(mailing: str) -> None:
    anna = lines_of(mailing)["Anna"]
    segments.set_line(mailing, anna.line_no, ["cost=9", "corr_type=hard_copy"])
    changed = segments.set_line(mailing, anna.line_no, ["template=EMAIL"])
    assert changed.interaction_template_code == "EMAIL"
    assert changed.unit_cost == decimal.Decimal("0.10")
    assert changed.correspondence_type == "email"
    # As Business Central: a template without language versions gives the line none.
    assert changed.language_code == ""
    assert changed.overridden == ("interaction_template_code",)


def test_stale_line_edits_are_refused(mailing: str) -> None:
    anna = lines_of(mailing)["Anna"]
    segments.set_line(mailing, anna.line_no, ["description=First"], expected_version=anna.version)
    before = table_rows()
    with pytest.raises(Conflict, match="changed by someone else"):
        segments.set_line(
            mailing, anna.line_no, ["description=Second"], expected_version=anna.version
        )
    assert table_rows() == before
    assert lines_of(mailing)["Anna"].description == "First"


@pytest.mark.parametrize(
    ("line_no", "assignment", "error", "text"),
    [
        (1, "colour=red", InvalidInput, "unknown line field 'colour'"),
        (1, "corr_type=fax", InvalidInput, "'fax'"),
        (1, "language=XX", NotFound, "language 'XX'"),
        (99, "description=x", NotFound, "no line 99"),
    ],
)
def test_bad_line_edits_change_nothing(
    mailing: str, line_no: int, assignment: str, error: type[Exception], text: str
) -> None:
    before = table_rows()
    with pytest.raises(error, match=text):
        segments.set_line(mailing, line_no, [assignment])
    assert table_rows() == before


def test_comments(mailing: str) -> None:
    anna = lines_of(mailing)["Anna"]
    assert segments.set_comment(mailing, "Dear friend,\r\nsee you!\r\n", contact_no="ct000001")
    assert lines_of(mailing)["Anna"].comment == "Dear friend,\nsee you!"
    segments.set_comment(mailing, "Tab\there", line_no=anna.line_no)
    assert lines_of(mailing)["Anna"].comment == "Tab\there"
    before = table_rows()
    with pytest.raises(InvalidInput, match="control character"):
        segments.set_comment(mailing, "bell\x07", contact_no=anna.contact_no)
    with pytest.raises(InvalidInput, match="10 000"):
        segments.set_comment(mailing, "x" * 10_001, contact_no=anna.contact_no)
    with pytest.raises(NotFound, match="CT000999"):
        segments.set_comment(mailing, "hi", contact_no="CT000999")
    with pytest.raises(Conflict):
        segments.set_comment(mailing, "hi", line_no=anna.line_no, expected_version=1)
    with pytest.raises(Conflict):
        segments.set_comment(mailing, "hi", contact_no=anna.contact_no, expected_version=1)
    with pytest.raises(NotFound, match="line 99"):
        segments.set_comment(mailing, "hi", line_no=99, expected_version=1)
    assert table_rows() == before
