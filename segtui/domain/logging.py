"""What logging a segment did, or would do in a dry run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """A line that is logged without delivery, and why (e.g. an email line with no address)."""

    contact_no: str
    reason: str
    line_no: int | None = None


@dataclass(frozen=True)
class Problem:
    """Something that makes Log refuse: about the whole segment (no line) or one line."""

    reason: str
    line_no: int | None = None
    contact_no: str = ""


@dataclass(frozen=True)
class TypeCount:
    """How many entries Log writes with one correspondence type ('' = none, not delivered)."""

    correspondence_type: str
    count: int


@dataclass(frozen=True)
class DeliveryReport:
    """What the delivery engine did with a logged segment's in-progress entries."""

    delivered: int
    failed: int


@dataclass(frozen=True)
class LogResult:
    """The outcome of Log (or of its dry run, where nothing is written and numbers are None)."""

    segment_no: str
    logged_segment_entry_no: int | None
    interactions: int
    follow_up_segment_no: str | None
    delivered: int
    failed: int
    skipped: tuple[Skipped, ...]
    per_correspondence_type: tuple[TypeCount, ...]
    refused: tuple[Problem, ...] = ()
    dry_run: bool = False
    # Why delivery stopped, when it did; the log itself stands and can be re-sent.
    delivery_error: str = ""
    # The segment's version the dry run saw (`segment log --if-version` passes it back).
    version: int | None = None
    # What the dry run's delivery preflight found (letters that would not render, no
    # output folder, no SMTP server…): Log itself could go ahead, delivery would fail.
    delivery_problems: tuple[Problem, ...] = ()

    @property
    def would_log(self) -> bool:
        """True when nothing stands in the way of logging."""
        return not self.refused

    @property
    def would_deliver(self) -> bool:
        """True when the dry run found nothing that would make delivery fail."""
        return not self.delivery_problems
