"""Codes of the setup tables (territories, countries, languages, groups…): add, list, edit,
and delete while nothing uses them."""

from __future__ import annotations

from typing import Any

from segtui.db.models import (
    Campaign,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    ProfileAnswer,
    ProfileQuestion,
    SalutationFormula,
    SegmentHeader,
    SegmentHistory,
    SegmentLine,
)
from segtui.db.proxy import write_transaction
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.setup import (
    CodeEntry,
    SetupKind,
)
from segtui.services.contacts.checks import query_tuples
from segtui.services.setup.tables import (
    CODE_TABLES,
    clean_code,
    clean_text,
    code_exists,
    code_table,
)


def create_code(kind: str, code: str, text: str = "") -> CodeEntry:
    """Add a code (territory, country, language, mailing group…) with its name/description."""
    model, column = code_table(kind)
    what = SetupKind(kind).singular
    code = clean_code(code, model, what)
    text = clean_text(text, model, column, what)
    with write_transaction():
        if code_exists(model, code):
            raise Refused(f"{what} {code!r} already exists")
        model.insert(code=code, **{column: text}).execute()
    return CodeEntry(code, text)


def list_codes(kind: str) -> list[CodeEntry]:
    """Every code of a kind, by code."""
    model, column = code_table(kind)
    key = model._meta.primary_key
    query = model.select(key, model._meta.fields[column]).order_by(key)
    return [CodeEntry(code, text) for code, text in query_tuples(query)]


def edit_code(kind: str, code: str, text: str | None = None) -> CodeEntry:
    """Change the name/description of a code (the code itself stays); NotFound if absent.

    `text` None leaves it as it is. A salesperson's other details are `edit_salesperson`'s.
    """
    model, column = code_table(kind)
    what = SetupKind(kind).singular
    code = clean_code(code, model, what)
    cleaned = None if text is None else clean_text(text, model, column, what)
    key = model._meta.primary_key
    with write_transaction():
        if not code_exists(model, code):
            raise NotFound(f"{what} {code!r} does not exist")
        if cleaned is not None:
            model.update(**{column: cleaned}).where(key == code).execute()
        query = model.select(model._meta.fields[column]).where(key == code)
        (current,) = next(query_tuples(query))
    return CodeEntry(code, current)


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
        ("salutation formulas", SalutationFormula, "language_code"),
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


DELETABLE_KINDS: tuple[str, ...] = tuple(SetupKind)
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
    what = SetupKind(kind).singular
    code = code.strip().upper()
    key = model._meta.primary_key
    with write_transaction():
        if not code_exists(model, code):
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
