"""The criteria compiler against a small real database: every source and field kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.db.criteria import contact_condition, count_matching
from segtui.domain.criteria import parse_filter
from segtui.domain.errors import InvalidInput
from tests.factories import (
    add_business_relation,
    add_industry_group,
    add_job_responsibility,
    add_mailing_group,
    add_profile_answer,
    make_company_with_persons,
    make_contact,
    make_interaction,
)


@dataclass
class World:
    """Contact numbers by name."""

    no: dict[str, str]


@pytest.fixture
def world(database: pw.Database) -> World:
    """Two companies with persons, a lone person, and names with LIKE's special characters."""
    acme, (anna, bob) = make_company_with_persons(
        "Acme Ltd", ["Anna Smith", "Bob Jones"], city="London", email="info@acme.test"
    )
    globex, (carla,) = make_company_with_persons("Globex", ["Carla Diaz"], city="Paris")
    dave = make_contact(
        "Dave Lone", type="person", city="london", exclude_from_segment=True, post_code="10"
    )
    cotton = make_contact("100% Cotton", city="Leeds", privacy_blocked=True)
    thousand = make_contact("1000 Things", city="Leeds")
    under = make_contact("a_b", city="Lyon")
    plain = make_contact("axb", city="Lyon", email="")
    back = make_contact("back\\slash", city="Lyon")
    add_industry_group(acme, "RETAIL")
    add_industry_group(globex, "IT")
    add_business_relation(acme, "CUST")
    add_business_relation(globex, "VEND")
    add_job_responsibility(anna, "PURCH")
    add_job_responsibility(carla, "IT")
    add_mailing_group(anna, "NEWS")
    add_mailing_group(carla, "PRESS")
    add_mailing_group(carla, "NEWS")
    add_mailing_group(acme, "PRESS")
    add_profile_answer(anna, "CUSTOMER", "SIZE", "BIG")
    add_profile_answer(anna, "CUSTOMER", "REGION", "NORTH")
    add_profile_answer(bob, "CUSTOMER", "SIZE", "SMALL")
    add_profile_answer(carla, "SUPPLIER", "SIZE", "BIG")
    make_interaction(anna, date=dt.date(2026, 1, 10), interaction_template_code="LETTER")
    make_interaction(
        anna,
        date=dt.date(2026, 3, 1),
        interaction_template_code="EMAIL",
        evaluation="positive",
    )
    make_interaction(
        bob, date=dt.date(2026, 2, 1), interaction_template_code="LETTER", evaluation="positive"
    )
    make_interaction(carla, date=dt.date(2025, 12, 31), interaction_template_code="LETTER")
    make_interaction(
        carla, date=dt.date(2026, 5, 5), interaction_template_code="MEET", canceled=True
    )
    people = [acme, anna, bob, globex, carla, dave, cotton, thousand, under, plain, back]
    return World({c.name: c.no for c in people})


def names(*filters: str) -> set[str]:
    """The names of the contacts matching filters written `source.field=expression`."""
    parsed = [parse_filter(f) for f in filters]
    query = m.Contact.select(m.Contact.name).where(contact_condition(parsed))
    found = {name for (name,) in query.tuples()}
    assert count_matching(parsed) == len(found)
    return found


ALL = {
    "Acme Ltd",
    "Anna Smith",
    "Bob Jones",
    "Globex",
    "Carla Diaz",
    "Dave Lone",
    "100% Cotton",
    "1000 Things",
    "a_b",
    "axb",
    "back\\slash",
}


