"""Save Criteria, Reuse Criteria, and saved criteria as TOML/JSON files that can live in git."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import tomli_w

from segtui.db import models as m
from segtui.db.proxy import write_transaction
from segtui.domain.criteria import CriteriaOptions
from segtui.domain.enums import ActionKind
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.saved_criteria import (
    SavedCriteria,
    SavedStep,
    read_code,
    read_description,
    step_from_dict,
)
from segtui.domain.segments import CriteriaActionView
from segtui.paths import read_regular_file
from segtui.services.segments import criteria
from segtui.services.segments.guard import segment_write
from segtui.services.segments.segments import get_header_row
from segtui.services.session import current_user

Saved = m.SavedCriteria
Step = m.SavedCriteriaAction


def save_criteria(segment_no: str, code: str, description: str = "") -> SavedCriteria:
    """Store the segment's add/reduce/refine actions (not undone) under a new code."""
    code = read_code(code)
    with write_transaction():
        header = get_header_row(segment_no)
        if Saved.get_or_none(Saved.code == code) is not None:
            raise Refused(f"saved criteria {code} exists already; delete it first")
        kinds = [k.value for k in ActionKind if k.is_criteria]
        actions = list(
            m.CriteriaAction.select()
            .where(
                (m.CriteriaAction.segment_no == header.no)
                & (m.CriteriaAction.undone == False)
                & m.CriteriaAction.kind.in_(kinds)
            )
            .order_by(m.CriteriaAction.action_no)
        )
        if not actions:
            raise Refused(f"{header.no} has no add, reduce or refine action to save")
        Saved.create(
            code=code, description=description or header.description, created_by=current_user()
        )
        Step.insert_many(
            [
                {
                    "saved_criteria": code,
                    "position": i,
                    "kind": a.kind,
                    "options": a.options,
                    "filters": a.filters,
                }
                for i, a in enumerate(actions, start=1)
            ]
        ).execute()
    return get_saved(code)


def get_saved(code: str) -> SavedCriteria:
    """One saved criteria set with its steps."""
    row = Saved.get_or_none(Saved.code == read_code(code))
    if row is None:
        raise NotFound(f"saved criteria {code!r} does not exist")
    steps = Step.select().where(Step.saved_criteria == row.code).order_by(Step.position)
    return SavedCriteria(
        code=row.code,
        description=row.description,
        created_by=row.created_by,
        created_at=row.created_at,
        steps=tuple(
            SavedStep(s.kind, tuple(json.loads(s.filters)), json.loads(s.options)) for s in steps
        ),
    )


def list_saved() -> list[SavedCriteria]:
    """Every saved criteria set, by code."""
    return [get_saved(row.code) for row in Saved.select(Saved.code).order_by(Saved.code)]


def delete_saved(code: str) -> None:
    """Delete a saved criteria set."""
    with write_transaction():
        saved = get_saved(code)
        Step.delete().where(Step.saved_criteria == saved.code).execute()
        Saved.delete().where(Saved.code == saved.code).execute()


def export_saved(code: str, fmt: str = "toml") -> str:
    """The saved criteria as TOML or JSON text."""
    document = get_saved(code).as_dict()
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return tomli_w.dumps(document)
    raise InvalidInput(f"format {fmt!r} is not toml or json")


# A criteria file is a few kilobytes; anything past this is not one.
CRITERIA_FILE_LIMIT = 1024 * 1024


def import_saved(path: Path) -> SavedCriteria:
    """Read saved criteria from a .toml or .json file; every step is checked first."""
    try:
        raw = read_regular_file(path, CRITERIA_FILE_LIMIT)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
        document = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not UTF-8 text") from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(
            f"{path.name} is not valid {path.suffix.lstrip('.') or 'TOML'}: {exc}"
        ) from None
    except (RecursionError, ValueError):  # nested past Python's stack, 5 000-digit numbers
        raise InvalidInput(
            f"{path.name} is nested too deeply or holds a number too long to be criteria"
        ) from None
    if not isinstance(document, dict):
        raise InvalidInput(f"{path.name}: expected a table/object with code and steps")
    code = read_code(str(document.get("code", "")))
    raw_steps = document.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise InvalidInput(f"{path.name}: steps must be a non-empty list")
    steps = [step_from_dict(s, f"{path.name} step {i}") for i, s in enumerate(raw_steps, 1)]
    description = read_description(document.get("description", ""), path.name)
    with write_transaction():
        if Saved.get_or_none(Saved.code == code) is not None:
            raise Refused(f"saved criteria {code} exists already; delete it first")
        Saved.create(
            code=code,
            description=description,
            created_by=current_user(),
        )
        Step.insert_many(
            [
                {
                    "saved_criteria": code,
                    "position": i,
                    "kind": s.kind,
                    "options": json.dumps(s.options),
                    "filters": json.dumps(list(s.filters)),
                }
                for i, s in enumerate(steps, start=1)
            ]
        ).execute()
    return get_saved(code)


def reuse_criteria(segment_no: str, code: str) -> list[CriteriaActionView]:
    """Replay saved criteria in order against today's data; each step is its own action.

    The whole replay is one transaction, so a failure half-way leaves the segment as it was.
    """
    saved = get_saved(code)
    done: list[CriteriaActionView] = []
    with segment_write(segment_no) as write:
        # Each step below is a write of its own (nested, so it advances the version too).
        write.nothing()
        for step in saved.steps:
            filters = criteria.parse_filters(step.filters)
            options = CriteriaOptions(**step.options)
            if step.kind == ActionKind.ADD:
                done.append(criteria.add_contacts(segment_no, filters, options))
            elif step.kind == ActionKind.REDUCE:
                done.append(
                    criteria.reduce_contacts(
                        segment_no, filters, entire_companies=options.entire_companies
                    )
                )
            else:
                done.append(
                    criteria.refine_contacts(
                        segment_no, filters, entire_companies=options.entire_companies
                    )
                )
    return done
