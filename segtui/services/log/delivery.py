"""Deliver a logged segment's letters (SPEC §4): hard copies to a folder, emails over SMTP.

Each in-progress entry is merged from its snapshot and delivered; its status becomes ''
(done) or 'error' with a one-line reason, committed entry by entry so that a crash never
loses what was done. A failure never removes an entry; `logged resend` retries it.
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import peewee as pw

from segtui.config import Settings, load_settings
from segtui.db.database import DatabaseUnavailable
from segtui.db.database import one_line as db_one_line
from segtui.db.models import InteractionLogEntry
from segtui.docs.html import letter_html
from segtui.docs.letter_text import letter_text
from segtui.docs.pdf import convert_many
from segtui.domain.delivery import DeliveryFailed, EntryOutcome, one_line
from segtui.domain.enums import CorrespondenceType, DeliveryStatus
from segtui.domain.errors import SegtuiError
from segtui.domain.letters import LetterSource, entry_file_stem
from segtui.domain.logging import DeliveryReport
from segtui.services.letters.documents import Documents
from segtui.services.letters.files import ensure_folder, inside, output_folder, write_whole
from segtui.services.letters.sources import count_in_progress, entry_page
from segtui.services.log.mailer import Mailer, build_message

Progress = Callable[[int, int], None]
E = InteractionLogEntry
PAGE_SIZE = 100
EMAIL = CorrespondenceType.EMAIL.value
HARD_COPY = CorrespondenceType.HARD_COPY.value
log = logging.getLogger(__name__)


def _record(outcome: EntryOutcome) -> None:
    """Store one entry's outcome at once (its own commit), only if it is still in progress."""
    status = DeliveryStatus.ERROR.value if outcome.error else DeliveryStatus.BLANK.value
    E.update(delivery_status=status, delivery_error=outcome.error).where(
        (E.entry_no == outcome.entry_no) & (E.delivery_status == DeliveryStatus.IN_PROGRESS.value)
    ).execute()


class _Run:
    """One delivery run: the templates, the output folder and the SMTP session it shares."""

    def __init__(self, settings: Settings, out_dir: Path | None, pdf: bool) -> None:
        self.settings = settings
        self.out_dir = out_dir
        self.pdf = pdf
        self.documents = Documents()
        self.mailer = Mailer(settings.smtp)
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """The output folder for hard copies, created on first use."""
        if self._folder is None:
            self._folder = ensure_folder(output_folder(self.out_dir, self.settings))
        return self._folder

    def render(self, source: LetterSource) -> bytes:
        """The entry's letter; DeliveryFailed with the reason when it cannot be made."""
        try:
            return self.documents.letter(source)
        except SegtuiError as exc:
            raise DeliveryFailed(exc.message) from None
        except Exception as exc:  # MemoryError, a bug: this entry fails, the others go on
            # Never left in progress by a render that blew up; the traceback goes to the log.
            log.exception("entry %d: unexpected error while merging its letter", source.key)
            raise DeliveryFailed(f"unexpected error while merging: {type(exc).__name__}") from None

    def pdfs(self, letters: dict[int, tuple[str, bytes]]) -> dict[int, bytes]:
        """PDFs of a page of letters (by entry number), made in one LibreOffice run."""
        with tempfile.TemporaryDirectory(prefix="segtui-pdf-") as temp:
            folder = Path(temp)
            files = {
                n: write_whole(folder / f"{stem}.docx", data) for n, (stem, data) in letters.items()
            }
            try:
                made = convert_many(list(files.values()), folder / "pdf")
            except SegtuiError as exc:
                raise DeliveryFailed(exc.message) from None
            return {n: pdf.read_bytes() for n, pdf in zip(files, made, strict=True)}

    def hard_copy(self, stem: str, letter: bytes, pdf: bytes | None) -> None:
        """Write the letter (and its PDF) into the output folder."""
        try:
            write_whole(inside(self.folder, stem), letter)
            if pdf is not None:
                write_whole(inside(self.folder, stem, ".pdf"), pdf)
        except SegtuiError as exc:
            raise DeliveryFailed(exc.message) from None

    def email(self, source: LetterSource, stem: str, letter: bytes, pdf: bytes | None) -> None:
        """Send the letter to the contact's address from the snapshot."""
        if not source.email.strip():
            raise DeliveryFailed(f"contact {source.contact_no} has no email address")
        values = source.values
        sender = (
            values.get("Our_Email", "")
            or self.settings.smtp.user
            or values.get("Salesperson_Email", "")
        )
        if "@" not in sender:
            raise DeliveryFailed("no sender address: set [company] email in the settings file")
        subject = source.subject or values.get("Description", "")
        text = letter_text(letter).strip() + "\n"
        if source.send_as_attachment:
            attachment: bytes | None = pdf if pdf is not None else letter
            html = None
        else:
            # The letter is the message: its HTML made from the .docx, its text the
            # plain alternative; nothing attached.
            attachment, html = None, letter_html(letter, subject)
        message = build_message(
            sender=sender,
            recipient=source.email.strip(),
            subject=subject,
            body=text,
            attachment=attachment,
            filename=f"{stem}.pdf" if pdf is not None else f"{stem}.docx",
            reply_to=values.get("Salesperson_Email", ""),
            html=html,
        )
        self.mailer.send(message)

    def deliver(self, source: LetterSource, letter: bytes, pdf: bytes | None) -> None:
        """Deliver one rendered letter by the entry's correspondence type."""
        stem = entry_file_stem(source.key, source.contact_no)
        if source.correspondence_type == HARD_COPY:
            self.hard_copy(stem, letter, pdf)
        elif source.correspondence_type == EMAIL:
            self.email(source, stem, letter, pdf)
        else:
            raise DeliveryFailed(
                f"correspondence type {source.correspondence_type!r} cannot be delivered"
            )


