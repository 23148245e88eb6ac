"""Several users at once, each in a process of their own, on SQLite and PostgreSQL.

Logging the same segment: exactly one wins, the others are told it is already logged.
Numbers: never handed out twice. Editing the same line: the stale write is refused.
A reader keeps working while another process holds the write lock, and a second writer
waits for it instead of failing with "database is locked".
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability import launcher
from tests.reliability.conftest import Prepared
from tests.reliability.harness import Store, env, run

StartTogether = Callable[..., list[subprocess.CompletedProcess[str]]]


def mailing(from_prepared: Prepared[str], contacts: int = 300) -> tuple[str, str]:
    """A copy of a demo database with a new segment of every contact; (url, segment number)."""

    def make(url: str) -> str:
        assert run(url, "demo", "--contacts", str(contacts), "--seed", "2").returncode == 0
        no = run(url, "segment", "new", "--description", "Mailing", "--template", "LETTER")
        segment = no.stdout.strip()
        assert run(url, "segment", "add", segment, "--filter", "contact.no=*").returncode == 0
        return segment

    return from_prepared(f"mailing_{contacts}", make)


@pytest.mark.parametrize("users", [2, 8])
def test_users_logging_the_same_segment_at_once_exactly_one_wins(
    store: Store, start_together: StartTogether, users: int, from_prepared: Prepared[str]
) -> None:
    url, segment = mailing(from_prepared)
    lines = store.scalar(url, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [segment])
    entries_before = store.counts(url)["interaction_log_entry"]

    results = start_together(users, url, "segment", "log", segment, "--no-send", "--json")

    winners = [r for r in results if r.returncode == 0]
    losers = [r for r in results if r.returncode != 0]
    assert len(winners) == 1, [r.stderr for r in results]
    logged = json.loads(winners[0].stdout)
    assert logged["interactions"] == lines
    for loser in losers:
        assert loser.returncode == 1
        assert loser.stdout == ""
        assert loser.stderr == (
            f"segtui: error: segment {segment} is already logged "
            f"(logged segment {logged['logged_segment_entry_no']})\n"
        )
    assert store.counts(url)["interaction_log_entry"] == entries_before + lines
    assert store.counts(url)["logged_segment"] == 3  # the demo's two and this one
    assert store.integrity_problems(url) == []


def test_numbers_are_never_handed_out_twice(store: Store, tmp_path: Path) -> None:
    url = store.new("numbers")
    assert run(url, "segment", "list").returncode == 0  # creates the schema
    gate = tmp_path / "gate"
    workers = [launcher.start("worker", [url, str(gate), "numbers", "50"], env()) for _ in range(8)]
    gate.touch()
    made = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        made.append(json.loads(out))

    segments = [no for m in made for no in m["segments"]]
    campaigns = [no for m in made for no in m["campaigns"]]
    assert sorted(segments) == [f"SEG{i:05d}" for i in range(1, 401)]
    assert sorted(campaigns) == [f"CP{i:05d}" for i in range(1, 401)]
    assert store.counts(url)["segment_header"] == 400


def _start_worker(url: str, gate: Path, *job: str) -> launcher.Started:
    return launcher.start("worker", [url, str(gate), *job], env())


def test_two_users_editing_the_same_line_the_stale_write_is_refused(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = mailing(from_prepared, contacts=20)
    version = store.scalar(
        url, "SELECT version FROM segment_line WHERE segment_no = ? AND line_no = 1", [segment]
    )
    gate = tmp_path / "gate"
    # Both loaded line 1 at the same version; both save at the same moment.
    users = [_start_worker(url, gate, "edit-line", segment, "1", str(version), t) for t in "AB"]
    gate.touch()
    said = []
    for user in users:
        out, err = user.communicate(timeout=60)
        assert user.returncode == 0, err
        said.append(json.loads(out))

    assert sorted(said) == ["line 1 of " + segment + " was changed by someone else", "ok"]
    comment = store.scalar(
        url, "SELECT comment FROM segment_line WHERE segment_no = ? AND line_no = 1", [segment]
    )
    assert comment == "AB"[said.index("ok")]  # the winner's text, not a mix or a loss
    assert (
        store.scalar(
            url, "SELECT version FROM segment_line WHERE segment_no = ? AND line_no = 1", [segment]
        )
        == version + 1
    )


def test_a_stale_edit_after_someone_elses_command_is_refused(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = mailing(from_prepared, contacts=20)
    version = store.scalar(
        url, "SELECT version FROM segment_line WHERE segment_no = ? AND line_no = 2", [segment]
    )
    # Another user changes the line from the command line…
    assert run(url, "segment", "line", segment, "2", "subject=Changed").returncode == 0
    # …then this user saves the comment typed on the line as it was loaded.
    gate = tmp_path / "gate"
    gate.touch()
    user = _start_worker(url, gate, "edit-line", segment, "2", str(version), "Stale")
    out, err = user.communicate(timeout=60)

    assert user.returncode == 0, err
    assert json.loads(out) == f"line 2 of {segment} was changed by someone else"
    assert (
        store.scalar(
            url, "SELECT comment FROM segment_line WHERE segment_no = ? AND line_no = 2", [segment]
        )
        == ""
    )


def test_readers_work_and_writers_wait_while_another_process_writes(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = mailing(from_prepared, contacts=50)
    listed_before = json.loads(run(url, "segment", "list", "--json").stdout)
    gate, release = tmp_path / "gate", tmp_path / "release"
    holder = _start_worker(url, gate, "hold", "Held", str(release))
    _wait_for(Path(str(gate) + ".locked"), holder)

    # While the other process holds the write lock, reading works and sees the last commit.
    listed = run(url, "segment", "list", "--json", timeout=30)
    shown = run(url, "segment", "show", segment, "--json", timeout=30)
    contacts = run(url, "contacts", "list", "--limit", "5", "--json", timeout=30)
    for result in (listed, shown, contacts):
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert json.loads(listed.stdout) == listed_before
    # A second writer queues behind the lock instead of failing.
    writer = launcher.start("segtui", ["--db", url, "segment", "new", "--description", "W"], env())
    assert holder.poll() is None  # still holding: the reads above did not wait for it
    release.touch()
    held_out, held_err = holder.communicate(timeout=60)
    out, err = writer.communicate(timeout=60)

    assert holder.returncode == 0, held_err
    assert (writer.returncode, err) == (0, "")
    numbers = {json.loads(held_out), out.strip()}
    assert len(numbers) == 2
    assert "locked" not in err


def _wait_for(path: Path, process: launcher.Started) -> None:
    """Wait (bounded) until a worker signals through a file, failing if it died."""
    deadline = time.monotonic() + 60
    while not path.exists():
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"worker ended early: {err}")
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.005)
