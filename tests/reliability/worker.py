"""A second user in a process of its own, driving segtui's services (for concurrency tests).

Started through launcher.py (`worker` program) with `DB GATE JOB ARGS…`, or as
`python -m tests.reliability.worker DB GATE JOB ARGS…`: it opens the database, waits until
the file GATE exists (so that several workers start their job at the same moment), runs JOB
and prints its result as one JSON document. Jobs:

- `numbers N`: create N segments and take N campaign numbers, each in its own transaction;
- `edit-line SEGMENT LINE_NO VERSION TEXT`: set the line's comment as a user who loaded the
  line at VERSION (prints "ok" or the Conflict message);
- `hold SEGMENT_DESCRIPTION RELEASE`: create a segment inside a write transaction, create
  GATE + ".locked" while holding it, and commit only when the file RELEASE exists;
- `hold-segment SEGMENT RELEASE`: take the segment's lock as a segment write does, create
  GATE + ".locked" while holding it, and let go only when the file RELEASE exists.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from segtui.db.database import open_database
from segtui.db.numbering import next_number
from segtui.db.proxy import write_transaction
from segtui.domain.errors import Conflict
from segtui.services.segments import segments
from segtui.services.segments.guard import segment_write

WAIT_LIMIT = 60.0  # seconds: a worker never outlives a test that forgot it


def wait_for(path: str) -> None:
    """Poll until `path` exists (bounded)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit(f"worker: {path} never appeared")
        time.sleep(0.002)


def numbers(count: int) -> dict[str, list[str]]:
    """Create `count` segments and take `count` campaign numbers."""
    made: dict[str, list[str]] = {"segments": [], "campaigns": []}
    for i in range(count):
        made["segments"].append(segments.create_segment(f"Worker {os.getpid()} #{i}"))
        with write_transaction():
            made["campaigns"].append(next_number("CAMPAIGN"))
    return made


def edit_line(segment_no: str, line_no: int, version: int, text: str) -> str:
    """Write a comment as a user who saw the line at `version`."""
    try:
        segments.set_comment(segment_no, text, line_no=line_no, expected_version=version)
    except Conflict as exc:
        return exc.message
    return "ok"


def hold(description: str, gate: str, release: str) -> str:
    """Create a segment in a write transaction held open until `release` exists."""
    with write_transaction():
        no = segments.create_segment(description)
        Path(gate + ".locked").touch()
        wait_for(release)
    return no


def hold_segment(segment_no: str, gate: str, release: str) -> str:
    """Hold a segment's lock, as a long write would, until `release` exists."""
    with segment_write(segment_no) as write:
        Path(gate + ".locked").touch()
        wait_for(release)
        write.did("held")
    return "released"


def main(argv: list[str]) -> None:
    """Run one job and print its result."""
    url, gate, job, *args = argv
    os.environ.setdefault("SEGTUI_USER", "worker")
    with open_database(url):
        if job == "hold":
            print(json.dumps(hold(args[0], gate, args[1])))
            return
        if job == "hold-segment":
            print(json.dumps(hold_segment(args[0], gate, args[1])))
            return
        wait_for(gate)
        if job == "numbers":
            result: object = numbers(int(args[0]))
        elif job == "edit-line":
            result = edit_line(args[0], int(args[1]), int(args[2]), args[3])
        else:
            raise SystemExit(f"worker: unknown job {job}")
        print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
