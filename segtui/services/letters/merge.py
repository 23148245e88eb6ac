"""Merge a segment's letters into files: one .docx per line, or combined per template."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import peewee as pw

from segtui.docs import LanguageRecord, merge_combined
from segtui.docs.pdf import convert_many
from segtui.domain.errors import InvalidInput, Refused
from segtui.domain.letters import (
    LetterSource,
    MergeReport,
    line_file_stem,
)
from segtui.services.letters.documents import (
    Documents,
    Line,
    Progress,
    TemplateDocument,
    attachment_bytes,
    query_rows,
)
from segtui.services.letters.files import (
    FolderUse,
    claim_folder,
    ensure_folder,
    inside,
    write_whole,
)
from segtui.services.letters.sources import iter_line_sources
from segtui.services.segments.segments import get_header_row


def _groups(segment_no: str, documents: Documents) -> list[int]:
    """The template documents the segment's lines use, in order of first use; all checked.

    Every document is resolved and checked before anything is written, from one small
    aggregate query rather than from the lines one by one.
    """
    missing = (
        Line.select(Line.line_no)
        .where((Line.segment_no == segment_no) & (Line.interaction_template_code == ""))
        .order_by(Line.line_no)
        .first()
    )
    if missing is not None:
        raise Refused(f"segment {segment_no}: line {missing.line_no} has no interaction template")
    pairs = (
        Line.select(Line.interaction_template_code, Line.language_code, pw.fn.MIN(Line.line_no))
        .where((Line.segment_no == segment_no) & Line.attachment_id.is_null())
        .group_by(Line.interaction_template_code, Line.language_code)
        .order_by(pw.fn.MIN(Line.line_no))
        .tuples()
    )
    ids: list[int] = []
    for code, language, _ in query_rows(pairs):
        document = documents.for_language(code, language)
        if document.attachment_id not in ids:
            ids.append(document.attachment_id)
    return ids


class _Counter:
    """Counts letters made and reports progress."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done = 0
        self.total = total
        self.progress = progress

    def step(self) -> None:
        """One more letter made."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _per_contact(
    segment_no: str, out: Path, documents: Documents, counter: _Counter
) -> tuple[list[Path], int]:
    """One .docx per line in `out`, named from the contact number; and the unique count."""
    ensure_folder(out)
    written: list[Path] = []
    taken: set[str] = set()
    unique = 0
    for source in iter_line_sources(segment_no):
        stem = line_file_stem(source.contact_no, source.key)
        if stem in taken:  # the same contact twice in a segment
            stem = f"{stem}-{source.key}"
        taken.add(stem)
        unique += source.unique
        written.append(write_whole(inside(out, stem), documents.letter(source)))
        counter.step()
    return written, unique


def _combined(
    segment_no: str, out: Path, documents: Documents, ids: list[int], counter: _Counter
) -> tuple[list[Path], int]:
    """One combined .docx per template document (the first at `out`), unique lines beside."""
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; with --combined, --out names the .docx file")
    folder = ensure_folder(out.parent)
    written: list[Path] = []
    for n, attachment_id in enumerate(ids, start=1):
        document = documents._by_attachment[attachment_id]

        def records(wanted: TemplateDocument = document) -> Iterator[LanguageRecord]:
            for source in iter_line_sources(segment_no):
                if documents.for_source(source) is wanted:
                    counter.step()
                    # Each line's own language names its months and days.
                    yield LanguageRecord(source.values, source.language_code)

        target = out if n == 1 else folder / f"{out.stem}-{n}{out.suffix or '.docx'}"
        data = merge_combined(
            document.template,
            records(),
            field_map=document.field_map,
            leave_unknown_empty=True,
            language=document.template.language,  # for lines without a language
        )
        written.append(write_whole(target, data))
    unique = 0
    for source in _unique_lines(segment_no):
        stem = f"{out.stem}-{line_file_stem(source.contact_no, source.key)}-{source.key}"
        written.append(write_whole(inside(folder, stem), attachment_bytes(source)))
        unique += 1
        counter.step()
    return written, unique


def _unique_lines(segment_no: str) -> Iterable[LetterSource]:
    """The lines that have their own document (usually few), in line order."""
    return (s for s in iter_line_sources(segment_no) if s.unique)


def merge_segment(
    segment_no: str,
    out: Path,
    *,
    combined: bool = False,
    pdf: bool = False,
    leave_unknown_empty: bool = False,
    progress: Progress | None = None,
    overwrite: bool = False,
) -> MergeReport:
    """Merge every line's letter (whatever its correspondence type); log nothing.

    Without `combined`, `out` is a folder that receives one .docx per line named from the
    contact number (refused if it holds other files, unless `overwrite`); with it, `out`
    is the .docx file with a section per contact.
    """
    header = get_header_row(segment_no)
    segment_no = header.no
    total = int(Line.select().where(Line.segment_no == segment_no).count())
    if total == 0:
        raise Refused(f"segment {segment_no} has no lines to merge")
    documents = Documents(leave_unknown_empty)
    ids = _groups(segment_no, documents)  # every template checked before any file is written
    if not combined:
        for attachment_id in ids:
            document = documents._by_attachment[attachment_id]
            if document.template.moves:
                raise Refused(
                    f"{document.label}: the template moves from record to record (NEXT, "
                    "NEXTIF or SKIPIF), as label sheets do; merge it with --combined"
                )
    counter = _Counter(total, progress)
    use: FolderUse | None = None
    if combined:
        files, unique = _combined(segment_no, out, documents, ids, counter)
    else:
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"{out} is a file; without --combined, --out names a folder")
        use = claim_folder(out, overwrite)
        files, unique = _per_contact(segment_no, out, documents, counter)
    pdfs: list[Path] = []
    if pdf:
        pdfs = convert_many(files, out.parent if combined else out)
    every = [*files, *pdfs]
    return MergeReport(
        segment_no,
        counter.done,
        unique,
        tuple(files),
        tuple(pdfs),
        use.replaced(every) if use else 0,
        use.kept(every) if use else 0,
    )
