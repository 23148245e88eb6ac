"""The limits a Word package must keep before segtui reads it, so memory stays bounded.

Checked before anything is inflated or parsed: the file's size, how many entries it has,
their names (none may leave the package), each entry's declared size and compression
ratio (zip bombs), and the total. Parts are then read through a bounded stream and
parsed without DTDs, entities, network or lxml's huge-tree mode, and no deeper than
MAX_DEPTH elements.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from segtui.domain.errors import InvalidInput

MAX_PACKAGE_BYTES = 64 * 1024 * 1024  # the .docx file itself
MAX_ENTRIES = 5_000
MAX_PART_BYTES = 64 * 1024 * 1024  # any one entry, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all entries together, uncompressed
# Text compresses about 5-30 times; a zip bomb far more. Small entries may compress well.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024
MAX_DEPTH = 200  # elements inside one another; Word's documents stay well under 60
_DRIVE = re.compile(r"^[A-Za-z]:")

XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
)
# The path that selects an element MAX_DEPTH + 1 levels down: found means too deep.
_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_size(label: str, size: int) -> None:
    """Refuse a package file larger than MAX_PACKAGE_BYTES before reading it."""
    if size > MAX_PACKAGE_BYTES:
        raise InvalidInput(
            f"{label}: the Word document is {_mb(size)}; segtui reads templates of up to "
            f"{_mb(MAX_PACKAGE_BYTES)}"
        )


def _bad_name(name: str) -> bool:
    """Whether an entry name would leave the package (absolute, a drive, `..`, NUL)."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    parts = name.replace("\\", "/").split("/")
    return ".." in parts or posixpath.normpath(name.replace("\\", "/")).startswith("..")


def check_entries(label: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse entries with unsafe names, duplicates, too many, or too large when inflated."""
    if len(infos) > MAX_ENTRIES:
        raise InvalidInput(
            f"{label}: the Word document has {len(infos)} entries; the limit is {MAX_ENTRIES}"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _bad_name(name):
            raise InvalidInput(
                f"{label}: the Word document holds an entry named {name[:80]!r} that points "
                "outside the package"
            )
        if name in seen:
            raise InvalidInput(f"{label}: the Word document holds {name[:80]!r} twice")
        seen.add(name)
        if info.file_size > MAX_PART_BYTES:
            raise InvalidInput(
                f"{label}: {name[:80]} inflates to {_mb(info.file_size)}; "
                f"the limit is {_mb(MAX_PART_BYTES)} per part"
            )
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InvalidInput(
                f"{label}: {name[:80]} inflates {info.file_size // max(info.compress_size, 1)} "
                f"times (from {info.compress_size:,} bytes); the limit is {MAX_RATIO} times"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InvalidInput(
            f"{label}: the Word document inflates to {_mb(total)}; the limit is "
            f"{_mb(MAX_TOTAL_BYTES)}"
        )


def read_bounded(archive: zipfile.ZipFile, name: str) -> bytes:
    """An entry's content, never more than MAX_PART_BYTES whatever its header claims."""
    with archive.open(name) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise InvalidInput(f"{name} inflates past {_mb(MAX_PART_BYTES)}")
    return data


def _dtd(label: str, name: str) -> InvalidInput:
    return InvalidInput(
        f"{label}: {name} declares a DTD or entities, which Word documents never do"
    )


def parse_xml(label: str, name: str, data: bytes) -> etree._Element:
    """A part's XML, refused with the reason if it is broken, has a DTD or nests too deep."""
    # Refused before parsing: libxml2 would still read the declarations (entity expansion).
    if any(mark in data for mark in _DOCTYPE_MARKS):
        raise _dtd(label, name)
    try:
        root = etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise InvalidInput(
                f"{label}: {name} nests elements deeper than {MAX_DEPTH} levels"
            ) from None
        raise InvalidInput(
            f"{label}: the Word document is damaged: {name} is not well-formed XML ({exc})"
        ) from None
    except (ValueError, MemoryError) as exc:
        raise InvalidInput(f"{label}: {name} cannot be read as XML ({exc})") from None
    if root is None:
        raise InvalidInput(f"{label}: {name} is empty")
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _dtd(label, name)
    if _TOO_DEEP(root):
        raise InvalidInput(f"{label}: {name} nests elements deeper than {MAX_DEPTH} levels")
    return root
