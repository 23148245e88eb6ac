"""Segments as the services hand them out: headers, lines and criteria actions."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentSummary:
    """One open segment in a list (with the version a confirmation from the list passes)."""

    no: str
    description: str
    no_of_lines: int
    version: int = 1


@dataclass(frozen=True)
class SegmentChange:
    """One write to a segment as another user reads it: "4 505 lines added by bob"."""

    version: int
    changed_by: str
    changed_at: dt.datetime
    summary: str

    @property
    def text(self) -> str:
        """The change in one phrase, with who made it."""
        return f"{self.summary} by {self.changed_by}"


@dataclass(frozen=True)
class SegmentHeader:
    """The header of an open segment with its computed totals."""

    no: str
    description: str
    date: dt.date | None
    salesperson_code: str
    campaign_no: str
    interaction_template_code: str
    subject_default: str
    language_code_default: str
    correspondence_type_default: str
    ignore_contact_corres_type: bool
    information_flow: str
    initiated_by: str
    unit_cost: decimal.Decimal
    unit_duration_min: decimal.Decimal
    campaign_target: bool
    campaign_response: bool
    created_by: str
    no_of_lines: int
    no_of_criteria_actions: int
    send_as_attachment: bool = True
    # Advanced by every write; a confirmation passes back the version it showed.
    version: int = 1

    @property
    def total_cost(self) -> decimal.Decimal:
        """Cost of the whole segment at the header's unit cost."""
        return self.unit_cost * self.no_of_lines

    @property
    def total_duration_min(self) -> decimal.Decimal:
        """Duration of the whole segment at the header's unit duration."""
        return self.unit_duration_min * self.no_of_lines


@dataclass(frozen=True)
class SegmentLine:
    """One contact in a segment, with its interaction fields and comment."""

    segment_no: str
    line_no: int
    contact_no: str
    contact_name: str
    contact_company_no: str
    description: str
    subject: str
    interaction_template_code: str
    correspondence_type: str
    language_code: str
    salesperson_code: str
    date: dt.date | None
    unit_cost: decimal.Decimal
    unit_duration_min: decimal.Decimal
    comment: str
    overridden: tuple[str, ...]
    version: int
    has_unique_document: bool = False
    information_flow: str = ""
    initiated_by: str = ""
    campaign_no: str = ""
    campaign_target: bool = False
    campaign_response: bool = False
    send_as_attachment: bool = True
    contact_phone: str = ""
    contact_mobile: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class LineMatch:
    """A line the worksheet's find landed on: where it stands and which match it is."""

    position: int  # 0-based, in line order: where the table puts its cursor
    line_no: int
    ordinal: int  # 1-based among the matching lines, in line order ("3 of 17")
    total: int


@dataclass(frozen=True)
class CriteriaActionView:
    """One step of the criteria log."""

    action_no: int
    kind: str
    filters: tuple[str, ...]
    options: dict[str, object]
    count_before: int
    count_after: int
    undone: bool
    created_by: str
    created_at: dt.datetime

    @property
    def summary(self) -> str:
        """The action in one line: verb, filters and options."""
        parts = [self.kind.replace("_", " ")]
        parts += list(self.filters)
        parts += [k.replace("_", " ") for k, v in self.options.items() if v is True]
        parts += [f"{k}={v}" for k, v in self.options.items() if not isinstance(v, bool)]
        return " · ".join(parts)


def correspondence_rule(
    segment_ignore: bool,
    segment_default: str,
    template_ignore: bool,
    template_default: str,
) -> tuple[str | None, str]:
    """How a line's correspondence type is chosen (SPEC §2.1), apart from the contact.

    Returns (fixed, fallback): `fixed` when the contact's own type does not matter, else
    None and the type to use when the contact has none.
    """
    if segment_ignore and segment_default:
        return segment_default, segment_default
    fallback = template_default or segment_default
    if template_ignore:
        return fallback, fallback
    return None, fallback


def resolve_correspondence_type(
    segment_ignore: bool,
    segment_default: str,
    template_ignore: bool,
    template_default: str,
    contact_type: str,
) -> str:
    """The correspondence type of one line: segment rule, then template rule, then contact."""
    fixed, fallback = correspondence_rule(
        segment_ignore, segment_default, template_ignore, template_default
    )
    if fixed is not None:
        return fixed
    return contact_type or fallback
