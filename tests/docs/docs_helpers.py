"""Helpers for the docs tests: build small templates, read merged documents as a user would."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

# Real Word templates from other projects, kept in the repository (see their README).
FIXTURES = Path(__file__).resolve().parent.parent / "data" / "word-templates"


def _rpr(bold: bool = False, italic: bool = False) -> str:
    inner = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def add_text(p: Paragraph, *pieces: str, bold: bool = False, italic: bool = False) -> None:
    """Append each piece as its own run (as Word does when it splits text)."""
    for piece in pieces:
        p._p.append(
            parse_xml(
                f"<w:r {nsdecls('w')}>{_rpr(bold, italic)}"
                f'<w:t xml:space="preserve">{piece}</w:t></w:r>'
            )
        )


def add_simple_field(p: Paragraph, instr: str, shown: str, *, bold: bool = False) -> None:
    """Append a `w:fldSimple` field with its shown result."""
    p._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="{escape(instr, {chr(34): "&quot;"})}">'
            f"<w:r>{_rpr(bold)}"
            f"<w:t>{shown}</w:t></w:r></w:fldSimple>"
        )
    )


def add_complex_field(
    p: Paragraph,
    code_pieces: list[str],
    shown_pieces: list[str] | None,
    *,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """Append a complex field: begin, the code over several instrText runs, result runs, end."""

    def run(inner: str, props: str = "") -> None:
        p._p.append(parse_xml(f"<w:r {nsdecls('w')}>{props}{inner}</w:r>"))

    run('<w:fldChar w:fldCharType="begin"/>')
    for piece in code_pieces:
        run(f'<w:instrText xml:space="preserve">{piece}</w:instrText>')
    if shown_pieces is not None:
        run('<w:fldChar w:fldCharType="separate"/>')
        for piece in shown_pieces:
            run(f'<w:t xml:space="preserve">{piece}</w:t>', _rpr(bold, italic))
    run('<w:fldChar w:fldCharType="end"/>')


def save(document: Document) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build(fill: Callable[[Document], object]) -> bytes:
    """A template made by `fill(document)` on a new python-docx document, as .docx bytes."""
    document = docx.Document()
    fill(document)
    return save(document)


def open_docx(data: bytes) -> Document:
    """The merged document re-opened with python-docx."""
    return docx.Document(io.BytesIO(data))


def body_lines(data: bytes) -> list[str]:
    """The non-empty paragraph texts of the body (tables excluded)."""
    return [p.text for p in open_docx(data).paragraphs if p.text.strip()]


def xml_parts(data: bytes) -> dict[str, str]:
    """Every XML part of the package by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


_FIELD_LEFT = re.compile(r"MERGEFIELD|<w:fldChar|<w:instrText|<w:fldSimple|«|\{\{")


def assert_no_merge_fields(data: bytes) -> None:
    """No field code, field character or placeholder is left in any part."""
    for name, xml in xml_parts(data).items():
        if name.startswith("word/"):
            found = _FIELD_LEFT.search(xml)
            assert found is None, f"{name} still has {found.group(0) if found else ''}"


class Field:
    """A complex field for `add_field`: its code pieces, its shown result, its formatting."""

    def __init__(self, *code: str | Field, shown: str = "", bold: bool = False) -> None:
        self.code = list(code)
        self.shown = shown
        self.bold = bold

    def runs(self) -> list[str]:
        """The field's w:r elements: begin, code (nested fields inline), separate, result, end."""
        props = _rpr(self.bold)
        out = [f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>']
        for piece in self.code:
            if isinstance(piece, Field):
                out += piece.runs()
            else:
                code = f'<w:instrText xml:space="preserve">{escape(piece)}</w:instrText>'
                out.append(f"<w:r>{props}{code}</w:r>")
        out.append(f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>')
        if self.shown:
            out.append(f'<w:r>{props}<w:t xml:space="preserve">{escape(self.shown)}</w:t></w:r>')
        out.append(f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')
        return out


def merge_field(name: str, *, bold: bool = False) -> Field:
    """A MERGEFIELD as Word writes it: code split over runs, «Name» shown."""
    return Field(" MERGE", f"FIELD {name} ", "\\* MERGEFORMAT ", shown=f"«{name}»", bold=bold)


def add_field(p: Paragraph, field: Field) -> None:
    """Append a (nested) complex field to paragraph `p`."""
    for run in field.runs():
        p._p.append(parse_xml(run.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
