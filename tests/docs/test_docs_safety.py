"""Templates segtui cannot render are refused with the reason, memory bounded, no traceback."""

from __future__ import annotations

import io
import zipfile

import pytest
from unsafe_templates import UNSAFE, good_docx, huge_part, rebuilt

from segtui.docs import check_renders, merge_combined, merge_document, scan_fields
from segtui.docs.safety import MAX_PACKAGE_BYTES, MAX_PART_BYTES
from segtui.domain.errors import InvalidInput


@pytest.mark.parametrize("kind", list(UNSAFE))
def test_unsafe_templates_are_refused_with_the_reason(kind: str) -> None:
    make, reason = UNSAFE[kind]
    data = make()
    for attempt in (
        lambda: check_renders(data, "evil.docx"),
        lambda: scan_fields(data),
        lambda: merge_document(data, {"First_Name": "Anna"}),
        lambda: merge_combined(data, [{"First_Name": "Anna"}]),
    ):
        with pytest.raises(InvalidInput, match=reason) as caught:
            attempt()
        assert "\n" not in caught.value.message


def test_a_part_past_the_size_limit_is_refused_before_it_is_inflated() -> None:
    data = huge_part()
    with pytest.raises(InvalidInput, match=f"the limit is {MAX_PART_BYTES // 2**20} MB per part"):
        check_renders(data, "big.docx")


def test_a_package_file_past_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(InvalidInput, match=f"up to {MAX_PACKAGE_BYTES // 2**20} MB"):
        check_renders(b"PK" + bytes(MAX_PACKAGE_BYTES), "huge.docx")


def test_a_header_that_lies_about_its_size_cannot_inflate_more() -> None:
    # The entry says 10 bytes; its data inflates to 1 MB. Reading stops at what it says,
    # and the mismatch is reported as damage.
    big = rebuilt(add=lambda z: z.writestr("word/extra.xml", b"<a/>" + b" " * 2**20))
    with zipfile.ZipFile(io.BytesIO(big)) as z:
        info = z.getinfo("word/extra.xml")
    raw = bytearray(big)
    at = raw.rfind(b"word/extra.xml") - 46  # its central directory entry
    assert raw[at : at + 4] == b"PK\x01\x02"
    raw[at + 24 : at + 28] = (10).to_bytes(4, "little")
    local = info.header_offset
    raw[local + 22 : local + 26] = (10).to_bytes(4, "little")
    with pytest.raises(InvalidInput, match="damaged"):
        check_renders(bytes(raw), "liar.docx")


def test_a_good_template_passes_every_check() -> None:
    assert check_renders(good_docx(), "good.docx").fields == ["First_Name"]
