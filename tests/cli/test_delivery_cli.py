"""`segtui segment log` and `segtui logged resend` delivering for real: files and SMTP.

Hard copies go into a tmp_path folder (--out); emails go to a real SMTP server on a
loopback port, or fail because nothing listens there. SQLite only: what is tested here is
the command line over the delivery engine, whose database side tests/services covers.
"""

from __future__ import annotations

import email
import email.policy
import json
import shutil
from pathlib import Path

import pytest

from segtui.cli.app import main
from segtui.db.database import open_database
from tests.services.factories import make_contact, make_segment
from tests.services.letters_helpers import (
    LETTER,
    free_port,
    smtp_server,
    store_template,
    write_settings,
)


@pytest.fixture
def port() -> int:
    """The loopback SMTP port the settings name; nothing listens unless a test starts it."""
    return free_port()


@pytest.fixture
def mailing_db(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int) -> Path:
    """SEG00001 with a real letter: CT000001 by hard copy, CT000002 by email; its database."""
    monkeypatch.setenv("SEGTUI_USER", "tester")
    settings = write_settings(
        tmp_path / "settings.toml", host="127.0.0.1", port=port, security="none"
    )
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    with open_database(str(db_path)):
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
    return db_path


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *args: str) -> tuple[int, str, str]:
    """Run one segtui command in-process; return (status, stdout, stderr)."""
    status = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_log_delivers_then_resend_sends_what_failed(
    mailing_db: Path, tmp_path: Path, port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"

    status, text, err = run(capsys, mailing_db, "segment", "log", "SEG00001", "--out", str(out))

    # Logged, but one delivery failed: exit 1, saying how many and what finishes them.
    assert (status, err) == (
        1,
        "segtui: error: logged as logged segment 1, but 1 of 2 deliveries failed (their "
        "reasons: segtui logged show 1); segtui logged resend 1 retries them\n",
    )
    assert text == (
        "SEG00001: logged 2 interactions (1 email, 1 hard_copy) as logged segment 1\n"
        "delivered 1, failed 1\n"
    )
    assert [p.name for p in out.iterdir()] == ["E000001-CT000001.docx"]
    status, text, _ = run(capsys, mailing_db, "logged", "show", "1", "--json")
    entries = {e["contact_no"]: e for e in json.loads(text)["entries"]}
    assert (entries["CT000001"]["delivery_status"], entries["CT000002"]["delivery_status"]) == (
        "",
        "error",
    )
    assert entries["CT000002"]["delivery_error"] == f"SMTP connection refused (127.0.0.1:{port})"

    with smtp_server(port) as inbox:
        status, text, err = run(capsys, mailing_db, "logged", "resend", "1", "--out", str(out))

    assert (status, text, err) == (0, "delivered 1, failed 0\n", "")
    assert [env.rcpt_tos for env in inbox.envelopes] == [["bo@example.test"]]
    assert len(list(out.iterdir())) == 1  # the hard copy was not written again
    status, text, err = run(capsys, mailing_db, "logged", "resend", "1")
    assert (status, text, err) == (
        1,
        "",
        "segtui: error: logged segment 1 has nothing to re-send\n",
    )


def test_log_json_counts_deliveries_and_a_resend_that_fails_exits_1(
    mailing_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")

    status, text, _ = run(capsys, mailing_db, "segment", "log", "SEG00001", "--out", out, "--json")

    document = json.loads(text)
    assert status == 1  # one of the deliveries failed
    assert set(document) >= {
        "logged_segment_entry_no",
        "interactions",
        "follow_up_segment_no",
        "delivered",
        "failed",
        "skipped",
    }
    assert (document["delivered"], document["failed"], document["delivery_error"]) == (1, 1, "")

    status, text, err = run(capsys, mailing_db, "logged", "resend", "1", "--out", out)
    assert (status, text, err) == (1, "delivered 0, failed 1\n", "")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing")
def test_pdf_letters_at_log_and_on_resend(
    mailing_db: Path, tmp_path: Path, port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"

    status, text, _ = run(
        capsys, mailing_db, "segment", "log", "SEG00001", "--out", str(out), "--pdf"
    )

    assert (status, text.splitlines()[-1]) == (1, "delivered 1, failed 1")
    assert sorted(p.name for p in out.iterdir()) == [
        "E000001-CT000001.docx",
        "E000001-CT000001.pdf",
    ]
    assert (out / "E000001-CT000001.pdf").read_bytes().startswith(b"%PDF")

    with smtp_server(port) as inbox:
        status, text, _ = run(capsys, mailing_db, "logged", "resend", "1", "--pdf")

    assert (status, text) == (0, "delivered 1, failed 0\n")
    [envelope] = inbox.envelopes
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    [attachment] = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert attachment.get_filename() == "E000002-CT000002.pdf"
    assert attachment.get_content().startswith(b"%PDF")
