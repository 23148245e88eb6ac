"""Interaction templates: creation rules and Word documents per language."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import peewee as pw
import pytest

from segtui.db.models import Attachment, Contact, InteractionGroup, InteractionLogEntry, Language
from segtui.db.proxy import write_transaction
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.templates.templates import (
    create_template,
    get_template,
    import_template_document,
    list_templates,
    template_document,
)


@pytest.fixture
def setup(database: pw.Database) -> None:
    """Languages and a group the templates use."""
    with write_transaction():
        Language.insert_many([{"code": "ENG", "name": "English"}, {"code": "DEU"}]).execute()
        InteractionGroup.insert(code="LETTER", description="Letters").execute()


def word_file(tmp_path: Path, name: str = "letter.docx", text: str = "Dear customer") -> Path:
    """A real .docx made with python-docx."""
    document = docx.Document()
    document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def test_create_list_and_show(setup: None) -> None:
    created = create_template(
        "LETTER",
        "Sales letter",
        group_code="LETTER",
        correspondence_type_default="hard copy",
        information_flow="outbound",
        initiated_by="us",
        unit_cost="1.5",
        unit_duration_min="5",
        language_code_default="ENG",
    )
    create_template("EMAIL", "Sales e-mail")
    assert (created.correspondence_type_default, created.unit_cost) == (
        "hard_copy",
        Decimal("1.50"),
    )
    assert [(t.code, t.correspondence_type_default) for t in list_templates()] == [
        ("EMAIL", "email"),
        ("LETTER", "hard_copy"),
    ]
    assert get_template("LETTER").languages == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"code": ""}, InvalidInput, "template code must not be empty"),
        ({"code": "X" * 21}, InvalidInput, "longer than 20 characters"),
        ({"code": "T", "group_code": "NOPE"}, InvalidInput, "interaction group 'NOPE' does not"),
        ({"code": "T", "correspondence_type_default": "fax"}, InvalidInput, "'fax' is not one of"),
        ({"code": "T", "initiated_by": "nobody"}, InvalidInput, "initiated by 'nobody'"),
        ({"code": "T", "unit_cost": "cheap"}, InvalidInput, "unit cost 'cheap' is not a number"),
        ({"code": "T", "language_code_default": "KLI"}, InvalidInput, "language 'KLI' does not"),
        ({"code": "EXISTING"}, Refused, "template 'EXISTING' already exists"),
    ],
)
def test_create_refuses_bad_values(
    setup: None, kwargs: dict[str, str], error: type[Exception], message: str
) -> None:
    create_template("EXISTING")
    with pytest.raises(error, match=message):
        create_template(**kwargs)  # type: ignore[arg-type]
    assert [t.code for t in list_templates()] == ["EXISTING"]


def test_import_a_word_document_for_a_language(setup: None, tmp_path: Path) -> None:
    create_template("LETTER", language_code_default="ENG")
    path = word_file(tmp_path)
    version = import_template_document("LETTER", path, subject="Spring offer")
    content = path.read_bytes()
    assert (version.language_code, version.filename, version.size) == (
        "ENG",
        "letter.docx",
        len(content),
    )
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    import_template_document("LETTER", word_file(tmp_path, "brief.docx"), language="DEU")
    shown = get_template("LETTER")
    assert [(v.language_code, v.filename, v.subject) for v in shown.languages] == [
        ("DEU", "brief.docx", ""),
        ("ENG", "letter.docx", "Spring offer"),
    ]
    assert template_document("LETTER") == content


def test_re_import_replaces_and_drops_the_unused_document(setup: None, tmp_path: Path) -> None:
    create_template("LETTER", language_code_default="ENG")
    import_template_document("LETTER", word_file(tmp_path, "v1.docx", "first"))
    second = word_file(tmp_path, "v2.docx", "second")
    import_template_document("LETTER", second)
    assert [v.filename for v in get_template("LETTER").languages] == ["v2.docx"]
    assert template_document("LETTER", "ENG") == second.read_bytes()
    assert Attachment.select().count() == 1


def test_re_import_keeps_a_document_that_history_refers_to(setup: None, tmp_path: Path) -> None:
    create_template("LETTER", language_code_default="ENG")
    first = import_template_document("LETTER", word_file(tmp_path, "v1.docx", "first"))
    with write_transaction():
        Contact.insert(no="CT1", name="Acme").execute()
        InteractionLogEntry.insert(contact_no="CT1", attachment_id=first.attachment_id).execute()
    import_template_document("LETTER", word_file(tmp_path, "v2.docx", "second"))
    assert Attachment.select().count() == 2


def test_a_file_that_is_not_a_word_document_is_refused(setup: None, tmp_path: Path) -> None:
    create_template("LETTER")
    text = tmp_path / "notes.docx"
    text.write_text("just text", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"notes\.docx: not a Word document \(\.docx\)"):
        import_template_document("LETTER", text)
    other_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(other_zip, "w") as package:
        package.writestr("readme.txt", "hello")
    with pytest.raises(InvalidInput, match=r"archive\.docx: .* it has no word/document\.xml"):
        import_template_document("LETTER", other_zip)
    assert get_template("LETTER").languages == ()
    assert Attachment.select().count() == 0


def test_import_checks_template_language_and_file(setup: None, tmp_path: Path) -> None:
    create_template("LETTER")
    path = word_file(tmp_path)
    with pytest.raises(NotFound, match="template 'NOPE' does not exist"):
        import_template_document("NOPE", path)
    with pytest.raises(InvalidInput, match="language 'KLI' does not exist"):
        import_template_document("LETTER", path, language="KLI")
    with pytest.raises(NotFound, match="cannot read"):
        import_template_document("LETTER", tmp_path / "missing.docx")
    with pytest.raises(NotFound, match="template 'LETTER' has no document for the default"):
        template_document("LETTER")
    assert Attachment.select().count() == 0
    assert io.BytesIO(path.read_bytes()).read(2) == b"PK"
