"""segtui's merge data (SPEC §4): the values of each letter, a page of lines or entries a query.

Lines are merged with the contact as it is now; entries with their merge snapshot and the
logged segment's `our_company`, so a letter re-rendered later is the letter delivered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

import peewee as pw

from segtui.config import load_settings
from segtui.db import models as m
from segtui.domain.enums import DeliveryStatus
from segtui.domain.errors import NotFound
from segtui.domain.letters import Addressee, LetterDocument, LetterSource, merge_values

PAGE_SIZE = 200

Line = m.SegmentLine
Entry = m.InteractionLogEntry
_COMPANY = m.Contact.alias("company")
_COUNTRY = m.Country.alias("country")
# The contact's salutation formulas in the line's language, and in no particular language.
_FORMULA = m.SalutationFormula.alias("formula")
_ANY_FORMULA = m.SalutationFormula.alias("any_formula")


def formula_sql(kind: str) -> Any:
    """The formal or informal formula of the joined contact in the line's language, else
    its language-blank one, else '' (the built-in English greeting)."""
    return pw.fn.COALESCE(
        pw.fn.NULLIF(getattr(_FORMULA, kind), ""), pw.fn.NULLIF(getattr(_ANY_FORMULA, kind), ""), ""
    )


def join_formulas(query: Any, contact: Any, language: Any) -> Any:
    """`query` with the two formula joins `formula_sql` reads (contact and language given)."""
    return query.join_from(
        contact,
        _FORMULA,
        pw.JOIN.LEFT_OUTER,
        on=(
            (_FORMULA.salutation == contact.salutation_code) & (_FORMULA.language_code == language)
        ),
    ).join_from(
        contact,
        _ANY_FORMULA,
        pw.JOIN.LEFT_OUTER,
        on=(
            (_ANY_FORMULA.salutation == contact.salutation_code)
            & (_ANY_FORMULA.language_code == "")
        ),
    )


def our_company_now() -> dict[str, str]:
    """Our company's details from the settings file (the Our_… fields of open segments)."""
    return {k: str(v) for k, v in dataclasses.asdict(load_settings().company).items()}


def _line_query(segment_no: str) -> Any:
    """Lines joined with contact, the contact's company, salesperson and country: one query."""
    c = m.Contact
    company_name = pw.Case(None, [(c.type == "company", c.name)], pw.fn.COALESCE(_COMPANY.name, ""))
    query = (
        Line.select(
            Line.line_no,
            Line.contact_no,
            Line.interaction_template_code,
            Line.language_code,
            Line.attachment_id,
            Line.correspondence_type,
            Line.send_as_attachment,
            Line.subject,
            Line.description,
            Line.date,
            Line.campaign_no,
            Line.segment_no,
            Line.comment,
            c.name,
            company_name.alias("company_name"),
            c.first_name,
            c.surname,
            c.salutation,
            c.job_title,
            c.address,
            c.address_2,
            c.post_code,
            c.city,
            c.county,
            c.country_code,
            pw.fn.COALESCE(_COUNTRY.name, "").alias("country_name"),
            c.phone,
            c.mobile,
            c.email,
            pw.fn.COALESCE(m.Salesperson.name, "").alias("sp_name"),
            pw.fn.COALESCE(m.Salesperson.email, "").alias("sp_email"),
            pw.fn.COALESCE(m.Salesperson.phone, "").alias("sp_phone"),
            pw.fn.COALESCE(m.Salesperson.job_title, "").alias("sp_job_title"),
            formula_sql("formal").alias("formal_formula"),
            formula_sql("informal").alias("informal_formula"),
        )
        .join(c, on=(c.no == Line.contact_no))
        .join_from(c, _COMPANY, pw.JOIN.LEFT_OUTER, on=(_COMPANY.no == c.company_no))
        .join_from(c, _COUNTRY, pw.JOIN.LEFT_OUTER, on=(_COUNTRY.code == c.country_code))
        .join_from(
            Line,
            m.Salesperson,
            pw.JOIN.LEFT_OUTER,
            on=(m.Salesperson.code == Line.salesperson_code),
        )
    )
    query = join_formulas(query, c, Line.language_code)
    return query.where(Line.segment_no == segment_no).order_by(Line.line_no).dicts()


def _country(code: str, name: str) -> str:
    """The country as a letter shows it: its name when segtui knows it, else its code."""
    return name or code


def _line_source(row: Mapping[str, Any], our_company: Mapping[str, str], today: dt.date) -> Any:
    """A line row (from `_line_query`) as a LetterSource."""
    person = Addressee(
        contact_no=row["contact_no"],
        name=row["name"],
        company_name=row["company_name"] or "",
        first_name=row["first_name"],
        surname=row["surname"],
        salutation=row["salutation"],
        job_title=row["job_title"],
        address=row["address"],
        address_2=row["address_2"],
        post_code=row["post_code"],
        city=row["city"],
        county=row["county"],
        country=_country(row["country_code"], row["country_name"]),
        phone=row["phone"],
        mobile=row["mobile"],
        email=row["email"],
        salesperson_name=row["sp_name"],
        salesperson_email=row["sp_email"],
        salesperson_phone=row["sp_phone"],
        salesperson_job_title=row["sp_job_title"],
        formal_formula=row["formal_formula"],
        informal_formula=row["informal_formula"],
    )
    # Log dates an entry with the line's date, else the day it is logged: the same here.
    document = LetterDocument(
        date=row["date"] or today,
        segment_no=row["segment_no"],
        description=row["description"],
        subject=row["subject"],
        campaign_no=row["campaign_no"],
        comment=row["comment"],
    )
    return LetterSource(
        key=row["line_no"],
        contact_no=row["contact_no"],
        template_code=row["interaction_template_code"],
        language_code=row["language_code"],
        attachment_id=row["attachment_id"],
        unique=row["attachment_id"] is not None,
        correspondence_type=row["correspondence_type"],
        email=row["email"],
        subject=row["subject"],
        values=merge_values(person, document, our_company),
        send_as_attachment=bool(row["send_as_attachment"]),
    )


