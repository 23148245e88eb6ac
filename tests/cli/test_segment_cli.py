"""`segtui segment …` as a user or a script runs it: output, JSON shapes, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import peewee as pw
import pytest

from segtui.db import models as m
from tests.cli.runner import Result, Run, invoke
from tests.factories import (
    line_contacts,
    make_company_with_persons,
    make_contact,
    make_logged_segment,
    make_template,
    table_rows,
)


@pytest.fixture
def run(database: pw.Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process."""

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


@pytest.fixture
def contacts(database: pw.Database) -> dict[str, str]:
    """Acme (London) with Anna and Bob (Leeds), Globex (Paris) with Carla; numbers by name."""
    acme, (anna, bob) = make_company_with_persons("Acme", ["Anna", "Bob"], city="London")
    m.Contact.update(city="Leeds").where(m.Contact.no == bob.no).execute()
    globex, (carla,) = make_company_with_persons("Globex", ["Carla"], city="Paris")
    make_template("LETTER", subject="Spring offer", correspondence_type_default="hard_copy")
    return {c.name: c.no for c in (acme, anna, bob, globex, carla)}


@pytest.fixture
def seg(run: Run, contacts: dict[str, str]) -> str:
    """A LETTER segment with every London contact."""
    no = run("segment", "new", "--description", "Spring mailing", "--template", "LETTER").out
    assert run("segment", "add", no.strip(), "--filter", "contact.city=London").status == 0
    return no.strip()


def assert_error(result: Result, text: str, status: int = 1) -> None:
    """One line `segtui: error: …` on stderr naming the problem, nothing on stdout."""
    assert result.status == status
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("segtui: error: ")
    assert text in lines[0]


# --- new / list / show ---------------------------------------------------------------------


def test_new_prints_the_number(run: Run, contacts: dict[str, str]) -> None:
    first = run("segment", "new", "--description", "One")
    second = run(
        "segment",
        "new",
        "--description",
        "Two",
        "--template",
        "LETTER",
        "--subject",
        "Hi",
        "--corr-type",
        "email",
        "--date",
        "2026-04-01",
    )
    assert (first.status, first.out, first.err) == (0, "SEG00001\n", "")
    assert second.out == "SEG00002\n"
    header = m.SegmentHeader.get_by_id("SEG00002")
    assert (header.subject_default, header.correspondence_type_default, str(header.date)) == (
        "Hi",
        "email",
        "2026-04-01",
    )


def test_list_json(run: Run, seg: str) -> None:
    run("segment", "new", "--description", "Empty")
    result = run("segment", "list", "--json")
    assert result.status == 0
    assert result.json() == [
        {"no": seg, "description": "Spring mailing", "no_of_lines": 2},
        {"no": "SEG00002", "description": "Empty", "no_of_lines": 0},
    ]
    table = run("segment", "list").out
    assert "Spring mailing" in table and "SEG00002" in table


def test_show_json_has_the_spec_keys(run: Run, seg: str, contacts: dict[str, str]) -> None:
    run("segment", "comment", seg, contacts["Anna"], "Hello Anna")
    document = run("segment", "show", seg.lower(), "--json").json()
    assert isinstance(document, dict)
    assert {
        "no",
        "description",
        "date",
        "interaction_template_code",
        "correspondence_type_default",
        "subject_default",
        "no_of_lines",
        "lines",
        "criteria",
    } <= set(document)
    assert document["no"] == seg
    assert document["interaction_template_code"] == "LETTER"
    assert document["subject_default"] == "Spring offer"
    assert document["no_of_lines"] == 2
    line_keys = {
        "line_no",
        "contact_no",
        "contact_name",
        "correspondence_type",
        "description",
        "comment",
        "interaction_template_code",
    }
    assert all(line_keys <= set(line) for line in document["lines"])
    anna = next(line for line in document["lines"] if line["contact_name"] == "Anna")
    assert anna["comment"] == "Hello Anna"
    assert anna["correspondence_type"] == "hard_copy"
    assert document["criteria"] == [
        {
            "action_no": 1,
            "kind": "add",
            "filters": ["contact.city=London"],
            "options": {},
            "count_before": 0,
            "count_after": 2,
            "undone": False,
        }
    ]


def test_show_as_text(run: Run, seg: str) -> None:
    result = run("segment", "show", seg)
    assert result.status == 0
    assert "Spring mailing" in result.out
    assert "add · contact.city=London" in result.out


