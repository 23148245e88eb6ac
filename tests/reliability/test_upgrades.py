"""Schema upgrades: a database of every released version opens, upgraded in place.

tests/data holds one small database per released schema version, made by that version's
segtui (`segtui demo --contacts 12 --seed 1`): a SQLite file and, for PostgreSQL, a
`pg_dump --inserts` of the same. See tests/data/README.md.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import schema
from segtui.db.database import open_database
from tests.reliability.harness import Store, run

DATA = Path(__file__).resolve().parents[1] / "data"
RELEASED = (1, 2, 3)  # every schema version segtui has shipped before the current one


def released_database(store: Store, version: int) -> str:
    """A private copy of the released database of `version` on the store's backend."""
    if store.backend == "sqlite":
        url = store.new(f"v{version}")
        shutil.copyfile(DATA / f"segtui-v{version}.db", url)
        return url
    url = store.new(f"v{version}")
    with gzip.open(DATA / f"segtui-v{version}.postgresql.sql.gz", "rt", encoding="utf-8") as f:
        store.load_sql(url, f.read())
    return url


def schema_of(store: Store, url: str) -> dict[str, object]:
    """Tables, their columns and their index names: what a schema version consists of."""
    with store.cursor(url) as cur:
        if store.backend == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = sorted(row[0] for row in cur.fetchall())
            columns = {}
            for table in tables:
                cur.execute(f'PRAGMA table_info("{table}")')
                columns[table] = sorted(row[1] for row in cur.fetchall())
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        else:
            cur.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'"
            )
            columns = {}
            for table, column in cur.fetchall():
                columns.setdefault(table, []).append(column)
            columns = {t: sorted(c) for t, c in columns.items()}
            tables = sorted(columns)
            cur.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                "AND indexname NOT LIKE '%_pkey'"
            )
        indexes = sorted(row[0] for row in cur.fetchall())
    return {"tables": tables, "columns": columns, "indexes": indexes}


def stored_version(store: Store, url: str) -> int:
    """The schema version the database says it has."""
    return int(store.scalar(url, "SELECT value FROM setting WHERE key = 'schema_version'"))


@pytest.mark.parametrize("version", RELEASED)
def test_a_released_database_is_upgraded_in_place_and_keeps_its_data(
    store: Store, version: int
) -> None:
    url = released_database(store, version)
    old_columns = schema_of(store, url)["columns"]
    assert isinstance(old_columns, dict)
    before = store.dump(url, columns=old_columns)
    assert stored_version(store, url) == version

    listed = run(url, "segment", "list", "--json")

    assert listed.returncode == 0, listed.stderr
    assert [s["no"] for s in json.loads(listed.stdout)] == ["SEG00003"]
    assert stored_version(store, url) == schema.SCHEMA_VERSION
    # Same schema as a database made new today, and every row as it was.
    fresh = store.new("fresh")
    with open_database(fresh):
        pass
    assert schema_of(store, url) == schema_of(store, fresh)
    # Every row as it was in the columns it had; the columns added since hold their defaults.
    after = store.dump(url, columns=old_columns)
    assert after.pop("setting") != before.pop("setting")
    assert after == before
    # Still fully usable: log the open segment of the old database.
    logged = run(url, "segment", "log", "SEG00003", "--no-send")
    assert logged.returncode == 0, logged.stderr
    assert store.integrity_problems(url) == []


@pytest.mark.sqlite_only
def test_sqlite_is_copied_before_the_upgrade(store: Store) -> None:
    url = released_database(store, 1)
    original = Path(url).read_bytes()

    assert run(url, "segment", "list").returncode == 0

    backup = Path(f"{url}.bak-v1")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert stored_version(store, str(backup)) == 1
    assert store.dump(str(backup)) == store.dump(str(_restored(original, store)))


def _restored(content: bytes, store: Store) -> str:
    """A database file holding `content` (to read the original through SQLite)."""
    url = store.new("original")
    Path(url).write_bytes(content)
    return url


def test_a_failed_upgrade_changes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = released_database(store, 1)
    before = store.dump(url)
    before_schema = schema_of(store, url)

    def broken(database: pw.Database) -> None:
        real(database)  # the real step runs, then the disk "fails" before the commit
        raise pw.OperationalError("disk on fire")

    real = schema.UPGRADES[1]
    monkeypatch.setitem(schema.UPGRADES, 1, broken)
    from segtui.cli.app import main

    assert main(["--db", url, "segment", "list"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("segtui: error: cannot open database ")
    assert err.endswith(": disk on fire\n")

    assert stored_version(store, url) == 1
    assert schema_of(store, url) == before_schema
    assert store.dump(url) == before


def test_a_newer_database_is_refused_and_left_alone(store: Store) -> None:
    url = released_database(store, 1)
    with store.cursor(url) as cur:
        cur.execute("UPDATE setting SET value = '99' WHERE key = 'schema_version'")
    before = Path(url).read_bytes() if store.backend == "sqlite" else store.dump(url)

    result = run(url, "segment", "list")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "segtui: error: this database has schema version 99, newer than this segtui "
        f"understands ({schema.SCHEMA_VERSION}); upgrade segtui\n"
    )
    after = Path(url).read_bytes() if store.backend == "sqlite" else store.dump(url)
    assert after == before
    if store.backend == "sqlite":
        assert not Path(f"{url}.bak-v99").exists()


def test_many_users_opening_an_old_database_at_once_upgrade_it_once(
    store: Store, start_together: Callable[..., list[object]]
) -> None:
    url = released_database(store, 1)

    results = start_together(8, url, "segment", "list", "--json")

    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    assert stored_version(store, url) == schema.SCHEMA_VERSION
    assert store.integrity_problems(url) == []
    if store.backend == "sqlite":
        backup = f"{url}.bak-v1"
        assert stored_version(store, backup) == 1
        assert store.integrity_problems(backup) == []
        assert sorted(p.name for p in Path(url).parent.glob("*.partial")) == []
