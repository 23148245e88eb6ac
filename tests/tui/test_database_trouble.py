"""The TUI on a database it cannot write: it reads, and a write says why in one line."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from segtui.tui.app import SegtuiApp
from tests.tui.conftest import press


@pytest.fixture
def read_only_database(demo_db: Path) -> Iterator[Path]:
    """The test's database, read-only even for root (the immutable attribute)."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(demo_db)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"running as root and chattr +i failed: {done.stderr!r}")
    else:
        demo_db.chmod(0o444)
    try:
        yield demo_db
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(demo_db)], check=False)
        demo_db.chmod(0o600)


async def test_a_write_to_a_read_only_database_is_a_notification_that_says_so(
    read_only_database: Path, make_app: Callable[[], SegtuiApp]
) -> None:
    before = read_only_database.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot)
        assert "SEG00003" in str(app.screen.query_one("DataTable").get_row_at(0))
        await press(pilot, "d", "y")

        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Database error: the database is read-only for you") for m in messages
        ), messages
        assert not any("Something went wrong" in m for m in messages)
    assert read_only_database.read_bytes() == before
    assert [p.name for p in read_only_database.parent.glob("segtui.db*")] == ["segtui.db"]