def test_no_filters_match_every_contact(world: World) -> None:
    assert names() == ALL


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ("contact.city=London", {"Acme Ltd", "Anna Smith", "Bob Jones"}),
        ("contact.city=london", {"Dave Lone"}),
        ("contact.city=@LONDON", {"Acme Ltd", "Anna Smith", "Bob Jones", "Dave Lone"}),
        ("contact.city=Lon*", {"Acme Ltd", "Anna Smith", "Bob Jones"}),
        ("contact.city=@lon*", {"Acme Ltd", "Anna Smith", "Bob Jones", "Dave Lone"}),
        ("contact.city=*is", {"Globex", "Carla Diaz"}),
        ("contact.city=*ee*", {"100% Cotton", "1000 Things"}),
        ("contact.city=L?on", {"a_b", "axb", "back\\slash"}),
        ("contact.city=Paris|Leeds", {"Globex", "Carla Diaz", "100% Cotton", "1000 Things"}),
        ("contact.city=Le..Lf", {"100% Cotton", "1000 Things"}),
        ("contact.name=..B", {"100% Cotton", "1000 Things", "Acme Ltd", "Anna Smith"}),
        ("contact.name=a..", {"a_b", "axb", "back\\slash"}),
        ("contact.name=A*&<>Anna Smith", {"Acme Ltd"}),
        (
            "contact.name=<>*o*",
            {"Acme Ltd", "Anna Smith", "Carla Diaz", "1000 Things", "a_b", "axb", "back\\slash"},
        ),
        ("contact.name=*o*&<>*n*", {"Globex"}),
        ("contact.email=''", ALL - {"Acme Ltd"}),
        ("contact.email=<>''", {"Acme Ltd"}),
        ("contact.name=>=b&<c", {"back\\slash"}),
    ],
)
def test_contact_text_fields(world: World, flt: str, expected: set[str]) -> None:
    assert names(flt) == expected


def test_several_contact_filters_all_hold(world: World) -> None:
    assert names("contact.type=person", "contact.city=<>Paris") == {
        "Anna Smith",
        "Bob Jones",
        "Dave Lone",
    }


def test_like_wildcards_in_data_are_literal(world: World) -> None:
    assert names("contact.name=100%*") == {"100% Cotton"}
    assert names("contact.name=*_*") == {"a_b"}
    assert names("contact.name=a?b") == {"a_b", "axb"}
    assert names("contact.name=back\\*") == {"back\\slash"}
    assert names("contact.name=@*\\S*") == {"back\\slash"}
    # Quoted, `*` is a plain character, and no name contains one.
    assert names("contact.name='100*'") == set()


def test_boolean_fields(world: World) -> None:
    assert names("contact.privacy_blocked=yes") == {"100% Cotton"}
    assert names("contact.exclude_from_segment=true") == {"Dave Lone"}
    assert len(names("contact.exclude_from_segment=0")) == len(ALL) - 1
    assert len(names("contact.privacy_blocked=no", "contact.exclude_from_segment=no")) == 9


def test_computed_interaction_fields_ignore_canceled_entries(world: World) -> None:
    assert names("contact.no_of_interactions=2") == {"Anna Smith"}
    assert names("contact.no_of_interactions>=1") == {"Anna Smith", "Bob Jones", "Carla Diaz"}
    assert names("contact.no_of_interactions=0") == ALL - {"Anna Smith", "Bob Jones", "Carla Diaz"}
    assert names("contact.date_of_last_interaction=2026-01-01..") == {"Anna Smith", "Bob Jones"}
    # Carla's canceled meeting in May does not count as her last interaction.
    assert names("contact.date_of_last_interaction=..2025-12-31") == {"Carla Diaz"}
    assert names("contact.date_of_last_interaction=''") == ALL - {
        "Anna Smith",
        "Bob Jones",
        "Carla Diaz",
    }


def test_mailing_groups_are_the_contacts_own(world: World) -> None:
    assert names("mailing_group.code=NEWS") == {"Anna Smith", "Carla Diaz"}
    # Acme is in PRESS; its persons do not inherit that.
    assert names("mailing_group.code=PRESS") == {"Acme Ltd", "Carla Diaz"}
    assert names("mailing_group.code=NEWS|PRESS") == {"Acme Ltd", "Anna Smith", "Carla Diaz"}
    assert names("mailing_group.code=<>NEWS") == {"Acme Ltd", "Carla Diaz"}


def test_industry_group_and_business_relation_through_the_company(world: World) -> None:
    assert names("industry_group.code=RETAIL") == {"Acme Ltd", "Anna Smith", "Bob Jones"}
    assert names("industry_group.code=IT") == {"Globex", "Carla Diaz"}
    assert names("business_relation.code=CUST") == {"Acme Ltd", "Anna Smith", "Bob Jones"}
    assert names("business_relation.code=V*") == {"Globex", "Carla Diaz"}
    assert names("business_relation.code=''") == set()


