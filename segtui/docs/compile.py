"""Turn one part's XML into segments: fields become holes; for combined letters, ids too."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from segtui.docs.holes import W_NS, HoleMaker, Mark, RefHole, Segment, W
from segtui.docs.placeholders import replace_placeholders
from segtui.docs.wordfields import replace_complex_fields, replace_simple_fields

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Children of w:sectPr in schema order, so added ones go where Word expects them.
_SECTPR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)
NOTE_KINDS = {"footnotes": "footnote", "endnotes": "endnote"}
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _mark_drawings(root: etree._Element, holes: HoleMaker) -> None:
    """Drawing ids (wp:docPr/@id) as holes: each copy of a letter renumbers its own, since
    Word reports a document whose drawings share ids as damaged."""
    for doc_pr in root.iter(f"{{{WP_NS}}}docPr"):
        value = doc_pr.get("id") or ""
        if value.isdigit():
            doc_pr.set("id", holes.token(RefHole("drawing", value)))


def _set_section_child(sect: etree._Element, local: str, **attrs: str) -> None:
    """Set attributes on sectPr's `local` child, adding it in schema order if missing."""
    child = sect.find(f"{W}{local}")
    if child is None:
        child = etree.Element(f"{W}{local}")
        rank = _SECTPR_ORDER.index(local)
        later = [
            c
            for c in sect
            if etree.QName(c).localname in _SECTPR_ORDER
            and _SECTPR_ORDER.index(etree.QName(c).localname) > rank
        ]
        if later:
            later[0].addprevious(child)
        else:
            sect.append(child)
    for key, value in attrs.items():
        child.set(f"{W}{key}", value)


def _mark_document(root: etree._Element, holes: HoleMaker) -> None:
    """Marks around the body content and the final section; header and note ids as holes."""
    for tag in ("headerReference", "footerReference"):
        for ref in root.iter(f"{W}{tag}"):
            ref.set(R_ID, holes.token(RefHole("rel", ref.get(R_ID) or "")))
    for kind in NOTE_KINDS.values():
        for ref in root.iter(f"{W}{kind}Reference"):
            ref.set(f"{W}id", holes.token(RefHole(kind, ref.get(f"{W}id") or "")))
    # Bookmark names and ids must be unique in a document; letters copied N times would repeat
    # them, so the combined document goes without (they mark nothing a reader sees).
    for bookmark in list(root.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        parent = bookmark.getparent()
        if parent is not None:
            parent.remove(bookmark)
    body = root.find(f"{W}body")
    if body is None:
        body = etree.SubElement(root, f"{W}body")
    body.insert(0, holes.element(Mark("body")))
    last = body[-1]
    if last.tag == f"{W}sectPr":
        # Each letter starts on a new page and numbers its pages from 1.
        _set_section_child(last, "type", val="nextPage")
        _set_section_child(last, "pgNumType", start="1")
        last.addprevious(holes.element(Mark("section")))
    else:
        body.append(holes.element(Mark("section")))
    body.append(holes.element(Mark("end")))


def _mark_notes(root: etree._Element, kind: str, holes: HoleMaker) -> None:
    """The user's notes moved after the separators, between marks, their ids as holes."""
    notes = [n for n in root.findall(f"{W}{kind}") if n.get(f"{W}type") in (None, "normal")]
    for note in notes:
        root.append(note)  # moves it to the end
        note.set(f"{W}id", holes.token(RefHole(kind, note.get(f"{W}id") or "")))
    if notes:
        notes[0].addprevious(holes.element(Mark("notes")))
    else:
        root.append(holes.element(Mark("notes")))
    root.append(holes.element(Mark("end")))


def compile_part(
    root: etree._Element,
    kind: str,
    *,
    combined: bool = False,
    known: Callable[[str], bool] = lambda name: True,
) -> list[Segment]:
    """The part as segments with a hole for every merge field (and ids when `combined`).

    `known` says which «Name» / {{ Name }} texts are placeholders (Word's fields always are).
    """
    if root.nsmap.get("w") != W_NS:
        # Filled runs are written with the "w:" prefix; rebind it on a copy of the root.
        nsmap = {**{k: v for k, v in root.nsmap.items() if k != "w"}, "w": W_NS}
        new_root = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
        new_root.extend(list(root))
        root = new_root
    holes = HoleMaker()
    replace_simple_fields(root, holes)
    replace_complex_fields(root, holes)
    replace_placeholders(root, holes, known)
    _mark_drawings(root, holes)
    if combined and kind == "document":
        _mark_document(root, holes)
    elif combined and kind in NOTE_KINDS:
        _mark_notes(root, NOTE_KINDS[kind], holes)
    return holes.compile(root)
