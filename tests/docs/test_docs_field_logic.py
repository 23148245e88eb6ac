"""Word's field logic: IF with nested fields, NEXT/NEXTIF/SKIPIF label sheets, refused fields."""

from __future__ import annotations

import io

import docx
import pytest
from docs_helpers import (
    Field,
    add_field,
    add_simple_field,
    add_text,
    assert_no_merge_fields,
    body_lines,
    build,
    merge_field,
    open_docx,
)
from docx.document import Document
from mailmerge import MailMerge

from segtui.docs import merge_combined, merge_document, merge_documents, scan_fields
from segtui.docs.conditions import holds
from segtui.domain.errors import InvalidInput


def if_field(
    left: Field | str, op: str, right: str, then: list[str | Field], other: list[str | Field]
) -> Field:
    """`{ IF left op right "then" "other" }` as Word writes it, results split over runs."""
    code: list[str | Field] = [" IF "]
    code.append(left)
    code.append(f' {op} {right} "')
    code += then
    code.append('" "')
    code += other
    code.append('" ')
    return Field(*code, shown="Dear Sir")


def greeting(doc: Document) -> None:
    p = doc.add_paragraph()
    add_field(
        p,
        if_field(
            merge_field("Gender"),
            "=",
            '"F"',
            ["Dear Ms ", merge_field("Surname", bold=True)],
            ["Dear Mr ", merge_field("Surname", bold=True)],
        ),
    )
    add_text(p, ",")


def test_if_picks_its_result_per_record_and_fills_fields_nested_in_it() -> None:
    template = build(greeting)
    assert scan_fields(template) == ["Gender", "Surname"]
    records = [{"Gender": "F", "Surname": "Smith"}, {"Gender": "M", "Surname": "Jones"}]
    letters = list(merge_documents(template, records))
    assert [body_lines(d) for d in letters] == [["Dear Ms Smith,"], ["Dear Mr Jones,"]]
    # The nested field keeps its own formatting; the IF's text keeps its code's.
    runs = open_docx(letters[0]).paragraphs[0].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text.strip(",")] == [
        ("Dear Ms ", False),
        ("Smith", True),
    ]
    assert_no_merge_fields(letters[0])


@pytest.mark.parametrize(
    ("value", "op", "right", "expected"),
    [
        ("100", ">=", "100", True),
        ("99", ">=", "100", False),
        ("1,250.50", ">", "1000", True),  # numbers compare as numbers …
        ("10", ">", "9", True),  # … not as text, where "10" < "9"
        ("abc", "<", "abd", True),
        ("Smith", "=", '"Sm*"', True),
        ("Smythe", "=", '"Sm?the"', True),
        ("Smith", "<>", '"Sm*"', False),
        ("smith", "=", '"Smith"', False),  # text comparison is case-sensitive, as in Word
        ("", "=", '""', True),
        ("", "<>", '""', False),
    ],
)
def test_if_compares_text_and_numbers_by_words_rules(
    value: str, op: str, right: str, expected: bool
) -> None:
    def letter(doc: Document) -> None:
        add_field(doc.add_paragraph(), if_field(merge_field("Amount"), op, right, ["yes"], ["no"]))

    merged = merge_document(build(letter), {"Amount": value})
    assert body_lines(merged) == ["yes" if expected else "no"]


def test_wildcards_match_only_a_quoted_right_side() -> None:
    assert holds("Smith", "=", "Sm*", right_quoted=True)
    assert not holds("Smith", "=", "Sm*", right_quoted=False)


def test_if_inside_if_and_a_field_in_the_condition_and_both_results() -> None:
    inner = if_field(
        merge_field("Country"),
        "=",
        '"DE"',
        ["Sehr geehrte ", merge_field("Name")],
        ["Dear ", merge_field("Name")],
    )

    def letter(doc: Document) -> None:
        add_field(
            doc.add_paragraph(),
            if_field(merge_field("Name"), "<>", '""', [inner], ["Dear customer"]),
        )

    template = build(letter)
    assert scan_fields(template) == ["Name", "Country"]
    lines = [
        body_lines(merge_document(template, r))
        for r in (
            {"Name": "Anna", "Country": "DE"},
            {"Name": "Bob", "Country": "UK"},
            {"Name": "", "Country": "DE"},
        )
    ]
    assert lines == [["Sehr geehrte Anna"], ["Dear Bob"], ["Dear customer"]]


def test_a_simple_if_field_is_evaluated() -> None:
    def letter(doc: Document) -> None:
        add_simple_field(doc.add_paragraph(), ' IF 1 = 1 "always" "never" ', "never")

    assert body_lines(merge_document(build(letter), {})) == ["always"]


LABELS = [{"Name": f"Person {n}", "City": f"City {n}"} for n in range(1, 8)]


