"""Find Word's fields (simple and complex, nested) in a part and put hole markers in their place.

A complex field is a `begin` fldChar, its code (instrText, with the codes of nested fields
in between), a `separate`, the result Word last showed, and an `end`. Fields segtui fills
(MERGEFIELD, IF, NEXT, NEXTIF, SKIPIF) lose code and cached result to a hole; the others
(PAGE, DATE, REF…) are left for Word to update.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from segtui.docs.fieldtokens import read_field
from segtui.docs.holes import (
    FieldHole,
    FillHole,
    HoleMaker,
    IfHole,
    Piece,
    TextPiece,
    W,
    rpr_xml,
)
from segtui.domain.errors import InvalidInput

_FLDCHAR, _INSTR, _RUN, _RPR, _T = f"{W}fldChar", f"{W}instrText", f"{W}r", f"{W}rPr", f"{W}t"
_P = f"{W}p"


@dataclass
class _OpenField:
    """A complex field between its `begin` and `end` fldChar runs."""

    begin: etree._Element
    pieces: list[Piece] = field(default_factory=list)
    in_result: bool = False
    result_runs: list[etree._Element] = field(default_factory=list)
    code_runs: list[etree._Element] = field(default_factory=list)
    result_text: list[str] = field(default_factory=list)


def replace_simple_fields(root: etree._Element, holes: HoleMaker) -> None:
    """Put a hole where each `w:fldSimple` segtui fills is, with its result's formatting."""
    for simple in list(root.iter(f"{W}fldSimple")):
        rpr = next((r.find(_RPR) for r in simple.iter(_RUN) if r.find(_RPR) is not None), None)
        hole = read_field([TextPiece(simple.get(f"{W}instr") or "", rpr_xml(rpr))], "")
        if hole is None:
            continue
        parent = simple.getparent()
        if parent is None:
            continue
        parent.replace(simple, holes.element(hole, rpr if isinstance(hole, FieldHole) else None))


def _formatting(f: _OpenField) -> etree._Element | None:
    """The run properties a filled field keeps: its shown result's, else its code's."""
    if f.result_runs:
        return f.result_runs[0].find(_RPR)
    for run in (*f.code_runs, f.begin):
        rpr = run.find(_RPR)
        if rpr is not None:
            return rpr
    return None


def _paragraph(run: etree._Element) -> etree._Element | None:
    node = run.getparent()
    while node is not None and node.tag != _P:
        node = node.getparent()
    return node


def _nested(f: _OpenField) -> Piece:
    """A field inside another's code, as a piece of that code."""
    hole = read_field(f.pieces, rpr_xml(_formatting(f)))
    if isinstance(hole, FieldHole | IfHole):
        return hole
    if hole is not None:
        raise InvalidInput("a NEXT, NEXTIF or SKIPIF field is nested inside another field")
    # A field segtui leaves (DATE, PAGE…) stands in the code for the result Word showed.
    return TextPiece("".join(f.result_text), rpr_xml(_formatting(f)))


def replace_complex_fields(root: etree._Element, holes: HoleMaker) -> None:
    """Put a hole where each top-level complex field segtui fills is (nested ones inside)."""
    runs = list(root.iter(_RUN))
    index = {run: i for i, run in enumerate(runs)}
    stack: list[_OpenField] = []
    done: list[tuple[_OpenField, etree._Element]] = []
    for run in runs:
        for child in run:
            if child.tag == _FLDCHAR:
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    stack.append(_OpenField(run))
                elif kind == "separate" and stack:
                    stack[-1].in_result = True
                elif kind == "end" and stack:
                    finished = stack.pop()
                    if not stack:
                        done.append((finished, run))
                    elif not stack[-1].in_result:
                        stack[-1].pieces.append(_nested(finished))
                    # A field inside another's shown result goes with that result.
            elif child.tag == _INSTR and stack and not stack[-1].in_result:
                rpr = run.find(_RPR)
                stack[-1].pieces.append(TextPiece(child.text or "", rpr_xml(rpr)))
                stack[-1].code_runs.append(run)
            elif child.tag == _T and stack and stack[-1].in_result:
                stack[-1].result_runs.append(run)
                stack[-1].result_text.append(child.text or "")
    for f, end in done:
        _replace(f, end, runs[index[f.begin] : index[end] + 1], holes)


def _replace(
    f: _OpenField, end: etree._Element, span: list[etree._Element], holes: HoleMaker
) -> None:
    """Swap a top-level field's runs (begin … end) for the hole it reads as."""
    rpr = _formatting(f)
    hole: FillHole | None = read_field(f.pieces, rpr_xml(rpr))
    if hole is None:
        return
    parent = f.begin.getparent()
    if parent is None:
        return
    if not isinstance(hole, FieldHole) and _paragraph(f.begin) is not _paragraph(end):
        raise InvalidInput(
            "an IF, NEXT, NEXTIF or SKIPIF field runs over several paragraphs; "
            "segtui fills such fields only within one paragraph"
        )
    parent.insert(
        parent.index(f.begin), holes.element(hole, rpr if isinstance(hole, FieldHole) else None)
    )
    for run in span:
        owner = run.getparent()
        if owner is not None:
            owner.remove(run)
