"""Find «Name» and {{ Name }} placeholders, even split over runs, and put holes in their place."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from segtui.docs.fieldcode import MergeFieldCode
from segtui.docs.holes import FieldHole, HoleMaker, W

_P, _R, _RPR, _T = f"{W}p", f"{W}r", f"{W}rPr", f"{W}t"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# «Name» is written without inner spaces, as Word shows fields; French quotes around text
# use (no-break) spaces inside, so «\u00a0Bonjour\u00a0» is not taken for a field.
PLACEHOLDER = re.compile(r"«([^\W\d][\w.\- ]{0,79}?)»|\{\{\s*([^\W\d][\w.\- ]{0,79}?)\s*\}\}")


def _paragraph_texts(p: etree._Element) -> list[etree._Element]:
    """The w:t elements of paragraph `p` itself (not of paragraphs nested in its text boxes)."""
    own = []
    for t in p.iter(_T):
        node = t.getparent()
        while node is not None and node.tag != _P:
            node = node.getparent()
        if node is p:
            own.append(t)
    return own


def _new_run_like(run: etree._Element) -> etree._Element:
    new = etree.Element(_R)
    rpr = run.find(_RPR)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    return new


def _split_text(t: etree._Element, at: int) -> None:
    """Cut `t` in two at character `at`; the second half goes into a w:t right after it."""
    text = t.text or ""
    tail = etree.Element(_T)
    tail.text = text[at:]
    tail.set(_XML_SPACE, "preserve")
    t.text = text[:at]
    t.set(_XML_SPACE, "preserve")
    t.addnext(tail)


def _isolate(t: etree._Element) -> etree._Element:
    """Give `t` a run of its own (same formatting) and return that run."""
    run = t.getparent()
    assert run is not None
    content = [c for c in run if c.tag != _RPR]
    i = content.index(t)
    if i > 0:
        head = _new_run_like(run)
        for c in content[:i]:
            head.append(c)
        run.addprevious(head)
    if i < len(content) - 1:
        rest = _new_run_like(run)
        for c in content[i + 1 :]:
            rest.append(c)
        run.addnext(rest)
    return run


def _cut_at(texts: list[etree._Element], pos: int) -> None:
    """Make `pos` (an offset in the paragraph's text) fall between two w:t elements."""
    offset = 0
    for t in texts:
        length = len(t.text or "")
        if offset < pos < offset + length:
            _split_text(t, pos - offset)
            return
        offset += length


def _replace_one(p: etree._Element, start: int, end: int, name: str, holes: HoleMaker) -> None:
    _cut_at(_paragraph_texts(p), start)
    _cut_at(_paragraph_texts(p), end)
    covered = []
    offset = 0
    for t in _paragraph_texts(p):
        length = len(t.text or "")
        if start <= offset and offset + length <= end and length:
            covered.append(t)
        offset += length
    if not covered:
        return
    runs = [_isolate(t) for t in covered]
    runs[0].addprevious(holes.element(FieldHole(MergeFieldCode(name)), runs[0].find(_RPR)))
    for run in runs:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def replace_placeholders(
    root: etree._Element, holes: HoleMaker, known: Callable[[str], bool]
) -> None:
    """Put a hole where each «Name» / {{ Name }} placeholder is, with its first run's formatting.

    Only names `known` (the vocabulary, or a data file's columns) are placeholders: other
    text in guillemets («Ромашка», French quotes) is ordinary text and stays as written.
    """
    for p in list(root.iter(_P)):
        text = "".join(t.text or "" for t in _paragraph_texts(p))
        if "«" not in text and "{{" not in text:
            continue
        # Right to left, so the offsets of the matches not yet replaced stay valid.
        for m in reversed(list(PLACEHOLDER.finditer(text))):
            name = (m.group(1) or m.group(2)).strip()
            if not known(name):
                continue
            _replace_one(p, m.start(), m.end(), name, holes)
