"""Add / Reduce / Refine, manual add and remove, Reuse Segment, Go Back and Redo."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segtui.db import models as m
from segtui.domain.criteria import CriteriaOptions
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.segments import criteria, segments
from tests.factories import (
    line_contacts,
    make_company_with_persons,
    make_contact,
    make_logged_segment,
    make_template,
    table_rows,
)


@dataclass
class People:
    """Contact numbers by first name (companies by their name)."""

    acme: str
    anna: str
    bob: str
    eve: str
    globex: str
    carla: str
    dave: str


@pytest.fixture
def people(database: pw.Database) -> People:
    """Acme (London) with Anna (London), Bob (Leeds) and privacy-blocked Eve (London);
    Globex (Paris) with Carla (Paris); Dave, a lone Londoner excluded from segments."""
    acme, (anna, bob, eve) = make_company_with_persons(
        "Acme", ["Anna", "Bob", "Eve"], city="London"
    )
    m.Contact.update(city="Leeds").where(m.Contact.no == bob.no).execute()
    m.Contact.update(privacy_blocked=True).where(m.Contact.no == eve.no).execute()
    globex, (carla,) = make_company_with_persons("Globex", ["Carla"], city="Paris")
    dave = make_contact("Dave", type="person", city="London", exclude_from_segment=True)
    return People(acme.no, anna.no, bob.no, eve.no, globex.no, carla.no, dave.no)


@pytest.fixture
def seg(database: pw.Database) -> str:
    """An empty segment with a letter template."""
    make_template("LETTER", correspondence_type_default="hard_copy")
    return segments.create_segment("Spring mailing", template="LETTER")


def add(seg: str, *filters: str, **options: bool) -> criteria.CriteriaActionView:
    """Add Contacts with filters written as text."""
    return criteria.add_contacts(seg, criteria.parse_filters(filters), CriteriaOptions(**options))


def in_segment(seg: str) -> list[str]:
    """The contact numbers of the segment's lines, in line order."""
    return line_contacts(seg)


# --- Add -----------------------------------------------------------------------------------


def test_add_inserts_matching_contacts_but_never_excluded_or_blocked(
    people: People, seg: str
) -> None:
    action = add(seg, "contact.city=London")
    assert sorted(in_segment(seg)) == sorted([people.acme, people.anna])
    assert (action.kind, action.count_before, action.count_after) == ("add", 0, 2)
    assert action.filters == ("contact.city=London",)
    lines = segments.list_lines(seg)
    assert [line.line_no for line in lines] == [1, 2]
    assert {line.description for line in lines} == {"Spring mailing"}
    assert {line.interaction_template_code for line in lines} == {"LETTER"}


def test_add_skips_existing_contacts_unless_allowed(people: People, seg: str) -> None:
    add(seg, "contact.city=London")
    again = add(seg, "contact.city=London|Paris")
    assert (again.count_before, again.count_after) == (2, 4)
    assert sorted(in_segment(seg)) == sorted(
        [people.acme, people.anna, people.globex, people.carla]
    )
    dupes = add(seg, "contact.city=London", allow_existing=True)
    assert (dupes.count_before, dupes.count_after) == (4, 6)
    assert in_segment(seg).count(people.anna) == 2
    assert [line.line_no for line in segments.list_lines(seg)] == [1, 2, 3, 4, 5, 6]


def test_expand_companies_brings_a_company_s_persons(people: People, seg: str) -> None:
    add(seg, f"contact.no={people.acme}", expand_companies=True)
    # Eve is privacy-blocked: even as Acme's person she is not added.
    assert sorted(in_segment(seg)) == sorted([people.acme, people.anna, people.bob])


def test_without_expand_companies_only_the_company(people: People, seg: str) -> None:
    add(seg, f"contact.no={people.acme}")
    assert in_segment(seg) == [people.acme]


def test_allow_related_companies_brings_a_person_s_company(people: People, seg: str) -> None:
    add(seg, "contact.name=Carla", allow_related_companies=True)
    assert sorted(in_segment(seg)) == sorted([people.globex, people.carla])
    add(seg, "contact.name=Dave", allow_related_companies=True, ignore_exclusion=True)
    assert people.dave in in_segment(seg)  # a person without a company brings nobody


