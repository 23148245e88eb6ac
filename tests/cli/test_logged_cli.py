"""`segtui segment log`, `segtui logged …` as a user or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import peewee as pw
import pytest

from segtui.cli.app import main
from segtui.db import models as m
from tests.services.factories import (
    make_contact,
    make_segment,
    make_template,
)


@pytest.fixture
def seeded(database: pw.Database, db_url: str) -> str:
    """A database with one open segment SEG00001 of two contacts (one without email)."""
    make_template("LETTER")
    make_contact("CT000001")
    make_contact("CT000002", email="")
    make_segment("SEG00001", ["CT000001", "CT000002"], correspondence_type="email")
    database.close()
    return db_url


def run(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    """Run one segtui command in-process; return (status, stdout, stderr)."""
    status = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    m.db.connect(reuse_if_open=True)  # for the test's own checks afterwards
    return status, out, err


def test_dry_run_json_reports_problems_and_writes_nothing(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, seeded, "segment", "log", "SEG00001", "--dry-run", "--json")

    document = json.loads(out)
    assert status == 1
    assert err.startswith("segtui: error: SEG00001 cannot be logged: 1 problem(s)")
    assert document["logged_segment_entry_no"] is None
    assert document["interactions"] == 2
    assert document["follow_up_segment_no"] is None
    assert (document["delivered"], document["failed"], document["skipped"]) == (0, 0, [])
    assert document["per_correspondence_type"] == {"email": 2}
    assert [p["line_no"] for p in document["refused"]] == [2]
    assert m.LoggedSegment.select().count() == 0
    assert m.SegmentLine.select().count() == 2


def test_dry_run_without_send_would_log(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, seeded, "segment", "log", "SEG00001", "--dry-run", "--no-send", "--json"
    )
    document = json.loads(out)
    assert status == 0
    assert document["skipped"] == [
        {
            "contact_no": "CT000002",
            "line_no": 2,
            "reason": "no email address: logged without a correspondence type",
        }
    ]
    assert document["per_correspondence_type"] == {"blank": 1, "email": 1}
    assert document["refused"] == []


def test_log_json_then_logged_list_and_show(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, seeded, "segment", "log", "SEG00001", "--no-send", "--follow-up", "--json"
    )
    document = json.loads(out)
    assert status == 0
    assert set(document) >= {
        "logged_segment_entry_no",
        "interactions",
        "follow_up_segment_no",
        "delivered",
        "failed",
        "skipped",
    }
    assert document["interactions"] == 2
    assert document["follow_up_segment_no"] == "SEG00002"
    assert [s["contact_no"] for s in document["skipped"]] == ["CT000002"]
    entry_no = document["logged_segment_entry_no"]

    status, out, _ = run(capsys, seeded, "logged", "list", "--json")
    listed = json.loads(out)
    assert status == 0
    assert len(listed) == 1
    assert set(listed[0]) >= {
        "entry_no",
        "segment_no",
        "description",
        "no_of_interactions",
        "canceled",
        "created_at",
    }
    assert (listed[0]["entry_no"], listed[0]["segment_no"], listed[0]["canceled"]) == (
        entry_no,
        "SEG00001",
        False,
    )
    assert listed[0]["no_of_interactions"] == 2

    status, out, _ = run(capsys, seeded, "logged", "show", str(entry_no), "--json")
    shown = json.loads(out)
    assert [e["contact_no"] for e in shown["entries"]] == ["CT000001", "CT000002"]


def test_log_text_output(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, seeded, "segment", "log", "SEG00001", "--no-send")
    assert status == 0 and err == ""
    assert "SEG00001: logged 2 interactions" in out
    assert "skipped line 2 (CT000002)" in out


def test_log_refusal_is_one_line_exit_1(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, seeded, "segment", "log", "SEG00001")
    assert status == 1 and out == ""
    assert err == (
        "segtui: error: cannot log SEG00001: line 2 (CT000002) is an email but contact "
        "CT000002 has no email address\n"
    )
    assert m.SegmentHeader.select().count() == 1


def test_cancel_uncancel_follow_up_delete(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, seeded, "segment", "log", "SEG00001", "--no-send")
    entry_no = str(m.LoggedSegment.get().entry_no)

    status, out, _ = run(capsys, seeded, "logged", "cancel", entry_no)
    assert status == 0 and "canceled logged segment" in out
    assert all(e.canceled for e in m.InteractionLogEntry.select())

    status, _, err = run(capsys, seeded, "logged", "cancel", entry_no)
    assert (status, err) == (1, f"segtui: error: logged segment {entry_no} is already canceled\n")

    status, out, _ = run(capsys, seeded, "logged", "uncancel", entry_no)
    assert status == 0
    assert not any(e.canceled for e in m.InteractionLogEntry.select())

    status, out, _ = run(capsys, seeded, "logged", "follow-up", entry_no)
    assert (status, out) == (0, "SEG00002\n")

    run(capsys, seeded, "logged", "cancel", entry_no)
    status, out, _ = run(capsys, seeded, "logged", "delete-canceled")
    assert (status, out) == (0, "deleted 1 canceled logged segments\n")
    assert m.InteractionLogEntry.select().count() == 2


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("logged", "show", "42"), 1, "segtui: error: logged segment 42 does not exist\n"),
        (("logged", "cancel", "42"), 1, "segtui: error: logged segment 42 does not exist\n"),
        (("segment", "log", "SEG09999"), 1, "segtui: error: segment 'SEG09999' does not exist\n"),
    ],
)
def test_errors_are_one_line(
    seeded: str,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    assert run(capsys, seeded, *args)[0::2] == (status, message)


def test_bad_entry_number_is_a_usage_error(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(seeded), "logged", "show", "abc"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("segtui: error: argument ENTRY_NO: invalid entry number value")


def test_real_process_prints_no_traceback(seeded: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "segtui", "--db", str(seeded), "segment", "log", "SEG00001"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("segtui: error: cannot log SEG00001")
