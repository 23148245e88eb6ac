"""Delivery interrupted by SIGKILL: entries stay in progress or error, never lost; resend
finishes them.

`segment log --out DIR` logs (one transaction) and then writes each hard copy, committing
each entry's status as it goes. Killed at 9 moments of its run (three by the clock around
the log itself, six after a number of letters reached the folder), the database must hold
no trace of the log or every entry, each either done (with its letter complete in the
folder) or still in progress / in error; `logged resend` then delivers the rest.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from tests.reliability.harness import Store, fastest, kill_after, kill_when, run, timed

# A third of a second of merging letters: the kills that matter follow the letters in the
# folder, not the clock, so a short delivery is stopped at the same points as a long one.
CONTACTS = {"sqlite": 120, "postgresql": 100}
KILLS = 9
SEGMENT = "SEG00004"


def letters_segment(store: Store) -> str:
    """A demo database with SEGMENT: every contact, as a hard-copy letter."""
    url = store.new("letters")
    made = run(url, "demo", "--contacts", str(CONTACTS[store.backend]), "--seed", "3")
    assert made.returncode == 0, made.stderr
    steps = [
        (
            "segment",
            "new",
            "--description",
            "Letters",
            "--template",
            "LETTER",
            "--corr-type",
            "hard_copy",
        ),
        ("segment", "set", SEGMENT, "ignore_contact_corres_type=yes"),
        ("segment", "add", SEGMENT, "--filter", "contact.no=*"),
    ]
    for step in steps:
        result = run(url, *step)
        assert result.returncode == 0, result.stderr
    return url


def entries(store: Store, url: str) -> dict[int, tuple[str, str]]:
    """The logged segment's entries: number → (contact, delivery status)."""
    with store.cursor(url) as cur:
        cur.execute(
            "SELECT e.entry_no, e.contact_no, e.delivery_status FROM interaction_log_entry e "
            "JOIN logged_segment l ON l.entry_no = e.logged_segment_entry_no "
            "WHERE l.segment_no = 'SEG00004'"
        )
        return {n: (contact, status) for n, contact, status in cur.fetchall()}


def is_whole_letter(path: Path) -> bool:
    """A complete .docx: a zip whose directory (written last, at the end of the file) lists
    the document part; a cut-off file has no directory."""
    try:
        with zipfile.ZipFile(path) as docx:
            return "word/document.xml" in docx.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def kill_moments(ready: float, lines: int) -> list[tuple[str, float | int]]:
    """Where the kills land: a few by the clock, around the moment the log is written
    (before it, no trace; after it, every entry in progress), the rest after a number of
    letters reached the folder, spread over the delivery (as many as the work allows)."""
    early = [("seconds", ready * share) for share in (0.8, 1.0, 1.2)]
    late = KILLS - len(early)
    return early + [("letters", 1 + i * (lines * 9 // 10) // (late - 1)) for i in range(late)]


def kill(url: str, out: Path, how: str, when: float | int) -> int | None:
    """Run the log with delivery into `out` and SIGKILL it at the given moment."""
    log = ("segment", "log", SEGMENT, "--out", str(out))
    if how == "seconds":
        return kill_after(url, *log, delay=float(when))
    return kill_when(url, *log, moment=lambda: len(list(out.glob("*.docx"))) >= when)


@pytest.mark.slow
def test_a_killed_delivery_loses_no_entry_and_resend_finishes_it(
    store: Store, tmp_path: Path, backend: str
) -> None:
    source = letters_segment(store)
    lines = store.scalar(
        source, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [SEGMENT]
    )
    before = store.counts(source)
    ready = fastest(*(partial(timed, source, "segment", "list") for _ in range(2)))

    outcomes: Counter[str] = Counter()
    for i, (how, when) in enumerate(kill_moments(ready, lines)):
        url, out = store.copy(source, "killed"), tmp_path / f"out-{i}"
        status = kill(url, out, how, when)
        outcomes["killed" if status is None else "finished"] += 1
        where = f"killed after {when} {how}"
        assert store.integrity_problems(url) == [], where
        if store.counts(url) == before:
            outcomes["no trace"] += 1
            log = ("segment", "log", SEGMENT, "--out", str(out))
            assert run(url, *log).returncode == 0, where  # the log can then be made
        found = entries(store, url)
        assert len(found) == lines, f"{where}: entries lost"
        statuses = Counter(status for _, status in found.values())
        assert set(statuses) <= {"", "in_progress", "error"}, where
        done = {n for n, (_, status) in found.items() if status == ""}
        for n in done:  # a letter marked delivered is really there, whole
            (letter,) = out.glob(f"E{n:06d}-*.docx")
            assert is_whole_letter(letter), f"{where}: {letter.name} is broken"
        if statuses["in_progress"] or statuses["error"]:
            outcomes["interrupted delivery"] += 1
            logged_no = store.scalar(
                url, "SELECT entry_no FROM logged_segment WHERE segment_no = ?", [SEGMENT]
            )
            resent = run(url, "logged", "resend", str(logged_no), "--out", str(out))
            assert resent.returncode == 0, f"{where}: {resent.stderr}"
        final = entries(store, url)
        assert set(final) == set(found)
        assert {status for _, status in final.values()} == {""}, where
        letters = sorted(out.glob("*.docx"))
        assert len(letters) == lines, where
        assert all(is_whole_letter(p) for p in letters), where
        store.drop(url)

    # The kills by letter count always stop a delivery half done.
    assert outcomes["killed"] >= KILLS * 2 // 3, outcomes
    assert outcomes["interrupted delivery"] >= KILLS // 3, outcomes
