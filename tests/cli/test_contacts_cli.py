"""`segtui contacts list|import|export` as a user or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from segtui.cli.app import main
from tests.cli.runner import Result, Run, invoke

CSV = (
    "no,type,name,company_no,city,post_code,email,correspondence_type,exclude_from_segment\n"
    "C1,company,Acme Ltd,,London,EC1A 1BB,info@acme.example,email,no\n"
    "P1,person,Anna Smith,C1,London,EC1A 1BB,anna@acme.example,,yes\n"
    "C2,company,Bolt & Nut,,Leeds,LS1 4DY,,hard_copy,no\n"
)


@pytest.fixture
def run(db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process."""
    monkeypatch.setenv("SEGTUI_USER", "tester")

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    """A small, valid contacts file."""
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_then_list_as_a_table(run: Run, csv_file: Path) -> None:
    imported = run("contacts", "import", str(csv_file))
    assert imported.status == 0
    assert imported.out == "imported 3 contacts (C1 … C2)\n"
    listed = run("contacts", "list")
    lines = listed.out.splitlines()
    assert lines[0].split() == [
        "No",
        "Type",
        "Name",
        "Company",
        "City",
        "Email",
        "Corr.",
        "Blocked",
    ]
    assert [line.split()[0] for line in lines[1:]] == ["C1", "C2", "P1"]


def test_list_json_has_the_documented_keys(run: Run, csv_file: Path) -> None:
    run("contacts", "import", str(csv_file))
    result = run("contacts", "list", "--json", "--filter", "city=London", "--limit", "5")
    document = json.loads(result.out)
    assert result.status == 0
    assert [row["no"] for row in document] == ["C1", "P1"]
    assert set(document[1]) >= {
        "no",
        "type",
        "name",
        "company_no",
        "city",
        "post_code",
        "country_code",
        "email",
        "language_code",
        "salesperson_code",
        "correspondence_type",
        "exclude_from_segment",
        "privacy_blocked",
    }
    assert document[1]["company_no"] == "C1"
    assert document[1]["exclude_from_segment"] is True
    assert document[1]["privacy_blocked"] is False


def test_list_json_of_an_empty_database_is_an_empty_list(run: Run) -> None:
    result = run("contacts", "list", "--json")
    assert (result.status, json.loads(result.out)) == (0, [])


def test_export_csv_and_vcard_to_stdout(run: Run, csv_file: Path) -> None:
    run("contacts", "import", str(csv_file))
    exported = run("contacts", "export", "--filter", "type=company")
    assert exported.status == 0
    rows = exported.out.splitlines()
    assert rows[0].startswith("no,type,name,company_no,")
    assert [row.split(",")[0] for row in rows[1:]] == ["C1", "C2"]
    cards = run("contacts", "export", "--format", "vcard")
    assert cards.out.count("BEGIN:VCARD") == 3
    assert "FN:Anna Smith" in cards.out


def test_export_round_trips_into_a_fresh_database(
    run: Run, csv_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("contacts", "import", str(csv_file))
    exported = tmp_path / "exported.csv"
    exported.write_text(run("contacts", "export").out, encoding="utf-8")
    before = run("contacts", "list", "--json").out
    fresh = str(tmp_path / "fresh.db")
    assert main(["--db", fresh, "contacts", "import", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--db", fresh, "contacts", "list", "--json"]) == 0
    assert capsys.readouterr().out == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("contacts", "list", "--filter", "colour=red"), "unknown field 'colour'"),
        (("contacts", "list", "--filter", "city"), "must be written source.field=expression"),
        (("contacts", "export", "--segment", "SEG404"), "segment 'SEG404' does not exist"),
        (
            ("contacts", "export", "--segment", "S", "--filter", "city=X"),
            "give either --segment or --filter, not both",
        ),
    ],
)
def test_bad_arguments_give_one_line_and_status_1(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.status == 1
    assert result.err.startswith("segtui: error: ")
    assert message in result.err
    assert result.err.count("\n") == 1
    assert result.out == ""


def test_a_bad_file_is_one_line_on_stderr_without_traceback(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,type\nAcme,company\nBolt,robot\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "segtui", "--db", db_url, "contacts", "import", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "segtui: error: bad.csv, row 3, column type: contact type 'robot' is not one of: "
        "company, person\n"
    )
    listed = subprocess.run(
        [sys.executable, "-m", "segtui", "--db", db_url, "contacts", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(listed.stdout) == []


def test_new_edit_and_block_a_contact(run: Run) -> None:
    made = run("contacts", "new", "type=person", "first_name=Ann", "surname=Lee", "city=Leeds")
    assert made.status == 0, made.err
    no = made.out.strip()
    assert run("contacts", "new", "name=Acme", "--no", "C9").out == "C9\n"

    edited = run("contacts", "edit", no, "city=York", "company-no=C9")
    assert (edited.status, edited.out) == (0, f"{no} Ann Lee changed\n")
    blocked = run("contacts", "block", no)
    assert blocked.out == f"{no} Ann Lee is privacy-blocked\n"

    shown = run("contacts", "show", no, "--json").json()
    assert (shown["name"], shown["city"], shown["company_no"]) == ("Ann Lee", "York", "C9")
    assert shown["privacy_blocked"] is True
    run("contacts", "block", no, "--unblock")
    assert run("contacts", "show", no, "--json").json()["privacy_blocked"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "name"), "'name' must be written FIELD=VALUE"),
        (("new", "colour=red"), "new contact: unknown contact field 'colour'; fields are: "),
        (("new", "type=robot", "name=R2"), "new contact: contact type 'robot' is not one of"),
        (("edit", "CT404", "city=York"), "contact 'CT404' does not exist"),
        (("edit", "C1", "name="), "contact C1: name must not be empty"),
        (("block", "CT404"), "contact 'CT404' does not exist"),
    ],
)
def test_bad_contact_changes_are_one_line_and_change_nothing(
    run: Run, csv_file: Path, args: tuple[str, ...], message: str
) -> None:
    run("contacts", "import", str(csv_file))
    before = run("contacts", "list", "--json").json()

    result = run("contacts", *args)

    assert result.status == 1
    assert result.err.startswith(f"segtui: error: {message}"), result.err
    assert result.err.count("\n") == 1
    assert run("contacts", "list", "--json").json() == before
