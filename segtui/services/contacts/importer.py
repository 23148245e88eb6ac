"""Import contacts from a CSV file: all rows or none, fast enough for a million contacts.

Rows are checked a batch at a time, column by column (set operations and `map` run in C,
a Python loop per cell would not), then written with `executemany` on the raw cursor:
Peewee's insert_many costs several times more per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Callable, Iterator, Sequence
from itertools import islice, repeat
from pathlib import Path
from typing import BinaryIO

from segtui.db.bulk import execute_many, insert_sql, large_cache, timestamp_param
from segtui.db.models import Contact, now
from segtui.db.numbering import bump_past, format_number, reserve_numbers
from segtui.db.proxy import write_transaction
from segtui.domain.contacts import BOOLEAN_FIELDS, CODE_FIELDS, CONTACT_FIELDS, ImportResult
from segtui.domain.errors import InvalidInput, NotFound
from segtui.domain.text import unsafe_character
from segtui.paths import open_regular_file
from segtui.services.contacts.checks import (
    BOOLEAN_VALUES,
    CONTACT_NO,
    CONTROL_CHARACTER,
    CORRESPONDENCE_VALUES,
    FIELD_LIMITS,
    NOT_A_CONTACT_NO,
    TYPE_VALUES,
    existing_codes,
    parse_bool,
    parse_correspondence,
    parse_type,
    query_tuples,
    read_contact_no,
)

BATCH_SIZE = 5000
INSERT_COLUMNS: tuple[str, ...] = (*CONTACT_FIELDS, "created_at", "updated_at")
log = logging.getLogger(__name__)
_DEFAULTS: dict[str, object] = {
    **dict.fromkeys(CONTACT_FIELDS, ""),
    **dict.fromkeys(BOOLEAN_FIELDS, False),
    "type": "company",
}


class _AlreadyStored(Exception):
    """A batch hit a contact number already in the database (diagnosed after rollback)."""

    def __init__(self, nos: Sequence[str], rownos: Sequence[int]) -> None:
        super().__init__("duplicate contact number")
        self.nos = nos
        self.rownos = rownos


def _is_integrity_error(exc: BaseException) -> bool:
    """True for a unique/foreign-key violation from any DB-API driver."""
    return any(cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)


def read_header(reader: Sequence[str] | None, label: str) -> list[str]:
    """The field names of the header row, checked: known, unique, `name` present."""
    if not reader:
        raise InvalidInput(f"{label}: the file is empty; the first row must name the fields")
    names = [h.strip().lower() for h in reader]
    for i, name in enumerate(names, start=1):
        if name not in CONTACT_FIELDS:
            raise InvalidInput(
                f"{label}, row 1, column {i}: unknown field {name!r}; "
                f"fields are: {', '.join(CONTACT_FIELDS)}"
            )
        if names.index(name) != i - 1:
            raise InvalidInput(f"{label}, row 1, column {i}: field {name!r} appears twice")
    if "name" not in names:
        raise InvalidInput(f"{label}: the header has no 'name' column")
    return names


class _Batcher:
    """Checks and writes batches of CSV rows; remembers what the end-of-file checks need."""

    def __init__(self, label: str, names: list[str]) -> None:
        self.label = label
        self.names = names
        self.width = len(names)
        self.codes = {field: existing_codes(field) | {""} for field in CODE_FIELDS}
        self.seen: set[str] = set()
        self.companies: set[str] = set()
        self.pending_companies: dict[str, int] = {}
        self.sql = insert_sql(Contact._meta.table_name, INSERT_COLUMNS)
        self.stamp = timestamp_param(now())
        self.count = 0
        self.numbered = 0
        self.first_no = ""
        self.last_no = ""
        self.prefix, self.series_width, _ = reserve_numbers("CONTACT", 0)
        self.highest = 0

    def where(self, rowno: int, field: str) -> str:
        """The place of a cell in messages: file, row (header = 1) and column name."""
        return f"{self.label}, row {rowno}, column {field}"

    def add(self, batch: list[list[str]], rownos: Sequence[int]) -> None:
        """Check one batch of rows and insert it, or raise naming the first bad cell."""
        if set(map(len, batch)) != {self.width}:
            for row, rowno in zip(batch, rownos, strict=True):
                if len(row) != self.width:
                    raise InvalidInput(
                        f"{self.label}, row {rowno}: {len(row)} fields, "
                        f"but the header names {self.width}"
                    )
        columns: dict[str, Sequence[object]] = dict(
            zip(self.names, zip(*batch, strict=True), strict=True)
        )
        for field in self.names:
            columns[field] = self._check_column(field, columns[field], rownos)  # type: ignore[arg-type]
        nos = self._numbers(columns.get("no"), rownos)
        columns["no"] = nos
        if "company_no" in columns:
            self._check_companies(nos, columns, rownos)
        values = [columns.get(f, repeat(_DEFAULTS[f])) for f in CONTACT_FIELDS]
        rows = list(zip(*values, repeat(self.stamp), repeat(self.stamp)))
        try:
            execute_many(self.sql, rows)
        except Exception as exc:
            if _is_integrity_error(exc):
                raise _AlreadyStored(nos, rownos) from None
            raise
        self.count += len(rows)
        if not self.first_no:
            self.first_no = nos[0]
        self.last_no = nos[-1]

    def _first_bad(
        self, column: Sequence[str], rownos: Sequence[int], bad: Callable[[str], bool]
    ) -> tuple[str, int]:
        """The first value of a column failing a test, with its row."""
        for value, rowno in zip(column, rownos, strict=True):
            if bad(value):
                return value, rowno
        raise AssertionError("no bad value found")  # callers only ask when one exists

    def _check_column(
        self, field: str, column: Sequence[str], rownos: Sequence[int]
    ) -> Sequence[object]:
        """One column checked and converted; the fast path tests the whole column at once."""
        if field in BOOLEAN_FIELDS:
            flags = list(map(BOOLEAN_VALUES.get, column))
            if None in flags:
                return [
                    parse_bool(v, self.where(r, field)) for v, r in zip(column, rownos, strict=True)
                ]
            return flags
        limit = FIELD_LIMITS[field]
        if max(map(len, column)) > limit:
            _, rowno = self._first_bad(column, rownos, lambda v: len(v) > limit)
            raise InvalidInput(f"{self.where(rowno, field)}: longer than {limit} characters")
        if CONTROL_CHARACTER.search("".join(column)):  # one C-speed scan of the whole column
            value, rowno = self._first_bad(column, rownos, CONTROL_CHARACTER.search)  # type: ignore[arg-type]
            raise InvalidInput(f"{self.where(rowno, field)}: contains {unsafe_character(value)}")
        if field == "name" and not all(column):
            _, rowno = self._first_bad(column, rownos, lambda v: not v.strip())
            raise InvalidInput(f"{self.where(rowno, field)}: a contact needs a name")
        if field == "type":
            if set(column) <= TYPE_VALUES.keys():
                return column
            return [
                parse_type(v or "company", self.where(r, field))
                for v, r in zip(column, rownos, strict=True)
            ]
        if field == "correspondence_type":
            if set(column) <= CORRESPONDENCE_VALUES.keys():
                return column
            return [
                parse_correspondence(v, self.where(r, field))
                for v, r in zip(column, rownos, strict=True)
            ]
        if field in CODE_FIELDS:
            column = [v.upper() for v in column]  # codes are upper case however typed
            known = self.codes[field]
            if not set(column) <= known:
                value, rowno = self._first_bad(column, rownos, lambda v: v not in known)
                raise InvalidInput(
                    f"{self.where(rowno, field)}: {CODE_FIELDS[field]} {value!r} does not exist"
                )
        return column

    def _numbers(self, column: Sequence[object] | None, rownos: Sequence[int]) -> list[str]:
        """The contact numbers of a batch: the file's, or new ones from the CONTACT series."""
        given = [str(v).strip() for v in column] if column is not None else [""] * len(rownos)
        blanks = given.count("")
        if blanks:
            prefix, width, first = reserve_numbers("CONTACT", blanks)
            fresh = iter(range(first, first + blanks))
            given = [v or format_number(prefix, width, next(fresh)) for v in given]
            self.numbered += blanks
        if column is not None:
            if NOT_A_CONTACT_NO.search("\n".join(given)):  # one C-speed scan of the batch
                value, rowno = self._first_bad(given, rownos, lambda v: not CONTACT_NO.fullmatch(v))
                read_contact_no(value, self.where(rowno, "no"))  # raises, naming the row
            if len(set(given)) != len(given) or not self.seen.isdisjoint(given):
                self._report_duplicate(given, rownos)
            self.seen.update(given)
            self._note_highest(given)
        return given

    def _report_duplicate(self, nos: list[str], rownos: Sequence[int]) -> None:
        """Name the first row whose number an earlier row (of this batch or one before)
        already has."""
        batch_seen: set[str] = set()
        for no, rowno in zip(nos, rownos, strict=True):
            if no in batch_seen or no in self.seen:
                raise InvalidInput(
                    f"{self.where(rowno, 'no')}: contact number {no!r} appears twice"
                )
            batch_seen.add(no)

    def _note_highest(self, nos: list[str]) -> None:
        """Remember the highest number of the CONTACT series the file uses."""
        plen = len(self.prefix)
        numbers = [int(n[plen:]) for n in nos if n.startswith(self.prefix) and n[plen:].isdigit()]
        if numbers:
            self.highest = max(self.highest, *numbers)

    def _check_companies(
        self, nos: list[str], columns: dict[str, Sequence[object]], rownos: Sequence[int]
    ) -> None:
        """A company's company_no is empty or itself; a person's names a company (checked later)."""
        types = columns.get("type", repeat("company"))
        for no, kind, company_no, rowno in zip(
            nos, types, columns["company_no"], rownos, strict=False
        ):
            if kind == "company":
                self.companies.add(no)
                if company_no and company_no != no:
                    raise InvalidInput(
                        f"{self.where(rowno, 'company_no')}: a company's company_no must be "
                        f"empty or its own number, not {company_no!r}"
                    )
            elif company_no and company_no not in self.companies:
                self.pending_companies.setdefault(str(company_no), rowno)

    def check_pending_companies(self) -> None:
        """Persons' companies that were not in the file before them must be companies by now."""
        pending = {k: v for k, v in self.pending_companies.items() if k not in self.companies}
        refs = sorted(pending, key=pending.__getitem__)
        found: dict[str, str] = {}
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            query = Contact.select(Contact.no, Contact.type).where(Contact.no.in_(chunk))
            found.update(query_tuples(query))
        for ref in refs:
            if found.get(ref) != "company":
                problem = "does not exist" if ref not in found else "is a person, not a company"
                raise InvalidInput(
                    f"{self.where(pending[ref], 'company_no')}: company {ref!r} {problem}"
                )


