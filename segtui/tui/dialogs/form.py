"""A compact form of labelled fields (header, line, save criteria, prompts).

Enter (in any field) and Ctrl+S save; Tab and Shift+Tab move between the fields; Escape
closes (asking first when something was typed); Ctrl+L on a field that has a list of values
(codes, yes/no, a correspondence type) opens its lookup, filtered as you type, as Business
Central's lookups do; the same field completes a typed start of a value (Right takes the
completion). The dialog hands back only the fields the user changed; the services check the
values, through the form's `check` while it is still open (see `editing.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from segtui.tui.commands import Command
from segtui.tui.dialogs.editing import Check, EditingModal
from segtui.tui.dialogs.lookup import LookupScreen, Search
from segtui.tui.widgets.completion import ValueSuggester

Choices = tuple[tuple[str, str], ...]
"""The values a field may take, each (value, label), for its lookup."""

LOOKUP_HINT = "Ctrl+L lists the values of a coded field"
"""The line under a form that has lookups."""


@dataclass(frozen=True)
class FormField:
    """One field of a form: its key for the service, label, current value and a hint."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: Choices = ()
    """When given, Ctrl+L in the field lists these values to choose from."""
    search: Search | None = None
    """For a field whose values are too many to list (contacts): Ctrl+L asks this query."""

    @property
    def has_lookup(self) -> bool:
        """Whether Ctrl+L lists values for this field."""
        return bool(self.choices) or self.search is not None


class FormScreen(EditingModal[dict[str, str] | None]):
    """Ask for a few values; dismisses with {key: new text} of the changed fields, or None."""

    COMMAND_TABLE = (
        Command("save", "ctrl+s", "Save", "Save the form", key_display="^s"),
        Command(
            "lookup", "ctrl+l", "Look Up", "Choose the field's value from a list", key_display="^l"
        ),
        Command("save", "enter", "Save", "Save the form (from any field)"),
        Command(
            "focus_next",
            "tab",
            "Next Field",
            "Move to the next field (Shift+Tab: the previous one)",
            palette=False,
        ),
        Command("cancel", "escape", "Cancel", "Close without saving (asks if you typed)"),
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+l", "lookup", "Look up", priority=True),
        Binding("enter", "submit_field", "Save", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        *,
        save_label: str = "Save",
        changed_only: bool = True,
        hint: str = "",
        check: Check[dict[str, str] | None] | None = None,
    ) -> None:
        super().__init__(check)
        self.title_text = title
        self.fields = list(fields)
        self.save_label = save_label
        self.changed_only = changed_only
        if any(field.has_lookup for field in self.fields):
            # The footer is hidden behind a dialog: say where the lookups are.
            hint = f"{hint} · ^l lists a coded field's values" if hint else LOOKUP_HINT
        self.hint = hint

    @property
    def HELP_TITLE(self) -> str:
        """Help is titled by the form: "Keys · Header · SEG00003"."""
        return self.title_text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            # Tab walks the fields, not the scrolling box around them; made unfocusable
            # here rather than on mount, so the screen's first focus never lands on it
            # (restyling every field twice as it came and went).
            with VerticalScroll(id="fields", can_focus=False):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(field.label, classes="form-label")
                        yield Input(
                            field.value,
                            placeholder=_placeholder(field),
                            id=f"field-{field.key}",
                            classes="form-input",
                            compact=True,
                            suggester=_suggester(field),
                        )
            if self.hint:
                yield Label(self.hint, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.save_label} (^s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query(".form-input").first(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_field":
            return isinstance(self.focused, Input)
        if action == "lookup":
            field = self.focused_field()
            return field is not None and field.has_lookup
        return True

    def focused_field(self) -> FormField | None:
        """The field whose input has the focus."""
        focused = self.focused
        if not isinstance(focused, Input) or not focused.id:
            return None
        key = focused.id.removeprefix("field-")
        return next((f for f in self.fields if f.key == key), None)

    def action_lookup(self) -> None:
        """Ctrl+L: list the focused field's values; the one chosen replaces its text."""
        field = self.focused_field()
        if field is None or not field.has_lookup:
            return
        target = self.query_one(f"#field-{field.key}", Input)

        # No focus() on return: the field keeps the form's focus while the list is open,
        # and a late focus() would pull back a Tab typed ahead of the list closing.
        def chosen(value: str | None) -> None:
            if value is not None:
                target.value = value
                target.cursor_position = len(value)

        typed = target.value.strip()
        stored = next((v for v, _ in field.choices if v.casefold() == typed.casefold()), None)
        lookup = LookupScreen(
            field.label,
            field.choices,
            highlight=typed if stored is None else stored,
            search=field.search,
            # A start typed but not yet a value filters the list it opens on.
            text=typed if stored is None else "",
        )
        self.app.push_screen(lookup, chosen)

    def action_submit_field(self) -> None:
        """Enter in a field: save the form, as Ctrl+S does (Enter on a button presses it)."""
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def values(self) -> dict[str, str]:
        """The fields' current text, changed ones only unless the form says otherwise."""
        result = {}
        for field in self.fields:
            text = self.query_one(f"#field-{field.key}", Input).value
            if not self.changed_only or text != field.value:
                result[field.key] = text
        return result

    def action_save(self) -> None:
        """Hand back the values (once the field being typed in has its keys)."""
        self.after_typing(self._save)

    def _save(self) -> None:
        self.submit(self.values())

    def has_changes(self) -> bool:
        """True when a field's text differs from what the form opened with."""
        return any(
            self.query_one(f"#field-{field.key}", Input).value != field.value
            for field in self.fields
        )

    def field_widget(self, key: str) -> Widget | None:
        """The input of the field `key`."""
        if not any(field.key == key for field in self.fields):
            return None
        return self.query_one(f"#field-{key}", Input)


def _suggester(field: FormField) -> ValueSuggester | None:
    """Completion of a typed start from the field's listed values (codes, yes/no…)."""
    return ValueSuggester(value for value, _ in field.choices) if field.choices else None


def _placeholder(field: FormField) -> str:
    """A field's hint; a field with a lookup says so."""
    if not field.has_lookup:
        return field.placeholder
    return f"{field.placeholder} · ^l lists" if field.placeholder else "^l lists the values"
