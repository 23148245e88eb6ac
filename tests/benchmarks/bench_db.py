"""The database operations of the suite: criteria verbs, go back, log and the live count.

Each operation runs through segtui's services on one segment while every statement is
recorded; the baseline then runs the recorded statement(s) on a raw sqlite3 connection (or,
on PostgreSQL, a raw psycopg2 connection) against a twin segment holding the same lines
(only the segment number parameter differs).
Rounds alternate which side goes first, and the best of the rounds is kept on both sides.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from segtui.services.log.log_segment import log_segment
from segtui.services.segments import criteria, segments
from tests.benchmarks.databases import child_env, segtui_command
from tests.benchmarks.rawsql import (
    Recording,
    Statement,
    query_plan,
    recording,
    replay,
    scalar,
    timed_query,
)
from tests.benchmarks.report import Result

T = TypeVar("T")

FILTER_ADD = ("contact.city=London",)  # ~10 % of the demo's contacts
FILTER_REDUCE = ("contact.type=company",)  # ~26 % of a segment's lines go
FILTER_REFINE = ("contact.type=person",)  # ~74 % of a segment's lines stay
HAND_COUNT = "SELECT COUNT(*) FROM contact WHERE city = ?"  # `?` becomes `%s` on psycopg2
COUNT_TRIES = 5

INSERT_LINES = 'INSERT INTO "segment_line"'
INSERT_HISTORY = 'INSERT INTO "segment_history"'
DELETE_LINES = 'DELETE FROM "segment_line"'
INSERT_ENTRIES = 'INSERT INTO "interaction_log_entry"'


@dataclass
class Context:
    """What every operation needs: the database, a raw connection, the settings of the run."""

    path: Path | str  # a SQLite file or a postgresql:// URL
    size: int
    raw: Any  # sqlite3.Connection or a psycopg2 connection to the same database
    rounds: int
    verbose: bool
    folder: Path
    results: list[Result] = field(default_factory=list)

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql': the backend column of this context's results."""
        return "sqlite" if isinstance(self.raw, sqlite3.Connection) else "postgresql"

    @property
    def raw_name(self) -> str:
        """How the baseline's notes name the raw connection."""
        return "raw sqlite3" if self.backend == "sqlite" else "raw psycopg2"

    def add(self, result: Result) -> None:
        """Keep a result, marked with this context's backend."""
        result.backend = self.backend
        self.results.append(result)

    def explain(self, title: str, statements: list[Statement], mapping: dict[Any, Any]) -> None:
        """Print each statement's plan in verbose mode."""
        if not self.verbose:
            return
        for statement in statements:
            print(f"\n-- {title} ({self.size:,} contacts): {statement.sql[:100]}…")
            print(query_plan(self.raw, statement, mapping))


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Seconds a call took, and its result."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def empty_segment(label: str) -> str:
    """A new segment on the demo's LETTER template."""
    return segments.create_segment(label, template="LETTER")


def filled_segment(label: str) -> str:
    """A new segment holding the ~10 % of contacts FILTER_ADD matches (setup, not timed)."""
    no = empty_segment(label)
    criteria.add_contacts(no, criteria.parse_filters(FILTER_ADD))
    return no


def _check_same(what: str, ours: int, theirs: int) -> None:
    if ours != theirs:
        raise AssertionError(f"{what}: segtui touched {ours} rows, the baseline {theirs}")


def live_count(ctx: Context) -> None:
    """The criteria picker's live count against the same COUNT and a hand-written one."""
    filters = criteria.parse_filters(FILTER_ADD)
    ours, same, hand = [], [], []
    matched = 0
    statement: Statement | None = None
    for _ in range(COUNT_TRIES):
        with recording() as rec:
            seconds, matched = timed(lambda: criteria.count_matching_contacts(filters))
        ours.append(seconds)
        statement = rec.one("SELECT")
        same.append(timed_query(ctx.raw, statement.sql, statement.params)[0])
        hand_sql = HAND_COUNT if ctx.backend == "sqlite" else HAND_COUNT.replace("?", "%s")
        hand.append(timed_query(ctx.raw, hand_sql, ("London",))[0])
    assert statement is not None
    ctx.explain("live count", [statement], {})
    best = min(ours)
    result = Result(
        "live match count",
        ctx.size,
        best,
        baseline=f"same SELECT COUNT, {ctx.raw_name}",
        baseline_value=min(same),
        target="≤1.5× and <0.3 s",
        rows=matched,
        extra={"vs_hand_count": round(best / min(hand), 2)},
    )
    result.met = result.ratio is not None and result.ratio <= 1.5 and best < 0.3
    ctx.add(result)


