"""The generic Word merge: any template filled from the records of a CSV or JSON file.

It needs no database: the data file's columns are the field vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from segtui.docs import MergeTemplate, check_fields, merge_combined, merge_documents
from segtui.docs.pdf import convert_many
from segtui.docs.records import read_data_file
from segtui.domain.errors import InvalidInput
from segtui.domain.merge_fields import FIELD_NAMES
from segtui.services.letters.files import claim_folder, ensure_folder, write_whole


@dataclass(frozen=True)
class FieldReport:
    """The merge fields of a template, and those the vocabulary cannot fill."""

    fields: list[str]
    unknown: list[str]


@dataclass(frozen=True)
class DataMergeReport:
    """What a generic merge wrote: how many records, and the .docx files."""

    records: int
    files: tuple[Path, ...]
    replaced: int = 0  # files of the same name this merge wrote over (--overwrite)
    kept: int = 0  # other files already in the folder, left as they were
    # The template has no merge field at all: every letter is the same (said, not refused:
    # a flyer may be meant that way).
    no_fields: bool = False


def template_fields(template_path: Path, data_path: Path | None = None) -> FieldReport:
    """The template's fields, judged against the data file's columns or segtui's fields."""
    vocabulary = read_data_file(data_path).columns if data_path else FIELD_NAMES
    template = MergeTemplate.load(template_path, str(template_path), vocabulary)
    _, unknown = check_fields(template.fields, vocabulary)
    return FieldReport(template.fields, unknown)


def merge_data_file(
    template_path: Path,
    data_path: Path,
    out: Path,
    *,
    combined: bool = False,
    pdf: bool = False,
    leave_unknown_empty: bool = False,
    overwrite: bool = False,
    language: str = "",
) -> DataMergeReport:
    """Merge every record of the data file into the template; say what was written.

    Without `combined`, `out` is a folder that receives one .docx per record (refused if
    it holds other files, unless `overwrite`); with it, `out` is the .docx file with a
    section per record. `language` (default: the document's own) names months and sets
    decimal marks in pictures.
    """
    data = read_data_file(data_path)
    # «Name» placeholders are fields only for the data file's columns.
    template = MergeTemplate.load(template_path, str(template_path), data.columns)
    language = language or template.language  # else the document's own language
    _, unknown = check_fields(template.fields, data.columns)
    if unknown and not leave_unknown_empty:
        raise InvalidInput(
            f"{data_path} has no column for the template field(s) {', '.join(unknown)} "
            "(add them, or use --leave-unknown-empty)"
        )
    if combined:
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder; with --combined, --out names the .docx file")
        ensure_folder(out.parent)
        written = [
            write_whole(
                out,
                merge_combined(template, data.records, leave_unknown_empty=True, language=language),
            )
        ]
    else:
        if template.moves:
            raise InvalidInput(
                f"{template_path}: the template moves from record to record (NEXT, NEXTIF or "
                "SKIPIF), as label sheets do; merge it into one document with --combined"
            )
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"{out} is a file; without --combined, --out names a folder")
        use = claim_folder(out, overwrite)
        ensure_folder(out)
        # Names come from the record's position only, never from the data's text.
        width = max(4, len(str(len(data.records))))
        documents = merge_documents(
            template, data.records, leave_unknown_empty=True, language=language
        )
        written = [
            write_whole(out / f"{n:0{width}d}.docx", document)
            for n, document in enumerate(documents, start=1)
        ]
    if pdf:
        pdfs = convert_many(written, out.parent if combined else out)
    if combined:
        return DataMergeReport(len(data.records), tuple(written), no_fields=not template.fields)
    every = [*written, *(pdfs if pdf else [])]
    return DataMergeReport(
        len(data.records),
        tuple(written),
        use.replaced(every),
        use.kept(every),
        no_fields=not template.fields,
    )
