"""Shared fixtures: every test works on a real database of its own, SQLite and PostgreSQL.

A test that asks for `database` (an open, bound database) or `db_url` (what `--db` takes)
runs twice: `[sqlite]` on a fresh file and `[postgresql]` on a real server (see
tests/pg_server.py) emptied before the test. Tests that are SQLite-only by nature (file
modes, PRAGMAs, WAL, byte-for-byte file copies) ask for `db_path` instead, or carry
`@pytest.mark.sqlite_only`. `-m "not postgresql"` runs the SQLite half alone.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import peewee as pw
import pytest

from segtui.db.database import open_database
from tests.pg_server import REQUIRE_ENV, NoPostgres, Server, test_server

BACKENDS = ("sqlite", "postgresql")


# The programs some tests drive; where they are missing those tests skip with a reason,
# except under $SEGTUI_REQUIRE_TOOLS (CI sets it), where a missing one stops the run.
TOOLS = ("tmux", "soffice", "pdftotext")
REQUIRE_TOOLS_ENV = "SEGTUI_REQUIRE_TOOLS"


def pytest_configure(config: pytest.Config) -> None:
    """Register the backend markers; in CI, insist on the programs the tests drive."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if os.environ.get(REQUIRE_TOOLS_ENV) and missing:
        raise pytest.UsageError(f"${REQUIRE_TOOLS_ENV} is set but {', '.join(missing)} missing")
    config.addinivalue_line("markers", "postgresql: the PostgreSQL variant of a test")
    config.addinivalue_line(
        "markers", "sqlite_only: runs on SQLite only (file modes, PRAGMAs, WAL, file bytes)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses the `backend` fixture (via db_url/database) on each backend."""
    if "backend" not in metafunc.fixturenames:
        return
    names = ("sqlite",) if metafunc.definition.get_closest_marker("sqlite_only") else BACKENDS
    params = [
        pytest.param(name, marks=[pytest.mark.postgresql] if name == "postgresql" else [])
        for name in names
    ]
    metafunc.parametrize("backend", params, ids=list(names))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (the default, see pyproject.toml): one worker more than there are cores.

    A third of a TUI test's time is spent waiting for the app to go quiet, and the tmux,
    LibreOffice and kill tests wait on other programs; with one worker per core those waits
    left 70 s of a 251 s run idle on this 2-core machine. The extra worker fills them (idle
    15 s; 210-242 s on 3 December, the same hour as the 251 s run).
    $PYTEST_XDIST_AUTO_NUM_WORKERS still says how many, as pytest-xdist documents.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow tests first (longest first is the best order for parallel workers).

    With pytest-xdist a 20-second crash test that starts last keeps one worker busy while
    the other has nothing left to do; started first, the short tests fill in around it.
    The sort is stable and the same in every worker, as xdist requires.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Spend less of the run in Python's garbage collector.

    What collection made (every test module, fixture and item) lives to the end of the
    run, yet every full collection walked it again: frozen, it is never scanned. And a TUI
    test makes and drops thousands of small objects per keypress, so at Python's default
    (a young collection every 700 allocations) 11-13 % of its CPU time went to collecting;
    every 10 000 cuts that to 7-9 % (measured on three tests/tui files, same results).
    What the tests leave behind is collected as before, only in fewer, larger rounds.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


@pytest.fixture(scope="session", autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user data directory of the whole run (and of the segtuis it starts): a temp folder.

    Every `segtui` process writes its log there (segtui/log.py), and letters go there by
    default; a test run must leave the tester's own ~/.local/share/segtui alone.
    platformdirs reads $XDG_DATA_HOME on Linux, the platform the tests run on.
    """
    folder = tmp_path_factory.mktemp("data-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """The PostgreSQL server of this test run (private unless $SEGTUI_TEST_POSTGRES_URL)."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(test_server())
        except NoPostgres as exc:
            if os.environ.get(REQUIRE_ENV):
                pytest.fail(f"PostgreSQL is required (${REQUIRE_ENV}) but: {exc}")
            pytest.skip(f"no PostgreSQL: {exc}")
        yield server


@pytest.fixture(scope="session")
def pg_database(pg_server: Server) -> Iterator[str]:
    """One database for the run's PostgreSQL tests, with segtui's schema; its URL."""
    name = f"segtui_test_{os.getpid()}"
    admin = pg_server.connect()
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    url = pg_server.url(name)
    with open_database(url):
        pass  # creates the schema
    try:
        yield url
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def empty_postgres(pg_server: Server, url: str) -> None:
    """Empty every table of the test database and restart its sequences (keeps the schema).

    DELETE, children before parents, is ~15x faster than TRUNCATE on small tables (TRUNCATE
    makes new files for every table); all in one round trip.
    """
    from segtui.db import models
    from segtui.db.schema import SCHEMA_VERSION

    name = url.split("?")[0].rsplit("/", 1)[-1]
    conn = pg_server.connect(name)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = {row[0] for row in cur.fetchall()}
            cur.execute(
                "SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            sequences = cur.fetchall()
            ordered = [model._meta.table_name for model in reversed(models.ALL_MODELS)]
            ordered = sorted(tables - set(ordered)) + [t for t in ordered if t in tables]
            # A client a test killed mid-transaction is gone; never wait long behind one.
            statements = ["SET lock_timeout = '20s'"]
            statements += [f'DELETE FROM "{table}"' for table in ordered]
            # setval, not ALTER SEQUENCE … RESTART: the same next value without a new file
            # for every sequence (0.2 ms for all of them instead of 5.6 ms).
            statements += [
                f"SELECT setval('\"{seq}\"', {start}, false)" for seq, start in sequences
            ]
            statements.append(
                f"INSERT INTO setting (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}')"
            )
            cur.execute("; ".join(statements))
    finally:
        conn.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database with segtui's schema, made once per test process.

    Copying it is ~15x faster than creating the schema for every test.
    """
    path = tmp_path_factory.mktemp("schema") / "segtui.db"
    with open_database(str(path)) as database:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The path of a fresh SQLite database file (created on first open)."""
    return tmp_path / "segtui.db"


@pytest.fixture
def db_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """What `--db` takes for this test's fresh, empty database on the test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, db_path)
        db_path.chmod(0o600)  # as segtui creates its files
        return str(db_path)
    server: Server = request.getfixturevalue("pg_server")
    url: str = request.getfixturevalue("pg_database")
    empty_postgres(server, url)
    return url


@pytest.fixture
def database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[pw.Database]:
    """An open, empty segtui database on the test's backend, bound for services and models."""
    monkeypatch.setenv("SEGTUI_USER", "tester")
    with open_database(db_url) as db:
        yield db
