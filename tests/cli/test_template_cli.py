"""`segtui template list|show|import` as a user or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from segtui.db.models import Attachment
from segtui.services.templates.templates import create_template
from tests.cli.runner import Result, Run, invoke


@pytest.fixture
def run(database: object, db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process, with two templates set up."""
    create_template("LETTER", "Sales letter", correspondence_type_default="hard_copy")
    create_template("EMAIL", "Sales e-mail")

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


def word_file(tmp_path: Path) -> Path:
    """A real .docx made with python-docx."""
    document = docx.Document()
    document.add_paragraph("Dear customer")
    path = tmp_path / "spring.docx"
    document.save(str(path))
    return path


def test_list_json_has_the_documented_keys(run: Run) -> None:
    result = run("template", "list", "--json")
    assert result.status == 0
    document = json.loads(result.out)
    assert [t["code"] for t in document] == ["EMAIL", "LETTER"]
    assert document[1] == {
        "code": "LETTER",
        "description": "Sales letter",
        "group_code": "",
        "correspondence_type_default": "hard_copy",
    }


def test_list_as_a_table(run: Run) -> None:
    lines = run("template", "list").out.splitlines()
    assert lines[0].split() == ["Code", "Description", "Group", "Corr.", "type"]
    assert lines[2].split() == ["LETTER", "Sales", "letter", "hard_copy"]


def test_import_then_show(run: Run, tmp_path: Path) -> None:
    path = word_file(tmp_path)
    imported = run("template", "import", "LETTER", str(path), "--subject", "Spring offer")
    size = path.stat().st_size
    assert imported.status == 0
    assert imported.out == (
        f"imported spring.docx ({size} bytes) as LETTER for the default language\n"
    )
    shown = run("template", "show", "LETTER", "--json")
    document = json.loads(shown.out)
    assert document["code"] == "LETTER"
    assert document["languages"] == [
        {
            "language_code": "",
            "subject": "Spring offer",
            "filename": "spring.docx",
            "size": size,
            "sha256": Attachment.get().sha256,
            "attachment_id": Attachment.get().id,
        }
    ]
    table = run("template", "show", "LETTER").out
    assert "Correspondence type        hard_copy" in table
    assert f"(default)  spring.docx  {size}" in table


def test_show_of_an_unknown_template_is_one_line(run: Run) -> None:
    result = run("template", "show", "NOPE", "--json")
    assert (result.status, result.out) == (1, "")
    assert result.err == "segtui: error: template 'NOPE' does not exist\n"


def test_importing_a_file_that_is_not_docx_fails_cleanly(
    run: Run, db_url: str, tmp_path: Path
) -> None:
    fake = tmp_path / "letter.docx"
    fake.write_text("not a word file", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "segtui",
            "--db",
            db_url,
            "template",
            "import",
            "LETTER",
            str(fake),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "segtui: error: letter.docx: not a Word document (.docx): not a zip file\n"
    )
    assert json.loads(run("template", "show", "LETTER", "--json").out)["languages"] == []
