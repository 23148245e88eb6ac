"""Demo databases for the suite, built with the `segtui demo` command, once per size a run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def segtui_command(db: Path, *args: str) -> list[str]:
    """The command line that runs segtui on `db` with this interpreter."""
    return [sys.executable, "-m", "segtui", "--db", str(db), *args]


def child_env(folder: Path) -> dict[str, str]:
    """The environment for segtui child processes: a private settings file, no colours."""
    env = dict(os.environ)
    env["SEGTUI_CONFIG"] = str(folder / "settings.toml")
    env["NO_COLOR"] = "1"
    return env


class DemoDatabases:
    """Builds `segtui demo --contacts N` databases under one folder and hands out copies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._built: dict[int, Path] = {}
        self.build_seconds: dict[int, float] = {}

    def template(self, contacts: int) -> Path:
        """The pristine demo database of this size (built on first use, never modified)."""
        if contacts not in self._built:
            path = self.folder / f"demo-{contacts}.db"
            start = time.perf_counter()
            subprocess.run(
                segtui_command(path, "demo", "--contacts", str(contacts)),
                check=True,
                capture_output=True,
                env=child_env(self.folder),
            )
            self.build_seconds[contacts] = time.perf_counter() - start
            self._built[contacts] = path
        return self._built[contacts]

    def copy(self, contacts: int, name: str) -> Path:
        """A working copy of the demo database of this size, for operations that change it."""
        source = self.template(contacts)
        target = self.folder / f"{name}-{contacts}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return target
