"""The closed vocabularies of SPEC §1, stored as their string values."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from segtui.domain.errors import InvalidInput


class LabelledEnum(StrEnum):
    """A stored value with the words a user reads for it (`label`; blank reads as '')."""

    @property
    def label(self) -> str:
        """The value as a user reads it: `hard_copy` is "Hard copy"."""
        return self.value.replace("_", " ").capitalize()


class ContactType(StrEnum):
    """A contact is a company or a person (who may belong to a company)."""

    COMPANY = "company"
    PERSON = "person"


class CorrespondenceType(LabelledEnum):
    """How an interaction reaches the contact (fax is not supported, as in Business Central)."""

    BLANK = ""
    HARD_COPY = "hard_copy"
    EMAIL = "email"


class InformationFlow(LabelledEnum):
    """Whether an interaction goes out to the contact or comes in from them."""

    BLANK = ""
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class InitiatedBy(LabelledEnum):
    """Who started an interaction."""

    BLANK = ""
    US = "us"
    THEM = "them"


class Evaluation(LabelledEnum):
    """How an interaction went, as judged afterwards."""

    BLANK = ""
    VERY_POSITIVE = "very_positive"
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    VERY_NEGATIVE = "very_negative"


class DeliveryStatus(LabelledEnum):
    """Where the delivery of an interaction log entry stands; blank means done or none."""

    BLANK = ""
    IN_PROGRESS = "in_progress"
    ERROR = "error"


class ActionKind(LabelledEnum):
    """The kinds of criteria action that change a segment's lines."""

    ADD = "add"
    REDUCE = "reduce"
    REFINE = "refine"
    REUSE_SEGMENT = "reuse_segment"
    MANUAL_ADD = "manual_add"
    MANUAL_REMOVE = "manual_remove"

    @property
    def is_criteria(self) -> bool:
        """True for the verbs that Save Criteria keeps (add, reduce, refine)."""
        return self in (ActionKind.ADD, ActionKind.REDUCE, ActionKind.REFINE)


E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], text: str, what: str) -> E:
    """Read a user's text as one of an enum's values, with a clear error listing the choices."""
    cleaned = text.strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned in ("blank", "none"):
        cleaned = ""
    try:
        return kind(cleaned)
    except ValueError:
        choices = ", ".join(v.value or "blank" for v in kind)
        raise InvalidInput(f"{what} {text!r} is not one of: {choices}") from None
