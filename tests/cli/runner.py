"""Running `segtui` from CLI tests, in-process or as a process of its own, and reading what it
printed."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from segtui.cli.app import main
from tests.reliability import launcher


@dataclass
class Result:
    """What a command printed and its exit status."""

    status: int
    out: str
    err: str

    def json(self) -> Any:
        """Stdout read as exactly one JSON document."""
        return json.loads(self.out)


Run = Callable[..., Result]


def invoke(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> Result:
    """Run `segtui --db DB_URL ARGS…` in-process and capture its output."""
    capsys.readouterr()
    try:
        status = main(["--db", db_url, *args])
    except SystemExit as exc:  # argparse usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return Result(status, out, err)


def segtui_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `segtui ARGS…` to the end in a process of its own, in this test's environment.

    The process is a fork of a fork server that has loaded segtui (tests/reliability/
    launcher.py): its own exit status, stdout and stderr, without Python's start-up.
    """
    return launcher.run("segtui", [str(arg) for arg in args], dict(os.environ))
