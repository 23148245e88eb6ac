"""Setup: classification code tables, salespeople, campaigns, profile questionnaires, and
linking contacts to classifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from segtui.db.database import write_transaction
from segtui.db.models import (
    BusinessRelation,
    Campaign,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    Country,
    IndustryGroup,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    JobResponsibility,
    Language,
    MailingGroup,
    ProfileAnswer,
    ProfileQuestion,
    ProfileQuestionnaire,
    Salesperson,
    SegmentHeader,
    SegmentHistory,
    SegmentLine,
    Territory,
)
from segtui.db.numbering import next_number
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.setup import (
    CampaignView,
    CodeEntry,
    ContactClassification,
    ProfileQuestionView,
    SalespersonView,
)
from segtui.services.contact_checks import query_tuples

# kind -> (model, the column holding its name or description)
CODE_TABLES: dict[str, tuple[Any, str]] = {
    "salesperson": (Salesperson, "name"),
    "territory": (Territory, "name"),
    "country": (Country, "name"),
    "language": (Language, "name"),
    "mailing_group": (MailingGroup, "description"),
    "industry_group": (IndustryGroup, "description"),
    "business_relation": (BusinessRelation, "description"),
    "job_responsibility": (JobResponsibility, "description"),
    "profile_questionnaire": (ProfileQuestionnaire, "description"),
    "interaction_group": (InteractionGroup, "description"),
}

# kind -> (link model, its code column, the contact type it applies to or None for any)
LINKS: dict[str, tuple[Any, str, str | None]] = {
    "mailing_group": (ContactMailingGroup, "mailing_group", None),
    "industry_group": (ContactIndustryGroup, "industry_group", "company"),
    "business_relation": (ContactBusinessRelation, "business_relation", "company"),
    "job_responsibility": (ContactJobResponsibility, "job_responsibility", "person"),
}


def _table(kind: str) -> tuple[Any, str]:
    """The code table of a kind, or a clear error naming the kinds."""
    try:
        return CODE_TABLES[kind]
    except KeyError:
        raise InvalidInput(f"unknown kind {kind!r}; kinds are: {', '.join(CODE_TABLES)}") from None


def _clean_code(code: str, model: type[pw.Model], what: str) -> str:
    """A code trimmed, upper-cased and checked against its column's length.

    Codes are upper case, as in NAV: segment and line fields upper-case the codes typed
    into them, so a code stored as `zz` could never be chosen there.
    """
    cleaned = code.strip().upper()
    if not cleaned:
        raise InvalidInput(f"{what} code must not be empty")
    limit = getattr(model._meta.primary_key, "max_length", 20)
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} code {cleaned!r} is longer than {limit} characters")
    return cleaned


def _clean_text(text: str, model: type[pw.Model], column: str, what: str) -> str:
    """A name or description trimmed and checked against its column's length."""
    cleaned = text.strip()
    limit = model._meta.fields[column].max_length
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} {column} is longer than {limit} characters")
    return cleaned


def _exists(model: type[pw.Model], code: str) -> bool:
    """Whether a code table has a code."""
    return bool(model.select().where(model._meta.primary_key == code).exists())


def create_code(kind: str, code: str, text: str = "") -> CodeEntry:
    """Add a code (territory, country, language, mailing group…) with its name/description."""
    model, column = _table(kind)
    what = kind.replace("_", " ")
    code = _clean_code(code, model, what)
    text = _clean_text(text, model, column, what)
    with write_transaction():
        if _exists(model, code):
            raise Refused(f"{what} {code!r} already exists")
        model.insert(code=code, **{column: text}).execute()
    return CodeEntry(code, text)


def list_codes(kind: str) -> list[CodeEntry]:
    """Every code of a kind, by code."""
    model, column = _table(kind)
    key = model._meta.primary_key
    query = model.select(key, model._meta.fields[column]).order_by(key)
    return [CodeEntry(code, text) for code, text in query_tuples(query)]


def create_salesperson(
    code: str, name: str, email: str = "", phone: str = "", job_title: str = ""
) -> SalespersonView:
    """Add a salesperson with the details letters are signed with."""
    code = _clean_code(code, Salesperson, "salesperson")
    values = {
        column: _clean_text(value, Salesperson, column, "salesperson")
        for column, value in (("name", name), ("email", email), ("phone", phone))
    }
    values["job_title"] = _clean_text(job_title, Salesperson, "job_title", "salesperson")
    with write_transaction():
        if _exists(Salesperson, code):
            raise Refused(f"salesperson {code!r} already exists")
        Salesperson.insert(code=code, **values).execute()
    return SalespersonView(code, **values)


