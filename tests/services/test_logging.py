"""Log a segment: refusals, entries and their merge snapshot, follow-up, dry run, atomicity."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import NotFound, Refused
from segtui.domain.logging import Problem, Skipped, TypeCount
from segtui.services.log import logged
from segtui.services.log.delivery import PAGE_SIZE
from segtui.services.log.log_segment import log_segment, preview_log
from tests.factories import table_rows
from tests.services.factories import (
    make_contact,
    make_segment,
    make_template,
    without_foreign_keys,
)
from tests.services.letters_helpers import LETTER, free_port, write_settings

E = m.InteractionLogEntry


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file naming our company, used by Log for the our_company snapshot."""
    path = tmp_path / "settings.toml"
    path.write_text('[company]\nname = "Cronus Ltd"\ncity = "Leeds"\n', encoding="utf-8")
    monkeypatch.setenv("SEGTUI_CONFIG", str(path))
    return path


@pytest.fixture
def mailing(database: pw.Database, settings_file: Path) -> m.SegmentHeader:
    """A segment of a company and one of its persons, with a salesperson and a comment."""
    m.Salesperson.create(
        code="SP1", name="Sam Seller", email="sam@us.test", phone="555", job_title="Manager"
    )
    make_template("LETTER", group_code="LETTERS", language_code_default="EN")
    attachment = m.Attachment.create(filename="letter.docx", content=b"x", sha256="0" * 64)
    m.InteractionTemplateLanguage.create(
        template="LETTER", language_code="EN", attachment=attachment
    )
    make_contact("CT000001", name="Acme Ltd", type="company", email="info@acme.test")
    make_contact(
        "CT000002",
        name="Anna Smith",
        company_no="CT000001",
        first_name="Anna",
        surname="Smith",
        salutation="Ms",
        job_title="Buyer",
        address="1 High St",
        address_2="Floor 2",
        post_code="LS1 1AA",
        city="Leeds",
        county="West Yorkshire",
        country_code="GB",
        phone="0113",
        mobile="07700",
        email="anna@acme.test",
    )
    header = make_segment(
        "SEG00007",
        lines=[
            {"contact_no": "CT000001", "correspondence_type": "hard_copy"},
            {
                "contact_no": "CT000002",
                "contact_company_no": "CT000001",
                "correspondence_type": "email",
                "subject": "Spring offer",
                "comment": "Good to meet you in Leeds.\nSamples follow.",
                "salesperson_code": "SP1",
                "language_code": "EN",
                "unit_cost": decimal.Decimal("2.50"),
                "unit_duration_min": decimal.Decimal("5"),
                "date": dt.date(2026, 3, 1),
                "campaign_no": "CP00001",
                "information_flow": "outbound",
                "initiated_by": "us",
            },
        ],
        description="Spring mailing",
        subject_default="Spring offer",
        salesperson_code="SP1",
    )
    action = m.CriteriaAction.create(segment_no="SEG00007", action_no=1, kind="manual_add")
    m.SegmentHistory.create(action=action, role="deleted", line_no=9, contact_no="CT000001")
    return header


def test_log_writes_one_entry_per_line_with_the_line_fields(mailing: m.SegmentHeader) -> None:
    result = log_segment("SEG00007", send=False)

    assert result.interactions == 2
    assert result.logged_segment_entry_no is not None
    entries = list(m.InteractionLogEntry.select().order_by(m.InteractionLogEntry.entry_no))
    assert [e.contact_no for e in entries] == ["CT000001", "CT000002"]
    anna = entries[1]
    assert anna.logged_segment_entry_no == result.logged_segment_entry_no
    assert anna.segment_no == "SEG00007"
    assert anna.contact_company_no == "CT000001"
    assert anna.description == "Spring mailing"
    assert anna.subject == "Spring offer"
    assert anna.interaction_template_code == "LETTER"
    assert anna.interaction_group_code == "LETTERS"
    assert anna.language_code == "EN"
    assert anna.correspondence_type == "email"
    assert anna.information_flow == "outbound"
    assert anna.initiated_by == "us"
    assert anna.cost == decimal.Decimal("2.50")
    assert anna.duration_min == decimal.Decimal("5")
    assert anna.salesperson_code == "SP1"
    assert anna.campaign_no == "CP00001"
    assert anna.date == dt.date(2026, 3, 1)
    assert anna.time is not None
    assert anna.comment == "Good to meet you in Leeds.\nSamples follow."
    assert anna.user_id == "tester"
    assert anna.delivery_status == ""
    assert anna.evaluation == ""
    assert anna.canceled is False
    assert anna.attachment_id is not None and anna.attachment_unique is False
    # A line without a date is dated today.
    assert entries[0].date == dt.date.today()


