"""The setup kinds, classifications and campaigns as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from segtui.domain.errors import InvalidInput


class SetupKind(StrEnum):
    """What the setup holds: salespeople, the code tables and campaigns (SPEC §1).

    Declared once here; the services, the command line and the Setup screen all read it.
    """

    SALESPERSON = "salesperson"
    TERRITORY = "territory"
    COUNTRY = "country"
    LANGUAGE = "language"
    MAILING_GROUP = "mailing_group"
    INDUSTRY_GROUP = "industry_group"
    BUSINESS_RELATION = "business_relation"
    JOB_RESPONSIBILITY = "job_responsibility"
    PROFILE_QUESTIONNAIRE = "profile_questionnaire"
    INTERACTION_GROUP = "interaction_group"
    CAMPAIGN = "campaign"

    @property
    def singular(self) -> str:
        """How a message names one of them: "mailing group"."""
        return self.value.replace("_", " ")

    @property
    def label(self) -> str:
        """How a list or a title names them all: "Mailing groups"."""
        return _PLURALS.get(self, f"{self.singular.capitalize()}s")

    @property
    def text_column(self) -> str:
        """The column holding its words: `name` for people and places, else `description`."""
        return "name" if self in _NAMED else "description"

    @property
    def article(self) -> str:
        """ "a" or "an", as a message puts it before the singular."""
        return "an" if self.singular[0] in "aeiou" else "a"

    @classmethod
    def parse(cls, text: str) -> SetupKind:
        """A kind as typed (`mailing-group`, `Mailing_Group`), or an error naming every kind."""
        try:
            return cls(text.strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            raise InvalidInput(f"unknown kind {text!r}; kinds are: {', '.join(cls)}") from None


_PLURALS = {
    SetupKind.SALESPERSON: "Salespeople",
    SetupKind.TERRITORY: "Territories",
    SetupKind.COUNTRY: "Countries",
    SetupKind.BUSINESS_RELATION: "Business relations",
    SetupKind.JOB_RESPONSIBILITY: "Job responsibilities",
}
_NAMED = {SetupKind.SALESPERSON, SetupKind.TERRITORY, SetupKind.COUNTRY, SetupKind.LANGUAGE}

CODE_KINDS: tuple[SetupKind, ...] = tuple(k for k in SetupKind if k is not SetupKind.CAMPAIGN)
"""The kinds kept as code tables (a code and its name or description): all but campaigns."""

CLASSIFICATION_KINDS: tuple[SetupKind, ...] = (
    SetupKind.MAILING_GROUP,
    SetupKind.INDUSTRY_GROUP,
    SetupKind.BUSINESS_RELATION,
    SetupKind.JOB_RESPONSIBILITY,
)
"""The kinds a contact is linked to in its classification."""


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
