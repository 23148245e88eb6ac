"""The criteria verbs of a segment: Add / Reduce / Refine Contacts, manual add and remove,
Reuse Segment, and Go Back / Redo over the criteria log.

Each verb is one set-based statement plus its criteria action and history rows, all in one
transaction (SPEC §2.2–§2.4).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import peewee as pw

from segtui.db import criteria_values
from segtui.db import models as m
from segtui.db.criteria import company_key, contact_condition, count_matching
from segtui.db.proxy import is_postgres
from segtui.domain import criteria as criteria_rules
from segtui.domain.criteria import SOURCES, CriteriaOptions, CriteriaPreview, Filter
from segtui.domain.enums import ActionKind
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.segments import CriteriaActionView
from segtui.domain.wording import counted
from segtui.services.segments import lines
from segtui.services.segments.guard import SegmentWrite, segment_write
from segtui.services.segments.segments import get_header_row, require_contacts
from segtui.services.session import current_user

Line = m.SegmentLine
Action = m.CriteriaAction


def parse_filters(texts: Sequence[str]) -> list[Filter]:
    """Read filters written `source.field=expression` (at most MAX_FILTERS of them)."""
    return criteria_rules.parse_filters(texts)


def count_matching_contacts(filters: Sequence[Filter]) -> int:
    """How many contacts the filters match (the picker's live count)."""
    return count_matching(filters)


def _start_action(
    segment_no: str, kind: ActionKind, filters: Sequence[Filter], options: dict[str, Any]
) -> m.CriteriaAction:
    """Record a new criteria action; a new action ends the redo stack."""
    undone = Action.select(Action.id).where(
        (Action.segment_no == segment_no) & (Action.undone == True)
    )
    m.SegmentHistory.delete().where(m.SegmentHistory.action.in_(undone)).execute()
    Action.delete().where(Action.id.in_(undone)).execute()
    last = (
        Action.select(pw.fn.COALESCE(pw.fn.MAX(Action.action_no), 0))
        .where(Action.segment_no == segment_no)
        .scalar()
    )
    return Action.create(
        segment_no=segment_no,
        action_no=int(last) + 1,
        kind=kind.value,
        options=json.dumps(options),
        filters=json.dumps([f.text for f in filters]),
        count_before=lines.count_lines(segment_no),
        created_by=current_user(),
    )


def _finish(action: m.CriteriaAction, write: SegmentWrite) -> CriteriaActionView:
    """Store the count after the action, say what it did, and return it as the user sees it."""
    action.count_after = lines.count_lines(action.segment_no)
    action.save(only=[Action.count_after])
    change = action.count_after - action.count_before
    write.did(f"{counted(abs(change), 'line')} {'added' if change >= 0 else 'removed'}")
    return to_view(action)


def to_view(action: m.CriteriaAction) -> CriteriaActionView:
    """Convert an action row for display."""
    return CriteriaActionView(
        action_no=action.action_no,
        kind=action.kind,
        filters=tuple(json.loads(action.filters)),
        options=json.loads(action.options),
        count_before=action.count_before,
        count_after=action.count_after,
        undone=action.undone,
        created_by=action.created_by,
        created_at=action.created_at,
    )


def _in_segment(segment_no: str, contact: Any) -> Any:
    """EXISTS a line of the segment for `contact`."""
    return pw.fn.EXISTS(
        Line.select(pw.SQL("1")).where(
            (Line.segment_no == segment_no) & (Line.contact_no == contact.no)
        )
    )


def _addable(segment_no: str, contact: Any, options: CriteriaOptions) -> Any:
    """Rules every added contact obeys: never privacy-blocked; exclusion; existing lines."""
    rule = contact.privacy_blocked == False
    if not options.ignore_exclusion:
        rule &= contact.exclude_from_segment == False
    if not options.allow_existing:
        rule &= ~_in_segment(segment_no, contact)
    return rule


def _to_add(
    segment_no: str, filters: Sequence[Filter], options: CriteriaOptions, contact: Any
) -> Any:
    """The contacts Add Contacts inserts: the matches, widened by the expand options, that
    obey the rules every added contact obeys."""
    matched = contact_condition(filters, contact)
    if options.expand_companies:
        # As Business Central: every contact with the same company number as a matched
        # contact, so a matched company brings its persons and a matched person its
        # company and its colleagues.
        other = m.Contact.alias("co")
        key = company_key(contact)
        # company_key(other) == key, written so both halves use an index (no, company_no).
        same_company = (other.company_no == key) | ((other.no == key) & (other.company_no == ""))
        matched |= pw.fn.EXISTS(
            other.select(pw.SQL("1")).where(
                pw.NodeList((same_company,), parens=True) & contact_condition(filters, other)
            )
        )
    if options.allow_related_companies:
        # A matched person brings its company.
        person = m.Contact.alias("pe")
        matched |= (contact.type == "company") & pw.fn.EXISTS(
            person.select(pw.SQL("1")).where(
                (person.company_no == contact.no)
                & (person.type == "person")
                & contact_condition(filters, person)
            )
        )
    return pw.NodeList((matched,), parens=True) & _addable(segment_no, contact, options)


def add_contacts(
    segment_no: str, filters: Sequence[Filter], options: CriteriaOptions | None = None
) -> CriteriaActionView:
    """Add Contacts: insert a line for every matching contact (SPEC §2.2)."""
    options = options or CriteriaOptions()
    with segment_write(segment_no) as write:
        header = write.header
        action = _start_action(header.no, ActionKind.ADD, filters, options.as_dict())
        contact = m.Contact.alias("c")
        lines.insert_contacts(
            header, contact, _to_add(header.no, filters, options, contact), action.id
        )
        return _finish(action, write)


def preview(
    segment_no: str, filters: Sequence[Filter], options: CriteriaOptions | None = None
) -> CriteriaPreview:
    """What Add, Reduce and Refine Contacts would do with these filters and options, counted
    by the same conditions the verbs run (the criteria picker shows it as the user types)."""
    options = options or CriteriaOptions()
    header = get_header_row(segment_no)
    contact = m.Contact.alias("c")
    if is_postgres() and not options.allow_existing:
        # The contacts Add would insert = those it would insert if lines already in the
        # segment did not count, minus those of them already in it. On PostgreSQL the NOT
        # EXISTS of `_to_add` becomes an anti join, and for a segment filled since the
        # last ANALYZE the planner expects one line where there are 95 000: it then
        # compares every contact with every line (3.5 s at 100 k contacts, minutes at 1 M).
        # Counted this way the segment's lines drive key lookups instead, whatever the
        # statistics say. SQLite probes the index per contact either way.
        anywhere = replace(options, allow_existing=True)
        every = contact.select().where(_to_add(header.no, filters, anywhere, contact))
        present = every.where(_in_segment(header.no, contact))
        to_add = every.count() - present.count()
    else:
        to_add = contact.select().where(_to_add(header.no, filters, options, contact)).count()
    to_reduce = to_refine = None
    if filters:
        in_segment = Line.segment_no == header.no
        total = Line.select().where(in_segment).count()
        matches = _line_matches(filters, options.entire_companies)
        to_reduce = Line.select().where(in_segment & matches).count()
        to_refine = total - to_reduce
    return CriteriaPreview(to_add, to_reduce, to_refine)


def _line_matches(filters: Sequence[Filter], entire_companies: bool) -> Any:
    """A condition on lines whose contact (or, per company, any of its contacts) matches."""
    contact = m.Contact.alias("c")
    if entire_companies:
        keys = contact.select(company_key(contact)).where(contact_condition(filters, contact))
        line_key = pw.fn.COALESCE(pw.fn.NULLIF(Line.contact_company_no, ""), Line.contact_no)
        return line_key.in_(keys)
    # A correlated EXISTS costs one key lookup per line; `IN (SELECT …)` would build the
    # list of every matching contact first (a scan of a million contacts for an unindexed
    # filter such as contact.type), whatever the size of the segment.
    return pw.fn.EXISTS(
        contact.select(pw.SQL("1")).where(
            (contact.no == Line.contact_no) & contact_condition(filters, contact)
        )
    )


def _remove(segment_no: str, action: m.CriteriaAction, where: Any) -> None:
    """Snapshot the lines passing `where` into the action's history, then delete them."""
    lines.snapshot(segment_no, where, action.id, "deleted")
    Line.delete().where((Line.segment_no == segment_no) & where).execute()


def reduce_contacts(
    segment_no: str, filters: Sequence[Filter], *, entire_companies: bool = False
) -> CriteriaActionView:
    """Reduce Contacts: remove the lines whose contact matches."""
    return _narrow(segment_no, filters, entire_companies, ActionKind.REDUCE)


def refine_contacts(
    segment_no: str, filters: Sequence[Filter], *, entire_companies: bool = False
) -> CriteriaActionView:
    """Refine Contacts: keep only the lines whose contact matches."""
    return _narrow(segment_no, filters, entire_companies, ActionKind.REFINE)


def _narrow(
    segment_no: str, filters: Sequence[Filter], entire_companies: bool, kind: ActionKind
) -> CriteriaActionView:
    """Reduce or Refine, which differ only in keeping or removing the matches."""
    if not filters:
        raise InvalidInput(f"{kind.value} needs at least one filter")
    with segment_write(segment_no) as write:
        header = write.header
        options = CriteriaOptions(entire_companies=entire_companies)
        action = _start_action(header.no, kind, filters, options.as_dict())
        matches = _line_matches(filters, entire_companies)
        _remove(header.no, action, matches if kind is ActionKind.REDUCE else ~matches)
        return _finish(action, write)


def add_manual(segment_no: str, contact_nos: Sequence[str]) -> CriteriaActionView:
    """Add chosen contacts by number (a manual_add action, undoable)."""
    wanted = require_contacts(contact_nos)
    with segment_write(segment_no) as write:
        header = write.header
        contact = m.Contact.alias("c")
        blocked = list(
            contact.select(contact.no)
            .where(contact.no.in_(wanted) & (contact.privacy_blocked == True))
            .scalars()
        )
        if blocked:
            raise Refused(f"contact {', '.join(blocked)} is privacy-blocked and cannot be added")
        present = list(
            Line.select(Line.contact_no)
            .where((Line.segment_no == header.no) & Line.contact_no.in_(wanted))
            .scalars()
        )
        if present:
            raise Refused(f"contact {', '.join(sorted(set(present)))} is already in {header.no}")
        action = _start_action(header.no, ActionKind.MANUAL_ADD, [], {"contacts": wanted})
        lines.insert_contacts(header, contact, contact.no.in_(wanted), action.id)
        return _finish(action, write)


def remove_lines(
    segment_no: str, *, line_nos: Sequence[int] = (), contact_no: str | None = None
) -> CriteriaActionView:
    """Remove lines by number or all lines of a contact (a manual_remove action, undoable)."""
    with segment_write(segment_no) as write:
        header = write.header
        if contact_no:
            where = Line.contact_no == contact_no.strip().upper()
            what: dict[str, Any] = {"contact": contact_no.strip().upper()}
        elif line_nos:
            where = Line.line_no.in_(list(line_nos))
            what = {"lines": list(line_nos)}
        else:
            raise InvalidInput("say which line or contact to remove")
        found = Line.select().where((Line.segment_no == header.no) & where).count()
        if not found:
            target = f"contact {what['contact']}" if contact_no else f"line {line_nos[0]}"
            raise NotFound(f"{target} is not in segment {header.no}")
        action = _start_action(header.no, ActionKind.MANUAL_REMOVE, [], what)
        _remove(header.no, action, where)
        return _finish(action, write)


def reuse_segment(
    segment_no: str, logged_entry_no: int, *, allow_existing: bool = False
) -> CriteriaActionView:
    """Reuse Segment: add the contacts of a logged segment (one undoable action)."""
    with segment_write(segment_no) as write:
        header = write.header
        logged = m.LoggedSegment.get_or_none(m.LoggedSegment.entry_no == logged_entry_no)
        if logged is None:
            raise NotFound(f"logged segment {logged_entry_no} does not exist")
        options = {"logged_segment": logged_entry_no, "allow_existing": allow_existing}
        action = _start_action(header.no, ActionKind.REUSE_SEGMENT, [], options)
        entry = m.InteractionLogEntry
        contact = m.Contact.alias("c")
        in_logged = contact.no.in_(
            entry.select(entry.contact_no).where(entry.logged_segment_entry_no == logged_entry_no)
        )
        rules = _addable(
            header.no,
            contact,
            CriteriaOptions(allow_existing=allow_existing, ignore_exclusion=True),
        )
        lines.insert_contacts(header, contact, in_logged & rules, action.id)
        _keep_entry_campaigns(header, logged_entry_no, action.id)
        return _finish(action, write)


def _keep_entry_campaigns(header: m.SegmentHeader, logged_entry_no: int, action_id: int) -> None:
    """Reuse Segment keeps each entry's campaign number on its new line (as BC does).

    One UPDATE with a correlated subquery; a line whose campaign differs from the header's
    is marked overridden so header changes pass it by, and loses its campaign flags when
    the entry had no campaign.
    """
    entry = m.InteractionLogEntry
    campaign = entry.select(pw.fn.MAX(entry.campaign_no)).where(
        (entry.logged_segment_entry_no == logged_entry_no) & (entry.contact_no == Line.contact_no)
    )
    mine = (Line.segment_no == header.no) & (Line.added_by_action == action_id)
    Line.update(campaign_no=pw.fn.COALESCE(campaign, "")).where(mine).execute()
    differs = mine & (Line.campaign_no != header.campaign_no)
    Line.update(campaign_no_overridden=True).where(differs).execute()
    Line.update(campaign_target=False, campaign_response=False).where(
        mine & (Line.campaign_no == "")
    ).execute()


def criteria_log(segment_no: str) -> list[CriteriaActionView]:
    """Every criteria action of a segment in order, undone ones included (marked)."""
    header = get_header_row(segment_no)
    query = Action.select().where(Action.segment_no == header.no).order_by(Action.action_no)
    return [to_view(a) for a in query]


def go_back(segment_no: str, *, shown_version: int | None = None) -> CriteriaActionView:
    """Undo the last criteria action: remove what it inserted, restore what it deleted.

    With `shown_version` (what the user's confirmation showed), a segment that changed
    meanwhile is refused: Go Back would undo another step than the one they saw.
    """
    with segment_write(segment_no, shown_version=shown_version) as write:
        header = write.header
        action = (
            Action.select()
            .where((Action.segment_no == header.no) & (Action.undone == False))
            .order_by(Action.action_no.desc())
            .first()
        )
        if action is None:
            raise Refused(f"{header.no} has no criteria action to go back from")
        inserted = Line.added_by_action == action.id
        lines.snapshot(header.no, inserted, action.id, "inserted")
        Line.delete().where((Line.segment_no == header.no) & inserted).execute()
        lines.restore(header.no, action.id, "deleted")
        action.undone = True
        action.save(only=[Action.undone])
        write.did(f"went back from step {action.action_no} ({ActionKind(action.kind).label})")
        return to_view(action)


def redo(segment_no: str) -> CriteriaActionView:
    """Re-apply the action Go Back undid last (until a new action is made)."""
    with segment_write(segment_no) as write:
        header = write.header
        action = (
            Action.select()
            .where((Action.segment_no == header.no) & (Action.undone == True))
            .order_by(Action.action_no)
            .first()
        )
        if action is None:
            raise Refused(f"{header.no} has nothing to redo")
        history = m.SegmentHistory
        of_action = history.action == action.id
        deleted = Line.line_no.in_(
            history.select(history.line_no).where(of_action & (history.role == "deleted"))
        )
        # The lines may have been edited since Go Back restored them: snapshot them afresh
        # so that the next Go Back restores those edits, not the older copy.
        lines.snapshot(header.no, deleted, action.id, "redeleted")
        history.delete().where(of_action & (history.role == "deleted")).execute()
        history.update(role="deleted").where(of_action & (history.role == "redeleted")).execute()
        Line.delete().where((Line.segment_no == header.no) & deleted).execute()
        lines.restore(header.no, action.id, "inserted")
        history.delete().where(
            (history.action == action.id) & (history.role == "inserted")
        ).execute()
        action.undone = False
        action.save(only=[Action.undone])
        write.did(f"redid step {action.action_no} ({ActionKind(action.kind).label})")
        return to_view(action)


VALUES_LISTED = 100
"""How many values of a field the criteria picker lists for one filter text."""


def value_counts(
    source: str, field: str, text: str = "", limit: int = VALUES_LISTED
) -> list[tuple[str, int]]:
    """The values of `source.field` holding `text`, by value, each with the number of
    contacts a filter on it matches (one GROUP BY query, at most `limit` values)."""
    if source not in SOURCES:
        raise InvalidInput(f"unknown source {source!r}; sources are: {', '.join(SOURCES)}")
    if field not in SOURCES[source].fields:
        fields = ", ".join(SOURCES[source].fields)
        raise InvalidInput(f"{source} has no field {field!r}; its fields are: {fields}")
    return criteria_values.value_counts(source, field, text, limit)
