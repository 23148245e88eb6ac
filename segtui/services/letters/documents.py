"""The Word documents a merge uses: which one a line or entry takes, parsed once, checked.

A line's letter is its unique document as it is, else the interaction template's document
for the line's language, else for the template's default language. Entries use the document
they were logged with and their merge snapshot."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from segtui.db import models as m
from segtui.docs import MergeTemplate, check_fields, merge_document
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.letters import (
    VOCABULARY,
    LetterSource,
    TemplateCheck,
)

Progress = Callable[[int, int], None]


Line = m.SegmentLine


ATTACHMENT_ID: Any = m.Attachment._meta.primary_key


# Private-use characters around the comment in a preview: they never occur in letters, and
# finding them in the merged text tells exactly where the comment landed.
COMMENT_OPEN, COMMENT_CLOSE = "\ue010", "\ue011"


def query_rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as tuples (Peewee's stubs type them as model instances)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))


@dataclass(frozen=True)
class TemplateDocument:
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
        self._by_language: dict[tuple[str, str], TemplateDocument] = {}
        self._by_attachment: dict[int, TemplateDocument] = {}
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

    def _load(self, attachment_id: int, code: str, language: str) -> TemplateDocument:
        """Parse a stored template document and check its fields (once per document)."""
        if attachment_id in self._by_attachment:
            return self._by_attachment[attachment_id]
        row = m.Attachment.get_or_none(attachment_id == ATTACHMENT_ID)
        if row is None:
            raise NotFound(f"the Word document of template {code} ({language}) is missing")
        label = f"template {code} ({language})" if language else f"template {code}"
        field_map = self.field_map(code)
        document = TemplateDocument(
            attachment_id,
            # «Name» is a field when segtui or the template's field map knows the name.
            MergeTemplate.load(bytes(row.content), label, (*VOCABULARY, *field_map)),
            field_map,
            code,
            language,
        )
        check = check_document(document)
        if check.unknown and not self.leave_unknown_empty:
            raise InvalidInput(
                f"{label}: segtui cannot fill the merge field(s) {', '.join(check.unknown)} "
                "(map them in the template's field map, or leave them empty)"
            )
        self._by_attachment[attachment_id] = document
        return document

    def for_language(self, code: str, language: str) -> TemplateDocument:
        """The template's document for `language`, else for its default language."""
        key = (code, language)
        if key not in self._by_language:
            template = self._template_row(code)
            wanted = [language, template.language_code_default]
            tl = m.InteractionTemplateLanguage
            rows: dict[str, int] = dict(
                query_rows(
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

    def for_source(self, source: LetterSource) -> TemplateDocument | None:
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
            return attachment_bytes(source)
        values = dict(source.values)
        if mark_comment and values.get("Comment"):
            values["Comment"] = f"{COMMENT_OPEN}{values['Comment']}{COMMENT_CLOSE}"
        # Unknown fields were refused (or accepted) by the template check in _load.
        return merge_document(
            document.template,
            values,
            field_map=document.field_map,
            leave_unknown_empty=True,
            # Month names and decimals: the line's language, else the document's own.
            language=source.language_code or document.template.language,
        )


def attachment_bytes(source: LetterSource) -> bytes:
    """The content of a line's or entry's own document."""
    row = m.Attachment.get_or_none(source.attachment_id == ATTACHMENT_ID)
    if row is None:
        raise NotFound(f"the unique document of {source.contact_no} is missing")
    return bytes(row.content)


def check_document(document: TemplateDocument) -> TemplateCheck:
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
    return check_document(documents.for_language(code, language_code))
