"""segtui's merge data: lines a page per query, entries from their snapshot."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import NotFound
from segtui.domain.letters import VOCABULARY
from segtui.domain.merge_fields import normalise_field_name
from segtui.services.demo.demo import create_demo
from segtui.services.letters import sources
from segtui.services.log.log_segment import log_segment
from tests.services.letters_helpers import COMMENT, make_mailing, write_settings


@pytest.fixture
def mailing(database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """SEG00001 (Acme, Anna of Acme with a comment, Bo) and our company in the settings."""
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    m.InteractionTemplate.create(code="LETTER")
    make_mailing()
    m.SegmentLine.update(date=dt.date(2026, 3, 1), campaign_no="CP01").where(
        m.SegmentLine.line_no == 2
    ).execute()
    return "SEG00001"


class QueryCounter:
    """Counts the SQL statements the database runs (wrapping its execute_sql)."""

    def __init__(self, database: pw.Database) -> None:
        self.database = database
        self.count = 0
        self._original = database.execute_sql

    def __enter__(self) -> QueryCounter:
        def counting(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return self._original(*args, **kwargs)

        self.database.execute_sql = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.database.execute_sql = self._original  # type: ignore[method-assign]


def test_line_values_cover_the_vocabulary(mailing: str) -> None:
    anna = sources.line_source(mailing, 2)

    assert {normalise_field_name(k) for k in anna.values} == {
        normalise_field_name(n) for n in VOCABULARY
    }
    v = anna.values
    assert (v["Contact_No"], v["Contact_Name"], v["Company_Name"]) == (
        "CT000002",
        "Anna Smith",
        "Acme Ltd",
    )
    assert v["Mail_Address"] == "Anna Smith\nAcme Ltd\n1 High St\nLS1 1AA Leeds\nUnited Kingdom"
    assert v["Formal_Salutation"] == "Dear Ms Smith,"
    assert v["Informal_Salutation"] == "Dear Anna,"
    assert (v["Salesperson_Name"], v["Salesperson_Email"]) == ("Sam Seller", "sam@us.test")
    assert v["Salesperson_Job_Title"] == "Manager"
    assert (v["Document_Date"], v["Segment_No"], v["Campaign_No"]) == (
        "2026-03-01",
        "SEG00001",
        "CP01",
    )
    assert (v["Description"], v["Subject"]) == ("Spring mailing", "Spring offer")
    assert (v["Our_Company_Name"], v["Our_Email"]) == ("Cronus Ltd", "office@cronus.test")
    assert v["Comment"] == COMMENT
    assert (anna.correspondence_type, anna.email, anna.unique) == ("email", "anna@acme.test", False)
    acme = sources.line_source(mailing, 1)
    # A company is its own company; a line without a date is dated today, as Log does.
    assert acme.values["Company_Name"] == "Acme Ltd"
    assert acme.values["Mail_Address"] == "Acme Ltd\nLeeds"
    assert acme.values["Document_Date"] == dt.date.today().isoformat()
    with pytest.raises(NotFound, match="SEG00001 has no line 7"):
        sources.line_source(mailing, 7)


def _sources(segment_no: str, page_size: int) -> Iterator[int]:
    """The line numbers iter_line_sources yields."""
    return (s.key for s in sources.iter_line_sources(segment_no, page_size))


def test_lines_come_a_page_per_query(database: pw.Database, tmp_path: Path) -> None:
    create_demo(contacts=40, seed=3)
    segment_no = m.SegmentHeader.get().no
    total = m.SegmentLine.select().where(m.SegmentLine.segment_no == segment_no).count()
    expected = [
        line.line_no
        for line in m.SegmentLine.select()
        .where(m.SegmentLine.segment_no == segment_no)
        .order_by(m.SegmentLine.line_no)
    ]

    with QueryCounter(database) as counter:
        seen = list(_sources(segment_no, page_size=10))

    assert seen == expected
    assert total > 20
    # One query per page of 10 (plus one that finds the last page short), never one a line.
    assert counter.count == total // 10 + 1


def test_entry_values_come_from_the_snapshot_and_the_logged_our_company(
    mailing: str, tmp_path: Path
) -> None:
    before = sources.line_source(mailing, 2).values
    result = log_segment(mailing, send=False)
    entry = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000002")

    # Everything changes afterwards: contact, company, salesperson, our company.
    m.Contact.update(name="Anna Jones", surname="Jones", email="new@x.test").execute()
    m.Salesperson.update(name="Someone Else").execute()
    (tmp_path / "settings.toml").write_text('[company]\nname = "New Name"\n', encoding="utf-8")

    source = sources.entry_source(entry.entry_no)

    assert source.values == before
    assert source.email == "anna@acme.test"
    assert source.key == entry.entry_no
    assert source.attachment_id == entry.attachment_id
    logged = m.LoggedSegment.get_by_id(result.logged_segment_entry_no)
    assert json.loads(logged.our_company)["name"] == "Cronus Ltd"
    with pytest.raises(NotFound, match="interaction log entry 999 does not exist"):
        sources.entry_source(999)


def test_entry_pages_hold_only_entries_waiting_for_delivery(mailing: str) -> None:
    result = log_segment(mailing, send=False)
    entry_no = result.logged_segment_entry_no
    assert entry_no is not None
    E = m.InteractionLogEntry
    E.update(delivery_status="in_progress").where(E.contact_no != "CT000001").execute()
    E.update(canceled=True).where(E.contact_no == "CT000003").execute()

    page = sources.entry_page(entry_no)

    assert [s.contact_no for s in page] == ["CT000002"]
    assert sources.count_in_progress(entry_no) == 1
    assert sources.entry_page(entry_no, after_entry_no=page[0].key) == []
