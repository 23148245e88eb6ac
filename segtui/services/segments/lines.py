"""Segment lines as sets: insert from contacts, snapshot, restore, follow the header.

Every function here is one SQL statement (or a few) over a set of lines; callers own the
transaction.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.db.criteria import company_key
from segtui.domain import segments as d
from segtui.domain.errors import NotFound
from segtui.domain.segments import correspondence_rule, resolve_correspondence_type

Line = m.SegmentLine
History = m.SegmentHistory

# Every column of a line apart from its id and segment: what a snapshot keeps.
LINE_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in m.LineValues._meta.sorted_fields if f.name != "id"
)
OVERRIDE_SUFFIX = "_overridden"


def count_lines(segment_no: str) -> int:
    """How many lines a segment has."""
    return int(Line.select().where(Line.segment_no == segment_no).count())


def _view_query() -> Any:
    """Lines joined with their contact's name, phone, mobile and email, as shown to users."""
    return Line.select(
        Line,
        m.Contact.name.alias("contact_name"),
        m.Contact.phone.alias("contact_phone"),
        m.Contact.mobile.alias("contact_mobile"),
        m.Contact.email.alias("contact_email"),
    ).join(m.Contact, on=(Line.contact_no == m.Contact.no))


def _to_view(row: Any) -> d.SegmentLine:
    """Convert a line row (with contact_name) into a domain value."""
    overridden = tuple(c for c in LINE_COLUMNS if c.endswith(OVERRIDE_SUFFIX) and getattr(row, c))
    return d.SegmentLine(
        segment_no=row.segment_no,
        line_no=row.line_no,
        contact_no=row.contact_no,
        contact_name=row.contact_name,
        contact_company_no=row.contact_company_no,
        description=row.description,
        subject=row.subject,
        interaction_template_code=row.interaction_template_code,
        correspondence_type=row.correspondence_type,
        language_code=row.language_code,
        salesperson_code=row.salesperson_code,
        date=row.date,
        unit_cost=row.unit_cost,
        unit_duration_min=row.unit_duration_min,
        comment=row.comment,
        overridden=tuple(c.removesuffix(OVERRIDE_SUFFIX) for c in overridden),
        version=row.version,
        has_unique_document=row.attachment_id is not None,
        information_flow=row.information_flow,
        initiated_by=row.initiated_by,
        campaign_no=row.campaign_no,
        campaign_target=row.campaign_target,
        campaign_response=row.campaign_response,
        send_as_attachment=row.send_as_attachment,
        contact_phone=row.contact_phone,
        contact_mobile=row.contact_mobile,
        contact_email=row.contact_email,
    )


def page(segment_no: str, *, after_line_no: int, limit: int) -> list[d.SegmentLine]:
    """Up to `limit` lines after `after_line_no`, using the (segment_no, line_no) index."""
    query = (
        _view_query()
        .where((Line.segment_no == segment_no) & (Line.line_no > after_line_no))
        .order_by(Line.line_no)
        .limit(limit)
        .objects()
    )
    return [_to_view(row) for row in query]


def position_of_contact(segment_no: str, contact_no: str) -> int | None:
    """Where the contact's first line stands in line order (0-based), or None if absent.

    The worksheet puts its cursor there after a reload, so the user stays on the contact
    whatever lines others added or removed before it.
    """
    line = m.SegmentLine
    first = (
        line.select(pw.fn.MIN(line.line_no))
        .where((line.segment_no == segment_no) & (line.contact_no == contact_no))
        .scalar()
    )
    if first is None:
        return None
    before = line.select().where((line.segment_no == segment_no) & (line.line_no < first))
    return int(before.count())


def get_row(segment_no: str, line_no: int) -> m.SegmentLine:
    """The row of one line, or NotFound."""
    row = Line.get_or_none((Line.segment_no == segment_no) & (Line.line_no == line_no))
    if row is None:
        raise NotFound(f"segment {segment_no} has no line {line_no}")
    return row


def get_view(segment_no: str, line_no: int) -> d.SegmentLine:
    """One line as shown to users."""
    query = _view_query().where((Line.segment_no == segment_no) & (Line.line_no == line_no))
    row = query.objects().first()
    if row is None:
        raise NotFound(f"segment {segment_no} has no line {line_no}")
    return _to_view(row)


def _template(code: str) -> m.InteractionTemplate | None:
    """An interaction template row by code."""
    return m.InteractionTemplate.get_or_none(m.InteractionTemplate.code == code) if code else None


