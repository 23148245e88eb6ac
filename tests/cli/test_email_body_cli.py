"""Send as attachment (issue 10, point 6): an email carries the letter attached, or is the
letter itself — HTML made from the merged .docx by mammoth, with a plain-text part.

Messages go to a real SMTP server on loopback and are read back as a mail client would;
both backends, because the field travels from template to header, line and entry.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx.document import Document

from segtui.db import models as m
from tests.cli.runner import Result, Run, invoke
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.factories import make_contact
from tests.services.letters_helpers import free_port, smtp_server, write_settings


def letter(document: Document) -> None:
    """A short letter: a salutation field, a bold line and a sentence."""
    add_simple_field(document.add_paragraph(), " MERGEFIELD Formal_Salutation ", "«x»")
    add_text(document.add_paragraph(), "Our spring offer", bold=True)
    add_text(document.add_paragraph(), "Samples follow next week.")


@pytest.fixture
def port() -> int:
    """The loopback port of the SMTP server the settings name."""
    return free_port()


@pytest.fixture
def run(
    database: object,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    port: int,
) -> Run:
    """Template LETTER (email) with its document; contact Anna Smith with an address."""
    settings = write_settings(
        tmp_path / "settings.toml", host="127.0.0.1", port=port, security="none"
    )
    monkeypatch.setenv("SEGTUI_CONFIG", str(settings))

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    m.InteractionGroup.create(code="LETTERS", description="Letters")
    make_contact(
        "CT000001",
        name="Anna Smith",
        type="person",
        first_name="Anna",
        surname="Smith",
        salutation="Ms",
        email="anna@acme.test",
        correspondence_type="email",
    )
    assert run("template", "new", "LETTER", "--group", "LETTERS", "corr_type=email").status == 0
    path = tmp_path / "letter.docx"
    path.write_bytes(build(letter))
    imported = run("template", "import", "LETTER", str(path), "--subject", "Spring offer")
    assert imported.status == 0, imported.err
    return run


def send(run: Run, port: int, *header: str) -> EmailMessage:
    """Make a segment for Anna (header FIELD=VALUE given), log it; the message received."""
    no = run("segment", "new", "--description", "Spring", "--template", "LETTER").out.strip()
    if header:
        assert run("segment", "set", no, *header).status == 0
    assert run("segment", "add", no, "--contact", "CT000001").status == 0
    with smtp_server(port) as inbox:
        result = run("segment", "log", no)
    assert (result.status, result.err) == (0, ""), result.err
    assert result.out.endswith("delivered 1, failed 0\n")
    (envelope,) = inbox.envelopes
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_with_send_as_attachment_the_letter_is_attached(run: Run, port: int) -> None:
    message = send(run, port)

    assert (message["To"], message["Subject"]) == ("anna@acme.test", "Spring offer")
    assert message.get_content_type() == "multipart/mixed"
    body, attached = list(message.iter_parts())
    assert body.get_content_type() == "text/plain"
    assert body.get_content().splitlines()[:3] == [
        "Dear Ms Smith,",
        "Our spring offer",
        "Samples follow next week.",
    ]
    assert attached.get_filename() == "E000001-CT000001.docx"
    assert attached.get_content().startswith(b"PK")


def test_without_it_the_letter_is_the_html_body_with_a_text_part(run: Run, port: int) -> None:
    assert run("template", "edit", "LETTER", "send_as_attachment=no").status == 0

    message = send(run, port)

    assert (message["To"], message["Subject"]) == ("anna@acme.test", "Spring offer")
    assert message.get_content_type() == "multipart/alternative"
    text, html = list(message.iter_parts())
    assert text.get_content_type() == "text/plain"
    assert text.get_content().splitlines()[:3] == [
        "Dear Ms Smith,",
        "Our spring offer",
        "Samples follow next week.",
    ]
    assert html.get_content_type() == "text/html"
    page = html.get_content()
    assert "<p>Dear Ms Smith,</p>" in page
    assert "<strong>Our spring offer</strong>" in page
    assert "<p>Samples follow next week.</p>" in page
    assert not any(part.get_filename() for part in message.walk())
    entry = run("interactions", "list", "--json").json()[0]
    assert (entry["send_as_attachment"], entry["delivery_status"]) == (False, "")


def test_the_header_can_turn_it_off_for_its_lines(run: Run, port: int) -> None:
    message = send(run, port, "send_as_attachment=no")

    assert message.get_content_type() == "multipart/alternative"
