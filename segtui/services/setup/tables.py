"""The setup code tables, and the rules every code and name typed into them follows."""

from __future__ import annotations

from typing import Any

import peewee as pw

from segtui.db.models import (
    BusinessRelation,
    Country,
    IndustryGroup,
    InteractionGroup,
    JobResponsibility,
    Language,
    MailingGroup,
    ProfileQuestionnaire,
    Salesperson,
    Territory,
)
from segtui.domain.errors import InvalidInput

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


def code_table(kind: str) -> tuple[Any, str]:
    """The code table of a kind, or a clear error naming the kinds."""
    try:
        return CODE_TABLES[kind]
    except KeyError:
        raise InvalidInput(f"unknown kind {kind!r}; kinds are: {', '.join(CODE_TABLES)}") from None


def clean_code(code: str, model: type[pw.Model], what: str) -> str:
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


def clean_text(text: str, model: type[pw.Model], column: str, what: str) -> str:
    """A name or description trimmed and checked against its column's length."""
    cleaned = text.strip()
    limit = model._meta.fields[column].max_length
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} {column} is longer than {limit} characters")
    return cleaned


def code_exists(model: type[pw.Model], code: str) -> bool:
    """Whether a code table has a code."""
    return bool(model.select().where(model._meta.primary_key == code).exists())


def as_code(text: str) -> str:
    """A code as typed, the way codes are stored (trimmed, upper case)."""
    return text.strip().upper()