def test_job_responsibility_on_persons(world: World) -> None:
    assert names("job_responsibility.code=PURCH") == {"Anna Smith"}
    assert names("job_responsibility.code=*") == {"Anna Smith", "Carla Diaz"}


def test_profile_answers(world: World) -> None:
    assert names("profile.answer=BIG") == {"Anna Smith", "Carla Diaz"}
    assert names("profile.questionnaire=CUSTOMER") == {"Anna Smith", "Bob Jones"}
    assert names("profile.questionnaire=CUSTOMER", "profile.answer=BIG") == {"Anna Smith"}
    # The three filters must hold on one answer: Anna's NORTH answers REGION, not SIZE.
    assert names("profile.question=SIZE", "profile.answer=NORTH") == set()
    assert names("profile.question=REGION", "profile.answer=NORTH") == {"Anna Smith"}


def test_interaction_history(world: World) -> None:
    assert names("interaction.date=2026-01-01..2026-01-31") == {"Anna Smith"}
    assert names("interaction.date=..2025-12-31") == {"Carla Diaz"}
    assert names("interaction.template=LETTER") == {"Anna Smith", "Bob Jones", "Carla Diaz"}
    assert names("interaction.evaluation=positive") == {"Anna Smith", "Bob Jones"}
    assert names("interaction.canceled=yes") == {"Carla Diaz"}
    assert names("interaction.template=MEET", "interaction.canceled=no") == set()


def test_filters_on_one_source_hold_on_the_same_related_row(world: World) -> None:
    # Anna had a LETTER (not evaluated) and a positive EMAIL; only Bob's LETTER was positive.
    assert names("interaction.template=LETTER", "interaction.evaluation=positive") == {"Bob Jones"}
    # Carla is in NEWS and in PRESS, but no single membership is both.
    assert names("mailing_group.code=NEWS", "mailing_group.code=PRESS") == set()


def test_sources_combine_with_and(world: World) -> None:
    assert names("mailing_group.code=NEWS", "industry_group.code=RETAIL") == {"Anna Smith"}
    assert names("mailing_group.code=NEWS", "contact.city=Paris") == {"Carla Diaz"}
    assert names(
        "industry_group.code=RETAIL", "interaction.evaluation=positive", "contact.type=person"
    ) == {"Anna Smith", "Bob Jones"}
    assert names("job_responsibility.code=IT", "business_relation.code=CUST") == set()


def test_dates_compare_as_dates(world: World) -> None:
    assert names("interaction.date=2026-02-01") == {"Bob Jones"}
    assert names("interaction.date=>2026-02-01") == {"Anna Smith", "Carla Diaz"}
    assert names("interaction.date=<>2026-02-01&..2026-01-31") == {"Anna Smith", "Carla Diaz"}


@pytest.mark.parametrize(
    ("flt", "named"),
    [
        ("interaction.date=last week", "interaction.date"),
        ("interaction.canceled=maybe", "interaction.canceled"),
        ("contact.no_of_interactions=1..lots", "contact.no_of_interactions"),
        ("contact.date_of_last_interaction=2026-02-30", "contact.date_of_last_interaction"),
        ("interaction.date=@2026-01-01", "interaction.date"),
    ],
)
def test_values_of_the_wrong_type_name_source_and_field(flt: str, named: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_filter(flt)
    assert info.value.message.startswith(named + ":")


def test_case_insensitive_matching_folds_non_ascii_letters(database: pw.Database) -> None:
    make_contact("MÜLLER GmbH", city="ÅRHUS")
    make_contact("Deniz Aydın", city="İzmir")
    assert names("contact.name=@müller*") == {"MÜLLER GmbH"}
    assert names("contact.city=@århus") == {"MÜLLER GmbH"}
    assert names("contact.name=@*AYDIN") == set()  # dotless ı is its own letter
    assert names("contact.name=@*aydın") == {"Deniz Aydın"}
    # Without @ the case still counts.
    assert names("contact.name=müller*") == set()