def list_salespeople() -> list[SalespersonView]:
    """Every salesperson, by code."""
    query = Salesperson.select(
        Salesperson.code,
        Salesperson.name,
        Salesperson.email,
        Salesperson.phone,
        Salesperson.job_title,
    ).order_by(Salesperson.code)
    return [SalespersonView(*row) for row in query_tuples(query)]


def create_campaign(
    description: str,
    starting_date: dt.date | None = None,
    ending_date: dt.date | None = None,
    no: str | None = None,
) -> CampaignView:
    """Add a campaign; its number comes from the CAMPAIGN series unless given."""
    description = _clean_text(description, Campaign, "description", "campaign")
    _check_dates(starting_date, ending_date)
    with write_transaction():
        if no:
            no = _clean_code(no, Campaign, "campaign")
            if _exists(Campaign, no):
                raise Refused(f"campaign {no!r} already exists")
        else:
            no = next_number("CAMPAIGN")
        Campaign.insert(
            no=no, description=description, starting_date=starting_date, ending_date=ending_date
        ).execute()
    return CampaignView(no, description, starting_date, ending_date)


def _check_dates(starting_date: dt.date | None, ending_date: dt.date | None) -> None:
    """Refuse a campaign that ends before it starts."""
    if starting_date and ending_date and ending_date < starting_date:
        raise InvalidInput(
            f"campaign ending date {ending_date} is before its starting date {starting_date}"
        )


def list_campaigns() -> list[CampaignView]:
    """Every campaign, by number."""
    query = Campaign.select(
        Campaign.no, Campaign.description, Campaign.starting_date, Campaign.ending_date
    ).order_by(Campaign.no)
    return [CampaignView(*row) for row in query_tuples(query)]


def _code(text: str) -> str:
    """A code as typed, the way codes are stored (trimmed, upper case)."""
    return text.strip().upper()


def _question(questionnaire: str, question: str) -> Any:
    """A question of a questionnaire, or NotFound."""
    questionnaire, question = _code(questionnaire), _code(question)
    if not _exists(ProfileQuestionnaire, questionnaire):
        raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
    row = ProfileQuestion.get_or_none(
        (ProfileQuestion.questionnaire == questionnaire) & (ProfileQuestion.code == question)
    )
    if row is None:
        raise NotFound(f"profile question {questionnaire}/{question} does not exist")
    return row


def create_question(questionnaire: str, code: str, description: str = "") -> None:
    """Add a question to a profile questionnaire."""
    questionnaire = _code(questionnaire)
    code = _clean_code(code, Territory, "question")  # same length as every code column
    description = _clean_text(description, ProfileQuestion, "description", "question")
    with write_transaction():
        if not _exists(ProfileQuestionnaire, questionnaire):
            raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
        if (
            ProfileQuestion.select()
            .where(
                (ProfileQuestion.questionnaire == questionnaire) & (ProfileQuestion.code == code)
            )
            .exists()
        ):
            raise Refused(f"profile question {questionnaire}/{code} already exists")
        ProfileQuestion.insert(
            questionnaire=questionnaire, code=code, description=description
        ).execute()


def create_answer(questionnaire: str, question: str, code: str, description: str = "") -> None:
    """Add a possible answer to a profile question."""
    questionnaire, question = _code(questionnaire), _code(question)
    code = _clean_code(code, Territory, "answer")
    description = _clean_text(description, ProfileAnswer, "description", "answer")
    with write_transaction():
        row = _question(questionnaire, question)
        if (
            ProfileAnswer.select()
            .where((ProfileAnswer.question == row) & (ProfileAnswer.code == code))
            .exists()
        ):
            raise Refused(f"profile answer {questionnaire}/{question}/{code} already exists")
        ProfileAnswer.insert(question=row, code=code, description=description).execute()


def list_questions(questionnaire: str) -> list[ProfileQuestionView]:
    """The questions of a questionnaire with their answers."""
    questionnaire = _code(questionnaire)
    if not _exists(ProfileQuestionnaire, questionnaire):
        raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
    questions = (
        ProfileQuestion.select()
        .where(ProfileQuestion.questionnaire == questionnaire)
        .order_by(ProfileQuestion.code)
    )
    views = []
    for question in questions:
        answers = (
            ProfileAnswer.select(ProfileAnswer.code, ProfileAnswer.description)
            .where(ProfileAnswer.question == question)
            .order_by(ProfileAnswer.code)
        )
        views.append(
            ProfileQuestionView(
                questionnaire,
                question.code,
                question.description,
                tuple(CodeEntry(*row) for row in query_tuples(answers)),
            )
        )
    return views


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
    what = kind.replace("_", " ")
    code = _code(code)
    with write_transaction():
        contact_type = _contact_type(contact_no)
        if applies_to and contact_type != applies_to:
            article = "an" if what[0] in "aeiou" else "a"
            raise Refused(
                f"{article} {what} is for {applies_to} contacts; {contact_no} is a {contact_type}"
            )
        if not _exists(model, code):
            raise InvalidInput(f"{what} {code!r} does not exist")
        link.insert(contact=contact_no, **{column: code}).on_conflict_ignore().execute()