# --- add / reduce / refine / remove / go back / redo ---------------------------------------


def test_verbs_report_counts(run: Run, seg: str, contacts: dict[str, str]) -> None:
    added = run(
        "segment", "add", seg, "--filter", "contact.city=Paris", "--filter", "contact.type=company"
    )
    assert added.out == "add · contact.city=Paris · contact.type=company: 2 → 3 lines (+1)\n"
    expanded = run(
        "segment", "add", seg, "--filter", "contact.city=Paris", "--expand-companies",
        "--allow-existing",
    )  # fmt: skip
    assert expanded.out == (
        "add · contact.city=Paris · allow existing · expand companies: 3 → 5 lines (+2)\n"
    )
    reduced = run("segment", "reduce", seg, "--filter", "contact.name=Carla")
    assert reduced.out.startswith("reduce · contact.name=Carla: ")
    refined = run("segment", "refine", seg, "--filter", "contact.city=London", "--entire-companies")
    assert refined.out.endswith("→ 2 lines (-2)\n")
    assert sorted(line_contacts(seg)) == sorted([contacts["Acme"], contacts["Anna"]])
    back = run("segment", "go-back", seg)
    assert back.out.startswith("went back from step 5 (refine")
    assert len(line_contacts(seg)) == 4
    redone = run("segment", "redo", seg)
    assert redone.out.startswith("refine")
    assert len(line_contacts(seg)) == 2


def test_manual_add_and_remove(run: Run, seg: str, contacts: dict[str, str]) -> None:
    added = run("segment", "add", seg, "--contact", contacts["Bob"], "--contact", contacts["Carla"])
    assert added.out == "manual add · contacts=['CT000003', 'CT000005']: 2 → 4 lines (+2)\n"
    assert run("segment", "remove", seg, "--line", "1").out.endswith("→ 3 lines (-1)\n")
    assert run("segment", "remove", seg, "--contact", contacts["Carla"]).status == 0
    assert sorted(line_contacts(seg)) == sorted([contacts["Anna"], contacts["Bob"]])


def test_set_header_and_lines(run: Run, seg: str, contacts: dict[str, str]) -> None:
    changed = run("segment", "line", seg, "1", "description=Own", "corr_type=email")
    assert changed.out == "line 1 (CT000001) overrides: description, correspondence_type\n"
    updated = run("segment", "set", seg, "description=Summer", "--update-lines")
    assert updated.out == "2 line(s) updated\n"
    lines = {
        line["line_no"]: line for line in run("segment", "show", seg, "--json").json()["lines"]
    }
    assert (lines[1]["description"], lines[2]["description"]) == ("Own", "Summer")
    assert run("segment", "set", seg, "subject=Quiet").out == ""


