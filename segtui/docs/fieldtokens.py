"""Read a field code made of text and nested fields: IF, NEXT, NEXTIF, SKIPIF, MERGEFIELD.

Word writes a field's code as instrText runs with the codes of nested fields in between
(`{ IF { MERGEFIELD Gender } = "F" "Dear Madam" "Dear Sir" }`), so the code is read as
pieces — text with its run's formatting, or an already-read nested field — and cut into
Word's arguments: words, "quoted text", operators and switches.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from segtui.docs.fieldcode import parse_mergefield
from segtui.docs.holes import (
    Condition,
    FieldHole,
    FillHole,
    IfHole,
    MoveHole,
    Operand,
    Piece,
    TextPiece,
)
from segtui.domain.errors import InvalidInput

OPERATORS = ("=", "<>", "<", "<=", ">", ">=")
# Fields that would ask the user, read another file or count records: Word alone can fill
# them, so a template with one is refused rather than merged with a stale result.
REFUSED_FIELDS = frozenset({"ASK", "FILLIN", "DATABASE", "INCLUDETEXT", "MERGEREC", "MERGESEQ"})
FILLED_FIELDS = frozenset({"MERGEFIELD", "IF", "NEXT", "NEXTIF", "SKIPIF"})
_OPENING, _CLOSING = '"“', '"”'


@dataclass(frozen=True, slots=True)
class Token:
    """One argument of a field code: its kind ("word", "quoted", "op", "switch") and pieces."""

    kind: str
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        """The token's literal text (nested fields left out)."""
        return "".join(p.text for p in self.pieces if isinstance(p, TextPiece))


class _Tokeniser:
    """Cuts code pieces into tokens, character by character, keeping each run's formatting."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.current: list[Piece] | None = None
        self.kind = ""
        self.chars: list[str] = []
        self.rpr = ""
        self.quoted = False
        self.switch_open = False  # a backslash ended the last piece: its letter comes next

    def _start(self, kind: str) -> None:
        self._end()
        self.current, self.kind = [], kind

    def _flush(self) -> None:
        if self.chars and self.current is not None:
            self.current.append(TextPiece("".join(self.chars), self.rpr))
        self.chars = []

    def _end(self) -> None:
        if self.current is not None:
            self._flush()
            self.tokens.append(Token(self.kind, tuple(self.current)))
        self.current = None

    def _char(self, ch: str, rpr: str) -> None:
        if self.current is None or self.kind in ("op", "switch"):
            self._start("word")
        if rpr != self.rpr:
            self._flush()
            self.rpr = rpr
        self.chars.append(ch)

    def text(self, text: str, rpr: str) -> None:
        """Read literal code text written with formatting `rpr`."""
        i = 0
        while i < len(text):
            ch = text[i]
            if self.switch_open:  # Word splits codes anywhere, even inside "\*"
                self.switch_open = False
                self.chars.append(ch)
                self._end()
            elif self.quoted:
                if ch == "\\" and text[i + 1 : i + 2] in ('"', "\\") and i + 1 < len(text):
                    self._char(text[i + 1], rpr)  # \" is a quote inside quoted text
                    i += 2
                    continue
                if ch in _CLOSING:
                    self.quoted = False
                    self._end()
                else:
                    self._char(ch, rpr)
            elif ch in _OPENING:
                self._start("quoted")
                self.quoted = True
            elif ch.isspace():
                self._end()
            elif ch in "<>=":
                if (
                    self.kind == "op"
                    and self.current is not None
                    and "".join(self.chars) + ch
                    in (
                        "<=",
                        ">=",
                        "<>",
                    )
                ):
                    self.chars.append(ch)
                else:
                    self._start("op")
                    self.rpr = rpr
                    self.chars.append(ch)
            elif ch == "\\":
                self._start("switch")
                self.chars = [ch]
                self.switch_open = True
            else:
                self._char(ch, rpr)
            i += 1

    def field(self, piece: Piece) -> None:
        """Read a nested field (part of the current argument)."""
        if self.current is None or (not self.quoted and self.kind != "word"):
            self._start("quoted" if self.quoted else "word")
        self._flush()
        assert self.current is not None
        self.current.append(piece)

    def finish(self) -> list[Token]:
        """The tokens read."""
        self._end()
        return self.tokens


def tokenize(pieces: list[Piece]) -> list[Token]:
    """The arguments of a field code given as text pieces and nested fields."""
    reader = _Tokeniser()
    for piece in pieces:
        if isinstance(piece, TextPiece):
            reader.text(piece.text, piece.rpr)
        else:
            reader.field(piece)
    return reader.finish()


def field_kind(pieces: list[Piece]) -> str:
    """The field's kind as Word names it (its first word, upper case), "" for none."""
    lead = []
    for p in pieces:  # Word splits codes anywhere, even inside the keyword
        if not isinstance(p, TextPiece):
            break
        lead.append(p.text)
    words = "".join(lead).split(None, 1)
    return words[0].upper() if words and words[0][0] not in _OPENING else ""