def unlink_contact(kind: str, contact_no: str, code: str) -> None:
    """Remove a contact's link to a classification code (nothing happens if there is none;
    a code or contact that does not exist is NotFound, so a typo is not taken for done)."""
    if kind not in LINKS:
        raise InvalidInput(f"unknown classification {kind!r}; they are: {', '.join(LINKS)}")
    link, column, _ = LINKS[kind]
    model, _ = CODE_TABLES[kind]
    code = _code(code)
    with write_transaction():
        _contact_type(contact_no)
        if not _exists(model, code):
            raise NotFound(f"{kind.replace('_', ' ')} {code!r} does not exist")
        link.delete().where(
            (link.contact == contact_no) & (getattr(link, column) == code)
        ).execute()


def add_profile_answer(contact_no: str, questionnaire: str, question: str, answer: str) -> None:
    """Record a contact's answer to a profile question."""
    with write_transaction():
        _contact_type(contact_no)
        row = _question(questionnaire, question)
        found = ProfileAnswer.get_or_none(
            (ProfileAnswer.question == row) & (ProfileAnswer.code == _code(answer))
        )
        if found is None:
            raise InvalidInput(f"{questionnaire}/{question} has no answer {answer!r}")
        ContactProfileAnswer.insert(contact=contact_no, answer=found).on_conflict_ignore().execute()


