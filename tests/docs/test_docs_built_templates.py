"""Templates built here, one way of writing a field each: found, filled, formatting kept."""

from __future__ import annotations

import pytest
from docs_helpers import (
    add_complex_field,
    add_simple_field,
    add_text,
    assert_no_merge_fields,
    body_lines,
    build,
    open_docx,
)
from docx.document import Document
from docx.oxml.ns import qn

from segtui.docs import MergeTemplate, check_fields, merge_document, scan_fields
from segtui.domain.errors import InvalidInput
from segtui.domain.letters import VOCABULARY


def simple_field_letter(doc: Document) -> None:
    p = doc.add_paragraph()
    add_text(p, "Dear ")
    add_simple_field(p, " MERGEFIELD First_Name \\* MERGEFORMAT ", "«First_Name»", bold=True)
    add_text(p, ",")


def test_simple_field_is_filled_and_keeps_bold() -> None:
    merged = merge_document(build(simple_field_letter), {"First_Name": "Anna"})
    paragraph = open_docx(merged).paragraphs[0]
    assert paragraph.text == "Dear Anna,"
    assert [(r.text, r.bold) for r in paragraph.runs] == [
        ("Dear ", None),
        ("Anna", True),
        (",", None),
    ]
    assert_no_merge_fields(merged)


def complex_field_letter(doc: Document) -> None:
    p = doc.add_paragraph()
    add_text(p, "Hello ")
    # Word splits codes anywhere, even inside the keyword and the name.
    add_complex_field(
        p,
        [" MERGE", "FIELD  ", '"Company', ' Name" ', "\\* MERGEFORMAT "],
        ["«Company", " Name»"],
        italic=True,
    )
    add_text(p, "!")


def test_complex_field_split_over_many_runs_is_found_and_filled() -> None:
    template = build(complex_field_letter)
    assert scan_fields(template) == ["Company Name"]
    merged = merge_document(template, {"Company_Name": "Acme Ltd"})
    paragraph = open_docx(merged).paragraphs[0]
    assert paragraph.text == "Hello Acme Ltd!"
    assert [r.italic for r in paragraph.runs if r.text == "Acme Ltd"] == [True]
    assert_no_merge_fields(merged)


def test_complex_field_without_a_shown_result_is_filled() -> None:
    def letter(doc: Document) -> None:
        add_complex_field(doc.add_paragraph(), [" MERGEFIELD City "], None)

    assert body_lines(merge_document(build(letter), {"city": "Leeds"})) == ["Leeds"]


def test_placeholders_split_across_runs_are_found_and_filled() -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "Dear «First", "_Na", "me» «Sur", "name»,")
        add_text(doc.add_paragraph(), "Your city: {", "{ Ci", "ty }", "}.")

    template = build(letter)
    assert scan_fields(template) == ["First_Name", "Surname", "City"]
    merged = merge_document(template, {"First_Name": "Anna", "Surname": "Smith", "City": "York"})
    assert body_lines(merged) == ["Dear Anna Smith,", "Your city: York."]
    assert_no_merge_fields(merged)


def test_placeholder_keeps_the_formatting_of_its_run() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_text(p, "Ref: ")
        add_text(p, "«Contact_No»", bold=True, italic=True)

    merged = merge_document(build(letter), {"Contact_No": "CT000042"})
    runs = [r for r in open_docx(merged).paragraphs[0].runs if r.text == "CT000042"]
    assert [(r.bold, r.italic) for r in runs] == [(True, True)]


def test_french_quotes_around_ordinary_text_are_not_fields() -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "Notre devise : «\u00a0Toujours plus\u00a0» «First_Name»")

    template = build(letter)
    assert scan_fields(template) == ["First_Name"]
    lines = body_lines(merge_document(template, {"first name": "Anne"}))
    assert lines == ["Notre devise : «\u00a0Toujours plus\u00a0» Anne"]


def test_multi_line_comment_becomes_separate_lines() -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "{{ Comment }}")
        add_text(doc.add_paragraph(), "Kind regards")

    comment = "Thank you for your visit.\nThe samples follow by post.\r\nSee you in May."
    merged = merge_document(build(letter), {"Comment": comment})
    assert open_docx(merged).paragraphs[0].text.split("\n") == [
        "Thank you for your visit.",
        "The samples follow by post.",
        "See you in May.",
    ]
    assert body_lines(merged)[-1] == "Kind regards"


def test_names_match_whatever_the_case_spaces_dots_or_hyphens() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_simple_field(p, ' MERGEFIELD "first name" ', "«first name»")
        add_text(p, " ")
        add_simple_field(p, " MERGEFIELD POST.CODE ", "«POST.CODE»")
        add_text(p, " «job-title»")

    merged = merge_document(
        build(letter), {"First_Name": "Anna", "post_code": "LS1 4AP", "Job Title": "Buyer"}
    )
    assert body_lines(merged) == ["Anna LS1 4AP Buyer"]


