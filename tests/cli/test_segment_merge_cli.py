"""`segtui segment merge|export-letter|import-letter|clear-letter` and `interactions letter`."""

from __future__ import annotations

from pathlib import Path

import docx
import peewee as pw
import pytest

from segtui.cli.app import main
from segtui.db import models as m
from tests.docs.docs_helpers import add_simple_field, assert_no_merge_fields, build, open_docx
from tests.services.letters_helpers import (
    COMMENT,
    LETTER,
    document_text,
    make_mailing,
    paragraphs,
    store_template,
    write_settings,
)


@pytest.fixture
def seeded(
    database: pw.Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """SEG00001 with three lines on template LETTER; settings with our company."""
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    store_template("LETTER", LETTER)
    make_mailing()
    database.close()
    return db_url


def run(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    """Run one segtui command in-process; return (status, stdout, stderr)."""
    status = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    m.db.connect(reuse_if_open=True)
    return status, out, err


def test_merge_per_contact_and_combined(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters"
    status, text, err = run(capsys, seeded, "segment", "merge", "SEG00001", "--out", str(out))

    assert (status, err) == (0, "")
    assert text == f"3 letter(s) of SEG00001 written to {out}/\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "CT000001.docx",
        "CT000002.docx",
        "CT000003.docx",
    ]
    assert COMMENT.split("\n")[1] in paragraphs((out / "CT000002.docx").read_bytes())

    combined = tmp_path / "all.docx"
    status, text, _ = run(
        capsys, seeded, "segment", "merge", "SEG00001", "--out", str(combined), "--combined"
    )
    assert status == 0
    assert len(open_docx(combined.read_bytes()).sections) == 3
    assert m.LoggedSegment.select().count() == 0  # merge logs nothing


def test_merge_errors_are_one_line(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = build(lambda d: add_simple_field(d.add_paragraph(), " MERGEFIELD Hat ", "«Hat»"))
    m.Attachment.update(content=odd).execute()

    status, text, err = run(
        capsys, seeded, "segment", "merge", "SEG00001", "--out", str(tmp_path / "o")
    )
    assert (status, text) == (1, "")
    assert err == (
        "segtui: error: template LETTER (ENG): segtui cannot fill the merge field(s) Hat "
        "(map them in the template's field map, or leave them empty)\n"
    )
    status, _, _ = run(
        capsys,
        seeded,
        "segment",
        "merge",
        "SEG00001",
        "--out",
        str(tmp_path / "o"),
        "--leave-unknown-empty",
    )
    assert status == 0
    status, _, err = run(capsys, seeded, "segment", "merge", "SEG00042", "--out", "x")
    assert status == 1 and err.startswith("segtui: error: segment 'SEG00042' does not exist")


def test_export_edit_import_clear_a_unique_letter(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "anna.docx"
    status, text, _ = run(
        capsys, seeded, "segment", "export-letter", "SEG00001", "2", "--out", str(letter)
    )
    assert (status, text) == (0, f"letter of line 2 written to {letter}\n")
    assert_no_merge_fields(letter.read_bytes())
    document = docx.Document(str(letter))
    document.add_paragraph("Edited by hand.")
    document.save(str(letter))

    status, _, _ = run(capsys, seeded, "segment", "import-letter", "SEG00001", "2", str(letter))
    assert status == 0
    out = tmp_path / "out"
    status, text, _ = run(capsys, seeded, "segment", "merge", "SEG00001", "--out", str(out))
    assert status == 0
    assert "1 line(s) used their unique document as it is" in text
    assert (out / "CT000002.docx").read_bytes() == letter.read_bytes()

    status, _, _ = run(capsys, seeded, "segment", "clear-letter", "SEG00001", "2")
    assert status == 0
    status, _, err = run(capsys, seeded, "segment", "clear-letter", "SEG00001", "2")
    assert (status, err) == (
        1,
        "segtui: error: line 2 of segment SEG00001 has no unique document\n",
    )
    with pytest.raises(SystemExit) as usage:
        run(capsys, seeded, "segment", "export-letter", "SEG00001", "0", "--out", "x")
    assert usage.value.code == 2
    assert "invalid line number value: '0'" in capsys.readouterr().err


def test_interactions_letter_re_renders_the_logged_letter(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(capsys, seeded, "segment", "log", "SEG00001", "--no-send")
    assert status == 0
    entry = m.InteractionLogEntry.get(m.InteractionLogEntry.contact_no == "CT000002")
    m.Contact.update(name="Renamed").execute()
    out = tmp_path / "entry.docx"

    status, text, err = run(
        capsys, seeded, "interactions", "letter", str(entry.entry_no), "--out", str(out)
    )

    assert (status, err) == (0, "")
    assert text == f"letter of interaction log entry {entry.entry_no} written to {out}\n"
    assert "Anna Smith" in "".join(document_text(out.read_bytes()).values())
    status, _, err = run(capsys, seeded, "interactions", "letter", "999", "--out", str(out))
    assert (status, err) == (1, "segtui: error: interaction log entry 999 does not exist\n")
