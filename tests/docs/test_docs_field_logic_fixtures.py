"""The committed field-logic fixtures (tests/data/word-templates/segtui_*.docx) merged."""

from __future__ import annotations

from docs_helpers import FIXTURES, assert_no_merge_fields, body_lines, open_docx

from segtui.docs import LanguageRecord, merge_combined, merge_document, scan_fields


def test_if_greeting() -> None:
    template = (FIXTURES / "segtui_if_greeting.docx").read_bytes()
    assert scan_fields(template) == ["Gender", "Surname", "Amount", "Country"]
    ms = {"Gender": "F", "Surname": "Smith", "Amount": "1,500", "Country": "DE"}
    mr = {"Gender": "M", "Surname": "Jones", "Amount": "999", "Country": "DE"}
    assert body_lines(merge_document(template, ms)) == ["Dear Ms Smith,", "Wir liefern frei Haus."]
    assert body_lines(merge_document(template, mr)) == ["Dear Mr Jones,"]
    assert_no_merge_fields(merge_combined(template, [ms, mr]))


def test_label_sheet() -> None:
    template = (FIXTURES / "segtui_label_sheet_next.docx").read_bytes()
    records = [{"Name": f"N{n}", "City": f"C{n}"} for n in range(8)]
    tables = open_docx(merge_combined(template, records)).tables
    cells = [[c.text for row in t.rows for c in row.cells] for t in tables]
    assert cells == [[f"N{n}\nC{n}" for n in range(6)], ["N6\nC6", "N7\nC7", *["\n"] * 4]]


def test_pictures_in_english_and_german() -> None:
    template = (FIXTURES / "segtui_pictures.docx").read_bytes()
    values = {"Document_Date": "2024-03-05", "Amount": "1234.5"}
    merged = merge_combined(
        template, [LanguageRecord(values, "ENG"), LanguageRecord(values, "DEU")]
    )
    assert body_lines(merged) == [
        "Tuesday, 5. March 2024",
        "Total: 1,234.50",
        "Dienstag, 5. März 2024",
        "Total: 1.234,50",
    ]


def test_guillemets() -> None:
    template = (FIXTURES / "segtui_guillemets.docx").read_bytes()
    assert scan_fields(template) == ["First_Name", "Surname"]
    merged = merge_document(template, {"First_Name": "Анна", "Surname": "Dupont"})
    assert body_lines(merged) == [
        "ООО «Ромашка» приветствует Анна.",
        "«\u00a0Bonjour\u00a0», «Merci» et Dupont.",
    ]
