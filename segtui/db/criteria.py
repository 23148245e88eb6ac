"""The criteria compiler: filters (domain AST) → parameterised Peewee expressions.

A contact matches when it passes the `contact` filters and, for every other source that has
filters, at least one related row passes all of that source's filters (EXISTS per source,
AND across sources). User text only ever becomes a bound parameter, never SQL text.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any

import peewee as pw

from segtui.db import models as m
from segtui.domain.criteria import SOURCES, Filter, LinkedThrough, coerce
from segtui.domain.expressions import Comparison, Empty, Op, Pattern, Range

ContactTable = Any  # the Contact model or an alias of it

_COMPARE: dict[Op, Callable[[Any, Any], Any]] = {
    Op.EQ: operator.eq,
    Op.NE: operator.ne,
    Op.LT: operator.lt,
    Op.LE: operator.le,
    Op.GT: operator.gt,
    Op.GE: operator.ge,
}


def company_key(contact: ContactTable) -> Any:
    """The number of the contact's company: its company_no, or its own number if it has none."""
    return pw.fn.COALESCE(pw.fn.NULLIF(contact.company_no, ""), contact.no)


def _like_pattern(pattern: str) -> str:
    """Translate `*`/`?` wildcards to LIKE, escaping LIKE's own special characters."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def _condition_sql(column: Any, condition: object, flt: Filter) -> Any:
    """One condition of an expression on one column."""
    where = flt.source + "." + flt.field
    typed = flt.field_type
    if isinstance(condition, Empty):
        # Written as a plain IS NULL: the computed contact fields are subqueries, which have
        # no is_null() of their own.
        empty = (column == "") if typed.value == "text" else pw.Expression(column, pw.OP.IS, None)
        return ~empty if condition.negated else empty
    insensitive = getattr(condition, "case_insensitive", False)
    target = pw.fn.LOWER(column) if insensitive else column

    def value(text: str) -> Any:
        typed_value = coerce(text, typed, where)
        return typed_value.lower() if insensitive and isinstance(typed_value, str) else typed_value

    if isinstance(condition, Comparison):
        return _COMPARE[condition.op](target, value(condition.value))
    if isinstance(condition, Range):
        parts = []
        if condition.low is not None:
            parts.append(target >= value(condition.low))
        if condition.high is not None:
            parts.append(target <= value(condition.high))
        return reduce(operator.and_, parts)
    if isinstance(condition, Pattern):
        text = condition.pattern.lower() if insensitive else condition.pattern
        like = pw.NodeList((target, pw.SQL("LIKE"), _like_pattern(text), pw.SQL("ESCAPE '\\'")))
        return pw.NodeList((pw.SQL("NOT"), like)) if condition.negated else like
    raise TypeError(f"unknown condition {condition!r}")


def flat(nodes: Sequence[Any], glue: str) -> Any:
    """`a OR b OR c` (or AND) written flat: Peewee would nest `reduce(operator.or_)` one
    level per term, and 500 alternatives would overflow Python's recursion and SQLite's
    parser stack (which gives up near 85 nested parentheses)."""
    if len(nodes) == 1:
        return nodes[0]
    return pw.NodeList(list(nodes), glue=f" {glue} ", parens=True)


def _plain_value(alternative: Any) -> str | None:
    """The value of an alternative that is one plain `=value` (case-sensitive), else None."""
    (condition,) = alternative.conditions if len(alternative.conditions) == 1 else (None,)
    plain = isinstance(condition, Comparison) and condition.op is Op.EQ
    if plain and not getattr(condition, "case_insensitive", False):
        return condition.value  # type: ignore[union-attr]
    return None


def expression_sql(column: Any, flt: Filter) -> Any:
    """A whole filter expression (alternatives of conditions) on one column.

    Plain values (`LS1|LS2|LS3…`) become one `IN (…)` list, whose depth does not grow with
    its length; the other alternatives are OR-ed flat beside it.
    """
    where = flt.source + "." + flt.field
    values: list[Any] = []
    others: list[Any] = []
    for alt in flt.parsed.alternatives:
        plain = _plain_value(alt)
        if plain is not None:
            values.append(coerce(plain, flt.field_type, where))
        else:
            others.append(flat([_condition_sql(column, c, flt) for c in alt.conditions], "AND"))
    if len(values) == 1:
        others.insert(0, column == values[0])
    elif values:
        others.insert(0, column.in_(values))
    return pw.NodeList((flat(others, "OR"),), parens=True)


def _all(conditions: list[pw.Expression]) -> Any:
    """AND of several conditions (flat, however many filters there are)."""
    return flat(conditions, "AND")


def _contact_column(contact: ContactTable, field: str) -> Any:
    """A contact field, including the computed interaction counts."""
    if field == "no_of_interactions":
        entry = m.InteractionLogEntry.alias()
        return entry.select(pw.fn.COUNT(entry.entry_no)).where(
            (entry.contact_no == contact.no) & (entry.canceled == False)
        )
    if field == "date_of_last_interaction":
        entry = m.InteractionLogEntry.alias()
        return entry.select(pw.fn.MAX(entry.date)).where(
            (entry.contact_no == contact.no) & (entry.canceled == False)
        )
    return getattr(contact, field)


def _link_exists(
    link: type[m.BaseModel], code_column: str, owner: Any, filters: list[Filter]
) -> Any:
    """EXISTS a classification link row of `owner` passing every filter on its code."""
    table = link.alias()
    conditions = [table.contact == owner]
    conditions += [expression_sql(getattr(table, code_column), f) for f in filters]
    return pw.fn.EXISTS(table.select(pw.SQL("1")).where(_all(conditions)))


def profile_answers(*selected: Any) -> tuple[Any, Any, dict[str, Any]]:
    """A contact's profile answers joined to their answer and question (fresh aliases):
    the query selecting `selected`, the contact column, and the profile filter fields'
    columns (questionnaire, question, answer)."""
    link, answer, question = (
        m.ContactProfileAnswer.alias(),
        m.ProfileAnswer.alias(),
        m.ProfileQuestion.alias(),
    )
    columns = {
        "questionnaire": question.questionnaire,
        "question": question.code,
        "answer": answer.code,
    }
    query = (
        link.select(*selected)
        .join(answer, on=(link.answer == answer.id))
        .join(question, on=(answer.question == question.id))
    )
    return query, link.contact, columns


def _profile_exists(owner: Any, filters: list[Filter]) -> Any:
    """EXISTS a profile answer of the contact passing the questionnaire/question/answer filters."""
    query, contact, columns = profile_answers(pw.SQL("1"))
    conditions = [contact == owner]
    conditions += [expression_sql(columns[f.field], f) for f in filters]
    return pw.fn.EXISTS(query.where(_all(conditions)))


def _interaction_exists(owner: Any, filters: list[Filter]) -> Any:
    """EXISTS an interaction log entry of the contact passing every interaction filter."""
    entry = m.InteractionLogEntry.alias()
    columns = {
        "date": entry.date,
        "template": entry.interaction_template_code,
        "group": entry.interaction_group_code,
        "segment_no": entry.segment_no,
        "campaign_no": entry.campaign_no,
        "evaluation": entry.evaluation,
        "salesperson": entry.salesperson_code,
        "correspondence_type": entry.correspondence_type,
        "canceled": entry.canceled,
    }
    conditions = [entry.contact_no == owner]
    conditions += [expression_sql(columns[f.field], f) for f in filters]
    return pw.fn.EXISTS(entry.select(pw.SQL("1")).where(_all(conditions)))


_LINKS: dict[str, tuple[type[m.BaseModel], str]] = {
    "mailing_group": (m.ContactMailingGroup, "mailing_group"),
    "industry_group": (m.ContactIndustryGroup, "industry_group"),
    "business_relation": (m.ContactBusinessRelation, "business_relation"),
    "job_responsibility": (m.ContactJobResponsibility, "job_responsibility"),
}


def contact_condition(filters: Sequence[Filter], contact: ContactTable = m.Contact) -> Any:
    """A condition on `contact` (the model or an alias) true when it matches every filter.

    With no filters every contact matches.
    """
    by_source: dict[str, list[Filter]] = {}
    for flt in filters:
        by_source.setdefault(flt.source, []).append(flt)
    conditions: list[Any] = []
    for source, group in by_source.items():
        owner = (
            company_key(contact)
            if SOURCES[source].linked_through is LinkedThrough.COMPANY
            else contact.no
        )
        if source == "contact":
            conditions += [expression_sql(_contact_column(contact, f.field), f) for f in group]
        elif source == "profile":
            conditions.append(_profile_exists(owner, group))
        elif source == "interaction":
            conditions.append(_interaction_exists(owner, group))
        else:
            link, column = _LINKS[source]
            conditions.append(_link_exists(link, column, owner, group))
    return _all(conditions) if conditions else pw.SQL("1 = 1")


def count_matching(filters: Sequence[Filter]) -> int:
    """How many contacts match the filters (the live count of the criteria picker)."""
    return int(m.Contact.select().where(contact_condition(filters)).count())


def contains_text(column: Any, text: str) -> Any:
    """`column` holds `text` anywhere, ignoring case; `text` is a bound LIKE parameter with
    LIKE's own `%` and `_` escaped (a search for `50%` finds `50%`, not everything)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return pw.NodeList((pw.fn.LOWER(column), pw.SQL("LIKE"), pattern, pw.SQL("ESCAPE '\\'")))