def correspondence_sql(header: m.SegmentHeader, template_code: str, contact_type: Any) -> Any:
    """The correspondence type of new lines, given the contact's type as an SQL expression."""
    template = _template(template_code)
    fixed, fallback = correspondence_rule(
        header.ignore_contact_corres_type,
        header.correspondence_type_default,
        template.ignore_contact_corres_type if template else False,
        template.correspondence_type_default if template else "",
    )
    if fixed is not None:
        return pw.Value(fixed)
    return pw.Case(None, [(contact_type == "", pw.Value(fallback))], contact_type)


def header_line_values(header: m.SegmentHeader, contact: Any) -> dict[str, Any]:
    """The interaction fields new lines copy from the header, as SQL over `contact`.

    The language and subject written here are the header's; `insert_contacts` replaces them
    with the template language of each contact (Business Central's rule).
    """
    template = _template(header.interaction_template_code)
    # As Business Central: a line without a salesperson of the segment's gets the
    # contact's, and a blank description the template's.
    salesperson: Any = (
        pw.Value(header.salesperson_code) if header.salesperson_code else contact.salesperson_code
    )
    description = header.description or (template.description if template else "")
    return {
        "description": pw.Value(description),
        "subject": pw.Value(header.subject_default),
        "interaction_template_code": pw.Value(header.interaction_template_code),
        "correspondence_type": correspondence_sql(
            header, header.interaction_template_code, contact.correspondence_type
        ),
        "language_code": pw.Value(header.language_code_default),
        "information_flow": pw.Value(header.information_flow),
        "initiated_by": pw.Value(header.initiated_by),
        "unit_cost": pw.Value(header.unit_cost),
        "unit_duration_min": pw.Value(header.unit_duration_min),
        "salesperson_code": salesperson,
        "date": pw.Value(header.date),
        "campaign_no": pw.Value(header.campaign_no),
        "campaign_target": pw.Value(header.campaign_target),
        "campaign_response": pw.Value(header.campaign_response),
        "send_as_attachment": pw.Value(header.send_as_attachment),
    }


_TEMPLATE_LANGUAGE = m.InteractionTemplateLanguage.alias("tl")
_LINE_CONTACT = m.Contact.alias("lc")
_LINE_TEMPLATE = m.InteractionTemplate.alias("lt")


def _contact_language() -> Any:
    """The line's template has a language version in the line's contact's language: that code."""
    tl, c = _TEMPLATE_LANGUAGE, _LINE_CONTACT
    return (
        tl.select(tl.language_code)
        .join(c, on=(c.language_code == tl.language_code))
        .where((tl.template == Line.interaction_template_code) & (c.no == Line.contact_no))
    )


def _template_default_language() -> Any:
    """The line's template's default language, when the template has a version in it."""
    tl, t = _TEMPLATE_LANGUAGE, _LINE_TEMPLATE
    return (
        tl.select(tl.language_code)
        .join(t, on=(t.code == tl.template))
        .where(
            (tl.template == Line.interaction_template_code)
            & (tl.language_code == t.language_code_default)
        )
    )


def _first_language() -> Any:
    """The first language version (by code) of the line's template."""
    tl = _TEMPLATE_LANGUAGE
    return tl.select(pw.fn.MIN(tl.language_code)).where(
        tl.template == Line.interaction_template_code
    )


def _language_subject(language: Any) -> Any:
    """The subject of the line's template in `language`, NULL when blank or missing."""
    tl = _TEMPLATE_LANGUAGE
    return tl.select(pw.fn.NULLIF(tl.subject, "")).where(
        (tl.template == Line.interaction_template_code) & (tl.language_code == language)
    )


def language_sql(header: m.SegmentHeader) -> Any:
    """The language of a line as one SQL expression over the line (Business Central's rule).

    A line with the header's template takes the template language of its contact, else
    the segment's default language. A line with another template looks in that template's
    languages: the contact's, then the template's default, then the first one.
    """
    follows = Line.interaction_template_code == header.interaction_template_code
    own = pw.fn.COALESCE(_contact_language(), _template_default_language(), _first_language(), "")
    header_rule = pw.fn.COALESCE(_contact_language(), header.language_code_default)
    return pw.Case(None, [(follows, header_rule)], own)


def subject_sql(header: m.SegmentHeader) -> Any:
    """The subject of a line in its language, as one SQL expression over the line.

    A line with the header's template in the segment's default language has the header's
    subject (the user may have changed it); any other line has its language version's
    subject, falling back to the header's for the header's template.
    """
    follows = Line.interaction_template_code == header.interaction_template_code
    in_default = follows & (Line.language_code == header.language_code_default)
    fallback = pw.Case(None, [(follows, header.subject_default)], "")
    return pw.Case(
        None,
        [(in_default, header.subject_default)],
        pw.fn.COALESCE(_language_subject(Line.language_code), fallback),
    )


