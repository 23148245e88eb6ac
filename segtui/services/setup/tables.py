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
from segtui.domain.setup import CODE_KINDS, SetupKind
from segtui.domain.text import code_problem, unsafe_character

_MODELS: dict[SetupKind, Any] = {
    SetupKind.SALESPERSON: Salesperson,
    SetupKind.TERRITORY: Territory,
    SetupKind.COUNTRY: Country,
    SetupKind.LANGUAGE: Language,
    SetupKind.MAILING_GROUP: MailingGroup,
    SetupKind.INDUSTRY_GROUP: IndustryGroup,
    SetupKind.BUSINESS_RELATION: BusinessRelation,
    SetupKind.JOB_RESPONSIBILITY: JobResponsibility,
    SetupKind.PROFILE_QUESTIONNAIRE: ProfileQuestionnaire,
    SetupKind.INTERACTION_GROUP: InteractionGroup,
}

CODE_TABLES: dict[str, tuple[Any, str]] = {
    kind: (_MODELS[kind], kind.text_column) for kind in CODE_KINDS
}
"""kind -> (its model, the column holding its name or description)."""


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
    if bad := unsafe_character(cleaned):
        raise InvalidInput(f"{what} code contains {bad}")
    if problem := code_problem(cleaned):
        raise InvalidInput(f"{what} code {cleaned!r} {problem}")
    limit = getattr(model._meta.primary_key, "max_length", 20)
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} code {cleaned!r} is longer than {limit} characters")
    return cleaned


def clean_text(text: str, model: type[pw.Model], column: str, what: str) -> str:
    """A name or description trimmed and checked against its column's length."""
    cleaned = text.strip()
    if bad := unsafe_character(cleaned):
        raise InvalidInput(f"{what} {column} contains {bad}")
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