def test_log_copies_the_merge_snapshot(mailing: m.SegmentHeader) -> None:
    log_segment("SEG00007", send=False)
    anna = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000002")
    acme = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000001")

    assert (
        anna.merge_contact_name,
        anna.merge_company_name,
        anna.merge_first_name,
        anna.merge_surname,
        anna.merge_salutation,
        anna.merge_job_title,
        anna.merge_address,
        anna.merge_address_2,
        anna.merge_post_code,
        anna.merge_city,
        anna.merge_county,
        anna.merge_country_code,
        anna.merge_phone,
        anna.merge_mobile,
        anna.merge_email,
    ) == (
        "Anna Smith",
        "Acme Ltd",
        "Anna",
        "Smith",
        "Ms",
        "Buyer",
        "1 High St",
        "Floor 2",
        "LS1 1AA",
        "Leeds",
        "West Yorkshire",
        "GB",
        "0113",
        "07700",
        "anna@acme.test",
    )
    assert (
        anna.merge_salesperson_name,
        anna.merge_salesperson_email,
        anna.merge_salesperson_phone,
        anna.merge_salesperson_job_title,
    ) == ("Sam Seller", "sam@us.test", "555", "Manager")
    # A company is its own company; a line without a salesperson has an empty one.
    assert acme.merge_company_name == "Acme Ltd"
    assert acme.merge_salesperson_name == ""


def test_snapshot_stays_when_the_contact_changes_later(mailing: m.SegmentHeader) -> None:
    log_segment("SEG00007", send=False)
    m.Contact.update(name="Anna Jones", surname="Jones", email="new@x.test").where(
        m.Contact.no == "CT000002"
    ).execute()
    m.Salesperson.update(name="Someone Else").execute()

    anna = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000002")
    assert (anna.merge_contact_name, anna.merge_surname, anna.merge_email) == (
        "Anna Smith",
        "Smith",
        "anna@acme.test",
    )
    assert anna.merge_salesperson_name == "Sam Seller"


def test_log_creates_the_logged_segment_and_removes_the_open_one(
    mailing: m.SegmentHeader,
) -> None:
    result = log_segment("SEG00007", send=False)

    logged = m.LoggedSegment.get_by_id(result.logged_segment_entry_no)
    assert logged.segment_no == "SEG00007"
    assert logged.description == "Spring mailing"
    assert logged.no_of_interactions == 2
    assert logged.created_by == "tester"
    assert logged.canceled is False
    header = json.loads(logged.header)
    assert header["no"] == "SEG00007"
    assert header["subject_default"] == "Spring offer"
    assert header["salesperson_code"] == "SP1"
    company = json.loads(logged.our_company)
    assert company["name"] == "Cronus Ltd" and company["city"] == "Leeds"
    assert m.SegmentHeader.select().count() == 0
    assert m.SegmentLine.select().count() == 0
    assert m.CriteriaAction.select().count() == 0
    assert m.SegmentHistory.select().count() == 0


def test_a_unique_line_document_is_referenced(mailing: m.SegmentHeader) -> None:
    own = m.Attachment.create(filename="own.docx", content=b"y", sha256="1" * 64)
    m.SegmentLine.update(attachment_id=own.get_id()).where(m.SegmentLine.line_no == 1).execute()

    log_segment("SEG00007", send=False)

    acme = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000001")
    assert (acme.attachment_id, acme.attachment_unique) == (own.get_id(), True)


def _real_letter_and_no_smtp_server(settings_file: Path) -> int:
    """Give LETTER a real .docx and point SMTP at a loopback port nothing listens on.

    Rewrites the settings file SEGTUI_CONFIG names; returns the port.
    """
    sha = hashlib.sha256(LETTER).hexdigest()
    m.Attachment.update(content=LETTER, sha256=sha).execute()
    port = free_port()
    write_settings(settings_file, host="127.0.0.1", port=port, security="none")
    return port


def _statuses() -> dict[str, tuple[str, str]]:
    """Each entry's (delivery_status, delivery_error) by contact."""
    return {e.contact_no: (e.delivery_status, e.delivery_error) for e in E.select()}


