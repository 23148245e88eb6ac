"""Open segments: create, read and edit headers and lines, delete.

The criteria verbs (add/reduce/refine, go back, redo) live in `segtui.services.segments.criteria`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.db.numbering import next_number
from segtui.db.proxy import write_transaction
from segtui.domain import segments as d
from segtui.domain.errors import Conflict, InvalidInput, NotFound
from segtui.domain.fields import (
    HEADER_ALIASES,
    HEADER_FIELDS,
    HEADER_TO_LINE,
    LINE_ALIASES,
    LINE_FIELDS,
    parse_assignments,
)
from segtui.domain.text import MAX_COMMENT_LENGTH, unsafe_character
from segtui.domain.wording import counted
from segtui.services.segments import guard, lines
from segtui.services.segments.guard import open_header, segment_write
from segtui.services.session import current_user

# Header fields whose change alters how a line's correspondence type is resolved.
_CORRESPONDENCE_INPUTS = {
    "interaction_template_code",
    "correspondence_type_default",
    "ignore_contact_corres_type",
}


def get_header_row(no: str) -> m.SegmentHeader:
    """The header row of an open segment; NotFound, or Refused when it is logged."""
    return open_header(no)


def _check_codes(values: dict[str, object]) -> None:
    """Refuse codes that name no template, salesperson, campaign or language."""
    lookups: dict[str, tuple[Any, str]] = {
        "interaction_template_code": (m.InteractionTemplate, "interaction template"),
        "salesperson_code": (m.Salesperson, "salesperson"),
        "campaign_no": (m.Campaign, "campaign"),
        "language_code_default": (m.Language, "language"),
        "language_code": (m.Language, "language"),
    }
    for column, value in values.items():
        if column in lookups and value:
            model, what = lookups[column]
            if model.get_or_none(model._meta.primary_key == value) is None:
                raise NotFound(f"{what} {value!r} does not exist", field=column)


def _template_defaults(code: str) -> dict[str, object]:
    """What choosing an interaction template copies into a segment header."""
    template = m.InteractionTemplate.get_or_none(m.InteractionTemplate.code == code)
    if template is None:
        return {}
    defaults: dict[str, object] = {
        "correspondence_type_default": template.correspondence_type_default,
        "ignore_contact_corres_type": template.ignore_contact_corres_type,
        "information_flow": template.information_flow,
        "initiated_by": template.initiated_by,
        "unit_cost": template.unit_cost,
        "unit_duration_min": template.unit_duration_min,
        "language_code_default": template.language_code_default,
        "send_as_attachment": template.send_as_attachment,
    }
    language = m.InteractionTemplateLanguage.get_or_none(
        (m.InteractionTemplateLanguage.template == code)
        & (m.InteractionTemplateLanguage.language_code == template.language_code_default)
    )
    if language is not None and language.subject:
        defaults["subject_default"] = language.subject
    return defaults


def _campaign_rule(current: Any, values: dict[str, object], what: str) -> dict[str, object]:
    """Campaign flags need a campaign: cleared with it, refused without one (as BC).

    `current` is the header or line row before the change (None for a new segment).
    """
    campaign = values.get("campaign_no", getattr(current, "campaign_no", "") if current else "")
    if campaign:
        return values
    for flag in ("campaign_target", "campaign_response"):
        if values.get(flag):
            raise InvalidInput(f"{flag} needs a campaign: set campaign_no on the {what} first")
    if "campaign_no" in values:
        values = {**values, "campaign_target": False, "campaign_response": False}
    return values


def create_segment(
    description: str,
    *,
    template: str | None = None,
    subject: str | None = None,
    correspondence_type: str | None = None,
    salesperson: str | None = None,
    campaign: str | None = None,
    date: str | None = None,
) -> str:
    """Create an open segment and return its number from the SEGMENT series."""
    given = {
        "description": description,
        "interaction_template_code": template,
        "subject_default": subject,
        "correspondence_type_default": correspondence_type,
        "salesperson_code": salesperson,
        "campaign_no": campaign,
        "date": date,
    }
    values = parse_assignments(
        {k: v for k, v in given.items() if v is not None}, HEADER_FIELDS, {}, "segment"
    )
    if not str(values.get("description", "")).strip():
        raise InvalidInput("a segment needs a description", field="description")
    _check_codes(values)
    values = _campaign_rule(None, values, "segment")
    template_code = str(values.get("interaction_template_code") or "")
    # The template's defaults first, then what the user said explicitly wins.
    row = {**_template_defaults(template_code), **values} if template_code else values
    row.setdefault("date", dt.date.today())
    with write_transaction():
        no = next_number("SEGMENT")
        m.SegmentHeader.insert(no=no, created_by=current_user(), **row).execute()
    return no


def list_segments() -> list[d.SegmentSummary]:
    """Every open segment with its number of lines, by number."""
    line = m.SegmentLine
    count = (line.select(pw.fn.COUNT(line.id)).where(line.segment_no == m.SegmentHeader.no)).alias(
        "no_of_lines"
    )
    header = m.SegmentHeader
    query = header.select(header.no, header.description, header.version, count)
    # no_of_lines is the alias of the count column, set on each row by Peewee.
    return [
        d.SegmentSummary(row.no, row.description, row.no_of_lines, row.version)  # type: ignore[attr-defined]
        for row in query.order_by(header.no)
    ]


def changes_since(no: str, version: int) -> list[d.SegmentChange]:
    """What was done to the segment after `version`, oldest first (an open worksheet asks
    every few seconds: one indexed query, nothing when nobody wrote)."""
    return [
        d.SegmentChange(c.version, c.changed_by, c.changed_at, c.summary)
        for c in guard.changes_since(no, version)
    ]


def get_header(no: str) -> d.SegmentHeader:
    """The header of an open segment with its line and action counts."""
    row = get_header_row(no)
    return _header_view(row)


def _header_view(row: m.SegmentHeader) -> d.SegmentHeader:
    """Convert a header row, adding the computed counts."""
    actions = (
        m.CriteriaAction.select()
        .where((m.CriteriaAction.segment_no == row.no) & (m.CriteriaAction.undone == False))
        .count()
    )
    return d.SegmentHeader(
        no=row.no,
        description=row.description,
        date=row.date,
        salesperson_code=row.salesperson_code,
        campaign_no=row.campaign_no,
        interaction_template_code=row.interaction_template_code,
        subject_default=row.subject_default,
        language_code_default=row.language_code_default,
        correspondence_type_default=row.correspondence_type_default,
        ignore_contact_corres_type=row.ignore_contact_corres_type,
        information_flow=row.information_flow,
        initiated_by=row.initiated_by,
        unit_cost=row.unit_cost,
        unit_duration_min=row.unit_duration_min,
        campaign_target=row.campaign_target,
        campaign_response=row.campaign_response,
        created_by=row.created_by,
        no_of_lines=lines.count_lines(row.no),
        no_of_criteria_actions=actions,
        send_as_attachment=row.send_as_attachment,
        version=row.version,
    )


def set_header(
    no: str,
    assignments: list[str] | dict[str, str],
    *,
    update_lines: bool,
    shown_version: int | None = None,
) -> int:
    """Change header fields; with update_lines, also the lines that follow the header.

    Lines follow the header when they have the header's (old) template; a field the user
    overrode on a line is left alone. Returns how many lines were updated. With
    `shown_version` (the version the user's "update lines?" question showed), a segment
    that changed meanwhile is refused.
    """
    values = parse_assignments(assignments, HEADER_FIELDS, HEADER_ALIASES, "segment")
    if "description" in values and not str(values["description"]).strip():
        raise InvalidInput("a segment needs a description", field="description")
    _check_codes(values)
    with segment_write(no, shown_version=shown_version) as write:
        old = write.header
        values = _campaign_rule(old, values, "segment")
        new_template = values.get("interaction_template_code")
        if new_template and new_template != old.interaction_template_code:
            values = {**_template_defaults(str(new_template)), **values}
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if not changed:
            write.nothing()
            return 0
        m.SegmentHeader.update(updated_at=m.now(), **changed).where(
            m.SegmentHeader.no == old.no
        ).execute()
        write.did(f"header changed ({_field_list(changed)})")
        if not update_lines:
            return 0
        header = get_header_row(old.no)
        updated = lines.follow_header(header, old.interaction_template_code, set(changed))
        write.did(f"{counted(updated, 'line')} updated from the header")
        return updated


def _field_list(changed: dict[str, object], shown: int = 4) -> str:
    """The changed header fields by the names a user types (`subject`, not
    `subject_default`): "subject, template" or "corr_type, cost, … and 4 more"."""
    by_column: dict[str, str] = {}
    for alias, column in HEADER_ALIASES.items():
        by_column.setdefault(column, alias)  # the first, shortest alias
    names = sorted(by_column.get(column, column) for column in changed)
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def header_change_affects_lines(no: str, assignments: list[str] | dict[str, str]) -> bool:
    """Whether setting these header fields would change lines (so the user should be asked)."""
    values = parse_assignments(assignments, HEADER_FIELDS, HEADER_ALIASES, "segment")
    row = get_header_row(no)
    changed = {k for k, v in values.items() if getattr(row, k) != v}
    follows = changed & (set(HEADER_TO_LINE) | _CORRESPONDENCE_INPUTS)
    return bool(follows) and lines.count_lines(row.no) > 0


def lines_a_header_change_reaches(
    no: str, assignments: list[str] | dict[str, str]
) -> tuple[int, str]:
    """How many lines follow the header when these header fields would change lines, and
    those fields as a user names them ("subject, template"); (0, "") when none would.

    The TUI asks "Update 20 lines that follow the header: subject?" with it.
    """
    values = parse_assignments(assignments, HEADER_FIELDS, HEADER_ALIASES, "segment")
    row = get_header_row(no)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    follows = {
        k: v for k, v in changed.items() if k in HEADER_TO_LINE or k in _CORRESPONDENCE_INPUTS
    }
    if not follows:
        return 0, ""
    line = m.SegmentLine
    following = line.select().where(
        (line.segment_no == row.no)
        & (line.interaction_template_code == row.interaction_template_code)
    )
    return int(following.count()), _field_list(follows)


def lines_following_template_change(no: str, assignments: list[str] | dict[str, str]) -> int:
    """How many lines a header template change would re-initialise (0: no such change).

    The CLI refuses `template=X` on such a segment unless told --update-lines or
    --keep-lines; the TUI asks. Codes that name nothing are refused first, so nobody is
    asked about a template that does not exist.
    """
    values = parse_assignments(assignments, HEADER_FIELDS, HEADER_ALIASES, "segment")
    _check_codes(values)
    row = get_header_row(no)
    new_template = values.get("interaction_template_code")
    if new_template is None or new_template == row.interaction_template_code:
        return 0
    line = m.SegmentLine
    follows = (line.segment_no == row.no) & (
        line.interaction_template_code == row.interaction_template_code
    )
    return int(line.select().where(follows).count())


def position_of_contact(no: str, contact_no: str) -> int | None:
    """The 0-based position of the contact's first line in the segment, or None."""
    row = get_header_row(no)
    return lines.position_of_contact(row.no, contact_no.strip().upper())


def list_lines(no: str, *, after_line_no: int = 0, limit: int = 200) -> list[d.SegmentLine]:
    """A page of a segment's lines after a line number (keyset paging, in line order)."""
    row = get_header_row(no)
    return lines.page(row.no, after_line_no=after_line_no, limit=limit)


def get_line(no: str, line_no: int) -> d.SegmentLine:
    """One line of a segment."""
    row = get_header_row(no)
    return lines.get_view(row.no, line_no)


def set_line(
    no: str,
    line_no: int,
    assignments: list[str] | dict[str, str],
    *,
    expected_version: int | None = None,
) -> d.SegmentLine:
    """Override interaction fields of one line; a new template re-initialises the line.

    With expected_version, a line someone else changed meanwhile is refused (Conflict).
    """
    values = parse_assignments(assignments, LINE_FIELDS, LINE_ALIASES, "line")
    _check_codes(values)
    with segment_write(no) as write:
        header = write.header
        line = lines.get_row(header.no, line_no)
        if expected_version is not None and line.version != expected_version:
            raise Conflict(
                f"line {line_no} of {header.no} was changed by someone else; reload and retry"
            )
        values = _campaign_rule(line, values, "line")
        updates = lines.override_values(header, line, values)
        updated = (
            m.SegmentLine.update(version=m.SegmentLine.version + 1, **updates)
            .where((m.SegmentLine.id == line.id) & (m.SegmentLine.version == line.version))
            .execute()
        )
        if updated != 1:
            raise Conflict(f"line {line_no} of {header.no} was changed by someone else")
        new_template = values.get("interaction_template_code")
        if new_template is not None and new_template != line.interaction_template_code:
            lines.resolve_languages(header, m.SegmentLine.id == line.id)
        write.did(f"line {line_no} ({line.contact_no}) changed")
    return get_line(no, line_no)


def set_comment(
    no: str,
    comment: str,
    *,
    contact_no: str | None = None,
    line_no: int | None = None,
    expected_version: int | None = None,
    shown_version: int | None = None,
) -> int:
    """Set the individualised comment of a contact's line(s) or of one line; returns lines set.

    `expected_version` is the line's version the user edited; `shown_version` the
    segment's (the CLI's editor round trip): either refuses a change made meanwhile.
    """
    # Line ends are normalised before the check: an editor may save CRLF, which is fine.
    comment = comment.replace("\r\n", "\n").rstrip("\n")
    if len(comment) > MAX_COMMENT_LENGTH:
        raise InvalidInput("a comment is at most 10 000 characters")
    if problem := unsafe_character(comment, allow="\n\t"):
        raise InvalidInput(
            f"a comment may not contain {problem}; only new lines and tabs are allowed"
        )
    with segment_write(no, shown_version=shown_version) as write:
        header = write.header
        line = m.SegmentLine
        where = line.segment_no == header.no
        if line_no is not None:
            where &= line.line_no == line_no
            what = f"line {line_no}"
        elif contact_no is not None:
            where &= line.contact_no == contact_no.strip().upper()
            what = f"contact {contact_no}"
        else:
            raise InvalidInput("say which contact or line the comment is for")
        target = where
        if expected_version is not None:
            where &= line.version == expected_version
        updated = line.update(comment=comment, version=line.version + 1).where(where).execute()
        if updated == 0:
            # The line is there but at another version: someone else changed it first.
            if expected_version is not None and line.select().where(target).exists():
                raise Conflict(f"{what} of {header.no} was changed by someone else")
            raise NotFound(f"{what} is not in segment {header.no}")
        write.did(f"comment of {what} changed")
    return int(updated)


def delete_segment(no: str, *, shown_version: int | None = None) -> None:
    """Delete an open segment with its lines, criteria actions and history.

    With `shown_version` (what the user's confirmation showed), a segment that changed
    meanwhile is refused: the user would delete lines they have not seen.
    """
    with segment_write(no, shown_version=shown_version) as write:
        header = write.header
        actions = m.CriteriaAction.select(m.CriteriaAction.id).where(
            m.CriteriaAction.segment_no == header.no
        )
        m.SegmentHistory.delete().where(m.SegmentHistory.action.in_(actions)).execute()
        m.CriteriaAction.delete().where(m.CriteriaAction.segment_no == header.no).execute()
        m.SegmentLine.delete().where(m.SegmentLine.segment_no == header.no).execute()
        m.SegmentHeader.delete().where(m.SegmentHeader.no == header.no).execute()


def require_contacts(contact_nos: Sequence[str]) -> list[str]:
    """Normalise contact numbers and check they exist; NotFound names the missing ones."""
    wanted = list(dict.fromkeys(c.strip().upper() for c in contact_nos if c.strip()))
    if not wanted:
        raise InvalidInput("give at least one contact number")
    found = set(m.Contact.select(m.Contact.no).where(m.Contact.no.in_(wanted)).scalars())
    missing = [c for c in wanted if c not in found]
    if missing:
        raise NotFound(f"contact {', '.join(missing)} does not exist")
    return wanted