def test_comment_in_the_editor(
    run: Run, seg: str, contacts: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "fake editor.sh"
    editor.write_text(
        '#!/bin/sh\ngrep -q "^Old$" "$1" && printf "Dear Anna,\\r\\nthanks!\\n" > "$1"\n'
    )
    editor.chmod(0o755)
    run("segment", "comment", seg, contacts["Anna"], "Old")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{editor}'")
    result = run("segment", "comment", seg, contacts["Anna"].lower(), "--edit")
    assert result.out == "comment set on 1 line(s)\n"
    anna = m.SegmentLine.get(m.SegmentLine.contact_no == contacts["Anna"])
    assert anna.comment == "Dear Anna,\nthanks!"
    monkeypatch.setenv("EDITOR", "false")
    before = table_rows()
    assert_error(run("segment", "comment", seg, contacts["Anna"], "--edit"), "exited with status")
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    assert_error(run("segment", "comment", seg, contacts["Anna"], "--edit"), "was not found")
    assert table_rows() == before


def test_save_and_reuse_criteria(run: Run, seg: str, contacts: dict[str, str]) -> None:
    assert run("segment", "save-criteria", seg, "london").out == "saved 1 step(s) as LONDON\n"
    other = run("segment", "new", "--description", "Again").out.strip()
    make_contact("Newco", city="London")
    reused = run("segment", "reuse-criteria", other, "LONDON")
    assert reused.out == "add · contact.city=London: 0 → 3 lines (+3)\n"


def test_reuse_segment(run: Run, seg: str, contacts: dict[str, str]) -> None:
    logged = make_logged_segment([m.Contact.get_by_id(contacts[n]) for n in ("Anna", "Carla")])
    result = run("segment", "reuse-segment", seg, str(logged.entry_no))
    assert result.out.endswith("2 → 3 lines (+1)\n")
    again = run("segment", "reuse-segment", seg, str(logged.entry_no), "--allow-existing")
    assert again.out.endswith("3 → 5 lines (+2)\n")


def test_delete(run: Run, seg: str) -> None:
    assert run("segment", "delete", seg).out == f"deleted {seg} (2 lines)\n"
    assert run("segment", "list", "--json").json() == []


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("add", "{seg}", "--filter", "contact.city=<"), "contact.city: '<' needs a value"),
        (("add", "{seg}", "--filter", "contact.colour=red"), "unknown field 'colour'"),
        (("add", "{seg}", "--filter", "interaction.date=soon"), "interaction.date: 'soon'"),
        (("add", "{seg}"), "give --filter"),
        (("add", "{seg}", "--contact", "CT000001", "--filter", "x=1"), "not both"),
        (("add", "SEG00404", "--filter", "contact.city=London"), "SEG00404"),
        (("reduce", "{seg}", "--filter", "contact.city=London|"), "empty condition"),
        (("show", "SEG00404"), "segment 'SEG00404' does not exist"),
        (("new", "--description", "x", "--date", "2026-02-30"), "'2026-02-30' is not a date"),
        (("new", "--description", "x", "--template", "NOPE"), "interaction template 'NOPE'"),
        (("set", "{seg}", "colour=red"), "unknown segment field 'colour'"),
        (("line", "{seg}", "1", "colour=red"), "unknown line field 'colour'"),
        (("line", "{seg}", "9", "description=x"), "no line 9"),
        (("remove", "{seg}", "--line", "9"), "line 9 is not in"),
        (("comment", "{seg}", "CT000404", "hi"), "contact CT000404 is not in"),
        (("go-back", "SEG00404"), "SEG00404"),
        (("redo", "{seg}"), "nothing to redo"),
        (("save-criteria", "{seg}", "bad code"), "criteria code"),
        (("reuse-criteria", "{seg}", "NOPE"), "saved criteria 'NOPE' does not exist"),
        (("reuse-segment", "{seg}", "77"), "logged segment 77 does not exist"),
        (("delete", "SEG00404"), "SEG00404"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    run: Run, seg: str, args: tuple[str, ...], text: str
) -> None:
    before = table_rows()
    result = run("segment", *(a.format(seg=seg) for a in args))
    assert_error(result, text)
    assert table_rows() == before


@pytest.mark.parametrize(
    "args",
    [
        ("segment",),
        ("segment", "explode"),
        ("segment", "show"),
        ("segment", "new"),
        ("segment", "reduce", "SEG00001"),
        ("segment", "remove", "SEG00001"),
        ("segment", "remove", "SEG00001", "--line", "one"),
        ("segment", "new", "--description", "x", "--corr-type", "fax"),
        ("segment", "comment", "SEG00001", "CT1", "text", "--edit"),
        ("segment", "reuse-segment", "SEG00001", "first"),
    ],
)
def test_usage_errors_exit_2(run: Run, args: tuple[str, ...]) -> None:
    before = table_rows()
    result = run(*args)
    assert result.status == 2
    assert result.out == ""
    assert result.err.startswith("segtui: error: ") or "usage:" in result.err
    assert "segtui: error: " in result.err
    assert table_rows() == before


def test_the_installed_command_exit_codes(db_url: str, contacts: dict[str, str]) -> None:
    segtui = str(Path(sys.executable).with_name("segtui"))

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [segtui, "--db", db_url, *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    made = command("segment", "new", "--description", "Shell")
    assert (made.returncode, made.stdout, made.stderr) == (0, "SEG00001\n", "")
    bad = command("segment", "add", "SEG00001", "--filter", "contact.city=..")
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("segtui: error: contact.city: a range needs at least one end")
    assert "Traceback" not in bad.stderr
    missing = command("segment", "show", "SEG00404", "--json")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.splitlines() == ["segtui: error: segment 'SEG00404' does not exist"]
    usage = command("segment", "show")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    assert usage.stderr.splitlines()[-1].startswith("segtui: error: ")
