"""Shared set-up for the letter and delivery tests: templates, a mailing, settings, SMTP."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import docx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from docx.document import Document
from lxml import etree

from segtui.db import models as m
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.factories import make_contact, make_segment, make_template

COMMENT = "Good to meet you in Leeds.\nSamples follow next week."


def letter_template(document: Document) -> None:
    """A letter with fields in the body, a header (contact name) and a footer (number)."""
    header = document.sections[0].header.paragraphs[0]
    add_text(header, "To: ")
    add_simple_field(header, " MERGEFIELD Contact_Name ", "«Contact_Name»")
    footer = document.sections[0].footer.paragraphs[0]
    add_text(footer, "Ref ")
    add_simple_field(footer, " MERGEFIELD Contact_No ", "«Contact_No»")
    for name in ("Mail_Address", "Formal_Salutation"):
        add_simple_field(document.add_paragraph(), f" MERGEFIELD {name} ", f"«{name}»")
    p = document.add_paragraph()
    add_text(p, "From ")
    add_simple_field(p, " MERGEFIELD Our_Company_Name ", "«Our_Company_Name»")
    add_text(p, " about ")
    add_simple_field(p, ' MERGEFIELD "Subject" \\* MERGEFORMAT ', "«Subject»", bold=True)
    add_simple_field(document.add_paragraph(), " MERGEFIELD Comment ", "«Comment»")
    add_simple_field(document.add_paragraph(), " MERGEFIELD Salesperson_Name ", "«Salesperson»")


LETTER = build(letter_template)


def store_template(
    code: str,
    content: bytes,
    *,
    language: str = "ENG",
    default_language: str = "ENG",
    subject: str = "Spring offer",
    field_map: dict[str, str] | None = None,
) -> int:
    """An interaction template with `content` as its document for `language`; attachment id."""
    if not m.InteractionTemplate.select().where(m.InteractionTemplate.code == code).exists():
        make_template(
            code,
            language_code_default=default_language,
            field_map=json.dumps(field_map or {}),
        )
    attachment_id = int(
        m.Attachment.insert(
            filename=f"{code}.docx", content=content, sha256=hashlib.sha256(content).hexdigest()
        ).execute()
    )
    m.InteractionTemplateLanguage.create(
        template=code, language_code=language, attachment=attachment_id, subject=subject
    )
    return attachment_id


def make_mailing(no: str = "SEG00001", template: str = "LETTER") -> m.SegmentHeader:
    """Three lines: a company (hard copy), its person Anna (email, comment), Bo (email)."""
    m.Salesperson.insert(
        code="SP1", name="Sam Seller", email="sam@us.test", job_title="Manager"
    ).on_conflict_ignore().execute()
    m.Country.insert(code="GB", name="United Kingdom").on_conflict_ignore().execute()
    make_contact("CT000001", name="Acme Ltd", type="company", email="info@acme.test", city="Leeds")
    make_contact(
        "CT000002",
        name="Anna Smith",
        company_no="CT000001",
        first_name="Anna",
        surname="Smith",
        salutation="Ms",
        address="1 High St",
        post_code="LS1 1AA",
        city="Leeds",
        country_code="GB",
        email="anna@acme.test",
    )
    make_contact("CT000003", name="Bo Jensen", first_name="Bo", email="bo@example.test")
    return make_segment(
        no,
        template=template,
        lines=[
            {"contact_no": "CT000001", "correspondence_type": "hard_copy"},
            {
                "contact_no": "CT000002",
                "contact_company_no": "CT000001",
                "correspondence_type": "email",
                "comment": COMMENT,
                "salesperson_code": "SP1",
                "language_code": "ENG",
                "subject": "Spring offer",
            },
            {"contact_no": "CT000003", "correspondence_type": "email", "subject": "Hello Bo"},
        ],
        description="Spring mailing",
    )


def write_settings(path: Path, **smtp: Any) -> Path:
    """A settings file with our company and an [smtp] section."""
    lines = ['[company]\nname = "Cronus Ltd"\nemail = "office@cronus.test"\n', "[smtp]"]
    for key, value in smtp.items():
        lines.append(f"{key} = {json.dumps(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


class Accounts:
    """An aiosmtpd authenticator knowing one user and password."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            self.user,
            self.password,
        )
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(port: int, account: tuple[str, str] | None = None) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1:port for the length of the block (AUTH with account)."""
    inbox = Inbox()
    extra: dict[str, Any] = {}
    if account is not None:
        # Loopback without TLS in tests: allow AUTH over the plain connection.
        extra = {"authenticator": Accounts(*account), "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **extra)
    controller.start()  # returns once the server accepts connections
    try:
        yield inbox
    finally:
        controller.stop()


def document_text(data: bytes) -> dict[str, str]:
    """The visible text of every XML part of a .docx (body, headers, footers…), by part."""
    texts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                texts[name] = "".join(
                    root.itertext("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
                )
    return texts


def paragraphs(data: bytes) -> list[str]:
    """Each line of the body as a user reads it (line breaks split paragraphs)."""
    document = docx.Document(io.BytesIO(data))
    return [line for p in document.paragraphs for line in p.text.split("\n")]