def line_page(
    segment_no: str,
    *,
    after_line_no: int = 0,
    limit: int = PAGE_SIZE,
    our_company: Mapping[str, str] | None = None,
) -> list[LetterSource]:
    """The letters of up to `limit` lines after `after_line_no`, from one query."""
    company = our_company if our_company is not None else our_company_now()
    query = _line_query(segment_no).where(Line.line_no > after_line_no).limit(limit)
    today = dt.date.today()
    return [_line_source(row, company, today) for row in query]


def line_source(segment_no: str, line_no: int) -> LetterSource:
    """The letter of one line, or NotFound."""
    rows = list(_line_query(segment_no).where(Line.line_no == line_no))
    if not rows:
        raise NotFound(f"segment {segment_no} has no line {line_no}")
    return _line_source(rows[0], our_company_now(), dt.date.today())


def iter_line_sources(segment_no: str, page_size: int = PAGE_SIZE) -> Iterator[LetterSource]:
    """Every line's letter in line order, a page (one query) at a time."""
    company = our_company_now()
    after = 0
    while True:
        page = line_page(segment_no, after_line_no=after, limit=page_size, our_company=company)
        yield from page
        if len(page) < page_size:
            return
        after = page[-1].key


# --- interaction log entries -----------------------------------------------------------------


def _entry_query() -> Any:
    """Entries with their snapshot, the country's name and the logged segment's our_company."""
    e = Entry
    return (
        e.select(
            e,
            pw.fn.COALESCE(_COUNTRY.name, "").alias("country_name"),
            pw.fn.COALESCE(m.LoggedSegment.our_company, "{}").alias("our_company_json"),
        )
        .join_from(e, _COUNTRY, pw.JOIN.LEFT_OUTER, on=(_COUNTRY.code == e.merge_country_code))
        .join_from(
            e,
            m.LoggedSegment,
            pw.JOIN.LEFT_OUTER,
            on=(m.LoggedSegment.entry_no == e.logged_segment_entry_no),
        )
        .order_by(e.entry_no)
        .objects()
    )


def _our_company(text: str, cache: dict[str, dict[str, str]]) -> dict[str, str]:
    """The logged segment's our_company JSON as a dict (parsed once per distinct text)."""
    if text not in cache:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = {}
        cache[text] = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return cache[text]


def _entry_source(row: Any, our_company: Mapping[str, str]) -> LetterSource:
    """An entry row (from `_entry_query`) as a LetterSource, values from its snapshot."""
    person = Addressee(
        contact_no=row.contact_no,
        name=row.merge_contact_name,
        company_name=row.merge_company_name,
        first_name=row.merge_first_name,
        surname=row.merge_surname,
        salutation=row.merge_salutation,
        job_title=row.merge_job_title,
        address=row.merge_address,
        address_2=row.merge_address_2,
        post_code=row.merge_post_code,
        city=row.merge_city,
        county=row.merge_county,
        country=_country(row.merge_country_code, row.country_name),
        phone=row.merge_phone,
        mobile=row.merge_mobile,
        email=row.merge_email,
        salesperson_name=row.merge_salesperson_name,
        salesperson_email=row.merge_salesperson_email,
        salesperson_phone=row.merge_salesperson_phone,
        salesperson_job_title=row.merge_salesperson_job_title,
        formal_formula=row.merge_formal_formula,
        informal_formula=row.merge_informal_formula,
    )
    document = LetterDocument(
        date=row.date,
        segment_no=row.segment_no,
        description=row.description,
        subject=row.subject,
        campaign_no=row.campaign_no,
        comment=row.comment,
    )
    return LetterSource(
        key=row.entry_no,
        contact_no=row.contact_no,
        template_code=row.interaction_template_code,
        language_code=row.language_code,
        attachment_id=row.attachment_id,
        unique=bool(row.attachment_unique),
        correspondence_type=row.correspondence_type,
        email=row.merge_email,
        subject=row.subject,
        values=merge_values(person, document, our_company),
        send_as_attachment=bool(row.send_as_attachment),
    )


def entry_source(entry_no: int) -> LetterSource:
    """The letter of one interaction log entry, from its merge snapshot; or NotFound."""
    rows = list(_entry_query().where(Entry.entry_no == entry_no))
    if not rows:
        raise NotFound(f"interaction log entry {entry_no} does not exist")
    return _entry_source(rows[0], _our_company(rows[0].our_company_json, {}))


def entry_page(
    logged_entry_no: int, *, after_entry_no: int = 0, limit: int = PAGE_SIZE
) -> list[LetterSource]:
    """Up to `limit` in-progress, not canceled entries of a logged segment after one entry."""
    query = (
        _entry_query()
        .where(
            (Entry.logged_segment_entry_no == logged_entry_no)
            & (Entry.delivery_status == DeliveryStatus.IN_PROGRESS.value)
            & (Entry.canceled == False)
            & (Entry.entry_no > after_entry_no)
        )
        .limit(limit)
    )
    cache: dict[str, dict[str, str]] = {}
    return [_entry_source(row, _our_company(row.our_company_json, cache)) for row in query]


def count_in_progress(logged_entry_no: int) -> int:
    """How many entries of a logged segment wait for delivery."""
    return int(
        Entry.select()
        .where(
            (Entry.logged_segment_entry_no == logged_entry_no)
            & (Entry.delivery_status == DeliveryStatus.IN_PROGRESS.value)
            & (Entry.canceled == False)
        )
        .count()
    )
