"""The TUI package never imports peewee or the db layer (it calls services, lazily)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import segtui.tui
for info in pkgutil.walk_packages(segtui.tui.__path__, "segtui.tui."):
    importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m == "peewee" or m.startswith("segtui.db"))
print(",".join(bad))
"""


def test_importing_the_tui_does_not_import_peewee_or_the_db_layer() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"segtui.tui imports {out}"
