"""Merge a template with records: one .docx per record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from segtui.docs.holes import render
from segtui.docs.template import MergeTemplate
from segtui.docs.values import FieldFiller
from segtui.docs.zipparts import deflate, write_zip
from segtui.domain.errors import InvalidInput

Record = Mapping[str, object]


def merge_documents(
    template: bytes | Path | MergeTemplate,
    records: Iterable[Record],
    *,
    field_map: Mapping[str, str] | None = None,
    leave_unknown_empty: bool = False,
    language: str = "",
) -> Iterator[bytes]:
    """One filled .docx per record; the template is parsed once for all of them.

    `language` (ENG, DEU…) names months and days in date pictures and sets the decimal
    marks of number pictures; a `LanguageRecord` brings its own."""
    tpl = MergeTemplate.load(template)
    if tpl.moves:
        raise InvalidInput(
            f"{tpl.label}: the template moves from record to record (NEXT, NEXTIF or SKIPIF), "
            "as label sheets do; merge it into one document with --combined"
        )
    filler = FieldFiller(tpl, field_map, leave_unknown_empty, language)
    members = tpl.package.members
    for record in records:
        filler.use(record)
        filled = {
            name: deflate(name, render(segments, filler.fill).encode("utf-8"))
            for name, segments in tpl.parts.items()
        }
        yield write_zip(filled.get(name, member) for name, member in members.items())


def merge_document(
    template: bytes | Path | MergeTemplate,
    values: Record,
    *,
    field_map: Mapping[str, str] | None = None,
    leave_unknown_empty: bool = False,
    language: str = "",
) -> bytes:
    """One .docx: the template with every merge field replaced by its value."""
    return next(
        merge_documents(
            template,
            [values],
            field_map=field_map,
            leave_unknown_empty=leave_unknown_empty,
            language=language,
        )
    )
