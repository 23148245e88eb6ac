"""Delivery of one interaction log entry: what happened to it, in one short line."""

from __future__ import annotations

from dataclasses import dataclass


class DeliveryFailed(Exception):
    """One entry could not be delivered; the message is the reason stored on the entry."""


@dataclass(frozen=True)
class EntryOutcome:
    """The result of delivering one entry: done (error '') or failed with a reason."""

    entry_no: int
    error: str = ""

    @property
    def delivered(self) -> bool:
        """True when the letter reached its destination."""
        return not self.error


def one_line(text: str, limit: int = 200) -> str:
    """A reason fit for the entry's error column: one line, not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