def test_ignore_exclusion_adds_excluded_contacts(people: People, seg: str) -> None:
    add(seg, "contact.name=Dave")
    assert in_segment(seg) == []
    add(seg, "contact.name=Dave", ignore_exclusion=True)
    assert in_segment(seg) == [people.dave]


def test_privacy_blocked_contacts_are_never_added(people: People, seg: str) -> None:
    every_option = dict(
        allow_existing=True,
        expand_companies=True,
        allow_related_companies=True,
        ignore_exclusion=True,
    )
    action = add(seg, "contact.name=Eve", **every_option)
    assert people.eve not in in_segment(seg)
    assert people.acme in in_segment(seg)  # her company, brought by allow related companies
    add(seg, "contact.privacy_blocked=yes", **every_option)
    assert people.eve not in in_segment(seg)
    assert action.options == every_option


def test_add_with_no_filters_adds_every_addable_contact(people: People, seg: str) -> None:
    criteria.add_contacts(seg, [])
    assert sorted(in_segment(seg)) == sorted(
        [people.acme, people.anna, people.bob, people.globex, people.carla]
    )


def test_add_to_an_unknown_segment_changes_nothing(people: People) -> None:
    before = table_rows()
    with pytest.raises(NotFound, match="SEG99999"):
        add("SEG99999", "contact.city=London")
    assert table_rows() == before


# --- Reduce / Refine -----------------------------------------------------------------------


@pytest.fixture
def full(people: People, seg: str) -> str:
    """The segment with every addable contact: Acme, Anna, Bob, Globex, Carla."""
    criteria.add_contacts(seg, [])
    return seg


def test_reduce_removes_matches_and_refine_keeps_only_them(people: People, full: str) -> None:
    reduced = criteria.reduce_contacts(full, criteria.parse_filters(["contact.city=London"]))
    assert sorted(in_segment(full)) == sorted([people.bob, people.globex, people.carla])
    assert (reduced.kind, reduced.count_before, reduced.count_after) == ("reduce", 5, 3)
    refined = criteria.refine_contacts(full, criteria.parse_filters(["contact.type=person"]))
    assert sorted(in_segment(full)) == sorted([people.bob, people.carla])
    assert (refined.kind, refined.count_before, refined.count_after) == ("refine", 3, 2)


def test_reduce_and_refine_with_entire_companies(people: People, full: str) -> None:
    leeds = criteria.parse_filters(["contact.city=Leeds"])
    criteria.refine_contacts(full, leeds, entire_companies=True)
    # Bob lives in Leeds, so his whole company stays: Acme, Anna and Bob.
    assert sorted(in_segment(full)) == sorted([people.acme, people.anna, people.bob])
    criteria.go_back(full)
    criteria.reduce_contacts(full, leeds, entire_companies=True)
    assert sorted(in_segment(full)) == sorted([people.globex, people.carla])
    criteria.go_back(full)
    criteria.reduce_contacts(full, leeds)
    assert people.bob not in in_segment(full)
    assert people.anna in in_segment(full)


def test_reduce_and_refine_need_a_filter(full: str) -> None:
    before = table_rows()
    for verb in (criteria.reduce_contacts, criteria.refine_contacts):
        with pytest.raises(InvalidInput, match="at least one filter"):
            verb(full, [])
    assert table_rows() == before


def test_reduce_on_a_related_source(people: People, full: str) -> None:
    m.IndustryGroup.create(code="RETAIL")
    m.ContactIndustryGroup.create(contact=people.acme, industry_group="RETAIL")
    criteria.reduce_contacts(full, criteria.parse_filters(["industry_group.code=RETAIL"]))
    assert sorted(in_segment(full)) == sorted([people.globex, people.carla])


# --- manual add / remove -------------------------------------------------------------------


