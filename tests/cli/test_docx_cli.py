"""`segtui docx fields` and `segtui docx merge`, run as a user or a script would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest

from segtui.cli.app import main
from tests.cli.runner import segtui_process as run
from tests.docs.docs_helpers import add_simple_field

WORD_TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "word-templates"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A letter with segtui fields in the header and body, and one field segtui does not know."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "For «Contact_Name»"
    document.add_paragraph("Dear «First_Name»,")
    document.add_paragraph("{{ Comment }}")
    add_simple_field(document.add_paragraph("Your size: "), " MERGEFIELD Shoe_Size ", "«Shoe_Size»")
    path = tmp_path / "letter.docx"
    document.save(path)
    return path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_fields_json_lists_fields_and_those_segtui_cannot_fill(template: Path) -> None:
    done = run("docx", "fields", template, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "fields": ["First_Name", "Comment", "Shoe_Size", "Contact_Name"],
        "unknown": ["Shoe_Size"],
    }


def test_fields_of_a_word_made_template_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docx", "fields", str(WORD_TEMPLATES / "test_spaces.docx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["FIELD", "STATUS"]
    assert [line.rsplit(None, 1) for line in out[1:]] == [
        ["Singleword", "unknown"],
        ["Hello world", "unknown"],
        ["More than one space", "unknown"],
    ]


def test_merge_writes_one_numbered_letter_per_record(template: Path, tmp_path: Path) -> None:
    data = write_csv(
        tmp_path / "people.csv",
        [
            ["Contact_Name", "first name", "COMMENT", "Shoe_Size"],
            ["Anna Smith", "Anna", "Thanks!\nSee you soon.", "38"],
            ["../../etc/evil", "Ben", "", "44"],
        ],
    )
    out = tmp_path / "letters"
    done = run("docx", "merge", template, "--data", data, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "2 letter(s) written to" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == ["0001.docx", "0002.docx"]
    assert paragraphs(out / "0001.docx") == [
        "Dear Anna,",
        "Thanks!\nSee you soon.",
        "Your size: 38",
    ]
    second = docx.Document(str(out / "0002.docx"))
    assert second.sections[0].header.paragraphs[0].text == "For ../../etc/evil"


def test_merge_combined_writes_one_document_with_a_section_each(
    template: Path, tmp_path: Path
) -> None:
    data = tmp_path / "people.json"
    data.write_text(
        json.dumps(
            [
                {
                    "Contact_Name": "Anna Smith",
                    "First_Name": "Anna",
                    "Comment": "Hi",
                    "Shoe_Size": 38,
                },
                {
                    "Contact_Name": "Ben Jones",
                    "First_Name": "Ben",
                    "Comment": None,
                    "Shoe_Size": 44,
                },
            ]
        )
    )
    out = tmp_path / "all.docx"
    assert (
        main(["docx", "merge", str(template), "--data", str(data), "--out", str(out), "--combined"])
        == 0
    )
    document = docx.Document(str(out))
    assert [s.header.paragraphs[0].text for s in document.sections] == [
        "For Anna Smith",
        "For Ben Jones",
    ]
    assert [p.text for p in document.paragraphs if p.text] == [
        "Dear Anna,",
        "Hi",
        "Your size: 38",
        "Dear Ben,",
        "Your size: 44",
    ]


def test_merge_with_a_field_missing_from_the_data_is_refused(
    template: Path, tmp_path: Path
) -> None:
    data = write_csv(
        tmp_path / "people.csv",
        [["Contact_Name", "First_Name", "Comment"], ["Anna Smith", "Anna", ""]],
    )
    out = tmp_path / "letters"
    done = run("docx", "merge", template, "--data", data, "--out", out)
    assert done.returncode == 1
    assert done.stderr.startswith("segtui: error: ")
    assert "Shoe_Size" in done.stderr and "--leave-unknown-empty" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_merge_can_leave_missing_fields_empty(template: Path, tmp_path: Path) -> None:
    data = write_csv(
        tmp_path / "people.csv",
        [["Contact_Name", "First_Name", "Comment"], ["Anna Smith", "Anna", ""]],
    )
    out = tmp_path / "letters"
    args = ["docx", "merge", str(template), "--data", str(data), "--out", str(out)]
    assert main([*args, "--leave-unknown-empty"]) == 0
    assert paragraphs(out / "0001.docx") == ["Dear Anna,", "", "Your size: "]


def test_fields_of_a_file_that_is_not_a_docx_is_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.docx"
    bogus.write_text("just text")
    done = run("docx", "fields", bogus, "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"segtui: error: {bogus}: not a Word document (.docx): not a zip file\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.txt", "a,b", "must be .csv or .json"),
        ("people.json", "{not json", "not valid JSON"),
        ("people.json", '{"a": 1}', "list of objects"),
        ("people.csv", "", "no header row"),
        ("people.csv", "First_Name\n", "no records"),
    ],
)
def test_bad_data_files_are_named_in_a_one_line_error(
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    message: str,
) -> None:
    data = tmp_path / name
    data.write_text(content)
    args = ["docx", "merge", str(template), "--data", str(data), "--out", str(tmp_path / "o")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"segtui: error: {data}") and message in err
    assert err.count("\n") == 1


def test_merge_without_out_is_a_usage_error(template: Path, tmp_path: Path) -> None:
    done = run("docx", "merge", template, "--data", tmp_path / "x.csv")
    assert done.returncode == 2
    assert "--out" in done.stderr


def test_a_template_without_fields_merges_but_says_every_letter_is_the_same(
    tmp_path: Path,
) -> None:
    flyer = tmp_path / "flyer.docx"
    document = docx.Document()
    document.add_paragraph("Spring sale: everything must go.")
    document.save(str(flyer))
    data = write_csv(tmp_path / "people.csv", [["Name"], ["Ann"], ["Bob"], ["Cy"]])

    result = run("docx", "merge", flyer, "--data", data, "--out", tmp_path / "out")

    assert result.returncode == 0
    assert result.stderr == (
        "segtui: warning: flyer.docx has no merge fields: all 3 letters are the same\n"
    )
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3
