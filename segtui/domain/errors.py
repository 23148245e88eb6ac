"""Errors a user can cause, each with a message written for that user."""

from collections.abc import Iterator
from contextlib import contextmanager


class SegtuiError(Exception):
    """A mistake or refusal the user should read; shown as one line, never a traceback.

    `field`, when given, is the key of the field the user typed the faulty value in (a
    column name such as `interaction_template_code`): a form focuses that field.
    """

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        self.field = field

    @property
    def message(self) -> str:
        """The text shown to the user."""
        return str(self.args[0]) if self.args else self.__class__.__name__


class NotFound(SegtuiError):
    """A segment, contact, template or other record named by the user does not exist."""


class InvalidInput(SegtuiError):
    """A value typed by the user (filter, date, number, field) is malformed."""


class Refused(SegtuiError):
    """The operation is not allowed in the current state (e.g. logging an empty segment)."""


class Conflict(SegtuiError):
    """Someone else changed the data first (concurrent log, stale line edit)."""


class SegmentBusy(Conflict):
    """Another user holds the segment's lock for longer than segtui waits."""


class SegmentChanged(Conflict):
    """The segment changed since the user looked at it; the confirmation is refused."""


@contextmanager
def about_field(field: str) -> Iterator[None]:
    """Name `field` in a user error raised inside (unless it names one already)."""
    try:
        yield
    except SegtuiError as exc:
        if exc.field is None:
            exc.field = field
        raise
