"""Settings: our company, the SMTP server and the output folder, written to the settings
file (0600, atomically); a bad value is refused with a message on its field; Ctrl+T tries
the SMTP login with the values on screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from segtui.config import (
    ConfigError,
    Settings,
    field_problem,
    load_settings,
    save_settings,
    settings_path,
    with_values,
)
from segtui.domain.delivery import DeliveryFailed
from segtui.services.log.mailer import Mailer
from segtui.tui.commands import SETTINGS, bindings
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt


@dataclass(frozen=True)
class SettingField:
    """One field of the settings file as the screen shows it."""

    section: str
    key: str
    label: str
    placeholder: str = ""

    @property
    def id(self) -> str:
        """The widget id of its input."""
        return f"setting-{self.section}-{self.key}"


SECTIONS = (
    (
        "Our company",
        (
            SettingField("company", "name", "Name"),
            SettingField("company", "address", "Address"),
            SettingField("company", "address_2", "Address 2"),
            SettingField("company", "post_code", "Post code"),
            SettingField("company", "city", "City"),
            SettingField("company", "country", "Country"),
            SettingField("company", "phone", "Phone"),
            SettingField("company", "email", "Email", "sender of emails, office@example.com"),
        ),
    ),
    (
        "SMTP (email)",
        (
            SettingField("smtp", "host", "Host", "smtp.example.com"),
            SettingField("smtp", "port", "Port", "empty: 25, 587 or 465 by security"),
            SettingField("smtp", "security", "Security", "none, starttls or ssl"),
            SettingField("smtp", "user", "User", "empty: no login"),
            SettingField(
                "smtp", "password_env", "Password variable", "NAME of the environment variable"
            ),
        ),
    ),
    (
        "Output",
        (SettingField("output", "folder", "Output folder", "where hard copies are written"),),
    ),
)
"""The sections of the screen and their fields, in the order Enter and Tab visit them."""

FIELDS = tuple(f for _, fields in SECTIONS for f in fields)


class SettingsScreen(CommandScreen):
    """Edit the settings file."""

    COMMAND_TABLE = SETTINGS
    BINDINGS = bindings(SETTINGS)
    HELP_TITLE = "Settings"

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()

    def compose(self) -> ComposeResult:
        yield Static(" segtui · Settings", classes="title")
        # Tab walks the fields, not the scrolling box (unfocusable from the start, so the
        # screen's first focus never lands on it).
        with VerticalScroll(id="settings-form", can_focus=False):
            yield Static("", id="settings-file", classes="hint", markup=False)
            for heading, fields in SECTIONS:
                yield Static(heading, classes="heading settings-heading")
                for f in fields:
                    with Horizontal(classes="form-row"):
                        yield Label(f.label, classes="form-label")
                        yield Input(
                            placeholder=f.placeholder, id=f.id, classes="form-input", compact=True
                        )
                    problem = Static("", id=f"{f.id}-problem", classes="field-problem")
                    problem.display = False
                    yield problem
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(f"#{FIELDS[0].id}", Input).focus()
        self.load()

    @work(group=FLOW)
    async def load(self) -> None:
        """Read the settings file into the fields."""
        path = settings_path()
        found = await attempt(self, load_settings)
        if isinstance(found, SegtuiErrorResult):
            # A broken file: show it, start from the defaults; saving writes a good one.
            self.notify(found.message, severity="error", timeout=10)
            found = Settings()
        self.settings = found
        self.query_one("#settings-file", Static).update(f" {path} · Ctrl+S saves (mode 0600)")
        for f in FIELDS:
            value = getattr(getattr(found, f.section), f.key)
            self.query_one(f"#{f.id}", Input).value = str(value or "")

    def values(self) -> dict[tuple[str, str], str]:
        """Every field's text by (section, key)."""
        return {(f.section, f.key): self.query_one(f"#{f.id}", Input).value for f in FIELDS}

    def on_input_changed(self, event: Input.Changed) -> None:
        field = next((f for f in FIELDS if f.id == event.input.id), None)
        if field is not None:
            self._mark(field, field_problem(field.section, field.key, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def _mark(self, field: SettingField, problem: str) -> None:
        """Show (or clear) the reason the field's value is refused, under the field."""
        message = self.query_one(f"#{field.id}-problem", Static)
        message.update(f"↑ {problem}" if problem else "")
        message.display = bool(problem)
        self.query_one(f"#{field.id}", Input).set_class(bool(problem), "-invalid")

    def checked(self) -> Settings | None:
        """The settings the fields make, or None with every bad field marked (and focused)."""
        values = self.values()
        bad = [f for f in FIELDS if field_problem(f.section, f.key, values[(f.section, f.key)])]
        for f in FIELDS:
            self._mark(f, field_problem(f.section, f.key, values[(f.section, f.key)]))
        if bad:
            self.query_one(f"#{bad[0].id}", Input).focus()
            fields = ", ".join(f.label for f in bad)
            self.notify(f"Not saved: fix {fields}", severity="error")
            return None
        return with_values(self.settings, values)

    @work(group=FLOW)
    async def action_save(self) -> None:
        """Write the settings file (readable by its owner only)."""
        settings = self.checked()
        if settings is None:
            return
        written = await attempt(self, lambda: save_settings(settings))
        if isinstance(written, SegtuiErrorResult):
            self.notify(written.message, severity="error", timeout=8)
            return
        self.settings = settings
        self.notify(f"Settings saved to {written}")

    @work(group=FLOW)
    async def action_test_smtp(self) -> None:
        """Connect to the SMTP server on screen and log in (nothing is sent)."""
        try:
            settings = self.checked()
        except ConfigError as exc:
            self.notify(exc.message, severity="error")
            return
        if settings is None:
            return
        smtp = settings.smtp
        where = f"{smtp.host}:{smtp.effective_port}"

        def probe() -> str:
            try:
                Mailer(smtp).probe()
            except DeliveryFailed as exc:
                return str(exc)
            return ""

        self.notify(f"Trying the SMTP login at {where}…")
        answer = await attempt(self, probe, group="smtp")
        if isinstance(answer, SegtuiErrorResult):
            answer = answer.message
        if answer:
            self.notify(f"SMTP test failed: {answer}", severity="error", timeout=10)
        else:
            who = f" as {smtp.user}" if smtp.user else " (no login set)"
            self.notify(f"SMTP login to {where} works{who}")
