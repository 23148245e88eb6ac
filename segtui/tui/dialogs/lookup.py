"""The lookup of a field (Ctrl+L): its values, filtered as you type; Enter takes one.

One dialog for every coded field, as Business Central's lookups are: a filter line over a
list of value and description. The values are a fixed list (a code table, read once, is
filtered here) or come from `search(text)`, a service query run in a thread worker for
each filter text, which hands back at most a page. With `multiple`, Space marks values and
Enter takes the marked ones as `A|B|C`, the filter syntax's "either".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from segtui.tui.commands import Command
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.worker import Coalescer, SegtuiErrorResult

Values = Sequence[tuple[str, str]]
"""(value, label) pairs; a label is Rich markup, escaped where it holds user text."""

Search = Callable[[str], Values]
"""A service query: the values matching a filter text, at most a page (runs in a worker)."""


def matches(text: str, value: str, label: str) -> bool:
    """Whether a value is shown for a filter text: a part of its code or description."""
    wanted = text.strip().casefold()
    return not wanted or wanted in value.casefold() or wanted in label.casefold()


class FilterInput(Input):
    """The lookup's filter line; with `space_marks`, Space is left to the lookup to mark."""

    def __init__(self, value: str, *, space_marks: bool, placeholder: str, id: str) -> None:
        super().__init__(value, placeholder=placeholder, id=id, compact=True)
        self.space_marks = space_marks

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Printable keys filter, except Space where it marks values."""
        if key == "space" and self.space_marks:
            return False
        return super().check_consume_key(key, character)


class LookupScreen(ChoiceScreen):
    """A field's values under a filter line; dismisses with the value (or `A|B`), or None."""

    COMMAND_TABLE: ClassVar[tuple[Command, ...]] = (
        Command("choose", "enter", "Choose", "Take the highlighted value (or the marked ones)"),
        Command("mark", "space", "Mark", "Mark or unmark the highlighted value (several values)"),
        Command("cancel", "escape", "Cancel", "Close without choosing"),
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # The filter line has the focus; the arrows it does not use move the list.
        Binding("up", "move('cursor_up')", show=False),
        Binding("down", "move('cursor_down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
        # Values are codes, cities, names: a part without its spaces filters as well.
        Binding("space", "mark", "Mark", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        options: Values = (),
        *,
        highlight: str | None = None,
        search: Search | None = None,
        multiple: bool = False,
        text: str = "",
        marked: Sequence[str] = (),
    ) -> None:
        super().__init__(title, options, highlight=highlight)
        self.search = search
        self.multiple = multiple
        self.first_text = text
        self.marked: list[str] = [m for m in marked if m]
        self.shown: list[tuple[str, str]] = []
        self._searcher = Coalescer(self, "lookup")
        self._answered_text: str | None = None  # the filter text the list shows
        self._take_when_ready = False
        self._marks_waiting = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog choice lookup"):
            yield Label(self.title_text, classes="dialog-title")
            yield FilterInput(
                self.first_text,
                space_marks=self.multiple,
                placeholder="type to filter",
                id="lookup-filter",
            )
            yield OptionList()
            yield Label(self._hint(), id="lookup-hint", classes="hint", markup=False)

    def _hint(self) -> str:
        if self.multiple:
            return "Space marks · Enter takes the marked values (A|B) · Esc closes"
        return "Type to filter · ↑↓ move · Enter takes · Esc closes"

    def ready(self) -> None:
        """Once mounted: the filter line has the focus; the list shows what it lets through."""
        box = self.query_one("#lookup-filter", Input)
        box.cursor_position = len(box.value)
        box.focus()
        self._refilter(box.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return self.multiple
        return True

    # -- filtering ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter(event.value)

    def _refilter(self, text: str) -> None:
        """Show the values for a filter text: at once from the list, or from the query."""
        if self.search is None:
            self._answered_text = text
            self._show([o for o in self.options if matches(text, *o)])
            return
        search = self.search

        def run() -> tuple[str, Values]:
            return text, search(text)

        self._searcher.request(run, self._arrived)

    def _arrived(self, result: tuple[str, Values] | SegtuiErrorResult) -> None:
        if isinstance(result, SegtuiErrorResult):
            self.query_one("#lookup-hint", Label).update(result.message)
            self._take_when_ready = False
            self._marks_waiting = 0
            return
        text, rows = result
        self.options = list(rows)
        self._answered_text = text
        self._show(self.options)
        if text != self._filter_text:
            return  # more was typed: the list for it is on its way
        for _ in range(self._marks_waiting):  # Space pressed before this list came
            self._mark()
        self._marks_waiting = 0
        if self._take_when_ready:
            self._take_when_ready = False
            self._take()

    @property
    def _filter_text(self) -> str:
        return self.query_one("#lookup-filter", Input).value

    def _show(self, rows: list[tuple[str, str]]) -> None:
        """List `rows`, highlighting the value typed exactly, else the field's, else the first."""
        self.shown = rows
        options = self.query_one(OptionList)
        options.set_options(
            [Option(self._prompt(value, label), id=value or "-") for value, label in rows]
        )
        values = [value for value, _ in rows]
        typed = self._filter_text.strip().casefold()
        exact = next((i for i, v in enumerate(values) if typed and v.casefold() == typed), None)
        if exact is not None:
            options.highlighted = exact
        elif self.highlight is not None and self.highlight in values:
            # A lookup opens on the field's current value, as Business Central's do.
            options.highlighted = values.index(self.highlight)
        elif rows:
            options.highlighted = 0

    def _prompt(self, value: str, label: str) -> str:
        if not self.multiple:
            return label
        return f"{escape('[x]' if value in self.marked else '[ ]')} {label}"

    # -- choosing -----------------------------------------------------------------------

    def action_move(self, how: str) -> None:
        """Move the list's highlight while the filter line keeps the focus."""
        getattr(self.query_one(OptionList), f"action_{how}")()

    def action_mark(self) -> None:
        """Space: mark the highlighted value, or unmark it — once the filter line has the
        keys typed before the Space (a priority key runs as soon as it is read)."""
        self.after_typing(self._mark)

    def _mark(self) -> None:
        if self.search is not None and self._answered_text != self._filter_text:
            # Typed in a burst: the value to mark is in the list still on its way.
            self._marks_waiting += 1
            return
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            return
        value, label = self.shown[options.highlighted]
        if value in self.marked:
            self.marked.remove(value)
        else:
            self.marked.append(value)
        options.replace_option_prompt_at_index(options.highlighted, self._prompt(value, label))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._answered_text != event.value:
            # Keys typed in a burst: Enter came before the list for the whole text.
            self._take_when_ready = True
            return
        self._take()

    def take(self, option_id: str) -> None:
        """A click on a value: as Enter."""
        self._take()

    def _take(self) -> None:
        """Enter: the marked values as `A|B`, else the highlighted one."""
        if self.multiple and self.marked:
            self.dismiss("|".join(self.marked))
            return
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            self.notify("Nothing matches the filter", severity="warning")
            return
        self.dismiss(self.shown[options.highlighted][0])
