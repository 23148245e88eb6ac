"""Merge a template with records into ONE .docx: a section per record, with its own headers."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from segtui.docs.compile import NOTE_KINDS
from segtui.docs.holes import Mark, RefHole, Segment, render
from segtui.docs.package import FIELD_PART_TYPES, RELS_NS, Package
from segtui.docs.template import CONTENT_TYPES, MergeTemplate
from segtui.docs.values import FieldFiller, SkipRecord
from segtui.docs.zipparts import ZipMember, deflate, write_zip
from segtui.domain.errors import InvalidInput

Record = Mapping[str, object]
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _split(segments: list[Segment], *marks: str) -> list[list[Segment]]:
    """The segments cut at the named marks, in order: len(marks) + 1 pieces."""
    pieces: list[list[Segment]] = [[]]
    wanted = list(marks)
    for s in segments:
        if isinstance(s, Mark) and wanted and s.name == wanted[0]:
            wanted.pop(0)
            pieces.append([])
        else:
            pieces[-1].append(s)
    if wanted:
        raise AssertionError(f"mark {wanted[0]} missing")  # compile_part always writes them
    return pieces


class _Records:
    """The records of a merge, read one at a time (NEXT reads on from the same place)."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._it = iter(records)

    def next(self) -> Record | None:
        """The next record, or None after the last one."""
        return next(self._it, None)


@dataclass
class _Notes:
    """One notes part (footnotes or endnotes): its pieces and the notes written so far."""

    name: str
    kind: str
    head: list[Segment]
    notes: list[Segment]
    tail: list[Segment]
    stride: int
    written: list[str] = field(default_factory=list)


