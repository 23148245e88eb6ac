"""Classifications and campaigns as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeEntry:
    """A row of a code table: its code and its name or description."""

    code: str
    text: str


@dataclass(frozen=True)
class SalespersonView:
    """A salesperson, who signs letters and owns contacts."""

    code: str
    name: str
    email: str
    phone: str
    job_title: str


@dataclass(frozen=True)
class CampaignView:
    """A marketing campaign."""

    no: str
    description: str
    starting_date: dt.date | None
    ending_date: dt.date | None


@dataclass(frozen=True)
class ProfileQuestionView:
    """A question of a profile questionnaire with its possible answers."""

    questionnaire_code: str
    code: str
    description: str
    answers: tuple[CodeEntry, ...]


@dataclass(frozen=True)
class ContactClassification:
    """The codes a contact is linked to, per kind of classification."""

    contact_no: str
    mailing_groups: tuple[str, ...]
    industry_groups: tuple[str, ...]
    business_relations: tuple[str, ...]
    job_responsibilities: tuple[str, ...]
    profile_answers: tuple[str, ...]
    """Written questionnaire/question/answer."""
