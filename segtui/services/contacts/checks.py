"""The rules a contact's values must follow, shared by the editor and the CSV import."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import peewee as pw

from segtui.db.models import Contact, Country, Language, Salesperson, Salutation, Territory
from segtui.domain.contacts import BOOLEAN_FIELDS, CODE_FIELDS, CONTACT_FIELDS
from segtui.domain.enums import ContactType, CorrespondenceType, parse_enum
from segtui.domain.errors import InvalidInput, about_field
from segtui.domain.text import UNSAFE_CHARACTER, unsafe_character

FIELD_LIMITS: dict[str, int] = {
    name: Contact._meta.fields[name].max_length
    for name in CONTACT_FIELDS
    if name not in BOOLEAN_FIELDS
}
"""The longest text each contact field takes (PostgreSQL refuses longer; so do we)."""

_CODE_MODELS: dict[str, type[pw.Model]] = {
    "salesperson_code": Salesperson,
    "territory_code": Territory,
    "country_code": Country,
    "language_code": Language,
    "salutation_code": Salutation,
}

_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}

# Exact spellings accepted without further work; anything else goes through parse_enum,
# which also produces the message listing the choices.
TYPE_VALUES: dict[str, str] = {t.value: t.value for t in ContactType}
CORRESPONDENCE_VALUES: dict[str, str] = {c.value: c.value for c in CorrespondenceType}
BOOLEAN_VALUES: dict[str, bool] = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def parse_type(text: str, where: str) -> str:
    """A contact type (company | person) from a user's text."""
    found = TYPE_VALUES.get(text)
    if found is not None:
        return found
    return parse_enum(ContactType, text, f"{where}: contact type").value


def parse_correspondence(text: str, where: str) -> str:
    """A correspondence type (blank | hard_copy | email) from a user's text."""
    found = CORRESPONDENCE_VALUES.get(text)
    if found is not None:
        return found
    return parse_enum(CorrespondenceType, text, f"{where}: correspondence type").value


def parse_bool(value: object, where: str) -> bool:
    """A yes/no value from a bool or a user's text (yes/no/true/false/1/0, blank = no)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    found = BOOLEAN_VALUES.get(text)
    if found is None:
        raise InvalidInput(f"{where}: {value!r} is not yes/no/true/false/1/0")
    return found


def check_length(field: str, value: str, where: str) -> None:
    """Refuse text longer than the field holds, or with control characters in it."""
    limit = FIELD_LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(f"{where}: {field} is longer than {limit} characters")
    bad = unsafe_character(value)
    if bad:
        raise InvalidInput(f"{where}: {field} contains {bad}")


# Contact fields are single lines of text (see segtui.domain.text for what is refused).
CONTROL_CHARACTER = UNSAFE_CHARACTER


def query_tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a Peewee query as plain tuples (typed loosely: Peewee's stubs are not)."""
    return iter(query.tuples())


def existing_codes(field: str) -> set[str]:
    """Every code of the classification a contact code field names (small tables)."""
    model = _CODE_MODELS[field]
    return {row[0] for row in query_tuples(model.select(model._meta.primary_key))}


def check_code(field: str, value: str, where: str) -> None:
    """Refuse a salesperson/territory/country/language code that does not exist."""
    if not value:
        return
    model = _CODE_MODELS[field]
    if not model.select().where(model._meta.primary_key == value).exists():
        raise InvalidInput(f"{where}: {CODE_FIELDS[field]} {value!r} does not exist")


# A contact number: letters, digits and `- _ .`, starting with a letter or digit (no
# spaces, no `/`, never `..`): numbers name letter files and are typed on command lines.
CONTACT_NO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# A line of a newline-joined column that is not a contact number (values hold no newline:
# control characters are refused before this).
NOT_A_CONTACT_NO = re.compile(r"(?m)^(?![A-Za-z0-9][A-Za-z0-9._-]*$)")


def read_contact_no(text: str, where: str) -> str:
    """A contact number as typed, checked and stored in upper case (as lookups read it)."""
    no = text.strip().upper()
    if not no:
        raise InvalidInput(f"{where}: the contact number must not be blank")
    check_length("no", no, where)
    if not CONTACT_NO.fullmatch(no):
        raise InvalidInput(
            f"{where}: contact number {no!r} may hold only letters, digits and - _ . "
            "(starting with a letter or digit)"
        )
    return no


def check_company(contact_no: str, contact_type: str, company_no: str, where: str) -> None:
    """A person's company_no must name a company; a company's is empty or itself."""
    if not company_no:
        return
    if contact_type == ContactType.COMPANY.value:
        if company_no != contact_no:
            raise InvalidInput(
                f"{where}: a company's company_no must be empty or its own number, "
                f"not {company_no!r}"
            )
        return
    company = Contact.get_or_none(Contact.no == company_no)
    if company is None:
        raise InvalidInput(f"{where}: company {company_no!r} does not exist")
    if company.type != ContactType.COMPANY.value:
        raise InvalidInput(f"{where}: contact {company_no!r} is a person, not a company")


def clean_values(values: Mapping[str, object], where: str) -> dict[str, object]:
    """Check and normalise contact fields typed by a user (not `no`); errors name the field."""
    cleaned: dict[str, object] = {}
    for field, raw in values.items():
        if field not in CONTACT_FIELDS or field == "no":
            known = ", ".join(f for f in CONTACT_FIELDS if f != "no")
            raise InvalidInput(f"{where}: unknown contact field {field!r}; fields are: {known}")
        with about_field(field):
            cleaned[field] = _clean_value(field, raw, where)
    return cleaned


def _clean_value(field: str, raw: object, where: str) -> object:
    """One contact field's value checked and normalised."""
    if field in BOOLEAN_FIELDS:
        return parse_bool(raw, f"{where}: {field}")
    text = "" if raw is None else str(raw).strip()
    check_length(field, text, where)
    if field == "type":
        return parse_type(text, where)
    if field == "correspondence_type":
        return parse_correspondence(text, where)
    if field in CODE_FIELDS:
        text = text.upper()  # codes are stored upper case (see services.setup)
        check_code(field, text, where)
    return text
