"""The fields a user may set on a segment header or line, and how their text is read."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from enum import StrEnum

from segtui.domain.dates import parse_optional_date
from segtui.domain.enums import CorrespondenceType, InformationFlow, InitiatedBy, parse_enum
from segtui.domain.errors import InvalidInput, about_field


class Kind(StrEnum):
    """How a field's text is read."""

    TEXT = "text"
    CODE = "code"
    DATE = "date"
    MONEY = "money"
    BOOL = "bool"
    CORRESPONDENCE = "correspondence_type"
    FLOW = "information_flow"
    INITIATED = "initiated_by"


@dataclass(frozen=True)
class FieldSpec:
    """A settable field: its column, how it is read, and its longest length."""

    column: str
    kind: Kind
    max_length: int = 100


def read_value(spec: FieldSpec, text: str) -> object:
    """Read a user's text for a field, or raise InvalidInput naming the field."""
    name = spec.column
    raw = text.strip()
    match spec.kind:
        case Kind.TEXT | Kind.CODE:
            value = text if spec.kind is Kind.TEXT else raw.upper()
            if len(value) > spec.max_length:
                raise InvalidInput(f"{name} is longer than {spec.max_length} characters")
            if any(ord(c) < 32 for c in value):
                raise InvalidInput(f"{name} contains a control character")
            return value
        case Kind.DATE:
            return parse_optional_date(text, f"{name}:")
        case Kind.MONEY:
            try:
                amount = decimal.Decimal(raw or "0")
            except decimal.InvalidOperation:
                raise InvalidInput(f"{name}: {text!r} is not a number") from None
            if not amount.is_finite() or amount < 0 or amount >= 10**12:
                raise InvalidInput(f"{name}: {text!r} must be a number from 0 to 999999999999")
            return amount.quantize(decimal.Decimal("0.01"))
        case Kind.BOOL:
            lowered = raw.lower()
            if lowered in ("yes", "true", "1", "y"):
                return True
            if lowered in ("no", "false", "0", "n", ""):
                return False
            raise InvalidInput(f"{name}: {text!r} is not yes/no/true/false/1/0")
        case Kind.CORRESPONDENCE:
            return parse_enum(CorrespondenceType, raw, name).value
        case Kind.FLOW:
            return parse_enum(InformationFlow, raw, name).value
        case Kind.INITIATED:
            return parse_enum(InitiatedBy, raw, name).value
    raise AssertionError(spec.kind)


def _spec(column: str, kind: Kind, max_length: int = 100) -> FieldSpec:
    return FieldSpec(column, kind, max_length)


HEADER_FIELDS: dict[str, FieldSpec] = {
    "description": _spec("description", Kind.TEXT),
    "date": _spec("date", Kind.DATE),
    "salesperson_code": _spec("salesperson_code", Kind.CODE, 20),
    "campaign_no": _spec("campaign_no", Kind.CODE, 20),
    "interaction_template_code": _spec("interaction_template_code", Kind.CODE, 20),
    "subject_default": _spec("subject_default", Kind.TEXT),
    "language_code_default": _spec("language_code_default", Kind.CODE, 20),
    "correspondence_type_default": _spec("correspondence_type_default", Kind.CORRESPONDENCE),
    "ignore_contact_corres_type": _spec("ignore_contact_corres_type", Kind.BOOL),
    "information_flow": _spec("information_flow", Kind.FLOW),
    "initiated_by": _spec("initiated_by", Kind.INITIATED),
    "unit_cost": _spec("unit_cost", Kind.MONEY),
    "unit_duration_min": _spec("unit_duration_min", Kind.MONEY),
    "campaign_target": _spec("campaign_target", Kind.BOOL),
    "campaign_response": _spec("campaign_response", Kind.BOOL),
    "send_as_attachment": _spec("send_as_attachment", Kind.BOOL),
}
"""Settable header fields by column name."""

HEADER_ALIASES = {
    "template": "interaction_template_code",
    "subject": "subject_default",
    "language": "language_code_default",
    "language_code": "language_code_default",
    "corr_type": "correspondence_type_default",
    "correspondence_type": "correspondence_type_default",
    "salesperson": "salesperson_code",
    "campaign": "campaign_no",
    "cost": "unit_cost",
    "duration": "unit_duration_min",
}

