"""`template import` and `docx fields|merge` refuse templates segtui cannot render."""

from __future__ import annotations

from pathlib import Path

import pytest

from segtui.db.models import Attachment, InteractionTemplateLanguage
from segtui.services.templates.templates import create_template
from tests.cli.runner import Result, Run, invoke, segtui_process
from tests.docs.unsafe_templates import UNSAFE, good_docx


@pytest.fixture
def run(database: object, db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process, with template LETTER set up."""
    create_template("LETTER", "Sales letter", correspondence_type_default="hard_copy")

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


@pytest.mark.parametrize("kind", list(UNSAFE))
def test_import_refuses_what_cannot_render_and_stores_nothing(
    run: Run, tmp_path: Path, kind: str
) -> None:
    make, reason = UNSAFE[kind]
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(make())
    result = run("template", "import", "LETTER", str(path))
    assert result.status == 1
    assert result.err.startswith("segtui: error: ") and reason in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert Attachment.select().count() == 0
    assert InteractionTemplateLanguage.select().count() == 0


def test_reimporting_a_good_document_replaces_nothing_when_the_bad_one_was_refused(
    run: Run, tmp_path: Path
) -> None:
    good = tmp_path / "good.docx"
    good.write_bytes(good_docx())
    assert run("template", "import", "LETTER", str(good)).status == 0
    bad = tmp_path / "bad.docx"
    bad.write_bytes(UNSAFE["bomb"][0]())
    assert run("template", "import", "LETTER", str(bad)).status == 1
    assert [a.filename for a in Attachment.select()] == ["good.docx"]


@pytest.mark.parametrize("kind", ["not-xml", "entities", "20000-deep", "bomb", "dotdot"])
def test_docx_commands_refuse_them_in_one_line(tmp_path: Path, kind: str) -> None:
    make, reason = UNSAFE[kind]
    path = tmp_path / "evil.docx"
    path.write_bytes(make())
    data = tmp_path / "people.csv"
    data.write_text("First_Name\nAnna\n", encoding="utf-8")
    out = tmp_path / "out"
    for args in (
        ["docx", "fields", str(path)],
        ["docx", "merge", str(path), "--data", str(data), "--out", str(out)],
        ["docx", "merge", str(path), "--data", str(data), "--combined", "--out", f"{out}.docx"],
    ):
        done = segtui_process(*args)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("segtui: error: ") and reason in done.stderr
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert not out.exists() and not Path(f"{out}.docx").exists()
