"""Find in a segment's lines: which lines match a text, and where the next one stands.

The matching is SQL over the segment's lines joined to their contacts (contact number,
name, city, email; letter case ignored, `%`/`_` taken literally), never a scan of the page
the table holds, so a match on line 120 000 is found without reading the lines before it.
Each step is a few index-ordered statements: the match (stopping at the first), its
ordinal and the total (one COUNT), and its position (a range count on the line index).
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.domain.errors import InvalidInput
from segtui.domain.segments import LineMatch
from segtui.services.segments.line_window import line_no_at
from segtui.services.segments.segments import get_header_row

Line = m.SegmentLine
Contact = m.Contact


def _matching(segment_no: str, text: str) -> Any:
    """The segment's lines whose contact's number, name, city or email contains `text`."""
    wanted = text.strip()
    if not wanted:
        raise InvalidInput("type what to find: a contact number, name, city or email")
    # LOWER on both sides: SQLite's LIKE is case-sensitive here (as PostgreSQL's), and
    # only ASCII letters are folded by SQLite's LOWER.
    lowered = wanted.lower()
    columns = (Contact.no, Contact.name, Contact.city, Contact.email)
    found = reduce(operator.or_, (pw.fn.LOWER(c).contains(lowered) for c in columns))
    return (
        Line.select(Line.line_no)
        .join(Contact, on=(Contact.no == Line.contact_no))
        .where((Line.segment_no == segment_no) & found)
    )


def count_matches(segment_no: str, text: str) -> int:
    """How many lines of the segment match `text` (one statement)."""
    no = get_header_row(segment_no).no
    return int(_matching(no, text).count())


def find_line(
    segment_no: str,
    text: str,
    *,
    after: int | None = None,
    backward: bool = False,
    previous: LineMatch | None = None,
) -> LineMatch | None:
    """The first line matching `text`, or the next after (before) position `after`.

    Past the last match the search wraps to the first (before the first, to the last), as
    an editor's find does. None when no line matches. `previous` is the match this step
    starts from, when `after` is still its position: its ordinal and total then give the
    new ones, and the matches are not counted again (n and N stay quick on 140 000 lines).
    """
    no = get_header_row(segment_no).no
    matching = _matching(no, text)
    order = Line.line_no.desc() if backward else Line.line_no
    hit: int | None = None
    if after is not None:
        here = line_no_at(no, after)
        beyond = Line.line_no < here if backward else Line.line_no > here
        hit = matching.where(beyond).order_by(order).limit(1).scalar()
    wrapped = hit is None
    if hit is None:
        hit = matching.order_by(order).limit(1).scalar()
    if hit is None:
        return None
    before = Line.select().where((Line.segment_no == no) & (Line.line_no < hit)).count()
    if previous is not None and previous.position == after and previous.total:
        total = previous.total
        if wrapped:
            ordinal = total if backward else 1
        else:
            ordinal = previous.ordinal - 1 if backward else previous.ordinal + 1
        ordinal = min(max(ordinal, 1), total)
    else:
        up_to_hit = pw.fn.SUM(pw.Case(None, [(Line.line_no <= hit, 1)], 0))
        total, ordinal = matching.select(pw.fn.COUNT(Line.line_no), up_to_hit).scalar(as_tuple=True)
    return LineMatch(position=int(before), line_no=int(hit), ordinal=int(ordinal), total=int(total))
