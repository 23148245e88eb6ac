"""The benchmark suite still runs: its --quick mode at a tiny size, every operation present.

The figures themselves are not checked (this is not a timed test); only that every
operation of tests/benchmarks produced a numeric ratio, so the suite cannot silently rot.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = {
    "live match count",
    "criteria picker preview",
    "add contacts (~10 %)",
    "go back after add",
    "reduce contacts",
    "refine contacts",
    "log segment --no-send",
    "log segment --no-send (CLI)",
    "import contacts CSV",
    "import contacts CSV (CLI)",
    "merge letters, per contact",
    "merge letters, combined",
    "TUI first frame (Pilot)",
    "TUI first paint (terminal)",
    "TUI open worksheet",
    "TUI cursor down (median)",
    "TUI page down (median)",
    "TUI peak memory",
}


@pytest.mark.slow
def test_quick_run_reports_every_operation_with_a_ratio() -> None:
    command = [
        sys.executable, "-m", "tests.benchmarks.run", "--quick", "--json",
        "--sizes", "300", "--letters", "3", "--keys", "3",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    by_operation = {r["operation"]: r for r in report["results"]}
    assert set(by_operation) == OPERATIONS
    for name, result in by_operation.items():
        ratio = result["ratio"]
        assert isinstance(ratio, float) and math.isfinite(ratio) and ratio > 0, name
    assert report["meta"]["sizes"] == [300]
