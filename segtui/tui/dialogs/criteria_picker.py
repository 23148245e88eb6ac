"""The criteria picker: filters on any source, a live match count, options, then a verb.

Type an expression for the chosen source and field and press Enter to add it to the
filters; `city=Leeds` or `mailing_group.code=NEWS` also names the field in the text.
Ctrl+L lists the field's values with their contact counts (Space marks several, Enter
takes them as `A|B|C`) and the field completes a typed start of a value. Enter on an empty
expression runs the verb the picker was opened for (its button is highlighted); Ctrl+A /
Ctrl+D / Ctrl+F run Add, Reduce or Refine with every filter listed. Only the options of the
verb opened are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from segtui.domain.criteria import (
    MAX_FILTERS,
    SOURCES,
    CriteriaOptions,
    CriteriaPreview,
    Filter,
    make_filter,
    parse_filter,
)
from segtui.domain.errors import InvalidInput, SegtuiError
from segtui.domain.wording import counted
from segtui.services.segments import criteria
from segtui.tui.commands import PICKER, bindings
from segtui.tui.dialogs.base import CommandModal
from segtui.tui.dialogs.lookup import LookupScreen
from segtui.tui.widgets.completion import ValueSuggester
from segtui.tui.widgets.tick_box import TickBox
from segtui.tui.worker import FLOW, Coalescer, SegtuiErrorResult, run_service

VERBS = {"add": "Add Contacts", "reduce": "Reduce Contacts", "refine": "Refine Contacts"}
OPTIONS = (
    ("allow_existing", "Allow existing", ("add",)),
    ("expand_companies", "Expand companies", ("add",)),
    ("allow_related_companies", "Allow related companies", ("add",)),
    ("ignore_exclusion", "Ignore exclusion", ("add",)),
    ("entire_companies", "Entire companies", ("reduce", "refine")),
)


@dataclass(frozen=True)
class CriteriaChoice:
    """What the picker hands back: the verb, the filters and the options."""

    verb: str
    filters: tuple[Filter, ...]
    options: CriteriaOptions


def read_expression(source: str, field: str, text: str) -> Filter:
    """A filter from the expression box: `field=expr`, `source.field=expr`, or just `expr`."""
    head, sep, _ = text.partition("=")
    if sep and head.strip() and all(c.isalnum() or c in "._" for c in head.strip()):
        return parse_filter(text)
    return make_filter(source, field, text)


def verbs_text(preview: CriteriaPreview) -> str:
    """What each verb would do to the segment, for the live count line."""
    parts = [f"Add +{preview.to_add:,}"]
    if preview.to_reduce is not None and preview.to_refine is not None:
        parts += [f"Reduce −{preview.to_reduce:,}", f"Refine −{preview.to_refine:,}"]
    return " · ".join(parts)


def value_choices(source: str, field: str, text: str) -> tuple[tuple[str, str], ...]:
    """A field's values with their contact counts, as lookup lines (runs in a worker)."""
    rows = criteria.value_counts(source, field, text)
    width = min(max((len(value) for value, _ in rows), default=0), 40)
    return tuple(
        (value, escape(f"{value:<{width}}  {counted(n, 'contact'):>12}")) for value, n in rows
    )


def looked_up_field(source: str, field: str, text: str) -> tuple[str, str, str, str]:
    """The field whose values a lookup lists, the text kept before them and the values part:
    `mailing_group.code=NEWS` typed in the box names its own field (`city=…` a contact
    field), whatever Source and Field show; plain `NEWS|PRESS` is of the chosen field."""
    head, sep, tail = text.partition("=")
    name = head.strip()
    if sep and name and all(c.isalnum() or c in "._" for c in name):
        typed_source, dot, typed_field = name.partition(".")
        if not dot:
            typed_source, typed_field = "contact", typed_source
        return typed_source.lower(), typed_field.lower(), f"{head}{sep}", tail
    return source, field, "", text


def plain_values(text: str) -> list[str]:
    """The values of an expression that is only `A|B|C` (to mark them in the value list)."""
    parts = [p.strip() for p in text.split("|")]
    special = set("*?@<>=.&'")
    return [p for p in parts if p and not special & set(p)]


def enter_hint(verb: str) -> str:
    """The keys line of the picker: what Enter does, with and without a filter typed."""
    return f"Enter adds the filter; when empty, runs {VERBS[verb]} · ^l lists values"


