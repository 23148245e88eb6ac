"""Snapshots of the main screens at 80×24 and 120×40 (seeded data, fixed date, no blinking).

Update after an intended change with: .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from segtui.tui.app import build_app
from tests.tui.scenes import SCENES, TODAY, scene_runner

MAIN = (
    "home",
    "delete-segment",
    "worksheet",
    "worksheet-find",
    "worksheet-criteria-log",
    "criteria-picker",
    "criteria-values",
    "header-form",
    "log-segment",
    "help",
    "logged-segments",
    "interactions",
    "contacts",
    "contact-classifications",
    "templates",
    "template-form",
    "setup",
    "salutations",
    "template-change",
    "settings",
    "settings-refused",
    "statistics",
    "discard-changes",
)


@pytest.fixture(autouse=True)
def fixed_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same settings file on every machine (relative: the tests run from the root),
    so that screens naming the output folder or the file look alike everywhere."""
    monkeypatch.setenv("SEGTUI_CONFIG", "tests/data/snapshot-settings.toml")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", MAIN)
def test_screen_snapshot(name: str, size: tuple[int, int], demo_db, snap_compare) -> None:
    app = build_app(str(demo_db), clock=lambda: TODAY)
    assert snap_compare(app, terminal_size=size, run_before=scene_runner(SCENES[name]))


class SixteenColours(LineFilter):
    """Every colour as a 16-colour terminal gets it (Rich's downgrade, as Textual's output
    does with TERM=xterm and no COLORTERM), so a snapshot shows what such a terminal shows."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [_downgraded(segment) for segment in segments]


def _downgraded(segment: Segment) -> Segment:
    style = segment.style
    if style is None:
        return segment
    colour = style.color.downgrade(ColorSystem.STANDARD) if style.color else None
    back = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None
    return Segment(segment.text, style + Style.from_color(colour, back), segment.control)


@pytest.mark.parametrize(
    "name", ["worksheet", "log-segment", "discard-changes", "statistics", "settings"]
)
def test_screen_snapshot_in_16_colours(name: str, demo_db, snap_compare) -> None:
    """With 16 colours (plain SSH) the cursor row is a neutral grey with white text (it was
    bright red: an error), and the tick boxes and the question read right."""
    app = build_app(str(demo_db), clock=lambda: TODAY)
    app._filters.append(SixteenColours())  # after Textual's own ANSI filter, as output is
    assert snap_compare(app, terminal_size=(80, 24), run_before=scene_runner(SCENES[name]))
