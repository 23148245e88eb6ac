"""`segtui interactions list|evaluate|cancel|uncancel` as a user or a script runs them."""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw
import pytest

from segtui.cli.app import main
from segtui.db import models as m
from segtui.services.log.log_segment import log_segment
from tests.services.factories import make_contact, make_segment, make_template

KEYS = {
    "entry_no",
    "contact_no",
    "segment_no",
    "logged_segment_entry_no",
    "description",
    "correspondence_type",
    "canceled",
    "delivery_status",
    "evaluation",
    "date",
}


@pytest.fixture
def logged_db(database: pw.Database, db_url: str) -> str:
    """Two logged segments: SEG00001 (CT000001, CT000002) and SEG00002 (CT000002)."""
    make_template("LETTER")
    make_template("MAIL")
    make_contact("CT000001")
    make_contact("CT000002")
    make_segment("SEG00001", ["CT000001", "CT000002"], date=None)
    make_segment(
        "SEG00002",
        template="MAIL",
        lines=[{"contact_no": "CT000002", "date": dt.date(2030, 1, 1)}],
    )
    log_segment("SEG00001", send=False)
    log_segment("SEG00002", send=False)
    database.close()
    return db_url


def run(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    """Run one segtui command in-process; return (status, stdout, stderr)."""
    status = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    m.db.connect(reuse_if_open=True)
    return status, out, err


def _listed(capsys: pytest.CaptureFixture[str], db_url: str, *filters: str) -> list[dict]:
    """The JSON document of `interactions list` with the given filters."""
    status, out, _ = run(capsys, db_url, "interactions", "list", *filters, "--json")
    assert status == 0
    document = json.loads(out)
    assert isinstance(document, list)
    return document


def test_list_json_shape_and_order(logged_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _listed(capsys, logged_db)
    assert all(set(row) >= KEYS for row in rows)
    assert [(r["segment_no"], r["contact_no"]) for r in rows] == [
        ("SEG00002", "CT000002"),
        ("SEG00001", "CT000002"),
        ("SEG00001", "CT000001"),
    ]
    assert rows[0]["date"] == "2030-01-01"
    assert rows[0]["canceled"] is False and rows[0]["evaluation"] == ""


def test_list_filters(logged_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    logged_no = m.LoggedSegment.get(m.LoggedSegment.segment_no == "SEG00001").entry_no

    def pairs(*filters: str) -> list[tuple[str, str]]:
        return [(r["segment_no"], r["contact_no"]) for r in _listed(capsys, logged_db, *filters)]

    assert pairs("--contact", "CT000001") == [("SEG00001", "CT000001")]
    assert pairs("--segment", "SEG00002") == [("SEG00002", "CT000002")]
    assert pairs("--logged", str(logged_no)) == [
        ("SEG00001", "CT000002"),
        ("SEG00001", "CT000001"),
    ]
    assert pairs("--template", "MAIL") == [("SEG00002", "CT000002")]
    assert pairs("--limit", "1") == [("SEG00002", "CT000002")]
    assert pairs("--from", "2030-01-01") == [("SEG00002", "CT000002")]


def test_evaluate_cancel_uncancel(logged_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    entry_no = str(
        m.InteractionLogEntry.get(m.InteractionLogEntry.segment_no == "SEG00002").entry_no
    )

    status, out, _ = run(capsys, logged_db, "interactions", "evaluate", entry_no, "positive")
    assert (status, out) == (0, f"interaction log entry {entry_no}: evaluation positive\n")
    assert _listed(capsys, logged_db, "--segment", "SEG00002")[0]["evaluation"] == "positive"

    assert run(capsys, logged_db, "interactions", "cancel", entry_no)[0] == 0
    assert _listed(capsys, logged_db, "--segment", "SEG00002")[0]["canceled"] is True
    assert run(capsys, logged_db, "interactions", "uncancel", entry_no)[0] == 0
    assert _listed(capsys, logged_db, "--segment", "SEG00002")[0]["canceled"] is False

    run(capsys, logged_db, "interactions", "cancel", entry_no)
    status, out, _ = run(capsys, logged_db, "interactions", "delete-canceled")
    assert (status, out) == (0, "deleted 1 canceled interaction log entries\n")
    assert _listed(capsys, logged_db, "--segment", "SEG00002") == []


def test_cancel_under_a_canceled_logged_segment_is_refused(
    logged_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logged_no = m.LoggedSegment.get(m.LoggedSegment.segment_no == "SEG00002").entry_no
    entry_no = m.InteractionLogEntry.get(m.InteractionLogEntry.segment_no == "SEG00002").entry_no
    run(capsys, logged_db, "logged", "cancel", str(logged_no))

    status, out, err = run(capsys, logged_db, "interactions", "uncancel", str(entry_no))

    assert (status, out) == (1, "")
    assert err == (
        f"segtui: error: cannot uncancel interaction log entry {entry_no}: its logged segment "
        f"{logged_no} is canceled (uncancel the logged segment instead)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("interactions", "evaluate", "1", "superb"),
            "segtui: error: evaluation 'superb' is not one of: blank, very_positive, positive, "
            "neutral, negative, very_negative\n",
        ),
        (
            ("interactions", "cancel", "999"),
            "segtui: error: interaction log entry 999 does not exist\n",
        ),
    ],
)
def test_errors_are_one_line_exit_1(
    logged_db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert run(capsys, logged_db, *args)[0::2] == (1, message)


@pytest.mark.parametrize(
    "args",
    [
        ("interactions", "list", "--limit", "0"),
        ("interactions", "list", "--from", "yesterday"),
        ("interactions", "evaluate", "x", "positive"),
    ],
)
def test_malformed_arguments_are_usage_errors(
    logged_db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(logged_db), *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("segtui: error: argument") and err.count("\n") == 1
