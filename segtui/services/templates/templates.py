"""Interaction templates: create, edit, delete, list, show, and a Word document per language.

Deleting a template, or one of its language versions, is refused while segments, lines,
lines kept for Go Back or interaction log entries use it, with the counts (as setup codes).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import peewee as pw

from segtui.db.models import (
    Attachment,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    Language,
    SegmentHeader,
    SegmentHistory,
    SegmentLine,
)
from segtui.db.proxy import write_transaction
from segtui.domain.enums import CorrespondenceType, InformationFlow, InitiatedBy, parse_enum
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.fields import TEMPLATE_ALIASES, TEMPLATE_FIELDS, parse_assignments
from segtui.domain.merge_fields import FIELD_NAMES, is_known_field, normalise_field_name
from segtui.domain.templates import TemplateLanguage, TemplateSummary, TemplateView
from segtui.domain.text import code_problem
from segtui.paths import read_regular_file
from segtui.services.contacts.checks import query_tuples

MAX_CODE = 20
ATTACHMENT_ID = Attachment._meta.primary_key
CENTS = Decimal("0.01")


def _check_code(code: str, what: str) -> str:
    """A code as typed, trimmed; refuse an empty or too long one."""
    cleaned = code.strip()
    if not cleaned:
        raise InvalidInput(f"{what} code must not be empty")
    if len(cleaned) > MAX_CODE:
        raise InvalidInput(f"{what} code {cleaned!r} is longer than {MAX_CODE} characters")
    if problem := code_problem(cleaned.upper()):
        raise InvalidInput(f"{what} code {cleaned!r} {problem}")
    return cleaned


def _check_language(code: str) -> None:
    """Refuse a language code that is not set up (blank means the default document)."""
    if code and not Language.select().where(Language.code == code).exists():
        raise InvalidInput(f"language {code!r} does not exist")


def _amount(text: str | Decimal, what: str) -> Decimal:
    """A non-negative amount from a user's text."""
    try:
        value = Decimal(str(text).strip() or "0")
    except InvalidOperation:
        raise InvalidInput(f"{what} {text!r} is not a number") from None
    if value < 0 or not value.is_finite():
        raise InvalidInput(f"{what} must not be negative, not {text!r}")
    return value


def create_template(
    code: str,
    description: str = "",
    group_code: str = "",
    correspondence_type_default: str = "email",
    ignore_contact_corres_type: bool = False,
    information_flow: str = "",
    initiated_by: str = "",
    unit_cost: str | Decimal = "0",
    unit_duration_min: str | Decimal = "0",
    language_code_default: str = "",
    send_as_attachment: bool = True,
    field_map: dict[str, str] | None = None,
) -> TemplateView:
    """Create an interaction template; its documents are imported afterwards per language."""
    code = _check_code(code, "template")
    values = {
        "description": description.strip(),
        "group_code": group_code.strip(),
        "correspondence_type_default": parse_enum(
            CorrespondenceType, correspondence_type_default, "correspondence type"
        ).value,
        "ignore_contact_corres_type": ignore_contact_corres_type,
        "information_flow": parse_enum(InformationFlow, information_flow, "information flow").value,
        "initiated_by": parse_enum(InitiatedBy, initiated_by, "initiated by").value,
        "unit_cost": _amount(unit_cost, "unit cost"),
        "unit_duration_min": _amount(unit_duration_min, "unit duration"),
        "language_code_default": language_code_default.strip(),
        "send_as_attachment": send_as_attachment,
        "field_map": json.dumps(_check_field_map(field_map or {}), sort_keys=True),
    }
    if len(str(values["description"])) > 100:
        raise InvalidInput("template description is longer than 100 characters")
    with write_transaction():
        if InteractionTemplate.select().where(InteractionTemplate.code == code).exists():
            raise Refused(f"template {code!r} already exists")
        group = str(values["group_code"])
        if group and not InteractionGroup.select().where(InteractionGroup.code == group).exists():
            raise InvalidInput(f"interaction group {group!r} does not exist")
        _check_language(str(values["language_code_default"]))
        InteractionTemplate.insert(code=code, **values).execute()
    return get_template(code)


def list_templates() -> list[TemplateSummary]:
    """Every interaction template, by code."""
    query = InteractionTemplate.select(
        InteractionTemplate.code,
        InteractionTemplate.description,
        InteractionTemplate.group_code,
        InteractionTemplate.correspondence_type_default,
    ).order_by(InteractionTemplate.code)
    return [TemplateSummary(*row) for row in query_tuples(query)]


