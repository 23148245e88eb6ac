"""Delivery interrupted by SIGKILL: entries stay in progress or error, never lost; resend
finishes them.

`segment log --out DIR` logs (one transaction) and then writes each hard copy, committing
each entry's status as it goes. Killed at 12 moments of its run, the database must hold no
trace of the log or every entry, each either done (with its letter complete in the folder)
or still in progress / in error; `logged resend` then delivers the rest.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.harness import Store, kill_after, kill_points, run, timed

CONTACTS = {"sqlite": 900, "postgresql": 700}  # about a second of merging letters
KILLS = 12
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


@pytest.mark.slow
def test_a_killed_delivery_loses_no_entry_and_resend_finishes_it(
    store: Store, tmp_path: Path, backend: str
) -> None:
    source = letters_segment(store)
    lines = store.scalar(
        source, "SELECT COUNT(*) FROM segment_line WHERE segment_no = ?", [SEGMENT]
    )
    before = store.counts(source)
    measured = store.copy(source, "measured")
    ready = timed(measured, "segment", "list")
    total = timed(measured, "segment", "log", SEGMENT, "--out", str(tmp_path / "measured"))
    assert len(list((tmp_path / "measured").glob("*.docx"))) == lines
    store.drop(measured)

    outcomes: Counter[str] = Counter()
    for i, delay in enumerate(kill_points(ready, total, KILLS)):
        url, out = store.copy(source, "killed"), tmp_path / f"out-{i}"
        log = ("segment", "log", SEGMENT, "--out", str(out))
        status = kill_after(url, *log, delay=delay)
        outcomes["killed" if status is None else "finished"] += 1
        where = f"killed at {delay:.3f}s of {total:.3f}s"
        assert store.integrity_problems(url) == [], where
        if store.counts(url) == before:
            outcomes["no trace"] += 1
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

    assert outcomes["killed"] >= KILLS * 2 // 3, outcomes
    assert outcomes["interrupted delivery"] >= KILLS // 3, outcomes
