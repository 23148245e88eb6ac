"""Criteria: filters on sources of contact data, and the options of Add/Reduce/Refine.

A filter is *source · field · expression*, written `source.field=expression` in text
(`contact.city=@lon*`, `mailing_group.code=NEWS|PRESS`). SPEC §3 lists the sources.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from segtui.domain.errors import InvalidInput
from segtui.domain.expressions import Comparison, Expression, Pattern, Range, parse_expression


class FieldType(StrEnum):
    """The type a filter value is read as before it becomes an SQL parameter."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    BOOLEAN = "boolean"


class LinkedThrough(StrEnum):
    """Whose related rows a source looks at: the contact's own, or its company's."""

    CONTACT = "contact"
    COMPANY = "company"


@dataclass(frozen=True)
class Source:
    """A place filters look in, with its fields and their types."""

    name: str
    fields: dict[str, FieldType]
    linked_through: LinkedThrough = LinkedThrough.CONTACT


T, N, D, B = FieldType.TEXT, FieldType.INTEGER, FieldType.DATE, FieldType.BOOLEAN

SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "contact",
            {
                "no": T,
                "type": T,
                "name": T,
                "company_no": T,
                "first_name": T,
                "surname": T,
                "salutation": T,
                "salutation_code": T,
                "job_title": T,
                "address": T,
                "address_2": T,
                "post_code": T,
                "city": T,
                "county": T,
                "country_code": T,
                "phone": T,
                "mobile": T,
                "email": T,
                "language_code": T,
                "salesperson_code": T,
                "territory_code": T,
                "correspondence_type": T,
                "exclude_from_segment": B,
                "privacy_blocked": B,
                "no_of_interactions": N,
                "date_of_last_interaction": D,
            },
        ),
        Source("mailing_group", {"code": T}),
        Source("industry_group", {"code": T}, LinkedThrough.COMPANY),
        Source("business_relation", {"code": T}, LinkedThrough.COMPANY),
        Source("job_responsibility", {"code": T}),
        Source("profile", {"questionnaire": T, "question": T, "answer": T}),
        Source(
            "interaction",
            {
                "date": D,
                "template": T,
                "group": T,
                "segment_no": T,
                "campaign_no": T,
                "evaluation": T,
                "salesperson": T,
                "correspondence_type": T,
                "canceled": B,
            },
        ),
    )
}

_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


def coerce(
    value: str, field_type: FieldType, where: str
) -> str | int | decimal.Decimal | dt.date | bool:
    """Read one value of an expression as the field's type, or say clearly why not."""
    try:
        match field_type:
            case FieldType.TEXT:
                return value
            case FieldType.INTEGER:
                return int(value)
            case FieldType.DECIMAL:
                return decimal.Decimal(value)
            case FieldType.DATE:
                return dt.date.fromisoformat(value)
            case FieldType.BOOLEAN:
                lowered = value.strip().lower()
                if lowered in _TRUE:
                    return True
                if lowered in _FALSE:
                    return False
                raise ValueError(value)
    except (ValueError, decimal.InvalidOperation):
        pass
    hint = {
        FieldType.INTEGER: "a whole number",
        FieldType.DECIMAL: "a number",
        FieldType.DATE: "a date YYYY-MM-DD",
        FieldType.BOOLEAN: "yes/no/true/false/1/0",
    }.get(field_type, field_type.value)
    raise InvalidInput(f"{where}: {value!r} is not {hint}")


@dataclass(frozen=True)
class Filter:
    """One filter: a source, one of its fields, and an expression on that field."""

    source: str
    field: str
    expression: str
    parsed: Expression = dataclasses.field(compare=False, repr=False)

    @property
    def field_type(self) -> FieldType:
        """The type of the filtered field."""
        return SOURCES[self.source].fields[self.field]

    @property
    def text(self) -> str:
        """The filter written as `source.field=expression`."""
        return f"{self.source}.{self.field}={self.expression}"

    def __str__(self) -> str:
        return self.text