def test_fields_in_tables_headers_and_footers_are_filled() -> None:
    def letter(doc: Document) -> None:
        table = doc.add_table(rows=1, cols=2)
        add_text(table.cell(0, 0).paragraphs[0], "«Contact_Name»")
        add_simple_field(table.cell(0, 1).paragraphs[0], " MERGEFIELD Phone ", "«Phone»")
        add_text(doc.sections[0].header.paragraphs[0], "From {{Our_Company_Name}}")
        add_text(doc.sections[0].footer.paragraphs[0], "{{ Our_Phone }}")

    template = build(letter)
    assert scan_fields(template) == ["Contact_Name", "Phone", "Our_Company_Name", "Our_Phone"]
    merged = merge_document(
        template,
        {
            "Contact_Name": "Anna Smith",
            "Phone": "0113 496 0000",
            "Our_Company_Name": "Cronus Ltd",
            "Our_Phone": "020 7946 0000",
        },
    )
    document = open_docx(merged)
    row = document.tables[0].rows[0]
    assert [c.text for c in row.cells] == ["Anna Smith", "0113 496 0000"]
    assert document.sections[0].header.paragraphs[0].text == "From Cronus Ltd"
    assert document.sections[0].footer.paragraphs[0].text == "020 7946 0000"
    assert_no_merge_fields(merged)


def test_text_switches_of_a_mergefield_shape_the_value() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_simple_field(p, " MERGEFIELD City \\* Upper ", "«City»")
        add_simple_field(p, ' MERGEFIELD County \\b ", " ', "«County»")
        add_simple_field(p, ' MERGEFIELD Mobile \\b " / " ', "«Mobile»")

    merged = merge_document(build(letter), {"City": "York", "County": "N Yorks", "Mobile": ""})
    assert body_lines(merged) == ["YORK, N Yorks"]


def test_values_that_look_like_xml_are_shown_as_typed() -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "«Company_Name»")

    merged = merge_document(build(letter), {"Company_Name": "Smith & Sons <Ltd>\x01"})
    assert body_lines(merged) == ["Smith & Sons <Ltd>"]


def test_field_map_lets_templates_from_other_systems_be_used() -> None:
    def letter(doc: Document) -> None:
        add_text(doc.add_paragraph(), "«Voornaam» «Achternaam»")

    field_map = {"voornaam": "First_Name", "Achternaam": "Surname"}
    # «Name» is a field when the field map names it (else it is text in guillemets).
    template = MergeTemplate.load(build(letter), vocabulary=[*VOCABULARY, *field_map])
    known, unknown = check_fields(template.fields, ["First_Name", "Surname"], field_map)
    assert (known, unknown) == (["Voornaam", "Achternaam"], [])
    merged = merge_document(
        template, {"First_Name": "Anna", "Surname": "Smith"}, field_map=field_map
    )
    assert body_lines(merged) == ["Anna Smith"]


def test_check_fields_names_the_fields_the_vocabulary_cannot_fill() -> None:
    known, unknown = check_fields(["First Name", "Shoe_Size", "CITY"], ["first_name", "City"])
    assert known == ["First Name", "CITY"]
    assert unknown == ["Shoe_Size"]


def test_merging_with_unknown_fields_is_an_error_naming_them() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_text(p, "«First_Name» ")
        add_simple_field(p, " MERGEFIELD Shoe_Size ", "«Shoe_Size»")
        add_simple_field(p, " MERGEFIELD Hat_Size ", "«Hat_Size»")

    with pytest.raises(InvalidInput, match="Shoe_Size, Hat_Size"):
        merge_document(build(letter), {"First_Name": "Anna"})


def test_unknown_fields_can_be_left_empty() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_text(p, "Hi «First_Name»")
        add_simple_field(p, " MERGEFIELD Shoe_Size ", "«Shoe_Size»")
        add_text(p, "!")

    merged = merge_document(build(letter), {"First_Name": "Anna"}, leave_unknown_empty=True)
    assert body_lines(merged) == ["Hi Anna!"]
    assert_no_merge_fields(merged)


def test_a_parsed_template_serves_many_merges_unchanged() -> None:
    template = MergeTemplate.load(build(simple_field_letter))
    first = merge_document(template, {"First_Name": "Anna"})
    second = merge_document(template, {"First_Name": "Ben"})
    assert body_lines(first) == ["Dear Anna,"]
    assert body_lines(second) == ["Dear Ben,"]


def test_other_fields_such_as_page_numbers_are_left_alone() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_simple_field(p, " PAGE ", "1")
        add_text(p, " «City»")

    template = build(letter)
    assert scan_fields(template) == ["City"]
    merged = merge_document(template, {"City": "Leeds"})
    paragraph = open_docx(merged).paragraphs[0]._p
    assert "".join(t.text for t in paragraph.iter(qn("w:t"))) == "1 Leeds"
    assert 'w:instr=" PAGE "' in paragraph.xml
