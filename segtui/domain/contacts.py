"""Contacts as plain values: the fields a user can set, and what a listing shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CONTACT_FIELDS: tuple[str, ...] = (
    "no",
    "type",
    "name",
    "company_no",
    "first_name",
    "surname",
    "salutation",
    "salutation_code",
    "job_title",
    "address",
    "address_2",
    "post_code",
    "city",
    "county",
    "country_code",
    "phone",
    "mobile",
    "email",
    "language_code",
    "salesperson_code",
    "territory_code",
    "correspondence_type",
    "exclude_from_segment",
    "privacy_blocked",
)
"""The contact fields a user sets, in the order of CSV files (import and export)."""

BOOLEAN_FIELDS: frozenset[str] = frozenset({"exclude_from_segment", "privacy_blocked"})
"""The contact fields that hold yes/no rather than text."""

CODE_FIELDS: dict[str, str] = {
    "salesperson_code": "salesperson",
    "territory_code": "territory",
    "country_code": "country",
    "language_code": "language",
    "salutation_code": "salutation",
}
"""Contact fields that name a classification code, with the word used in messages."""


@dataclass(frozen=True)
class ContactView:
    """One contact as stored, for listing, showing and exporting."""

    no: str
    type: str
    name: str
    company_no: str
    first_name: str
    surname: str
    salutation: str
    salutation_code: str
    job_title: str
    address: str
    address_2: str
    post_code: str
    city: str
    county: str
    country_code: str
    phone: str
    mobile: str
    email: str
    language_code: str
    salesperson_code: str
    territory_code: str
    correspondence_type: str
    exclude_from_segment: bool
    privacy_blocked: bool
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def is_company(self) -> bool:
        """True for a company, False for a person."""
        return self.type == "company"


LIST_KEYS: tuple[str, ...] = (
    "no",
    "type",
    "name",
    "company_no",
    "city",
    "post_code",
    "country_code",
    "email",
    "language_code",
    "salesperson_code",
    "correspondence_type",
    "exclude_from_segment",
    "privacy_blocked",
)
"""The keys of `contacts list --json` (SPEC §5)."""


@dataclass(frozen=True)
class ImportResult:
    """What a CSV import did: how many contacts, and the numbers handed out or kept."""

    imported: int
    first_no: str
    last_no: str
    numbered: int
    """How many of the contacts got a new number from the CONTACT series."""
