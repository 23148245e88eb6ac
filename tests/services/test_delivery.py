"""Delivery at Log and on re-send: hard copies on disk, emails on a real loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.db.database import DatabaseUnavailable
from segtui.services.letters.render import render_entry_letter
from segtui.services.log import logged
from segtui.services.log.delivery import deliver_logged_segment
from segtui.services.log.log_segment import log_segment
from tests.docs.docs_helpers import assert_no_merge_fields
from tests.services.letters_helpers import (
    COMMENT,
    LETTER,
    document_text,
    free_port,
    make_mailing,
    paragraphs,
    smtp_server,
    store_template,
    write_settings,
)

E = m.InteractionLogEntry


@pytest.fixture
def port() -> int:
    """The loopback port the settings name for SMTP."""
    return free_port()


@pytest.fixture
def mailing(
    database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int
) -> str:
    """SEG00001 (1 hard copy, 2 emails) and settings pointing SMTP at 127.0.0.1:port."""
    settings = write_settings(
        tmp_path / "settings.toml", host="127.0.0.1", port=port, security="none"
    )
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))
    store_template("LETTER", LETTER)
    make_mailing()
    return "SEG00001"


def _parse(envelope: object) -> EmailMessage:
    """An envelope's message as a modern EmailMessage."""
    content = envelope.content  # type: ignore[attr-defined]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _statuses() -> dict[str, tuple[str, str]]:
    """Each entry's (delivery_status, delivery_error) by contact."""
    return {e.contact_no: (e.delivery_status, e.delivery_error) for e in E.select()}


def test_log_delivers_hard_copies_to_the_folder_and_emails_to_the_server(
    mailing: str, tmp_path: Path, port: int
) -> None:
    out = tmp_path / "out"
    with smtp_server(port) as inbox:
        result = log_segment(mailing, send=True, out_dir=out)

    assert (result.delivered, result.failed) == (3, 0)
    assert _statuses() == {c: ("", "") for c in ("CT000001", "CT000002", "CT000003")}
    acme = E.get(E.contact_no == "CT000001")
    assert [p.name for p in out.iterdir()] == [f"E{acme.entry_no:06d}-CT000001.docx"]
    assert paragraphs((out / f"E{acme.entry_no:06d}-CT000001.docx").read_bytes())[0] == "Acme Ltd"

    assert len(inbox.envelopes) == 2
    by_recipient = {tuple(env.rcpt_tos): _parse(env) for env in inbox.envelopes}
    assert set(by_recipient) == {("anna@acme.test",), ("bo@example.test",)}
    anna = by_recipient[("anna@acme.test",)]
    assert anna["Subject"] == "Spring offer"
    assert anna["From"] == "office@cronus.test"
    assert anna["Reply-To"] == "sam@us.test"
    assert by_recipient[("bo@example.test",)]["Subject"] == "Hello Bo"
    body = anna.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert "Dear Ms Smith," in text
    assert "From Cronus Ltd about Spring offer" in text  # not mangled to ">From"
    assert COMMENT in text
    [attachment] = list(anna.iter_attachments())
    anna_entry = E.get(E.contact_no == "CT000002")
    assert attachment.get_filename() == f"E{anna_entry.entry_no:06d}-CT000002.docx"
    letter = attachment.get_content()
    assert_no_merge_fields(letter)
    assert "Anna Smith" in paragraphs(letter)


def test_refused_connection_marks_email_entries_as_error_and_resend_delivers_them(
    mailing: str, tmp_path: Path, port: int
) -> None:
    out = tmp_path / "out"
    result = log_segment(mailing, send=True, out_dir=out)  # nothing listens on the port

    assert (result.delivered, result.failed) == (1, 2)
    reason = f"SMTP connection refused (127.0.0.1:{port})"
    assert _statuses() == {
        "CT000001": ("", ""),
        "CT000002": ("error", reason),
        "CT000003": ("error", reason),
    }
    assert E.select().count() == 3  # a failure never removes an entry

    entry_no = result.logged_segment_entry_no
    assert entry_no is not None
    with smtp_server(port) as inbox:
        report = logged.resend(entry_no, out)

    assert (report.delivered, report.failed) == (2, 0)
    assert sorted(env.rcpt_tos[0] for env in inbox.envelopes) == [
        "anna@acme.test",
        "bo@example.test",
    ]
    assert {s for s, _ in _statuses().values()} == {""}
    assert len(list(out.iterdir())) == 1  # the hard copy was not written twice


