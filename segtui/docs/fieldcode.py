"""Read a MERGEFIELD's code (name and switches) and apply its switches to a value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from segtui.docs.pictures import format_date, format_number

# A quoted argument (Word also writes curly quotes), a switch such as \* or \b, or a word.
_TOKEN = re.compile(r'"([^"]*)"|“([^”]*)”|(\\\S)|([^\s\\]+)')


@dataclass(frozen=True, slots=True)
class MergeFieldCode:
    """What a MERGEFIELD asks for: the field name and the text switches that shape the value."""

    name: str
    case: str = ""  # \* Upper | Lower | FirstCap | Caps
    before: str = ""  # \b: text put before a non-empty value
    after: str = ""  # \f: text put after a non-empty value
    date: str = ""  # \@: a date picture such as "d MMMM yyyy"
    number: str = ""  # \#: a numeric picture such as "#,##0.00"

    def apply(self, value: str, language: str = "") -> str:
        """The value as the field shows it (month names, decimal marks in `language`)."""
        if not value:
            return ""
        if self.date:
            value = format_date(value, self.date, language)
        if self.number:
            value = format_number(value, self.number, language)
        if self.case == "upper":
            value = value.upper()
        elif self.case == "lower":
            value = value.lower()
        elif self.case == "firstcap":
            value = value[:1].upper() + value[1:]
        elif self.case == "caps":
            value = " ".join(w[:1].upper() + w[1:] for w in value.split(" "))
        return f"{self.before}{value}{self.after}"


def _tokens(code: str) -> list[tuple[str, bool]]:
    """(text, is_switch) pairs; quoted text is never a switch."""
    out = []
    for m in _TOKEN.finditer(code):
        if m.group(3) is not None:
            out.append((m.group(3), True))
        else:
            text = next(g for g in (m.group(1), m.group(2), m.group(4)) if g is not None)
            out.append((text, False))
    return out


def parse_mergefield(code: str) -> MergeFieldCode | None:
    """The MERGEFIELD in a field code, or None when the code is another kind of field."""
    tokens = _tokens(code)
    if len(tokens) < 2 or tokens[0][1] or tokens[0][0].upper() != "MERGEFIELD":
        return None
    name, is_switch = tokens[1]
    name = " ".join(name.split())
    if is_switch or not name:
        return None
    case = before = after = date = number = ""
    rest = tokens[2:]
    for i, (text, is_switch) in enumerate(rest):
        arg = rest[i + 1][0] if i + 1 < len(rest) and not rest[i + 1][1] else ""
        if not is_switch:
            continue
        if text == "\\*" and arg.lower() in ("upper", "lower", "firstcap", "caps"):
            case = arg.lower()
        elif text == "\\b":
            before = arg
        elif text == "\\f":
            after = arg
        elif text == "\\@":
            date = arg
        elif text == "\\#":
            number = arg
    return MergeFieldCode(name, case, before, after, date, number)
