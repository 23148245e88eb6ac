"""Follow-up segments: a new open segment holding the contacts of a logged segment.

Used by Log (`--follow-up`) and by the logged-segments browser. The new segment's header is
a copy of the logged one's with a new number, the description "Follow-up on segment
SEGxxxxx" and no date (a follow-up happens later; lines then take the date of their own
log). Its lines are fresh: they take the header's interaction fields, as any new line does
(the contact's template language and salesperson included), and the contact's current
company; comments and per-line overrides of the old letters are not carried over. One line
per entry of the logged segment, in entry order, numbered 1..n.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Mapping
from typing import Any

import peewee as pw

from segtui.db.models import (
    Campaign,
    Contact,
    InteractionLogEntry,
    InteractionTemplate,
    Language,
    Salesperson,
    SegmentHeader,
    SegmentLine,
    now,
)
from segtui.db.numbering import next_number
from segtui.services.segments.lines import resolve_languages
from segtui.services.session import current_user

# Header columns a follow-up copies; `no`, description, date and the stamps are its own.
COPIED_HEADER_FIELDS: tuple[str, ...] = (
    "salesperson_code",
    "campaign_no",
    "interaction_template_code",
    "subject_default",
    "language_code_default",
    "correspondence_type_default",
    "ignore_contact_corres_type",
    "information_flow",
    "initiated_by",
    "unit_cost",
    "unit_duration_min",
    "campaign_target",
    "campaign_response",
    "send_as_attachment",
)


# Header columns holding a code, and the table the code must still be in.
_CODES_IN_HEADER: dict[str, Any] = {
    "salesperson_code": Salesperson,
    "campaign_no": Campaign,
    "language_code_default": Language,
    "interaction_template_code": InteractionTemplate,
}


def header_to_json(header: SegmentHeader) -> str:
    """The segment header's fields as a JSON object (dates ISO, amounts as text)."""

    def plain(value: object) -> object:
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return str(value)
        return value

    values = {f.name: plain(getattr(header, f.name)) for f in SegmentHeader._meta.sorted_fields}
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _header_values(header: Mapping[str, Any]) -> dict[str, Any]:
    """The copied header fields from a header dict, defaults for those it lacks."""
    values: dict[str, Any] = {}
    for name in COPIED_HEADER_FIELDS:
        if name in header and header[name] is not None:
            values[name] = header[name]
    for name in ("unit_cost", "unit_duration_min"):
        values[name] = decimal.Decimal(str(values.get(name, 0)))
    # The logged header may be years old: a salesperson, campaign, language or template
    # deleted since then is left blank rather than copied into the new segment.
    for name, model in _CODES_IN_HEADER.items():
        code = values.get(name)
        if code and not model.select().where(model._meta.primary_key == code).exists():
            values[name] = ""
    return values


def _correspondence_type(values: Mapping[str, Any]) -> pw.Node:
    """The line correspondence type rule of SPEC §2.1 as one SQL expression over Contact.

    (1) the segment's default when it ignores the contact's type and has a default;
    (2) the template's default when the template ignores it or the contact has none;
    (3) the contact's own type.
    """
    segment_default = values.get("correspondence_type_default", "")
    if values.get("ignore_contact_corres_type") and segment_default:
        return pw.Value(segment_default)
    template = InteractionTemplate.get_or_none(
        InteractionTemplate.code == values.get("interaction_template_code", "")
    )
    template_default = template.correspondence_type_default if template else ""
    if template is not None and template.ignore_contact_corres_type:
        return pw.Value(template_default)
    return pw.Case(
        None, [(Contact.correspondence_type == "", template_default)], Contact.correspondence_type
    )


def with_defaults(
    model: type[pw.Model], columns: list[tuple[pw.Field, pw.Node]]
) -> list[tuple[pw.Field, pw.Node]]:
    """Add every other column's default: INSERT … SELECT does not apply Peewee's defaults."""
    given = {target.name for target, _ in columns}
    extra = [
        (f, pw.Value(f.default))
        for f in model._meta.sorted_fields
        if f.name not in given
        and not isinstance(f, pw.AutoField)
        and f.default is not None
        and not callable(f.default)
    ]
    return columns + extra


def create_follow_up_segment(
    source_segment_no: str, header: Mapping[str, Any], logged_segment_entry_no: int
) -> str:
    """Create the follow-up segment of a logged segment; return its number.

    Call inside a write transaction. `header` is the logged segment's header (as stored in
    its JSON); the lines are copied set-based from the logged segment's entries.
    """
    values = _header_values(header)
    no = next_number("SEGMENT")
    description = f"Follow-up on segment {source_segment_no}"
    SegmentHeader.insert(
        no=no,
        description=description,
        date=None,
        created_by=current_user(),
        created_at=now(),
        updated_at=now(),
        **values,
    ).execute()
    line_no = pw.fn.ROW_NUMBER().over(order_by=[InteractionLogEntry.entry_no])
    columns: list[tuple[pw.Field, pw.Node]] = [
        (SegmentLine.segment_no, pw.Value(no)),
        (SegmentLine.line_no, line_no),
        (SegmentLine.contact_no, InteractionLogEntry.contact_no),
        (SegmentLine.contact_company_no, Contact.company_no),
        (SegmentLine.description, pw.Value(description)),
        (SegmentLine.subject, pw.Value(values.get("subject_default", ""))),
        (
            SegmentLine.interaction_template_code,
            pw.Value(values.get("interaction_template_code", "")),
        ),
        (SegmentLine.correspondence_type, _correspondence_type(values)),
        (SegmentLine.language_code, pw.Value(values.get("language_code_default", ""))),
        (SegmentLine.information_flow, pw.Value(values.get("information_flow", ""))),
        (SegmentLine.initiated_by, pw.Value(values.get("initiated_by", ""))),
        (SegmentLine.unit_cost, pw.Value(values["unit_cost"])),
        (SegmentLine.unit_duration_min, pw.Value(values["unit_duration_min"])),
        (
            SegmentLine.salesperson_code,
            pw.Value(values["salesperson_code"])
            if values.get("salesperson_code")
            else Contact.salesperson_code,
        ),
        (SegmentLine.campaign_no, pw.Value(values.get("campaign_no", ""))),
        (SegmentLine.campaign_target, pw.Value(bool(values.get("campaign_target", False)))),
        (SegmentLine.campaign_response, pw.Value(bool(values.get("campaign_response", False)))),
        (SegmentLine.send_as_attachment, pw.Value(bool(values.get("send_as_attachment", True)))),
    ]
    columns = with_defaults(SegmentLine, columns)
    query = (
        InteractionLogEntry.select(*(source for _, source in columns))
        .join(Contact, on=(Contact.no == InteractionLogEntry.contact_no))
        .where(InteractionLogEntry.logged_segment_entry_no == logged_segment_entry_no)
        .order_by(InteractionLogEntry.entry_no)
    )
    SegmentLine.insert_from(query, [target for target, _ in columns]).execute()
    resolve_languages(SegmentHeader.get_by_id(no))
    return no
