"""Log a segment (SPEC §2.5): freeze its lines as interaction log entries, in one transaction.

Checks, the logged segment, the entries (one INSERT … SELECT), the removal of the open
segment and the optional follow-up segment all happen in one write transaction, so a crash
leaves either nothing or the complete log. Delivery runs afterwards, outside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import peewee as pw

from segtui.config import load_settings
from segtui.db.models import (
    Contact,
    CriteriaAction,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    LoggedSegment,
    Salesperson,
    SegmentHeader,
    SegmentLine,
    now,
)
from segtui.db.proxy import db
from segtui.domain.enums import CorrespondenceType, DeliveryStatus
from segtui.domain.errors import NotFound, Refused, SegtuiError
from segtui.domain.logging import LogResult, Problem, Skipped, TypeCount
from segtui.services.letters.files import output_folder
from segtui.services.letters.sources import formula_sql, join_formulas
from segtui.services.log.delivery import deliver_logged_segment
from segtui.services.log.preflight import delivery_problems
from segtui.services.segments.follow_up import (
    create_follow_up_segment,
    header_to_json,
    with_defaults,
)
from segtui.services.segments.guard import segment_write
from segtui.services.session import current_user

EMAIL = CorrespondenceType.EMAIL.value
IN_PROGRESS = DeliveryStatus.IN_PROGRESS.value
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Check:
    """What the checks found: problems that refuse Log, lines logged undelivered, counts."""

    problems: tuple[Problem, ...]
    skipped: tuple[Skipped, ...]
    per_type: tuple[TypeCount, ...]
    lines: int

    @property
    def to_deliver(self) -> int:
        """Entries that get a correspondence type, i.e. that delivery will handle."""
        return sum(t.count for t in self.per_type if t.correspondence_type)


def _no_email() -> pw.Expression:
    """True for a line whose type is email while its contact has no email address."""
    return (SegmentLine.correspondence_type == EMAIL) & (pw.fn.TRIM(Contact.email) == "")


def _line_problems(segment_no: str, send: bool) -> tuple[list[Problem], list[Skipped]]:
    """Every line that refuses Log or is logged undelivered, from one query over the lines."""
    query = (
        SegmentLine.select(
            SegmentLine.line_no,
            SegmentLine.contact_no,
            SegmentLine.interaction_template_code,
            Contact.no.alias("found_contact"),
            InteractionTemplate.code.alias("found_template"),
            _no_email().alias("no_email"),
        )
        .join(Contact, pw.JOIN.LEFT_OUTER, on=(Contact.no == SegmentLine.contact_no))
        .join_from(
            SegmentLine,
            InteractionTemplate,
            pw.JOIN.LEFT_OUTER,
            on=(InteractionTemplate.code == SegmentLine.interaction_template_code),
        )
        .where(
            (SegmentLine.segment_no == segment_no)
            & (Contact.no.is_null() | InteractionTemplate.code.is_null() | _no_email())
        )
        .order_by(SegmentLine.line_no)
        .tuples()
    )
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    # Only the lines at fault come back, to be reported one by one.
    rows = cast(Iterable[tuple[Any, ...]], query)
    for line_no, contact_no, template, found_contact, found_template, no_email in rows:
        where = f"line {line_no}" + (f" ({contact_no})" if contact_no else "")
        if not contact_no:
            problems.append(Problem(f"{where} has no contact", line_no, contact_no, "no contact"))
        elif found_contact is None:
            problems.append(
                Problem(
                    f"{where}: contact {contact_no} does not exist",
                    line_no,
                    contact_no,
                    "their contact does not exist",
                )
            )
        if not template:
            problems.append(
                Problem(
                    f"{where} has no interaction template",
                    line_no,
                    contact_no,
                    "no interaction template",
                )
            )
        elif found_template is None:
            problems.append(
                Problem(
                    f"{where}: interaction template {template} does not exist",
                    line_no,
                    contact_no,
                    f"interaction template {template} does not exist",
                )
            )
        if no_email:
            if send:
                problems.append(
                    Problem(
                        f"{where} is an email but contact {contact_no} has no email address",
                        line_no,
                        contact_no,
                        "an email, but the contact has no email address",
                    )
                )
            else:
                skipped.append(
                    Skipped(
                        contact_no,
                        "no email address: logged without a correspondence type",
                        line_no,
                    )
                )
    return problems, skipped


def _per_type(segment_no: str, cleared: int) -> tuple[TypeCount, ...]:
    """Entries per correspondence type, counting `cleared` email lines as having none."""
    query = (
        SegmentLine.select(SegmentLine.correspondence_type, pw.fn.COUNT(pw.SQL("*")))
        .where(SegmentLine.segment_no == segment_no)
        .group_by(SegmentLine.correspondence_type)
        .tuples()
    )
    counts: Counter[str] = Counter(dict(cast(Iterable[tuple[str, int]], query)))
    if cleared:
        counts[EMAIL] -= cleared
        counts[""] += cleared
    return tuple(TypeCount(kind, n) for kind, n in sorted(counts.items()) if n)


def _check(header: SegmentHeader, send: bool) -> _Check:
    """Run every check of SPEC §2.5 on an open segment, collecting all problems."""
    problems: list[Problem] = []
    if not header.description.strip():
        problems.append(Problem(f"segment {header.no} has no description"))
    lines = SegmentLine.select().where(SegmentLine.segment_no == header.no).count()
    if lines == 0:
        problems.append(Problem(f"segment {header.no} has no lines"))
    line_problems, skipped = _line_problems(header.no, send)
    problems.extend(line_problems)
    per_type = _per_type(header.no, len(skipped))
    return _Check(tuple(problems), tuple(skipped), per_type, lines)


def _already_logged(segment_no: str) -> LoggedSegment | None:
    """The logged segment made from this segment number, if it was logged."""
    return (
        LoggedSegment.select()
        .where(LoggedSegment.segment_no == segment_no)
        .order_by(LoggedSegment.entry_no.desc())
        .first()
    )


def _find_header(segment_no: str) -> SegmentHeader | Problem:
    """The open segment's header, or why it cannot be logged (for the dry run)."""
    header = SegmentHeader.get_or_none(SegmentHeader.no == segment_no)
    if header is not None:
        return header
    logged = _already_logged(segment_no)
    if logged is None:
        raise NotFound(f"segment {segment_no!r} does not exist")
    return Problem(f"segment {segment_no} is already logged (logged segment {logged.entry_no})")


