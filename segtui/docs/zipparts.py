"""Zip members kept compressed, so unchanged parts of a template are copied, not recompressed."""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_STORED, _DEFLATED = 0, 8
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_NAME = 0x800


@dataclass(frozen=True, slots=True)
class ZipMember:
    """One file of a zip archive, with its data already compressed."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes


def deflate(name: str, content: bytes, level: int = 6) -> ZipMember:
    """Compress `content` into a member called `name`."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return ZipMember(name, _DEFLATED, zlib.crc32(content), len(content), data)


def raw_member(
    archive: bytes, name: str, offset: int, method: int, crc: int, size: int, compressed_size: int
) -> ZipMember:
    """The member whose local header starts at `offset`, its bytes copied as they are stored."""
    name_len, extra_len = struct.unpack_from("<HH", archive, offset + 26)
    start = offset + _LOCAL.size + name_len + extra_len
    return ZipMember(name, method, crc, size, archive[start : start + compressed_size])


def _dos_stamp(now: float) -> tuple[int, int]:
    """Zip's two 16-bit fields for a local time (zip cannot say 1970, so clamp to 1980)."""
    t = time.localtime(now)
    year = max(t.tm_year, 1980)
    dos_time = (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2)
    dos_date = ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    return dos_time, dos_date


def write_zip(members: Iterable[ZipMember], now: float | None = None) -> bytes:
    """A zip archive holding `members` in the order given."""
    dos_time, dos_date = _dos_stamp(time.time() if now is None else now)
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        header = _LOCAL.pack(
            0x04034B50,
            20,
            flags,
            m.method,
            dos_time,
            dos_date,
            m.crc,
            len(m.data),
            m.size,
            len(name),
            0,
        )
        body += (header, name, m.data)
        central.append(
            _CENTRAL.pack(
                0x02014B50,
                20,
                20,
                flags,
                m.method,
                dos_time,
                dos_date,
                m.crc,
                len(m.data),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        offset += len(header) + len(name) + len(m.data)
        count += 1
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(body) + directory + end
