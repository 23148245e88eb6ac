"""Logged segments: list, show, cancel cascade, follow-up, delete canceled, re-send."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
import pytest

from segtui.config import load_settings
from segtui.db import models as m
from segtui.domain.errors import NotFound, Refused
from segtui.services.log import logged
from segtui.services.log.interactions import cancel_interaction
from segtui.services.log.log_segment import log_segment
from segtui.services.setup import campaigns, codes
from tests.factories import table_rows
from tests.services.factories import (
    make_contact,
    make_segment,
    make_template,
)
from tests.services.letters_helpers import (
    LETTER,
    free_port,
    smtp_server,
    store_template,
    write_settings,
)

E = m.InteractionLogEntry


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
    before = table_rows()
    with pytest.raises(Refused, match=f"logged segment {first} is already canceled"):
        logged.cancel_logged_segment(first)
    with pytest.raises(NotFound):
        logged.uncancel_logged_segment(999)
    assert table_rows() == before


def test_follow_up_takes_every_entry_and_the_logged_header(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    cancel_interaction(
        m.InteractionLogEntry.get(m.InteractionLogEntry.logged_segment_entry_no == first).entry_no
    )

    no = logged.create_follow_up(first)
    other = logged.create_follow_up(second)

    assert (no, other) == ("SEG00003", "SEG00004")
    assert m.SegmentHeader.get_by_id(no).description == "Follow-up on segment SEG00001"
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


def test_follow_up_leaves_out_a_campaign_deleted_since_the_log(database: pw.Database) -> None:
    make_template("MAIL", correspondence_type_default="email")
    make_contact("CT000001")
    campaigns.create_campaign("Spring", no="CP1")
    make_segment("SEG00001", ["CT000001"], template="MAIL")
    # The header names the campaign; the line overrode it, so its entry does not.
    m.SegmentHeader.update(campaign_no="CP1").execute()
    m.SegmentLine.update(campaign_no="").execute()
    entry_no = log_segment("SEG00001", send=False).logged_segment_entry_no
    assert entry_no is not None
    codes.delete_code("campaign", "CP1")  # nothing but the logged header uses it

    no = logged.create_follow_up(entry_no)

    assert m.SegmentHeader.get_by_id(no).campaign_no == ""
    assert [line.campaign_no for line in m.SegmentLine.select()] == [""]


def test_delete_canceled_keeps_the_entries(two_logged: tuple[int, int]) -> None:
    first, second = two_logged
    logged.cancel_logged_segment(first)

    assert logged.delete_canceled_logged_segments() == 1

    assert [r.entry_no for r in logged.list_logged_segments()] == [second]
    orphans = m.InteractionLogEntry.select().where(m.InteractionLogEntry.segment_no == "SEG00001")
    assert [(e.logged_segment_entry_no, e.canceled) for e in orphans] == [(None, True)] * 3
    assert logged.delete_canceled_logged_segments() == 0


@pytest.fixture
def undelivered(database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """SEG00001 logged with a real letter: CT000001 by hard copy, CT000002 by email.

    Logged with sending off, then set back with the models to what a broken delivery leaves:
    CT000001 still in progress, CT000002 failed. SMTP points at a free loopback port (see
    _smtp_port) where nothing listens unless a test starts a server there. Returns the
    logged segment's number.
    """
    settings = write_settings(
        tmp_path / "settings.toml", host="127.0.0.1", port=free_port(), security="none"
    )
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    store_template("LETTER", LETTER)
    make_contact("CT000001", name="Acme Ltd")
    make_contact("CT000002", name="Bo Jensen", email="bo@example.test")
    make_segment(
        "SEG00001",
        lines=[
            {"contact_no": "CT000001", "correspondence_type": "hard_copy"},
            {"contact_no": "CT000002", "correspondence_type": "email"},
        ],
    )
    entry_no = log_segment("SEG00001", send=False).logged_segment_entry_no
    assert entry_no is not None
    E.update(delivery_status="in_progress").where(E.contact_no == "CT000001").execute()
    E.update(delivery_status="error", delivery_error="SMTP down").where(
        E.contact_no == "CT000002"
    ).execute()
    return entry_no


def _smtp_port() -> int:
    """The SMTP port the settings file of `undelivered` names."""
    return load_settings().smtp.effective_port


def _statuses() -> dict[str, tuple[str, str]]:
    """Each entry's (delivery_status, delivery_error) by contact."""
    return {e.contact_no: (e.delivery_status, e.delivery_error) for e in E.select()}


def test_resend_delivers_what_failed_or_never_finished(undelivered: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ticks: list[tuple[int, int]] = []

    with smtp_server(_smtp_port()) as inbox:
        report = logged.resend(
            undelivered, out, progress=lambda done, total: ticks.append((done, total))
        )

    assert (report.delivered, report.failed) == (2, 0)
    assert ticks == [(1, 2), (2, 2)]
    assert _statuses() == {"CT000001": ("", ""), "CT000002": ("", "")}
    acme = E.get(E.contact_no == "CT000001")
    assert [p.name for p in out.iterdir()] == [f"E{acme.entry_no:06d}-CT000001.docx"]
    assert [env.rcpt_tos for env in inbox.envelopes] == [["bo@example.test"]]
    before = table_rows()
    with pytest.raises(Refused, match=f"logged segment {undelivered} has nothing to re-send"):
        logged.resend(undelivered, out)
    assert table_rows() == before


def test_resend_with_the_smtp_server_down_fails_the_email_again(
    undelivered: int, tmp_path: Path
) -> None:
    report = logged.resend(undelivered, tmp_path / "out")  # nothing listens on the port

    assert (report.delivered, report.failed) == (1, 1)
    assert _statuses() == {
        "CT000001": ("", ""),
        "CT000002": ("error", f"SMTP connection refused (127.0.0.1:{_smtp_port()})"),
    }


def test_resend_skips_canceled_entries_and_refuses_a_canceled_logged_segment(
    undelivered: int, tmp_path: Path
) -> None:
    cancel_interaction(E.get(E.contact_no == "CT000002").entry_no)

    report = logged.resend(undelivered, tmp_path / "out")

    assert (report.delivered, report.failed) == (1, 0)
    assert _statuses()["CT000002"] == ("error", "SMTP down")  # canceled: left as it was
    logged.cancel_logged_segment(undelivered)
    before = table_rows()
    with pytest.raises(Refused, match=f"logged segment {undelivered} is canceled"):
        logged.resend(undelivered)
    assert table_rows() == before


def test_resend_with_nothing_to_send_is_refused(two_logged: tuple[int, int]) -> None:
    before = table_rows()
    with pytest.raises(Refused, match="has nothing to re-send"):
        logged.resend(two_logged[0])
    assert table_rows() == before
