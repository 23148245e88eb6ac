"""The schema version recorded in the database, and the steps that upgrade it."""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from segtui.db import models
from segtui.domain.errors import SegtuiError

SCHEMA_VERSION = 1

# UPGRADES[n] takes a database at version n to n + 1; each runs in one transaction.
UPGRADES: dict[int, Callable[[pw.Database], None]] = {}


class SchemaTooNew(SegtuiError):
    """The database was made by a newer segtui than this one."""


def current_version(database: pw.Database) -> int | None:
    """The schema version stored in the database, or None for an empty database."""
    if not database.table_exists(models.Setting._meta.table_name):
        return None
    row = models.Setting.get_or_none(models.Setting.key == "schema_version")
    return int(row.value) if row else None


def ensure_schema(database: pw.Database) -> None:
    """Create the tables of a new database, or upgrade an older one in place."""
    version = current_version(database)
    if version is None:
        with database.atomic():
            # In declared order: Peewee sorts by ForeignKeyField only and would create a
            # table before the one its SQL-declared foreign keys point to (PostgreSQL checks).
            for model in models.ALL_MODELS:
                model.create_table(safe=True)
            models.Setting.insert(key="schema_version", value=str(SCHEMA_VERSION)).execute()
        return
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this database has schema version {version}, newer than this segtui "
            f"understands ({SCHEMA_VERSION}); upgrade segtui"
        )
    while version < SCHEMA_VERSION:
        with database.atomic():
            UPGRADES[version](database)
            version += 1
            models.Setting.update(value=str(version)).where(
                models.Setting.key == "schema_version"
            ).execute()
