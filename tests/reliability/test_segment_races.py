"""Several users writing one segment at once, each a `segtui` process of their own (issue 12).

Every segment write takes the segment's lock before it reads, so concurrent writers run one
after the other: the result is exactly that of the same commands run one after another, in
the order they took the lock (the segment's change list says which), with criteria action
numbers and line numbers gap-free. A writer that cannot get the lock in time is told who
holds it; a confirmation (`segment log --if-version`, `comment --edit`) that showed an older
version is refused and writes nothing. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import Prepared, start_jobs
from tests.reliability.harness import Store, run
from tests.reliability.test_concurrent_users import _start_worker, _wait_for

# What a writer may be told when another's write made its own impossible; never a
# constraint, a foreign key or a driver's message.
FAIR_REFUSALS = ("has nothing to redo", "no criteria action to go back from", "already logged")


def segment_state(store: Store, url: str, segment: str) -> dict[str, list[tuple[object, ...]]]:
    """What the segment holds, without ids and timestamps: lines, criteria log, history."""
    queries = {
        "lines": "SELECT line_no, contact_no, subject FROM segment_line WHERE segment_no = ? "
        "ORDER BY line_no",
        "criteria": "SELECT action_no, kind, filters, undone, count_before, count_after "
        "FROM criteria_action WHERE segment_no = ? ORDER BY action_no",
        "history": "SELECT a.action_no, h.role, h.line_no, h.contact_no FROM segment_history h "
        "JOIN criteria_action a ON a.id = h.action_id WHERE a.segment_no = ? "
        "ORDER BY a.action_no, h.role, h.line_no",
    }
    state = {}
    with store.cursor(url) as cur:
        for name, sql in queries.items():
            cur.execute(sql if store.backend == "sqlite" else sql.replace("?", "%s"), [segment])
            state[name] = [tuple(row) for row in cur.fetchall()]
    return state


def lock_order(store: Store, url: str, segment: str) -> list[str]:
    """The users in the order their writes took the segment's lock (its change list)."""
    with store.cursor(url) as cur:
        sql = "SELECT changed_by FROM segment_change WHERE segment_no = ? ORDER BY version"
        cur.execute(sql if store.backend == "sqlite" else sql.replace("?", "%s"), [segment])
        return [row[0] for row in cur.fetchall()]


def prepared(from_prepared: Prepared[str]) -> tuple[str, str]:
    """A copy of a demo database with a new segment holding the contacts CT0000*:
    (url, segment)."""

    def make(url: str) -> str:
        assert run(url, "demo", "--contacts", "120", "--seed", "4").returncode == 0
        made = run(url, "segment", "new", "--description", "Race", "--template", "LETTER")
        segment = made.stdout.strip()
        added = run(url, "segment", "add", segment, "--filter", "contact.no=CT00000*")
        assert added.returncode == 0
        return segment

    return from_prepared("races", make)


MIXES = {
    # The race of the report: Reduce and Go Back at one moment.
    "reduce-and-go-back": lambda s: [
        ("ann", ("segment", "reduce", s, "--filter", "contact.type=person")),
        ("bob", ("segment", "go-back", s)),
    ],
    # Eight writers of every kind.
    "eight-writers": lambda s: [
        ("ann", ("segment", "add", s, "--filter", "contact.no=CT00001*")),
        ("bob", ("segment", "add", s, "--filter", "contact.no=CT00002*")),
        ("cat", ("segment", "reduce", s, "--filter", "contact.type=company")),
        ("dan", ("segment", "go-back", s)),
        ("eve", ("segment", "redo", s)),
        ("fay", ("segment", "add", s, "--filter", "contact.no=CT00003*")),
        ("gus", ("segment", "refine", s, "--filter", "contact.no=CT0000*")),
        ("hal", ("segment", "set", s, "subject=Changed", "--update-lines")),
    ],
}


