"""Run the whole benchmark suite and print one table (or, with --json, one JSON document).

    .venv/bin/python -m tests.benchmarks.run [--quick] [--json] [--verbose]
                                             [--sizes 10000,100000,1000000]
                                             [--pg-sizes 100000,1000000]

For each size it builds a demo database with `segtui demo`, runs every database operation
through the services against the same statements on raw sqlite3, imports that many contacts
from CSV against raw executemany, and measures the TUI on it; the merge is compared with
docx-mailmerge2 once. At the PostgreSQL sizes the same database operations and the TUI run
again on a private PostgreSQL server (tests/pg_server.py) holding a copy of that demo
database, against the same statements on raw psycopg2; without a server those rows are
skipped and the reason is reported. Every ratio is taken in this process, on the same
data, minutes apart at most, so other load on the machine affects both sides alike.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FULL_SIZES = (10_000, 100_000, 1_000_000)
FULL_PG_SIZES = (100_000, 1_000_000)  # the sizes issue 12 asks for on PostgreSQL
QUICK_SIZES = (2_000, 5_000, 10_000)
QUICK_PG_SIZES = (2_000, 10_000)  # two tiny sizes keep --quick under a minute with both backends
FULL_LETTERS, QUICK_LETTERS = 1000, 50
FULL_KEYS, QUICK_KEYS = 100, 20


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are numbers separated by commas: {text!r}"
        ) from None
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError("each size must be at least 100 contacts")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of the suite."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round (< 2 min)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--verbose", action="store_true", help="print EXPLAIN QUERY PLAN")
    parser.add_argument("--sizes", type=_sizes, help="contacts per database, e.g. 10000,100000")
    parser.add_argument(
        "--pg-sizes",
        type=_sizes,
        help="contacts per PostgreSQL database (default 100000,1000000; quick or --sizes: same)",
    )
    parser.add_argument("--letters", type=int, help="letters merged (default 1000; quick 50)")
    parser.add_argument("--rounds", type=int, help="rounds per DB operation (default 2; quick 1)")
    parser.add_argument("--keys", type=int, help="key presses of each kind (default 100)")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to skip: db,import,merge,tui,postgresql"
    )
    return parser.parse_args(argv)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _progress(quiet: bool, message: str) -> None:
    if not quiet:
        print(f"[bench] {message}", file=sys.stderr, flush=True)


def _database_operations(
    target: str,
    raw: Any,
    size: int,
    args: argparse.Namespace,
    rounds: int,
    folder: Path,
    results: list[Any],
    skip: set[str],
) -> str:
    """The database operations at one size on one backend; returns the TUI's segment."""
    from segtui.db.database import connect
    from segtui.db.proxy import db
    from tests.benchmarks import bench_db

    connect(target)
    try:
        ctx = bench_db.Context(target, size, raw, rounds, args.verbose, folder)
        if "db" in skip:
            return bench_db.tui_segment()
        segment = bench_db.run_all(ctx)
        results.extend(ctx.results)
        return segment
    finally:
        raw.close()
        db.close()


def _postgres_server(stack: contextlib.ExitStack, skip: set[str]) -> tuple[Any, str]:
    """The PostgreSQL server for the run and its description, or None and why not."""
    if "postgresql" in skip:
        return None, "skipped: --skip postgresql"
    try:
        import psycopg2  # noqa: F401  (the driver both sides need)

        from tests.pg_server import test_server

        server = stack.enter_context(test_server())
        conn = server.connect()
        try:
            with conn.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        finally:
            conn.close()
    except Exception as exc:  # NoPostgres, no driver, a server that would not start
        return None, f"skipped: no PostgreSQL server ({' '.join(str(exc).split())[:300]})"
    return server, f"PostgreSQL {version}"