# The largest contacts file imported at once (about a million contacts); the rows are
# checked column by column in memory before one set-based insert.
CONTACTS_FILE_LIMIT = 256 * 1024 * 1024


def import_contacts(path: str | Path) -> ImportResult:
    """Import every row of a UTF-8 CSV file whose header names contact fields, or none."""
    path = Path(path)
    label = path.name
    try:
        raw = open_regular_file(path, CONTACTS_FILE_LIMIT)
    except OSError as exc:
        raise NotFound(f"cannot read {path}: {exc.strerror}") from None
    with raw:
        _refuse_other_delimiters(raw, label)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        try:
            try:
                with large_cache(), write_transaction():
                    result = _import_rows(reader, label)
                log.info(
                    "contacts import from %s: %d rows imported (%s–%s, %d newly numbered)",
                    label,
                    result.imported,
                    result.first_no,
                    result.last_no,
                    result.numbered,
                )
                return result
            except _AlreadyStored as dup:
                raise _explain_stored(dup, label) from None
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{label}, line {_first_line_not_utf8(raw)}: not UTF-8 text; "
                "save the file as CSV UTF-8"
            ) from None
        except csv.Error as exc:
            raise InvalidInput(f"{label}, line {reader.line_num}: broken CSV: {exc}") from None


def _refuse_other_delimiters(raw: BinaryIO, label: str) -> None:
    """Refuse a file whose header is separated by semicolons or tabs (as a spreadsheet in
    many locales saves "CSV"): read as commas it would be one unknown field, or broken."""
    header = raw.readline(64 * 1024)
    raw.seek(0)
    if b"," in header:
        return
    for delimiter, name in ((b";", "semicolons"), (b"\t", "tabs")):
        if delimiter in header:
            raise InvalidInput(
                f"{label}: the columns are separated by {name}; segtui reads CSV separated "
                'by commas (save the file as "CSV UTF-8 (Comma delimited)")'
            )


