"""Logged segments: list, show, cancel cascade, follow-up, delete canceled, re-send."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import NotFound, Refused
from segtui.services import logged
from segtui.services.interactions import cancel_interaction
from segtui.services.logging import log_segment
from tests.services.factories import (
    make_contact,
    make_segment,
    make_template,
    no_delivery_engine,
    snapshot,
)


@pytest.fixture
def two_logged(database: pw.Database) -> tuple[int, int]:
    """Two logged segments: SEG00001 (3 contacts) and SEG00002 (1 contact)."""
    make_template("LETTER")
    for no in ("CT000001", "CT000002", "CT000003"):
        make_contact(no)
    make_segment("SEG00001", ["CT000001", "CT000002", "CT000003"], description="Spring")
    make_segment("SEG00002", ["CT000002"], description="Autumn", subject_default="Hello")
    first = log_segment("SEG00001", send=False).logged_segment_entry_no
    second = log_segment("SEG00002", send=False).logged_segment_entry_no
    assert first is not None and second is not None
    return first, second


def _canceled_flags(entry_no: int) -> list[bool]:
    """The canceled flag of each entry of a logged segment."""
    entries = m.InteractionLogEntry.select().where(
        m.InteractionLogEntry.logged_segment_entry_no == entry_no
    )
    return [e.canceled for e in entries.order_by(m.InteractionLogEntry.entry_no)]


def test_list_is_newest_first(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    rows = logged.list_logged_segments()
    assert [(r.entry_no, r.segment_no, r.description, r.no_of_interactions) for r in rows] == [
        (second, "SEG00002", "Autumn", 1),
        (first, "SEG00001", "Spring", 3),
    ]
    assert rows[0].created_by == "tester" and not rows[0].canceled


def test_show_has_the_entries_in_order(two_logged: tuple[int, int]) -> None:
    first, _ = two_logged
    detail = logged.show_logged_segment(first)
    assert detail.info.segment_no == "SEG00001"
    assert [e.contact_no for e in detail.entries] == ["CT000001", "CT000002", "CT000003"]
    assert detail.entries[0].contact_name == "Contact CT000001"


def test_show_unknown_is_not_found(database: pw.Database) -> None:
    with pytest.raises(NotFound, match="logged segment 7 does not exist"):
        logged.show_logged_segment(7)


def test_cancel_cascades_and_uncancel_restores(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    cancel_interaction(
        m.InteractionLogEntry.get(m.InteractionLogEntry.logged_segment_entry_no == first).entry_no
    )

    assert logged.cancel_logged_segment(first).canceled
    assert _canceled_flags(first) == [True, True, True]
    assert _canceled_flags(second) == [False]  # other logged segments untouched

    assert not logged.uncancel_logged_segment(first).canceled
    assert _canceled_flags(first) == [False, False, False]


def test_cancel_twice_is_refused(two_logged: tuple[int, int]) -> None:
    first, _ = two_logged
    logged.cancel_logged_segment(first)
    before = snapshot()
    with pytest.raises(Refused, match=f"logged segment {first} is already canceled"):
        logged.cancel_logged_segment(first)
    with pytest.raises(NotFound):
        logged.uncancel_logged_segment(999)
    assert snapshot() == before


def test_follow_up_takes_every_entry_and_the_logged_header(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    cancel_interaction(
        m.InteractionLogEntry.get(m.InteractionLogEntry.logged_segment_entry_no == first).entry_no
    )

    no = logged.create_follow_up(first)
    other = logged.create_follow_up(second)

    assert (no, other) == ("SEG00003", "SEG00004")
    assert m.SegmentHeader.get_by_id(no).description == "Follow-up on SEG00001"
    assert m.SegmentHeader.get_by_id(other).subject_default == "Hello"
    lines = m.SegmentLine.select().where(m.SegmentLine.segment_no == no)
    assert [(x.line_no, x.contact_no) for x in lines.order_by(m.SegmentLine.line_no)] == [
        (1, "CT000001"),
        (2, "CT000002"),
        (3, "CT000003"),
    ]


def test_follow_up_lines_resolve_the_correspondence_type(database: pw.Database) -> None:
    make_template("MAIL", correspondence_type_default="email")
    make_contact("CT000001", correspondence_type="hard_copy")
    make_contact("CT000002")  # no type of its own: the template's default applies
    make_segment("SEG00001", ["CT000001", "CT000002"], template="MAIL")
    entry_no = log_segment("SEG00001", send=False).logged_segment_entry_no
    assert entry_no is not None

    no = logged.create_follow_up(entry_no)

    types_by_contact = {
        line.contact_no: line.correspondence_type
        for line in m.SegmentLine.select().where(m.SegmentLine.segment_no == no)
    }
    assert types_by_contact == {"CT000001": "hard_copy", "CT000002": "email"}


def test_delete_canceled_keeps_the_entries(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    logged.cancel_logged_segment(first)

    assert logged.delete_canceled_logged_segments() == 1

    assert [r.entry_no for r in logged.list_logged_segments()] == [second]
    orphans = m.InteractionLogEntry.select().where(m.InteractionLogEntry.segment_no == "SEG00001")
    assert [(e.logged_segment_entry_no, e.canceled) for e in orphans] == [(None, True)] * 3
    assert logged.delete_canceled_logged_segments() == 0


def test_resend_without_a_delivery_engine_is_refused(
    database: pw.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_delivery_engine(monkeypatch)
    make_template("LETTER")
    make_contact("CT000001")
    make_segment("SEG00001", ["CT000001"])
    entry_no = log_segment("SEG00001", send=True).logged_segment_entry_no
    assert entry_no is not None
    before = snapshot()

    with pytest.raises(Refused, match="delivery is not available yet"):
        logged.resend(entry_no)

    assert snapshot() == before


def test_resend_hands_failed_entries_to_the_delivery_engine(
    two_logged: tuple[int, int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, _ = two_logged
    entries = m.InteractionLogEntry.logged_segment_entry_no == first
    m.InteractionLogEntry.update(delivery_status="error", delivery_error="SMTP down").where(
        entries
    ).execute()
    seen: list[list[str]] = []

    def deliver_logged_segment(entry_no: int, out_dir: Path | None) -> types.SimpleNamespace:
        rows = m.InteractionLogEntry.select().where(
            m.InteractionLogEntry.logged_segment_entry_no == entry_no
        )
        seen.append([e.delivery_status for e in rows])
        return types.SimpleNamespace(delivered=3, failed=0)

    fake = types.ModuleType("segtui.services.delivery")
    fake.deliver_logged_segment = deliver_logged_segment  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "segtui.services.delivery", fake)

    report = logged.resend(first, tmp_path)

    assert (report.delivered, report.failed) == (3, 0)
    assert seen == [["in_progress"] * 3]
    logged.cancel_logged_segment(first)
    with pytest.raises(Refused, match="is canceled"):
        logged.resend(first)


def test_resend_with_nothing_to_send_is_refused(
    two_logged: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        sys.modules, "segtui.services.delivery", types.ModuleType("segtui.services.delivery")
    )
    with pytest.raises(Refused, match="has nothing to re-send"):
        logged.resend(two_logged[0])
