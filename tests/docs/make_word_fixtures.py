"""Build the field-logic fixtures of tests/data/word-templates (IF, NEXT, pictures, «…»).

Run: .venv/bin/python tests/docs/make_word_fixtures.py — the files are committed, so the
tests read the same bytes in every clone; this script says how they were made.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_helpers import FIXTURES, Field, add_field, add_simple_field, add_text, build, merge_field
from docx.document import Document


def if_greeting(doc: Document) -> None:
    """{ IF { MERGEFIELD Gender } = "F" "Dear Ms { MERGEFIELD Surname }" "Dear Mr …" }, and
    a nested IF on the country, code split over runs as Word writes it."""
    code: list[str | Field] = [" IF ", merge_field("Gender"), ' = "F" "Dear Ms ']
    code += [merge_field("Surname", bold=True), '" "Dear Mr ', merge_field("Surname", bold=True)]
    code.append('" ')
    p = doc.add_paragraph()
    add_field(p, Field(*code, shown="Dear Mr Surname"))
    add_text(p, ",")
    inner = Field(" IF ", merge_field("Country"), ' = "DE" "Wir liefern frei Haus." "" ')
    outer = Field(" IF ", merge_field("Amount"), ' >= 1000 "', inner, '" "" ', shown="")
    add_field(doc.add_paragraph(), outer)


def label_sheet(doc: Document) -> None:
    """Word's label sheet: a 3 × 2 table, each cell after the first starts with NEXT."""
    table = doc.add_table(rows=3, cols=2)
    for n, cell in enumerate(c for row in table.rows for c in row.cells):
        p = cell.paragraphs[0]
        if n:
            add_simple_field(p, " NEXT ", "«Next Record»")
        add_field(p, merge_field("Name"))
        p = cell.add_paragraph()
        add_field(p, merge_field("City"))


def pictures(doc: Document) -> None:
    """Date and number pictures, to merge in English and German."""
    p = doc.add_paragraph()
    add_field(p, Field(" MERGEFIELD Document_Date ", '\\@ "dddd, d. MMMM yyyy" ', shown="x"))
    p = doc.add_paragraph()
    add_text(p, "Total: ")
    add_field(p, Field(' MERGEFIELD Amount \\# "#,##0.00" ', shown="x"))


def guillemets(doc: Document) -> None:
    """Russian and French quotation marks around ordinary words, beside real placeholders."""
    add_text(doc.add_paragraph(), "ООО «Ромашка» приветствует «First_Name».")
    add_text(doc.add_paragraph(), "«\u00a0Bonjour\u00a0», «Merci» et «Surname».")


FIXTURE_BUILDERS = {
    "segtui_if_greeting.docx": if_greeting,
    "segtui_label_sheet_next.docx": label_sheet,
    "segtui_pictures.docx": pictures,
    "segtui_guillemets.docx": guillemets,
}


if __name__ == "__main__":
    for name, make in FIXTURE_BUILDERS.items():
        (FIXTURES / name).write_bytes(build(make))
        print(FIXTURES / name)
