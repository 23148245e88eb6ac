"""`logged resend --refresh` and `--corr-type` (issue 11): a re-send that can fix things.

A delivery fails (nothing listens on the SMTP port); the user corrects the contact's email
address and re-sends. Without --refresh the frozen snapshot goes out again, to the old
address; with it, the entries take today's address first and say when. --corr-type sends
what bounced as a hard copy instead. A real SMTP server on loopback receives the mail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_delivery_cli import mailing_db, port, run  # noqa: F401  (fixtures)
from tests.services.letters_helpers import smtp_server


def _entries(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict]:
    status, text, _ = run(capsys, db, "interactions", "list", "--logged", "1", "--json")
    assert status == 0
    return {entry["contact_no"]: entry for entry in json.loads(text)}


def _failed_email(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> None:
    """Log SEG00001 while no SMTP server listens: the email entry ends in error."""
    status, _, err = run(capsys, db, "segment", "log", "SEG00001", "--out", str(out))
    assert status == 1 and "1 of 2 deliveries failed" in err
    assert _entries(capsys, db)["CT000002"]["delivery_status"] == "error"


def test_refresh_takes_the_corrected_address_and_says_when(
    mailing_db: Path,  # noqa: F811
    port: int,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    _failed_email(capsys, mailing_db, out)
    status, _, err = run(capsys, mailing_db, "contacts", "edit", "CT000002", "email=bo@fixed.test")
    assert (status, err) == (0, "")

    with smtp_server(port) as inbox:
        status, text, err = run(capsys, mailing_db, "logged", "resend", "1", "--refresh")

    assert (status, text, err) == (0, "delivered 1, failed 0\n", "")
    assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [["bo@fixed.test"]]
    entry = _entries(capsys, mailing_db)["CT000002"]
    assert entry["delivery_status"] == "" and entry["refreshed_at"] is not None
    assert _entries(capsys, mailing_db)["CT000001"]["refreshed_at"] is None  # it went out


def test_without_refresh_the_snapshot_goes_out_as_logged(
    mailing_db: Path,  # noqa: F811
    port: int,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _failed_email(capsys, mailing_db, tmp_path / "out")
    run(capsys, mailing_db, "contacts", "edit", "CT000002", "email=bo@fixed.test")

    with smtp_server(port) as inbox:
        status, _, _ = run(capsys, mailing_db, "logged", "resend", "1")

    assert status == 0
    assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [["bo@example.test"]]
    assert _entries(capsys, mailing_db)["CT000002"]["refreshed_at"] is None


def test_corr_type_sends_a_bounced_email_as_a_hard_copy(
    mailing_db: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    _failed_email(capsys, mailing_db, out)
    entry_no = _entries(capsys, mailing_db)["CT000002"]["entry_no"]

    status, text, err = run(
        capsys, mailing_db, "logged", "resend", "1", "--corr-type", "hard_copy", "--out", str(out)
    )

    assert (status, text, err) == (0, "delivered 1, failed 0\n", "")
    assert (out / f"E{entry_no:06d}-CT000002.docx").is_file()
    entry = _entries(capsys, mailing_db)["CT000002"]
    assert (entry["correspondence_type"], entry["delivery_status"]) == ("hard_copy", "")


def test_a_bad_corr_type_is_one_line_and_changes_nothing(
    mailing_db: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _failed_email(capsys, mailing_db, tmp_path / "out")
    before = _entries(capsys, mailing_db)

    status, _, err = run(capsys, mailing_db, "logged", "resend", "1", "--corr-type", "fax")

    assert status == 1
    assert err.startswith("segtui: error: ") and err.count("\n") == 1 and "fax" in err
    assert _entries(capsys, mailing_db) == before
