"""`segtui demo`: a realistic, deterministic database to try segtui on, of any size."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping
from decimal import Decimal

from segtui.db.bulk import large_cache, timestamp_param
from segtui.db.models import (
    ALL_MODELS,
    Attachment,
    BusinessRelation,
    Campaign,
    Contact,
    Country,
    IndustryGroup,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    JobResponsibility,
    Language,
    LoggedSegment,
    MailingGroup,
    NumberSeries,
    ProfileAnswer,
    ProfileQuestion,
    ProfileQuestionnaire,
    Salesperson,
    Salutation,
    SalutationFormula,
    SegmentHeader,
    SegmentLine,
    Setting,
    Territory,
    now,
)
from segtui.db.numbering import next_number
from segtui.db.proxy import write_transaction
from segtui.domain.demo import DemoSummary
from segtui.domain.errors import InvalidInput, Refused
from segtui.domain.segments import resolve_correspondence_type
from segtui.services.demo.contacts import (
    COL,
    COMPANY_SALUTATION,
    FEMALE_SALUTATION,
    MALE_SALUTATION,
    generate_contacts,
    names_of_companies,
)
from segtui.services.demo.data import (
    BUSINESS_RELATIONS,
    COUNTRIES,
    INDUSTRY_GROUPS,
    INTERACTION_GROUPS,
    JOB_RESPONSIBILITIES,
    LANGUAGES,
    MAILING_GROUPS,
    QUESTIONNAIRE,
    SALESPEOPLE,
    TERRITORIES,
)
from segtui.services.demo.letter import sample_letter
from segtui.services.session import current_user

Row = tuple[object, ...]

# code, group, description, correspondence type, flow, initiated by, cost, minutes, languages
TEMPLATES: tuple[tuple[str, str, str, str, str, str, str, str, tuple[str, ...]], ...] = (
    (
        "LETTER",
        "LETTER",
        "Sales letter",
        "hard_copy",
        "outbound",
        "us",
        "1.50",
        "5",
        ("ENG", "DEU"),
    ),
    ("EMAIL", "EMAIL", "Sales e-mail", "email", "outbound", "us", "0", "2", ("ENG",)),
    ("MEETING", "MEETING", "Meeting", "", "outbound", "us", "0", "60", ("ENG",)),
    ("PHONE", "PHONE", "Phone call", "", "inbound", "them", "0", "10", ("ENG",)),
)
SUBJECTS = {
    "LETTER": "Our spring offer",
    "EMAIL": "News from Cronus",
    "MEETING": "Product presentation",
    "PHONE": "Question about delivery",
}
# Subjects of the other language versions, by (template, language).
TRANSLATED_SUBJECTS = {("LETTER", "DEU"): "Unser Frühjahrsangebot"}
DEFAULT_LANGUAGE = "ENG"

# Salutation code, description, and per language (formal, informal); see `{…}` placeholders
# in segtui.domain.merge_fields.SALUTATION_PLACEHOLDERS.
SALUTATIONS: tuple[tuple[str, str, dict[str, tuple[str, str]]], ...] = (
    (
        COMPANY_SALUTATION,
        "Company",
        {
            "ENG": ("Dear Sir or Madam,", "Dear {company_name} team,"),
            "DEU": ("Sehr geehrte Damen und Herren,", "Liebes Team von {company_name},"),
        },
    ),
    (
        FEMALE_SALUTATION,
        "Woman",
        {
            "ENG": ("Dear {title} {surname},", "Dear {first_name},"),
            "DEU": ("Sehr geehrte Frau {surname},", "Liebe {first_name},"),
        },
    ),
    (
        MALE_SALUTATION,
        "Man",
        {
            "ENG": ("Dear {title} {surname},", "Dear {first_name},"),
            "DEU": ("Sehr geehrter Herr {surname},", "Lieber {first_name},"),
        },
    ),
)


def template_language(template: str, contact_language: str) -> str:
    """The language version a demo contact gets: its own when the template has it (BC)."""
    languages = next(t[8] for t in TEMPLATES if t[0] == template)
    return contact_language if contact_language in languages else DEFAULT_LANGUAGE


def subject_of(template: str, language: str) -> str:
    """The subject of a demo template's language version."""
    return TRANSLATED_SUBJECTS.get((template, language), SUBJECTS[template])


