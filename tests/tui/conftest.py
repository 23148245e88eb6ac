"""Fixtures for the TUI tests: a seeded demo database copied per test, a fixed clock."""

from __future__ import annotations

import asyncio
import functools
import inspect
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import textual._wait
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from segtui.tui.app import SegtuiApp, build_app
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.form import FormScreen
from tests.tui.scenes import TODAY, settle

# Pilot waits for the app to go idle by sleeping 20 ms at a time until one sleep costs the
# process under 1 ms of CPU time; most of a TUI test was those sleeps. 5 ms steps detect
# the same idleness four times sooner. The 1 ms stays absolute: the event loop's own cost
# of one sleep is ~0.1 ms on a fast day and ~0.35 ms on a slow one, so a threshold scaled
# down with the step (0.25 ms) was never met on a slow day and every wait ran to its 1 s
# limit (the TUI tests took 636 s of test time instead of 263 s). Steps shorter than 5 ms
# call the app idle between two of its frames (1/60 s): the burst tests fail at 2 ms.
textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = 0.001


def _refresh_unseen(screen: Screen[object], paint: Callable[[Screen[object]], None]) -> None:
    """A headless app's frame update without painting the frame nobody sees.

    Textual paints every changed region of the top screen after each refresh, and in a
    headless app hands the painted frame to nobody (App._display drops it): a quarter of a
    TUI test's CPU time. The layout, which the widgets' sizes and scrolling depend on, is
    still done; what a test reads (screen_text, the snapshots) paints the whole screen
    afresh. A screen below a dialog is refreshed as before.
    """
    app = screen.app
    if not (app.is_headless and screen is app.screen) or app.is_inline:
        paint(screen)
        return
    screen._compositor._dirty_regions.clear()
    screen._dirty_widgets.clear()
    app._update_mouse_over(screen)


Screen._compositor_refresh = functools.partialmethod(  # type: ignore[method-assign]
    _refresh_unseen, Screen._compositor_refresh
)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (60 contacts, seed 1, dates fixed) made once per test run."""
    from tests.tui.scenes import prepare_database

    return prepare_database(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo database for one test."""
    monkeypatch.setenv("SEGTUI_USER", "tester")
    path = tmp_path / "segtui.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def make_app(demo_db: Path) -> Callable[[], SegtuiApp]:
    """Build the app on the test's database with a fixed clock."""
    return lambda: build_app(str(demo_db), clock=lambda: TODAY)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys, then wait for the work they start."""
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type short text key by key; paste longer text (or text with characters that have no
    key name here, such as ü) as a terminal would. Then wait."""
    if len(text) <= 8 and all((c.isascii() and c.isalnum()) or c in _NAMES for c in text):
        await pilot.press(*[_key(c) for c in text])
    else:
        assert pilot.app.focused is not None, "nothing has focus to type into"
        pilot.app.post_message(events.Paste(text))  # as the terminal driver does
    await settle(pilot)


def _key(char: str) -> str:
    return _NAMES.get(char, char)


_NAMES = {
    " ": "space",
    ".": "full_stop",
    "=": "equals_sign",
    "@": "at",
    "*": "asterisk",
    "|": "vertical_line",
    "-": "minus",
    "<": "less_than_sign",
    ">": "greater_than_sign",
    "_": "underscore",
    ",": "comma",
    "'": "apostrophe",
    "/": "slash",
    ":": "colon",
}


@dataclass(frozen=True)
class Pick:
    """A form value chosen from the field's lookup (Ctrl+L), not typed."""

    value: str


async def choose(pilot: Pilot[None], value: str) -> None:
    """In a ChoiceScreen, arrow to the option whose value is `value` and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, ChoiceScreen), f"no list to choose from: {screen!r}"
    values = [v for v, _ in screen.options]
    assert value in values, f"{value!r} is not offered: {values}"
    options = screen.query_one(OptionList)
    for _ in range(len(values) + 1):
        if options.highlighted == values.index(value):
            break
        below = options.highlighted is None or options.highlighted < values.index(value)
        await pilot.press("down" if below else "up")
    await press(pilot, "enter")


async def fill_form(pilot: Pilot[None], values: dict[str, str | Pick]) -> None:
    """Walk the form's fields with Tab, replacing the ones in `values` (typed, or picked
    from the lookup); Enter on the last field saves, as a user's would."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen), f"no form open: {form!r}"
    unknown = set(values) - {f.key for f in form.fields}
    assert not unknown, f"the form has no fields {unknown}"
    last = form.fields[-1]
    # From the first field (a refused form stays on the field it was saved from).
    form.set_focus(form.query_one(f"#field-{form.fields[0].key}"))
    await pilot.pause()
    for field in form.fields:
        wanted = values.get(field.key)
        if isinstance(wanted, Pick):
            await press(pilot, "ctrl+l")
            await choose(pilot, wanted.value)
            assert pilot.app.screen is form
            assert form.values().get(field.key, field.value) == wanted.value
        elif wanted is not None:
            await press(pilot, "ctrl+u")
            if wanted:
                await type_text(pilot, wanted)
        if field is last:
            await press(pilot, "enter")  # saves: wait for the work it starts
        else:
            await pilot.press("tab")  # only moves the focus, which starts no work


def screen_text(app: SegtuiApp) -> str:
    """The screen as the user reads it: plain text, one line a row, dialogs over screens."""
    console = Console(width=app.size.width, file=io.StringIO(), record=True, color_system=None)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def notified(app: SegtuiApp) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)