def test_manual_add_refuses_blocked_and_duplicate_contacts(people: People, seg: str) -> None:
    action = criteria.add_manual(seg, [people.dave.lower(), people.bob])
    assert action.kind == "manual_add"
    assert action.options == {"contacts": [people.dave, people.bob]}
    assert sorted(in_segment(seg)) == sorted([people.dave, people.bob])
    before = table_rows()
    with pytest.raises(Refused, match=f"{people.eve} is privacy-blocked"):
        criteria.add_manual(seg, [people.carla, people.eve])
    with pytest.raises(Refused, match=f"{people.bob} is already in {seg}"):
        criteria.add_manual(seg, [people.carla, people.bob])
    with pytest.raises(NotFound, match="CT999999"):
        criteria.add_manual(seg, ["CT999999"])
    with pytest.raises(InvalidInput):
        criteria.add_manual(seg, ["  "])
    assert table_rows() == before


def test_remove_by_line_or_contact(people: People, full: str) -> None:
    first = segments.list_lines(full)[0]
    removed = criteria.remove_lines(full, line_nos=[first.line_no])
    assert (removed.kind, removed.count_before, removed.count_after) == ("manual_remove", 5, 4)
    assert first.contact_no not in in_segment(full)
    criteria.remove_lines(full, contact_no=people.carla.lower())
    assert people.carla not in in_segment(full)
    before = table_rows()
    with pytest.raises(NotFound, match="line 99"):
        criteria.remove_lines(full, line_nos=[99])
    with pytest.raises(NotFound, match=people.carla):
        criteria.remove_lines(full, contact_no=people.carla)
    with pytest.raises(InvalidInput):
        criteria.remove_lines(full)
    assert table_rows() == before


# --- Go Back / Redo ------------------------------------------------------------------------


def test_go_back_after_reduce_restores_overrides_and_comments_exactly(
    people: People, full: str
) -> None:
    anna_line = next(line for line in segments.list_lines(full) if line.contact_no == people.anna)
    segments.set_line(full, anna_line.line_no, ["description=Just for Anna", "corr_type=email"])
    segments.set_comment(full, "Lovely to meet you\nin Leeds.", contact_no=people.anna)
    before = segments.list_lines(full)
    criteria.reduce_contacts(full, criteria.parse_filters(["contact.city=London"]))
    assert people.anna not in in_segment(full)
    undone = criteria.go_back(full)
    assert undone.kind == "reduce" and undone.undone
    after = segments.list_lines(full)
    assert after == before
    restored = next(line for line in after if line.contact_no == people.anna)
    assert restored.description == "Just for Anna"
    assert restored.comment == "Lovely to meet you\nin Leeds."
    assert set(restored.overridden) == {"description", "correspondence_type"}


def test_go_back_is_repeatable_down_to_empty(people: People, seg: str) -> None:
    add(seg, "contact.city=London")
    add(seg, "contact.city=Paris")
    criteria.reduce_contacts(seg, criteria.parse_filters(["contact.type=company"]))
    criteria.add_manual(seg, [people.bob])
    criteria.remove_lines(seg, contact_no=people.anna)
    counts = []
    for _ in range(5):
        criteria.go_back(seg)
        counts.append(len(in_segment(seg)))
    assert counts == [3, 2, 4, 2, 0]
    with pytest.raises(Refused, match="no criteria action to go back"):
        criteria.go_back(seg)
    assert all(a.undone for a in criteria.criteria_log(seg))


def test_redo_reapplies_undone_actions_in_order(people: People, seg: str) -> None:
    add(seg, "contact.city=London")
    criteria.reduce_contacts(seg, criteria.parse_filters(["contact.type=company"]))
    after_reduce = segments.list_lines(seg)
    criteria.go_back(seg)
    criteria.go_back(seg)
    assert in_segment(seg) == []
    first = criteria.redo(seg)
    assert (first.kind, first.undone) == ("add", False)
    assert sorted(in_segment(seg)) == sorted([people.acme, people.anna])
    second = criteria.redo(seg)
    assert second.kind == "reduce"
    assert segments.list_lines(seg) == after_reduce
    with pytest.raises(Refused, match="nothing to redo"):
        criteria.redo(seg)


