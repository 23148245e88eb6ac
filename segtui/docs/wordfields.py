"""Find Word MERGEFIELDs (simple and complex) in a part and put hole markers in their place."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from segtui.docs.fieldcode import parse_mergefield
from segtui.docs.holes import FieldHole, HoleMaker, W

_FLDCHAR, _INSTR, _RUN, _RPR, _T = f"{W}fldChar", f"{W}instrText", f"{W}r", f"{W}rPr", f"{W}t"


@dataclass
class _OpenField:
    """A complex field between its `begin` and `end` fldChar runs."""

    begin: etree._Element
    code: list[str] = field(default_factory=list)
    in_result: bool = False
    result_runs: list[etree._Element] = field(default_factory=list)
    code_runs: list[etree._Element] = field(default_factory=list)


def replace_simple_fields(root: etree._Element, holes: HoleMaker) -> None:
    """Put a hole where each `w:fldSimple MERGEFIELD` is, with its result's formatting."""
    for simple in list(root.iter(f"{W}fldSimple")):
        code = parse_mergefield(simple.get(f"{W}instr") or "")
        if code is None:
            continue
        rpr = next((r.find(_RPR) for r in simple.iter(_RUN) if r.find(_RPR) is not None), None)
        parent = simple.getparent()
        if parent is None:
            continue
        parent.replace(simple, holes.element(FieldHole(code), rpr))


def _formatting(f: _OpenField) -> etree._Element | None:
    """The run properties a filled field keeps: its shown result's, else its code's."""
    if f.result_runs:
        return f.result_runs[0].find(_RPR)
    for run in (*f.code_runs, f.begin):
        rpr = run.find(_RPR)
        if rpr is not None:
            return rpr
    return None


def replace_complex_fields(root: etree._Element, holes: HoleMaker) -> None:
    """Put a hole where each top-level complex MERGEFIELD (begin … separate … end) is."""
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
                    # Fields nested in another field's code (IF … MERGEFIELD …) are Word's to
                    # evaluate; only fields standing on their own are filled.
                    if not stack:
                        done.append((finished, run))
            elif child.tag == _INSTR and stack and not stack[-1].in_result:
                stack[-1].code.append(child.text or "")
                stack[-1].code_runs.append(run)
            elif child.tag == _T and len(stack) == 1 and stack[-1].in_result:
                stack[-1].result_runs.append(run)
    for f, end in done:
        code = parse_mergefield("".join(f.code))
        if code is None:
            continue
        parent = f.begin.getparent()
        if parent is None:
            continue
        parent.insert(parent.index(f.begin), holes.element(FieldHole(code), _formatting(f)))
        for run in runs[index[f.begin] : index[end] + 1]:
            owner = run.getparent()
            if owner is not None:
                owner.remove(run)
