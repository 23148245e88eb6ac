"""«…» is a field only when it names one: quotation marks in ordinary text are left as written."""

from __future__ import annotations

from docs_helpers import add_text, body_lines, build
from docx.document import Document

from segtui.docs import MergeTemplate, merge_combined, merge_document, scan_fields


def quoted(doc: Document) -> None:
    add_text(doc.add_paragraph(), "Компания «Ромашка» благодарит ", "«First", "_Name»", ".")
    add_text(doc.add_paragraph(), "Il a dit «\u00a0Bonjour\u00a0» et «Merci».")
    add_text(doc.add_paragraph(), "Our product «Sunshine» and {{ Surname }} and {{ Mood }}")


EXPECTED = [
    "Компания «Ромашка» благодарит Anna.",
    "Il a dit «\u00a0Bonjour\u00a0» et «Merci».",
    "Our product «Sunshine» and Smith and {{ Mood }}",
]


def test_guillemet_text_is_kept_and_known_names_are_filled() -> None:
    template = build(quoted)
    assert scan_fields(template) == ["First_Name", "Surname"]
    record = {"First_Name": "Anna", "Surname": "Smith"}
    assert body_lines(merge_document(template, record)) == EXPECTED


def test_leave_unknown_empty_never_deletes_quoted_words() -> None:
    record = {"First_Name": "Anna", "Surname": "Smith"}
    merged = merge_document(build(quoted), record, leave_unknown_empty=True)
    assert body_lines(merged) == EXPECTED
    assert body_lines(merge_combined(build(quoted), [record], leave_unknown_empty=True)) == EXPECTED


def test_a_data_files_columns_make_their_names_fields() -> None:
    template = MergeTemplate.load(build(quoted), vocabulary=["First_Name", "Sunshine", "Mood"])
    assert template.fields == ["First_Name", "Sunshine", "Mood"]
    merged = merge_document(template, {"First_Name": "Anna", "Sunshine": "☀", "Mood": "good"})
    assert body_lines(merged)[2] == "Our product ☀ and {{ Surname }} and good"