def test_a_new_action_clears_the_redo_stack(people: People, seg: str) -> None:
    add(seg, "contact.city=London")
    add(seg, "contact.city=Paris")
    criteria.go_back(seg)
    new = add(seg, "contact.city=Leeds")
    assert new.action_no == 2
    assert [(a.action_no, a.kind, a.undone) for a in criteria.criteria_log(seg)] == [
        (1, "add", False),
        (2, "add", False),
    ]
    with pytest.raises(Refused, match="nothing to redo"):
        criteria.redo(seg)
    assert sorted(in_segment(seg)) == sorted([people.acme, people.anna, people.bob])


def test_redo_of_a_reduce_keeps_edits_made_after_go_back(people: People, full: str) -> None:
    criteria.reduce_contacts(full, criteria.parse_filters(["contact.name=Anna"]))
    criteria.go_back(full)
    segments.set_comment(full, "written after going back", contact_no=people.anna)
    criteria.redo(full)
    criteria.go_back(full)
    anna = next(line for line in segments.list_lines(full) if line.contact_no == people.anna)
    assert anna.comment == "written after going back"


def test_criteria_log_shows_every_action_with_counts(people: People, seg: str) -> None:
    add(seg, "contact.city=London|Paris", "contact.type=company", expand_companies=True)
    criteria.refine_contacts(
        seg, criteria.parse_filters(["contact.city=London"]), entire_companies=True
    )
    criteria.add_manual(seg, [people.carla])
    log = criteria.criteria_log(seg)
    assert [(a.action_no, a.kind, a.count_before, a.count_after) for a in log] == [
        (1, "add", 0, 5),
        (2, "refine", 5, 3),
        (3, "manual_add", 3, 4),
    ]
    assert log[0].filters == ("contact.city=London|Paris", "contact.type=company")
    assert log[0].summary == (
        "add · contact.city=London|Paris · contact.type=company · expand companies"
    )
    assert log[1].options == {"entire_companies": True}
    assert log[0].created_by == "tester"
    assert segments.get_header(seg).no_of_criteria_actions == 3


# --- Reuse Segment -------------------------------------------------------------------------


def test_reuse_segment_adds_the_logged_contacts(people: People, seg: str) -> None:
    logged = make_logged_segment(
        [m.Contact.get_by_id(n) for n in (people.anna, people.carla, people.dave)]
    )
    add(seg, "contact.name=Anna")
    action = criteria.reuse_segment(seg, logged.entry_no)
    assert action.kind == "reuse_segment"
    assert sorted(in_segment(seg)) == sorted([people.anna, people.carla, people.dave])
    criteria.go_back(seg)
    assert in_segment(seg) == [people.anna]
    criteria.reuse_segment(seg, logged.entry_no, allow_existing=True)
    assert sorted(in_segment(seg)) == sorted([people.anna, people.anna, people.carla, people.dave])


def test_reuse_segment_never_adds_privacy_blocked_contacts(people: People, seg: str) -> None:
    logged = make_logged_segment([m.Contact.get_by_id(n) for n in (people.eve, people.bob)])
    criteria.reuse_segment(seg, logged.entry_no)
    assert in_segment(seg) == [people.bob]


def test_reuse_of_an_unknown_logged_segment_changes_nothing(seg: str) -> None:
    before = table_rows()
    with pytest.raises(NotFound, match="logged segment 42"):
        criteria.reuse_segment(seg, 42)
    assert table_rows() == before


def test_live_count_matches_what_add_would_consider(people: People) -> None:
    filters = criteria.parse_filters(["contact.city=London"])
    # The count is of matching contacts, before the add rules (exclusion, privacy).
    assert criteria.count_matching_contacts(filters) == 4


PREVIEWED = [
    (["contact.city=London"], CriteriaOptions()),
    (["contact.city=London"], CriteriaOptions(ignore_exclusion=True, allow_existing=True)),
    (["contact.type=company"], CriteriaOptions(expand_companies=True)),
    (["contact.name=Carla"], CriteriaOptions(allow_related_companies=True)),
    (["contact.city=Leeds"], CriteriaOptions(entire_companies=True)),
    ([], CriteriaOptions()),
]