def _refusal(segment_no: str, problems: tuple[Problem, ...]) -> Refused:
    """One line naming the first problem and how many more there are."""
    message = f"cannot log {segment_no}: {problems[0].reason}"
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more; see segment log --dry-run)"
    return Refused(message)


# The contact's company, and the template's document in the line's / default language.
_COMPANY = Contact.alias("company")
_LINE_LANGUAGE = InteractionTemplateLanguage.alias("line_language")
_DEFAULT_LANGUAGE = InteractionTemplateLanguage.alias("default_language")


def _entry_columns(
    logged_entry_no: int, today: dt.date, time: dt.time, user: str, send: bool
) -> list[tuple[pw.Field, pw.Node]]:
    """Each entry column and the SQL expression over the line's joins that fills it."""
    company = _COMPANY
    line = SegmentLine
    if send:
        status: pw.Node = pw.Case(None, [(line.correspondence_type != "", IN_PROGRESS)], "")
    else:
        status = pw.Value("")
    company_name = pw.Case(
        None, [(Contact.type == "company", Contact.name)], pw.fn.COALESCE(company.name, "")
    )
    e = InteractionLogEntry
    columns: list[tuple[pw.Field, pw.Node]] = [
        (e.contact_no, line.contact_no),
        (e.contact_company_no, line.contact_company_no),
        (e.date, pw.fn.COALESCE(line.date, today)),
        (e.time, pw.Value(time)),
        (e.description, line.description),
        (e.subject, line.subject),
        (e.interaction_group_code, pw.fn.COALESCE(InteractionTemplate.group_code, "")),
        (e.interaction_template_code, line.interaction_template_code),
        (e.language_code, line.language_code),
        (e.correspondence_type, line.correspondence_type),
        (e.information_flow, line.information_flow),
        (e.initiated_by, line.initiated_by),
        (e.cost, line.unit_cost),
        (e.duration_min, line.unit_duration_min),
        (e.salesperson_code, line.salesperson_code),
        (e.campaign_no, line.campaign_no),
        (e.campaign_target, line.campaign_target),
        (e.campaign_response, line.campaign_response),
        (e.segment_no, line.segment_no),
        (e.logged_segment_entry_no, pw.Value(logged_entry_no)),
        (e.user_id, pw.Value(user)),
        (e.delivery_status, status),
        # The line's own document, else the template's for the line's language, else the
        # template's for its default language.
        (
            e.attachment_id,
            pw.fn.COALESCE(
                line.attachment_id,
                _LINE_LANGUAGE.attachment_id,
                _DEFAULT_LANGUAGE.attachment_id,
            ),
        ),
        (e.attachment_unique, line.attachment_id.is_null(False)),
        (e.send_as_attachment, line.send_as_attachment),
        (e.comment, line.comment),
        (e.merge_contact_name, Contact.name),
        (e.merge_company_name, company_name),
        (e.merge_first_name, Contact.first_name),
        (e.merge_surname, Contact.surname),
        (e.merge_salutation, Contact.salutation),
        (e.merge_job_title, Contact.job_title),
        (e.merge_address, Contact.address),
        (e.merge_address_2, Contact.address_2),
        (e.merge_post_code, Contact.post_code),
        (e.merge_city, Contact.city),
        (e.merge_county, Contact.county),
        (e.merge_country_code, Contact.country_code),
        (e.merge_phone, Contact.phone),
        (e.merge_mobile, Contact.mobile),
        (e.merge_email, Contact.email),
        (e.merge_salesperson_name, pw.fn.COALESCE(Salesperson.name, "")),
        (e.merge_salesperson_email, pw.fn.COALESCE(Salesperson.email, "")),
        (e.merge_salesperson_phone, pw.fn.COALESCE(Salesperson.phone, "")),
        (e.merge_salesperson_job_title, pw.fn.COALESCE(Salesperson.job_title, "")),
        (e.merge_formal_formula, formula_sql("formal")),
        (e.merge_informal_formula, formula_sql("informal")),
    ]
    return with_defaults(InteractionLogEntry, columns)