def remove_profile_answer(contact_no: str, questionnaire: str, question: str, answer: str) -> None:
    """Remove a contact's answer to a profile question (nothing happens if it has none; a
    contact, question or answer that does not exist is NotFound)."""
    with write_transaction():
        _contact_type(contact_no)
        row = _question(questionnaire, question)
        found = ProfileAnswer.get_or_none(
            (ProfileAnswer.question == row) & (ProfileAnswer.code == _code(answer))
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


# Where each kind's codes are used, as (what the user calls the rows, model, column). Most
# are plain text columns the services check on write, so the database cannot refuse the
# delete itself; the link tables are foreign keys, but a clear message beats an
# IntegrityError. Line snapshots kept for Go Back count too: undoing would bring back a line
# with the deleted code.
_USES: dict[str, tuple[tuple[str, Any, str], ...]] = {
    "salesperson": (
        ("contacts", Contact, "salesperson_code"),
        ("segments", SegmentHeader, "salesperson_code"),
        ("segment lines", SegmentLine, "salesperson_code"),
        ("lines kept for Go Back/Redo", SegmentHistory, "salesperson_code"),
        ("interaction log entries", InteractionLogEntry, "salesperson_code"),
    ),
    "territory": (("contacts", Contact, "territory_code"),),
    "country": (
        ("contacts", Contact, "country_code"),
        ("interaction log entries", InteractionLogEntry, "merge_country_code"),
    ),
    "language": (
        ("contacts", Contact, "language_code"),
        ("interaction templates", InteractionTemplate, "language_code_default"),
        ("template language versions", InteractionTemplateLanguage, "language_code"),
        ("segments", SegmentHeader, "language_code_default"),
        ("segment lines", SegmentLine, "language_code"),
        ("lines kept for Go Back/Redo", SegmentHistory, "language_code"),
        ("interaction log entries", InteractionLogEntry, "language_code"),
    ),
    "mailing_group": (("contacts", ContactMailingGroup, "mailing_group"),),
    "industry_group": (("contacts", ContactIndustryGroup, "industry_group"),),
    "business_relation": (("contacts", ContactBusinessRelation, "business_relation"),),
    "job_responsibility": (("contacts", ContactJobResponsibility, "job_responsibility"),),
    "interaction_group": (
        ("interaction templates", InteractionTemplate, "group_code"),
        ("interaction log entries", InteractionLogEntry, "interaction_group_code"),
    ),
    "campaign": (
        ("segments", SegmentHeader, "campaign_no"),
        ("segment lines", SegmentLine, "campaign_no"),
        ("lines kept for Go Back/Redo", SegmentHistory, "campaign_no"),
        ("interaction log entries", InteractionLogEntry, "campaign_no"),
    ),
}

DELETABLE_KINDS: tuple[str, ...] = (*CODE_TABLES, "campaign")
"""The kinds `delete_code` takes: every code table and campaigns."""


def _uses(kind: str, code: str) -> list[str]:
    """What still refers to a code, as 'N contacts', 'N segment lines'…"""
    found = []
    for label, model, column in _USES.get(kind, ()):
        count = model.select().where(getattr(model, column) == code).count()
        if count:
            found.append(f"{count} {label}")
    if kind == "profile_questionnaire":
        # Deleting a questionnaire cascades to its questions and answers, and from there
        # to the contacts' answers: refuse rather than lose them silently.
        answered = (
            ContactProfileAnswer.select()
            .join(ProfileAnswer)
            .join(ProfileQuestion)
            .where(ProfileQuestion.questionnaire == code)
            .count()
        )
        if answered:
            found.append(f"{answered} contact profile answers")
    return found


def delete_code(kind: str, code: str) -> None:
    """Delete a code of a code table (or a campaign by number), refused while anything uses it.

    A profile questionnaire goes with its questions and answers when no contact has
    answered it.
    """
    if kind == "campaign":
        model: Any = Campaign
    elif kind in CODE_TABLES:
        model, _ = CODE_TABLES[kind]
    else:
        raise InvalidInput(f"unknown kind {kind!r}; kinds are: {', '.join(DELETABLE_KINDS)}")
    what = kind.replace("_", " ")
    code = code.strip().upper()
    key = model._meta.primary_key
    with write_transaction():
        if not _exists(model, code):
            raise NotFound(f"{what} {code!r} does not exist")
        uses = _uses(kind, code)
        if uses:
            raise Refused(f"{what} {code!r} is still used by {', '.join(uses)}; nothing deleted")
        if kind == "profile_questionnaire":
            questions = ProfileQuestion.select(ProfileQuestion._meta.primary_key).where(
                ProfileQuestion.questionnaire == code
            )
            ProfileAnswer.delete().where(ProfileAnswer.question.in_(questions)).execute()
            ProfileQuestion.delete().where(ProfileQuestion.questionnaire == code).execute()
        model.delete().where(key == code).execute()


def delete_campaign(no: str) -> None:
    """Delete a campaign, refused while segments or interaction log entries refer to it."""
    delete_code("campaign", no)


def edit_code(kind: str, code: str, text: str | None = None) -> CodeEntry:
    """Change the name/description of a code (the code itself stays); NotFound if absent.

    `text` None leaves it as it is. A salesperson's other details are `edit_salesperson`'s.
    """
    model, column = _table(kind)
    what = kind.replace("_", " ")
    code = _clean_code(code, model, what)
    cleaned = None if text is None else _clean_text(text, model, column, what)
    key = model._meta.primary_key
    with write_transaction():
        if not _exists(model, code):
            raise NotFound(f"{what} {code!r} does not exist")
        if cleaned is not None:
            model.update(**{column: cleaned}).where(key == code).execute()
        query = model.select(model._meta.fields[column]).where(key == code)
        (current,) = next(query_tuples(query))
    return CodeEntry(code, current)


def edit_salesperson(
    code: str,
    *,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    job_title: str | None = None,
) -> SalespersonView:
    """Change a salesperson's details (None leaves one as it is; the code stays)."""
    code = _clean_code(code, Salesperson, "salesperson")
    given = (("name", name), ("email", email), ("phone", phone), ("job_title", job_title))
    values = {
        column: _clean_text(value, Salesperson, column, "salesperson")
        for column, value in given
        if value is not None
    }
    with write_transaction():
        if not _exists(Salesperson, code):
            raise NotFound(f"salesperson {code!r} does not exist")
        if values:
            Salesperson.update(**values).where(Salesperson.code == code).execute()
        query = Salesperson.select(
            Salesperson.code,
            Salesperson.name,
            Salesperson.email,
            Salesperson.phone,
            Salesperson.job_title,
        ).where(Salesperson.code == code)
        row = next(query_tuples(query))
    return SalespersonView(*row)


def edit_campaign(
    no: str,
    *,
    description: str | None = None,
    starting_date: dt.date | None = None,
    ending_date: dt.date | None = None,
) -> CampaignView:
    """Change a campaign's description or dates (None leaves one as it is; the number stays).

    The ending date may not be before the starting date, counting the one not changed.
    """
    no = _clean_code(no, Campaign, "campaign")
    values: dict[str, Any] = {}
    if description is not None:
        values["description"] = _clean_text(description, Campaign, "description", "campaign")
    with write_transaction():
        query = (
            Campaign.select(
                Campaign.no, Campaign.description, Campaign.starting_date, Campaign.ending_date
            )
            .where(Campaign.no == no)
            .limit(1)
        )
        row = next(query_tuples(query), None)
        if row is None:
            raise NotFound(f"campaign {no!r} does not exist")
        starts = starting_date or row[2]
        ends = ending_date or row[3]
        _check_dates(starts, ends)
        if starting_date is not None:
            values["starting_date"] = starting_date
        if ending_date is not None:
            values["ending_date"] = ending_date
        if values:
            Campaign.update(**values).where(Campaign.no == no).execute()
    return CampaignView(no, values.get("description", row[1]), starts, ends)
