"""A part's XML compiled once into text pieces and holes, so each record is a string join."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from segtui.docs.fieldcode import MergeFieldCode

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_HOLE_NS = "urn:segtui:merge-hole"
_HOLE = f"{{{_HOLE_NS}}}hole"


@dataclass(frozen=True, slots=True)
class FieldHole:
    """Where a merge field was: filled with a run carrying the field's formatting (`rpr`)."""

    code: MergeFieldCode
    rpr: str = ""


@dataclass(frozen=True, slots=True)
class RefHole:
    """An attribute value that each copy of a part may renumber (header r:id, footnote w:id)."""

    kind: str  # "rel", "footnote" or "endnote"
    value: str


@dataclass(frozen=True, slots=True)
class Mark:
    """A named position in a part (where the body starts, where the final section starts…)."""

    name: str


@dataclass(frozen=True, slots=True)
class TextPiece:
    """Literal text written in a field's code (an IF's result), with its run's formatting."""

    text: str
    rpr: str = ""


@dataclass(frozen=True, slots=True)
class Operand:
    """One argument of an IF, NEXTIF or SKIPIF: text and nested fields, quoted or not."""

    pieces: tuple[Piece, ...] = ()
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    """`left op right` as Word compares them (op is one of = <> < <= > >=)."""

    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True, slots=True)
class IfHole:
    """Where an IF field was: filled with `then` or `other`, whichever the condition picks."""

    condition: Condition
    then: Operand
    other: Operand


@dataclass(frozen=True, slots=True)
class MoveHole:
    """Where a NEXT, NEXTIF or SKIPIF field was: it moves the merge on to another record."""

    kind: str  # "next", "nextif" or "skipif"
    condition: Condition | None = None


Piece = TextPiece | FieldHole | IfHole
FillHole = FieldHole | IfHole | MoveHole
Hole = FieldHole | IfHole | MoveHole | RefHole | Mark
Segment = str | Hole


def field_holes(items: Iterable[object]) -> Iterator[FieldHole]:
    """Every MERGEFIELD among `items` (segments or pieces), also those nested in IFs."""
    for s in items:
        if isinstance(s, FieldHole):
            yield s
        elif isinstance(s, IfHole):
            for operand in (s.condition.left, s.condition.right, s.then, s.other):
                yield from field_holes(operand.pieces)
        elif isinstance(s, MoveHole) and s.condition is not None:
            yield from field_holes(s.condition.left.pieces)
            yield from field_holes(s.condition.right.pieces)


class HoleMaker:
    """Puts hole markers into a tree and remembers what each one stands for."""

    def __init__(self) -> None:
        self.specs: list[Hole] = []

    def element(self, spec: FillHole | Mark, rpr: etree._Element | None = None) -> etree._Element:
        """A marker element to put in the tree where a field or mark is."""
        marker = etree.Element(_HOLE, nsmap={"segtuihole": _HOLE_NS})
        marker.set("i", str(len(self.specs)))
        if rpr is not None:
            marker.append(copy.deepcopy(rpr))
        self.specs.append(spec)
        return marker

    def token(self, spec: RefHole) -> str:
        """A marker to put in an attribute value (private-use characters never occur in ids)."""
        self.specs.append(spec)
        return f"\ue000{len(self.specs) - 1}\ue001"

    def compile(self, root: etree._Element) -> list[Segment]:
        """The serialised tree cut at every marker: text pieces and holes in document order."""
        xml = etree.tostring(root, encoding="unicode")
        segments: list[Segment] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n']
        pos = 0
        for m in _MARKER.finditer(xml):
            segments.append(xml[pos : m.start()])
            index = m.group(1) or m.group(3)
            spec = self.specs[int(index)]
            if isinstance(spec, FieldHole):
                spec = FieldHole(spec.code, m.group(2) or "")
            segments.append(spec)
            pos = m.end()
        segments.append(xml[pos:])
        return [s for s in segments if s != ""]


_MARKER = re.compile(
    r'<segtuihole:hole\b[^>]*?\bi="(\d+)"[^>]*?(?:/>|>(.*?)</segtuihole:hole>)|\ue000(\d+)\ue001',
    re.DOTALL,
)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def rpr_xml(rpr: etree._Element | None) -> str:
    """Run properties as XML text for a filled run (the w: prefix is the part root's)."""
    if rpr is None:
        return ""
    return etree.tostring(rpr, encoding="unicode").replace(f' xmlns:w="{W_NS}"', "", 1)


def escape_text(text: str) -> str:
    """Text safe inside an XML element (characters XML cannot hold are dropped)."""
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_xml(rpr: str, text: str) -> str:
    """A w:r with formatting `rpr` showing `text`; newlines become line breaks, tabs tabs."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = [rpr]
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for k, chunk in enumerate(line.split("\t")):
            if k:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape_text(chunk)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def render(
    segments: list[Segment],
    field: Callable[[FillHole], str],
    ref: Callable[[RefHole], str] | None = None,
) -> str:
    """The part's XML with every field filled by `field` and every reference mapped by `ref`.

    `field` may move to another record (NEXT): the holes are filled strictly in order."""
    out: list[str] = []
    for s in segments:
        if type(s) is str:
            out.append(s)
        elif type(s) is RefHole:
            out.append(ref(s) if ref is not None else s.value)
        elif type(s) is not Mark:
            out.append(field(s))  # type: ignore[arg-type]
    return "".join(out)