def _languages(code: str) -> tuple[TemplateLanguage, ...]:
    """A template's language versions with their documents' names and sizes."""
    query = (
        InteractionTemplateLanguage.select(
            InteractionTemplateLanguage.language_code,
            InteractionTemplateLanguage.subject,
            Attachment.filename,
            pw.fn.LENGTH(Attachment.content),
            Attachment.sha256,
            ATTACHMENT_ID,
        )
        .join(Attachment, pw.JOIN.LEFT_OUTER)
        .where(InteractionTemplateLanguage.template == code)
        .order_by(InteractionTemplateLanguage.language_code)
    )
    return tuple(
        TemplateLanguage(language, subject, filename or "", int(size or 0), sha or "", att_id)
        for language, subject, filename, size, sha, att_id in query_tuples(query)
    )


def get_template(code: str) -> TemplateView:
    """One template with its languages, document names and sizes."""
    row = InteractionTemplate.get_or_none(InteractionTemplate.code == code)
    if row is None:
        raise NotFound(f"template {code!r} does not exist")
    try:
        field_map = json.loads(row.field_map or "{}")
    except ValueError:
        field_map = {}
    return TemplateView(
        code=row.code,
        description=row.description,
        group_code=row.group_code,
        correspondence_type_default=row.correspondence_type_default,
        ignore_contact_corres_type=bool(row.ignore_contact_corres_type),
        information_flow=row.information_flow,
        initiated_by=row.initiated_by,
        unit_cost=Decimal(row.unit_cost).quantize(CENTS),
        unit_duration_min=Decimal(row.unit_duration_min).quantize(CENTS),
        language_code_default=row.language_code_default,
        field_map=dict(field_map),
        languages=_languages(code),
        send_as_attachment=bool(row.send_as_attachment),
    )


def read_word_document(path: str | Path) -> bytes:
    """The bytes of a .docx file, refused with the reason unless segtui can render it."""
    # The merge engine loads on first use: lxml and Babel would slow every command's start.
    from segtui.docs.safety import MAX_PACKAGE_BYTES

    path = Path(path)
    try:
        # A regular file within the limit, checked before it is read into memory.
        content = read_regular_file(path, MAX_PACKAGE_BYTES)
    except OSError as exc:
        raise NotFound(f"cannot read {path}: {exc.strerror}") from None
    check_word_document(content, path.name)
    return content


def check_word_document(content: bytes, name: str) -> None:
    """Refuse a document segtui cannot render: not a .docx, unsafe or broken XML, zip bombs,
    entries that leave the package, fields only Word can fill (the same checks as a merge)."""
    from segtui.docs import check_renders

    check_renders(content, name)


def _still_used(attachment_id: int) -> bool:
    """Whether anything besides the template language still points at an attachment."""
    return any(
        query.exists()
        for query in (
            InteractionLogEntry.select().where(InteractionLogEntry.attachment_id == attachment_id),
            SegmentLine.select().where(SegmentLine.attachment_id == attachment_id),
            SegmentHistory.select().where(SegmentHistory.attachment_id == attachment_id),
            InteractionTemplateLanguage.select().where(
                InteractionTemplateLanguage.attachment == attachment_id
            ),
        )
    )


def import_template_document(
    code: str, path: str | Path, language: str | None = None, subject: str | None = None
) -> TemplateLanguage:
    """Store a .docx as the template's document for a language (default: the template's).

    Importing again replaces it. The old document is kept while interaction log entries
    still refer to it, so their letters can be re-rendered exactly.
    """
    content = read_word_document(path)
    filename = Path(path).name
    if len(filename) > 255:
        raise InvalidInput(f"file name {filename[:40]!r}… is longer than 255 characters")
    with write_transaction():
        template = InteractionTemplate.get_or_none(InteractionTemplate.code == code)
        if template is None:
            raise NotFound(f"template {code!r} does not exist")
        language_code = template.language_code_default if language is None else language.strip()
        _check_language(language_code)
        attachment_id = Attachment.insert(
            filename=filename,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            read_only=False,
        ).execute()
        where = (InteractionTemplateLanguage.template == code) & (
            InteractionTemplateLanguage.language_code == language_code
        )
        existing = InteractionTemplateLanguage.get_or_none(where)
        if existing is None and language_code and not template.language_code_default:
            first = (
                not InteractionTemplateLanguage.select()
                .where(InteractionTemplateLanguage.template == code)
                .exists()
            )
            if first:
                # A template's first letter, in a language, on a template with no default
                # language: that language becomes the default, so segments on the template
                # take its letter and subject instead of finding no document for ''.
                InteractionTemplate.update(language_code_default=language_code).where(
                    InteractionTemplate.code == code
                ).execute()
        if existing is None:
            InteractionTemplateLanguage.insert(
                template=code,
                language_code=language_code,
                attachment=attachment_id,
                subject=subject or "",
            ).execute()
        else:
            old_id = existing.__data__.get("attachment")  # the id, without loading the row
            changes: dict[str, object] = {"attachment": attachment_id}
            if subject is not None:
                changes["subject"] = subject
            InteractionTemplateLanguage.update(**changes).where(where).execute()
            if old_id is not None and not _still_used(old_id):
                Attachment.delete().where(old_id == ATTACHMENT_ID).execute()
    return next(v for v in _languages(code) if v.language_code == language_code)


