"""The delivery preflight of a dry run: would every letter and email of the log go out?

Run by `segment log --dry-run` with delivery on (and the TUI's Log confirmation with Send
ticked), before anything is logged: a trial render of each template × language the lines
use (and of each line's own unique document), the output folder for hard copies, and for
email a sender address and the SMTP server — connected, secured and logged in to, nothing
sent. Each problem is reported like a line that refuses Log, so the dry run exits 1 and a
script never logs what it cannot deliver.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import peewee as pw

from segtui.config import Settings
from segtui.db import models as m
from segtui.domain.delivery import DeliveryFailed
from segtui.domain.enums import CorrespondenceType
from segtui.domain.errors import SegtuiError
from segtui.domain.logging import Problem
from segtui.services.letters.documents import Documents
from segtui.services.letters.files import output_folder
from segtui.services.letters.sources import line_source
from segtui.services.log.mailer import Mailer

Line = m.SegmentLine
EMAIL = CorrespondenceType.EMAIL.value
HARD_COPY = CorrespondenceType.HARD_COPY.value

# Lines with a unique document are rendered one by one; past this many the rest are
# left to delivery (they are hand-made documents: a segment rarely has more).
UNIQUE_DOCUMENTS_TRIED = 200


def delivery_problems(segment_no: str, out_dir: Path | None, settings: Settings) -> list[Problem]:
    """Everything that would make delivery of the segment's letters fail, if logged now."""
    delivered = (Line.segment_no == segment_no) & (Line.correspondence_type != "")
    kinds = set(Line.select(Line.correspondence_type).where(delivered).distinct().scalars())
    if not kinds:
        return []
    problems = _trial_renders(segment_no, delivered)
    if HARD_COPY in kinds:
        problems += _folder_problems(output_folder(out_dir, settings))
    if EMAIL in kinds:
        problems += _email_problems(segment_no, settings)
    return problems


def _trial_renders(segment_no: str, delivered: pw.Expression) -> list[Problem]:
    """Render one line of each template × language in use, and each unique document."""
    firsts = (
        Line.select(Line.interaction_template_code, Line.language_code, pw.fn.MIN(Line.line_no))
        .where(delivered & Line.attachment_id.is_null())
        .group_by(Line.interaction_template_code, Line.language_code)
        .order_by(Line.interaction_template_code, Line.language_code)
        .tuples()
    )
    unique = (
        Line.select(Line.interaction_template_code, Line.language_code, Line.line_no)
        .where(delivered & Line.attachment_id.is_null(False))
        .order_by(Line.line_no)
        .limit(UNIQUE_DOCUMENTS_TRIED)
        .tuples()
    )
    tried = cast(list[tuple[str, str, int]], [*firsts, *unique])
    documents = Documents()
    problems: list[Problem] = []
    for template, language, line_no in tried:
        source = line_source(segment_no, line_no)
        try:
            documents.letter(source)
        except SegtuiError as exc:
            # The merge's message names the template and language; say which lines.
            lines = f"line {line_no} ({source.contact_no}) and the others on {template}"
            if language:
                lines += f" in {language}"
            problems.append(Problem(f"{exc.message} — {lines}", line_no, source.contact_no))
    return problems


def _folder_problems(folder: Path) -> list[Problem]:
    """Whether hard copies can be written into `folder` (made if missing; not made here)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return [Problem(f"hard copies cannot be written: {existing} is not a folder")]
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "" if existing == folder else f" (to make {folder})"
        return [
            Problem(f"hard copies cannot be written: no permission to write in {existing}{where}")
        ]
    return []


def _email_problems(segment_no: str, settings: Settings) -> list[Problem]:
    """A sender address for every email line, and an SMTP server that takes our login."""
    problems: list[Problem] = []
    if "@" not in (settings.company.email or settings.smtp.user):
        person = m.Salesperson
        without = (
            Line.select(pw.fn.COUNT(Line.id))
            .join(person, pw.JOIN.LEFT_OUTER, on=(person.code == Line.salesperson_code))
            .where(
                (Line.segment_no == segment_no)
                & (Line.correspondence_type == EMAIL)
                & (pw.fn.TRIM(pw.fn.COALESCE(person.email, "")) == "")
            )
            .scalar()
        )
        if without:
            problems.append(
                Problem(
                    f"{without} email(s) have no sender address: set [company] email in the "
                    "settings file"
                )
            )
    try:
        Mailer(settings.smtp).probe()
    except DeliveryFailed as exc:
        problems.append(Problem(f"emails cannot be sent: {exc}"))
    return problems