def test_send_delivers_each_typed_entry_and_records_its_outcome(
    mailing: m.SegmentHeader, settings_file: Path, tmp_path: Path
) -> None:
    port = _real_letter_and_no_smtp_server(settings_file)
    make_contact("CT000003", name="No Type")
    m.SegmentLine.create(
        segment_no="SEG00007",
        line_no=3,
        contact_no="CT000003",
        interaction_template_code="LETTER",
        correspondence_type="",
    )
    out = tmp_path / "out"
    ticks: list[tuple[int, int]] = []

    result = log_segment(
        "SEG00007", send=True, out_dir=out, progress=lambda done, total: ticks.append((done, total))
    )

    assert (result.delivered, result.failed, result.delivery_error) == (1, 1, "")
    assert _statuses() == {
        "CT000001": ("", ""),  # the hard copy is in the folder
        "CT000002": ("error", f"SMTP connection refused (127.0.0.1:{port})"),
        "CT000003": ("", ""),  # no correspondence type: nothing to deliver
    }
    acme = E.get(E.contact_no == "CT000001")
    assert [p.name for p in out.iterdir()] == [f"E{acme.entry_no:06d}-CT000001.docx"]
    assert ticks == [(1, 2), (2, 2)]
    assert m.SegmentHeader.select().count() == 0


def test_delivery_that_stops_keeps_the_log_and_leaves_the_rest_for_resend(
    mailing: m.SegmentHeader, settings_file: Path, tmp_path: Path
) -> None:
    """The caller's progress callback stops the run (as a user's cancel would).

    Progress is reported after each letter, so stopping at the first leaves every other
    entry in progress, over more than one page of PAGE_SIZE letters.
    """
    _real_letter_and_no_smtp_server(settings_file)
    for line_no in range(3, PAGE_SIZE + 2):
        contact = make_contact(f"CT{line_no + 100:06d}")
        m.SegmentLine.create(
            segment_no="SEG00007",
            line_no=line_no,
            contact_no=contact.no,
            interaction_template_code="LETTER",
        )
    m.SegmentLine.update(correspondence_type="hard_copy").execute()
    out = tmp_path / "out"

    def stop(done: int, total: int) -> None:
        raise Refused(f"delivery canceled after {done} of {total}")

    result = log_segment("SEG00007", send=True, out_dir=out, progress=stop)

    assert result.delivery_error == f"delivery canceled after 1 of {PAGE_SIZE + 1}"
    assert result.logged_segment_entry_no is not None
    entries = list(E.select().order_by(E.entry_no))
    assert [e.delivery_status for e in entries] == [""] + ["in_progress"] * PAGE_SIZE
    assert len(list(out.iterdir())) == 1
    assert m.SegmentHeader.select().count() == 0  # the log stands

    report = logged.resend(result.logged_segment_entry_no, out)

    assert (report.delivered, report.failed) == (PAGE_SIZE, 0)
    assert {s for s, _ in _statuses().values()} == {""}
    assert len(list(out.iterdir())) == PAGE_SIZE + 1


def test_no_send_clears_the_type_of_email_lines_without_an_address(
    mailing: m.SegmentHeader,
) -> None:
    m.Contact.update(email="").where(m.Contact.no == "CT000002").execute()

    result = log_segment("SEG00007", send=False)

    anna = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000002")
    assert anna.correspondence_type == ""
    assert result.skipped == (
        Skipped("CT000002", "no email address: logged without a correspondence type", 2),
    )
    assert set(result.per_correspondence_type) == {TypeCount("", 1), TypeCount("hard_copy", 1)}


def test_follow_up_segment_has_the_same_contacts_and_a_copied_header(
    mailing: m.SegmentHeader,
) -> None:
    result = log_segment("SEG00007", send=False, follow_up=True)

    assert result.follow_up_segment_no == "SEG00008"
    header = m.SegmentHeader.get_by_id("SEG00008")
    assert header.description == "Follow-up on segment SEG00007"
    assert (header.interaction_template_code, header.subject_default, header.salesperson_code) == (
        "LETTER",
        "Spring offer",
        "SP1",
    )
    assert header.created_by == "tester"
    lines = list(
        m.SegmentLine.select()
        .where(m.SegmentLine.segment_no == "SEG00008")
        .order_by(m.SegmentLine.line_no)
    )
    assert [(line.line_no, line.contact_no) for line in lines] == [
        (1, "CT000001"),
        (2, "CT000002"),
    ]
    anna = lines[1]
    assert anna.contact_company_no == "CT000001"
    assert anna.description == "Follow-up on segment SEG00007"
    assert anna.subject == "Spring offer"
    assert anna.interaction_template_code == "LETTER"
    assert anna.comment == ""  # the old letter's comment is not carried over


