"""Combined documents repeat no drawing id; merged files and PDFs are private (0600)."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from docs_helpers import Field, add_field, add_simple_field, add_text, build, merge_field, xml_parts
from docx.document import Document
from docx.shared import Pt

from segtui.docs import find_office, merge_combined, merge_document
from segtui.docs.pdf import convert_many


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def png() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def with_pictures(doc: Document) -> None:
    header = doc.sections[0].header.paragraphs[0]
    add_simple_field(header, " MERGEFIELD Name ", "«Name»")
    header.add_run().add_picture(io.BytesIO(png()), width=Pt(10))
    add_text(doc.add_paragraph(), "Dear «Name»")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Pt(10))
    doc.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Pt(10))


def test_combined_documents_give_every_drawing_its_own_id() -> None:
    merged = merge_combined(build(with_pictures), [{"Name": f"N{n}"} for n in range(3)])
    ids = [
        i
        for name, xml in xml_parts(merged).items()
        for i in re.findall(r'<wp:docPr\b[^>]*\bid="(\d+)"', xml)
    ]
    assert len(ids) == 3 * 3  # two in each body copy, one in each header copy
    assert len(set(ids)) == len(ids)


def test_a_single_letter_keeps_the_templates_drawing_ids() -> None:
    template = build(with_pictures)
    ids = lambda data: sorted(  # noqa: E731
        re.findall(r'<wp:docPr\b[^>]*\bid="(\d+)"', "".join(xml_parts(data).values()))
    )
    assert ids(merge_document(template, {"Name": "A"})) == ids(template)


def label_letter(doc: Document) -> None:
    """Labels with NEXT in table cells and a greeting IF in each."""
    cells = [c for row in doc.add_table(rows=1, cols=2).rows for c in row.cells]
    for n, cell in enumerate(cells):
        p = cell.paragraphs[0]
        if n:
            add_simple_field(p, " NEXT ", "«Next Record»")
        code: list[str | Field] = [" IF ", merge_field("Gender"), ' = "F" "Ms " "Mr " ']
        add_field(p, Field(*code, shown="Mr "))
        add_field(p, merge_field("Name"))


def test_a_combined_label_sheet_renders_to_a_private_pdf(tmp_path: Path) -> None:
    if find_office() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    records = [
        {"Gender": "F", "Name": "Smith"},
        {"Gender": "M", "Name": "Jones"},
        {"Gender": "F", "Name": "Brown"},
        {"Gender": "M", "Name": "White"},
    ]
    sheet = tmp_path / "labels.docx"
    sheet.write_bytes(merge_combined(build(label_letter), records))
    (pdf,) = convert_many([sheet], tmp_path / "pdf")
    assert pdf.stat().st_mode & 0o777 == 0o600
    words = pdf_text(pdf).split()
    names = ("Ms", "Mr", "Smith", "Jones", "Brown", "White")
    assert [w for w in words if w in names] == [
        "Ms",
        "Smith",
        "Mr",
        "Jones",
        "Ms",
        "Brown",
        "Mr",
        "White",
    ]
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["labels.pdf"]
