"""Read the records of a generic merge from a CSV or JSON data file."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from segtui.domain.errors import InvalidInput
from segtui.paths import read_regular_file


@dataclass(frozen=True)
class DataFile:
    """A data file's column names (its merge vocabulary) and its records, all values text."""

    columns: list[str]
    records: list[dict[str, str]]


def _csv(path: Path, text: str) -> DataFile:
    reader = csv.DictReader(io.StringIO(text, newline=""), restval="")
    columns = [c.strip() for c in reader.fieldnames or []]
    if not any(columns):
        raise InvalidInput(f"{path}: the CSV file has no header row")
    records = []
    for row in reader:
        if None in row:
            raise InvalidInput(f"{path}: line {reader.line_num} has more cells than the header")
        records.append({k.strip(): v for k, v in row.items() if k is not None})
    return DataFile(columns, records)


def _text(value: object, path: Path, n: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise InvalidInput(f"{path}: record {n} has a value that is not text, a number or null")


def _json(path: Path, text: str) -> DataFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except (RecursionError, ValueError):  # nested past Python's stack, 5 000-digit numbers
        raise InvalidInput(
            f"{path}: the JSON is nested too deeply or holds a number too long"
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput(f"{path}: the JSON must be a list of objects, one per record")
    columns: dict[str, None] = {}
    records = []
    for n, row in enumerate(data, start=1):
        columns.update(dict.fromkeys(row))
        records.append({str(k): _text(v, path, n) for k, v in row.items()})
    return DataFile(list(columns), records)


# A data file for `docx merge --data`: 64 MB is hundreds of thousands of records.
DATA_FILE_LIMIT = 64 * 1024 * 1024


def read_data_file(path: Path) -> DataFile:
    """The records of a .csv (header row = columns) or .json (list of objects) file."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InvalidInput(f"{path}: the data file must be .csv or .json")
    try:
        text = read_regular_file(path, DATA_FILE_LIMIT, str(path)).decode("utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: the file is not UTF-8 text") from exc
    try:
        data = _csv(path, text) if suffix == ".csv" else _json(path, text)
    except csv.Error as exc:
        raise InvalidInput(f"{path}: not a valid CSV file ({exc})") from exc
    if not data.records:
        raise InvalidInput(f"{path}: the data file has no records")
    return data
