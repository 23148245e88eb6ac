"""Crash-safe Log: `segtui segment log` killed with SIGKILL at many moments of its run.

Each time the database must hold either no trace of the log or the complete log, pass an
integrity check, and the segment must then log (or, when the log was complete, be refused
as already logged). Kill moments are spread over an uninterrupted run measured first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from tests.reliability.harness import Store, kill_after, kill_points, run, timed

# About a second for the whole `segment log` process on each backend (~47 000 / 24 000 lines).
CONTACTS = {"sqlite": 50_000, "postgresql": 25_000}
KILLS = 30
SEGMENT = "SEG00004"

_prepared: dict[str, str] = {}


def big_segment(stores: Callable[[str], Store], backend: str) -> tuple[Store, str]:
    """A demo database with SEGMENT: every contact that may be added (made once per run)."""
    store = stores(backend)
    if backend not in _prepared:
        url = store.new("big_segment")
        assert run(url, "demo", "--contacts", str(CONTACTS[backend]), "--seed", "1").returncode == 0
        made = run(url, "segment", "new", "--description", "Big mailing", "--template", "LETTER")
        assert made.stdout.strip() == SEGMENT
        assert run(url, "segment", "add", SEGMENT, "--filter", "contact.no=*").returncode == 0
        _prepared[backend] = url
    return store, _prepared[backend]


@pytest.mark.slow
def test_a_killed_log_leaves_nothing_or_everything(
    backend: str, store: Store, session_stores: Callable[[str], Store]
) -> None:
    source_store, source = big_segment(session_stores, backend)
    before = source_store.counts(source)
    lines = source_store.scalar(
        source, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [SEGMENT]
    )
    assert lines > CONTACTS[backend] * 0.9

    # Measure: how long the command takes to start, and a whole uninterrupted log.
    done = store.copy(source, "measured")
    ready = timed(done, "segment", "list")
    total = timed(done, "segment", "log", SEGMENT, "--no-send")
    after = store.counts(done)
    assert after["interaction_log_entry"] == before["interaction_log_entry"] + lines
    assert after["segment_line"] == before["segment_line"] - lines
    store.drop_all()

    outcomes: Counter[str] = Counter()
    for delay in kill_points(ready, total, KILLS):
        url = store.copy(source, "killed")
        status = kill_after(url, "segment", "log", SEGMENT, "--no-send", delay=delay)
        outcomes["killed" if status is None else "finished"] += 1

        assert store.integrity_problems(url) == [], f"killed at {delay:.3f}s"
        counts = store.counts(url)
        if counts == before:
            outcomes["no trace"] += 1
            again = run(url, "segment", "log", SEGMENT, "--no-send")
            assert again.returncode == 0, again.stderr
            assert store.counts(url) == after
        else:
            assert counts == after, f"killed at {delay:.3f}s: half a log {counts}"
            outcomes["complete"] += 1
            again = run(url, "segment", "log", SEGMENT, "--no-send")
            assert again.returncode == 1
            assert again.stderr.startswith("segtui: error: ")
            assert "already logged" in again.stderr
            assert again.stderr.count("\n") == 1
        store.drop_all()

    # The kills really landed inside the run, and on both sides of the commit.
    assert outcomes["killed"] >= KILLS * 2 // 3, outcomes
    assert outcomes["no trace"] >= 10, outcomes
    assert outcomes["complete"] >= 1, outcomes
