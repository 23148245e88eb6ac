"""A merged letter as plain text: its body's paragraphs (tables included), one per line."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from segtui.domain.errors import InvalidInput

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_PART = "word/document.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _main_part(names: list[str]) -> str:
    """The main document part (always word/document.xml for Word and LibreOffice files)."""
    return (
        _BODY_PART
        if _BODY_PART in names
        else next(
            (n for n in names if n.startswith("word/") and n.endswith("document.xml")), _BODY_PART
        )
    )


def paragraph_text(paragraph: etree._Element) -> str:
    """A w:p's text: runs' text, tabs as tab characters, line breaks as newlines."""
    out: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            # w:tab is also a tab-stop definition inside paragraph properties.
            if node.getparent() is not None and node.getparent().tag == f"{_W}r":
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def letter_text(document: bytes) -> str:
    """The body of a .docx as text: paragraphs joined with newlines (nested ones skipped)."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as z:
            xml = z.read(_main_part(z.namelist()))
        root = etree.fromstring(xml, _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise InvalidInput(f"the letter is not a readable Word document ({exc})") from None
    body = root.find(f"{_W}body")
    if body is None:
        return ""
    lines = [paragraph_text(p) for p in body.iter(f"{_W}p")]
    return "\n".join(lines)