def _scenario(name: str) -> str:
    """Break the `mailing` segment in one way; return the segment number to log."""
    line = m.SegmentLine
    if name == "unknown":
        return "SEG09999"
    if name == "no_description":
        m.SegmentHeader.update(description="  ").execute()
    elif name == "empty":
        line.delete().execute()
    elif name == "no_contact":
        with without_foreign_keys():
            line.update(contact_no="").where(line.line_no == 1).execute()
    elif name == "missing_contact":
        with without_foreign_keys():
            line.update(contact_no="CT000404").where(line.line_no == 1).execute()
    elif name == "no_template":
        line.update(interaction_template_code="").where(line.line_no == 2).execute()
    elif name == "missing_template":
        line.update(interaction_template_code="GONE").where(line.line_no == 2).execute()
    elif name == "email_without_address":
        m.Contact.update(email="").where(m.Contact.no == "CT000002").execute()
    return "SEG00007"


@pytest.mark.parametrize(
    ("scenario", "error", "message"),
    [
        ("unknown", NotFound, "segment 'SEG09999' does not exist"),
        ("no_description", Refused, "cannot log SEG00007: segment SEG00007 has no description"),
        ("empty", Refused, "cannot log SEG00007: segment SEG00007 has no lines"),
        ("no_contact", Refused, "cannot log SEG00007: line 1 has no contact"),
        (
            "missing_contact",
            Refused,
            "cannot log SEG00007: line 1 (CT000404): contact CT000404 does not exist",
        ),
        (
            "no_template",
            Refused,
            "cannot log SEG00007: line 2 (CT000002) has no interaction template",
        ),
        (
            "missing_template",
            Refused,
            "cannot log SEG00007: line 2 (CT000002): interaction template GONE does not exist",
        ),
        (
            "email_without_address",
            Refused,
            "cannot log SEG00007: line 2 (CT000002) is an email but contact CT000002 has no "
            "email address",
        ),
    ],
)
def test_log_refuses_and_changes_nothing(
    mailing: m.SegmentHeader, scenario: str, error: type[Exception], message: str
) -> None:
    segment_no = _scenario(scenario)
    before = table_rows()

    with pytest.raises(error) as raised:
        log_segment(segment_no, send=True, follow_up=True)

    assert str(raised.value) == message
    assert table_rows() == before


def test_log_refuses_a_segment_logged_already(mailing: m.SegmentHeader) -> None:
    first = log_segment("SEG00007", send=False)
    before = table_rows()

    with pytest.raises(Refused, match="SEG00007 is already logged"):
        log_segment("SEG00007", send=False)

    assert table_rows() == before
    preview = preview_log("SEG00007")
    assert preview.refused == (
        Problem(
            f"segment SEG00007 is already logged (logged segment {first.logged_segment_entry_no})"
        ),
    )


def test_refusal_message_counts_the_other_problems(mailing: m.SegmentHeader) -> None:
    m.SegmentHeader.update(description="").execute()
    m.SegmentLine.update(interaction_template_code="").execute()

    with pytest.raises(Refused, match=r"has no description \(and 2 more; see segment log"):
        log_segment("SEG00007", send=False)


def test_dry_run_lists_every_problem_and_changes_nothing(mailing: m.SegmentHeader) -> None:
    m.SegmentHeader.update(description="").execute()
    m.Contact.update(email="").where(m.Contact.no == "CT000002").execute()
    m.SegmentLine.update(interaction_template_code="").where(m.SegmentLine.line_no == 1).execute()
    before = table_rows()

    result = log_segment("SEG00007", send=True, follow_up=True, dry_run=True)

    assert table_rows() == before
    assert result.dry_run and not result.would_log
    assert result.logged_segment_entry_no is None and result.follow_up_segment_no is None
    assert result.interactions == 2
    assert [(p.line_no, p.reason) for p in result.refused] == [
        (None, "segment SEG00007 has no description"),
        (1, "line 1 (CT000001) has no interaction template"),
        (2, "line 2 (CT000002) is an email but contact CT000002 has no email address"),
    ]
    assert result.skipped == ()


def test_dry_run_without_send_reports_skipped_lines_and_counts(mailing: m.SegmentHeader) -> None:
    m.Contact.update(email="").where(m.Contact.no == "CT000002").execute()
    before = table_rows()

    result = preview_log("SEG00007", send=False)

    assert table_rows() == before
    assert result.would_log
    assert [s.contact_no for s in result.skipped] == ["CT000002"]
    assert result.per_correspondence_type == (TypeCount("", 1), TypeCount("hard_copy", 1))
    logged = log_segment("SEG00007", send=False)
    assert logged.per_correspondence_type == result.per_correspondence_type
    assert logged.interactions == result.interactions


