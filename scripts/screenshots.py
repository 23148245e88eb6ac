"""Regenerate screenshots/*.svg (and *.png through rsvg-convert when present) of every screen.

Run from the repository root:  .venv/bin/python scripts/screenshots.py [NAME...]
Each screen is driven by keys from the scenes in tests/tui/scenes.py, on the demo database
with a fixed date, through the same `build_app` factory the CLI uses.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from segtui.tui.app import build_app  # noqa: E402
from tests.tui.scenes import SCENES, TODAY, prepare_database, scene_runner  # noqa: E402

OUT = ROOT / "screenshots"
LARGE = (
    "home",
    "worksheet",
    "worksheet-criteria-log",
    "criteria-picker",
    "logged-segments",
    "interactions",
    "contacts",
)
"""Scenes also shot at 120×40, where the worksheet shows all three panes."""


async def shoot(template: Path, folder: Path, name: str, size: tuple[int, int]) -> Path:
    """Run one scene at one size and write its SVG."""
    database = folder / f"{name}-{size[0]}x{size[1]}.db"
    shutil.copy(template, database)
    app = build_app(str(database), clock=lambda: TODAY)
    suffix = "" if size == (80, 24) else f"-{size[0]}x{size[1]}"
    target = OUT / f"{name}{suffix}.svg"
    async with app.run_test(size=size) as pilot:
        await scene_runner(SCENES[name])(pilot)
        svg = app.export_screenshot(title=f"segtui · {name}")
    target.write_text(svg, encoding="utf-8")
    return target


def to_png(svg: Path) -> None:
    """Convert an SVG to PNG with rsvg-convert, when it is installed."""
    tool = shutil.which("rsvg-convert")
    if tool:
        subprocess.run([tool, str(svg), "-o", str(svg.with_suffix(".png"))], check=True)


async def main(names: list[str]) -> None:
    """Shoot the named scenes (all by default)."""
    OUT.mkdir(exist_ok=True)
    if not shutil.which("rsvg-convert"):
        print("rsvg-convert not found: writing SVG only (apt-get install librsvg2-bin)")
    with tempfile.TemporaryDirectory(prefix="segtui-shots-") as tmp:
        folder = Path(tmp)
        template = prepare_database(folder / "demo.db")
        for name in names or list(SCENES):
            sizes = [(80, 24)] + ([(120, 40)] if name in LARGE else [])
            for size in sizes:
                svg = await shoot(template, folder, name, size)
                to_png(svg)
                print(svg.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
