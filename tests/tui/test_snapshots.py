"""Snapshots of the main screens at 80×24 and 120×40 (seeded data, fixed date, no blinking).

Update after an intended change with: .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from segtui.tui.app import build_app
from tests.tui.scenes import SCENES, TODAY, in_16_colours, scene_runner

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
    "discard-changes",
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", MAIN)
def test_screen_snapshot(name: str, size: tuple[int, int], demo_db, snap_compare) -> None:
    app = build_app(str(demo_db), clock=lambda: TODAY)
    assert snap_compare(app, terminal_size=size, run_before=scene_runner(SCENES[name]))


@pytest.mark.parametrize("name", ["log-segment", "discard-changes"])
def test_screen_snapshot_in_16_colours(name: str, demo_db, snap_compare) -> None:
    """The tick boxes and the question read right with 16 colours (plain SSH)."""
    app = build_app(str(demo_db), clock=lambda: TODAY)

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await in_16_colours(pilot)
        await scene_runner(SCENES[name])(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
