"""A contact's classification: mailing groups, industry groups, business relations, job
responsibilities and profile answers."""

from __future__ import annotations

from typing import Any

from segtui.db.models import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    ProfileAnswer,
    ProfileQuestion,
)
from segtui.db.proxy import write_transaction
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.setup import (
    ContactClassification,
    SetupKind,
)
from segtui.services.contacts.checks import query_tuples
from segtui.services.setup.profiles import find_question
from segtui.services.setup.tables import (
    CODE_TABLES,
    as_code,
    code_exists,
)

# kind -> (link model, its code column, the contact type it applies to or None for any)
LINKS: dict[str, tuple[Any, str, str | None]] = {
    SetupKind.MAILING_GROUP: (ContactMailingGroup, "mailing_group", None),
    SetupKind.INDUSTRY_GROUP: (ContactIndustryGroup, "industry_group", "company"),
    SetupKind.BUSINESS_RELATION: (ContactBusinessRelation, "business_relation", "company"),
    SetupKind.JOB_RESPONSIBILITY: (ContactJobResponsibility, "job_responsibility", "person"),
}


def _contact_type(contact_no: str) -> str:
    """The type of a contact, or NotFound."""
    row = Contact.select(Contact.type).where(Contact.no == contact_no).tuples().first()
    if row is None:
        raise NotFound(f"contact {contact_no!r} does not exist")
    return str(row[0])


def link_contact(kind: str, contact_no: str, code: str) -> None:
    """Link a contact to a mailing group, industry group, business relation or job
    responsibility (industry groups and business relations are for companies, job
    responsibilities for persons)."""
    if kind not in LINKS:
        raise InvalidInput(f"unknown classification {kind!r}; they are: {', '.join(LINKS)}")
    link, column, applies_to = LINKS[kind]
    model, _ = CODE_TABLES[kind]
    what = SetupKind(kind).singular
    code = as_code(code)
    with write_transaction():
        contact_type = _contact_type(contact_no)
        if applies_to and contact_type != applies_to:
            article = SetupKind(kind).article
            raise Refused(
                f"{article} {what} is for {applies_to} contacts; {contact_no} is a {contact_type}"
            )
        if not code_exists(model, code):
            raise InvalidInput(f"{what} {code!r} does not exist")
        link.insert(contact=contact_no, **{column: code}).on_conflict_ignore().execute()


def unlink_contact(kind: str, contact_no: str, code: str) -> None:
    """Remove a contact's link to a classification code (nothing happens if there is none;
    a code or contact that does not exist is NotFound, so a typo is not taken for done)."""
    if kind not in LINKS:
        raise InvalidInput(f"unknown classification {kind!r}; they are: {', '.join(LINKS)}")
    link, column, _ = LINKS[kind]
    model, _ = CODE_TABLES[kind]
    code = as_code(code)
    with write_transaction():
        _contact_type(contact_no)
        if not code_exists(model, code):
            raise NotFound(f"{SetupKind(kind).singular} {code!r} does not exist")
        link.delete().where(
            (link.contact == contact_no) & (getattr(link, column) == code)
        ).execute()


def add_profile_answer(contact_no: str, questionnaire: str, question: str, answer: str) -> None:
    """Record a contact's answer to a profile question."""
    with write_transaction():
        _contact_type(contact_no)
        row = find_question(questionnaire, question)
        found = ProfileAnswer.get_or_none(
            (ProfileAnswer.question == row) & (ProfileAnswer.code == as_code(answer))
        )
        if found is None:
            raise InvalidInput(f"{questionnaire}/{question} has no answer {answer!r}")
        ContactProfileAnswer.insert(contact=contact_no, answer=found).on_conflict_ignore().execute()


def remove_profile_answer(contact_no: str, questionnaire: str, question: str, answer: str) -> None:
    """Remove a contact's answer to a profile question (nothing happens if it has none; a
    contact, question or answer that does not exist is NotFound)."""
    with write_transaction():
        _contact_type(contact_no)
        row = find_question(questionnaire, question)
        found = ProfileAnswer.get_or_none(
            (ProfileAnswer.question == row) & (ProfileAnswer.code == as_code(answer))
        )
        if found is None:
            raise NotFound(f"{questionnaire}/{question} has no answer {answer!r}")
        ContactProfileAnswer.delete().where(
            (ContactProfileAnswer.contact == contact_no) & (ContactProfileAnswer.answer == found)
        ).execute()


def contact_classification(contact_no: str) -> ContactClassification:
    """Every classification code a contact is linked to."""
    _contact_type(contact_no)
    codes: dict[str, tuple[str, ...]] = {}
    for kind, (link, column, _) in LINKS.items():
        code_column = getattr(link, column)
        query = link.select(code_column).where(link.contact == contact_no).order_by(code_column)
        codes[kind] = tuple(str(code) for (code,) in query_tuples(query))
    answers = (
        ContactProfileAnswer.select(
            ProfileQuestion.questionnaire, ProfileQuestion.code, ProfileAnswer.code
        )
        .join(ProfileAnswer)
        .join(ProfileQuestion)
        .where(ContactProfileAnswer.contact == contact_no)
    )
    profile = tuple(sorted("/".join(map(str, row)) for row in query_tuples(answers)))
    return ContactClassification(
        contact_no,
        codes["mailing_group"],
        codes["industry_group"],
        codes["business_relation"],
        codes["job_responsibility"],
        profile,
    )