class _CombinedWriter:
    """Builds the combined document record by record."""

    def __init__(self, tpl: MergeTemplate, filler: FieldFiller) -> None:
        self.tpl = tpl
        self.filler = filler
        pkg = tpl.package
        self.head, self.body, self.section, self.tail = _split(
            tpl.combined_part(pkg.main_part), "body", "section", "end"
        )
        self.notes: dict[str, _Notes] = {}
        for rel in pkg.relationships:
            if rel.kind in NOTE_KINDS and rel.part in pkg.members:
                head, notes, tail = _split(tpl.combined_part(rel.part), "notes", "end")
                ids = [int(s.value) for s in notes if isinstance(s, RefHole) and s.value.isdigit()]
                kind = NOTE_KINDS[rel.kind]
                self.notes[kind] = _Notes(
                    rel.part, kind, head, notes, tail, max(ids, default=0) + 1
                )
        self.out_body: list[str] = []
        self.new_members: list[ZipMember] = []
        self.new_rels: list[tuple[str, str, str]] = []  # id, type, target
        self.new_types: list[tuple[str, str]] = []  # part name, original part name
        self.filled: dict[str, ZipMember] = {}
        self._i = 0
        self._rids: dict[str, str] = {}
        self._pending: tuple[str, str] | None = None
        # Every drawing written is numbered on from the largest id in the template, so no
        # copy's ids meet another's or those of the parts all copies share.
        self._drawing_id = _largest_drawing_id(pkg)

    def _ref(self, hole: RefHole) -> str:
        if hole.kind == "drawing":
            self._drawing_id += 1
            return str(self._drawing_id)
        if hole.kind == "rel":
            return self._rids.get(hole.value, hole.value)
        if hole.kind in self.notes and hole.value.isdigit():
            return str(int(hole.value) + self._i * self.notes[hole.kind].stride)
        return hole.value

    def _header_rids(self, i: int) -> None:
        """The relationship ids copy `i` gives its headers and footers (the first keeps its)."""
        self._rids = {}
        if i:
            for rel in self.tpl.header_rels:
                self._rids[rel.rid] = f"rIdSegtui{i + 1}x{rel.rid}"

    def _header_parts(self, i: int) -> None:
        """Fill each header/footer with fields for copy `i`; copies after the first one."""
        pkg = self.tpl.package
        for rel in self.tpl.header_rels:
            xml = render(self.tpl.parts[rel.part], self.filler.fill, self._ref).encode("utf-8")
            if i == 0:
                self.filled[rel.part] = deflate(rel.part, xml)
                continue
            stem, ext = posixpath.splitext(rel.part)
            name = f"{stem}_{i + 1:04d}{ext}"
            self.new_members.append(deflate(name, xml))
            rels = pkg.members.get(pkg.rels_name(rel.part))
            if rels is not None:  # images or links of the header: same targets
                self.new_members.append(
                    ZipMember(pkg.rels_name(name), rels.method, rels.crc, rels.size, rels.data)
                )
            target = posixpath.relpath(name, posixpath.dirname(pkg.main_part))
            self.new_rels.append((self._rids[rel.rid], rel.type_uri, target))
            self.new_types.append((name, rel.part))

    def add(self, i: int, first: Record, records: _Records) -> bool:
        """Write copy `i` of the template, starting with record `first`; False if skipped.

        NEXT and NEXTIF in the body take further records from `records` (label sheets);
        a SKIPIF that holds drops the copy so far, and the next record starts a new one.
        """
        self._i = i
        self._header_rids(i)
        self.filler.use(first)
        start = self.filler.snapshot()
        self.filler.feed(records.next)
        try:
            body = render(self.body, self.filler.fill, self._ref)
        except SkipRecord:
            return False
        finally:
            self.filler.feed(None)
        section = render(self.section, self.filler.fill, self._ref)
        notes = [render(n.notes, self.filler.fill, self._ref) for n in self.notes.values()]
        self.filler.restore(start)  # headers and footers show the copy's first record
        self._header_parts(i)
        self._close_previous()
        self._pending = (body, section)
        for part, text in zip(self.notes.values(), notes, strict=True):
            part.written.append(text)
        return True

    def _close_previous(self, last: bool = False) -> None:
        """Write the copy before this one, ended by its section break unless it is the last."""
        if self._pending is None:
            return
        body, section = self._pending
        self._pending = None
        self.out_body.append(body)
        if not last:
            # A section break per letter; a template without sections gets a page break.
            inner = f"<w:pPr>{section}</w:pPr>" if section else '<w:r><w:br w:type="page"/></w:r>'
            section = f"<w:p>{inner}</w:p>"
        self.out_body.append(section)

    def finish(self) -> bytes:
        """The combined .docx."""
        pkg = self.tpl.package

        def text(segments: list[Segment]) -> str:
            return render(segments, self.filler.fill, self._ref)

        self._close_previous(last=True)
        document = text(self.head) + "".join(self.out_body) + text(self.tail)
        self.filled[pkg.main_part] = deflate(pkg.main_part, document.encode("utf-8"))
        for notes in self.notes.values():
            xml = text(notes.head) + "".join(notes.written) + text(notes.tail)
            self.filled[notes.name] = deflate(notes.name, xml.encode("utf-8"))
        if self.new_rels:
            self._register_new_parts()
        members = [self.filled.get(n, m) for n, m in pkg.members.items()]
        return write_zip([*members, *self.new_members])

    def _register_new_parts(self) -> None:
        """Add the header/footer copies to the document's relationships and content types."""
        pkg = self.tpl.package
        rels_name = pkg.rels_name(pkg.main_part)
        rels = pkg.parse(rels_name)
        for rid, type_uri, target in self.new_rels:
            etree.SubElement(
                rels, f"{{{RELS_NS}}}Relationship", Id=rid, Type=type_uri, Target=target
            )
        self.filled[rels_name] = deflate(rels_name, _xml(rels))
        types = pkg.parse(CONTENT_TYPES)
        overrides = {o.get("PartName"): o.get("ContentType") for o in types}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types}
        for name, original in self.new_types:
            ext = posixpath.splitext(original)[1].lstrip(".")
            ctype = overrides.get(f"/{original}") or defaults.get(ext) or ""
            etree.SubElement(types, f"{{{_CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype)
        self.filled[CONTENT_TYPES] = deflate(CONTENT_TYPES, _xml(types))


_DOC_PR_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\bid=\"(\d+)\"")


def _largest_drawing_id(pkg: Package) -> int:
    """The largest drawing id in the document, its headers, footers and notes (0 for none)."""
    parts = [pkg.main_part, *(r.part for r in pkg.relationships if r.kind in FIELD_PART_TYPES)]
    found = [0]
    for name in dict.fromkeys(parts):
        if name in pkg.members:
            found += [int(n) for n in _DOC_PR_ID.findall(pkg.read(name))]
    return max(found)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def merge_combined(
    template: bytes | Path | MergeTemplate,
    records: Iterable[Record],
    *,
    field_map: Mapping[str, str] | None = None,
    leave_unknown_empty: bool = False,
    language: str = "",
) -> bytes:
    """One .docx holding every record's letter, each in its own section (own headers/footers).

    A template with NEXT (a label sheet) fills several records into one copy of itself."""
    tpl = MergeTemplate.load(template)
    writer = _CombinedWriter(tpl, FieldFiller(tpl, field_map, leave_unknown_empty, language))
    source = _Records(records)
    count = seen = 0
    while (first := source.next()) is not None:
        seen += 1
        count += writer.add(count, first, source)
    if not seen:
        raise InvalidInput("there are no records to merge")
    if not count:
        raise InvalidInput(f"{tpl.label}: its SKIPIF field skipped every record; nothing to write")
    return writer.finish()
