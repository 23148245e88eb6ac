"""Format switches: date and number pictures in the letter's language, and case switches."""

from __future__ import annotations

import pytest
from docs_helpers import Field, add_field, add_text, body_lines, build, open_docx
from docx.document import Document

from segtui.docs import LanguageRecord, merge_combined, merge_document
from segtui.docs.fieldcode import parse_mergefield
from segtui.docs.pictures import format_date, format_number, locale_for


def picture_letter(doc: Document) -> None:
    """Word's shapes: the picture quoted, the code split over runs, the result bold."""
    p = doc.add_paragraph()
    add_text(p, "Date: ")
    add_field(
        p,
        Field(
            " MERGEFIELD Document_Date ", '\\@ "d MMMM yyyy" ', shown="«Document_Date»", bold=True
        ),
    )
    p = doc.add_paragraph()
    add_text(p, "Total: ")
    add_field(p, Field(" MERGEFIELD Amount \\# ", '"#,##0.00 €"', shown="«Amount»"))
    p = doc.add_paragraph()
    add_field(p, Field(' MERGEFIELD Document_Date \\@ "dddd, d. MMMM yyyy" '))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ENG", ["Date: 5 March 2024", "Total: 1,234.50 €", "Tuesday, 5. March 2024"]),
        ("DEU", ["Date: 5 März 2024", "Total: 1.234,50 €", "Dienstag, 5. März 2024"]),
        ("FRA", ["Date: 5 mars 2024", "Total: 1\u202f234,50 €", "mardi, 5. mars 2024"]),
    ],
)
def test_date_and_number_pictures_in_the_letters_language(
    language: str, expected: list[str]
) -> None:
    record = {"Document_Date": "2024-03-05", "Amount": "1234.5"}
    merged = merge_document(build(picture_letter), record, language=language)
    assert body_lines(merged) == expected
    # The field's result keeps its formatting.
    runs = open_docx(merged).paragraphs[0].runs
    assert [bool(r.bold) for r in runs if "2024" in r.text] == [True]


def test_each_record_of_a_combined_merge_takes_its_own_language() -> None:
    records = [
        LanguageRecord({"Document_Date": "2024-03-05", "Amount": "2"}, "ENG"),
        LanguageRecord({"Document_Date": "2024-12-24", "Amount": "3.999"}, "DEU"),
    ]
    lines = body_lines(merge_combined(build(picture_letter), records))
    assert lines == [
        "Date: 5 March 2024",
        "Total:    2.00 €",  # Word shows a space for each # without a digit
        "Tuesday, 5. March 2024",
        "Date: 24 Dezember 2024",
        "Total:    4,00 €",
        "Dienstag, 24. Dezember 2024",
    ]


@pytest.mark.parametrize(
    ("value", "picture", "expected"),
    [
        ("2024-03-05", "dd.MM.yy", "05.03.24"),
        ("2024-03-05", "d/M/yyyy", "5/3/2024"),
        ("2024-03-05", "ddd d MMM", "Tue 5 Mar"),
        ("2024-03-05", "'Week of' MMMM", "Week of March"),
        ("2024-03-05T14:07:00", "HH:mm", "14:07"),
        ("2024-03-05T14:07:00", "h:mm AM/PM", "2:07 PM"),
        ("next Tuesday", "d MMMM yyyy", "next Tuesday"),  # not a date: as it is, as Word does
        ("", "d MMMM yyyy", ""),
    ],
)
def test_date_pictures(value: str, picture: str, expected: str) -> None:
    assert format_date(value, picture, "ENG") == expected


@pytest.mark.parametrize(
    ("value", "picture", "expected"),
    [
        ("1234.5", "#,##0.00", "1,234.50"),
        ("1234.567", "0.00", "1234.57"),
        ("7", "00.00", "07.00"),
        ("15", "$###", "$ 15"),  # Word's own example
        ("-1234.5", "#,##0.00;(#,##0.00)", "(1,234.50)"),
        ("-80", "-##", "-80"),
        ("5", "-##", "  5"),
        ("10", "+##", "+10"),
        ("-3", "0.0", "-3.0"),
        ("2.5", "0.##", "2.5"),
        ("0", "0.00;-0.00;'nil'", "nil"),
        ("12", "0 'pieces'", "12 pieces"),
        ("1,250", "#,##0", "1,250"),
        ("twelve", "0.00", "twelve"),
    ],
)
def test_number_pictures(value: str, picture: str, expected: str) -> None:
    assert format_number(value, picture, "ENG") == expected


def test_a_german_made_picture_reads_its_comma_as_the_decimal_point() -> None:
    assert format_number("1234.5", "#.##0,00", "DEU") == "1.234,50"


@pytest.mark.parametrize(
    ("code", "language"),
    [("ENG", "en"), ("DEU", "de"), ("GER", "de"), ("FRA", "fr"), ("ENU", "en"), ("DES", "de")],
)
def test_language_codes_map_to_locales(code: str, language: str) -> None:
    assert locale_for(code).language == language


def test_an_unknown_or_empty_language_is_english() -> None:
    assert locale_for("").language == "en"
    assert locale_for("XXQ").language == "en"


@pytest.mark.parametrize(
    ("switch", "expected"),
    [("Upper", "NEW YORK"), ("Lower", "new york"), ("Caps", "New York"), ("FirstCap", "New york")],
)
def test_case_switches(switch: str, expected: str) -> None:
    code = parse_mergefield(f" MERGEFIELD City \\* {switch} ")
    assert code is not None and code.apply("new york") == expected


def test_switches_combine_picture_then_text_around() -> None:
    code = parse_mergefield(' MERGEFIELD Due \\@ "MMMM" \\* Upper \\b "in " \\f "!" ')
    assert code is not None and code.apply("2024-07-01", "DEU") == "in JULI!"