def resolve_languages(header: m.SegmentHeader, scope: Any = None) -> None:
    """Give the header's lines (those passing `scope`) their language and its subject.

    Two set-based UPDATEs with correlated subqueries; a language or subject the user set
    on a line (overridden) is left alone.
    """
    in_scope = Line.segment_no == header.no
    if scope is not None:
        in_scope &= scope
    Line.update(language_code=language_sql(header)).where(
        in_scope & (Line.language_code_overridden == False)
    ).execute()
    Line.update(subject=subject_sql(header)).where(
        in_scope & (Line.subject_overridden == False)
    ).execute()


def max_line_no(segment_no: str) -> int:
    """The highest line number in use (0 for an empty segment)."""
    return int(
        Line.select(pw.fn.COALESCE(pw.fn.MAX(Line.line_no), 0))
        .where(Line.segment_no == segment_no)
        .scalar()
    )


def insert_contacts(header: m.SegmentHeader, contact: Any, where: Any, action_id: int) -> int:
    """INSERT … SELECT a line for every contact row passing `where`; returns lines added."""
    base = max_line_no(header.no)
    # Every new line has the header's template and nothing overridden, so the rule of
    # `language_sql` / `subject_sql` reduces to one outer join per contact: the template's
    # version in the contact's language, else the segment's default language with the
    # header's subject. Written by the INSERT itself rather than by two UPDATEs after it:
    # on PostgreSQL each UPDATE writes every new line a second time (a new row version
    # plus its index entries), which made Add three to four times the bare INSERT.
    version = _TEMPLATE_LANGUAGE
    language = pw.fn.COALESCE(version.language_code, pw.Value(header.language_code_default))
    subject = pw.Case(
        None,
        [(language == header.language_code_default, pw.Value(header.subject_default))],
        pw.fn.COALESCE(pw.fn.NULLIF(version.subject, ""), pw.Value(header.subject_default)),
    )
    values: dict[str, Any] = {
        "segment_no": pw.Value(header.no),
        "line_no": pw.fn.ROW_NUMBER().over(order_by=[contact.no]) + base,
        "contact_no": contact.no,
        "contact_company_no": company_key(contact),
        **header_line_values(header, contact),
        "language_code": language,
        "subject": subject,
        "added_by_action": pw.Value(action_id),
    }
    # (template, language) is the versions' primary key: at most one match, so the join
    # never repeats a contact.
    on_version = (version.template == header.interaction_template_code) & (
        version.language_code == contact.language_code
    )
    query = (
        contact.select(*values.values())
        .join(version, pw.JOIN.LEFT_OUTER, on=on_version)
        .where(where)
    )
    fields = [getattr(Line, name) for name in values]
    cursor = Line.insert_from(query, fields).execute()
    return _rowcount(cursor)


def _rowcount(result: Any) -> int:
    """Rows affected by an INSERT … SELECT (Peewee returns a cursor or a count)."""
    if isinstance(result, int):
        return result
    return int(getattr(result, "rowcount", 0) or 0)


def snapshot(segment_no: str, where: Any, action_id: int, role: str) -> int:
    """Copy every column of the lines passing `where` into the history of an action."""
    columns = [getattr(Line, c) for c in LINE_COLUMNS]
    query = Line.select(*columns, pw.Value(action_id), pw.Value(role)).where(
        (Line.segment_no == segment_no) & where
    )
    targets = [getattr(History, c) for c in LINE_COLUMNS] + [History.action, History.role]
    return _rowcount(History.insert_from(query, targets).execute())


def restore(segment_no: str, action_id: int, role: str) -> int:
    """Put back the lines an action's history holds under `role`, exactly as they were."""
    columns = [getattr(History, c) for c in LINE_COLUMNS]
    query = History.select(pw.Value(segment_no), *columns).where(
        (History.action == action_id) & (History.role == role)
    )
    targets = [Line.segment_no] + [getattr(Line, c) for c in LINE_COLUMNS]
    return _rowcount(Line.insert_from(query, targets).execute())


