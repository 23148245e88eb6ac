"""Merge a template with records into ONE .docx: a section per record, with its own headers."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from segtui.docs.compile import NOTE_KINDS
from segtui.docs.holes import Mark, RefHole, Segment, render
from segtui.docs.package import RELS_NS, XML_PARSER
from segtui.docs.template import CONTENT_TYPES, MergeTemplate
from segtui.docs.values import FieldFiller
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


def _with_last(records: Iterable[Record]) -> Iterator[tuple[int, Record, bool]]:
    """Each record with its position and whether it is the last one."""
    it = iter(records)
    try:
        current = next(it)
    except StopIteration:
        return
    i = 0
    for following in it:
        yield i, current, False
        current, i = following, i + 1
    yield i, current, True


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

    def _ref(self, hole: RefHole) -> str:
        if hole.kind == "rel":
            return self._rids.get(hole.value, hole.value)
        if hole.kind in self.notes and hole.value.isdigit():
            return str(int(hole.value) + self._i * self.notes[hole.kind].stride)
        return hole.value

    def _header_parts(self, i: int) -> None:
        """Fill each header/footer with fields for record `i`; copies after the first record."""
        pkg = self.tpl.package
        self._rids = {}
        for rel in self.tpl.header_rels:
            xml = render(self.tpl.parts[rel.part], self.filler.fill).encode("utf-8")
            if i == 0:
                self.filled[rel.part] = deflate(rel.part, xml)
                continue
            stem, ext = posixpath.splitext(rel.part)
            name = f"{stem}_{i + 1:04d}{ext}"
            rid = f"rIdSegtui{i + 1}x{rel.rid}"
            self._rids[rel.rid] = rid
            self.new_members.append(deflate(name, xml))
            rels = pkg.members.get(pkg.rels_name(rel.part))
            if rels is not None:  # images or links of the header: same targets
                self.new_members.append(
                    ZipMember(pkg.rels_name(name), rels.method, rels.crc, rels.size, rels.data)
                )
            target = posixpath.relpath(name, posixpath.dirname(pkg.main_part))
            self.new_rels.append((rid, rel.type_uri, target))
            self.new_types.append((name, rel.part))

    def add(self, i: int, record: Record, last: bool) -> None:
        """Append record `i` as its own section."""
        self.filler.use(record)
        self._i = i
        self._header_parts(i)
        self.out_body.append(render(self.body, self.filler.fill, self._ref))
        section = render(self.section, self.filler.fill, self._ref)
        if not last:
            # A section break per letter; a template without sections gets a page break.
            inner = f"<w:pPr>{section}</w:pPr>" if section else '<w:r><w:br w:type="page"/></w:r>'
            section = f"<w:p>{inner}</w:p>"
        self.out_body.append(section)
        for notes in self.notes.values():
            notes.written.append(render(notes.notes, self.filler.fill, self._ref))

    def finish(self) -> bytes:
        """The combined .docx."""
        pkg = self.tpl.package

        def text(segments: list[Segment]) -> str:
            return render(segments, self.filler.fill, self._ref)

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
        rels = etree.fromstring(pkg.read(rels_name), XML_PARSER)
        for rid, type_uri, target in self.new_rels:
            etree.SubElement(
                rels, f"{{{RELS_NS}}}Relationship", Id=rid, Type=type_uri, Target=target
            )
        self.filled[rels_name] = deflate(rels_name, _xml(rels))
        types = etree.fromstring(pkg.read(CONTENT_TYPES), XML_PARSER)
        overrides = {o.get("PartName"): o.get("ContentType") for o in types}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types}
        for name, original in self.new_types:
            ext = posixpath.splitext(original)[1].lstrip(".")
            ctype = overrides.get(f"/{original}") or defaults.get(ext) or ""
            etree.SubElement(types, f"{{{_CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype)
        self.filled[CONTENT_TYPES] = deflate(CONTENT_TYPES, _xml(types))


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def merge_combined(
    template: bytes | Path | MergeTemplate,
    records: Iterable[Record],
    *,
    field_map: Mapping[str, str] | None = None,
    leave_unknown_empty: bool = False,
) -> bytes:
    """One .docx holding every record's letter, each in its own section (own headers/footers)."""
    tpl = MergeTemplate.load(template)
    writer = _CombinedWriter(tpl, FieldFiller(tpl, field_map, leave_unknown_empty))
    count = 0
    for i, record, last in _with_last(records):
        writer.add(i, record, last)
        count += 1
    if not count:
        raise InvalidInput("there are no records to merge")
    return writer.finish()
