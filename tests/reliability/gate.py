"""Run one `segtui` command the moment a gate file appears (to start processes together).

`python -m tests.reliability.gate GATE ARGS…`: segtui is imported first, so every process
is ready before the gate opens; then they all run their command at once.
"""

from __future__ import annotations

import os
import sys
import time

from segtui.cli.app import main

if __name__ == "__main__":
    gate, *args = sys.argv[1:]
    deadline = time.monotonic() + 60
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.001)
    sys.exit(main(args))