def _formulas(code: str, language: str) -> dict[str, object]:
    """The merge snapshot's salutation formulas of a salutation code in a language."""
    for salutation, _, formulas in SALUTATIONS:
        if salutation == code and language in formulas:
            formal, informal = formulas[language]
            return {"merge_formal_formula": formal, "merge_informal_formula": informal}
    return {}


EVALUATIONS = ("", "very_positive", "positive", "positive", "neutral", "negative", "very_negative")
SEGMENT_LINES = 25


def _is_empty() -> bool:
    """True when no table but the database's own bookkeeping holds a row."""
    return not any(
        model.select().exists() for model in ALL_MODELS if model not in (Setting, NumberSeries)
    )


def _wipe() -> None:
    """Delete all data (children before parents); only the schema version stays."""
    for model in reversed(ALL_MODELS):
        if model is not Setting:
            model.delete().execute()


def _classifications() -> dict[tuple[str, str], int]:
    """Insert every code table; return profile answer ids by (question, answer)."""
    Salesperson.insert_many(
        [
            dict(zip(("code", "name", "email", "phone", "job_title"), s, strict=True))
            for s in SALESPEOPLE
        ]
    ).execute()
    for model, rows, text in (
        (Territory, TERRITORIES, "name"),
        (Language, LANGUAGES, "name"),
        (Country, tuple((c.code, c.name) for c in COUNTRIES), "name"),
        (MailingGroup, MAILING_GROUPS, "description"),
        (IndustryGroup, INDUSTRY_GROUPS, "description"),
        (BusinessRelation, BUSINESS_RELATIONS, "description"),
        (JobResponsibility, JOB_RESPONSIBILITIES, "description"),
        (InteractionGroup, INTERACTION_GROUPS, "description"),
    ):
        model.insert_many([{"code": code, text: name} for code, name in rows]).execute()
    for salutation, description, formulas in SALUTATIONS:
        Salutation.insert(code=salutation, description=description).execute()
        SalutationFormula.insert_many(
            [
                {"salutation": salutation, "language_code": lang, "formal": f, "informal": i}
                for lang, (f, i) in formulas.items()
            ]
        ).execute()
    code, description, questions = QUESTIONNAIRE
    ProfileQuestionnaire.insert(code=code, description=description).execute()
    answers: dict[tuple[str, str], int] = {}
    for q_code, q_text, q_answers in questions:
        question = ProfileQuestion.create(questionnaire=code, code=q_code, description=q_text)
        for a_code, a_text in q_answers:
            answer = ProfileAnswer.create(question=question, code=a_code, description=a_text)
            answers[(q_code, a_code)] = int(answer.get_id())
    return answers


def _campaigns(today: dt.date) -> list[str]:
    """Two campaigns from the CAMPAIGN series: last autumn's and this spring's."""
    made = []
    for description, start, days in (
        ("Autumn newsletter", today - dt.timedelta(days=90), 60),
        ("Spring fair", today - dt.timedelta(days=10), 90),
    ):
        no = next_number("CAMPAIGN")
        Campaign.insert(
            no=no,
            description=description,
            starting_date=start,
            ending_date=start + dt.timedelta(days=days),
        ).execute()
        made.append(no)
    return made


def _templates() -> dict[tuple[str, str], int]:
    """Interaction templates, each with a sample letter per language; attachment ids back."""
    attachments: dict[tuple[str, str], int] = {}
    for code, group, description, corr, flow, by, cost, minutes, languages in TEMPLATES:
        InteractionTemplate.insert(
            code=code,
            group_code=group,
            description=description,
            correspondence_type_default=corr,
            information_flow=flow,
            initiated_by=by,
            unit_cost=Decimal(cost),
            unit_duration_min=Decimal(minutes),
            language_code_default=DEFAULT_LANGUAGE,
        ).execute()
        for language in languages:
            content = sample_letter(code, language)
            attachment_id = Attachment.insert(
                filename=f"{code.lower()}-{language.lower()}.docx",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            ).execute()
            InteractionTemplateLanguage.insert(
                template=code,
                language_code=language,
                attachment=attachment_id,
                subject=subject_of(code, language),
            ).execute()
            attachments[(code, language)] = int(attachment_id)
    return attachments


