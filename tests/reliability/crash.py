"""Kill a segtui command with SIGKILL again and again, checking the database each time.

The command runs on a copy of a prepared database. After every kill the database must pass
its integrity check and be in one of exactly two states: as before the command ("no
trace") or as after an uninterrupted run ("complete"). A copy that shows no trace is killed
again (up to CHAIN times: repeated crashes of the same file), then the command must run to
the end on it and leave the complete state — so after every kill the work can still be
done. Kill moments are spread evenly over an uninterrupted run, the faster of two measured
first (the first run on a fresh machine is slowed by a cold disk cache). A run that ends
before its kill shows the machine is now faster than when measured (the other tests of a
parallel run come and go): the remaining moments move earlier and that moment is tried
again, up to RETRIES times in all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from tests.reliability.harness import Store, fastest, kill_after, kill_points, run, timed

CHAIN = 5
RETRIES = 8
SHRINK = 0.75  # how much earlier the later moments move after a run beat its kill

State = Callable[[Store, str], object]


@dataclass(frozen=True)
class Crash:
    """A command to kill, what state it changes, and what a repeat run says once done."""

    command: tuple[str, ...]
    state: State
    # When the command already completed, running it again must fail with this text
    # (None: running it again is allowed and not checked).
    repeat_says: str | None = None


def counts(store: Store, url: str) -> object:
    """The default state: the number of rows of every table."""
    return store.counts(url)


def kill_repeatedly(store: Store, source: str, crash: Crash, kills: int) -> Counter[str]:
    """Kill `crash.command` `kills` times over its run on copies of `source`; check each."""
    before = crash.state(store, source)
    measured = [store.copy(source, "measured") for _ in range(2)]
    ready = fastest(*(partial(timed, url, "segment", "list") for url in measured))
    total = fastest(*(partial(timed, url, *crash.command) for url in measured))
    after = crash.state(store, measured[0])
    assert after != before, "the command changed nothing"
    assert crash.state(store, measured[1]) == after, "two uninterrupted runs differ"
    for url in measured:
        store.drop(url)

    outcomes: Counter[str] = Counter()
    url: str | None = None
    chained = 0
    plan = kill_points(ready, total, kills)
    first, scale, retries = plan[0], 1.0, 0
    while plan:
        delay = first + (plan[0] - first) * scale
        if url is None:
            url, chained = store.copy(source, "killed"), 0
        status = kill_after(url, *crash.command, delay=delay)
        outcomes["killed" if status is None else "finished"] += 1
        if status is None or retries == RETRIES:
            plan.pop(0)
        else:
            retries += 1
            scale *= SHRINK
        where = f"killed at {delay:.3f}s of {total:.3f}s"
        assert store.integrity_problems(url) == [], where
        state = crash.state(store, url)
        if state == before:
            outcomes["no trace"] += 1
            chained += 1
            if chained == CHAIN:
                _finish(store, url, crash, after, where)
                store.drop(url)
                url = None
            continue
        assert state == after, f"{where}: neither before nor complete: {state}"
        outcomes["complete"] += 1
        if crash.repeat_says is not None:
            again = run(url, *crash.command)
            assert again.returncode == 1, where
            assert again.stderr.startswith("segtui: error: "), again.stderr
            assert crash.repeat_says in again.stderr, again.stderr
            assert again.stderr.count("\n") == 1
        store.drop(url)
        url = None
    if url is not None:
        _finish(store, url, crash, after, "after the last kill")
        store.drop(url)
    # The kills landed inside the run: most stopped a running process, leaving no trace.
    assert outcomes["killed"] >= kills * 2 // 3, outcomes
    assert outcomes["no trace"] >= kills // 3, outcomes
    return outcomes


def _finish(store: Store, url: str, crash: Crash, after: object, where: str) -> None:
    """The interrupted work can be done: the command runs to the end and completes it."""
    result = run(url, *crash.command)
    assert result.returncode == 0, f"{where}: {result.stderr}"
    assert crash.state(store, url) == after, where
    assert store.integrity_problems(url) == [], where
