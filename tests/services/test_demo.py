"""The demo database: deterministic, complete, and careful with existing data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.db.database import open_database
from segtui.domain.errors import InvalidInput, Refused
from segtui.services.demo.demo import create_demo


def contact_rows() -> list[tuple[object, ...]]:
    """Every contact without its timestamps, by number."""
    fields = [
        f for f in m.Contact._meta.sorted_fields if f.name not in ("created_at", "updated_at")
    ]
    return list(m.Contact.select(*fields).order_by(m.Contact.no).tuples())


def test_the_same_seed_makes_the_same_contacts(tmp_path: Path) -> None:
    made = []
    for name, seed in (("a.db", 7), ("b.db", 7), ("c.db", 8)):
        with open_database(str(tmp_path / name)):
            create_demo(contacts=300, seed=seed)
            made.append(contact_rows())
    assert len(made[0]) == 300
    assert made[0] == made[1]
    assert made[0] != made[2]


def test_the_summary_counts_what_was_made(database: pw.Database) -> None:
    summary = create_demo(contacts=500)
    assert summary.contacts == m.Contact.select().count() == 500
    assert summary.companies == m.Contact.select().where(m.Contact.type == "company").count()
    assert summary.persons == 500 - summary.companies
    # About a quarter of the contacts are companies.
    assert 0.2 < summary.companies / 500 < 0.33
    assert summary.interactions == m.InteractionLogEntry.select().count() > 0
    assert "500 contacts" in summary.text
    assert summary.segment_no in summary.text


def test_every_classification_is_used(database: pw.Database) -> None:
    create_demo(contacts=400)
    for table in (
        m.Salesperson,
        m.Territory,
        m.Country,
        m.Language,
        m.MailingGroup,
        m.IndustryGroup,
        m.BusinessRelation,
        m.JobResponsibility,
        m.ProfileQuestionnaire,
        m.ProfileQuestion,
        m.ProfileAnswer,
        m.Campaign,
        m.InteractionGroup,
        m.ContactMailingGroup,
        m.ContactIndustryGroup,
        m.ContactBusinessRelation,
        m.ContactJobResponsibility,
        m.ContactProfileAnswer,
        m.LoggedSegment,
    ):
        assert table.select().count() > 0, table.__name__
    salesperson = m.Salesperson.select().order_by(m.Salesperson.code).first()
    assert salesperson.name and salesperson.email and salesperson.phone and salesperson.job_title
    # Industry groups and business relations are on companies, job responsibilities on persons.
    industry_types = {
        c.type
        for c in m.Contact.select(m.Contact.type).join(
            m.ContactIndustryGroup, on=m.ContactIndustryGroup.contact == m.Contact.no
        )
    }
    job_types = {
        c.type
        for c in m.Contact.select(m.Contact.type).join(
            m.ContactJobResponsibility, on=m.ContactJobResponsibility.contact == m.Contact.no
        )
    }
    assert (industry_types, job_types) == ({"company"}, {"person"})


def test_contacts_look_real(database: pw.Database) -> None:
    create_demo(contacts=1000)
    contacts = list(m.Contact.select())
    by_no = {c.no: c for c in contacts}
    persons = [c for c in contacts if c.type == "person"]
    assert all(by_no[p.company_no].type == "company" for p in persons)
    sizes: dict[str, int] = {}
    for p in persons:
        sizes[p.company_no] = sizes.get(p.company_no, 0) + 1
    assert max(sizes.values()) <= 6
    assert {p.salutation for p in persons} >= {"Mr", "Ms"}
    assert {c.correspondence_type for c in contacts} == {"", "email", "hard_copy"}
    assert any(not c.email for c in contacts)
    assert any(c.privacy_blocked for c in contacts)
    assert any(c.exclude_from_segment for c in contacts)
    assert len({c.country_code for c in contacts}) >= 4
    assert all(c.email for c in contacts if c.correspondence_type == "email")
    anna = next(p for p in persons if p.email and by_no[p.company_no].email)
    assert anna.email.split("@")[1] == by_no[anna.company_no].email.split("@")[1]


def test_templates_carry_sample_letters_with_merge_fields(database: pw.Database) -> None:
    create_demo(contacts=50)
    templates = {t.code: t for t in m.InteractionTemplate.select()}
    assert templates["LETTER"].correspondence_type_default == "hard_copy"
    assert templates["EMAIL"].correspondence_type_default == "email"
    assert "MEETING" in templates
    languages = list(m.InteractionTemplateLanguage.select())
    assert {row.template_code for row in languages} == set(templates)
    letter = m.InteractionTemplateLanguage.get(
        (m.InteractionTemplateLanguage.template == "LETTER")
        & (m.InteractionTemplateLanguage.language_code == "ENG")
    )
    content = bytes(letter.attachment.content)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        document = package.read("word/document.xml").decode("utf-8")
    for name in (
        "Formal_Salutation",
        "Contact_Name",
        "Company_Name",
        "Mail_Address",
        "Comment",
        "Salesperson_Name",
        "Document_Date",
        "Subject",
    ):
        assert f" MERGEFIELD {name} " in document, name


def test_one_open_segment_with_numbered_lines(database: pw.Database) -> None:
    summary = create_demo(contacts=200)
    header = m.SegmentHeader.get()
    assert (header.no, header.description, header.interaction_template_code) == (
        summary.segment_no,
        "Spring mailing",
        "LETTER",
    )
    assert header.no.startswith("SEG")
    lines = list(m.SegmentLine.select().order_by(m.SegmentLine.line_no))
    assert [line.line_no for line in lines] == list(range(1, len(lines) + 1))
    assert len(lines) == summary.segment_lines > 0
    contacts = {c.no: c for c in m.Contact.select()}
    for line in lines:
        contact = contacts[line.contact_no]
        assert line.contact_company_no == (contact.company_no or contact.no)
        assert (line.description, line.interaction_template_code) == ("Spring mailing", "LETTER")
        assert not contact.privacy_blocked and not contact.exclude_from_segment
    assert sum(1 for line in lines if line.comment) >= 1


def test_a_non_empty_database_is_refused_unless_forced(database: pw.Database) -> None:
    create_demo(contacts=100)
    before = contact_rows()
    with pytest.raises(Refused, match="already has contacts; use --force"):
        create_demo(contacts=30)
    assert contact_rows() == before
    summary = create_demo(contacts=30, seed=1, force=True)
    assert m.Contact.select().count() == 30
    assert m.SegmentHeader.select().count() == 1
    assert m.Salesperson.select().count() == 5
    assert summary.segment_no == "SEG00003"  # the number series started over
    assert m.Contact.select(pw.fn.MIN(m.Contact.no)).scalar() == "CT000001"


def test_a_database_with_other_data_is_refused_too(database: pw.Database) -> None:
    m.Salesperson.insert(code="XX", name="Someone").execute()
    with pytest.raises(Refused, match="already has data"):
        create_demo(contacts=10)
    assert m.Contact.select().count() == 0


def test_a_tiny_demo_still_works(database: pw.Database) -> None:
    summary = create_demo(contacts=1)
    assert (summary.contacts, summary.companies, summary.persons) == (1, 1, 0)


def test_contacts_must_be_positive(database: pw.Database) -> None:
    with pytest.raises(InvalidInput, match="--contacts must be at least 1, not 0"):
        create_demo(contacts=0)
