"""Setup: code tables, salespeople, campaigns, profile questionnaires and contact links."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.contacts import create_contact
from segtui.services.setup import (
    add_profile_answer,
    contact_classification,
    create_answer,
    create_campaign,
    create_code,
    create_question,
    create_salesperson,
    link_contact,
    list_campaigns,
    list_codes,
    list_questions,
    list_salespeople,
    unlink_contact,
)


def test_code_tables_of_every_kind(database: pw.Database) -> None:
    for kind in (
        "territory",
        "country",
        "language",
        "mailing_group",
        "industry_group",
        "business_relation",
        "job_responsibility",
        "interaction_group",
    ):
        create_code(kind, "B", "Second")
        create_code(kind, "A", "First")
        assert [(e.code, e.text) for e in list_codes(kind)] == [("A", "First"), ("B", "Second")]
    with pytest.raises(Refused, match="mailing group 'A' already exists"):
        create_code("mailing_group", "A")
    with pytest.raises(InvalidInput, match="unknown kind 'colour'"):
        create_code("colour", "RED")
    with pytest.raises(InvalidInput, match="territory code must not be empty"):
        create_code("territory", "  ")


def test_salespeople_and_campaigns(database: pw.Database) -> None:
    create_salesperson("AH", "Annette Hill", "annette@example.com", "+44 1", "Sales Manager")
    assert [s.name for s in list_salespeople()] == ["Annette Hill"]
    spring = create_campaign("Spring fair", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    assert spring.no == "CP00001"
    assert [c.description for c in list_campaigns()] == ["Spring fair"]
    with pytest.raises(InvalidInput, match="ending date 2026-01-01 is before its starting date"):
        create_campaign("Backwards", dt.date(2026, 3, 1), dt.date(2026, 1, 1))


def test_profile_questionnaire_and_answers(database: pw.Database) -> None:
    create_code("profile_questionnaire", "CUSTOMER", "Customer profile")
    create_question("CUSTOMER", "SIZE", "Company size")
    create_answer("CUSTOMER", "SIZE", "SMALL", "Under 50")
    create_answer("CUSTOMER", "SIZE", "LARGE", "Over 500")
    (question,) = list_questions("CUSTOMER")
    assert [a.code for a in question.answers] == ["LARGE", "SMALL"]
    contact = create_contact({"name": "Acme"})
    add_profile_answer(contact.no, "CUSTOMER", "SIZE", "SMALL")
    assert contact_classification(contact.no).profile_answers == ("CUSTOMER/SIZE/SMALL",)
    with pytest.raises(InvalidInput, match="CUSTOMER/SIZE has no answer 'HUGE'"):
        add_profile_answer(contact.no, "CUSTOMER", "SIZE", "HUGE")
    with pytest.raises(NotFound, match="profile question CUSTOMER/AGE does not exist"):
        create_answer("CUSTOMER", "AGE", "OLD")


def test_links_respect_contact_types(database: pw.Database) -> None:
    for kind in ("mailing_group", "industry_group", "business_relation", "job_responsibility"):
        create_code(kind, "X")
    company = create_contact({"name": "Acme"})
    person = create_contact({"name": "Anna", "type": "person", "company_no": company.no})
    link_contact("industry_group", company.no, "X")
    link_contact("business_relation", company.no, "X")
    link_contact("job_responsibility", person.no, "X")
    link_contact("mailing_group", person.no, "X")
    link_contact("mailing_group", person.no, "X")  # twice is once
    assert contact_classification(person.no).mailing_groups == ("X",)
    assert contact_classification(person.no).job_responsibilities == ("X",)
    assert contact_classification(company.no).industry_groups == ("X",)
    with pytest.raises(Refused, match="industry group is for company contacts"):
        link_contact("industry_group", person.no, "X")
    with pytest.raises(Refused, match="job responsibility is for person contacts"):
        link_contact("job_responsibility", company.no, "X")
    with pytest.raises(InvalidInput, match="mailing group 'NOPE' does not exist"):
        link_contact("mailing_group", person.no, "NOPE")
    with pytest.raises(NotFound, match="contact 'CT404' does not exist"):
        link_contact("mailing_group", "CT404", "X")
    unlink_contact("mailing_group", person.no, "X")
    assert contact_classification(person.no).mailing_groups == ()
