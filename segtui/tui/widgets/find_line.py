"""The worksheet's find line: type a contact number, name, city or email; Enter jumps to
the first matching line, n and N to the next and previous ("3 of 17").

The matching is SQL (`services.segments.find`), never a look through the page the table
holds, so a match anywhere in 140 000 lines is one jump away. Steps asked for in a burst
(Enter, n, n) run one after another, each from where the one before left the cursor.
"""

from __future__ import annotations

from collections import deque
from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from segtui.domain.segments import LineMatch
from segtui.services.segments import find
from segtui.tui.widgets.lines_table import LinesTable
from segtui.tui.worker import run_service

FIRST, NEXT, PREVIOUS = "first", "next", "previous"


def match_text(match: LineMatch | None, text: str) -> str:
    """What the find line says after a step: "3 of 17", or that nothing matches."""
    if match is None:
        return f"No line matches {text!r}"
    return f"{match.ordinal:,} of {match.total:,}".replace(",", " ")


class FindLine(Horizontal):
    """A find line over a lines table; hidden until opened."""

    DEFAULT_CSS = """
    FindLine { height: 1; display: none; }
    FindLine > Label { width: auto; padding: 0 1 0 1; }
    FindLine > Input { width: 1fr; border: none; height: 1; padding: 0; }
    FindLine > #find-status { width: auto; max-width: 50%; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, table: LinesTable, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.text = ""  # what the steps look for: the text Enter took
        self._queued: deque[tuple[str, str]] = deque()
        self._stepping = False
        self._landed: LineMatch | None = None  # where the last step landed (for the next one)

    def compose(self) -> ComposeResult:
        yield Label("Find")
        yield Input(placeholder="contact no., name, city or email", id="find-text")
        yield Static("", id="find-status", markup=False)

    @property
    def is_open(self) -> bool:
        """Whether the find line shows."""
        return bool(self.display)

    @property
    def status(self) -> str:
        """What the find line says now ("3 of 17", "No line matches 'x'", or nothing)."""
        return str(self.query_one("#find-status", Static).render())

    def open(self) -> None:
        """Show the find line with its text selected, ready to type over."""
        self.display = True
        field = self.query_one(Input)
        field.focus()
        field.select_all()

    def close(self) -> None:
        """Hide the find line and forget what it looked for; the table has the focus."""
        self.display = False
        self.text = ""
        self._landed = None
        self._queued.clear()
        self.query_one("#find-status", Static).update("")
        self.table.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        self.text = event.value
        self.table.focus()  # so that n and N reach the worksheet
        self.step(FIRST)

    def step(self, direction: str) -> None:
        """Go to the first, next or previous match (after the steps already asked for)."""
        if not self.text:
            return
        self._queued.append((direction, self.text))
        if not self._stepping:
            self._next_step()

    def _next_step(self) -> None:
        if not self._queued:
            self._stepping = False
            return
        self._stepping = True
        direction, text = self._queued.popleft()
        # From the cursor as the step before left it (read now, not when the key came).
        after = None if direction == FIRST else self.table.cursor
        # A step from the last match takes its count from it rather than counting again.
        last = self._landed if direction != FIRST else None
        work = partial(
            find.find_line,
            self.table.segment_no,
            text,
            after=after,
            backward=direction == PREVIOUS,
            previous=last,
        )

        def done(match: LineMatch | None) -> None:
            if text == self.text:  # a step for text since replaced (or closed) is dropped
                self._landed = match
                if match is not None:
                    self.table.go_to(match.position)
                self.query_one("#find-status", Static).update(match_text(match, text))
            self._next_step()

        def failed(message: str) -> None:
            self.query_one("#find-status", Static).update(message)
            self._next_step()

        run_service(self, work, done, group="find", failed=failed)
