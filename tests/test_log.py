"""segtui's log file: where it lives, what it holds, and that it never stops segtui.

The commands run as real `segtui` processes, each with a user data directory of its own
($XDG_DATA_HOME, which platformdirs reads on Linux), so the log they write is the one a
user would find.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from segtui import log
from segtui.db import schema
from segtui.db.database import open_database
from tests.reliability import launcher
from tests.services.factories import make_contact, make_segment, make_template


def segtui(data_home: Path, *args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `segtui ARGS…` as a process whose user data directory is `data_home`."""
    import os

    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(data_home),
        SEGTUI_USER="tester",
        SEGTUI_CONFIG=str(data_home / "no-settings.toml"),
    )
    env.pop("SEGTUI_DEBUG", None)
    if debug:
        env["SEGTUI_DEBUG"] = "1"
    # A fork of tests/reliability/launcher.py's server: a process of its own, which sets up
    # its logging from this environment as `python -m segtui` would.
    return launcher.run("segtui", args, env)


def mode(path: Path) -> int:
    """The permission bits of a file or folder."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    """Where a segtui run with $XDG_DATA_HOME = tmp_path/data writes its log."""
    return tmp_path / "data" / "segtui" / "segtui.log"


@pytest.fixture
def reset_log() -> Iterator[None]:
    """Remove the handler a test installed in this process."""
    yield
    log.shutdown()


def test_a_command_writes_a_private_log_file_in_the_data_directory(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = segtui(tmp_path / "data", "--db", str(tmp_path / "x.db"), "segment", "list")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert log.log_path() == log_file
    assert mode(log_file) == 0o600
    assert mode(log_file.parent) == 0o700
    text = log_file.read_text(encoding="utf-8")
    assert f"INFO segtui.db.database: opened database {tmp_path / 'x.db'}" in text
    assert "peewee" not in text  # SQL only with SEGTUI_DEBUG


def test_segtui_debug_writes_the_sql(tmp_path: Path, log_file: Path) -> None:
    done = segtui(tmp_path / "data", "--db", str(tmp_path / "x.db"), "segment", "list", debug=True)

    assert done.returncode == 0, done.stderr
    sql = [line for line in log_file.read_text().splitlines() if " DEBUG peewee: " in line]
    assert any('FROM "segment_header"' in line for line in sql)


def test_an_unwritable_log_folder_does_not_stop_the_command(tmp_path: Path) -> None:
    # A file where the data folder should be: no log can be written there, whoever runs it.
    blocked = tmp_path / "data"
    blocked.write_text("not a folder")

    done = segtui(blocked, "--db", str(tmp_path / "x.db"), "segment", "list")

    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("No.")


def test_logging_a_segment_writes_its_info_line(tmp_path: Path, log_file: Path) -> None:
    db_path = tmp_path / "x.db"
    with open_database(str(db_path)):
        make_template("LETTER")
        make_contact("CT000001")
        make_contact("CT000002")
        make_segment("SEG00001", ["CT000001", "CT000002"])

    done = segtui(
        tmp_path / "data", "--db", str(db_path), "segment", "log", "SEG00001", "--no-send"
    )

    assert done.returncode == 0, done.stderr
    assert (
        "INFO segtui.services.log.log_segment: segment SEG00001 logged as logged segment 1: "
        "2 entries written by tester" in log_file.read_text()
    )


def test_delivery_failures_are_logged_with_their_reason(tmp_path: Path, log_file: Path) -> None:
    db_path = tmp_path / "x.db"
    with open_database(str(db_path)):
        make_template("LETTER")  # no Word document: no letter can be made
        make_contact("CT000001")
        make_segment("SEG00001", ["CT000001"])

    out = str(tmp_path / "out")
    done = segtui(
        tmp_path / "data", "--db", str(db_path), "segment", "log", "SEG00001", "--out", out
    )

    assert done.returncode == 1, done.stderr  # logged, but the delivery failed
    assert "delivered 0, failed 1" in done.stdout
    lines = log_file.read_text().splitlines()
    assert any(
        "WARNING segtui.services.log.delivery: logged segment 1, entry 1 not delivered: "
        "interaction template LETTER has no Word document" in line
        for line in lines
    )
    assert any("delivery of logged segment 1: 0 delivered, 1 failed" in line for line in lines)


def test_passwords_in_urls_never_reach_the_log(tmp_path: Path, reset_log: None) -> None:
    path = log.configure(folder=tmp_path / "logs", debug=False)
    assert path == tmp_path / "logs" / "segtui.log"

    logging.getLogger("segtui.test").warning(
        "cannot reach %s", "postgresql://bob:hunter2@db.example/segtui"
    )

    text = path.read_text()
    assert "cannot reach postgresql://bob:***@db.example/segtui" in text
    assert "hunter2" not in text


def test_an_unexpected_worker_error_is_logged_and_named_in_the_notification(
    tmp_path: Path, reset_log: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from segtui.tui.app import build_app
    from segtui.tui.worker import run_service

    monkeypatch.setenv("SEGTUI_USER", "tester")
    path = log.configure(folder=tmp_path / "logs", debug=False)
    app = build_app(str(tmp_path / "x.db"))

    async def scenario() -> list[str]:
        async with app.run_test() as pilot:
            await pilot.pause()
            run_service(app, lambda: int("twelve"), description="a bug")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return [n.message for n in app._notifications]

    messages = asyncio.run(scenario())

    expected = (
        "Something went wrong: ValueError: invalid literal for int() with base 10: 'twelve' "
        f"(details in {path})"
    )
    assert expected in messages
    text = path.read_text() if path else ""
    assert "ERROR segtui.tui.worker: unexpected error in a TUI worker (a bug)" in text
    assert "Traceback (most recent call last)" in text
    assert "ValueError: invalid literal for int()" in text


def test_a_schema_upgrade_is_logged_with_both_versions(tmp_path: Path, log_file: Path) -> None:
    db_path = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "data" / "segtui-v1.db", db_path)

    done = segtui(tmp_path / "data", "--db", str(db_path), "segment", "list")

    assert done.returncode == 0, done.stderr
    assert (
        "INFO segtui.db.schema: upgrading the database schema from version 1 to "
        f"{schema.SCHEMA_VERSION}" in log_file.read_text()
    )


def test_a_contacts_import_is_logged_with_its_file_and_rows(tmp_path: Path, log_file: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,city\nAda,Leeds\nBo,York\n", encoding="utf-8")

    done = segtui(tmp_path / "data", "--db", str(tmp_path / "x.db"), "contacts", "import", str(csv))

    assert done.returncode == 0, done.stderr
    assert (
        "INFO segtui.services.contacts.importer: contacts import from people.csv: 2 rows imported"
        in log_file.read_text()
    )
