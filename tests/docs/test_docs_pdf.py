"""PDFs through LibreOffice: the merged letter's text is in the PDF, one line per comment line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docs_helpers import add_text, build
from docx.document import Document

from segtui.docs import convert_to_pdf, find_office, merge_combined, merge_document
from segtui.docs.pdf import OfficeNotInstalled, convert_many


def needs(program: str | None, name: str) -> None:
    if program is None:
        pytest.skip(f"{name} is not installed")


def pdf_text(path: Path) -> str:
    needs(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def letter(doc: Document) -> None:
    add_text(doc.sections[0].header.paragraphs[0], "For «Contact_Name»")
    add_text(doc.add_paragraph(), "Dear «First_Name»,")
    add_text(doc.add_paragraph(), "«Comment»")
    add_text(doc.add_paragraph(), "Kind regards")


def test_merged_letter_as_pdf_shows_the_name_and_each_comment_line(tmp_path: Path) -> None:
    needs(find_office(), "LibreOffice (soffice)")
    docx_path = tmp_path / "0001.docx"
    docx_path.write_bytes(
        merge_document(
            build(letter),
            {
                "Contact_Name": "Anna Smith",
                "First_Name": "Anna",
                "Comment": "Thank you for your order.\nThe samples follow by post.",
            },
        )
    )
    pdf = convert_to_pdf(docx_path, tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "0001.pdf"
    lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
    assert "For Anna Smith" in lines
    assert "Dear Anna," in lines
    # Two lines, not one run-on line: the comment's newline is a real line break.
    assert "Thank you for your order." in lines
    assert "The samples follow by post." in lines


def test_combined_letters_as_pdf_have_one_page_each_with_own_header(tmp_path: Path) -> None:
    needs(find_office(), "LibreOffice (soffice)")
    records = [
        {"Contact_Name": name, "First_Name": name.split()[0], "Comment": "Hello"}
        for name in ("Anna Smith", "Ben Jones")
    ]
    docx_path = tmp_path / "all.docx"
    docx_path.write_bytes(merge_combined(build(letter), records))
    pages = pdf_text(convert_to_pdf(docx_path, tmp_path)).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 2
    assert "For Anna Smith" in pages[0] and "Dear Anna," in pages[0]
    assert "For Ben Jones" in pages[1] and "Dear Ben," in pages[1]


def test_several_letters_convert_in_one_call(tmp_path: Path) -> None:
    needs(find_office(), "LibreOffice (soffice)")
    paths = []
    for i, name in enumerate(["Anna", "Ben", "Chloé"], start=1):
        path = tmp_path / f"{i:04d}.docx"
        path.write_bytes(
            merge_document(build(letter), {"Contact_Name": name, "First_Name": name, "Comment": ""})
        )
        paths.append(path)
    pdfs = convert_many(paths, tmp_path / "out")
    assert [p.name for p in pdfs] == ["0001.pdf", "0002.pdf", "0003.pdf"]
    assert "Dear Chloé," in pdf_text(pdfs[2])


def test_without_libreoffice_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no programs on it
    with pytest.raises(OfficeNotInstalled, match="install libreoffice-writer-nogui"):
        convert_to_pdf(tmp_path / "letter.docx", tmp_path)
