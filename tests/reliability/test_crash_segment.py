"""Crash-safe contacts import, Add Contacts and Go Back: each killed at 8 moments of its run.

The same checks as for Log (tests/reliability/crash.py): after every SIGKILL the database
passes its integrity check and holds either nothing of the work or all of it, and the work
can then be done.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.crash import Crash, counts, kill_repeatedly
from tests.reliability.harness import Store, run
from tests.reliability.test_crash_log import SEGMENT, big_segment

KILLS = 8
IMPORTED = {"sqlite": 15_000, "postgresql": 5_000}  # a quarter of a second to import


@pytest.fixture(scope="module")
def contacts_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A CSV of numbered contacts, sized per backend."""

    def make(backend: str) -> Path:
        path = tmp_path_factory.getbasetemp() / f"contacts-{backend}.csv"
        if not path.exists():
            with path.open("w", newline="", encoding="utf-8") as f:
                out = csv.writer(f)
                out.writerow(["no", "name", "type", "city", "email", "language_code"])
                for i in range(IMPORTED[backend]):
                    out.writerow(
                        [
                            f"CT{500_000 + i}",
                            f"Imported {i}",
                            "company",
                            "Leeds",
                            f"c{i}@example.com",
                            "ENG",
                        ]
                    )
        return path

    return make


@pytest.mark.slow
def test_a_killed_import_leaves_no_contact_or_all(
    backend: str, session_stores: Callable[[str], Store], contacts_file: Callable[[str], Path]
) -> None:
    store = session_stores(backend)
    source = store.new("before_import")
    assert run(source, "demo", "--contacts", "10", "--seed", "1").returncode == 0
    crash = Crash(
        command=("contacts", "import", str(contacts_file(backend))),
        state=counts,
        repeat_says="contact 'CT500000' already exists",
    )

    kill_repeatedly(store, source, crash, KILLS)
    store.drop(source)


@pytest.mark.slow
def test_a_killed_add_contacts_adds_none_or_all(
    backend: str, session_stores: Callable[[str], Store]
) -> None:
    store = session_stores(backend)
    source = store.copy(big_segment(session_stores, backend), "before_add")
    made = run(source, "segment", "new", "--description", "Everyone", "--template", "LETTER")
    segment = made.stdout.strip()
    crash = Crash(("segment", "add", segment, "--filter", "contact.no=*"), state=counts)

    kill_repeatedly(store, source, crash, KILLS)
    store.drop(source)


def _lines_and_steps(store: Store, url: str) -> object:
    """Every table's row count, and which criteria actions are undone."""
    with store.cursor(url) as cur:
        cur.execute("SELECT segment_no, action_no, undone FROM criteria_action ORDER BY id")
        steps = [tuple(row) for row in cur.fetchall()]
    return store.counts(url), steps


@pytest.mark.slow
def test_a_killed_go_back_restores_none_or_all(
    backend: str, session_stores: Callable[[str], Store]
) -> None:
    store = session_stores(backend)
    source = big_segment(session_stores, backend)
    crash = Crash(
        ("segment", "go-back", SEGMENT),
        state=_lines_and_steps,
        repeat_says="no criteria action to go back from",
    )

    kill_repeatedly(store, source, crash, KILLS)
