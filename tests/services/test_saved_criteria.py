"""Save Criteria, Reuse Criteria, and saved criteria files (TOML and JSON)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import peewee as pw
import pytest

from segtui.domain.criteria import CriteriaOptions
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.segments import criteria, saved_criteria, segments
from tests.factories import (
    line_contacts,
    make_company_with_persons,
    make_contact,
    table_rows,
)


@pytest.fixture
def built(database: pw.Database) -> str:
    """A segment built in three steps (add with an option, reduce, refine) plus a manual add."""
    make_company_with_persons("Acme", ["Anna", "Bob"], city="London")
    make_company_with_persons("Globex", ["Carla"], city="Paris")
    lone = make_contact("Dave", type="person", city="Leeds")
    no = segments.create_segment("Spring mailing")
    filters = criteria.parse_filters(["contact.city=London|Paris", "contact.type=company"])
    criteria.add_contacts(no, filters, CriteriaOptions(expand_companies=True))
    criteria.reduce_contacts(no, criteria.parse_filters(["contact.name=Bob"]))
    criteria.refine_contacts(
        no, criteria.parse_filters(["contact.city=London"]), entire_companies=True
    )
    criteria.add_manual(no, [lone.no])
    return no


STEPS = [
    {
        "kind": "add",
        "filters": ["contact.city=London|Paris", "contact.type=company"],
        "options": {"expand_companies": True},
    },
    {"kind": "reduce", "filters": ["contact.name=Bob"], "options": {}},
    {"kind": "refine", "filters": ["contact.city=London"], "options": {"entire_companies": True}},
]


def test_save_keeps_the_criteria_steps_only(built: str) -> None:
    saved = saved_criteria.save_criteria(built, "spring", "Spring contacts")
    assert saved.code == "SPRING"
    assert saved.description == "Spring contacts"
    assert saved.created_by == "tester"
    assert [s.as_dict() for s in saved.steps] == STEPS
    assert saved_criteria.get_saved("Spring") == saved
    assert [s.code for s in saved_criteria.list_saved()] == ["SPRING"]


def test_save_skips_undone_steps_and_defaults_the_description(built: str) -> None:
    criteria.go_back(built)  # the manual add
    criteria.go_back(built)  # the refine
    saved = saved_criteria.save_criteria(built, "TWO")
    assert [s.kind for s in saved.steps] == ["add", "reduce"]
    assert saved.description == "Spring mailing"


def test_save_refusals_change_nothing(built: str) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    empty = segments.create_segment("Empty")
    criteria.add_manual(empty, [line_contacts(built)[0]])
    before = table_rows()
    with pytest.raises(Refused, match="no add, reduce or refine"):
        saved_criteria.save_criteria(empty, "NONE")
    with pytest.raises(Refused, match="SPRING exists already"):
        saved_criteria.save_criteria(built, "spring")
    with pytest.raises(InvalidInput, match="criteria code"):
        saved_criteria.save_criteria(built, "has space")
    with pytest.raises(NotFound, match="SEG00404"):
        saved_criteria.save_criteria("SEG00404", "OTHER")
    assert table_rows() == before


def test_delete(built: str) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    saved_criteria.delete_saved("spring")
    assert saved_criteria.list_saved() == []
    with pytest.raises(NotFound, match="SPRING"):
        saved_criteria.delete_saved("SPRING")
    with pytest.raises(NotFound):
        saved_criteria.get_saved("SPRING")


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_export_and_import_round_trip(built: str, tmp_path: Path, fmt: str) -> None:
    saved_criteria.save_criteria(built, "SPRING", 'Spring "quoted" ä')
    text = saved_criteria.export_saved("SPRING", fmt)
    document = json.loads(text) if fmt == "json" else tomllib.loads(text)
    assert document == {"code": "SPRING", "description": 'Spring "quoted" ä', "steps": STEPS}
    saved_criteria.delete_saved("SPRING")
    path = tmp_path / f"spring.{fmt}"
    path.write_text(text, encoding="utf-8")
    imported = saved_criteria.import_saved(path)
    assert imported.code == "SPRING"
    assert [s.as_dict() for s in imported.steps] == STEPS
    assert saved_criteria.export_saved("SPRING", fmt) == text


def test_export_in_an_unknown_format(built: str) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    with pytest.raises(InvalidInput, match="'xml'"):
        saved_criteria.export_saved("SPRING", "xml")


GOOD_STEP = '[[steps]]\nkind = "add"\nfilters = ["contact.city=London"]\n'


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("bad.toml", b'code = "X"\nsteps = [', "not valid toml"),
        ("bad.json", b'{"code": "X", "steps": [}', "not valid json"),
        ("kind.toml", b'code = "X"\n[[steps]]\nkind = "delete"\n', "kind must be add"),
        (
            "filter.toml",
            b'code = "X"\n[[steps]]\nkind = "add"\nfilters = ["contact.city=<"]\n',
            "step 1: contact.city: '<' needs a value",
        ),
        (
            "field.toml",
            b'code = "X"\n[[steps]]\nkind = "add"\nfilters = ["contact.colour=red"]\n',
            "unknown field 'colour'",
        ),
        (
            "option.toml",
            b'code = "X"\n[[steps]]\nkind = "add"\nfilters = []\n[steps.options]\nturbo = true\n',
            "unknown option turbo",
        ),
        (
            "notbool.json",
            b'{"code": "X", "steps": [{"kind": "add", "options": {"allow_existing": "yes"}}]}',
            "true or false",
        ),
        (
            "reduce.json",
            b'{"code": "X", "steps": [{"kind": "reduce", "filters": []}]}',
            "reduce needs at least one filter",
        ),
        ("latin1.toml", b'code = "X"\ndescription = "caf\xe9"\n' + GOOD_STEP.encode(), "UTF-8"),
        ("nosteps.toml", b'code = "X"\n', "steps must be a non-empty list"),
        ("code.toml", b'code = "no spaces allowed"\n' + GOOD_STEP.encode(), "criteria code"),
        ("list.json", b"[1, 2]", "expected a table/object"),
        ("missing.toml", None, "cannot read"),
    ],
)
def test_bad_import_files_store_nothing(
    database: pw.Database, tmp_path: Path, name: str, content: bytes | None, text: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = table_rows()
    with pytest.raises(InvalidInput) as info:
        saved_criteria.import_saved(path)
    assert text.lower() in info.value.message.lower()
    assert name in info.value.message or "code" in text
    assert table_rows() == before


def test_import_refuses_an_existing_code(built: str, tmp_path: Path) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    path = tmp_path / "spring.toml"
    path.write_text(saved_criteria.export_saved("SPRING"), encoding="utf-8")
    before = table_rows()
    with pytest.raises(Refused, match="exists already"):
        saved_criteria.import_saved(path)
    assert table_rows() == before


def test_saved_criteria_replay_on_changed_data(built: str) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    # Since saving: a new London company with a person, and a new Londoner called Bob.
    newco, (newbie, bob2) = make_company_with_persons("Newco", ["Nina", "Bob"], city="London")
    target = segments.create_segment("Replay")
    done = saved_criteria.reuse_criteria(target, "spring")
    assert [(a.kind, a.count_before, a.count_after) for a in done] == [
        ("add", 0, 8),
        ("reduce", 8, 6),
        ("refine", 6, 4),
    ]
    in_target = set(line_contacts(target))
    assert {newco.no, newbie.no} <= in_target
    assert bob2.no not in in_target
    assert set(line_contacts(built)) - in_target == {line_contacts(built)[-1]}  # the manual add
    # Each replayed step is its own undoable action.
    log = criteria.criteria_log(target)
    assert [a.kind for a in log] == ["add", "reduce", "refine"]
    criteria.go_back(target)
    assert len(line_contacts(target)) == 6
    criteria.go_back(target)
    assert len(line_contacts(target)) == 8
    criteria.go_back(target)
    assert line_contacts(target) == []


def test_reuse_of_unknown_criteria_or_segment_changes_nothing(built: str) -> None:
    saved_criteria.save_criteria(built, "SPRING")
    before = table_rows()
    with pytest.raises(NotFound, match="NOPE"):
        saved_criteria.reuse_criteria(built, "NOPE")
    with pytest.raises(NotFound, match="SEG00404"):
        saved_criteria.reuse_criteria("SEG00404", "SPRING")
    assert table_rows() == before