def test_re_rendered_letter_equals_the_delivered_one_after_the_contact_changed(
    mailing: str, tmp_path: Path, port: int
) -> None:
    out = tmp_path / "out"
    m.SegmentLine.update(correspondence_type="hard_copy").execute()
    result = log_segment(mailing, send=True, out_dir=out)
    assert result.delivered == 3
    anna = E.get(E.contact_no == "CT000002")
    delivered = (out / f"E{anna.entry_no:06d}-CT000002.docx").read_bytes()

    m.Contact.update(name="Anna Jones", surname="Jones", city="York").where(
        m.Contact.no == "CT000002"
    ).execute()
    m.Salesperson.update(name="Someone Else").execute()
    again = render_entry_letter(anna.entry_no)

    assert document_text(again) == document_text(delivered)
    assert "Anna Smith" in "".join(document_text(again).values())


def test_hard_copy_names_come_from_numbers_only(mailing: str, tmp_path: Path) -> None:
    m.Contact.update(name="../../etc/x").execute()
    m.SegmentLine.update(correspondence_type="hard_copy").execute()
    out = tmp_path / "a" / "b"

    result = log_segment(mailing, send=True, out_dir=out)

    assert result.delivered == 3
    names = sorted(p.name for p in out.iterdir())
    assert [n.split("-")[1] for n in names] == ["CT000001.docx", "CT000002.docx", "CT000003.docx"]
    assert all(n.startswith("E") for n in names)
    assert not list(tmp_path.rglob("x")) and not (tmp_path / "etc").exists()


