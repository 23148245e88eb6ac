"""One TUI measurement run, in its own process so that its peak RSS is its own.

    python -m tests.benchmarks.tui_probe --db FILE --segment NO [--keys N]

Prints one JSON object: seconds to the first frame (from building the app, database
connection included, to the first refresh of the home screen), to a worksheet showing its
first line, each cursor-down and page-down latency (key press to the refresh that shows
the line under the cursor), and the process's peak RSS in MB.

A "frame" is a call of the app's `_display` with a compositor update: in headless mode
that is after every widget has rendered its lines, just before the bytes would be written.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WAIT_LIMIT = 30.0


class FrameWatch:
    """Notes the time of the first frame after `expect(check)` for which `check()` holds."""

    def __init__(self, app: Any) -> None:
        self.check: Callable[[], bool] | None = None
        self.hit: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            waiting = renderable is not None and self.check is not None and self.hit is None
            if waiting and self.check():
                self.hit = time.perf_counter()

        app._display = display

    def expect(self, check: Callable[[], bool]) -> None:
        """Wait for a frame where `check()` is true."""
        self.hit = None
        self.check = check

    async def wait(self) -> float:
        """The time of that frame (polls the event loop until it has been drawn)."""
        deadline = time.perf_counter() + WAIT_LIMIT
        while self.hit is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the expected frame was never drawn")
            await asyncio.sleep(0.0005)
        self.check = None
        return self.hit


async def probe(db: str, segment: str, keys: int) -> dict[str, Any]:
    """Run the app headless through Pilot and measure it."""
    start = time.perf_counter()
    from segtui.tui.app import build_app
    from segtui.tui.screens.home import HomeScreen

    app = build_app(db)
    watch = FrameWatch(app)
    watch.expect(lambda: isinstance(app.screen, HomeScreen))
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        result["first_frame"] = await watch.wait() - start

        opened = time.perf_counter()
        # Imported here, as the app does on the first Enter: not part of the first frame.
        from segtui.tui.widgets.lines_table import LinesTable
        from segtui.tui.worksheet.screen import WorksheetScreen

        screen = WorksheetScreen(segment)

        def first_line_shown() -> bool:
            if app.screen is not screen:
                return False
            table = screen.query_one(LinesTable)
            return table.total > 0 and table.current is not None

        watch.expect(first_line_shown)
        app.push_screen(screen)
        result["open_worksheet"] = await watch.wait() - opened
        table = screen.query_one(LinesTable)
        result["lines"] = table.total

        for key, name in (("down", "cursor_down"), ("pagedown", "page_down")):
            latencies = []
            for _ in range(keys):
                before = table.cursor
                if before >= table.total - 1:
                    break
                watch.expect(lambda b=before: table.cursor != b and table.current is not None)
                pressed = time.perf_counter()
                await pilot.press(key)
                latencies.append(await watch.wait() - pressed)
            result[name] = latencies
    result["peak_rss_mb"] = peak_rss_mb()
    result["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    Linux keeps ru_maxrss across fork + exec, so a probe started by a large parent would
    report the parent's peak; VmHWM belongs to this program's own address space.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Parse the arguments, probe, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--segment", required=True)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(probe(args.db, args.segment, args.keys))))


if __name__ == "__main__":
    main()
