"""A merged letter as HTML (for an email body), converted from the .docx by mammoth.

mammoth maps Word's paragraphs, headings, bold/italic, lists and tables to plain semantic
HTML and drops what an email client cannot show (page layout, headers and footers).
"""

from __future__ import annotations

import html
import io

import mammoth

_PAGE = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
    "<body>\n{body}\n</body></html>\n"
)


def letter_html(document: bytes, title: str = "") -> str:
    """The letter in `document` (.docx bytes) as a whole HTML page, UTF-8."""
    result = mammoth.convert_to_html(io.BytesIO(document))
    return _PAGE.format(title=html.escape(title), body=str(result.value))