def template_document(code: str, language: str | None = None) -> bytes:
    """The Word document of a template for a language (default: the template's own)."""
    view = get_template(code)
    wanted = view.language_code_default if language is None else language
    for version in view.languages:
        if version.language_code == wanted and version.attachment_id is not None:
            attachment = Attachment.get_by_id(version.attachment_id)
            return bytes(attachment.content)
    shown = wanted or "the default language"
    raise NotFound(f"template {code!r} has no document for {shown}")


# --- maintenance ------------------------------------------------------------------------------

MAP_PREFIX = "map."


def _check_field_map(field_map: dict[str, str]) -> dict[str, str]:
    """A field map whose targets are segtui merge fields (by their vocabulary spelling)."""
    spelled = {normalise_field_name(name): name for name in FIELD_NAMES}
    checked: dict[str, str] = {}
    for source, target in field_map.items():
        source = source.strip()
        if not source:
            raise InvalidInput("a field map entry needs the template's field name")
        if not is_known_field(target):
            raise InvalidInput(
                f"field map {source}={target}: {target!r} is not a segtui merge field"
            )
        checked[source] = spelled[normalise_field_name(target)]
    return checked


def _split_template_assignments(
    assignments: list[str] | dict[str, str],
) -> tuple[dict[str, str], dict[str, str] | None, dict[str, str]]:
    """Template fields, a whole new field map (`field_map=` clears it) and single
    `map.TEMPLATE_FIELD=Segtui_Field` entries ('' removes one), from FIELD=VALUE words."""
    pairs: list[tuple[str, str]] = []
    if isinstance(assignments, dict):
        pairs = list(assignments.items())
    else:
        for pair in assignments:
            name, sep, value = pair.partition("=")
            if not sep or not name.strip():
                raise InvalidInput(f"{pair!r} must be written FIELD=VALUE")
            pairs.append((name, value))
    fields: dict[str, str] = {}
    whole: dict[str, str] | None = None
    entries: dict[str, str] = {}
    for name, value in pairs:
        key = name.strip()
        if key.lower().startswith(MAP_PREFIX):
            entries[key[len(MAP_PREFIX) :]] = value.strip()
        elif key.lower().replace("-", "_") == "field_map":
            whole = {}
            for item in filter(None, (p.strip() for p in value.split(","))):
                source, sep, target = item.partition(":")
                if not sep:
                    raise InvalidInput(
                        f"field_map entry {item!r} must be written TEMPLATE_FIELD:Segtui_Field"
                    )
                whole[source.strip()] = target.strip()
        else:
            fields[key] = value
    return fields, whole, entries


def _typed_fields(fields: dict[str, str]) -> dict[str, object]:
    """Template field values read by their kind (codes upper case, amounts, yes/no)."""
    if not fields:
        return {}
    return parse_assignments(fields, TEMPLATE_FIELDS, TEMPLATE_ALIASES, "template")


def _check_references(values: dict[str, object]) -> None:
    """Refuse an interaction group or default language that is not set up."""
    group = str(values.get("group_code") or "")
    if group and not InteractionGroup.select().where(InteractionGroup.code == group).exists():
        raise InvalidInput(f"interaction group {group!r} does not exist")
    _check_language(str(values.get("language_code_default") or ""))


def new_template(
    code: str, group: str, description: str = "", assignments: list[str] | None = None
) -> TemplateView:
    """Create a template in one go: group, description and any FIELD=VALUE of SPEC §1."""
    fields, whole, entries = _split_template_assignments(assignments or [])
    values = _typed_fields(fields)
    if not group.strip():
        raise InvalidInput("a template needs an interaction group (--group G)")
    field_map = {**(whole or {}), **{k: v for k, v in entries.items() if v}}
    return create_template(
        code,
        description=str(values.pop("description", description)),
        group_code=group.strip().upper(),
        field_map=field_map,
        **{k: v for k, v in values.items()},  # type: ignore[arg-type]
    )


