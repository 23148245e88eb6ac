"""The language of a segment line reaches the merge: month names and decimal marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw
import pytest
from docx.oxml.ns import qn

from segtui.db import models as m
from segtui.services.letters import merge, render
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.letters_helpers import make_mailing, paragraphs, store_template, write_settings


def dated(doc: object) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    add_text(p, "Leeds, ")
    add_simple_field(p, ' MERGEFIELD Document_Date \\@ "d MMMM yyyy" ', "«Document_Date»")


@pytest.fixture
def mailing(database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """SEG00001 on a template that prints the letter's date in words; line 2 is German."""
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    store_template("LETTER", build(dated))
    no = make_mailing().no
    m.SegmentLine.update(date=dt.date(2024, 3, 5)).execute()
    m.SegmentLine.update(language_code="DEU").where(m.SegmentLine.line_no == 2).execute()
    return no


def test_each_line_names_the_month_in_its_own_language(mailing: str, tmp_path: Path) -> None:
    # Line 2 is German: no German document, so the English one, with German month names.
    assert paragraphs(render.render_line_letter(mailing, 1)) == ["Leeds, 5 March 2024"]
    assert paragraphs(render.render_line_letter(mailing, 2)) == ["Leeds, 5 März 2024"]
    report = merge.merge_segment(mailing, tmp_path / "all.docx", combined=True)
    assert [p for p in paragraphs(report.files[0].read_bytes()) if p] == [
        "Leeds, 5 March 2024",
        "Leeds, 5 März 2024",
        "Leeds, 5 March 2024",
    ]


def test_a_line_without_a_language_takes_the_documents_own(mailing: str, tmp_path: Path) -> None:
    def german(doc: object) -> None:
        defaults = doc.styles.element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
        defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).set(
            qn("w:val"), "de-DE"
        )
        dated(doc)

    m.InteractionTemplateLanguage.delete().execute()
    store_template("LETTER", build(german))
    m.SegmentLine.update(language_code="").where(m.SegmentLine.line_no == 1).execute()
    m.SegmentLine.update(language_code="ENG").where(m.SegmentLine.line_no == 3).execute()
    assert paragraphs(render.render_line_letter(mailing, 1)) == ["Leeds, 5 März 2024"]
    assert paragraphs(render.render_line_letter(mailing, 3)) == ["Leeds, 5 March 2024"]
    report = merge.merge_segment(mailing, tmp_path / "all.docx", combined=True)
    assert [p for p in paragraphs(report.files[0].read_bytes()) if p] == [
        "Leeds, 5 März 2024",
        "Leeds, 5 März 2024",
        "Leeds, 5 March 2024",
    ]