def _insert_entries(segment_no: str, columns: list[tuple[pw.Field, pw.Node]]) -> int:
    """Write one entry per line, in line order, with one INSERT … SELECT; return the count."""
    company = _COMPANY
    query = (
        SegmentLine.select(*(source for _, source in columns))
        .join(Contact, on=(Contact.no == SegmentLine.contact_no))
        .join_from(
            SegmentLine,
            InteractionTemplate,
            on=(InteractionTemplate.code == SegmentLine.interaction_template_code),
        )
        .join_from(Contact, company, pw.JOIN.LEFT_OUTER, on=(company.no == Contact.company_no))
        .join_from(
            SegmentLine,
            Salesperson,
            pw.JOIN.LEFT_OUTER,
            on=(Salesperson.code == SegmentLine.salesperson_code),
        )
        .join_from(
            SegmentLine,
            _LINE_LANGUAGE,
            pw.JOIN.LEFT_OUTER,
            on=(
                (_LINE_LANGUAGE.template == SegmentLine.interaction_template_code)
                & (_LINE_LANGUAGE.language_code == SegmentLine.language_code)
            ),
        )
        .join_from(
            InteractionTemplate,
            _DEFAULT_LANGUAGE,
            pw.JOIN.LEFT_OUTER,
            on=(
                (_DEFAULT_LANGUAGE.template == InteractionTemplate.code)
                & (_DEFAULT_LANGUAGE.language_code == InteractionTemplate.language_code_default)
            ),
        )
    )
    query = join_formulas(query, Contact, SegmentLine.language_code)
    query = query.where(SegmentLine.segment_no == segment_no).order_by(SegmentLine.line_no)
    insert = InteractionLogEntry.insert_from(query, [target for target, _ in columns])
    cursor = db.execute(insert)
    return int(cursor.rowcount)


def _clear_email_without_address(segment_no: str) -> None:
    """With sending off, email lines whose contact has no address are logged with no type."""
    no_address = Contact.select(Contact.no).where(pw.fn.TRIM(Contact.email) == "")
    SegmentLine.update(correspondence_type="").where(
        (SegmentLine.segment_no == segment_no)
        & (SegmentLine.correspondence_type == EMAIL)
        & SegmentLine.contact_no.in_(no_address)
    ).execute()


def _remove_open_segment(segment_no: str) -> None:
    """Delete the segment's lines, criteria actions (their history cascades) and header."""
    SegmentLine.delete().where(SegmentLine.segment_no == segment_no).execute()
    CriteriaAction.delete().where(CriteriaAction.segment_no == segment_no).execute()
    SegmentHeader.delete().where(SegmentHeader.no == segment_no).execute()