def label_sheet(doc: Document, *, cells: int = 6, next_kind: str = " NEXT ") -> None:
    """A label sheet as Word makes it: a table, each cell after the first starts with NEXT."""
    table = doc.add_table(rows=cells // 2, cols=2)
    for n, cell in enumerate(c for row in table.rows for c in row.cells):
        p = cell.paragraphs[0]
        if n:
            add_simple_field(p, next_kind, "«Next Record»")
        add_field(p, merge_field("Name"))
        add_text(p, ", ")
        add_field(p, merge_field("City"))


def cell_texts(data: bytes) -> list[list[str]]:
    """The text of every cell, table by table."""
    return [[c.text for row in t.rows for c in row.cells] for t in open_docx(data).tables]


def test_next_fills_a_label_sheet_record_after_record_like_docx_mailmerge2() -> None:
    template = build(label_sheet)
    merged = merge_combined(template, LABELS)
    ours = cell_texts(merged)
    assert ours == [
        [f"Person {n}, City {n}" for n in range(1, 7)],
        ["Person 7, City 7", *[", "] * 5],  # past the last record the slots stay empty
    ]
    with MailMerge(io.BytesIO(template)) as theirs:
        theirs.merge_templates(LABELS, separator="nextPage_section")
        out = io.BytesIO()
        theirs.write(out)
    assert cell_texts(out.getvalue()) == ours
    assert_no_merge_fields(merged)


def test_nextif_moves_on_only_when_its_condition_holds() -> None:
    def sheet(doc: Document) -> None:
        first, second = doc.add_table(rows=1, cols=2).rows[0].cells
        add_field(first.paragraphs[0], merge_field("Name"))
        p = second.paragraphs[0]
        add_field(p, Field(" NEXTIF ", merge_field("City"), ' = "City 1" '))
        add_field(p, merge_field("Name"))

    merged = merge_combined(build(sheet), LABELS[:3])
    # Record 1 is in City 1: the second label moves on; record 2 is not: it repeats.
    assert cell_texts(merged) == [["Person 1", "Person 2"], ["Person 3", "Person 3"]]


def test_skipif_drops_the_records_it_holds_for() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_field(p, Field(" SKIPIF ", merge_field("City"), ' = "City 2" '))
        add_field(p, merge_field("Name"))

    merged = merge_combined(build(letter), LABELS[:3])
    assert body_lines(merged) == ["Person 1", "Person 3"]
    with pytest.raises(InvalidInput, match="skipped every record"):
        merge_combined(build(letter), [LABELS[1]])


def test_per_record_output_of_a_label_sheet_is_refused_with_the_way_out() -> None:
    with pytest.raises(InvalidInput, match="--combined"):
        merge_document(build(label_sheet), LABELS[0])


@pytest.mark.parametrize(
    "kind",
    [
        'FILLIN "Your name?"',
        'ASK name "Name?"',
        'INCLUDETEXT "c:\\\\x.docx"',
        'DATABASE \\d "x.mdb"',
    ],
)
def test_fields_only_word_can_fill_are_refused_by_name(kind: str) -> None:
    def letter(doc: Document) -> None:
        add_field(doc.add_paragraph(), Field(f" {kind} ", shown="old answer"))

    with pytest.raises(InvalidInput, match=kind.split()[0]):
        scan_fields(build(letter))


def test_a_merge_field_inside_a_field_segtui_leaves_is_refused() -> None:
    def letter(doc: Document) -> None:
        add_field(
            doc.add_paragraph(), Field(' HYPERLINK "mailto:', merge_field("Email"), '" ', shown="x")
        )

    with pytest.raises(InvalidInput, match="HYPERLINK"):
        scan_fields(build(letter))


def test_fields_segtui_leaves_keep_their_result() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        add_field(p, Field(" PAGE ", shown="1"))
        add_field(
            p, if_field(Field(" DATE \\@ yyyy ", shown="2024"), ">", "2000", ["new"], ["old"])
        )

    merged = merge_document(build(letter), {})
    assert body_lines(merged) == ["1new"]
    assert docx.Document(io.BytesIO(merged)).paragraphs[0].text == "1new"


def test_a_switch_split_between_runs_is_still_a_switch() -> None:
    def letter(doc: Document) -> None:
        code = [
            " IF ",
            merge_field("City"),
            " <",
            '> "" "in ',
            merge_field("City"),
            '" \\',
            "* MERGEFORMAT ",
        ]
        add_field(doc.add_paragraph(), Field(*code, shown="in Leeds"))

    template = build(letter)
    assert body_lines(merge_document(template, {"City": "York"})) == ["in York"]
    assert body_lines(merge_document(template, {"City": ""})) == []


def test_an_if_with_mergeformat_keeps_the_formatting_of_its_shown_result() -> None:
    def letter(doc: Document) -> None:
        p = doc.add_paragraph()
        # The code is plain; the result Word last showed is bold (the user formatted it).
        add_field(p, Field(" IF 1 = 1 ", '"Welcome" "" \\* MERGEFORMAT ', shown="Welcome"))
        next(r for r in p.runs if r.text == "Welcome").bold = True

    runs = open_docx(merge_document(build(letter), {})).paragraphs[0].runs
    assert [(r.text, r.bold) for r in runs] == [("Welcome", True)]


def test_moves_in_a_header_do_not_move_the_records() -> None:
    def letter(doc: Document) -> None:
        header = doc.sections[0].header.paragraphs[0]
        add_field(header, Field(" SKIPIF ", merge_field("Name"), ' = "B" '))
        add_simple_field(header, " NEXT ", "«Next Record»")
        add_field(header, merge_field("Name"))
        add_field(doc.add_paragraph(), merge_field("Name"))

    merged = open_docx(merge_combined(build(letter), [{"Name": "A"}, {"Name": "B"}]))
    assert [s.header.paragraphs[0].text for s in merged.sections] == ["A", "B"]
    assert [p.text for p in merged.paragraphs if p.text] == ["A", "B"]
