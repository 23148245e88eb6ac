"""One combined document: a section per record, each with its own filled headers and footers."""

from __future__ import annotations

import pytest
from docs_helpers import (
    FIXTURES,
    add_text,
    assert_no_merge_fields,
    body_lines,
    build,
    open_docx,
    xml_parts,
)
from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.oxml.ns import qn

from segtui.docs import merge_combined, merge_documents
from segtui.domain.errors import InvalidInput

PEOPLE = [
    {"Contact_Name": "Anna Smith", "City": "Leeds", "Comment": "See you soon.\nBring the samples."},
    {"Contact_Name": "Ben Jones", "City": "York", "Comment": ""},
    {"Contact_Name": "Chloé Martin", "City": "Lille", "Comment": "Merci !"},
]


def letter_with_header(doc: Document) -> None:
    add_text(doc.sections[0].header.paragraphs[0], "Letter for «Contact_Name»")
    add_text(doc.sections[0].footer.paragraphs[0], "{{ City }} office")
    add_text(doc.add_paragraph(), "Dear «Contact_Name»,")
    add_text(doc.add_paragraph(), "«Comment»")


def header_text(section: object) -> str:
    return "\n".join(p.text for p in section.header.paragraphs)  # type: ignore[attr-defined]


def test_each_record_gets_its_own_section_with_its_own_header_and_footer() -> None:
    merged = merge_combined(build(letter_with_header), PEOPLE)
    document = open_docx(merged)
    assert len(document.sections) == 3
    assert [header_text(s) for s in document.sections] == [
        "Letter for Anna Smith",
        "Letter for Ben Jones",
        "Letter for Chloé Martin",
    ]
    assert [s.footer.paragraphs[0].text for s in document.sections] == [
        "Leeds office",
        "York office",
        "Lille office",
    ]
    assert_no_merge_fields(merged)


def test_each_letter_starts_on_a_new_page_and_keeps_its_lines() -> None:
    merged = merge_combined(build(letter_with_header), PEOPLE)
    document = open_docx(merged)
    assert [s.start_type for s in document.sections[1:]] == [WD_SECTION_START.NEW_PAGE] * 2
    assert body_lines(merged) == [
        "Dear Anna Smith,",
        "See you soon.\nBring the samples.",
        "Dear Ben Jones,",
        "Dear Chloé Martin,",
        "Merci !",
    ]


def test_combined_document_matches_the_separate_letters() -> None:
    template = build(letter_with_header)
    separate = [body_lines(d) for d in merge_documents(template, PEOPLE)]
    combined = body_lines(merge_combined(template, PEOPLE))
    assert combined == [line for letter in separate for line in letter]


def test_word_template_with_first_even_and_default_headers_per_record() -> None:
    names = ["fieldname", "headereven", "headerfield", "footereven", "footerfield"]
    records = [
        {**{n: f"{n}-{i}" for n in names}, "headerfirst": f"first-{i}", "footerfirst": f"ff-{i}"}
        for i in (1, 2)
    ]
    merged = merge_combined(FIXTURES / "test_footnote_header_footer.docx", records)
    document = open_docx(merged)
    assert len(document.sections) == 2
    for i, section in zip((1, 2), document.sections, strict=True):
        assert section.first_page_header.paragraphs[0].text == f"Header on first page: first-{i}"
        assert section.even_page_header.paragraphs[0].text == f"Header even: headereven-{i}"
        assert section.header.paragraphs[0].text.strip() == f"Header on every page: headerfield-{i}"
        assert section.first_page_footer.paragraphs[0].text == f"Footer on first page ff-{i}"
    # The template's section was "continuous": the letters must still not share a page.
    assert document.sections[1].start_type == WD_SECTION_START.NEW_PAGE
    footnotes = xml_parts(merged)["word/footnotes.xml"]
    assert "fieldname-1" in footnotes and "fieldname-2" in footnotes
    assert_no_merge_fields(merged)


def test_footnote_references_point_at_each_records_own_footnote() -> None:
    records = [{"fieldname": f"value-{i}"} for i in range(3)]
    merged = merge_combined(
        FIXTURES / "test_footnote_header_footer.docx", records, leave_unknown_empty=True
    )
    body = open_docx(merged).element.body
    ids = [ref.get(qn("w:id")) for ref in body.iter(qn("w:footnoteReference"))]
    assert len(ids) == 3 and len(set(ids)) == 3
    footnotes = xml_parts(merged)["word/footnotes.xml"]
    for note_id, i in zip(ids, range(3), strict=True):
        start = footnotes.index(f'<w:footnote w:id="{note_id}">')
        end = footnotes.index("</w:footnote>", start)
        assert f"value-{i}" in footnotes[start:end]


def test_each_letter_numbers_its_pages_from_one() -> None:
    merged = merge_combined(build(letter_with_header), PEOPLE)
    sections = open_docx(merged).element.body.iter(qn("w:sectPr"))
    starts = [s.find(qn("w:pgNumType")).get(qn("w:start")) for s in sections]
    assert starts == ["1", "1", "1"]


def test_combined_with_no_records_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no records"):
        merge_combined(build(letter_with_header), [])


def test_combined_with_unknown_fields_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="City"):
        merge_combined(build(letter_with_header), [{"Contact_Name": "Anna", "Comment": ""}])
