"""Files that are not Word documents give one clear message naming the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docs_helpers import FIXTURES

from segtui.docs import merge_document, scan_fields
from segtui.domain.errors import SegtuiError


def test_a_text_file_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_text("Dear Anna,")
    with pytest.raises(SegtuiError, match=r"letter\.docx: not a Word document \(\.docx\)"):
        scan_fields(path)


def test_a_zip_without_a_document_part_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8")
    with pytest.raises(SegtuiError, match=r"photos\.docx: .*no word/document\.xml"):
        scan_fields(path)


def test_a_truncated_document_is_reported_as_damaged(tmp_path: Path) -> None:
    data = (FIXTURES / "test_spaces.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SegtuiError, match=r"cut\.docx: "):
        scan_fields(path)


def test_a_document_with_broken_xml_is_reported_as_damaged(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(FIXTURES / "test_issue8.docx") as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                content = content[:-40]
            target.writestr(name, content)
    path = tmp_path / "broken.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(SegtuiError, match=r"broken\.docx: the Word document is damaged"):
        merge_document(path, {"testfield": "x"})


def test_a_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(SegtuiError, match=r"nowhere\.docx: cannot read the file"):
        scan_fields(tmp_path / "nowhere.docx")
