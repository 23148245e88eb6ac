"""Saved criteria: a named, ordered list of add/reduce/refine steps, and its file form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from segtui.domain.criteria import CriteriaOptions, parse_filters
from segtui.domain.enums import ActionKind
from segtui.domain.errors import InvalidInput

_OPTION_NAMES = set(CriteriaOptions.__dataclass_fields__)


@dataclass(frozen=True)
class SavedStep:
    """One replayable step: a verb, its filters (text form) and its options."""

    kind: str
    filters: tuple[str, ...]
    options: dict[str, bool] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The step as written in a criteria file."""
        return {"kind": self.kind, "filters": list(self.filters), "options": dict(self.options)}


@dataclass(frozen=True)
class SavedCriteria:
    """A saved criteria set as listed and shown."""

    code: str
    description: str
    created_by: str
    created_at: dt.datetime | None
    steps: tuple[SavedStep, ...]

    def as_dict(self) -> dict[str, Any]:
        """The criteria as written in a TOML or JSON file."""
        return {
            "code": self.code,
            "description": self.description,
            "steps": [s.as_dict() for s in self.steps],
        }


def read_code(text: str) -> str:
    """A saved-criteria code: 1–20 letters, digits, `-` or `_`, stored upper-case."""
    code = text.strip().upper()
    if not code or len(code) > 20 or not all(c.isalnum() or c in "-_" for c in code):
        raise InvalidInput(f"criteria code {text!r} must be 1–20 letters, digits, - or _")
    return code


def read_description(raw: object, where: str) -> str:
    """A description from a file: text without control characters, cut to 100 characters."""
    text = str(raw).strip()
    bad = next((c for c in text if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise InvalidInput(f"{where}: description contains a control character (0x{ord(bad):02x})")
    return text[:100]


def step_from_dict(raw: object, where: str) -> SavedStep:
    """Check one step read from a file: a known verb, valid filters, known options."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: a step must be a table/object")
    kind = str(raw.get("kind", ""))
    try:
        verb = ActionKind(kind)
    except ValueError:
        verb = None
    if verb is None or not verb.is_criteria:
        raise InvalidInput(f"{where}: kind must be add, reduce or refine, not {kind!r}")
    filters = raw.get("filters", [])
    if not isinstance(filters, list) or not all(isinstance(f, str) for f in filters):
        raise InvalidInput(f"{where}: filters must be a list of source.field=expression texts")
    try:
        parse_filters(filters)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from None
    if verb is not ActionKind.ADD and not filters:
        raise InvalidInput(f"{where}: {kind} needs at least one filter")
    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise InvalidInput(f"{where}: options must be a table/object")
    unknown = set(options) - _OPTION_NAMES
    if unknown:
        raise InvalidInput(f"{where}: unknown option {', '.join(sorted(unknown))}")
    if not all(isinstance(v, bool) for v in options.values()):
        raise InvalidInput(f"{where}: options must be true or false")
    return SavedStep(verb.value, tuple(filters), {k: v for k, v in options.items() if v})