def _arguments(tokens: list[Token]) -> list[Token]:
    """The arguments after the field's kind, without switches (and their own arguments)."""
    out: list[Token] = []
    skip = False
    for token in tokens[1:]:
        if token.kind == "switch":
            skip = True
            continue
        if skip and token.kind in ("word", "quoted"):
            skip = False
            continue
        skip = False
        out.append(token)
    return out


def _operand(token: Token | None) -> Operand:
    if token is None:
        return Operand()
    return Operand(token.pieces, token.kind == "quoted")


def _condition(args: list[Token], shown: str) -> Condition:
    if len(args) < 3 or args[1].kind != "op" or args[1].text not in OPERATORS:
        raise InvalidInput(
            f"the field {{{shown}}} cannot be read: it needs 'expression operator expression' "
            "with one of = <> < <= > >="
        )
    return Condition(_operand(args[0]), args[1].text, _operand(args[2]))


def _keeps_format(tokens: list[Token]) -> bool:
    """Whether the code ends in `\\* MERGEFORMAT` (the result keeps its last formatting)."""
    return any(
        t.kind == "switch" and t.text == "\\*" and n.text.upper() == "MERGEFORMAT"
        for t, n in itertools.pairwise(tokens)
    )


def _formatted(operand: Operand, rpr: str) -> Operand:
    """The result's text shown with `rpr` where the code gave it no formatting of its own."""
    pieces = tuple(
        TextPiece(p.text, rpr) if isinstance(p, TextPiece) and not p.rpr else p
        for p in operand.pieces
    )
    return Operand(pieces, operand.quoted)


def shown_code(pieces: list[Piece]) -> str:
    """The code as a user reads it, nested fields shown as { … }, for messages."""
    out = []
    for p in pieces:
        if isinstance(p, TextPiece):
            out.append(p.text)
        elif isinstance(p, FieldHole):
            out.append(f"{{MERGEFIELD {p.code.name}}}")
        else:
            out.append("{IF …}")
    return " ".join("".join(out).split())[:120]


def read_field(pieces: list[Piece], rpr: str) -> FillHole | None:
    """The hole a field's code stands for; None for a field segtui leaves to Word (PAGE …).

    `rpr` is the formatting a MERGEFIELD's value keeps. Refuses fields segtui cannot fill
    and fields it would leave that hold merge fields (their result would be stale).
    """
    kind = field_kind(pieces)
    shown = shown_code(pieces)
    if kind == "MERGEFIELD":
        if any(not isinstance(p, TextPiece) for p in pieces):
            raise InvalidInput(f"the field {{{shown}}} names its field through another field")
        code = parse_mergefield("".join(p.text for p in pieces if isinstance(p, TextPiece)))
        return FieldHole(code, rpr) if code is not None else None
    if kind in ("IF", "NEXTIF", "SKIPIF"):
        tokens = tokenize(pieces)
        args = _arguments(tokens)
        condition = _condition(args, shown)
        if kind != "IF":
            return MoveHole(kind.lower(), condition)
        rest = args[3:]
        then, other = (
            _operand(rest[0] if rest else None),
            _operand(rest[1] if len(rest) > 1 else None),
        )
        if rpr and _keeps_format(tokens):
            then, other = _formatted(then, rpr), _formatted(other, rpr)
        return IfHole(condition, then, other)
    if kind == "NEXT":
        return MoveHole("next")
    if kind in REFUSED_FIELDS:
        raise InvalidInput(
            f"the field {{{shown}}} is one only Word can fill ({kind}); "
            "segtui fills MERGEFIELD, IF, NEXT, NEXTIF and SKIPIF"
        )
    if any(isinstance(p, FieldHole | IfHole) for p in pieces):
        raise InvalidInput(
            f"the field {{{shown}}} holds a merge field inside its {kind or 'unnamed'} field, "
            "which segtui cannot fill"
        )
    return None
