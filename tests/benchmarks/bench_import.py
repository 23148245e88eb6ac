"""Import N contacts from CSV: the service (and the command) against raw `executemany`.

The CSV is the demo's own contacts of that size with their numbers renamed (IM…), so the
file looks like a real export. Each side imports it into its own copy of a one-contact
demo database (the code tables must exist), in one transaction with the same large cache.
"""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import time
from pathlib import Path

from segtui.db.database import connect
from segtui.db.models import now
from segtui.db.proxy import db
from segtui.domain.contacts import CONTACT_FIELDS
from segtui.services.contacts.importer import INSERT_COLUMNS, import_contacts
from tests.benchmarks.databases import DemoDatabases, child_env, segtui_command
from tests.benchmarks.rawsql import connect_raw
from tests.benchmarks.report import Result

BULK_CACHE = "PRAGMA cache_size = -1048576"  # what segtui's bulk writes use (1 GiB)


def _renumber(no: str) -> str:
    """CT000123 → IM000123: numbers no demo contact has."""
    return "IM" + no[2:] if no else ""


def write_csv(source: Path, target: Path) -> int:
    """Write the contacts of a demo database as an import file; returns the row count."""
    conn = sqlite3.connect(source)
    columns = ", ".join(f'"{c}"' for c in CONTACT_FIELDS)
    no_col, company_col = CONTACT_FIELDS.index("no"), CONTACT_FIELDS.index("company_no")
    count = 0
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CONTACT_FIELDS)
        for row in conn.execute(f"SELECT {columns} FROM contact ORDER BY no"):
            cells = ["" if v is None else str(v) for v in row]
            cells[no_col] = _renumber(cells[no_col])
            cells[company_col] = _renumber(cells[company_col])
            writer.writerow(cells)
            count += 1
    conn.close()
    return count


def raw_import(path: Path, csv_path: Path) -> float:
    """The baseline: csv.reader straight into executemany of the same INSERT, one transaction."""
    conn = connect_raw(str(path))
    conn.execute(BULK_CACHE)
    names = ", ".join(f'"{c}"' for c in INSERT_COLUMNS)
    sql = f'INSERT INTO "contact" ({names}) VALUES ({", ".join("?" for _ in INSERT_COLUMNS)})'
    stamp = now().isoformat(" ")
    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, ((*row, stamp, stamp) for row in reader))
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def run(dbs: DemoDatabases, contacts: int, folder: Path) -> list[Result]:
    """Import `contacts` rows three ways; one result for the service, one for the command."""
    csv_path = folder / f"contacts-{contacts}.csv"
    rows = write_csv(dbs.template(contacts), csv_path)
    ours_db, base_db, cli_db = (dbs.copy(1, f"import-{side}") for side in ("ours", "base", "cli"))

    baseline = raw_import(base_db, csv_path)

    connect(str(ours_db))
    try:
        start = time.perf_counter()
        imported = import_contacts(csv_path).imported
        ours = time.perf_counter() - start
    finally:
        db.close()
    if imported != rows:
        raise AssertionError(f"import: {imported} contacts imported of {rows}")

    command = segtui_command(cli_db, "contacts", "import", str(csv_path))
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=child_env(folder))
    cli = time.perf_counter() - start

    service = Result(
        "import contacts CSV",
        contacts,
        ours,
        baseline="csv.reader + raw executemany",
        baseline_value=baseline,
        target="≤2×",
        rows=rows,
    )
    service.met = service.ratio is not None and service.ratio <= 2.0
    command_row = Result(
        "import contacts CSV (CLI)",
        contacts,
        cli,
        baseline="csv.reader + raw executemany",
        baseline_value=baseline,
        target="— (includes start-up)",
        rows=rows,
    )
    for path in (ours_db, base_db, cli_db, csv_path):
        path.unlink(missing_ok=True)
    return [service, command_row]
