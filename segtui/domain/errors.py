"""Errors a user can cause, each with a message written for that user."""


class SegtuiError(Exception):
    """A mistake or refusal the user should read; shown as one line, never a traceback."""

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