def run(args: argparse.Namespace) -> tuple[list[Any], dict[str, Any]]:
    """Measure everything; returns the results and the run's metadata."""
    from tests.benchmarks import bench_import, bench_merge, bench_tui
    from tests.benchmarks.databases import DemoDatabases, PostgresDatabases
    from tests.benchmarks.rawsql import connect_raw, connect_raw_postgres
    from tests.benchmarks.report import Result

    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    if args.pg_sizes:
        pg_sizes: tuple[int, ...] = args.pg_sizes
    elif args.sizes:
        pg_sizes = sizes
    elif args.quick:
        pg_sizes = QUICK_PG_SIZES
    else:
        pg_sizes = FULL_PG_SIZES
    letters = args.letters or (QUICK_LETTERS if args.quick else FULL_LETTERS)
    rounds = args.rounds or (1 if args.quick else 2)
    keys = args.keys or (QUICK_KEYS if args.quick else FULL_KEYS)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()
    results: list[Result] = []
    with contextlib.ExitStack() as stack:
        temp = stack.enter_context(tempfile.TemporaryDirectory(prefix="segtui-bench-"))
        folder = Path(temp)
        os.environ["SEGTUI_CONFIG"] = str(folder / "settings.toml")
        dbs = DemoDatabases(folder)
        server, postgres = _postgres_server(stack, skip)
        _progress(args.json, postgres)
        pg_dbs = PostgresDatabases(server, dbs) if server is not None else None
        # SQLite and PostgreSQL take turns size by size, so a size's rows of both backends
        # are measured minutes apart under the same load.
        for size in sorted(set(sizes) | (set(pg_sizes) if pg_dbs else set())):
            _progress(args.json, f"{size:,} contacts: segtui demo")
            path = dbs.template(size)
            if size in sizes:
                segment = ""
                if "db" not in skip or "tui" not in skip:
                    _progress(args.json, f"{size:,} contacts: database operations")
                    raw = connect_raw(str(path))
                    segment = _database_operations(
                        str(path), raw, size, args, rounds, folder, results, skip
                    )
                if "import" not in skip:
                    _progress(args.json, f"{size:,} contacts: import")
                    results.extend(bench_import.run(dbs, size, folder))
                if "tui" not in skip:
                    _progress(args.json, f"{size:,} contacts: TUI")
                    results.extend(bench_tui.run(path, size, segment, keys, folder))
            if pg_dbs is not None and size in pg_sizes and ("db" not in skip or "tui" not in skip):
                _progress(args.json, f"{size:,} contacts: PostgreSQL copy")
                url = pg_dbs.template(size)
                _progress(args.json, f"{size:,} contacts: PostgreSQL database operations")
                raw = connect_raw_postgres(url)
                segment = _database_operations(url, raw, size, args, rounds, folder, results, skip)
                if "tui" not in skip:
                    _progress(args.json, f"{size:,} contacts: PostgreSQL TUI")
                    results.extend(
                        bench_tui.run(url, size, segment, keys, folder, backend="postgresql")
                    )
        if "merge" not in skip:
            _progress(args.json, f"merge of {letters} letters")
            merge_folder = folder / "merge"
            merge_folder.mkdir()
            timings, _, _ = bench_merge.compare(letters, merge_folder)
            for label, name in (
                ("separate files", "per contact"),
                ("combined document", "combined"),
            ):
                ours, theirs = timings[label]
                result = Result(
                    f"merge letters, {name}",
                    letters,
                    ours,
                    baseline="docx-mailmerge2",
                    baseline_value=theirs,
                    target="<1×",
                    backend="—",  # Word documents only, no database
                )
                result.met = ours < theirs
                results.append(result)
    meta = {
        **machine(),
        "sizes": list(sizes),
        "letters": letters,
        "rounds": rounds,
        "keys": keys,
        "quick": args.quick,
        "demo_build_seconds": {str(k): round(v, 2) for k, v in dbs.build_seconds.items()},
        "pg_sizes": list(pg_sizes) if pg_dbs else [],
        "postgresql": postgres,
        "pg_copy_seconds": {
            str(k): round(v, 2) for k, v in (pg_dbs.build_seconds if pg_dbs else {}).items()
        },
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    return results, meta


def main(argv: list[str] | None = None) -> int:
    """Run the suite and print its one table or JSON document."""
    from tests.benchmarks.report import document, table

    args = parse_args(argv)
    results, meta = run(args)
    if args.json:
        print(document(results, meta))
    else:
        print(table(results))
        print(
            f"\n{meta['date']} · {meta['cpus']} CPUs · {meta['cpu']} · Python {meta['python']}"
            f" · SQLite {meta['sqlite']} · {meta['postgresql']}"
            f" · {meta['total_seconds']} s in all"
        )
        print(f"segtui demo builds (SQLite), s: {meta['demo_build_seconds']}")
        if meta["pg_copy_seconds"]:
            print(f"PostgreSQL copies of the demo databases (COPY), s: {meta['pg_copy_seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
