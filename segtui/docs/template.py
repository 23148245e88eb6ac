"""A Word template read once: its merge fields and its parts ready to be filled many times."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

from lxml import etree

from segtui.docs.compile import R_ID, compile_part
from segtui.docs.holes import FieldHole, IfHole, MoveHole, Segment, W, field_holes
from segtui.docs.package import (
    DOCUMENT_MAIN,
    FIELD_PART_TYPES,
    TEMPLATE_MAIN,
    Package,
    Relationship,
    open_package,
)
from segtui.domain.errors import InvalidInput
from segtui.domain.letters import VOCABULARY
from segtui.domain.merge_fields import normalise_field_name

CONTENT_TYPES = "[Content_Types].xml"


class MergeTemplate:
    """A .docx parsed once; every part that holds merge fields compiled into segments."""

    def __init__(self, package: Package, vocabulary: Iterable[str] | None = None) -> None:
        self.package = package
        self.label = package.label
        # «Name» and {{ Name }} count as fields only for names the merge can fill.
        words = VOCABULARY if vocabulary is None else vocabulary
        self._known = frozenset(normalise_field_name(w) for w in words)
        main = package.parse(package.main_part)
        order = [ref.get(R_ID) for ref in main.iter(f"{W}headerReference", f"{W}footerReference")]
        rank = {rid: i for i, rid in enumerate(order)}
        field_rels = [r for r in package.relationships if r.kind in FIELD_PART_TYPES]
        # Headers and footers in the order the sections name them; then the notes.
        field_rels.sort(key=lambda r: (r.kind in ("footnotes", "endnotes"), rank.get(r.rid, 99)))
        self.kinds: dict[str, str] = {package.main_part: "document"}
        self.parts: dict[str, list[Segment]] = {package.main_part: self._compile(main, "document")}
        self.header_rels: list[Relationship] = []
        for rel in field_rels:
            if rel.part not in package.members or rel.part in self.parts:
                continue
            segments = self._compile(package.parse(rel.part), rel.kind)
            self.kinds[rel.part] = rel.kind
            if any(isinstance(s, FieldHole | IfHole | MoveHole) for s in segments):
                self.parts[rel.part] = segments
                if rel.kind in ("header", "footer"):
                    self.header_rels.append(rel)
        self._combined: dict[str, list[Segment]] = {}
        self._clean_package()

    def _compile(self, root: etree._Element, kind: str, combined: bool = False) -> list[Segment]:
        """One part compiled; a field segtui cannot fill is refused, naming the template."""
        try:
            return compile_part(
                root,
                kind,
                combined=combined,
                known=lambda n: normalise_field_name(n) in self._known,
            )
        except InvalidInput as exc:
            raise InvalidInput(f"{self.label}: {exc.message}") from None

    @classmethod
    def load(
        cls,
        source: bytes | Path | MergeTemplate,
        label: str | None = None,
        vocabulary: Iterable[str] | None = None,
    ) -> MergeTemplate:
        """The template from a path or bytes (a MergeTemplate is returned as it is).

        `vocabulary` is the field names «Name» placeholders may use: segtui's by default.
        """
        if isinstance(source, MergeTemplate):
            return source
        return cls(open_package(source, label), vocabulary)

    @cached_property
    def fields(self) -> list[str]:
        """Field names in document order, each once, spelt as in the template."""
        seen: dict[str, str] = {}
        for segments in self.parts.values():
            for s in field_holes(segments):
                seen.setdefault(normalise_field_name(s.code.name), s.code.name)
        return list(seen.values())

    @cached_property
    def language(self) -> str:
        """The document's own language (its default text language, e.g. "de-DE"), or ""."""
        pkg = self.package
        for rel in pkg.relationships:
            if rel.kind == "styles" and rel.part in pkg.members:
                styles = pkg.parse(rel.part)
                lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
                if lang is not None and lang.get(f"{W}val"):
                    return str(lang.get(f"{W}val"))
        return ""

    @cached_property
    def moves(self) -> bool:
        """Whether the template moves between records (NEXT, NEXTIF, SKIPIF)."""
        return any(isinstance(s, MoveHole) for segments in self.parts.values() for s in segments)

    def combined_part(self, name: str) -> list[Segment]:
        """A part compiled for combined letters: with marks and renumberable ids."""
        if name not in self._combined:
            root = self.package.parse(name)
            self._combined[name] = self._compile(root, self.kinds[name], combined=True)
        return self._combined[name]

    def _clean_package(self) -> None:
        """Make the output an ordinary document: no data-source link, not a template type."""
        pkg = self.package
        for rel in pkg.relationships:
            if rel.kind == "settings" and rel.part in pkg.members:
                settings = pkg.parse(rel.part)
                found = settings.find(f"{W}mailMerge")
                if found is not None:
                    # Else Word asks for the mail-merge data source on opening each letter.
                    settings.remove(found)
                    pkg.replace(rel.part, _xml_bytes(settings))
        if CONTENT_TYPES in pkg.members:
            pkg.parse(CONTENT_TYPES)  # checked as every part segtui reads
            types = pkg.read(CONTENT_TYPES)
            if TEMPLATE_MAIN.encode() in types:
                pkg.replace(
                    CONTENT_TYPES, types.replace(TEMPLATE_MAIN.encode(), DOCUMENT_MAIN.encode())
                )


def _xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def check_renders(source: bytes | Path, label: str | None = None) -> MergeTemplate:
    """The template, refused with the reason unless segtui can render it per letter and combined.

    Runs every check a merge runs (package limits, XML, fields) without writing anything.
    """
    template = MergeTemplate.load(source, label)
    for name in template.kinds:
        template.combined_part(name)
    return template


def scan_fields(template: bytes | Path | MergeTemplate) -> list[str]:
    """The merge fields of a template in document order, each once, as written in it."""
    return list(MergeTemplate.load(template).fields)


def resolve_keys(names: Iterable[str], field_map: Mapping[str, str] | None) -> dict[str, str]:
    """For each template field, the normalised name of the value that fills it."""
    mapped = {normalise_field_name(k): v for k, v in (field_map or {}).items()}
    return {n: normalise_field_name(mapped.get(normalise_field_name(n), n)) for n in names}


def check_fields(
    names: Iterable[str], vocabulary: Iterable[str], field_map: Mapping[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """Split template field names into those the vocabulary can fill and those it cannot."""
    known_keys = {normalise_field_name(v) for v in vocabulary}
    known: list[str] = []
    unknown: list[str] = []
    for name, key in resolve_keys(names, field_map).items():
        (known if key in known_keys else unknown).append(name)
    return known, unknown