def _snapshot(
    contact: Row, companies: dict[str, str], salesperson: tuple[str, ...]
) -> dict[str, object]:
    """The merge snapshot of an interaction log entry: the contact as it was."""
    c = COL
    is_company = contact[c["type"]] == "company"
    company_name = (
        contact[c["name"]] if is_company else companies.get(str(contact[c["company_no"]]), "")
    )
    return {
        "merge_contact_name": contact[c["name"]],
        "merge_company_name": company_name,
        "merge_first_name": contact[c["first_name"]],
        "merge_surname": contact[c["surname"]],
        "merge_salutation": contact[c["salutation"]],
        "merge_job_title": contact[c["job_title"]],
        "merge_address": contact[c["address"]],
        "merge_post_code": contact[c["post_code"]],
        "merge_city": contact[c["city"]],
        "merge_county": contact[c["county"]],
        "merge_country_code": contact[c["country_code"]],
        "merge_phone": contact[c["phone"]],
        "merge_mobile": contact[c["mobile"]],
        "merge_email": contact[c["email"]],
        "merge_salesperson_name": salesperson[1],
        "merge_salesperson_email": salesperson[2],
        "merge_salesperson_phone": salesperson[3],
        "merge_salesperson_job_title": salesperson[4],
    }


def _company_of(contact: Row) -> str:
    """The contact_company_no of a line or entry: the company, or a company's own number."""
    return str(contact[COL["company_no"]] or contact[COL["no"]])


def _history(
    rng: random.Random,
    sample: list[Row],
    companies: dict[str, str],
    campaigns: list[str],
    attachments: dict[tuple[str, str], int],
    today: dt.date,
) -> tuple[int, int]:
    """Two logged segments and some single meetings and calls; return (logged, entries)."""
    salespeople = {s[0]: s for s in SALESPEOPLE}
    usable = [r for r in sample if not r[COL["privacy_blocked"]]]
    with_email = [r for r in usable if r[COL["email"]]]
    user = current_user()
    entries: list[dict[str, object]] = []
    logged = 0
    for template, description, days, pool, size, campaign in (
        ("LETTER", "Christmas cards", 120, usable, 20, ""),
        ("EMAIL", "Autumn newsletter", 60, with_email, 15, campaigns[0]),
    ):
        chosen = rng.sample(pool, min(size, len(pool)))
        if not chosen:
            continue
        segment_no = next_number("SEGMENT")
        when = today - dt.timedelta(days=days)
        corr = "hard_copy" if template == "LETTER" else "email"
        entry_no = LoggedSegment.insert(
            segment_no=segment_no,
            description=description,
            created_by=user,
            no_of_interactions=len(chosen),
            created_at=dt.datetime.combine(when, dt.time(9, 30)),
        ).execute()
        logged += 1
        for contact in chosen:
            entries.append(
                _entry(contact, companies, salespeople, template, when, description, corr)
                | {
                    "segment_no": segment_no,
                    "logged_segment_entry_no": entry_no,
                    "campaign_no": campaign,
                    "campaign_target": bool(campaign),
                    "attachment_id": attachments[(template, "ENG")],
                    "evaluation": rng.choice(EVALUATIONS),
                    "user_id": user,
                }
            )
    for template in ("MEETING", "PHONE"):
        for contact in rng.sample(usable, min(10, len(usable))):
            when = today - dt.timedelta(days=rng.randrange(1, 200))
            entries.append(
                _entry(contact, companies, salespeople, template, when, SUBJECTS[template], "")
                | {
                    "evaluation": rng.choice(EVALUATIONS),
                    "attempt_failed": template == "PHONE" and rng.random() < 0.2,
                    "comment": "Follow up next month." if rng.random() < 0.3 else "",
                    "user_id": user,
                }
            )
    if entries:
        InteractionLogEntry.insert_many(entries).execute()
    return logged, len(entries)