def picker_preview(ctx: Context) -> None:
    """What the criteria picker counts on each keystroke besides the match count (what Add,
    Reduce and Refine would do to a ~10 % segment) against the same SELECTs replayed raw."""
    filters = criteria.parse_filters(FILTER_ADD)
    segment = filled_segment("bench preview")
    ours, same = [], []
    statements: list[Statement] = []
    for _ in range(COUNT_TRIES):
        with recording() as rec:
            seconds, counted = timed(lambda: criteria.preview(segment, filters))
        ours.append(seconds)
        statements = rec.find("SELECT")
        same.append(sum(timed_query(ctx.raw, st.sql, st.params)[0] for st in statements))
    ctx.explain("picker preview", statements, {})
    # The picker opens with no filter: Add would then add every contact it may.
    opening = min(timed(lambda: criteria.preview(segment, []))[0] for _ in range(COUNT_TRIES))
    best = min(ours)
    result = Result(
        "criteria picker preview",
        ctx.size,
        best,
        baseline=f"same {len(statements)} SELECTs, {ctx.raw_name}",
        baseline_value=min(same),
        target="<0.3 s",
        rows=counted.to_reduce,
        extra={"add": counted.to_add, "reduce": counted.to_reduce, "no_filter_s": opening},
    )
    result.met = best < 0.3 and opening < 0.3
    ctx.add(result)


def _pair_rounds(
    ctx: Context,
    setup: Callable[[str], str],
    service: Callable[[str], object],
    pick: Callable[[Recording], list[Statement]],
) -> tuple[list[float], list[Any], list[tuple[str, str]], list[Statement]]:
    """Run the service and its baseline on twin segments, alternating who goes first.

    Returns our times, the baseline replays, the segment pairs and the statements picked.
    """
    ours: list[float] = []
    replays: list[Any] = []
    pairs: list[tuple[str, str]] = []
    picked: list[Statement] = []
    for round_no in range(ctx.rounds):
        mine, twin = setup("bench ours"), setup("bench baseline")
        pairs.append((mine, twin))

        def run_ours(mine: str = mine) -> None:
            nonlocal picked
            with recording() as rec:
                seconds, _ = timed(lambda: service(mine))
            ours.append(seconds)
            statements = pick(rec)
            if not picked:
                picked = statements
                # The statements name our segment; the twin runs them on its own.
                ctx.explain(service.__name__, statements, {})

        if round_no % 2 == 0:
            run_ours()
            replays.append(replay(ctx.raw, picked, {mine: twin}))
        else:
            # Baseline first this time: the first round's statements, on this round's twin.
            first_mine = pairs[0][0]
            replays.append(replay(ctx.raw, picked, {first_mine: twin}))
            run_ours()
    return ours, replays, pairs, picked


def _adding_action(ctx: Context, segment_no: str) -> int:
    """The id of the criteria action that inserted a segment's lines."""
    sql = "SELECT MAX(added_by_action) FROM segment_line WHERE segment_no = ?"
    return int(scalar(ctx.raw, sql, (segment_no,)))


def add_and_go_back(ctx: Context) -> None:
    """Add Contacts by FILTER_ADD, then Go Back on the same segments."""
    filters = criteria.parse_filters(FILTER_ADD)

    def add(no: str) -> object:
        return criteria.add_contacts(no, filters)

    ours, replays, pairs, picked = _pair_rounds(
        ctx, empty_segment, add, lambda rec: [rec.one(INSERT_LINES)]
    )
    rows = picked[0].rows
    for rep in replays:
        _check_same("add contacts", rows, rep.rows[0])
    result = Result(
        "add contacts (~10 %)",
        ctx.size,
        min(ours),
        baseline=f"same INSERT … SELECT, {ctx.raw_name}",
        baseline_value=min(r.seconds for r in replays),
        target="≤1.5×",
        rows=rows,
    )
    result.met = result.ratio is not None and result.ratio <= 1.5
    ctx.add(result)

    # Go Back on those segments: every pair holds the lines one add inserted.
    back_ours, back_base, bare = [], [], []
    statements: list[Statement] = []
    for mine, twin in pairs:
        # The twin's lines carry the action id of whichever add the baseline replayed.
        mapping: dict[Any, Any] = {mine: twin, _adding_action(ctx, mine): _adding_action(ctx, twin)}
        with recording() as rec:
            seconds, _ = timed(lambda mine=mine: criteria.go_back(mine))
        back_ours.append(seconds)
        statements = [rec.one(INSERT_HISTORY), rec.one(DELETE_LINES)]
        rep = replay(ctx.raw, statements, mapping)
        _check_same("go back", statements[1].rows, rep.rows[1])
        back_base.append(rep.seconds)
        bare.append(rep.per_statement[1])
    ctx.explain("go back", statements, {})
    result = Result(
        "go back after add",
        ctx.size,
        min(back_ours),
        baseline="same snapshot INSERT + DELETE, raw",
        baseline_value=min(back_base),
        target="≤2×",
        rows=statements[1].rows,
        extra={"vs_bare_delete": round(min(back_ours) / min(bare), 2)},
    )
    result.met = result.ratio is not None and result.ratio <= 2.0
    ctx.add(result)