class CriteriaPickerScreen(CommandModal[CriteriaChoice | None]):
    """Build filters and run Add / Reduce / Refine Contacts; dismisses with CriteriaChoice."""

    COMMAND_TABLE = PICKER
    BINDINGS = bindings(PICKER)

    def __init__(self, segment_no: str, verb: str = "add") -> None:
        super().__init__()
        self.segment_no = segment_no
        self.verb = verb
        self.filters: list[Filter] = []
        # Two live counts: the matches (a single COUNT, at once) and what each verb would
        # do (counts over the segment too, up to a second on a million contacts). The
        # first never waits for the second.
        self._counter = Coalescer(self, "count")
        self._previewer = Coalescer(self, "preview")
        self._count_line = ["", ""]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog picker"):
            yield Label(VERBS[self.verb], id="picker-title", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Source", classes="picker-label")
                yield Select(
                    [(name, name) for name in SOURCES],
                    value="contact",
                    allow_blank=False,
                    id="source",
                    compact=True,
                )
                yield Label(" Field", classes="picker-label")
                yield Select(
                    _field_options("contact"),
                    value="city",
                    allow_blank=False,
                    id="field",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Filter", classes="picker-label")
                yield Input(
                    placeholder="e.g. @lon*  |  10..20  |  city=Leeds  (Enter adds)",
                    id="expression",
                    compact=True,
                )
            yield Static("", id="error", classes="error-line", markup=False)
            yield Static("", id="filters", markup=False)
            yield Static("", id="count", classes="count-line", markup=False)
            with Horizontal(id="options"):
                for key, label, verbs in OPTIONS:
                    # Only the options of the verb opened: the others do nothing to it.
                    box = TickBox(label, id=key, compact=True)
                    box.display = self.verb in verbs
                    yield box
            yield Label(enter_hint(self.verb), id="enter-hint", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                for verb, label in (
                    ("add", "Add ^a"),
                    ("reduce", "Reduce ^d"),
                    ("refine", "Refine ^f"),
                ):
                    yield Button(
                        label,
                        id=f"run_{verb}",
                        variant="primary" if verb == self.verb else "default",
                        compact=True,
                    )
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#expression", Input).focus()
        self._show_filters()
        self._count()
        self._load_completion()

    def _load_completion(self) -> None:
        """Give the expression box the field's values to complete from."""
        source, field = self._source, self._field
        box = self.query_one("#expression", Input)

        def loaded(rows: list[tuple[str, int]]) -> None:
            if (source, field) == (self._source, self._field):
                box.suggester = ValueSuggester((v for v, _ in rows), alternatives=True)

        box.suggester = None
        run_service(self, partial(criteria.value_counts, source, field), loaded, group="values")

    @work(group=FLOW)
    async def action_lookup(self) -> None:
        """Ctrl+L: the field's values with their counts; the ones taken become `A|B|C`."""
        box = self.query_one("#expression", Input)
        source, field, kept, values = looked_up_field(self._source, self._field, box.value)
        marked = plain_values(values)
        lookup = LookupScreen(
            f"{source}.{field} · values and their contacts",
            search=partial(value_choices, source, field),
            multiple=True,
            marked=marked,
            # A start typed (not yet values) filters the list it opens on.
            text="" if marked and "|" in values else values.strip(),
        )
        if (chosen := await self.app.push_screen_wait(lookup)) is not None:
            box.value = kept + chosen
            box.cursor_position = len(box.value)
        box.focus()

    # -- building filters ---------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "source":
            field = self.query_one("#field", Select)
            current = field.value
            options = _field_options(str(event.value))
            if current not in {value for _, value in options}:
                field.set_options(options)
                field.value = options[0][1]
        self._check_expression()
        self._load_completion()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._check_expression()

    def _typed(self) -> Filter | None:
        """The filter in the expression box, or None when it is empty or wrong."""
        text = self.query_one("#expression", Input).value
        if not text.strip():
            return None
        try:
            return read_expression(self._source, self._field, text)
        except SegtuiError:
            return None

    @property
    def _source(self) -> str:
        return str(self.query_one("#source", Select).value)

    @property
    def _field(self) -> str:
        return str(self.query_one("#field", Select).value)

    def _check_expression(self) -> None:
        """Show the syntax error as the user types, and update the live count."""
        text = self.query_one("#expression", Input).value
        message = ""
        if text.strip():
            try:
                read_expression(self._source, self._field, text)
            except SegtuiError as exc:
                message = exc.message
        self.query_one("#error", Static).update(message)
        self._count()

    def action_add_filter(self) -> None:
        """Enter in the expression: add it to the filters and clear the box.

        Queued behind the keys already sent to the box (and ahead of any typed after
        Enter), so a quickly typed second filter is neither lost nor merged.
        """
        self.after_typing(self._add_typed_filter)

    def _add_typed_filter(self) -> None:
        box = self.query_one("#expression", Input)
        if not box.value.strip():
            self._run_on_enter()
            return
        try:
            if len(self.filters) >= MAX_FILTERS:
                raise InvalidInput(
                    f"at most {MAX_FILTERS} filters at once; values of one field go in one "
                    "filter: Leeds|York"
                )
            self.filters.append(read_expression(self._source, self._field, box.value))
        except SegtuiError as exc:
            self.query_one("#error", Static).update(exc.message)
            return
        box.value = ""
        self._show_filters()
        self._count()

    def _run_on_enter(self) -> None:
        """Enter on an empty expression: run the verb opened, once there is a filter."""
        if not self.filters:
            self.notify("Type a filter first: Enter adds it to the list", severity="warning")
            return
        self._run(self.verb)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_filter", "lookup"):
            return self.focused is self.query_one("#expression", Input)
        return True

    def action_remove_filter(self) -> None:
        """Remove the filter added last."""
        if self.filters:
            self.filters.pop()
            self._show_filters()
            self._count()

    def _show_filters(self) -> None:
        lines = [f" {i}. {f.text}" for i, f in enumerate(self.filters, 1)]
        self.query_one("#filters", Static).update(
            "\n".join(lines) if lines else " No filters yet (Enter adds the one typed)"
        )

    def _all_filters(self) -> list[Filter]:
        typed = self._typed()
        return [*self.filters, *([typed] if typed else [])]

    # -- the live count -----------------------------------------------------------------

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._count()  # the options change what Add would add

    def _options(self) -> CriteriaOptions:
        return CriteriaOptions(
            **{key: self.query_one(f"#{key}", Checkbox).value for key, _, _ in OPTIONS}
        )

    def _count(self) -> None:
        filters, options, segment_no = self._all_filters(), self._options(), self.segment_no

        def count() -> int:
            return criteria.count_matching_contacts(filters)

        def preview() -> CriteriaPreview:
            return criteria.preview(segment_no, filters, options)

        self._show_part(1, "Add …")  # until the preview of these filters arrives
        self._counter.request(count, self._show_count)
        self._previewer.request(preview, self._show_preview)

    def _show_count(self, result: int | SegtuiErrorResult) -> None:
        if isinstance(result, SegtuiErrorResult):
            self._show_part(0, result.message)
        else:
            self._show_part(0, f"Matching contacts: {result:,}")

    def _show_preview(self, result: CriteriaPreview | SegtuiErrorResult) -> None:
        # On an error the count's part says what is wrong; drop the "Add …" placeholder.
        self._show_part(1, "" if isinstance(result, SegtuiErrorResult) else verbs_text(result))

    def _show_part(self, index: int, text: str) -> None:
        self._count_line[index] = text
        shown = " · ".join(part for part in self._count_line if part)
        self.query_one("#count", Static).update(f" {shown}")

    # -- the verbs ----------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            getattr(self, f"action_{event.button.id}")()

    def _run(self, verb: str) -> None:
        filters = self._all_filters()
        if verb != "add" and not filters:
            self.notify(f"{VERBS[verb]} needs at least one filter", severity="error")
            return
        if self.query_one("#expression", Input).value.strip() and self._typed() is None:
            self.notify("Fix the filter being typed first", severity="error")
            return
        self.dismiss(CriteriaChoice(verb, tuple(filters), self._options()))

    def action_run_add(self) -> None:
        """Add the contacts matching every filter."""
        self.after_typing(self._run, "add")

    def action_run_reduce(self) -> None:
        """Remove the lines whose contact matches."""
        self.after_typing(self._run, "reduce")

    def action_run_refine(self) -> None:
        """Keep only the lines whose contact matches."""
        self.after_typing(self._run, "refine")

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)


def _field_options(source: str) -> list[tuple[str, str]]:
    """The fields of a source for the field picker."""
    return [(name, name) for name in SOURCES[source].fields]
