"""Letters of segment lines and entries: which Word document, template check, merge, preview.

A line's letter is its unique document as it is, else the interaction template's document
for the line's language, else for the template's default language. Entries use the document
they were logged with and their merge snapshot.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import peewee as pw

from segtui.db import models as m
from segtui.db.database import write_transaction
from segtui.docs import MergeTemplate, check_fields, merge_combined, merge_document
from segtui.docs.pdf import convert_many
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.letters import (
    VOCABULARY,
    LetterPreview,
    LetterSource,
    MergeReport,
    TemplateCheck,
    line_file_stem,
)
from segtui.services.letter_files import ensure_folder, inside, write_whole
from segtui.services.letter_text import letter_text
from segtui.services.merge_data import entry_source, iter_line_sources, line_source
from segtui.services.segments import get_header_row

Progress = Callable[[int, int], None]
Line = m.SegmentLine
_ATTACHMENT_ID: Any = m.Attachment._meta.primary_key

# Private-use characters around the comment in a preview: they never occur in letters, and
# finding them in the merged text tells exactly where the comment landed.
_OPEN, _CLOSE = "\ue010", "\ue011"


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as tuples (Peewee's stubs type them as model instances)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))


@dataclass(frozen=True)
class _Document:
    """A template's Word document ready to merge: parsed once, with its field map."""

    attachment_id: int
    template: MergeTemplate
    field_map: dict[str, str]
    template_code: str
    language_code: str

    @property
    def label(self) -> str:
        """How messages name it, e.g. "LETTER (ENG)"."""
        return (
            f"{self.template_code} ({self.language_code})"
            if self.language_code
            else (self.template_code)
        )


class Documents:
    """The Word documents one merge uses, each read from the database and parsed once."""

    def __init__(self, leave_unknown_empty: bool = False) -> None:
        self.leave_unknown_empty = leave_unknown_empty
        self._by_language: dict[tuple[str, str], _Document] = {}
        self._by_attachment: dict[int, _Document] = {}
        self._field_maps: dict[str, dict[str, str]] = {}

    def _template_row(self, code: str) -> m.InteractionTemplate:
        """The interaction template row, or NotFound."""
        if not code:
            raise Refused("the line has no interaction template")
        row = m.InteractionTemplate.get_or_none(m.InteractionTemplate.code == code)
        if row is None:
            raise NotFound(f"interaction template {code} does not exist")
        return row

    def field_map(self, code: str) -> dict[str, str]:
        """The template's field map (template field → segtui field); {} for none."""
        if code not in self._field_maps:
            row = m.InteractionTemplate.get_or_none(m.InteractionTemplate.code == code)
            text = row.field_map if row is not None else "{}"
            try:
                data = json.loads(text or "{}")
            except json.JSONDecodeError:
                raise InvalidInput(
                    f"interaction template {code}: its field map is not JSON"
                ) from None
            if not isinstance(data, dict):
                raise InvalidInput(f"interaction template {code}: its field map must be an object")
            self._field_maps[code] = {str(k): str(v) for k, v in data.items()}
        return self._field_maps[code]

    def _load(self, attachment_id: int, code: str, language: str) -> _Document:
        """Parse a stored template document and check its fields (once per document)."""
        if attachment_id in self._by_attachment:
            return self._by_attachment[attachment_id]
        row = m.Attachment.get_or_none(attachment_id == _ATTACHMENT_ID)
        if row is None:
            raise NotFound(f"the Word document of template {code} ({language}) is missing")
        label = f"template {code} ({language})" if language else f"template {code}"
        document = _Document(
            attachment_id,
            MergeTemplate.load(bytes(row.content), label),
            self.field_map(code),
            code,
            language,
        )
        check = _check(document)
        if check.unknown and not self.leave_unknown_empty:
            raise InvalidInput(
                f"{label}: segtui cannot fill the merge field(s) {', '.join(check.unknown)} "
                "(map them in the template's field map, or leave them empty)"
            )
        self._by_attachment[attachment_id] = document
        return document

    def for_language(self, code: str, language: str) -> _Document:
        """The template's document for `language`, else for its default language."""
        key = (code, language)
        if key not in self._by_language:
            template = self._template_row(code)
            wanted = [language, template.language_code_default]
            tl = m.InteractionTemplateLanguage
            rows: dict[str, int] = dict(
                _tuples(
                    tl.select(tl.language_code, tl.attachment).where(
                        (tl.template == code)
                        & tl.language_code.in_(wanted)
                        & tl.attachment.is_null(False)
                    )
                )
            )
            found = next(((lang, rows[lang]) for lang in wanted if lang in rows), None)
            if found is None:
                which = " or ".join(dict.fromkeys(f"{x!r}" for x in wanted))
                raise Refused(
                    f"interaction template {code} has no Word document for language {which}; "
                    f"import one with: segtui template import {code} FILE.docx"
                )
            self._by_language[key] = self._load(found[1], code, found[0])
        return self._by_language[key]

    def for_source(self, source: LetterSource) -> _Document | None:
        """The template document a letter is merged from; None for a unique document."""
        if source.unique:
            return None
        if source.attachment_id is not None:  # an entry: the document it was logged with
            return self._load(source.attachment_id, source.template_code, source.language_code)
        return self.for_language(source.template_code, source.language_code)

    def letter(self, source: LetterSource, *, mark_comment: bool = False) -> bytes:
        """The letter of a line or entry as .docx bytes (a unique document as it is)."""
        document = self.for_source(source)
        if document is None:
            return _attachment_bytes(source)
        values = dict(source.values)
        if mark_comment and values.get("Comment"):
            values["Comment"] = f"{_OPEN}{values['Comment']}{_CLOSE}"
        # Unknown fields were refused (or accepted) by the template check in _load.
        return merge_document(
            document.template, values, field_map=document.field_map, leave_unknown_empty=True
        )


