"""Characters a one-line field of segtui never stores.

C0 and C1 control characters (ESC, BEL, CR, LF, NUL…) and DEL would garble letters, CSV
exports and, replayed by `setup list` or a table, the user's terminal; NUL cannot be stored
on PostgreSQL at all. Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
make a name display as something it is not. An email address with CR/LF could add
headers to a message. Such text is refused where it is typed or imported.
"""

from __future__ import annotations

import re

# What a code may hold (setup codes, templates, salutations…): letters A–Z, digits, - and _.
CODE_SHAPE = re.compile(r"[A-Z0-9_-]+")

UNSAFE_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def code_problem(code: str) -> str | None:
    """Why `code` (already upper-cased) is not a code, or None: codes are keys typed in
    lookups, file names and filters, so only A–Z, 0–9, - and _ are allowed."""
    if CODE_SHAPE.fullmatch(code):
        return None
    bad = next(c for c in code if not CODE_SHAPE.fullmatch(c))
    shown = f"{bad!r}" if bad.isprintable() else "a control character"
    return f"may hold only letters A-Z, digits, - and _ (not {shown})"


def character_name(match: re.Match[str]) -> str:
    """An unsafe character as users can look it up: "(0x1b)" or "(U+202E)"."""
    code = ord(match.group())
    return f"(0x{code:02x})" if code < 0x100 else f"(U+{code:04X})"


def unsafe_character(text: str, allow: str = "") -> str | None:
    """The first unsafe character of `text` not in `allow`, named ("a control character
    (0x1b)"), or None."""
    found = next((m for m in UNSAFE_CHARACTER.finditer(text) if m.group() not in allow), None)
    if found is None:
        return None
    kind = "a control character" if ord(found.group()) < 0x100 else "a direction override"
    return f"{kind} {character_name(found)}"


# The longest comment a line holds (SPEC: the individualised text of one letter).
MAX_COMMENT_LENGTH = 10_000


def escaped(text: str, keep: str = "\n\t") -> str:
    """`text` with each unsafe character but those in `keep` written as a visible escape.

    The escape is JSON's own (`\\u001b`), so inside a JSON document it still reads back as
    the stored character, and on a terminal it shows instead of acting (an ESC written by
    another program to the database must never recolour or rewrite the user's screen).
    """
    return UNSAFE_CHARACTER.sub(
        lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}", text
    )
