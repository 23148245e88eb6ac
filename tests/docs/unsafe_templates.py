"""Word packages segtui must refuse: broken or hostile XML, zip bombs, escaping entry names.

Each is a real .docx made by python-docx with one part swapped or one entry added, so the
only thing wrong with it is the thing under test.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx

from segtui.docs.safety import MAX_DEPTH, MAX_PART_BYTES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def good_docx() -> bytes:
    """A plain letter with one field."""
    document = docx.Document()
    document.add_paragraph("Dear «First_Name»,")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rebuilt(
    replace: dict[str, bytes] | None = None,
    add: Callable[[zipfile.ZipFile], None] | None = None,
) -> bytes:
    """The good letter with some parts replaced and extra entries written by `add`."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good_docx())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        if add is not None:
            add(target)
    return out.getvalue()


def _document(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def not_xml() -> bytes:
    """document.xml that is not XML at all."""
    return rebuilt({"word/document.xml": b"this is not < XML &"})


def with_entities() -> bytes:
    """document.xml with a DTD declaring entities (billion laughs)."""
    laughs = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    body = "<w:p><w:r><w:t>&i;</w:t></w:r></w:p>"
    return rebuilt({"word/document.xml": _document(body, f"<!DOCTYPE w:document [{laughs}]>")})


def with_doctype() -> bytes:
    """document.xml with a bare DOCTYPE naming an external DTD."""
    prolog = '<!DOCTYPE w:document SYSTEM "http://example.invalid/evil.dtd">'
    return rebuilt({"word/document.xml": _document("<w:p/>", prolog)})


def nested(depth: int) -> bytes:
    """document.xml nested `depth` elements deep (inside body)."""
    body = "<w:p><w:r>" + "<w:sdt>" * depth + "</w:sdt>" * depth + "</w:r></w:p>"
    return rebuilt({"word/document.xml": _document(body)})


def too_deep() -> bytes:
    """Deeper than segtui's limit but within libxml2's own."""
    return nested(MAX_DEPTH + 10)


def very_deep() -> bytes:
    """20 000 levels deep, as in the issue."""
    return nested(20_000)


def bomb() -> bytes:
    """An extra part of 2 MB of one letter: it compresses about 1 000 times."""
    return rebuilt(add=lambda z: z.writestr("word/media/filler.xml", b"a" * (2 * 1024 * 1024)))


def huge_part() -> bytes:
    """A part that inflates past the per-part limit (written in chunks, never held whole)."""

    def add(z: zipfile.ZipFile) -> None:
        with z.open("customXml/item9.xml", "w", force_zip64=True) as part:
            chunk = bytes(range(256)) * 4096  # 1 MB that compresses poorly (ratio ~ 1)
            for _ in range(MAX_PART_BYTES // len(chunk) + 1):
                part.write(chunk)

    return rebuilt(add=add)


def escaping(name: str) -> Callable[[], bytes]:
    """A package with an extra entry called `name`."""
    return lambda: rebuilt(add=lambda z: z.writestr(name, b"owned"))


UNSAFE: dict[str, tuple[Callable[[], bytes], str]] = {
    "not-xml": (not_xml, "not well-formed XML"),
    "entities": (with_entities, "DTD or entities"),
    "doctype": (with_doctype, "DTD or entities"),
    "too-deep": (too_deep, f"deeper than {MAX_DEPTH} levels"),
    "20000-deep": (very_deep, f"deeper than {MAX_DEPTH} levels"),
    "bomb": (bomb, "inflates 1"),
    "dotdot": (escaping("../../x"), "outside the package"),
    "absolute": (escaping("/etc/x"), "outside the package"),
    "backslash": (escaping("word\\..\\..\\x"), "outside the package"),
}