@pytest.mark.parametrize(("texts", "options"), PREVIEWED)
def test_preview_counts_what_each_verb_then_does(
    people: People, seg: str, texts: list[str], options: CriteriaOptions
) -> None:
    add(seg, "contact.city=London|Paris")  # Acme, Anna, Globex, Carla: Eve and Dave never
    filters = criteria.parse_filters(texts)

    counted = criteria.preview(seg, filters, options)

    added = criteria.add_contacts(seg, filters, options)
    assert counted.to_add == added.count_after - added.count_before
    criteria.go_back(seg)
    if not filters:
        assert (counted.to_reduce, counted.to_refine) == (None, None)
        return
    for verb, expected in (
        (criteria.reduce_contacts, counted.to_reduce),
        (criteria.refine_contacts, counted.to_refine),
    ):
        done = verb(seg, filters, entire_companies=options.entire_companies)
        assert expected == done.count_before - done.count_after, verb.__name__
        criteria.go_back(seg)


def test_preview_leaves_out_what_add_would_skip(people: People, seg: str) -> None:
    add(seg, "contact.name=Anna")
    london = criteria.parse_filters(["contact.city=London"])

    counted = criteria.preview(seg, london)

    # Acme, Anna, Eve (blocked) and Dave (excluded) match; only Acme can still be added.
    assert (criteria.count_matching_contacts(london), counted.to_add) == (4, 1)
    assert (counted.to_reduce, counted.to_refine) == (1, 0)
    assert criteria.preview(seg, london, CriteriaOptions(ignore_exclusion=True)).to_add == 2


# --- any sequence of actions can be walked back and forth ---------------------------------

STEP = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(["contact.city=London", "contact.city=Paris|Leeds", "contact.no=*"]),
        st.booleans(),
        st.booleans(),
    ),
    st.tuples(
        st.sampled_from(["reduce", "refine"]),
        st.sampled_from(["contact.type=company", "contact.city=London", "contact.name=A*"]),
        st.booleans(),
        st.just(False),
    ),
    st.tuples(st.just("remove"), st.integers(1, 6), st.just(False), st.just(False)),
    st.tuples(st.just("edit"), st.integers(1, 6), st.just(False), st.just(False)),
)


def _keys(seg: str) -> list[tuple[int, str]]:
    """The segment's lines as (line number, contact number)."""
    return [(line.line_no, line.contact_no) for line in segments.list_lines(seg)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(STEP, min_size=1, max_size=6))
def test_go_back_and_redo_walk_through_exact_states(
    people: People, steps: list[tuple[str, object, bool, bool]]
) -> None:
    """Line edits are not actions: they survive Go Back and Redo wherever their line goes."""
    seg = segments.create_segment("Walk")
    states = [_keys(seg)]
    for verb, arg, flag, other in steps:
        if verb == "add":
            add(seg, str(arg), allow_existing=flag, expand_companies=other)
        elif verb in ("reduce", "refine"):
            narrow = criteria.reduce_contacts if verb == "reduce" else criteria.refine_contacts
            narrow(seg, criteria.parse_filters([str(arg)]), entire_companies=flag)
        else:
            present = segments.list_lines(seg)
            if not present:
                continue
            line = present[int(str(arg)) % len(present)]
            if verb == "remove":
                criteria.remove_lines(seg, line_nos=[line.line_no])
            else:
                segments.set_line(seg, line.line_no, [f"description=edited {arg}"])
                segments.set_comment(seg, f"comment {arg}", line_no=line.line_no)
                continue
        states.append(_keys(seg))
    final = segments.list_lines(seg)
    for expected in reversed(states[:-1]):
        criteria.go_back(seg)
        assert _keys(seg) == expected
    assert segments.list_lines(seg) == []
    for expected in states[1:]:
        criteria.redo(seg)
        assert _keys(seg) == expected
    assert segments.list_lines(seg) == final
