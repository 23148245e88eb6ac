"""Match one record's values to a template's fields and write them as filled runs."""

from __future__ import annotations

from collections.abc import Mapping

from segtui.docs.holes import FieldHole, run_xml
from segtui.docs.template import MergeTemplate, resolve_keys
from segtui.domain.errors import InvalidInput
from segtui.domain.merge_fields import normalise_field_name


class FieldFiller:
    """Fills a template's field holes from records, through the field map, by normalised name."""

    def __init__(
        self,
        template: MergeTemplate,
        field_map: Mapping[str, str] | None = None,
        leave_unknown_empty: bool = False,
    ) -> None:
        self.template = template
        self.keys = resolve_keys(template.fields, field_map)
        self._by_norm = {normalise_field_name(n): k for n, k in self.keys.items()}
        self.leave_unknown_empty = leave_unknown_empty
        self._checked: frozenset[str] | None = None
        self._values: dict[str, str] = {}
        self._key_cache: dict[str, str] = {}

    def use(self, record: Mapping[str, object]) -> None:
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

    def fill(self, hole: FieldHole) -> str:
        """The run that replaces `hole` for the current record."""
        key = self._key_cache.get(hole.code.name)
        if key is None:
            key = self._key_cache[hole.code.name] = self._by_norm[
                normalise_field_name(hole.code.name)
            ]
        return run_xml(hole.rpr, hole.code.apply(self._values.get(key, "")))