def _guard(action: Callable[[], None], entry_no: int) -> EntryOutcome:
    """Run one entry's step; any failure becomes the entry's error, never an abort."""
    try:
        action()
    except DeliveryFailed as exc:
        return EntryOutcome(entry_no, one_line(str(exc)))
    except SegtuiError as exc:
        return EntryOutcome(entry_no, one_line(exc.message))
    except Exception as exc:  # a bug must not stop the other entries from going out
        # The entry keeps a one-line reason; the traceback, needed to fix it, goes to the log.
        log.exception("entry %d: unexpected error while delivering", entry_no)
        return EntryOutcome(entry_no, one_line(f"unexpected error: {type(exc).__name__}: {exc}"))
    return EntryOutcome(entry_no)


def _deliver_page(
    run: _Run, page: list[LetterSource], finished: Callable[[EntryOutcome], None]
) -> None:
    """Render a page of entries, make PDFs if asked (one run), deliver; record each outcome.

    `finished(outcome)` follows each entry's own commit, so a caller that stops the run
    (the TUI's Cancel raises from it) stops between two letters, not at the end of a page.
    """

    def finish(outcome: EntryOutcome) -> None:
        _record(outcome)
        finished(outcome)

    letters: dict[int, tuple[str, bytes]] = {}
    for source in page:
        if not source.correspondence_type:
            finish(EntryOutcome(source.key))  # nothing to deliver: done
            continue
        try:
            letters[source.key] = (
                entry_file_stem(source.key, source.contact_no),
                run.render(source),
            )
        except DeliveryFailed as exc:
            finish(EntryOutcome(source.key, one_line(str(exc))))
    pdfs: dict[int, bytes] = {}
    if run.pdf and letters:
        try:
            pdfs = run.pdfs(letters)
        except DeliveryFailed as exc:
            for key in letters:
                finish(EntryOutcome(key, one_line(str(exc))))
            return
    for source in page:
        if source.key not in letters:
            continue
        letter = letters[source.key][1]
        pdf = pdfs.get(source.key)
        finish(_guard(partial(run.deliver, source, letter, pdf), source.key))


def deliver_logged_segment(
    entry_no: int,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    *,
    pdf: bool = False,
) -> DeliveryReport:
    """Deliver every in-progress entry of a logged segment; count delivered and failed.

    `progress(done, total)` is called after each entry (the CLI's bar, the TUI's).
    """
    settings = load_settings()
    total = count_in_progress(entry_no)
    run = _Run(settings, out_dir, pdf)
    counted: Counter[str] = Counter()

    def finished(outcome: EntryOutcome) -> None:
        counted["failed" if outcome.error else "delivered"] += 1
        if outcome.error:
            log.warning(
                "logged segment %d, entry %d not delivered: %s",
                entry_no,
                outcome.entry_no,
                outcome.error,
            )
        if progress is not None:
            progress(counted.total(), total)

    after = 0
    try:
        while True:
            page = entry_page(entry_no, after_entry_no=after, limit=PAGE_SIZE)
            if not page:
                break
            _deliver_page(run, page, finished)
            after = page[-1].key
    except pw.DatabaseError as exc:
        # The log itself is committed, and so is every outcome recorded before this; the
        # generic "nothing was changed" would be false, so say what stands and what to do.
        raise DatabaseUnavailable(
            f"database error while recording deliveries: {db_one_line(exc)}; "
            f"{counted.total()} of {total} recorded, the rest stay in progress: "
            f"run `segtui logged resend {entry_no}` to finish them"
        ) from None
    finally:
        run.mailer.close()
        # Also when the run stopped part-way (a database error, the TUI's Cancel).
        log.info(
            "delivery of logged segment %d: %d delivered, %d failed, %d of %d done",
            entry_no,
            counted["delivered"],
            counted["failed"],
            counted.total(),
            total,
        )
    return DeliveryReport(counted["delivered"], counted["failed"])