def _attachment_bytes(source: LetterSource) -> bytes:
    """The content of a line's or entry's own document."""
    row = m.Attachment.get_or_none(source.attachment_id == _ATTACHMENT_ID)
    if row is None:
        raise NotFound(f"the unique document of {source.contact_no} is missing")
    return bytes(row.content)


def _check(document: _Document) -> TemplateCheck:
    """The fields of a parsed template and those segtui cannot fill."""
    _, unknown = check_fields(document.template.fields, VOCABULARY, document.field_map)
    return TemplateCheck(
        document.template_code,
        document.language_code,
        tuple(document.template.fields),
        tuple(unknown),
    )


def check_template(code: str, language_code: str = "") -> TemplateCheck:
    """The template check of SPEC §4: the fields found and those segtui cannot fill."""
    documents = Documents(leave_unknown_empty=True)
    return _check(documents.for_language(code, language_code))


# --- segment merge ---------------------------------------------------------------------------


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
    for code, language, _ in _tuples(pairs):
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
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} is a file; without --combined, --out names a folder")
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

        def records(wanted: _Document = document) -> Iterator[dict[str, str]]:
            for source in iter_line_sources(segment_no):
                if documents.for_source(source) is wanted:
                    counter.step()
                    yield dict(source.values)

        target = out if n == 1 else folder / f"{out.stem}-{n}{out.suffix or '.docx'}"
        data = merge_combined(
            document.template, records(), field_map=document.field_map, leave_unknown_empty=True
        )
        written.append(write_whole(target, data))
    unique = 0
    for source in _unique_lines(segment_no):
        stem = f"{out.stem}-{line_file_stem(source.contact_no, source.key)}-{source.key}"
        written.append(write_whole(inside(folder, stem), _attachment_bytes(source)))
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
) -> MergeReport:
    """Merge every line's letter (whatever its correspondence type); log nothing.

    Without `combined`, `out` is a folder that receives one .docx per line named from the
    contact number; with it, `out` is the .docx file with a section per contact.
    """
    header = get_header_row(segment_no)
    segment_no = header.no
    total = int(Line.select().where(Line.segment_no == segment_no).count())
    if total == 0:
        raise Refused(f"segment {segment_no} has no lines to merge")
    documents = Documents(leave_unknown_empty)
    ids = _groups(segment_no, documents)  # every template checked before any file is written
    counter = _Counter(total, progress)
    if combined:
        files, unique = _combined(segment_no, out, documents, ids, counter)
    else:
        files, unique = _per_contact(segment_no, out, documents, counter)
    pdfs: list[Path] = []
    if pdf:
        pdfs = convert_many(files, out.parent if combined else out)
    return MergeReport(segment_no, counter.done, unique, tuple(files), tuple(pdfs))


# --- one letter ------------------------------------------------------------------------------


def render_entry_letter(entry_no: int, *, leave_unknown_empty: bool = False) -> bytes:
    """The letter of an interaction log entry, re-rendered from its merge snapshot."""
    source = entry_source(entry_no)
    return Documents(leave_unknown_empty).letter(source)


