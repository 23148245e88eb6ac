"""Per-record merges never mix with older files; every file written is 0600, folders 0700."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import peewee as pw
import pytest

from segtui.cli.app import main
from segtui.db import models as m
from tests.cli.runner import segtui_process as run
from tests.docs.docs_helpers import build
from tests.services.letters_helpers import LETTER, make_mailing, store_template, write_settings


@pytest.fixture
def merge_input(tmp_path: Path) -> tuple[Path, Path]:
    template = tmp_path / "letter.docx"
    template.write_bytes(build(lambda d: d.add_paragraph("Dear «Name»")))
    data = tmp_path / "people.csv"
    data.write_text("Name\nAnna\nBen\n", encoding="utf-8")
    return template, data


def test_a_folder_with_other_files_is_refused_unless_overwrite(
    merge_input: tuple[Path, Path], tmp_path: Path
) -> None:
    template, data = merge_input
    out = tmp_path / "letters"
    out.mkdir()
    for name in ("0001.docx", "0003.docx"):
        (out / name).write_bytes(b"an older letter")
    done = run("docx", "merge", template, "--data", data, "--out", out)
    assert done.returncode == 1
    assert done.stderr.startswith("segtui: error: ") and "--overwrite" in done.stderr
    assert "already holds 2 file(s)" in done.stderr
    assert (out / "0001.docx").read_bytes() == b"an older letter"  # nothing changed

    done = run("docx", "merge", template, "--data", data, "--out", out, "--overwrite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "replaced 1 existing file(s) of the same name",
        "1 other file(s) already in the folder were left as they were",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["0001.docx", "0002.docx", "0003.docx"]
    assert (out / "0001.docx").read_bytes() != b"an older letter"
    assert (out / "0003.docx").read_bytes() == b"an older letter"


def test_merged_files_are_0600_and_new_folders_0700(
    merge_input: tuple[Path, Path], tmp_path: Path
) -> None:
    template, data = merge_input
    out = tmp_path / "new" / "letters"
    assert run("docx", "merge", template, "--data", data, "--out", out).returncode == 0
    assert {p.stat().st_mode & 0o777 for p in out.iterdir()} == {0o600}
    assert (out.stat().st_mode & 0o777, out.parent.stat().st_mode & 0o777) == (0o700, 0o700)
    combined = tmp_path / "fresh" / "all.docx"
    done = run("docx", "merge", template, "--data", data, "--combined", "--out", combined)
    assert done.returncode == 0, done.stderr
    assert combined.stat().st_mode & 0o777 == 0o600
    assert combined.parent.stat().st_mode & 0o777 == 0o700


def test_pdfs_are_written_0600_too(merge_input: tuple[Path, Path], tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    template, data = merge_input
    out = tmp_path / "letters"
    done = run("docx", "merge", template, "--data", data, "--out", out, "--pdf")
    assert done.returncode == 0, done.stderr
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == {n: 0o600 for n in ("0001.docx", "0002.docx", "0001.pdf", "0002.pdf")}


def test_segment_merge_per_contact_refuses_a_used_folder(
    database: pw.Database,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    store_template("LETTER", LETTER)
    make_mailing()
    database.close()
    out = tmp_path / "letters"
    out.mkdir()
    (out / "CT000009.docx").write_bytes(b"old")
    assert main(["--db", db_url, "segment", "merge", "SEG00001", "--out", str(out)]) == 1
    assert "already holds 1 file(s)" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["CT000009.docx"]
    m.db.connect(reuse_if_open=True)
    args = ["--db", db_url, "segment", "merge", "SEG00001", "--out", str(out), "--overwrite"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "1 other file(s) already in the folder were left as they were" in printed
    assert len(list(out.iterdir())) == 4
    assert all(
        os.stat(p).st_mode & 0o777 == 0o600 for p in out.iterdir() if p.name != "CT000009.docx"
    )
