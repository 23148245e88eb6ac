"""Run one `segtui` command the moment a gate file appears (to start processes together).

Started through launcher.py (`gate` program) with `GATE ARGS…`: segtui is loaded before
the gate opens, so every process is ready; then they all run their command at once.
`python -m tests.reliability.gate GATE ARGS…` does the same from a shell.
"""

from __future__ import annotations

import os
import sys
import time

from segtui.cli.app import main as segtui

WAIT_LIMIT = 60.0  # seconds: a process never outlives a test that forgot to open the gate


def main(argv: list[str]) -> int:
    """Wait (bounded) for the gate file, then run `segtui ARGS…`; its exit status."""
    gate, *args = argv
    deadline = time.monotonic() + WAIT_LIMIT
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.001)
    return segtui(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