def follow_header(header: m.SegmentHeader, old_template: str, changed: set[str]) -> int:
    """Copy changed header fields into the lines that follow the header (SPEC §2.1).

    A line follows the header when it has the header's old template; each field is only
    written where the line has not overridden it. Language and subject are then resolved
    per contact (`resolve_languages`), and a blank salesperson becomes the contact's.
    """
    from segtui.domain.fields import HEADER_TO_LINE

    follows = (Line.segment_no == header.no) & (Line.interaction_template_code == old_template)
    following = Line.select().where(follows).count()
    if not following:
        return 0
    in_scope = Line.id.in_(Line.select(Line.id).where(follows))
    fields = {HEADER_TO_LINE[c] for c in changed if c in HEADER_TO_LINE}
    if "interaction_template_code" in changed:
        # A new template re-initialises every field the line has not overridden.
        fields |= set(HEADER_TO_LINE.values())
    if changed & {"correspondence_type_default", "ignore_contact_corres_type"}:
        fields.add("correspondence_type")
    not_overridden = {name: getattr(Line, name + OVERRIDE_SUFFIX) == False for name in fields}
    computed = {"correspondence_type", "language_code", "subject", "salesperson_code"}
    for name in sorted(fields - computed):
        if name == "interaction_template_code":
            continue  # written last: it decides which lines are in scope
        value = getattr(header, _header_column(name))
        Line.update({getattr(Line, name): value}).where(in_scope & not_overridden[name]).execute()
    if "correspondence_type" in fields:
        contact_type = m.Contact.select(m.Contact.correspondence_type).where(
            m.Contact.no == Line.contact_no
        )
        corr = correspondence_sql(header, header.interaction_template_code, contact_type)
        Line.update(correspondence_type=corr).where(
            in_scope & not_overridden["correspondence_type"]
        ).execute()
    if "salesperson_code" in fields:
        salesperson: Any = header.salesperson_code or m.Contact.select(
            m.Contact.salesperson_code
        ).where(m.Contact.no == Line.contact_no)
        Line.update(salesperson_code=salesperson).where(
            in_scope & not_overridden["salesperson_code"]
        ).execute()
    Line.update(version=Line.version + 1).where(in_scope).execute()
    if "interaction_template_code" in fields:
        Line.update(interaction_template_code=header.interaction_template_code).where(
            in_scope & not_overridden["interaction_template_code"]
        ).execute()
    if fields & {"language_code", "subject", "interaction_template_code"}:
        # After the template is written: the lines that now follow the header.
        resolve_languages(
            header, Line.interaction_template_code == header.interaction_template_code
        )
    return int(following)


def _header_column(line_field: str) -> str:
    """The header column a line field follows."""
    return {"subject": "subject_default", "language_code": "language_code_default"}.get(
        line_field, line_field
    )


def override_values(
    header: m.SegmentHeader, line: m.SegmentLine, values: dict[str, object]
) -> dict[str, object]:
    """The column updates for a user's change of a line's fields, with override marks.

    A different template re-initialises the line from that template first (Business
    Central's rule): its attachment, cost, duration, flow, initiated by, campaign flags,
    correspondence type and send as attachment; the description when it is blank or was
    the old template's. Language and subject are resolved afterwards, set-based
    (`resolve_languages`), unless the user gives them.
    """
    updates: dict[str, object] = {}
    template_code = values.get("interaction_template_code")
    if template_code is not None and template_code != line.interaction_template_code:
        template = _template(str(template_code))
        old = _template(line.interaction_template_code)
        contact = m.Contact.get_by_id(line.contact_no)
        updates.update(
            {c + OVERRIDE_SUFFIX: False for c in _overridable() if c != "interaction_template_code"}
        )
        updates["attachment_id"] = None
        if template is not None:
            updates.update(
                information_flow=template.information_flow,
                initiated_by=template.initiated_by,
                unit_cost=template.unit_cost,
                unit_duration_min=template.unit_duration_min,
                # segtui's templates carry no campaign: a new template starts without flags.
                campaign_target=False,
                campaign_response=False,
                send_as_attachment=template.send_as_attachment,
                correspondence_type=resolve_correspondence_type(
                    header.ignore_contact_corres_type,
                    header.correspondence_type_default,
                    template.ignore_contact_corres_type,
                    template.correspondence_type_default,
                    contact.correspondence_type,
                ),
            )
            came_from_template = old is not None and line.description == old.description
            if not line.description.strip() or came_from_template:
                updates["description"] = template.description
    for column, value in values.items():
        updates[column] = value
        updates[column + OVERRIDE_SUFFIX] = True
    return updates


def _overridable() -> list[str]:
    """Line fields that carry an override mark."""
    return [c.removesuffix(OVERRIDE_SUFFIX) for c in LINE_COLUMNS if c.endswith(OVERRIDE_SUFFIX)]
