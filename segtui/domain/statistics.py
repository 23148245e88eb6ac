"""Counts over interaction log entries: a logged segment's or a campaign's, and why
deliveries failed."""

from __future__ import annotations

import decimal
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """How many entries share one value (a correspondence type, a status, a reason…)."""

    label: str
    count: int


@dataclass(frozen=True)
class EntryStatistics:
    """What a set of interaction log entries adds up to (canceled entries left out)."""

    title: str
    entries: int
    canceled: int
    by_correspondence_type: tuple[Tally, ...]
    by_delivery_status: tuple[Tally, ...]
    by_evaluation: tuple[Tally, ...]
    cost: decimal.Decimal
    duration_min: decimal.Decimal
