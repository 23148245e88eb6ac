"""`segtui criteria list|show|delete|export|import` and their errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import peewee as pw
import pytest

from tests.cli.runner import Result, Run, invoke
from tests.factories import make_company_with_persons, table_rows


@pytest.fixture
def run(database: pw.Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process."""

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


@pytest.fixture
def saved(run: Run) -> str:
    """Saved criteria LONDON: add London companies with their persons, reduce Bob."""
    make_company_with_persons("Acme", ["Anna", "Bob"], city="London")
    seg = run("segment", "new", "--description", "Spring").out.strip()
    run(
        "segment", "add", seg, "--filter", "contact.city=London", "--filter",
        "contact.type=company", "--expand-companies",
    )  # fmt: skip
    run("segment", "reduce", seg, "--filter", "contact.name=Bob")
    result = run("segment", "save-criteria", seg, "LONDON", "--description", "Londoners")
    assert result.status == 0
    return "LONDON"


STEPS = [
    {
        "kind": "add",
        "filters": ["contact.city=London", "contact.type=company"],
        "options": {"expand_companies": True},
    },
    {"kind": "reduce", "filters": ["contact.name=Bob"], "options": {}},
]


def one_error(result: Result, text: str, status: int = 1) -> None:
    """Exactly one `segtui: error: …` line naming the problem."""
    assert result.status == status
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("segtui: error: ")
    assert text in result.err


def test_list_and_show(run: Run, saved: str) -> None:
    listed = run("criteria", "list", "--json")
    assert json.loads(listed.out) == [
        {"code": "LONDON", "description": "Londoners", "no_of_steps": 2, "created_by": "tester"}
    ]
    assert "LONDON" in run("criteria", "list").out
    shown = run("criteria", "show", "london", "--json")
    assert json.loads(shown.out) == {"code": "LONDON", "description": "Londoners", "steps": STEPS}
    text = run("criteria", "show", "LONDON").out
    assert "contact.city=London contact.type=company" in text
    assert "expand_companies" in text


def test_export_import_round_trip(run: Run, saved: str, tmp_path: Path) -> None:
    toml_text = run("criteria", "export", saved).out
    assert tomllib.loads(toml_text)["steps"] == STEPS
    json_text = run("criteria", "export", saved, "--format", "json").out
    assert json.loads(json_text)["steps"] == STEPS
    for name, text in (("london.toml", toml_text), ("london.json", json_text)):
        assert run("criteria", "delete", saved).out == "deleted LONDON\n"
        assert json.loads(run("criteria", "list", "--json").out) == []
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        imported = run("criteria", "import", str(path))
        assert imported.out == "imported LONDON (2 step(s))\n"
        assert run("criteria", "export", saved).out == toml_text
    as_json = run("criteria", "import", str(tmp_path / "london.json"), "--json")
    one_error(as_json, "LONDON exists already")


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b'code = "X"\nsteps = [', "is not valid toml"),
        (b'code = "X"\n[[steps]]\nkind = "explode"\n', "kind must be add, reduce or refine"),
        (
            b'code = "X"\n[[steps]]\nkind = "add"\nfilters = ["contact.city=a|"]\n',
            "empty condition",
        ),
        (b'code = "X"\n[[steps]]\nkind = "add"\n[steps.options]\nfast = true\n', "unknown option"),
        (b'code = "\xff"\n', "not UTF-8"),
    ],
)
def test_bad_import_files(run: Run, tmp_path: Path, content: bytes, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    before = table_rows()
    one_error(run("criteria", "import", str(path)), text)
    assert table_rows() == before


@pytest.mark.parametrize(
    "args",
    [
        ("criteria", "show", "NOPE"),
        ("criteria", "delete", "NOPE"),
        ("criteria", "export", "NOPE"),
        ("criteria", "import", "/no/such/file.toml"),
    ],
)
def test_unknown_codes_and_files(run: Run, args: tuple[str, ...]) -> None:
    before = table_rows()
    result = run(*args)
    one_error(result, "NOPE" if "NOPE" in args else "cannot read")
    assert table_rows() == before


@pytest.mark.parametrize(
    "args",
    [
        ("criteria",),
        ("criteria", "show"),
        ("criteria", "export", "X", "--format", "xml"),
        ("criteria", "frobnicate"),
    ],
)
def test_usage_errors(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.status == 2
    assert result.out == ""
    assert result.err.splitlines()[-1].startswith("segtui: error: ")