def make_filter(source: str, field_name: str, expression: str) -> Filter:
    """Build a checked filter from its three parts; errors name the part at fault."""
    src = SOURCES.get(source.strip().lower())
    if src is None:
        raise InvalidInput(f"unknown source {source!r}; sources are: {', '.join(SOURCES)}")
    name = field_name.strip().lower()
    if name not in src.fields:
        raise InvalidInput(
            f"unknown field {field_name!r} of source {src.name!r}; fields are: "
            f"{', '.join(src.fields)}"
        )
    try:
        parsed = parse_expression(expression)
    except InvalidInput as exc:
        raise InvalidInput(f"{src.name}.{name}: {exc.message}") from None
    _check_values(parsed, src.fields[name], f"{src.name}.{name}")
    return Filter(src.name, name, expression, parsed)


def _check_values(parsed: Expression, field_type: FieldType, where: str) -> None:
    """Refuse values of the wrong type, and wildcards or `@` outside text fields."""
    for condition in parsed.conditions():
        if field_type is not FieldType.TEXT and (
            isinstance(condition, Pattern) or getattr(condition, "case_insensitive", False)
        ):
            raise InvalidInput(f"{where}: wildcards and @ apply to text fields only")
        if isinstance(condition, Comparison):
            coerce(condition.value, field_type, where)
        elif isinstance(condition, Range):
            for value in (condition.low, condition.high):
                if value is not None:
                    coerce(value, field_type, where)


# Filters in one criteria action or list (each may hold MAX_CONDITIONS values itself).
MAX_FILTERS = 100


def parse_filters(texts: Sequence[str]) -> list[Filter]:
    """Read several filters (at most MAX_FILTERS: values of one field go in one filter)."""
    if len(texts) > MAX_FILTERS:
        raise InvalidInput(
            f"at most {MAX_FILTERS} filters at once ({len(texts)} given); "
            "values of one field go in one filter: city=Leeds|York"
        )
    return [parse_filter(t) for t in texts]


def parse_filter(text: str) -> Filter:
    """Read a filter written `source.field=expression` (the CLI and saved-criteria form).

    `contact.no_of_interactions>=2` is read as `contact.no_of_interactions=>=2`: users write
    comparisons that way, and a field name never contains `<`, `>` or `=`.
    """
    cut = next((i for i, char in enumerate(text) if char in "=<>"), -1)
    if cut < 0:
        raise InvalidInput(f"filter {text!r} must be written source.field=expression")
    head = text[:cut]
    expression = text[cut + 1 :] if text[cut] == "=" else text[cut:]
    source, dot, field_name = head.strip().partition(".")
    if not dot:
        if source.lower() in SOURCES:
            raise InvalidInput(f"filter {text!r} names no field after {source!r}.")
        # `city=London` is short for `contact.city=London`.
        source, field_name = "contact", source
    return make_filter(source, field_name, expression)


@dataclass(frozen=True)
class CriteriaOptions:
    """The options of Add / Reduce / Refine Contacts (SPEC §2.2)."""

    allow_existing: bool = False
    expand_companies: bool = False
    allow_related_companies: bool = False
    ignore_exclusion: bool = False
    entire_companies: bool = False

    def as_dict(self) -> dict[str, bool]:
        """The options that are on, for storage and display."""
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class CriteriaPreview:
    """What the filters would do to a segment, counted before the user picks a verb.

    `to_add` counts only the contacts Add Contacts would really insert: never privacy-blocked
    ones, excluded ones and ones already in the segment only when the options say so, and
    companies or persons brought in by the expand options. Reduce and Refine need a filter:
    without one, their counts are None. (How many contacts the filters match is the
    separate, faster `count_matching_contacts`.)
    """

    to_add: int
    to_reduce: int | None
    to_refine: int | None
