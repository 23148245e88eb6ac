"""Running `segtui` in-process from CLI tests and reading what it printed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from segtui.cli.app import main


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
