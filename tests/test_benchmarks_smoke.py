"""The benchmark suite still runs: its --quick mode at a tiny size, every operation present.

The figures themselves are not checked (this is not a timed test); only that every
operation of tests/benchmarks produced a numeric ratio, so the suite cannot silently rot.
When a PostgreSQL server can be started (tests/pg_server.py), the PostgreSQL rows must be
there too; when not, the run must say why it skipped them.
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
# What runs on PostgreSQL too: the database operations and the TUI (import and merge are
# measured once, on SQLite / on Word documents).
POSTGRES_OPERATIONS = OPERATIONS - {
    "import contacts CSV",
    "import contacts CSV (CLI)",
    "merge letters, per contact",
    "merge letters, combined",
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
    by_operation = {(r["backend"], r["operation"]): r for r in report["results"]}
    on_sqlite = {op for backend, op in by_operation if backend != "postgresql"}
    assert on_sqlite == OPERATIONS
    for name, result in by_operation.items():
        ratio = result["ratio"]
        assert isinstance(ratio, float) and math.isfinite(ratio) and ratio > 0, name
    meta = report["meta"]
    assert meta["sizes"] == [300]
    on_postgres = {op for backend, op in by_operation if backend == "postgresql"}
    if meta["postgresql"].startswith("skipped"):
        assert not on_postgres and meta["pg_sizes"] == []
    else:
        assert on_postgres == POSTGRES_OPERATIONS, meta["postgresql"]
        assert meta["pg_sizes"] == [300]
