"""Interaction templates as plain values: a listing row and the full view with languages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TemplateSummary:
    """One row of the template list."""

    code: str
    description: str
    group_code: str
    correspondence_type_default: str


@dataclass(frozen=True)
class TemplateLanguage:
    """One language version of a template: its Word document and subject."""

    language_code: str
    subject: str
    filename: str
    size: int
    sha256: str
    attachment_id: int | None


@dataclass(frozen=True)
class TemplateView:
    """An interaction template with its defaults and its documents per language."""

    code: str
    description: str
    group_code: str
    correspondence_type_default: str
    ignore_contact_corres_type: bool
    information_flow: str
    initiated_by: str
    unit_cost: Decimal
    unit_duration_min: Decimal
    language_code_default: str
    field_map: dict[str, str]
    languages: tuple[TemplateLanguage, ...]
    send_as_attachment: bool = True
