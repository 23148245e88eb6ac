"""The schema version recorded in the database, and the steps that upgrade it.

A new database gets every table at SCHEMA_VERSION. An older one is upgraded in place when it
is opened: on SQLite after a backup copy beside the file (`segtui.db.bak-v1`), then all
steps in one transaction under a lock, so two users opening it at once upgrade it once and
a failed step leaves the database as it was. A newer one is refused.

Each step is written with peewee's SchemaMigrator, so the same code runs on both backends.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw
from playhouse.migrate import SchemaMigrator

from segtui.db import models
from segtui.domain.errors import SegtuiError

SCHEMA_VERSION = 4
log = logging.getLogger(__name__)

# Any constant: the PostgreSQL advisory lock that serialises creating and upgrading.
_SCHEMA_LOCK_KEY = 0x5E9701


class SchemaTooNew(SegtuiError):
    """The database was made by a newer segtui than this one."""


def _v1_to_v2(database: pw.Database) -> None:
    """Index a contact's interaction log entries by date.

    `contact.date_of_last_interaction` and `no_of_interactions` filters, and a contact's
    history in date order, then read the index instead of every entry of the contact.
    """
    migrator = SchemaMigrator.from_database(database)
    migrator.add_index("interaction_log_entry", ("contact_no", "date"), False).run()


# Columns version 3 adds, by table; each has a constant default, so ADD COLUMN … NOT NULL
# DEFAULT fills the existing rows in one statement on both backends (no table rebuild).
_V3_COLUMNS: tuple[tuple[type[models.BaseModel], str], ...] = (
    (models.Contact, "salutation_code"),
    (models.InteractionTemplate, "send_as_attachment"),
    (models.SegmentHeader, "send_as_attachment"),
    (models.SegmentLine, "send_as_attachment"),
    (models.SegmentLine, "send_as_attachment_overridden"),
    (models.SegmentHistory, "send_as_attachment"),
    (models.SegmentHistory, "send_as_attachment_overridden"),
    (models.InteractionLogEntry, "send_as_attachment"),
    (models.InteractionLogEntry, "merge_formal_formula"),
    (models.InteractionLogEntry, "merge_informal_formula"),
)


def _v2_to_v3(database: pw.Database) -> None:
    """Salutations with their formulas, a contact's salutation code, send as attachment.

    Existing templates, segments and entries keep today's behaviour: the letter is
    attached (send_as_attachment on) and greets in English (no formula).
    """
    migrator = SchemaMigrator.from_database(database)
    for model, name in _V3_COLUMNS:
        field = model._meta.fields[name]
        migrator.add_column(model._meta.table_name, name, field, allow_not_null=True).run()
    for model in (models.Salutation, models.SalutationFormula):
        model.create_table(safe=True)


def _v3_to_v4(database: pw.Database) -> None:
    """A segment's version and its change list, for confirmations bound to what they showed;
    when an entry's snapshot was last refreshed by `logged resend --refresh`.

    Existing open segments start at version 1 with no recorded changes; existing entries
    were never refreshed.
    """
    migrator = SchemaMigrator.from_database(database)
    field = models.SegmentHeader._meta.fields["version"]
    migrator.add_column("segment_header", "version", field, allow_not_null=True).run()
    refreshed = models.InteractionLogEntry._meta.fields["refreshed_at"]
    migrator.add_column("interaction_log_entry", "refreshed_at", refreshed).run()
    models.SegmentChange.create_table(safe=True)


# UPGRADES[n] takes a database at version n to n + 1.
UPGRADES: dict[int, Callable[[pw.Database], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def current_version(database: pw.Database) -> int | None:
    """The schema version stored in the database, or None for an empty database."""
    if not database.table_exists(models.Setting._meta.table_name):
        return None
    row = models.Setting.get_or_none(models.Setting.key == "schema_version")
    return int(row.value) if row else None


def _refuse_newer(version: int) -> None:
    """Refuse a database made by a newer segtui: its tables may mean something else."""
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this database has schema version {version}, newer than this segtui "
            f"understands ({SCHEMA_VERSION}); upgrade segtui"
        )


@contextmanager
def _schema_lock(database: pw.Database) -> Iterator[None]:
    """One transaction that only one process at a time runs (creating or upgrading)."""
    if isinstance(database, pw.SqliteDatabase):
        with database.atomic("IMMEDIATE"):
            yield
        return
    with database.atomic():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
        yield


def backup_path(database: pw.SqliteDatabase, version: int) -> Path:
    """Where the copy of a SQLite database at `version` goes before it is upgraded."""
    return Path(f"{database.database}.bak-v{version}")


def _backup_sqlite(database: pw.SqliteDatabase, version: int) -> None:
    """Copy the database beside itself (owner-only, like the database) before an upgrade.

    SQLite's backup API copies a consistent state even while others use the file. Called
    under the schema lock, so the copy is of `version` and nobody upgrades meanwhile.
    """
    target = backup_path(database, version)
    # Written under a private name and renamed: two users opening the old file at once
    # each make a whole copy, and the last rename wins.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        # A connection of its own: SQLite refuses to back up through the connection that
        # holds the write lock. In WAL mode it still reads the last commit, i.e. `version`.
        source = sqlite3.connect(database.database)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _create(database: pw.Database) -> None:
    """Create every table of a new database at the current version."""
    # In declared order: Peewee sorts by ForeignKeyField only and would create a table before
    # the one its SQL-declared foreign keys point to (PostgreSQL checks).
    for model in models.ALL_MODELS:
        model.create_table(safe=True)
    models.Setting.insert(key="schema_version", value=str(SCHEMA_VERSION)).execute()


def ensure_schema(database: pw.Database) -> None:
    """Create the tables of a new database, or upgrade an older one in place."""
    version = current_version(database)
    if version == SCHEMA_VERSION:
        return  # the usual case: one small read, no lock
    if version is not None:
        _refuse_newer(version)
    with _schema_lock(database):
        version = current_version(database)  # someone may have done it while we waited
        if version is None:
            _create(database)
            log.info("created a new database at schema version %d", SCHEMA_VERSION)
            return
        _refuse_newer(version)
        if version < SCHEMA_VERSION and isinstance(database, pw.SqliteDatabase):
            # Under the lock, so the copy is of this version and nobody upgrades meanwhile.
            _backup_sqlite(database, version)
            log.info("copied the database to %s before upgrading", backup_path(database, version))
        log.info("upgrading the database schema from version %d to %d", version, SCHEMA_VERSION)
        while version < SCHEMA_VERSION:
            UPGRADES[version](database)
            version += 1
        models.Setting.update(value=str(version)).where(
            models.Setting.key == "schema_version"
        ).execute()
