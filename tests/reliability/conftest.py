"""Fixtures of the reliability tests: a `Store` of databases on the test's backend."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.reliability import launcher
from tests.reliability.harness import Store, env, run


def _make_store(backend: str, folder: Path, request: pytest.FixtureRequest) -> Store:
    """A store on `backend` (PostgreSQL: the test run's server)."""
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    return Store(backend, folder, server)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """Databases for one test on its backend, dropped afterwards."""
    made = _make_store(backend, tmp_path, request)
    try:
        yield made
    finally:
        made.drop_all()


@pytest.fixture(scope="session")
def session_stores(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Store]]:
    """Stores that live for the whole run (for prepared databases several tests copy)."""
    stores: dict[str, Store] = {}

    def get(backend: str) -> Store:
        if backend not in stores:
            stores[backend] = _make_store(backend, tmp_path_factory.mktemp("prepared"), request)
        return stores[backend]

    yield get
    for made in stores.values():
        # A private PostgreSQL server may be stopped already, taking its databases with it.
        with contextlib.suppress(Exception):
            made.drop_all()


T = TypeVar("T")
Prepared = Callable[[str, Callable[[str], T]], tuple[str, T]]


@pytest.fixture(scope="session")
def _prepared_sources() -> dict[tuple[str, str], tuple[str, object]]:
    """Databases prepared for several tests: (backend, name) -> (url, what making it said)."""
    return {}


@pytest.fixture
def from_prepared(
    backend: str,
    store: Store,
    session_stores: Callable[[str], Store],
    _prepared_sources: dict[tuple[str, str], tuple[str, object]],
) -> Prepared[object]:
    """`from_prepared(name, make)`: a copy of its own, for this test, of the database `make`
    prepares, with what `make` returned. `make(url)` runs (with real segtui commands) on a
    new database the first time a test process asks for `name`, and never again: a demo
    database costs 0.4 s of CPU on SQLite and 0.7 s on PostgreSQL, its copy 0.001 s and
    0.09 s."""

    def get(name: str, make: Callable[[str], T]) -> tuple[str, T]:
        key = (backend, name)
        if key not in _prepared_sources:
            source = session_stores(backend).new(name)
            _prepared_sources[key] = (source, make(source))
        source, made = _prepared_sources[key]
        return store.copy(source, name), made  # type: ignore[return-value]

    return get


Job = tuple[str, tuple[str, ...]]  # (user, segtui arguments)


def start_jobs(folder: Path, url: str, jobs: list[Job]) -> list[subprocess.CompletedProcess[str]]:
    """Run each job's `segtui --db URL ARGS…` as its user, all released at one moment."""
    gate = folder / f"gate-{len(list(folder.glob('gate-*')))}"
    processes = [
        launcher.start("gate", [str(gate), "--db", url, *args], env({"SEGTUI_USER": user}))
        for user, args in jobs
    ]
    gate.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@pytest.fixture
def start_together(tmp_path: Path) -> Callable[..., list[subprocess.CompletedProcess[str]]]:
    """Run the same `segtui --db URL ARGS…` in N processes that start at the same moment."""

    def start(count: int, url: str, *args: str) -> list[subprocess.CompletedProcess[str]]:
        return start_jobs(tmp_path, url, [("tester", args)] * count)

    return start


@pytest.fixture(scope="session")
def small_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 10-contact demo database, made once per test process (by a real segtui)."""
    db = tmp_path_factory.mktemp("small-demo") / "demo.db"
    assert run(str(db), "demo", "--contacts", "10", "--seed", "1").returncode == 0
    return db


@pytest.fixture
def small_demo(small_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the small demo database for one test."""
    db = tmp_path / "segtui.db"
    shutil.copyfile(small_demo_template, db)
    return db