def preview_log(segment_no: str, *, send: bool = True, out_dir: Path | None = None) -> LogResult:
    """The dry run: what Log would do, with every problem listed; nothing is written.

    With `send`, the delivery preflight too (services/log/preflight.py): what would make
    the letters and emails fail once logged.
    """
    with db.atomic():  # one consistent view of the segment
        found = _find_header(segment_no)
        if isinstance(found, Problem):
            return LogResult(segment_no, None, 0, None, 0, 0, (), (), (found,), dry_run=True)
        check = _check(found, send)
        version = found.version
        settings = load_settings()
        delivery = tuple(delivery_problems(segment_no, out_dir, settings)) if send else ()
    smtp = settings.smtp
    return LogResult(
        segment_no=segment_no,
        logged_segment_entry_no=None,
        interactions=check.lines,
        follow_up_segment_no=None,
        delivered=0,
        failed=0,
        skipped=check.skipped,
        per_correspondence_type=check.per_type,
        refused=check.problems,
        dry_run=True,
        version=version,
        delivery_problems=delivery,
        output_folder=str(output_folder(out_dir, settings)),
        smtp_server=f"{smtp.host}:{smtp.effective_port}" if smtp.host else "",
    )


def log_segment(
    segment_no: str,
    *,
    send: bool = True,
    follow_up: bool = False,
    dry_run: bool = False,
    out_dir: Path | None = None,
    pdf: bool = False,
    progress: Callable[[int, int], None] | None = None,
    shown_version: int | None = None,
) -> LogResult:
    """Log an open segment (SPEC §2.5); with `dry_run`, only report what would happen.

    Raises NotFound for an unknown segment and Refused (naming the first problem) when any
    check fails, changing nothing. With `send`, entries that have a correspondence type are
    delivered after the transaction (hard copies into `out_dir`, as PDF too with `pdf`;
    `progress(done, total)` after each entry). An entry that cannot be delivered ends as
    'error' and counts as failed; if delivery itself stops, `delivery_error` says why and
    the entries not reached stay in progress for `logged resend`. With `shown_version`
    (the version a confirmation or a dry run showed), a segment that changed since is
    refused (SegmentChanged) and nothing is logged.
    """
    if dry_run:
        return preview_log(segment_no, send=send, out_dir=out_dir)
    settings = load_settings()  # before the transaction: a bad settings file changes nothing
    with segment_write(segment_no, shown_version=shown_version) as write:
        header = write.header
        check = _check(header, send)
        if check.problems:
            raise _refusal(segment_no, check.problems)
        stamp = now()
        logged = LoggedSegment.create(
            segment_no=segment_no,
            description=header.description,
            created_at=stamp,
            created_by=current_user(),
            no_of_interactions=check.lines,
            header=header_to_json(header),
            our_company=json.dumps(dataclasses.asdict(settings.company), ensure_ascii=False),
        )
        if check.skipped:
            _clear_email_without_address(segment_no)
        columns = _entry_columns(logged.entry_no, stamp.date(), stamp.time(), current_user(), send)
        written = _insert_entries(segment_no, columns)
        if written != check.lines:  # the lines changed under us: never log half a segment
            raise Refused(f"cannot log {segment_no}: its lines changed while logging; try again")
        _remove_open_segment(segment_no)
        header_values = json.loads(logged.header)
        follow_up_no = (
            create_follow_up_segment(segment_no, header_values, logged.entry_no)
            if follow_up
            else None
        )
    log.info(
        "segment %s logged as logged segment %d: %d entries written by %s%s",
        segment_no,
        logged.entry_no,
        written,
        current_user(),
        f", follow-up segment {follow_up_no}" if follow_up_no else "",
    )
    delivered = failed = 0
    delivery_error = ""
    if send and check.to_deliver:
        try:
            report = deliver_logged_segment(logged.entry_no, out_dir, progress, pdf=pdf)
            delivered, failed = report.delivered, report.failed
        except SegtuiError as exc:  # the log is committed: report, never undo it
            delivery_error = exc.message
            log.warning("delivery of logged segment %d stopped: %s", logged.entry_no, exc.message)
    return LogResult(
        segment_no=segment_no,
        logged_segment_entry_no=logged.entry_no,
        interactions=written,
        follow_up_segment_no=follow_up_no,
        delivered=delivered,
        failed=failed,
        skipped=check.skipped,
        per_correspondence_type=check.per_type,
        delivery_error=delivery_error,
        output_folder=str(output_folder(out_dir, settings)),
    )
