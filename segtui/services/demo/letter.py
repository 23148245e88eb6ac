"""Sample Word templates for the demo database: short letters full of MERGEFIELDs."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

_FIELD = re.compile(r"«([A-Za-z_]+)»")

# One body per template kind; «Name» marks a merge field. Blank strings are empty lines.
BODIES: dict[str, tuple[str, ...]] = {
    "LETTER": (
        "«Mail_Address»",
        "",
        "«Document_Date»",
        "",
        "**«Subject»**",
        "",
        "«Formal_Salutation»",
        "",
        "Thank you for your interest in our products. With this letter we would like to "
        "tell you, «Contact_Name», and your colleagues at «Company_Name» about our spring "
        "offer.",
        "",
        "«Comment»",
        "",
        "Yours sincerely,",
        "",
        "«Salesperson_Name»",
        "«Salesperson_Job_Title»",
        "«Our_Company_Name»",
    ),
    "EMAIL": (
        "«Formal_Salutation»",
        "",
        "«Comment»",
        "",
        "We are writing to «Contact_Name» at «Company_Name» about: «Subject».",
        "",
        "Kind regards,",
        "«Salesperson_Name», «Salesperson_Email»",
        "«Document_Date»",
    ),
    "MEETING": (
        "**Meeting notes: «Subject»**",
        "",
        "Contact: «Contact_Name», «Company_Name»",
        "«Mail_Address»",
        "Date: «Document_Date»",
        "Salesperson: «Salesperson_Name»",
        "",
        "«Comment»",
    ),
    "PHONE": (
        "**Phone call: «Subject»**",
        "",
        "Called «Contact_Name» («Company_Name») on «Document_Date».",
        "Salesperson: «Salesperson_Name»",
        "",
        "«Comment»",
    ),
}

GERMAN_LETTER: tuple[str, ...] = (
    "«Mail_Address»",
    "",
    "«Document_Date»",
    "",
    "**«Subject»**",
    "",
    "«Formal_Salutation»",
    "",
    "vielen Dank für Ihr Interesse. Mit diesem Brief möchten wir Ihnen und allen bei "
    "«Company_Name» unser Frühjahrsangebot vorstellen.",
    "",
    "«Comment»",
    "",
    "Mit freundlichen Grüßen",
    "",
    "«Salesperson_Name»",
    "«Salesperson_Job_Title»",
)


def add_merge_field(paragraph: Paragraph, name: str, bold: bool = False) -> None:
    """Append a Word MERGEFIELD (the simple form) showing «name» until merged."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" MERGEFIELD {name} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    if bold:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:b"))
        run.append(props)
    text = OxmlElement("w:t")
    text.text = f"«{name}»"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _write_line(document: docx.document.Document, line: str) -> None:
    """One paragraph: plain text runs with merge fields where «Name» stands."""
    bold = line.startswith("**") and line.endswith("**")
    if bold:
        line = line[2:-2]
    paragraph = document.add_paragraph()
    position = 0
    for match in _FIELD.finditer(line):
        if match.start() > position:
            paragraph.add_run(line[position : match.start()]).bold = bold
        add_merge_field(paragraph, match.group(1), bold)
        position = match.end()
    if position < len(line):
        paragraph.add_run(line[position:]).bold = bold


def sample_letter(kind: str, language: str = "ENG") -> bytes:
    """A .docx for a demo template kind (LETTER, EMAIL, MEETING, PHONE) in a language."""
    lines = GERMAN_LETTER if (kind, language) == ("LETTER", "DEU") else BODIES[kind]
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"  # type: ignore[union-attr]
    style.font.size = Pt(11)  # type: ignore[union-attr]
    style.paragraph_format.space_after = Pt(0)  # type: ignore[union-attr]
    for line in lines:
        _write_line(document, line)
    document.core_properties.title = f"segtui demo {kind.lower()} ({language})"
    document.core_properties.author = "segtui demo"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
