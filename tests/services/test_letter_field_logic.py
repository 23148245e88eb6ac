"""A segment's letters from templates with IF and NEXT: combined works, per contact refused."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
import pytest

from segtui.domain.errors import Refused
from segtui.services.letters import merge
from tests.docs.docs_helpers import (
    Field,
    add_field,
    add_simple_field,
    build,
    merge_field,
    open_docx,
)
from tests.services.letters_helpers import make_mailing, store_template, write_settings


def labels(doc: object) -> None:
    """Two labels a sheet: the contact's name, "(no company)" when it has none."""
    cells = [c for row in doc.add_table(rows=1, cols=2).rows for c in row.cells]  # type: ignore[attr-defined]
    for n, cell in enumerate(cells):
        p = cell.paragraphs[0]
        if n:
            add_simple_field(p, " NEXT ", "«Next Record»")
        add_field(p, merge_field("Contact_Name"))
        code: list[str | Field] = [" IF ", merge_field("Company_Name"), ' = "" " (no company)" "" ']
        add_field(p, Field(*code))


@pytest.fixture
def mailing(database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml")))
    store_template("LETTER", build(labels))
    return make_mailing().no


def test_a_label_template_merges_combined_and_is_refused_per_contact(
    mailing: str, tmp_path: Path
) -> None:
    with pytest.raises(Refused, match="--combined"):
        merge.merge_segment(mailing, tmp_path / "each")
    assert not (tmp_path / "each").exists()
    report = merge.merge_segment(mailing, tmp_path / "labels.docx", combined=True)
    assert report.letters == 3
    tables = open_docx(report.files[0].read_bytes()).tables
    assert [[c.text for r in t.rows for c in r.cells] for t in tables] == [
        ["Acme Ltd", "Anna Smith"],
        # Bo is a company (his own company name); past the last record the fields are empty.
        ["Bo Jensen", " (no company)"],
    ]
