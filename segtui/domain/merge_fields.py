"""The merge-field vocabulary of a letter and the small texts segtui composes for it."""

from __future__ import annotations

import re

from segtui.domain.errors import InvalidInput

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


SALUTATION_PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "surname": "the contact's surname",
    "name": "the contact's full name",
    "title": "the contact's salutation word (Mr, Ms, Dr…)",
    "job_title": "the contact's job title",
    "company_name": "the name of the contact's company",
}
"""The parts of a contact a salutation formula may name, written `{first_name}`."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+([,.;:!?])")


def check_salutation_formula(formula: str) -> str:
    """A formula as stored (trimmed), or InvalidInput naming an unknown `{placeholder}`."""
    formula = formula.strip()
    for match in _PLACEHOLDER.finditer(formula):
        if match.group(1).strip().lower() not in SALUTATION_PLACEHOLDERS:
            known = ", ".join("{" + name + "}" for name in SALUTATION_PLACEHOLDERS)
            raise InvalidInput(f"unknown placeholder {match.group(0)!r}; placeholders are: {known}")
    rest = _PLACEHOLDER.sub("", formula)
    if "{" in rest or "}" in rest:
        raise InvalidInput(f"formula {formula!r} has an unmatched brace")
    return formula


def apply_salutation_formula(formula: str, parts: dict[str, str]) -> str:
    """A salutation formula filled with the contact's parts ("Sehr geehrte Frau Weber,").

    A part the contact lacks leaves no gap: doubled spaces and a space before a comma go.
    """
    text = _PLACEHOLDER.sub(lambda m: parts.get(m.group(1).strip().lower(), "").strip(), formula)
    text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
    return text.strip()


def mail_address(*lines: str | None) -> str:
    """The address block: one line per non-blank part, in the order given."""
    return "\n".join(stripped for line in lines if line and (stripped := line.strip()))
