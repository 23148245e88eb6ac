"""Hostile input, round two (issue 13): each ends in one `segtui: error:` line, changes
nothing, and never shows a password — run as a user runs segtui, in a process of its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.harness import SEGTUI, Store, env, run

SECRET = "Hunter2pw"


def one_line_error(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    """The error line, after checking there is exactly one and nothing else."""
    assert result.returncode == status, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("segtui: error: ") and result.stderr.count("\n") == 1, (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"postgresql+psycopg2://alice:{SECRET}@localhost/x", "unknown database URL scheme"),
        (f"pgsql://alice:{SECRET}@localhost/x", "unknown database URL scheme 'pgsql'"),
        (f"mysql://alice:{SECRET}@localhost/x", "unknown database URL scheme 'mysql'"),
        (f"Postgresql://alice:{SECRET}@127.0.0.1:1/x", "cannot open database"),
        (f"postgresql://alice:{SECRET}@localhost:99999/x", "malformed: Port out of range"),
        (f"postgresql://alice:{SECRET}@[::1/x", "malformed: Invalid IPv6 URL"),
        (f"postgresql://alice:{SECRET}@localhost/x%00y", "contains a NUL character"),
        (
            f"postgresql:///x?user=alice&password={SECRET}&host=/nonexistent",
            "cannot open database",
        ),
    ],
    ids=["plus-driver", "pgsql", "mysql", "capital", "port", "ipv6", "nul", "query-password"],
)
def test_a_bad_database_url_is_one_line_without_its_password(url: str, says: str) -> None:
    result = run(url, "segment", "list", timeout=60)

    line = one_line_error(result)
    assert says in line
    assert SECRET not in line


def test_arguments_that_are_not_utf8_are_refused_before_anything_runs(tmp_path: Path) -> None:
    db = tmp_path / "segtui.db"
    assert run(str(db), "segment", "list").returncode == 0
    before = db.read_bytes()

    result = subprocess.run(
        [*SEGTUI, "--db", str(db), "segment", "new", "--description", b"M\xfcller"],
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
        check=False,
    )

    assert one_line_error(result, status=2) == (
        "segtui: error: argument 6 is not valid UTF-8 text\n"
    )
    assert db.read_bytes() == before


def test_an_editor_setting_with_an_unbalanced_quote_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "segtui.db")
    assert run(db, "demo", "--contacts", "10", "--seed", "1").returncode == 0

    result = run(
        db,
        "segment",
        "comment",
        "SEG00003",
        "CT000002",
        "--edit",
        extra_env={"EDITOR": "'vim", "VISUAL": ""},
    )

    assert 'cannot read $EDITOR "\'vim": No closing quotation' in one_line_error(result)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("setup", "add", "mailing_group", "A\x1bB", "News"), "control character (0x1b)"),
        (("setup", "add", "mailing_group", "NEWS", "Bell\x07"), "control character (0x07)"),
        (("setup", "add", "mailing_group", "NEWS", "Evil\u202etxt.exe"), "(U+202E)"),
        (("setup", "add", "mailing_group", "NEWS", "C1\x9bcontrol"), "control character (0x9b)"),
    ],
    ids=["esc-in-code", "bel-in-name", "bidi-override", "c1-control"],
)
def test_control_characters_never_reach_a_setup_table(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    db = str(tmp_path / "segtui.db")
    assert run(db, "segment", "list").returncode == 0

    assert says in one_line_error(run(db, *args))
    listed = run(db, "setup", "list", "mailing_group")
    assert listed.returncode == 0 and "\x1b" not in listed.stdout and "NEWS" not in listed.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("logged", "show", str(2**63)),
        ("logged", "resend", "9" * 5000),
        ("segment", "log", "SEG00003", "--if-version", str(2**31)),
    ],
    ids=["2-to-the-63", "5000-digits", "version-past-int4"],
)
def test_numbers_past_what_a_column_holds_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = str(tmp_path / "segtui.db")
    assert run(db, "segment", "list").returncode == 0

    line = one_line_error(run(db, *args), status=2)
    assert "invalid" in line and len(line) < 300


def test_interrupting_segtui_while_it_starts_is_one_line() -> None:
    # Ctrl+C that lands before the command's own handler (while Python still loads
    # segtui's modules): the entry point says so in one line, status 130.
    code = (
        "import sys; import segtui.cli.app as app; from segtui import __main__ as entry; "
        "app.main = lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()); "
        "sys.argv = ['segtui', 'segment', 'list']; entry.main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert (result.returncode, result.stderr) == (130, "segtui: error: interrupted\n")


@pytest.fixture
def demo(small_demo: Path) -> str:
    """A private copy of a small demo database, as the path segtui is given."""
    return str(small_demo)


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize(
    "args",
    [
        ("criteria", "import", "/dev/zero"),
        ("template", "import", "LETTER", "/dev/zero"),
        ("contacts", "import", "/dev/zero"),
        ("docx", "fields", "/dev/zero"),
        ("criteria", "import", "FIFO"),
        ("contacts", "import", "FIFO"),
    ],
    ids=[
        "criteria-zero",
        "template-zero",
        "contacts-zero",
        "fields-zero",
        "criteria-fifo",
        "contacts-fifo",
    ],
)
def test_a_device_or_fifo_is_refused_at_once(
    demo: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    args = tuple(str(_fifo(tmp_path)) if a == "FIFO" else a for a in args)
    before = Path(demo).read_bytes()

    result = run(demo, *args, timeout=30)  # never a hang, never a growing read

    assert "not a regular file" in one_line_error(result)
    assert Path(demo).read_bytes() == before


def test_out_never_replaces_a_symlink_or_a_fifo(demo: str, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "letter.docx"
    link.symlink_to(target)
    fifo = _fifo(tmp_path)
    entry = json.loads(run(demo, "interactions", "list", "--json").stdout)[0]["entry_no"]

    for out in (link, fifo):
        result = run(demo, "interactions", "letter", str(entry), "--out", str(out))
        assert "exists and is not a regular file" in one_line_error(result)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("command", [("segment", "list"), ("demo", "--contacts", "5")])
def test_another_programs_sqlite_file_is_left_exactly_as_it_was(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photo (name) VALUES ('beach')")
    conn.close()
    before = other.read_bytes()

    result = run(str(other), *command)

    assert one_line_error(result) == (
        f"segtui: error: {other} is not a segtui database (it holds other tables: photo); "
        "nothing was changed\n"
    )
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]  # no -wal, no -shm


def test_hundreds_of_alternatives_work_on_both_backends_and_a_thousand_filters_do_not(
    store: Store,
) -> None:
    url = store.new("alternatives")
    assert run(url, "demo", "--contacts", "50", "--seed", "1").returncode == 0
    numbers = [f"CT{n:06d}" for n in range(1, 491)]  # 490 values, most of them unknown
    many = "contact.no=" + "|".join(numbers[:245]) + "|" + "|".join(f"{n}*" for n in numbers[245:])

    listed = run(url, "contacts", "list", "--filter", many, "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 50

    made = run(url, "segment", "new", "--description", "Post codes")
    segment = made.stdout.strip()
    codes = (
        "|".join(f"P{n:03d}" for n in range(100))
        + "|"
        + "|".join(
            json.loads(run(url, "contacts", "list", "--json").stdout)[i]["post_code"]
            for i in range(5)
        )
    )
    added = run(url, "segment", "add", segment, "--filter", f"contact.post_code={codes}")
    assert added.returncode == 0, added.stderr
    saved = run(url, "segment", "save-criteria", segment, "CODES")
    assert saved.returncode == 0, saved.stderr
    again = run(url, "segment", "new", "--description", "Again").stdout.strip()
    reused = run(url, "segment", "reuse-criteria", again, "CODES")  # 105 values, reused
    assert reused.returncode == 0, reused.stderr

    thousand = [arg for n in range(1000) for arg in ("--filter", f"contact.city=C{n}")]
    assert "at most 100 filters at once (1000 given)" in one_line_error(
        run(url, "contacts", "list", *thousand)
    )
    too_many = "contact.no=" + "|".join(f"X{n}" for n in range(501))
    assert "at most 500 conditions (this one has 501)" in one_line_error(
        run(url, "contacts", "list", "--filter", too_many)
    )


@pytest.mark.parametrize(
    "args",
    [
        ("contacts", "list", "--limit", str(2**63)),
        ("demo", "--contacts", str(2**63)),
        ("demo", "--seed", "9" * 40),
        ("segment", "line", "SEG00003", str(2**63), "subject=x"),
        ("segment", "remove", "SEG00003", "--line", str(2**64)),
        ("segment", "reuse-segment", "SEG00003", str(2**63)),
        ("contacts", "list", "--limit", "²"),
    ],
    ids=["limit", "demo-contacts", "seed", "line", "remove-line", "reuse", "superscript"],
)
def test_every_number_on_the_command_line_has_a_stated_range(
    demo: str, args: tuple[str, ...]
) -> None:
    before = Path(demo).read_bytes()

    line = one_line_error(run(demo, *args), status=2)

    assert "invalid" in line and "Traceback" not in line
    assert Path(demo).read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "command"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, ("criteria", "import")),
        ("long.json", '{"code": "X", "n": ' + "9" * 5000 + "}", ("criteria", "import")),
        ("deep-data.json", "[" * 100_000 + "]" * 100_000, ("docx", "fields", "--data")),
    ],
    ids=["nested-criteria", "5000-digit-criteria", "nested-data"],
)
def test_deep_or_huge_json_is_one_line(
    demo: str, tmp_path: Path, name: str, content: str, command: tuple[str, ...]
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    args = (*command, str(path))
    if command[0] == "docx":
        template = tmp_path / "t.docx"
        import docx

        docx.Document().save(str(template))
        args = ("docx", "fields", str(template), "--data", str(path))

    assert "nested too deeply or holds a number too long" in one_line_error(run(demo, *args))


def test_a_contact_number_repeated_far_down_an_import_is_named(demo: str, tmp_path: Path) -> None:
    rows = ["no,name"] + [f"CT{900_000 + i},Person {i}" for i in range(6000)]
    rows.append("CT900001,Again")  # row 6 001 repeats row 2's number
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = Path(demo).read_bytes()

    line = one_line_error(run(demo, "contacts", "import", str(path)))

    assert "contact number 'CT900001' appears twice" in line and "6002" in line
    assert Path(demo).read_bytes() == before


@pytest.mark.parametrize("number", ["  ", "..", "../x", "CT 9 2", ".CT1", "CT/1"])
def test_a_contact_number_is_a_key_not_free_text(demo: str, number: str) -> None:
    before = Path(demo).read_bytes()

    line = one_line_error(run(demo, "contacts", "new", "name=Mallory", "--no", number))

    assert "contact number" in line
    assert Path(demo).read_bytes() == before


def test_an_imported_contact_number_with_a_space_is_named_by_its_row(
    demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("no,name\nCT700001,Fine\nCT 70 2,Spaced\n", encoding="utf-8")
    before = Path(demo).read_bytes()

    line = one_line_error(run(demo, "contacts", "import", str(path)))

    assert "row 3" in line and "'CT 70 2' may hold only letters, digits" in line
    assert Path(demo).read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ("setup", "add", "mailing_group", "NEWS LETTER", "News"),
        ("setup", "add", "language", "ÆØÅ", "Danish"),
        ("setup", "add", "country", "../GB", "Britain"),
        ("template", "new", "MY.LETTER", "--group", "LETTERS"),
    ],
    ids=["space", "not-a-z", "path", "dot"],
)
def test_a_code_holds_only_letters_digits_dash_and_underscore(
    demo: str, args: tuple[str, ...]
) -> None:
    before = Path(demo).read_bytes()

    assert "may hold only letters A-Z, digits, - and _" in one_line_error(run(demo, *args))
    assert Path(demo).read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("setup", "question", "Q", "--", "--"), "argument CODE: expected one value"),
        (("contacts", "import", "a\x00b"), "contains a NUL character"),
    ],
    ids=["double-dash", "nul"],
)
def test_what_the_fuzz_test_found_is_a_usage_error(
    demo: str, argv: tuple[str, ...], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by test_cli_fuzz.py: argparse hands `[]` to CODE after a second `--`; a NUL
    # (only a program calling main can pass one) made the OS raise a bare ValueError.
    from segtui.cli.app import main

    with pytest.raises(SystemExit) as exit_:
        main(["--db", demo, *argv])

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
