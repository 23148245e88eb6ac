"""The merge-field vocabulary of a letter and the small texts segtui composes for it."""

from __future__ import annotations

import re

# SPEC §4: every name a template may use; `normalise_field_name` decides what matches.
FIELD_NAMES: tuple[str, ...] = (
    "Contact_No",
    "Contact_Name",
    "Company_Name",
    "First_Name",
    "Surname",
    "Job_Title",
    "Address",
    "Address_2",
    "Post_Code",
    "City",
    "County",
    "Country",
    "Phone",
    "Mobile",
    "Email",
    "Mail_Address",
    "Formal_Salutation",
    "Informal_Salutation",
    "Salesperson_Name",
    "Salesperson_Email",
    "Salesperson_Phone",
    "Salesperson_Job_Title",
    "Document_Date",
    "Segment_No",
    "Description",
    "Subject",
    "Campaign_No",
    "Our_Company_Name",
    "Our_Address",
    "Our_Post_Code",
    "Our_City",
    "Our_Country",
    "Our_Phone",
    "Our_Email",
    "Comment",
)

_SEPARATORS = re.compile(r"[\s._\-]+")


def normalise_field_name(name: str) -> str:
    """The key two field names share when they mean the same field ("First.Name" = "first name")."""
    return _SEPARATORS.sub("_", name.strip()).strip("_").casefold()


_VOCABULARY = frozenset(normalise_field_name(n) for n in FIELD_NAMES)


def is_known_field(name: str) -> bool:
    """Whether segtui's vocabulary can fill a template field of this name."""
    return normalise_field_name(name) in _VOCABULARY


def formal_salutation(salutation: str, first_name: str, surname: str, name: str) -> str:
    """The formal greeting, e.g. "Dear Ms Smith,"; "Dear Sir or Madam," when no person is known."""
    salutation, first_name, surname, name = (
        s.strip() for s in (salutation, first_name, surname, name)
    )
    if surname:
        # With a title use it ("Dear Ms Smith,"); without one the full name reads better
        # than a bare surname ("Dear Anna Smith," rather than "Dear Smith,").
        addressee = f"{salutation} {surname}" if salutation else f"{first_name} {surname}"
        return f"Dear {addressee.strip()},"
    if salutation and name:
        return f"Dear {salutation} {name},"
    return "Dear Sir or Madam,"


def informal_salutation(first_name: str, name: str) -> str:
    """The informal greeting, e.g. "Dear Anna,"; the full name when there is no first name."""
    first_name, name = first_name.strip(), name.strip()
    if first_name:
        return f"Dear {first_name},"
    if name:
        return f"Dear {name},"
    return "Dear Sir or Madam,"


def mail_address(*lines: str | None) -> str:
    """The address block: one line per non-blank part, in the order given."""
    return "\n".join(stripped for line in lines if line and (stripped := line.strip()))