def edit_template(code: str, assignments: list[str] | dict[str, str]) -> TemplateView:
    """Change template fields (FIELD=VALUE, `map.FIELD=Target`, `field_map=A:B,…`)."""
    fields, whole, entries = _split_template_assignments(assignments)
    if not fields and whole is None and not entries:
        raise InvalidInput("give at least one template FIELD=VALUE")
    values = _typed_fields(fields)
    if "group_code" in values and not values["group_code"]:
        raise InvalidInput("a template needs an interaction group")
    with write_transaction():
        row = InteractionTemplate.get_or_none(InteractionTemplate.code == code.strip())
        if row is None:
            raise NotFound(f"template {code!r} does not exist")
        _check_references(values)
        if whole is not None or entries:
            try:
                current = dict(json.loads(row.field_map or "{}"))
            except ValueError:
                current = {}
            mapping = dict(whole) if whole is not None else current
            for source, target in entries.items():
                if target:
                    mapping[source] = target
                else:
                    mapping.pop(source, None)
            values["field_map"] = json.dumps(_check_field_map(mapping), sort_keys=True)
        InteractionTemplate.update(**values).where(InteractionTemplate.code == row.code).execute()
        return get_template(row.code)


def _uses(code: str, language: str | None = None) -> list[str]:
    """What still uses a template (or one of its languages), counted, for a refusal."""
    checks: tuple[tuple[str, object, object, object], ...] = (
        (
            "segments",
            SegmentHeader,
            SegmentHeader.interaction_template_code,
            SegmentHeader.language_code_default,
        ),
        (
            "segment lines",
            SegmentLine,
            SegmentLine.interaction_template_code,
            SegmentLine.language_code,
        ),
        (
            "lines kept for Go Back/Redo",
            SegmentHistory,
            SegmentHistory.interaction_template_code,
            SegmentHistory.language_code,
        ),
        (
            "interaction log entries",
            InteractionLogEntry,
            InteractionLogEntry.interaction_template_code,
            InteractionLogEntry.language_code,
        ),
    )
    found = []
    for label, model, template_column, language_column in checks:
        where = template_column == code  # type: ignore[operator]
        if language is not None:
            where &= language_column == language  # type: ignore[operator]
        count = model.select().where(where).count()  # type: ignore[attr-defined]
        if count:
            found.append(f"{count} {label}")
    return found


def delete_template(code: str) -> None:
    """Delete a template with its language versions, refused while anything uses it."""
    with write_transaction():
        row = InteractionTemplate.get_or_none(InteractionTemplate.code == code.strip())
        if row is None:
            raise NotFound(f"template {code!r} does not exist")
        uses = _uses(row.code)
        if uses:
            raise Refused(
                f"template {row.code!r} is still used by {', '.join(uses)}; nothing deleted"
            )
        attachments = [
            a
            for a in InteractionTemplateLanguage.select(InteractionTemplateLanguage.attachment)
            .where(InteractionTemplateLanguage.template == row.code)
            .scalars()
            if a is not None
        ]
        InteractionTemplateLanguage.delete().where(
            InteractionTemplateLanguage.template == row.code
        ).execute()
        InteractionTemplate.delete().where(InteractionTemplate.code == row.code).execute()
        for attachment_id in attachments:
            if not _still_used(attachment_id):
                Attachment.delete().where(attachment_id == ATTACHMENT_ID).execute()


def remove_template_language(code: str, language: str) -> None:
    """Remove one language version of a template, refused while anything uses it."""
    language = language.strip().upper()
    with write_transaction():
        row = InteractionTemplate.get_or_none(InteractionTemplate.code == code.strip())
        if row is None:
            raise NotFound(f"template {code!r} does not exist")
        where = (InteractionTemplateLanguage.template == row.code) & (
            InteractionTemplateLanguage.language_code == language
        )
        version = InteractionTemplateLanguage.get_or_none(where)
        shown = language or "(blank)"
        if version is None:
            raise NotFound(f"template {row.code!r} has no language {shown}")
        if language == row.language_code_default:
            raise Refused(
                f"language {shown} is the default of template {row.code!r}; "
                "set language_code_default to another language first"
            )
        uses = _uses(row.code, language)
        if uses:
            raise Refused(
                f"language {shown} of template {row.code!r} is still used by "
                f"{', '.join(uses)}; nothing removed"
            )
        attachment_id = version.__data__.get("attachment")
        InteractionTemplateLanguage.delete().where(where).execute()
        if attachment_id is not None and not _still_used(attachment_id):
            Attachment.delete().where(attachment_id == ATTACHMENT_ID).execute()
