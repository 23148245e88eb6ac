"""Shared fixtures: every test works on a real SQLite file of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee as pw
import pytest

from segtui.db.database import open_database

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The path of a fresh SQLite database file (created on first open)."""
    return tmp_path / "segtui.db"


@pytest.fixture
def database(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pw.Database]:
    """An open, empty segtui database on a real file, bound for services and models."""
    monkeypatch.setenv("SEGTUI_USER", "tester")
    with open_database(str(db_path)) as db:
        yield db
