"""Crash-safe Log: `segtui segment log` killed with SIGKILL at 12 moments of its run.

Each time the database holds either no trace of the log or the complete log, passes an
integrity check, and the segment can then be logged (or, when the log was complete, is
refused as already logged). See tests/reliability/crash.py for how kills are spread.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.reliability.crash import Crash, counts, kill_repeatedly
from tests.reliability.harness import Store, run

# A quarter of a second of logging after start-up on each backend (~7 000 / 4 500 lines):
# long enough that most kills land inside the log transaction, and small enough that a
# copy, a kill and an integrity check stay cheap.
CONTACTS = {"sqlite": 8_000, "postgresql": 5_000}
KILLS = 12
SEGMENT = "SEG00004"

_prepared: dict[str, str] = {}


def big_segment(stores: Callable[[str], Store], backend: str) -> str:
    """A demo database with SEGMENT: every contact that may be added (made once per run)."""
    store = stores(backend)
    if backend not in _prepared:
        url = store.new("big_segment")
        made = run(url, "demo", "--contacts", str(CONTACTS[backend]), "--seed", "1")
        assert made.returncode == 0, made.stderr
        made = run(url, "segment", "new", "--description", "Big mailing", "--template", "LETTER")
        assert made.stdout.strip() == SEGMENT
        assert run(url, "segment", "add", SEGMENT, "--filter", "contact.no=*").returncode == 0
        _prepared[backend] = url
    return _prepared[backend]


@pytest.mark.slow
def test_a_killed_log_leaves_nothing_or_everything(
    backend: str, session_stores: Callable[[str], Store]
) -> None:
    source_store = session_stores(backend)
    source = big_segment(session_stores, backend)
    lines = source_store.scalar(
        source, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [SEGMENT]
    )
    assert lines > CONTACTS[backend] * 0.9
    crash = Crash(
        command=("segment", "log", SEGMENT, "--no-send"),
        state=counts,
        repeat_says=f"segment {SEGMENT} is already logged",
    )

    outcomes = kill_repeatedly(source_store, source, crash, KILLS)

    assert outcomes["killed"] + outcomes["finished"] >= KILLS
