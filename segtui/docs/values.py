"""Match one record's values to a template's fields and write them as filled runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from segtui.docs.conditions import holds
from segtui.docs.fieldcode import MergeFieldCode
from segtui.docs.holes import (
    Condition,
    FieldHole,
    FillHole,
    IfHole,
    MoveHole,
    Operand,
    TextPiece,
    run_xml,
)
from segtui.docs.template import MergeTemplate, resolve_keys
from segtui.domain.errors import InvalidInput
from segtui.domain.merge_fields import normalise_field_name

Record = Mapping[str, object]


class LanguageRecord(dict[str, object]):
    """A record's values with the language its letter is in (for month names, decimals)."""

    def __init__(self, values: Record, language: str) -> None:
        super().__init__(values)
        self.language = language


class SkipRecord(Exception):  # control flow inside a merge, never shown to the user
    """A SKIPIF held: the copy being written is dropped and the next record starts anew."""


class FieldFiller:
    """Fills a template's field holes from records, through the field map, by normalised name."""

    def __init__(
        self,
        template: MergeTemplate,
        field_map: Mapping[str, str] | None = None,
        leave_unknown_empty: bool = False,
        language: str = "",
    ) -> None:
        self.template = template
        self.default_language = self.language = language
        self.keys = resolve_keys(template.fields, field_map)
        self._by_norm = {normalise_field_name(n): k for n, k in self.keys.items()}
        self.leave_unknown_empty = leave_unknown_empty
        self._checked: frozenset[str] | None = None
        self._values: dict[str, str] = {}
        self._key_cache: dict[str, str] = {}
        # Where NEXT takes the next record from (None: this output cannot move on).
        self._source: Callable[[], Record | None] | None = None

    def use(self, record: Record) -> None:
        """Take `record` as the values for the next fills; unknown fields are an error."""
        values = {
            normalise_field_name(str(k)): "" if v is None else str(v) for k, v in record.items()
        }
        names = frozenset(values)
        if names != self._checked and not self.leave_unknown_empty:
            missing = [n for n, key in self.keys.items() if key not in values]
            if missing:
                raise InvalidInput(
                    f"{self.template.label}: no value for the template field(s) "
                    f"{', '.join(missing)} (map them to known fields or leave them empty)"
                )
            self._checked = names
        self._values = values
        self.language = getattr(record, "language", "") or self.default_language

    def snapshot(self) -> tuple[dict[str, str], str]:
        """The current record's values and language, to `restore` after NEXT has moved on."""
        return self._values, self.language

    def restore(self, state: tuple[dict[str, str], str]) -> None:
        """Go back to what `snapshot` took."""
        self._values, self.language = state

    def feed(self, source: Callable[[], Record | None] | None) -> None:
        """Where NEXT, NEXTIF take their next record from; None outside the body."""
        self._source = source

    def _value(self, code: MergeFieldCode) -> str:
        key = self._key_cache.get(code.name)
        if key is None:
            key = self._key_cache[code.name] = self._by_norm[normalise_field_name(code.name)]
        return code.apply(self._values.get(key, ""), self.language)

    def _text(self, operand: Operand) -> str:
        """An argument's plain text for a comparison."""
        out = []
        for p in operand.pieces:
            if isinstance(p, TextPiece):
                out.append(p.text)
            elif isinstance(p, FieldHole):
                out.append(self._value(p.code))
            else:
                out.append(self._text(self._chosen(p)))
        return "".join(out)

    def _holds(self, c: Condition) -> bool:
        return holds(self._text(c.left), c.op, self._text(c.right), c.right.quoted)

    def _chosen(self, hole: IfHole) -> Operand:
        return hole.then if self._holds(hole.condition) else hole.other

    def _move(self, hole: MoveHole) -> None:
        if self._source is None:
            return  # in a header, footer or note: records move on in the body only
        if hole.kind == "skipif":
            if hole.condition is not None and self._holds(hole.condition):
                raise SkipRecord
            return
        if hole.kind == "next" or (hole.condition is not None and self._holds(hole.condition)):
            record = self._source()
            # Past the last record Word leaves the remaining slots empty.
            self._values = {} if record is None else self._use_quietly(record)

    def _use_quietly(self, record: Record) -> dict[str, str]:
        self.use(record)
        return self._values

    def fill(self, hole: FillHole) -> str:
        """The XML that replaces `hole` for the current record."""
        if type(hole) is FieldHole:
            return run_xml(hole.rpr, self._value(hole.code))
        if type(hole) is IfHole:
            out = []
            for p in self._chosen(hole).pieces:
                if isinstance(p, TextPiece):
                    out.append(run_xml(p.rpr, p.text))
                else:
                    out.append(self.fill(p))
            return "".join(out)
        if type(hole) is MoveHole:
            self._move(hole)
        return ""
