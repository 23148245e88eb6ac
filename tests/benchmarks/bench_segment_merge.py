"""Benchmark: `merge_segment` on a 1 000-line segment, per contact and combined.

Run: .venv/bin/python tests/benchmarks/bench_segment_merge.py [--lines 1000]
Builds a throw-away SQLite database (demo data plus N extra lines on the demo template),
then times segtui's whole path: merge data a page per query, template check, merge, files.
For the engine alone against docx-mailmerge2 see bench_merge.py. Not a test.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from segtui.db import models as m
from segtui.db.database import open_database
from segtui.services.demo.demo import create_demo
from segtui.services.letters.merge import merge_segment
from segtui.services.letters.preview import letter_preview


def _fill(segment_no: str, lines: int) -> None:
    """Replace the demo segment's lines with `lines` lines over the demo's contacts."""
    contacts = [c.no for c in m.Contact.select(m.Contact.no).order_by(m.Contact.no)]
    m.SegmentLine.delete().where(m.SegmentLine.segment_no == segment_no).execute()
    rows = [
        {
            "segment_no": segment_no,
            "line_no": n,
            "contact_no": contacts[n % len(contacts)],
            "interaction_template_code": "LETTER",
            "language_code": "ENG",
            "correspondence_type": "hard_copy",
            "salesperson_code": m.Salesperson.select().first().code,
            "subject": "Spring offer",
            "description": "Spring mailing",
            "comment": f"A personal note for line {n}.\nSee you at the fair." if n % 3 else "",
        }
        for n in range(1, lines + 1)
    ]
    with m.db.atomic():
        for start in range(0, len(rows), 500):
            m.SegmentLine.insert_many(rows[start : start + 500]).execute()


def main() -> None:
    """Time per-contact and combined merges and a preview."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="segtui-bench-") as temp:
        folder = Path(temp)
        os.environ["SEGTUI_CONFIG"] = str(folder / "settings.toml")
        with open_database(str(folder / "bench.db")):
            segment_no = create_demo(contacts=500, seed=1).segment_no
            _fill(segment_no, args.lines)
            for label, out, combined in (
                ("per contact", folder / "letters", False),
                ("combined", folder / "all.docx", True),
            ):
                start = time.perf_counter()
                report = merge_segment(segment_no, out, combined=combined)
                seconds = time.perf_counter() - start
                print(
                    f"{label:12s} {report.letters} letters in {seconds:6.2f} s "
                    f"({seconds / report.letters * 1000:.2f} ms a letter)"
                )
            letter_preview(segment_no, 1)  # parses the template once
            start = time.perf_counter()
            for line_no in range(2, 102):
                letter_preview(segment_no, line_no)
            print(f"preview      {(time.perf_counter() - start) * 10:.2f} ms a line (100 lines)")


if __name__ == "__main__":
    main()