def export_entry_letter(entry_no: int, path: Path, *, leave_unknown_empty: bool = False) -> Path:
    """Write the letter of an interaction log entry, re-rendered from its snapshot, to `path`."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; name the .docx file to write")
    data = render_entry_letter(entry_no, leave_unknown_empty=leave_unknown_empty)
    ensure_folder(path.parent)
    return write_whole(path, data)


def render_line_letter(
    segment_no: str, line_no: int, *, leave_unknown_empty: bool = False
) -> bytes:
    """The letter of one segment line as .docx bytes."""
    source = line_source(get_header_row(segment_no).no, line_no)
    return Documents(leave_unknown_empty).letter(source)


def _split_comment(text: str) -> tuple[str, str, int]:
    """The text without comment marks, the comment as shown, and where it starts."""
    start = text.find(_OPEN)
    end = text.find(_CLOSE, start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return text.replace(_OPEN, "").replace(_CLOSE, ""), "", -1
    comment = text[start + 1 : end]
    clean = text.replace(_OPEN, "").replace(_CLOSE, "")
    return clean, comment, start


def letter_preview(segment_no: str, line_no: int) -> LetterPreview:
    """The letter of one line as plain text, with where its comment is (for highlighting).

    Unknown template fields are shown empty here; the merge itself refuses them.
    """
    source = line_source(get_header_row(segment_no).no, line_no)
    documents = _preview_documents()
    document = documents.for_source(source)
    text = letter_text(documents.letter(source, mark_comment=True))
    text, comment, start = _split_comment(text)
    if document is None:
        # A unique document was edited by hand: find the comment if it is still there.
        comment = source.values.get("Comment", "")
        start = text.find(comment) if comment else -1
        if start < 0:
            comment = ""
        label = "unique document"
    else:
        label = document.label
    return LetterPreview(text, comment, start, source.contact_no, label)


_PREVIEW_CACHE: dict[str, Documents] = {}


def _preview_documents() -> Documents:
    """Parsed templates kept between previews so moving the cursor does not re-parse them.

    The cache is dropped when any template document changes (compared by its checksum).
    """
    stamp = hashlib.sha256(
        ",".join(
            f"{a}:{s}"
            for a, s in _tuples(
                m.InteractionTemplateLanguage.select(
                    m.InteractionTemplateLanguage.attachment, m.Attachment.sha256
                )
                .join(m.Attachment)
                .order_by(m.InteractionTemplateLanguage.attachment)
            )
        ).encode()
        + "".join(
            f"{c}:{f}"
            for c, f in _tuples(
                m.InteractionTemplate.select(
                    m.InteractionTemplate.code, m.InteractionTemplate.field_map
                )
            )
        ).encode()
    ).hexdigest()
    if stamp not in _PREVIEW_CACHE:
        _PREVIEW_CACHE.clear()
        _PREVIEW_CACHE[stamp] = Documents(leave_unknown_empty=True)
    return _PREVIEW_CACHE[stamp]


# --- unique documents ------------------------------------------------------------------------


def export_line_letter(
    segment_no: str, line_no: int, path: Path, *, leave_unknown_empty: bool = False
) -> Path:
    """Write the merged letter of one line (or its unique document) to `path` for editing."""
    data = render_line_letter(segment_no, line_no, leave_unknown_empty=leave_unknown_empty)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; name the .docx file to write")
    ensure_folder(path.parent)
    return write_whole(path, data)


def _line_row(segment_no: str, line_no: int) -> m.SegmentLine:
    """The line's row, or NotFound."""
    row = Line.get_or_none((Line.segment_no == segment_no) & (Line.line_no == line_no))
    if row is None:
        raise NotFound(f"segment {segment_no} has no line {line_no}")
    return row


def _drop_if_unused(attachment_id: int | None) -> None:
    """Delete a line's former unique document unless anything still refers to it."""
    if attachment_id is None:
        return
    for model, column in (
        (m.SegmentLine, m.SegmentLine.attachment_id),
        (m.SegmentHistory, m.SegmentHistory.attachment_id),  # Go Back may restore it
        (m.InteractionLogEntry, m.InteractionLogEntry.attachment_id),
        (m.InteractionTemplateLanguage, m.InteractionTemplateLanguage.attachment),
    ):
        if model.select().where(column == attachment_id).exists():
            return
    m.Attachment.delete().where(attachment_id == _ATTACHMENT_ID).execute()


def import_line_letter(segment_no: str, line_no: int, path: Path) -> int:
    """Store an edited .docx as the line's unique document (used as it is); return its id."""
    segment_no = get_header_row(segment_no).no
    _line_row(segment_no, line_no)  # name a wrong line before looking at the file
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file ({exc.strerror})") from None
    MergeTemplate.load(content, str(path))  # refuses anything that is not a sound .docx
    with write_transaction():
        row = _line_row(segment_no, line_no)
        attachment_id = int(
            m.Attachment.insert(
                filename=f"{segment_no}-{line_no}.docx",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            ).execute()
        )
        Line.update(attachment_id=attachment_id, version=Line.version + 1).where(
            Line.id == row.id
        ).execute()
        _drop_if_unused(row.attachment_id)
    return attachment_id


def clear_line_letter(segment_no: str, line_no: int) -> None:
    """Drop a line's unique document: the line inherits its template's again."""
    segment_no = get_header_row(segment_no).no
    with write_transaction():
        row = _line_row(segment_no, line_no)
        if row.attachment_id is None:
            raise Refused(f"line {line_no} of segment {segment_no} has no unique document")
        Line.update(attachment_id=None, version=Line.version + 1).where(Line.id == row.id).execute()
        _drop_if_unused(row.attachment_id)