LINE_FIELDS: dict[str, FieldSpec] = {
    "description": _spec("description", Kind.TEXT),
    "subject": _spec("subject", Kind.TEXT),
    "interaction_template_code": _spec("interaction_template_code", Kind.CODE, 20),
    "correspondence_type": _spec("correspondence_type", Kind.CORRESPONDENCE),
    "language_code": _spec("language_code", Kind.CODE, 20),
    "information_flow": _spec("information_flow", Kind.FLOW),
    "initiated_by": _spec("initiated_by", Kind.INITIATED),
    "unit_cost": _spec("unit_cost", Kind.MONEY),
    "unit_duration_min": _spec("unit_duration_min", Kind.MONEY),
    "salesperson_code": _spec("salesperson_code", Kind.CODE, 20),
    "date": _spec("date", Kind.DATE),
    "campaign_no": _spec("campaign_no", Kind.CODE, 20),
    "campaign_target": _spec("campaign_target", Kind.BOOL),
    "campaign_response": _spec("campaign_response", Kind.BOOL),
    "send_as_attachment": _spec("send_as_attachment", Kind.BOOL),
}
"""Interaction fields a line may override, by column name."""

LINE_ALIASES = {
    "template": "interaction_template_code",
    "corr_type": "correspondence_type",
    "language": "language_code",
    "salesperson": "salesperson_code",
    "campaign": "campaign_no",
    "cost": "unit_cost",
    "duration": "unit_duration_min",
}

HEADER_TO_LINE = {
    "description": "description",
    "date": "date",
    "salesperson_code": "salesperson_code",
    "campaign_no": "campaign_no",
    "interaction_template_code": "interaction_template_code",
    "subject_default": "subject",
    "language_code_default": "language_code",
    "correspondence_type_default": "correspondence_type",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "unit_cost": "unit_cost",
    "unit_duration_min": "unit_duration_min",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "send_as_attachment": "send_as_attachment",
}
"""Which line field follows which header field."""


TEMPLATE_FIELDS: dict[str, FieldSpec] = {
    "description": _spec("description", Kind.TEXT),
    "group_code": _spec("group_code", Kind.CODE, 20),
    "correspondence_type_default": _spec("correspondence_type_default", Kind.CORRESPONDENCE),
    "ignore_contact_corres_type": _spec("ignore_contact_corres_type", Kind.BOOL),
    "information_flow": _spec("information_flow", Kind.FLOW),
    "initiated_by": _spec("initiated_by", Kind.INITIATED),
    "unit_cost": _spec("unit_cost", Kind.MONEY),
    "unit_duration_min": _spec("unit_duration_min", Kind.MONEY),
    "language_code_default": _spec("language_code_default", Kind.CODE, 20),
    "send_as_attachment": _spec("send_as_attachment", Kind.BOOL),
}
"""Settable interaction template fields by column name (SPEC §1); the field map apart."""

TEMPLATE_ALIASES = {
    "group": "group_code",
    "corr_type": "correspondence_type_default",
    "correspondence_type": "correspondence_type_default",
    "ignore_contact_correspondence_type": "ignore_contact_corres_type",
    "flow": "information_flow",
    "cost": "unit_cost",
    "duration": "unit_duration_min",
    "language": "language_code_default",
    "language_code": "language_code_default",
}


def parse_assignments(
    pairs: list[str] | dict[str, str],
    fields: dict[str, FieldSpec],
    aliases: dict[str, str],
    what: str,
) -> dict[str, object]:
    """Read `FIELD=VALUE` pairs into typed values by column, refusing unknown fields."""
    items = pairs.items() if isinstance(pairs, dict) else [_split_pair(p) for p in pairs]
    values: dict[str, object] = {}
    for name, text in items:
        key = name.strip().lower().replace("-", "_")
        key = aliases.get(key, key)
        spec = fields.get(key)
        if spec is None:
            raise InvalidInput(
                f"unknown {what} field {name!r}; fields are: {', '.join(sorted(fields))}"
            )
        with about_field(key):
            values[key] = read_value(spec, text)
    if not values:
        raise InvalidInput(f"give at least one {what} FIELD=VALUE")
    return values


def split_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """`FIELD=VALUE` words as a mapping (field names as typed); at least one is needed."""
    values = dict(_split_pair(pair) for pair in pairs)
    if not values:
        raise InvalidInput(f"give at least one {what} FIELD=VALUE")
    return {name.strip().lower().replace("-", "_"): value for name, value in values.items()}


def _split_pair(pair: str) -> tuple[str, str]:
    """Split `FIELD=VALUE`."""
    name, sep, value = pair.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"{pair!r} must be written FIELD=VALUE")
    return name, value
