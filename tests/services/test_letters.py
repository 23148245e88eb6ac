"""Letters of a segment: per contact, combined, template check, preview, unique documents."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import peewee as pw
import pytest

from segtui.db import models as m
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.letters import documents, merge, preview, render, unique_documents
from tests.docs.docs_helpers import (
    FIXTURES,
    add_simple_field,
    assert_no_merge_fields,
    build,
    open_docx,
    save,
)
from tests.services.factories import make_contact
from tests.services.letters_helpers import (
    COMMENT,
    LETTER,
    make_mailing,
    paragraphs,
    store_template,
    write_settings,
)


@pytest.fixture
def mailing(database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """SEG00001 on template LETTER (our built letter), settings naming our company."""
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    store_template("LETTER", LETTER)
    make_mailing()
    return "SEG00001"


def test_merge_writes_one_letter_per_line_named_by_contact_number(
    mailing: str, tmp_path: Path
) -> None:
    out = tmp_path / "letters"
    ticks: list[tuple[int, int]] = []

    report = merge.merge_segment(mailing, out, progress=lambda d, t: ticks.append((d, t)))

    assert sorted(p.name for p in out.iterdir()) == [
        "CT000001.docx",
        "CT000002.docx",
        "CT000003.docx",
    ]
    assert (report.letters, report.unique_documents) == (3, 0)
    assert ticks == [(1, 3), (2, 3), (3, 3)]
    anna = (out / "CT000002.docx").read_bytes()
    assert_no_merge_fields(anna)
    lines = paragraphs(anna)
    # The address block, the salutation, our company, subject and both comment lines.
    assert lines[:5] == ["Anna Smith", "Acme Ltd", "1 High St", "LS1 1AA Leeds", "United Kingdom"]
    assert "Dear Ms Smith," in lines
    assert "From Cronus Ltd about Spring offer" in lines
    assert COMMENT.split("\n") == lines[lines.index("Good to meet you in Leeds.") :][:2]
    assert "Sam Seller" in lines
    document = open_docx(anna)
    assert document.sections[0].header.paragraphs[0].text == "To: Anna Smith"
    assert document.sections[0].footer.paragraphs[0].text == "Ref CT000002"
    # The company's own letter names the company once and has no comment.
    acme = paragraphs((out / "CT000001.docx").read_bytes())
    assert acme[:2] == ["Acme Ltd", "Leeds"]
    assert "Good to meet you in Leeds." not in acme


def test_combined_has_a_section_per_line_with_its_own_header_and_footer(
    mailing: str, tmp_path: Path
) -> None:
    out = tmp_path / "all.docx"

    report = merge.merge_segment(mailing, out, combined=True)

    assert report.files == (out,)
    data = out.read_bytes()
    assert_no_merge_fields(data)
    document = open_docx(data)
    assert len(document.sections) == 3
    headers = [s.header.paragraphs[0].text for s in document.sections]
    footers = [s.footer.paragraphs[0].text for s in document.sections]
    assert headers == ["To: Acme Ltd", "To: Anna Smith", "To: Bo Jensen"]
    assert footers == ["Ref CT000001", "Ref CT000002", "Ref CT000003"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Dear ") == 3
    assert COMMENT in text


def test_contact_names_never_make_file_names(mailing: str, tmp_path: Path) -> None:
    m.Contact.update(name="../../etc/x").where(m.Contact.no == "CT000003").execute()
    out = tmp_path / "deep" / "letters"

    merge.merge_segment(mailing, out)

    assert sorted(p.name for p in out.iterdir())[-1] == "CT000003.docx"
    assert not (tmp_path / "etc").exists()
    assert list(tmp_path.rglob("x*")) == []


def test_winword_fixture_merges_through_the_template_field_map(
    database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    field_map = {
        "Titel": "Formal_Salutation",
        "Voornaam": "First_Name",
        "Achternaam": "Surname",
        "Adresregel_1": "Address",
        "Postcode": "Post_Code",
        "Plaats": "City",
        "Provincie": "County",
        "Land_of_regio": "Country",
    }
    content = (FIXTURES / "test_winword2010.docx").read_bytes()
    store_template("NL", content, field_map=field_map)
    make_mailing(template="NL")

    check = documents.check_template("NL")
    merge.merge_segment("SEG00001", tmp_path / "out")

    assert check.unknown == ()
    assert "Achternaam" in check.fields
    anna = (tmp_path / "out" / "CT000002.docx").read_bytes()
    assert_no_merge_fields(anna)
    text = "\n".join(paragraphs(anna))
    for value in ("Dear Ms Smith,", "Anna", "Smith", "1 High St", "LS1 1AA", "Leeds"):
        assert value in text


def test_header_and_footer_fixture_fields_filled_per_contact(
    database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    names = ["fieldname", "headerfirst", "headereven", "headerfield"]
    names += ["footerfirst", "footereven", "footerfield"]
    store_template(
        "HF",
        (FIXTURES / "test_footnote_header_footer.docx").read_bytes(),
        field_map={n: ("Contact_No" if n.startswith("footer") else "Contact_Name") for n in names},
    )
    make_mailing(template="HF")

    merge.merge_segment("SEG00001", tmp_path / "all.docx", combined=True)

    data = (tmp_path / "all.docx").read_bytes()
    assert_no_merge_fields(data)
    document = open_docx(data)
    headers = [s.header.paragraphs[0].text for s in document.sections]
    footers = [" ".join(p.text for p in s.footer.paragraphs) for s in document.sections]
    assert [("Anna Smith" in h, "CT000002" in f) for h, f in zip(headers, footers, strict=True)][
        1
    ] == (True, True)
    assert "Bo Jensen" in headers[2]


def test_unknown_template_fields_are_an_error_unless_left_empty(
    mailing: str, tmp_path: Path
) -> None:
    def odd(document: docx.document.Document) -> None:
        add_simple_field(document.add_paragraph(), " MERGEFIELD Shoe_Size ", "«Shoe_Size»")
        add_simple_field(document.add_paragraph(), " MERGEFIELD Surname ", "«Surname»")

    m.InteractionTemplateLanguage.delete().execute()
    store_template("LETTER", build(odd))
    out = tmp_path / "out"

    with pytest.raises(InvalidInput, match=r"template LETTER \(ENG\).*Shoe_Size") as caught:
        merge.merge_segment(mailing, out)
    assert "Surname" not in str(caught.value)
    assert not out.exists()

    merge.merge_segment(mailing, out, leave_unknown_empty=True)
    assert paragraphs((out / "CT000002.docx").read_bytes()) == ["", "Smith"]


def test_line_language_falls_back_to_the_default_then_a_clear_error(
    mailing: str, tmp_path: Path
) -> None:
    m.SegmentLine.update(language_code="DEU").execute()
    merge.merge_segment(mailing, tmp_path / "a")  # no DEU document: the ENG one
    assert len(list((tmp_path / "a").iterdir())) == 3

    m.InteractionTemplateLanguage.delete().execute()
    with pytest.raises(Refused, match=r"template LETTER has no Word document.*'DEU' or 'ENG'"):
        merge.merge_segment(mailing, tmp_path / "b")
    m.SegmentLine.update(interaction_template_code="GONE").execute()
    with pytest.raises(NotFound, match="interaction template GONE does not exist"):
        merge.merge_segment(mailing, tmp_path / "c")


def test_several_documents_give_one_combined_file_each(mailing: str, tmp_path: Path) -> None:
    german = build(
        lambda d: add_simple_field(d.add_paragraph(), " MERGEFIELD Surname ", "«Surname»")
    )
    store_template("LETTER", german, language="DEU")
    m.SegmentLine.update(language_code="DEU").where(m.SegmentLine.line_no == 2).execute()

    report = merge.merge_segment(mailing, tmp_path / "all.docx", combined=True)

    assert [p.name for p in report.files] == ["all.docx", "all-2.docx"]
    assert len(open_docx((tmp_path / "all.docx").read_bytes()).sections) == 2
    assert paragraphs((tmp_path / "all-2.docx").read_bytes()) == ["Smith"]


def test_preview_is_the_letter_as_text_with_the_comment_located(mailing: str) -> None:
    shown = preview.letter_preview(mailing, 2)

    assert shown.contact_no == "CT000002"
    assert shown.source == "LETTER (ENG)"
    assert shown.text.startswith("Anna Smith\nAcme Ltd\n1 High St")
    assert shown.comment == COMMENT
    assert shown.text[shown.comment_start : shown.comment_end] == COMMENT
    assert "\ue010" not in shown.text
    empty = preview.letter_preview(mailing, 1)
    assert (empty.comment, empty.comment_start) == ("", -1)


def test_preview_finds_the_comment_itself_not_the_same_words_earlier(mailing: str) -> None:
    m.SegmentLine.update(comment="Anna Smith").where(m.SegmentLine.line_no == 2).execute()

    shown = preview.letter_preview(mailing, 2)

    assert shown.text.startswith("Anna Smith")  # the address block says it first
    assert shown.comment_start > 0
    assert shown.text[shown.comment_start :].startswith("Anna Smith\nSam Seller")


def test_unique_document_round_trip(mailing: str, tmp_path: Path) -> None:
    exported = render.export_line_letter(mailing, 2, tmp_path / "anna.docx")
    document = docx.Document(str(exported))
    document.add_paragraph("P.S. A handwritten note for Anna.")
    edited = tmp_path / "anna-edited.docx"
    document.save(str(edited))

    unique_documents.import_line_letter(mailing, 2, edited)
    report = merge.merge_segment(mailing, tmp_path / "out")
    combined = merge.merge_segment(mailing, tmp_path / "all.docx", combined=True)
    shown = preview.letter_preview(mailing, 2)

    assert report.unique_documents == 1
    assert (tmp_path / "out" / "CT000002.docx").read_bytes() == edited.read_bytes()
    assert [p.name for p in combined.files] == ["all.docx", "all-CT000002-2.docx"]
    assert len(open_docx((tmp_path / "all.docx").read_bytes()).sections) == 2
    assert shown.source == "unique document"
    assert shown.text.endswith("P.S. A handwritten note for Anna.")
    assert shown.text[shown.comment_start : shown.comment_end] == COMMENT

    unique_documents.clear_line_letter(mailing, 2)
    assert m.SegmentLine.get(m.SegmentLine.line_no == 2).attachment_id is None
    assert m.Attachment.select().count() == 1  # the unused unique document is gone
    assert "handwritten" not in preview.letter_preview(mailing, 2).text


def test_importing_something_that_is_not_a_word_document_changes_nothing(
    mailing: str, tmp_path: Path
) -> None:
    bad = tmp_path / "note.docx"
    bad.write_text("not a document", encoding="utf-8")

    with pytest.raises(InvalidInput, match="not a Word document"):
        unique_documents.import_line_letter(mailing, 2, bad)
    with pytest.raises(NotFound, match="has no line 9"):
        unique_documents.import_line_letter(mailing, 9, tmp_path / "missing.docx")
    assert m.SegmentLine.select().where(m.SegmentLine.attachment_id.is_null(False)).count() == 0


def test_merge_refuses_an_empty_or_unknown_segment(mailing: str, tmp_path: Path) -> None:
    m.SegmentLine.delete().execute()
    with pytest.raises(Refused, match="SEG00001 has no lines"):
        merge.merge_segment(mailing, tmp_path / "out")
    with pytest.raises(NotFound, match="SEG09999"):
        merge.merge_segment("SEG09999", tmp_path / "out")


def test_combined_out_must_be_a_file_and_per_contact_out_a_folder(
    mailing: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        merge.merge_segment(mailing, tmp_path, combined=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidInput, match="is a file"):
        merge.merge_segment(mailing, tmp_path / "file")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing")
def test_pdf_of_a_merged_letter_shows_name_and_comment(mailing: str, tmp_path: Path) -> None:
    out = tmp_path / "out"

    report = merge.merge_segment(mailing, out, pdf=True)

    assert [p.name for p in report.pdfs] == ["CT000001.pdf", "CT000002.pdf", "CT000003.pdf"]
    text = subprocess.run(
        ["pdftotext", str(out / "CT000002.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Anna Smith" in text
    assert "Good to meet you in Leeds." in text
    assert "Samples follow next week." in text


def test_a_person_without_company_gets_a_plain_address(
    database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGTUI_CONFIG", str(tmp_path / "none.toml"))
    store_template("LETTER", LETTER)
    make_contact("CT000009", name="Cy Doe", type="person", address="2 Low Rd", city="York")
    m.SegmentHeader.create(no="SEG00002", description="x", interaction_template_code="LETTER")
    m.SegmentLine.create(
        segment_no="SEG00002", line_no=1, contact_no="CT000009", interaction_template_code="LETTER"
    )

    data = render.render_line_letter("SEG00002", 1)

    lines = paragraphs(data)
    assert lines[:3] == ["Cy Doe", "2 Low Rd", "York"]
    assert "Dear Sir or Madam," in lines  # no surname, no salutation: the neutral greeting
    assert save(docx.Document(io.BytesIO(data)))  # a sound document python-docx can rewrite
