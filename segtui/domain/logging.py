"""What logging a segment did, or would do in a dry run."""

from __future__ import annotations

from dataclasses import dataclass

from segtui.domain.wording import counted


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
    # The fault in words every line that has it shares ("no interaction template"), so
    # that a dialog can list it once with its count; "" for a problem of its own.
    shared: str = ""


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
    # Where hard copies go (the output folder) and the SMTP server emails go through
    # (host:port, "" when none is set), as the settings say at the time of the dry run.
    output_folder: str = ""
    smtp_server: str = ""

    @property
    def would_log(self) -> bool:
        """True when nothing stands in the way of logging."""
        return not self.refused

    @property
    def would_deliver(self) -> bool:
        """True when the dry run found nothing that would make delivery fail."""
        return not self.delivery_problems


def grouped_problems(problems: tuple[Problem, ...]) -> list[str]:
    """The problems in words, a fault many lines share listed once with its count
    ("20 lines: no interaction template"), in the order each first appears."""
    counts: dict[str, int] = {}
    for p in problems:
        if p.shared:
            counts[p.shared] = counts.get(p.shared, 0) + 1
    shown: list[str] = []
    done: set[str] = set()
    for p in problems:
        if not p.shared or counts[p.shared] == 1:
            shown.append(p.reason)
        elif p.shared not in done:
            done.add(p.shared)
            shown.append(f"{counted(counts[p.shared], 'line')}: {p.shared}")
    return shown


def grouped_skipped(skipped: tuple[Skipped, ...]) -> list[str]:
    """The lines logged without delivery, one reason with its count when many share it."""
    counts: dict[str, int] = {}
    for s in skipped:
        counts[s.reason] = counts.get(s.reason, 0) + 1
    shown: list[str] = []
    done: set[str] = set()
    for s in skipped:
        if counts[s.reason] == 1:
            shown.append(f"{s.contact_no}: {s.reason}")
        elif s.reason not in done:
            done.add(s.reason)
            shown.append(f"{counted(counts[s.reason], 'line')}: {s.reason}")
    return shown