def _first_line_not_utf8(raw: BinaryIO) -> int:
    """The line of the first byte that is not UTF-8 (the decoder reads ahead in chunks, so
    the CSV reader's own line count is thousands of lines short of it)."""
    raw.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    while chunk := raw.read(64 * 1024):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return lines + chunk.count(b"\n", 0, max(exc.start, 0))
        lines += chunk.count(b"\n")
    return lines  # cut off inside a character at the very end


def _import_rows(reader: Iterator[list[str]], label: str) -> ImportResult:
    """Read, check and insert every row; raise on the first problem (the caller rolls back)."""
    names = read_header(next(reader, None), label)
    batcher = _Batcher(label, names)
    rowno = 1  # the header; rows are counted as a spreadsheet shows them
    while batch := list(islice(reader, BATCH_SIZE)):
        rownos: Sequence[int] = range(rowno + 1, rowno + 1 + len(batch))
        rowno += len(batch)
        if [] in batch:
            # Blank lines are skipped but still count as rows.
            kept = [(row, n) for row, n in zip(batch, rownos, strict=True) if row]
            if not kept:
                continue
            batch = [row for row, _ in kept]
            rownos = [n for _, n in kept]
        batcher.add(batch, rownos)
    batcher.check_pending_companies()
    if batcher.highest:
        bump_past("CONTACT", batcher.highest)
    return ImportResult(
        imported=batcher.count,
        first_no=batcher.first_no,
        last_no=batcher.last_no,
        numbered=batcher.numbered,
    )


def _explain_stored(dup: _AlreadyStored, label: str) -> InvalidInput:
    """The message for a batch that collided with numbers already in the database."""
    existing: set[str] = set()
    for start in range(0, len(dup.nos), 500):
        chunk = list(dup.nos[start : start + 500])
        existing.update(
            n for (n,) in query_tuples(Contact.select(Contact.no).where(Contact.no.in_(chunk)))
        )
    for no, rowno in zip(dup.nos, dup.rownos, strict=True):
        if no in existing:
            return InvalidInput(f"{label}, row {rowno}, column no: contact {no!r} already exists")
    return InvalidInput(
        f"{label}: a contact number of rows {dup.rownos[0]}–{dup.rownos[-1]} is already used"
    )