def _entry(
    contact: Row,
    companies: dict[str, str],
    salespeople: Mapping[str, tuple[str, ...]],
    template: str,
    when: dt.date,
    description: str,
    corr: str,
) -> dict[str, object]:
    """The fields every demo interaction log entry has."""
    flow, by, cost, minutes = next((t[4], t[5], t[6], t[7]) for t in TEMPLATES if t[0] == template)
    salesperson = salespeople[str(contact[COL["salesperson_code"]])]
    language = template_language(template, str(contact[COL["language_code"]]))
    return {
        "contact_no": contact[COL["no"]],
        "contact_company_no": _company_of(contact),
        "date": when,
        "time": dt.time(10, 0),
        "description": description,
        "subject": subject_of(template, language),
        "interaction_group_code": template,
        "interaction_template_code": template,
        "language_code": language,
        "correspondence_type": corr,
        "information_flow": flow,
        "initiated_by": by,
        "cost": Decimal(cost),
        "duration_min": Decimal(minutes),
        "salesperson_code": salesperson[0],
        **_snapshot(contact, companies, salesperson),
        **_formulas(str(contact[COL["salutation_code"]]), language),
    }


def _open_segment(
    rng: random.Random, sample: list[Row], campaign: str, today: dt.date
) -> tuple[str, int]:
    """The open segment "Spring mailing" on template LETTER, with a few lines."""
    no = next_number("SEGMENT")
    header = {
        "description": "Spring mailing",
        "date": today,
        "salesperson_code": SALESPEOPLE[0][0],
        "campaign_no": campaign,
        "interaction_template_code": "LETTER",
        "subject_default": SUBJECTS["LETTER"],
        "language_code_default": DEFAULT_LANGUAGE,
        "correspondence_type_default": "hard_copy",
        "information_flow": "outbound",
        "initiated_by": "us",
        "unit_cost": Decimal("1.50"),
        "unit_duration_min": Decimal("5"),
        "campaign_target": True,
    }
    SegmentHeader.insert(no=no, created_by=current_user(), **header).execute()
    eligible = [
        r for r in sample if not r[COL["privacy_blocked"]] and not r[COL["exclude_from_segment"]]
    ]
    chosen = sorted(
        rng.sample(eligible, min(SEGMENT_LINES, len(eligible))), key=lambda r: str(r[0])
    )
    comments = {
        0: "Thank you for visiting our stand at the spring fair.\nSamples follow next week.",
        3: "Good to see you again in March.",
    }
    lines = []
    for line_no, contact in enumerate(chosen, start=1):
        corr = resolve_correspondence_type(
            False, "hard_copy", False, "hard_copy", str(contact[COL["correspondence_type"]])
        )
        language = template_language("LETTER", str(contact[COL["language_code"]]))
        lines.append(
            {
                "segment_no": no,
                "line_no": line_no,
                "contact_no": contact[COL["no"]],
                "contact_company_no": _company_of(contact),
                "description": header["description"],
                "subject": subject_of("LETTER", language),
                "interaction_template_code": "LETTER",
                "correspondence_type": corr,
                "language_code": language,
                "information_flow": header["information_flow"],
                "initiated_by": header["initiated_by"],
                "unit_cost": header["unit_cost"],
                "unit_duration_min": header["unit_duration_min"],
                "salesperson_code": header["salesperson_code"],
                "date": today,
                "campaign_no": campaign,
                "campaign_target": True,
                "comment": comments.get(line_no - 1, ""),
            }
        )
    if lines:
        SegmentLine.insert_many(lines).execute()
    return no, len(lines)


def create_demo(contacts: int = 1000, seed: int = 42, force: bool = False) -> DemoSummary:
    """Fill an empty database (or, with force, a wiped one) with demo data; one transaction."""
    if contacts < 1:
        raise InvalidInput(f"--contacts must be at least 1, not {contacts}")
    rng = random.Random(seed)
    today = dt.date.today()
    with large_cache(), write_transaction():
        if not _is_empty():
            if not force:
                has = "contacts" if Contact.select().exists() else "data"
                raise Refused(f"the database already has {has}; use --force to replace everything")
            _wipe()
        answers = _classifications()
        campaigns = _campaigns(today)
        attachments = _templates()
        made = generate_contacts(rng, contacts, answers, timestamp_param(now()))
        companies = names_of_companies(made.sample)
        logged, interactions = _history(rng, made.sample, companies, campaigns, attachments, today)
        segment_no, lines = _open_segment(rng, made.sample, campaigns[1], today)
    return DemoSummary(
        contacts=contacts,
        companies=made.companies,
        persons=made.persons,
        templates=len(TEMPLATES),
        interactions=interactions,
        logged_segments=logged,
        segment_no=segment_no,
        segment_lines=lines,
    )
