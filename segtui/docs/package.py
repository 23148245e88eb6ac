"""Open a .docx as its zip members and find the parts that may hold merge fields."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from segtui.docs.safety import (
    MAX_PACKAGE_BYTES,
    check_entries,
    check_size,
    parse_xml,
    read_bounded,
)
from segtui.docs.zipparts import ZipMember, deflate, raw_member
from segtui.domain.errors import InvalidInput
from segtui.paths import read_regular_file

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Relationship types (their last path segment) whose parts can carry merge fields.
FIELD_PART_TYPES = ("header", "footer", "footnotes", "endnotes")
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class Relationship:
    """One relationship of the main document part (to a header, footer, notes, styles…)."""

    rid: str
    kind: str
    part: str
    type_uri: str


@dataclass
class Package:
    """A Word package: its members (compressed, in order) and where the document parts are."""

    label: str
    members: dict[str, ZipMember]
    main_part: str
    relationships: list[Relationship] = field(default_factory=list)
    _archive: zipfile.ZipFile | None = None
    _replaced: dict[str, bytes] = field(default_factory=dict)

    def read(self, name: str) -> bytes:
        """The uncompressed content of one member."""
        if name in self._replaced:
            return self._replaced[name]
        assert self._archive is not None
        try:
            return read_bounded(self._archive, name)
        except InvalidInput as exc:
            raise InvalidInput(f"{self.label}: {exc.message}") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as exc:
            raise InvalidInput(f"{self.label}: the Word document is damaged ({name})") from exc

    def parse(self, name: str) -> etree._Element:
        """The parsed XML of one member (checked: no DTD, not too deep, well-formed)."""
        return parse_xml(self.label, name, self.read(name))

    def rels_name(self, part: str) -> str:
        """The name of the relationships member that belongs to `part`."""
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def replace(self, name: str, content: bytes) -> None:
        """Swap one member's content (it is compressed once, here)."""
        self._replaced[name] = content
        self.members[name] = deflate(name, content)


def _label(source: bytes | Path, label: str | None) -> str:
    if label is not None:
        return label
    return str(source) if isinstance(source, Path) else "the template"


def _resolve(base_part: str, target: str) -> str:
    """A relationship target as a member name (targets are relative to the source part)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _relationships(pkg: Package, part: str) -> list[Relationship]:
    """The internal relationships of `part` ("" for the package itself)."""
    name = pkg.rels_name(part) if part else "_rels/.rels"
    if name not in pkg.members:
        return []
    rels = []
    for rel in pkg.parse(name).iter(f"{{{RELS_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        type_uri = rel.get("Type") or ""
        target = _resolve(part, rel.get("Target", ""))
        rels.append(
            Relationship(rel.get("Id") or "", type_uri.rsplit("/", 1)[-1], target, type_uri)
        )
    return rels


def open_package(source: bytes | Path, label: str | None = None) -> Package:
    """Open a .docx (or .dotx/.docm) and check it is a Word document; errors name the file."""
    label = _label(source, label)
    try:
        if isinstance(source, Path):
            data = read_regular_file(source, MAX_PACKAGE_BYTES, label)
        else:
            check_size(label, len(source))
            data = bytes(source)
    except OSError as exc:
        raise InvalidInput(f"{label}: cannot read the file ({exc.strerror})") from exc
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InvalidInput(f"{label}: not a Word document (.docx): not a zip file") from exc
    check_entries(label, infos)  # names, sizes and ratios, before anything is inflated
    members: dict[str, ZipMember] = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise InvalidInput(f"{label}: the Word document is encrypted")
        try:
            members[info.filename] = raw_member(
                data,
                info.filename,
                info.header_offset,
                info.compress_type,
                info.CRC,
                info.file_size,
                info.compress_size,
            )
        except Exception as exc:  # a truncated header: struct.error, IndexError
            raise InvalidInput(f"{label}: the Word document is damaged") from exc
    try:
        damaged = archive.testzip()  # checks every member's CRC, so no broken part is copied
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise InvalidInput(f"{label}: the Word document is damaged") from exc
    if damaged is not None:
        raise InvalidInput(f"{label}: the Word document is damaged ({damaged})")
    pkg = Package(label, members, "word/document.xml", _archive=archive)
    for rel in _relationships(pkg, ""):
        if rel.kind == "officeDocument":
            pkg.main_part = rel.part
    if pkg.main_part not in members:
        raise InvalidInput(f"{label}: not a Word document (.docx): it has no {pkg.main_part}")
    for name, member in members.items():
        if member.method not in (0, 8):  # e.g. deflate64: recompress so any reader copes
            pkg.replace(name, pkg.read(name))
    pkg.relationships = _relationships(pkg, pkg.main_part)
    return pkg