def test_dry_run_of_an_unknown_segment_is_not_found(database: pw.Database) -> None:
    with pytest.raises(NotFound, match="SEG00001' does not exist"):
        preview_log("SEG00001")


@pytest.fixture
def fail_on(database: pw.Database) -> Iterator[Callable[[str, str, str], None]]:
    """Install a trigger that aborts the statement it watches with 'disk on fire'.

    `fail_on(event, table, condition)`: e.g. ("INSERT", "interaction_log_entry",
    "NEW.contact_no = 'CT000002'"). On PostgreSQL the trigger raises an integrity error, as
    SQLite's RAISE(ABORT) does, and is dropped afterwards: the server's test database is
    shared by the tests.
    """
    made: list[str] = []

    def install(event: str, table: str, condition: str = "TRUE") -> None:
        if isinstance(database, pw.PostgresqlDatabase):
            database.execute_sql(
                "CREATE OR REPLACE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION 'disk on fire' USING ERRCODE = 'integrity_constraint_"
                "violation'; END $$"
            )
            database.execute_sql(
                f"CREATE TRIGGER boom BEFORE {event} ON {table} FOR EACH ROW "
                f"WHEN ({condition}) EXECUTE FUNCTION boom()"
            )
        else:
            when = "" if condition == "TRUE" else f"WHEN {condition} "
            database.execute_sql(
                f"CREATE TRIGGER boom BEFORE {event} ON {table} "
                f"{when}BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
        made.append(table)

    yield install
    for table in made:
        if isinstance(database, pw.PostgresqlDatabase):
            database.execute_sql(f"DROP TRIGGER IF EXISTS boom ON {table}")
            database.execute_sql("DROP FUNCTION IF EXISTS boom()")
        else:
            database.execute_sql("DROP TRIGGER IF EXISTS boom")


def test_log_is_atomic_when_the_insert_fails_half_way(
    mailing: m.SegmentHeader, fail_on: Callable[[str, str, str], None]
) -> None:
    # The second entry's insert aborts after the first row is written.
    fail_on("INSERT", "interaction_log_entry", "NEW.contact_no = 'CT000002'")
    before = table_rows()

    with pytest.raises(pw.IntegrityError, match="disk on fire"):
        log_segment("SEG00007", send=False, follow_up=True)

    assert table_rows() == before


def test_log_is_atomic_when_removing_the_segment_fails(
    mailing: m.SegmentHeader, fail_on: Callable[[str, str, str], None]
) -> None:
    # Every entry is written before the open segment's header is deleted.
    fail_on("DELETE", "segment_header", "TRUE")
    before = table_rows()

    with pytest.raises(pw.IntegrityError, match="disk on fire"):
        log_segment("SEG00007", send=False)

    assert table_rows() == before


def test_two_users_logging_at_once_exactly_one_wins(mailing: m.SegmentHeader) -> None:
    m.db.close()  # each thread opens its own connection to the same file
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def user() -> None:
        m.db.connect(reuse_if_open=True)
        try:
            start.wait()
            outcomes.append(log_segment("SEG00007", send=False))
        except Refused as exc:
            outcomes.append(exc)
        finally:
            m.db.close()

    threads = [threading.Thread(target=user) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    m.db.connect(reuse_if_open=True)

    refusals = [o for o in outcomes if isinstance(o, Refused)]
    assert len(outcomes) == 2 and len(refusals) == 1
    assert "SEG00007 is already logged" in str(refusals[0])
    assert m.LoggedSegment.select().count() == 1
    assert m.InteractionLogEntry.select().count() == 2


def test_send_delivers_hard_copies_through_the_delivery_engine(
    database: pw.Database, settings_file: Path, tmp_path: Path
) -> None:
    import hashlib
    import io

    import docx

    letter = docx.Document()
    letter.add_paragraph("Dear «First_Name», {{ Comment }}")
    buffer = io.BytesIO()
    letter.save(buffer)
    content = buffer.getvalue()
    attachment = m.Attachment.create(
        filename="letter.docx", content=content, sha256=hashlib.sha256(content).hexdigest()
    )
    make_template("LETTER")
    m.InteractionTemplateLanguage.create(template="LETTER", language_code="", attachment=attachment)
    make_contact("CT000001", first_name="Ann")
    make_segment("SEG00001", ["CT000001"], correspondence_type="hard_copy")

    result = log_segment("SEG00001", send=True, out_dir=tmp_path / "out")

    assert (result.delivered, result.failed) == (1, 0)
    assert [p.suffix for p in (tmp_path / "out").iterdir()] == [".docx"]
    assert m.InteractionLogEntry.get().delivery_status == ""
