"""Interaction log entries: filters, evaluate, cancel rules, delete canceled."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions as svc
from segtui.services.log.log_segment import log_segment
from segtui.services.log.logged import cancel_logged_segment
from tests.factories import table_rows
from tests.services.factories import (
    make_contact,
    make_segment,
    make_template,
)


@pytest.fixture
def history(database: pw.Database) -> dict[str, int]:
    """Two logged segments over three contacts, on known dates; returns their entry numbers.

    Both are logged with sending off; SEG00002's entries are then set to in progress with
    the models, as a delivery that never finished leaves them.
    """
    make_template("LETTER")
    make_template("MAIL", correspondence_type_default="email")
    for no in ("CT000001", "CT000002", "CT000003"):
        make_contact(no)
    make_segment(
        "SEG00001",
        lines=[
            {"contact_no": "CT000001", "date": dt.date(2026, 1, 10)},
            {"contact_no": "CT000002", "date": dt.date(2026, 1, 10)},
        ],
    )
    make_segment(
        "SEG00002",
        template="MAIL",
        correspondence_type="email",
        lines=[
            {"contact_no": "CT000002", "date": dt.date(2026, 2, 20)},
            {"contact_no": "CT000003", "date": dt.date(2026, 2, 20)},
        ],
    )
    first = log_segment("SEG00001", send=False).logged_segment_entry_no
    second = log_segment("SEG00002", send=False).logged_segment_entry_no
    assert first is not None and second is not None
    m.InteractionLogEntry.update(delivery_status="in_progress").where(
        m.InteractionLogEntry.logged_segment_entry_no == second
    ).execute()
    return {"first": first, "second": second}


def _nos(query: InteractionQuery | None = None) -> list[tuple[str, str]]:
    """(segment, contact) of each listed entry, in list order."""
    return [(e.segment_no, e.contact_no) for e in svc.list_interactions(query)]


def test_list_is_newest_first(history: dict[str, int]) -> None:
    assert _nos() == [
        ("SEG00002", "CT000003"),
        ("SEG00002", "CT000002"),
        ("SEG00001", "CT000002"),
        ("SEG00001", "CT000001"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            InteractionQuery(contact_no="CT000002"),
            [("SEG00002", "CT000002"), ("SEG00001", "CT000002")],
        ),
        (
            InteractionQuery(segment_no="SEG00001"),
            [("SEG00001", "CT000002"), ("SEG00001", "CT000001")],
        ),
        (
            InteractionQuery(template_code="MAIL"),
            [("SEG00002", "CT000003"), ("SEG00002", "CT000002")],
        ),
        (
            InteractionQuery(date_from=dt.date(2026, 2, 1)),
            [("SEG00002", "CT000003"), ("SEG00002", "CT000002")],
        ),
        (
            InteractionQuery(date_to=dt.date(2026, 1, 10)),
            [("SEG00001", "CT000002"), ("SEG00001", "CT000001")],
        ),
        (
            InteractionQuery(delivery_status="in_progress"),
            [("SEG00002", "CT000003"), ("SEG00002", "CT000002")],
        ),
        (
            InteractionQuery(delivery_status="blank"),
            [("SEG00001", "CT000002"), ("SEG00001", "CT000001")],
        ),
        (InteractionQuery(limit=1), [("SEG00002", "CT000003")]),
        (InteractionQuery(contact_no="CT000001", segment_no="SEG00002"), []),
    ],
)
def test_list_filters(
    history: dict[str, int], query: InteractionQuery, expected: list[tuple[str, str]]
) -> None:
    assert _nos(query) == expected


def test_list_by_logged_segment_and_canceled(history: dict[str, int]) -> None:
    assert _nos(InteractionQuery(logged_segment_entry_no=history["first"])) == [
        ("SEG00001", "CT000002"),
        ("SEG00001", "CT000001"),
    ]
    cancel_logged_segment(history["first"])
    assert _nos(InteractionQuery(canceled=True)) == _nos(
        InteractionQuery(logged_segment_entry_no=history["first"])
    )
    assert _nos(InteractionQuery(canceled=False)) == [
        ("SEG00002", "CT000003"),
        ("SEG00002", "CT000002"),
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (InteractionQuery(limit=0), "limit 0 must be 1 or more"),
        (
            InteractionQuery(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 1)),
            "date range 2026-02-01..2026-01-01 is empty",
        ),
        (InteractionQuery(delivery_status="sent"), "delivery status 'sent' is not one of"),
    ],
)
def test_list_rejects_bad_filters(
    history: dict[str, int], query: InteractionQuery, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        svc.list_interactions(query)


def _entry_no(segment_no: str, contact_no: str) -> int:
    """The entry number of one contact's entry from one segment."""
    E = m.InteractionLogEntry
    return E.get((E.segment_no == segment_no) & (E.contact_no == contact_no)).entry_no


def test_evaluate_sets_and_clears(history: dict[str, int]) -> None:
    entry_no = _entry_no("SEG00001", "CT000001")
    assert svc.evaluate_interaction(entry_no, "Very positive").evaluation == "very_positive"
    assert m.InteractionLogEntry.get_by_id(entry_no).evaluation == "very_positive"
    assert svc.evaluate_interaction(entry_no, "blank").evaluation == ""


def test_evaluate_rejects_bad_values_and_unknown_entries(history: dict[str, int]) -> None:
    before = table_rows()
    with pytest.raises(InvalidInput, match="evaluation 'great' is not one of"):
        svc.evaluate_interaction(_entry_no("SEG00001", "CT000001"), "great")
    with pytest.raises(NotFound, match="interaction log entry 999 does not exist"):
        svc.evaluate_interaction(999, "positive")
    assert table_rows() == before


def test_cancel_and_uncancel_one_entry(history: dict[str, int]) -> None:
    entry_no = _entry_no("SEG00001", "CT000001")
    assert svc.cancel_interaction(entry_no).canceled
    assert not svc.get_interaction(_entry_no("SEG00001", "CT000002")).canceled
    with pytest.raises(Refused, match="already canceled"):
        svc.cancel_interaction(entry_no)
    assert not svc.uncancel_interaction(entry_no).canceled


def test_entry_cancel_refused_under_a_canceled_logged_segment(history: dict[str, int]) -> None:
    cancel_logged_segment(history["first"])
    entry_no = _entry_no("SEG00001", "CT000001")
    before = table_rows()

    with pytest.raises(Refused, match=r"its logged segment .* is canceled"):
        svc.uncancel_interaction(entry_no)

    assert table_rows() == before


def test_delete_canceled_entries_recounts_their_logged_segment(history: dict[str, int]) -> None:
    svc.cancel_interaction(_entry_no("SEG00001", "CT000001"))

    assert svc.delete_canceled_interactions() == 1

    assert _nos(InteractionQuery(segment_no="SEG00001")) == [("SEG00001", "CT000002")]
    assert m.LoggedSegment.get_by_id(history["first"]).no_of_interactions == 1
    assert m.LoggedSegment.get_by_id(history["second"]).no_of_interactions == 2
    assert svc.delete_canceled_interactions() == 0
