"""Templates made by Word (Windows 2010, Mac 2011): every field found, filled where it stood."""

from __future__ import annotations

import pytest
from docs_helpers import FIXTURES, assert_no_merge_fields, body_lines, open_docx, xml_parts

from segtui.docs import merge_document, scan_fields

EXPECTED_FIELDS = {
    "test_winword2010.docx": [
        "Titel", "Voornaam", "Achternaam", "Adresregel_1", "Postcode", "Plaats", "Provincie",
        "Land_of_regio",
    ],
    "test_macword2011.docx": [
        "first_name", "last_name", "address_line", "postal_code", "city", "state", "country",
        "date",
    ],
    "test_footnote_header_footer.docx": [
        "fieldname", "headereven", "headerfield", "footereven", "footerfield", "headerfirst",
        "footerfirst",
    ],
    "test_spaces.docx": ["Singleword", "Hello world", "More than one space"],
    "test_issue8.docx": ["testfield"],
}  # fmt: skip


def values_for(names: list[str]) -> dict[str, str]:
    return {name: f"<{name.upper()}>" for name in names}


@pytest.mark.parametrize("template", sorted(EXPECTED_FIELDS))
def test_scan_finds_the_fields_word_wrote(template: str) -> None:
    assert scan_fields(FIXTURES / template) == EXPECTED_FIELDS[template]


@pytest.mark.parametrize("template", sorted(EXPECTED_FIELDS))
def test_merge_leaves_no_merge_field_behind(template: str) -> None:
    merged = merge_document(FIXTURES / template, values_for(EXPECTED_FIELDS[template]))
    assert_no_merge_fields(merged)


def test_winword2010_letter_reads_with_the_values() -> None:
    merged = merge_document(
        FIXTURES / "test_winword2010.docx",
        {
            "Titel": "Mevr.", "Voornaam": "Anna", "Achternaam": "de Vries",
            "Adresregel_1": "Grote Markt 1", "Postcode": "9711 LV", "Plaats": "Groningen",
            "Provincie": "Groningen", "Land_of_regio": "Nederland",
        },
    )  # fmt: skip
    lines = body_lines(merged)
    assert lines[:4] == [
        "Mevr. Anna de Vries",
        "Grote Markt 1",
        "9711 LV Groningen Groningen Nederland",
        "Groningen,",
    ]
    assert "Dear Anna," in lines


def test_winword2010_merged_letter_no_longer_asks_for_the_data_source() -> None:
    merged = merge_document(
        FIXTURES / "test_winword2010.docx", values_for(EXPECTED_FIELDS["test_winword2010.docx"])
    )
    assert "mailMerge" not in xml_parts(merged)["word/settings.xml"]


def test_macword2011_fields_keep_their_place_in_the_text() -> None:
    names = EXPECTED_FIELDS["test_macword2011.docx"]
    lines = body_lines(merge_document(FIXTURES / "test_macword2011.docx", values_for(names)))
    assert lines[:5] == [
        "<FIRST_NAME> <LAST_NAME>",
        "<ADDRESS_LINE>",
        "<POSTAL_CODE> <CITY> <STATE> <COUNTRY>",
        "Groningen, <DATE>,",
        "Dear <FIRST_NAME>,",
    ]


def test_headers_footers_and_footnote_are_filled() -> None:
    names = EXPECTED_FIELDS["test_footnote_header_footer.docx"]
    merged = merge_document(FIXTURES / "test_footnote_header_footer.docx", values_for(names))
    section = open_docx(merged).sections[0]

    def text(part: object) -> str:
        return "\n".join(p.text for p in part.paragraphs).strip()  # type: ignore[attr-defined]

    assert text(section.header) == "Header on every page: <HEADERFIELD>"
    assert text(section.first_page_header) == "Header on first page: <HEADERFIRST>"
    assert text(section.even_page_header) == "Header even: <HEADEREVEN>"
    assert text(section.footer) == "Footer on every page <FOOTERFIELD>"
    assert text(section.first_page_footer) == "Footer on first page <FOOTERFIRST>"
    assert text(section.even_page_footer) == "Footer on even page <FOOTEREVEN>"
    assert body_lines(merged)[0] == "Merge : <FIELDNAME>"
    assert "&lt;FIELDNAME&gt;" in xml_parts(merged)["word/footnotes.xml"]


def test_quoted_names_with_spaces_are_filled() -> None:
    merged = merge_document(
        FIXTURES / "test_spaces.docx",
        {"singleword": "one", "hello world": "two", "more_than_one_space": "three"},
    )
    assert body_lines(merged) == ["one", "two", "three"]


def test_field_code_padded_with_spaces_is_filled() -> None:
    merged = merge_document(FIXTURES / "test_issue8.docx", {"testfield": "padded"})
    assert body_lines(merged) == ["padded"]