def narrow(ctx: Context, kind: str) -> None:
    """Reduce or Refine a segment holding ~10 % of the contacts."""
    texts = FILTER_REDUCE if kind == "reduce" else FILTER_REFINE
    filters = criteria.parse_filters(texts)
    verb = criteria.reduce_contacts if kind == "reduce" else criteria.refine_contacts

    def run(no: str) -> object:
        return verb(no, filters)

    run.__name__ = kind
    ours, replays, _, picked = _pair_rounds(
        ctx, filled_segment, run, lambda rec: [rec.one(INSERT_HISTORY), rec.one(DELETE_LINES)]
    )
    for rep in replays:
        _check_same(kind, picked[1].rows, rep.rows[1])
    best = min(ours)
    result = Result(
        f"{kind} contacts",
        ctx.size,
        best,
        baseline="same snapshot INSERT + DELETE, raw",
        baseline_value=min(r.seconds for r in replays),
        target="≤1.5×",
        rows=picked[1].rows,
        extra={"vs_bare_delete": round(best / min(r.per_statement[1] for r in replays), 2)},
    )
    result.met = result.ratio is not None and result.ratio <= 1.5
    ctx.add(result)


def picked_segment(statement: Statement) -> str:
    """The segment number a recorded `DELETE … WHERE segment_no = ?` ran on."""
    return str(statement.params[0])


def log(ctx: Context) -> None:
    """Log a segment without sending, through the service and through the command line."""

    def run(no: str) -> object:
        return log_segment(no, send=False)

    run.__name__ = "log"
    ours, replays, _, picked = _pair_rounds(
        ctx, filled_segment, run, lambda rec: [rec.one(INSERT_ENTRIES), rec.one(DELETE_LINES)]
    )
    for rep in replays:
        _check_same("log", picked[0].rows, rep.rows[0])
    best = min(ours)
    both = min(r.seconds for r in replays)
    # The baseline: the INSERT … SELECT alone, as a job of its own (with its commit).
    insert_only = []
    for _ in range(ctx.rounds):
        twin = filled_segment("bench insert only")
        insert_only.append(replay(ctx.raw, picked[:1], {picked_segment(picked[1]): twin}).seconds)
    result = Result(
        "log segment --no-send",
        ctx.size,
        best,
        baseline=f"same INSERT … SELECT, {ctx.raw_name}",
        baseline_value=min(insert_only),
        target="≤1.5×",
        rows=picked[0].rows,
        extra={"vs_insert_and_delete": round(best / both, 2)},
    )
    result.met = result.ratio is not None and result.ratio <= 1.5
    ctx.add(result)

    # The command line, as users run it: process start, open, log, exit.
    no = filled_segment("bench cli")
    command = segtui_command(ctx.path, "segment", "log", no, "--no-send")
    seconds, _ = timed(
        lambda: subprocess.run(command, check=True, capture_output=True, env=child_env(ctx.folder))
    )
    ctx.add(
        Result(
            "log segment --no-send (CLI)",
            ctx.size,
            seconds,
            baseline=f"same INSERT … SELECT, {ctx.raw_name}",
            baseline_value=min(insert_only),
            target="— (includes start-up)",
            rows=picked[0].rows,
        )
    )


def tui_segment() -> str:
    """A segment of ~10 % of the contacts left open for the TUI measurements."""
    return filled_segment("TUI worksheet")


def run_all(ctx: Context) -> str:
    """Every database operation at one size; returns the segment kept for the TUI."""
    live_count(ctx)
    picker_preview(ctx)
    add_and_go_back(ctx)
    narrow(ctx, "reduce")
    narrow(ctx, "refine")
    log(ctx)
    return tui_segment()