def test_hard_copies_go_to_the_settings_output_folder_when_no_folder_is_given(
    mailing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.toml"
    folder = tmp_path / "from-settings"
    settings.write_text(f'[output]\nfolder = "{folder}"\n', encoding="utf-8")
    m.SegmentLine.update(correspondence_type="hard_copy").execute()

    result = log_segment(mailing, send=True)

    assert result.delivered == 3
    assert len(list(folder.glob("E*.docx"))) == 3


def test_login_failure_is_reported_without_the_password(
    mailing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int
) -> None:
    write_settings(
        tmp_path / "settings.toml",
        host="127.0.0.1",
        port=port,
        security="none",
        user="bob",
        password_env="SEGTUI_TEST_SMTP_PASSWORD",
    )
    monkeypatch.setenv("SEGTUI_TEST_SMTP_PASSWORD", "s3cret-Pa55")
    # The server offers no AUTH at all, so the login is refused.
    with smtp_server(port):
        result = log_segment(mailing, send=True, out_dir=tmp_path / "out")

    assert result.failed == 2
    errors = {e for s, e in _statuses().values() if s == "error"}
    assert len(errors) == 1
    assert errors == {f"SMTP server 127.0.0.1:{port} does not offer login (AUTH) for user bob"}
    dump = repr([row for model in m.ALL_MODELS for row in model.select().tuples()])
    assert "s3cret-Pa55" not in dump


@pytest.mark.parametrize("password", ["s3cret-Pa55", "wrong-Pa55"])
def test_login_with_the_password_from_the_environment(
    mailing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int, password: str
) -> None:
    write_settings(
        tmp_path / "settings.toml",
        host="127.0.0.1",
        port=port,
        security="none",
        user="bob",
        password_env="SEGTUI_TEST_SMTP_PASSWORD",
    )
    monkeypatch.setenv("SEGTUI_TEST_SMTP_PASSWORD", password)
    with smtp_server(port, account=("bob", "s3cret-Pa55")) as inbox:
        result = log_segment(mailing, send=True, out_dir=tmp_path / "out")

    if password == "s3cret-Pa55":
        assert (result.delivered, result.failed, len(inbox.envelopes)) == (3, 0, 2)
    else:
        assert (result.delivered, result.failed, inbox.envelopes) == (1, 2, [])
        errors = {e for s, e in _statuses().values() if s == "error"}
        assert errors == {f"SMTP login refused for user bob (127.0.0.1:{port})"}
    dump = repr([row for model in m.ALL_MODELS for row in model.select().tuples()])
    assert "Pa55" not in dump


def test_missing_password_names_the_variable(
    mailing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int
) -> None:
    write_settings(
        tmp_path / "settings.toml",
        host="127.0.0.1",
        port=port,
        security="none",
        user="bob",
        password_env="SEGTUI_NO_SUCH_VARIABLE",
    )
    monkeypatch.delenv("SEGTUI_NO_SUCH_VARIABLE", raising=False)

    log_segment(mailing, send=True, out_dir=tmp_path / "out")

    errors = {e for s, e in _statuses().values() if s == "error"}
    assert errors == {
        "no SMTP password for user bob (set it in the environment variable SEGTUI_NO_SUCH_VARIABLE)"
    }


def test_a_template_that_cannot_be_merged_fails_its_entries_with_the_reason(
    mailing: str, tmp_path: Path
) -> None:
    m.Attachment.update(content=b"not a zip").execute()
    m.SegmentLine.update(correspondence_type="hard_copy").execute()

    result = log_segment(mailing, send=True, out_dir=tmp_path / "out")

    assert (result.delivered, result.failed) == (0, 3)
    reasons = {e for _, e in _statuses().values()}
    assert len(reasons) == 2  # named with the entry's language, which is blank for one
    for reason in reasons:
        assert reason.startswith("template LETTER")
        assert reason.endswith(": not a Word document (.docx): not a zip file")


def test_progress_reports_every_entry(mailing: str, tmp_path: Path) -> None:
    m.SegmentLine.update(correspondence_type="hard_copy").execute()
    result = log_segment(mailing, send=False)
    entry_no = result.logged_segment_entry_no
    assert entry_no is not None
    E.update(delivery_status="in_progress").execute()
    ticks: list[tuple[int, int]] = []

    report = deliver_logged_segment(
        entry_no, tmp_path / "out", progress=lambda d, t: ticks.append((d, t))
    )

    assert (report.delivered, report.failed) == (3, 0)
    assert ticks == [(1, 3), (2, 3), (3, 3)]


def _logged_in_progress(mailing: str) -> int:
    """Log the mailing as hard copies without delivering; every entry left in progress."""
    m.SegmentLine.update(correspondence_type="hard_copy").execute()
    entry_no = log_segment(mailing, send=False).logged_segment_entry_no
    assert entry_no is not None
    E.update(delivery_status="in_progress").execute()
    return entry_no


class Stop(Exception):
    """What the TUI's Cancel raises from the progress callback."""


def test_a_stop_from_progress_stops_between_two_letters(mailing: str, tmp_path: Path) -> None:
    entry_no = _logged_in_progress(mailing)

    def progress(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        deliver_logged_segment(entry_no, tmp_path / "out", progress=progress)

    statuses = sorted(status for status, _ in _statuses().values())
    assert statuses == ["", "", "in_progress"]  # the third letter was never sent
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    report = deliver_logged_segment(entry_no, tmp_path / "out")
    assert (report.delivered, report.failed) == (1, 0)


def test_a_database_error_while_delivering_says_what_stands_and_how_to_finish(
    mailing: str, tmp_path: Path, database: pw.Database
) -> None:
    entry_no = _logged_in_progress(mailing)

    def progress(done: int, total: int) -> None:
        if done == 1:  # the table goes away under the delivery: the next record fails
            database.execute_sql("ALTER TABLE interaction_log_entry RENAME TO moved_away")

    with pytest.raises(DatabaseUnavailable) as raised:
        deliver_logged_segment(entry_no, tmp_path / "out", progress=progress)

    message = raised.value.message
    assert message.startswith("database error while recording deliveries: ")
    assert message.endswith(
        f"1 of 3 recorded, the rest stay in progress: run `segtui logged resend {entry_no}` "
        "to finish them"
    )
    assert "nothing was changed" not in message
    database.execute_sql("ALTER TABLE moved_away RENAME TO interaction_log_entry")
    assert sorted(status for status, _ in _statuses().values()) == [
        "",
        "in_progress",
        "in_progress",
    ]
    report = deliver_logged_segment(entry_no, tmp_path / "out")
    assert (report.delivered, report.failed) == (2, 0)
