"""Snapshots of the main screens at 80×24 and 120×40 (seeded data, fixed date, no blinking).

Update after an intended change with: .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from segtui.tui.app import build_app
from tests.tui.scenes import SCENES, TODAY, scene_runner

MAIN = (
    "home",
    "delete-segment",
    "worksheet",
    "worksheet-criteria-log",
    "criteria-picker",
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
