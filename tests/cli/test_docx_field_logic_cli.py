"""`segtui docx fields|merge` on templates with IF and NEXT fields, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn

from tests.cli.runner import segtui_process as run
from tests.docs.docs_helpers import Field, add_field, add_simple_field, add_text, build, merge_field


def greeting(doc: Document) -> None:
    code: list[str | Field] = [" IF ", merge_field("Gender"), ' = "F" "Dear Ms ']
    code += [merge_field("Surname"), '" "Dear Mr ', merge_field("Surname"), '" ']
    add_field(doc.add_paragraph(), Field(*code, shown="Dear Mr X"))


def labels(doc: Document) -> None:
    cells = [c for row in doc.add_table(rows=2, cols=2).rows for c in row.cells]
    for n, cell in enumerate(cells):
        if n:
            add_simple_field(cell.paragraphs[0], " NEXT ", "«Next Record»")
        add_field(cell.paragraphs[0], merge_field("Surname"))


def test_fields_lists_the_fields_nested_in_an_if(tmp_path: Path) -> None:
    template = tmp_path / "greeting.docx"
    template.write_bytes(build(greeting))
    data = tmp_path / "people.csv"
    data.write_text("Gender,Surname\nF,Smith\nM,Jones\n", encoding="utf-8")
    done = run("docx", "fields", template, "--data", data, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"fields": ["Gender", "Surname"], "unknown": []}
    out = tmp_path / "letters"
    done = run("docx", "merge", template, "--data", data, "--out", out)
    assert done.returncode == 0, done.stderr
    texts = [docx.Document(str(p)).paragraphs[0].text for p in sorted(out.glob("*.docx"))]
    assert texts == ["Dear Ms Smith", "Dear Mr Jones"]


def test_a_label_sheet_merges_combined_and_is_refused_per_record(tmp_path: Path) -> None:
    template = tmp_path / "labels.docx"
    template.write_bytes(build(labels))
    data = tmp_path / "people.json"
    data.write_text(json.dumps([{"Surname": f"S{n}"} for n in range(5)]), encoding="utf-8")
    done = run("docx", "merge", template, "--data", data, "--out", tmp_path / "each")
    assert done.returncode == 1
    assert done.stderr.startswith("segtui: error: ") and "--combined" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "each").exists()
    sheet = tmp_path / "sheet.docx"
    done = run("docx", "merge", template, "--data", data, "--combined", "--out", sheet)
    assert done.returncode == 0, done.stderr
    tables = docx.Document(str(sheet)).tables
    assert [[c.text for r in t.rows for c in r.cells] for t in tables] == [
        ["S0", "S1", "S2", "S3"],
        ["S4", "", "", ""],
    ]


def test_a_fillin_field_is_refused_with_its_name(tmp_path: Path) -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "Hello")
        add_field(doc.add_paragraph(), Field(' FILLIN "Your name?" ', shown="Bob"))

    template = tmp_path / "ask.docx"
    template.write_bytes(build(letter))
    done = run("docx", "fields", template)
    assert done.returncode == 1
    assert "FILLIN" in done.stderr and "Traceback" not in done.stderr


def test_guillemet_text_survives_a_merge_with_unknown_fields_left_empty(tmp_path: Path) -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "«Ромашка» greets «Name», size «Size»")

    template = tmp_path / "quoted.docx"
    template.write_bytes(build(letter))
    data = tmp_path / "people.csv"
    data.write_text("Name\nAnna\n", encoding="utf-8")
    done = run("docx", "fields", template, "--data", data, "--json")
    assert json.loads(done.stdout) == {"fields": ["Name"], "unknown": []}
    out = tmp_path / "letters"
    done = run("docx", "merge", template, "--data", data, "--out", out, "--leave-unknown-empty")
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(out / "0001.docx")).paragraphs[0].text == (
        "«Ромашка» greets Anna, size «Size»"
    )


def test_docx_merge_writes_dates_and_numbers_in_the_language_asked(tmp_path: Path) -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_field(p, Field(' MERGEFIELD Due \\@ "d. MMMM yyyy" '))
        add_text(p, " – ")
        add_field(p, Field(' MERGEFIELD Total \\# "#,##0.00 €" '))

    template = tmp_path / "invoice.docx"
    template.write_bytes(build(letter))
    data = tmp_path / "rows.csv"
    data.write_text("Due,Total\n2024-12-24,1234.5\n", encoding="utf-8")
    out = tmp_path / "de.docx"
    done = run(
        "docx", "merge", template, "--data", data, "--combined", "--out", out, "--language", "DEU"
    )
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(out)).paragraphs[0].text == "24. Dezember 2024 – 1.234,50 €"


def test_docx_merge_uses_the_documents_own_language_by_default(tmp_path: Path) -> None:
    def letter(doc: Document) -> None:
        lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        lang.find(qn("w:rPr")).find(qn("w:lang")).set(qn("w:val"), "de-DE")
        add_field(doc.add_paragraph(), Field(' MERGEFIELD Due \\@ "d. MMMM yyyy" '))

    template = tmp_path / "brief.docx"
    template.write_bytes(build(letter))
    data = tmp_path / "rows.csv"
    data.write_text("Due\n2024-03-05\n", encoding="utf-8")
    out = tmp_path / "brief-out.docx"
    done = run("docx", "merge", template, "--data", data, "--combined", "--out", out)
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(out)).paragraphs[0].text == "5. März 2024"
    done = run(
        "docx", "merge", template, "--data", data, "--combined", "--out", out, "--language", "FRA"
    )
    assert docx.Document(str(out)).paragraphs[0].text == "5. mars 2024"
