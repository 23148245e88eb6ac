"""`segtui demo` as a user runs it: a one-line summary, refusal and --force."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from segtui.cli.app import main
from tests.reliability import launcher


def segtui(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a process of its own (see tests/reliability/launcher.py)."""
    # The test run's own data folder (tests/conftest.py): the log stays out of $HOME.
    environment = {
        "SEGTUI_USER": "tester",
        "PATH": "/usr/bin:/bin",
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
    }
    return launcher.run("segtui", ["--db", db_url, *args], environment)


def test_demo_prints_one_line_and_fills_the_database(db_url: str) -> None:
    result = segtui(db_url, "demo", "--contacts", "120", "--seed", "3")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("demo database: 120 contacts (")
    assert "open segment SEG00003 with " in result.stdout
    listed = segtui(db_url, "contacts", "list", "--json")
    assert len(json.loads(listed.stdout)) == 120


def test_demo_refuses_a_non_empty_database_then_force_replaces_it(db_url: str) -> None:
    assert segtui(db_url, "demo", "--contacts", "40").returncode == 0
    refused = segtui(db_url, "demo", "--contacts", "10")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        "segtui: error: the database already has contacts; use --force to replace everything\n"
    )
    forced = segtui(db_url, "demo", "--contacts", "10", "--force")
    assert forced.returncode == 0
    assert forced.stdout.startswith("demo database: 10 contacts (")
    listed = segtui(db_url, "contacts", "list", "--json")
    assert len(json.loads(listed.stdout)) == 10


def test_demo_with_a_bad_count_is_an_error(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "demo", "--contacts", "0"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "segtui: error: --contacts must be at least 1, not 0\n"
    assert captured.out == ""