@pytest.mark.parametrize("mix", sorted(MIXES))
def test_concurrent_writers_end_as_if_they_ran_one_after_another(
    store: Store, tmp_path: Path, mix: str, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    replay = store.copy(url, "replay")
    jobs = MIXES[mix](segment)
    earlier = len(lock_order(store, url, segment))  # the preparation's own writes

    results = start_jobs(tmp_path, url, jobs)

    for (user, _), result in zip(jobs, results, strict=True):
        if result.returncode != 0:  # only refusals another's write explains
            assert result.stderr.startswith("segtui: error: "), (user, result.stderr)
            assert any(text in result.stderr for text in FAIR_REFUSALS), (user, result.stderr)
    order = lock_order(store, url, segment)[earlier:]
    succeeded = {user for (user, _), r in zip(jobs, results, strict=True) if r.returncode == 0}
    assert sorted(order) == sorted(succeeded)  # one change per successful write
    # The same commands, one after another in the order they took the lock.
    by_user = dict(jobs)
    for user in order:
        again = run(replay, *by_user[user], extra_env={"SEGTUI_USER": user})
        assert again.returncode == 0, (user, again.stderr)
    state = segment_state(store, url, segment)
    assert state == segment_state(store, replay, segment)
    actions = [row[0] for row in state["criteria"]]
    assert actions == list(range(1, len(actions) + 1))  # gap-free
    assert [row[0] for row in state["lines"]] == sorted({row[0] for row in state["lines"]})
    assert store.integrity_problems(url) == []
    # And the segment goes on working: every undone step can be redone.
    while run(url, "segment", "redo", segment).returncode == 0:
        pass
    assert store.integrity_problems(url) == []


def test_concurrent_adds_all_land_with_gap_free_numbers(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    jobs = [
        (f"user{i}", ("segment", "add", segment, "--filter", f"contact.no=CT0000{i}*"))
        for i in range(1, 9)
    ]

    results = start_jobs(tmp_path, url, jobs)

    assert [(r.returncode, r.stderr) for r in results] == [(0, "")] * 8
    state = segment_state(store, url, segment)
    assert [row[0] for row in state["criteria"]] == list(range(1, 10))
    assert [row[0] for row in state["lines"]] == list(range(1, len(state["lines"]) + 1))
    contacts = [row[1] for row in state["lines"]]
    assert len(contacts) == len(set(contacts))
    # Each add saw the one before it: its count before is the previous count after.
    counts = [(row[4], row[5]) for row in state["criteria"]]
    assert all(before == prev[1] for prev, (before, _) in itertools.pairwise(counts))


def test_an_add_racing_the_log_is_told_it_is_logged_or_lands_in_the_log(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    jobs = [
        ("ann", ("segment", "log", segment, "--no-send", "--json")),
        ("bob", ("segment", "add", segment, "--filter", "contact.no=CT00001*")),
    ]

    log, add = start_jobs(tmp_path, url, jobs)

    assert log.returncode == 0, log.stderr
    logged = json.loads(log.stdout)
    if add.returncode == 0:  # the add went first: the log has its lines too
        assert logged["interactions"] > 9
    else:
        assert add.stderr == (
            f"segtui: error: segment {segment} is already logged "
            f"(logged segment {logged['logged_segment_entry_no']})\n"
        )
    entries = store.scalar(
        url,
        "SELECT COUNT(*) FROM interaction_log_entry WHERE logged_segment_entry_no = ?",
        [logged["logged_segment_entry_no"]],
    )
    assert entries == logged["interactions"]
    assert (
        store.scalar(url, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [segment]) == 0
    )


def test_a_writer_kept_waiting_is_told_who_holds_the_segment(
    store: Store, tmp_path: Path, backend: str, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    before = segment_state(store, url, segment)
    gate, release = tmp_path / "gate", tmp_path / "release"
    gate.touch()
    holder = _start_worker(url, gate, "hold-segment", segment, str(release))
    _wait_for(Path(str(gate) + ".locked"), holder)

    waited = run(
        url,
        "segment",
        "add",
        segment,
        "--filter",
        "contact.no=CT00001*",
        extra_env={"SEGTUI_LOCK_WAIT": "0.3"},
    )
    release.touch()
    holder.communicate(timeout=60)

    assert waited.returncode == 1
    if backend == "postgresql":
        assert re.fullmatch(
            rf"segtui: error: segment {segment} is busy \(being changed by tester since "
            r"\d\d:\d\d:\d\d; waited 0\.3 s\); try again\n",
            waited.stderr,
        ), waited.stderr
    else:
        assert waited.stderr == (
            f"segtui: error: segment {segment} is busy (another user is writing to the "
            "database; waited 0.3 s); try again\n"
        )
    assert segment_state(store, url, segment) == before
    # Once the holder lets go, the same command goes through.
    assert run(url, "segment", "add", segment, "--filter", "contact.no=CT00001*").returncode == 0


def test_log_if_version_refuses_a_segment_changed_since_the_dry_run(
    store: Store, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    dry = run(url, "segment", "log", segment, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    shown = json.loads(dry.stdout)
    # Another user adds contacts and changes the subject of every line.
    added = run(
        url,
        "segment",
        "add",
        segment,
        "--filter",
        "contact.no=CT00001*",
        extra_env={"SEGTUI_USER": "bob"},
    )
    assert added.returncode == 0
    assert (
        run(
            url,
            "segment",
            "set",
            segment,
            "subject=Not yours",
            "--update-lines",
            extra_env={"SEGTUI_USER": "cat"},
        ).returncode
        == 0
    )
    counts = store.counts(url)

    stale = run(url, "segment", "log", segment, "--if-version", str(shown["version"]))

    assert stale.returncode == 1
    assert stale.stderr.startswith(f"segtui: error: {segment} changed since you looked: ")
    assert re.search(r": \d+ lines added by bob; header changed \(subject\); ", stale.stderr)
    assert re.search(r"\d+ lines updated from the header by cat — look again\n$", stale.stderr)
    assert stale.stderr.endswith(" — look again\n")
    assert store.counts(url) == counts  # nothing logged
    fresh = json.loads(run(url, "segment", "log", segment, "--dry-run", "--json").stdout)
    assert fresh["version"] == shown["version"] + 2
    done = run(url, "segment", "log", segment, "--no-send", "--if-version", str(fresh["version"]))
    assert done.returncode == 0, done.stderr
    assert f"logged {fresh['interactions']} interactions" in done.stdout


def test_comment_edit_refuses_to_overwrite_a_comment_saved_meanwhile(
    store: Store, tmp_path: Path, from_prepared: Prepared[str]
) -> None:
    url, segment = prepared(from_prepared)
    contact = "CT000002"
    # An editor that, while "open", lets another user save a comment on the same contact.
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f"SEGTUI_USER=bob {sys.executable} -m segtui --db '{url}' "
        f"segment comment {segment} {contact} 'Bob was here'\n"
        'printf "Mine" > "$1"\n',
        encoding="utf-8",
    )
    editor.chmod(0o700)

    edited = run(
        url,
        "segment",
        "comment",
        segment,
        contact,
        "--edit",
        extra_env={"EDITOR": str(editor), "VISUAL": ""},
    )

    assert edited.returncode == 1
    assert edited.stderr == (
        f"segtui: error: {segment} changed since you looked: comment of contact {contact} "
        "changed by bob — look again\n"
    )
    comment = store.scalar(
        url,
        "SELECT comment FROM segment_line WHERE segment_no = ? AND contact_no = ?",
        [segment, contact],
    )
    assert comment == "Bob was here"
