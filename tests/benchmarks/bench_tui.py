"""The TUI's figures: first frame, opening a worksheet, key latency, peak memory.

Each size runs `tui_probe` in a fresh process (so its peak RSS is its own), and `segtui`
itself under a pseudo-terminal for the wall time from process start to the first paint.
The TUI targets are absolute, so each row's baseline is its budget: ratio ≤ 1 is within it.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.databases import child_env, segtui_command
from tests.benchmarks.report import Result

FIRST_FRAME = 0.5
OPEN_WORKSHEET = 0.3
KEY = 0.05
MEMORY_MB = 200.0
PAINTED = b"Segments"  # the home screen's title


def probe(path: Path | str, segment: str, keys: int, folder: Path) -> dict[str, Any]:
    """Run tui_probe in its own process and read its JSON."""
    command = [
        sys.executable,
        "-m",
        "tests.benchmarks.tui_probe",
        "--db",
        str(path),
        "--segment",
        segment,
        "--keys",
        str(keys),
    ]
    done = subprocess.run(
        command, check=True, capture_output=True, text=True, env=child_env(folder)
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_paint(path: Path | str, folder: Path, limit: float = 30.0) -> float:
    """Seconds from starting `segtui` in a 120×40 pseudo-terminal to its home screen's title."""
    env = {**child_env(folder), "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become segtui
        os.execvpe(sys.executable, segtui_command(path), env)
    seen = b""
    try:
        while PAINTED not in seen:
            if time.perf_counter() - start > limit:
                raise TimeoutError("segtui never painted its home screen")
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
        return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)


def _within(operation: str, size: int, value: float, budget: float, **extra: Any) -> Result:
    unit = "MB" if operation.endswith("memory") else "s"
    return Result(
        operation,
        size,
        value,
        unit=unit,
        baseline="budget",
        baseline_value=budget,
        target=f"<{budget:g} {unit}",
        met=value < budget,
        extra=extra,
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(
    path: Path | str, contacts: int, segment: str, keys: int, folder: Path, backend: str = "sqlite"
) -> list[Result]:
    """Every TUI figure at one size, on a SQLite file or a PostgreSQL URL."""
    got = probe(path, segment, keys, folder)
    lines = int(got["lines"])
    results = [
        _within("TUI first frame (Pilot)", contacts, got["first_frame"], FIRST_FRAME),
        _within("TUI first paint (terminal)", contacts, first_paint(path, folder), FIRST_FRAME),
        _within("TUI open worksheet", contacts, got["open_worksheet"], OPEN_WORKSHEET, lines=lines),
    ]
    for name, key in (
        ("cursor_down", "TUI cursor down (median)"),
        ("page_down", "TUI page down (median)"),
    ):
        latencies = got[name]
        results.append(
            _within(
                key,
                contacts,
                statistics.median(latencies),
                KEY,
                p95=round(_p95(latencies), 4),
                max=round(max(latencies), 4),
                keys=len(latencies),
            )
        )
    results.append(
        _within(
            "TUI peak memory",
            contacts,
            got["peak_rss_mb"],
            MEMORY_MB,
            lines=lines,
            ru_maxrss_mb=round(got["ru_maxrss_mb"], 1),
        )
    )
    for result in results:
        result.backend = backend
    return results
