"""Setup: code tables, salespeople, campaigns, profile questionnaires and contact links."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.setup import CampaignView, CodeEntry, SalespersonView
from segtui.services.contacts.contacts import create_contact
from segtui.services.setup.campaigns import (
    create_campaign,
    edit_campaign,
    list_campaigns,
)
from segtui.services.setup.classification import (
    LINKS,
    add_profile_answer,
    contact_classification,
    link_contact,
    remove_profile_answer,
    unlink_contact,
)
from segtui.services.setup.codes import _USES, create_code, delete_code, edit_code, list_codes
from segtui.services.setup.profiles import create_answer, create_question, list_questions
from segtui.services.setup.salespeople import create_salesperson, edit_salesperson, list_salespeople
from segtui.services.setup.tables import CODE_TABLES
from tests.services.factories import make_contact, make_segment, make_template


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


def test_remove_profile_answer_keeps_the_others(database: pw.Database) -> None:
    create_code("profile_questionnaire", "CUSTOMER", "Customer profile")
    create_question("CUSTOMER", "SIZE")
    create_question("CUSTOMER", "INTEREST")
    create_answer("CUSTOMER", "SIZE", "SMALL")
    create_answer("CUSTOMER", "INTEREST", "PRICE")
    acme = create_contact({"name": "Acme"})
    other = create_contact({"name": "Globex"})
    for contact_no in (acme.no, other.no):
        add_profile_answer(contact_no, "CUSTOMER", "SIZE", "SMALL")
        add_profile_answer(contact_no, "CUSTOMER", "INTEREST", "PRICE")
    remove_profile_answer(acme.no, "CUSTOMER", "SIZE", "SMALL")
    assert contact_classification(acme.no).profile_answers == ("CUSTOMER/INTEREST/PRICE",)
    assert len(contact_classification(other.no).profile_answers) == 2
    remove_profile_answer(acme.no, "CUSTOMER", "SIZE", "SMALL")  # again: nothing to remove
    assert contact_classification(acme.no).profile_answers == ("CUSTOMER/INTEREST/PRICE",)


def test_codes_are_upper_case_however_typed(database: pw.Database) -> None:
    create_code("mailing_group", " news ", "Newsletter")
    create_salesperson("jo", "Jo Smith")
    create_code("profile_questionnaire", "customer")
    create_question("Customer", "size")
    create_answer("customer", "SIZE", "small")
    assert [c.code for c in list_codes("mailing_group")] == ["NEWS"]
    with pytest.raises(Refused, match="mailing group 'NEWS' already exists"):
        create_code("mailing_group", "News")
    contact = create_contact({"name": "Acme", "salesperson_code": "jo"})
    assert contact.salesperson_code == "JO"  # a segment line can then take it
    link_contact("mailing_group", contact.no, "news")
    add_profile_answer(contact.no, "customer", "size", "small")
    codes = contact_classification(contact.no)
    assert (codes.mailing_groups, codes.profile_answers) == (("NEWS",), ("CUSTOMER/SIZE/SMALL",))
    unlink_contact("mailing_group", contact.no, "News")
    remove_profile_answer(contact.no, "Customer", "Size", "Small")
    codes = contact_classification(contact.no)
    assert (codes.mailing_groups, codes.profile_answers) == ((), ())
    delete_code("mailing_group", "news")
    assert list_codes("mailing_group") == []


def test_removing_what_does_not_exist_is_not_taken_for_done(database: pw.Database) -> None:
    create_code("mailing_group", "NEWS")
    create_code("profile_questionnaire", "CUSTOMER")
    create_question("CUSTOMER", "SIZE")
    contact = create_contact({"name": "Acme"})
    with pytest.raises(NotFound, match="mailing group 'NOPE' does not exist"):
        unlink_contact("mailing_group", contact.no, "NOPE")
    with pytest.raises(NotFound, match="contact 'CT404' does not exist"):
        unlink_contact("mailing_group", "CT404", "NEWS")
    with pytest.raises(NotFound, match="profile questionnaire 'NOPE' does not exist"):
        remove_profile_answer(contact.no, "NOPE", "SIZE", "SMALL")
    with pytest.raises(NotFound, match="CUSTOMER/SIZE has no answer 'HUGE'"):
        remove_profile_answer(contact.no, "CUSTOMER", "SIZE", "HUGE")


def test_refusal_reads_well(database: pw.Database) -> None:
    create_code("industry_group", "IT")
    person = create_contact({"name": "Anna", "type": "person"})
    with pytest.raises(Refused, match=f"^an industry group is for company contacts; {person.no}"):
        link_contact("industry_group", person.no, "IT")


def _use_code(kind: str, label: str, code: str) -> None:
    """Make one row of `label` refer to a `kind` code, the way segtui itself would."""
    contact_type = "person" if kind == "job_responsibility" else "company"
    contact = make_contact(None, type=contact_type)
    if label == "contacts" and kind in LINKS:
        link_contact(kind, contact.no, code)
        return
    column = {
        "salesperson": "salesperson_code",
        "territory": "territory_code",
        "country": "country_code",
        "language": "language_code",
        "campaign": "campaign_no",
        "interaction_group": "interaction_group_code",
    }[kind]
    if label == "contacts":
        m.Contact.update({column: code}).where(m.Contact.no == contact.no).execute()
    elif label == "segments":
        header = {"language": "language_code_default"}.get(kind, column)
        make_segment("SEG00001", [], **{header: code})
    elif label == "segment lines":
        make_segment("SEG00001", [], lines=[{"contact_no": contact.no, column: code}])
    elif label == "lines kept for Go Back/Redo":
        make_segment("SEG00001", [])
        action = m.CriteriaAction.create(segment_no="SEG00001", action_no=1, kind="reduce")
        m.SegmentHistory.create(
            action=action, role="deleted", line_no=1, contact_no=contact.no, **{column: code}
        )
    elif label == "interaction log entries":
        entry_column = "merge_country_code" if kind == "country" else column
        m.InteractionLogEntry.create(contact_no=contact.no, **{entry_column: code})
    elif label == "interaction templates":
        template_column = "group_code" if kind == "interaction_group" else "language_code_default"
        make_template("LETTER", **{template_column: code})
    elif label == "template language versions":
        template = make_template("LETTER")
        m.InteractionTemplateLanguage.create(template=template, language_code=code)
    elif label == "salutation formulas":
        m.Salutation.create(code="FEMALE", description="Woman")
        m.SalutationFormula.create(salutation="FEMALE", language_code=code, formal="Dear,")
    else:
        raise AssertionError(f"no way to use a {kind} in {label}")


USES = [(kind, label) for kind, uses in _USES.items() for label, _, _ in uses]


@pytest.mark.parametrize(("kind", "label"), USES, ids=[f"{k}-{u}" for k, u in USES])
def test_delete_code_refused_while_used(database: pw.Database, kind: str, label: str) -> None:
    if kind == "campaign":
        code = create_campaign("Spring fair").no
    else:
        code = "X1"
        create_code(kind, code, "In use")
    _use_code(kind, label, code)
    what = kind.replace("_", " ")
    with pytest.raises(Refused, match=f"^{what} '{code}' is still used by 1 {label}; nothing"):
        delete_code(kind, code)
    listed = list_campaigns() if kind == "campaign" else list_codes(kind)
    assert len(listed) == 1


def test_delete_code_counts_every_use(database: pw.Database) -> None:
    create_salesperson("AH", "Annette Hill")
    for _ in range(2):
        _use_code("salesperson", "contacts", "AH")
    _use_code("salesperson", "interaction log entries", "AH")
    with pytest.raises(Refused, match="by 2 contacts, 1 interaction log entries; nothing deleted"):
        delete_code("salesperson", "AH")


def test_delete_unused_codes_of_every_kind(database: pw.Database) -> None:
    for kind in CODE_TABLES:
        create_code(kind, "GONE")
        create_code(kind, "KEPT")
        # Another code or a used code elsewhere must not hold the delete back.
        delete_code(kind, "GONE")
        assert [e.code for e in list_codes(kind)] == ["KEPT"]
    gone = create_campaign("Gone")
    kept = create_campaign("Kept")
    delete_code("campaign", gone.no)
    assert [c.no for c in list_campaigns()] == [kept.no]
    with pytest.raises(NotFound, match=f"^campaign '{gone.no}' does not exist"):
        delete_code("campaign", gone.no)
    with pytest.raises(NotFound, match=r"^mailing group 'GONE' does not exist"):
        delete_code("mailing_group", "GONE")
    with pytest.raises(InvalidInput, match=r"unknown kind 'colour'; kinds are: .*campaign"):
        delete_code("colour", "RED")


def test_delete_questionnaire_with_its_questions_unless_answered(database: pw.Database) -> None:
    for questionnaire in ("CUSTOMER", "SUPPLIER"):
        create_code("profile_questionnaire", questionnaire)
        create_question(questionnaire, "SIZE")
        create_answer(questionnaire, "SIZE", "SMALL")
    acme = create_contact({"name": "Acme"})
    add_profile_answer(acme.no, "CUSTOMER", "SIZE", "SMALL")
    with pytest.raises(Refused, match=r"^profile questionnaire 'CUSTOMER' is still used by 1 cont"):
        delete_code("profile_questionnaire", "CUSTOMER")
    assert contact_classification(acme.no).profile_answers == ("CUSTOMER/SIZE/SMALL",)
    delete_code("profile_questionnaire", "SUPPLIER")
    assert [e.code for e in list_codes("profile_questionnaire")] == ["CUSTOMER"]
    assert m.ProfileQuestion.select().count() == 1
    assert m.ProfileAnswer.select().count() == 1
    with pytest.raises(NotFound):
        list_questions("SUPPLIER")


def test_every_column_holding_a_code_is_checked_before_delete() -> None:
    # A new column holding one of these codes must be added to _USES, or delete_code would
    # leave it pointing at nothing.
    holders = {
        "salesperson_code": "salesperson",
        "territory_code": "territory",
        "country_code": "country",
        "merge_country_code": "country",
        "language_code": "language",
        "language_code_default": "language",
        "campaign_no": "campaign",
        "group_code": "interaction_group",
        "interaction_group_code": "interaction_group",
    }
    columns = {
        (holders[field.name], model.__name__, field.name)
        for model in m.ALL_MODELS
        for field in model._meta.sorted_fields
        if field.name in holders
    }
    checked = {
        (kind, model.__name__, column)
        for kind, uses in _USES.items()
        for _, model, column in uses
        if kind in set(holders.values())
    }
    assert columns == checked


def test_edit_code_changes_the_text_not_the_code(database: pw.Database) -> None:
    create_code("territory", "NORTH", "North")
    assert edit_code("territory", " north ", "  Northern region ") == CodeEntry(
        "NORTH", "Northern region"
    )
    assert list_codes("territory") == [CodeEntry("NORTH", "Northern region")]
    assert edit_code("territory", "NORTH") == CodeEntry("NORTH", "Northern region")
    create_code("mailing_group", "NEWS", "News")
    edit_code("mailing_group", "NEWS", "Newsletter")
    assert list_codes("mailing_group") == [CodeEntry("NEWS", "Newsletter")]
    with pytest.raises(NotFound, match=r"^territory 'SOUTH' does not exist$"):
        edit_code("territory", "SOUTH", "South")
    with pytest.raises(InvalidInput, match="unknown kind 'colour'"):
        edit_code("colour", "RED", "Red")
    with pytest.raises(InvalidInput, match="longer than"):
        edit_code("territory", "NORTH", "x" * 500)
    assert list_codes("territory") == [CodeEntry("NORTH", "Northern region")]


def test_edit_salesperson_changes_only_what_is_given(database: pw.Database) -> None:
    create_salesperson("ZZ", "Zoe Zed", "zoe@example.com", "+44 1", "Clerk")
    edited = edit_salesperson("zz", name=" Zoe Zedd ", job_title="Sales Manager")
    assert edited == SalespersonView("ZZ", "Zoe Zedd", "zoe@example.com", "+44 1", "Sales Manager")
    assert [p for p in list_salespeople() if p.code == "ZZ"] == [edited]
    cleared = edit_salesperson("ZZ", email="", phone="+44 2")
    assert (cleared.email, cleared.phone, cleared.name) == ("", "+44 2", "Zoe Zedd")
    with pytest.raises(NotFound, match=r"^salesperson 'NOBODY' does not exist$"):
        edit_salesperson("nobody", name="X")
    with pytest.raises(InvalidInput, match="longer than"):
        edit_salesperson("ZZ", name="x" * 500)
    assert [p for p in list_salespeople() if p.code == "ZZ"] == [cleared]


def test_edit_campaign_checks_the_dates_it_keeps(database: pw.Database) -> None:
    made = create_campaign("Spring", dt.date(2026, 3, 1), dt.date(2026, 5, 31), no="cp-x")
    edited = edit_campaign("cp-x", description="Spring sale", ending_date=dt.date(2026, 6, 30))
    assert edited == CampaignView("CP-X", "Spring sale", dt.date(2026, 3, 1), dt.date(2026, 6, 30))
    assert [c for c in list_campaigns() if c.no == made.no] == [edited]
    with pytest.raises(InvalidInput, match="ending date 2026-06-30 is before its starting"):
        edit_campaign("CP-X", starting_date=dt.date(2026, 7, 1))
    with pytest.raises(NotFound, match=r"^campaign 'CP-NONE' does not exist$"):
        edit_campaign("cp-none", description="x")
    assert [c for c in list_campaigns() if c.no == made.no] == [edited]


def test_create_salutation_refuses_an_existing_code(database: pw.Database) -> None:
    from segtui.services.setup.salutations import create_salutation, list_salutations

    created = create_salutation(" female ", "Woman")
    assert (created.code, created.description, created.formulas) == ("FEMALE", "Woman", ())
    with pytest.raises(Refused, match="salutation 'FEMALE' already exists"):
        create_salutation("FEMALE", "Another")
    with pytest.raises(InvalidInput, match="salutation code must not be empty"):
        create_salutation("  ", "Nobody")
    assert [(s.code, s.description) for s in list_salutations()] == [("FEMALE", "Woman")]


def test_edit_salutation_changes_the_description_of_an_existing_code_only(
    database: pw.Database,
) -> None:
    from segtui.services.setup.salutations import (
        create_salutation,
        edit_salutation,
        list_salutations,
    )

    create_salutation("FEMALE", "Woman")
    assert edit_salutation("female", "Women").description == "Women"
    with pytest.raises(NotFound, match="salutation 'GONE' does not exist"):
        edit_salutation("GONE", "Nobody")
    assert [(s.code, s.description) for s in list_salutations()] == [("FEMALE", "Women")]
