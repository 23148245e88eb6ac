"""Hostile input, round two (issue 13): files and disks that are not as segtui left them.

A full disk, a device given as the database, a damaged page or text that is not UTF-8
written by another program, control characters stored by another tool, a CSV saved with
semicolons, an editor that writes nonsense: each ends in one `segtui: error:` line that
names the real cause (or, for stored text, shows it escaped), and changes nothing.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability.harness import run
from tests.reliability.test_hostile_round_two import one_line_error

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def demo(small_demo: Path) -> Path:
    """A private copy of a small demo database."""
    return small_demo


def dump(db: Path) -> list[str]:
    """Everything the database holds, read by sqlite3 itself (WAL included)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return list(con.iterdump())


def write_behind_segtuis_back(db: Path, *statements: str) -> None:
    """Change the database as another program would: plain sqlite3, no segtui checks."""
    with closing(sqlite3.connect(db)) as con:
        for statement in statements:
            con.execute(statement)
        con.commit()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system of its own (tmpfs), so the disk can really be filled."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_named_and_changes_nothing(demo: Path, small_disk: Path) -> None:
    db = small_disk / "segtui.db"
    shutil.copyfile(demo, db)
    before = dump(db)
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as f:  # fill every block that is left
        try:
            while f.write(b"\0" * 4096):
                pass
        except OSError:
            pass

    for command in (
        ("segment", "new", "--description", "Autumn"),
        ("segment", "add", "SEG00003", "--filter", "contact.no=*"),
        ("contacts", "new", "name=Anna"),
    ):
        line = one_line_error(run(str(db), *command))
        assert "the disk is full" in line, line
        assert "rollback" not in line

    filler.unlink()  # room again for sqlite3 to read (it needs its -shm file)
    assert dump(db) == before


def test_a_device_is_not_a_database(demo: Path) -> None:
    line = one_line_error(run("/dev/null", "segment", "list"))

    assert line == "segtui: error: /dev/null is not a regular file, so not a database file\n"
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_damaged_page_is_one_line_that_says_so(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    assert run(str(db), "demo", "--contacts", "2000", "--seed", "1").returncode == 0
    size = db.stat().st_size
    with db.open("r+b") as f:  # scribble over the second half, as a failing disk would
        for page in range(size // 4096 // 2, size // 4096, 3):
            f.seek(page * 4096 + 8)
            f.write(b"\xff" * 300)
    before = db.read_bytes()

    for command in (("contacts", "list"), ("contacts", "list", "--json")):
        line = one_line_error(run(str(db), *command))
        assert "the database file is damaged" in line, line

    assert db.read_bytes() == before


def test_text_that_is_not_utf8_written_by_another_program_still_reads(demo: Path) -> None:
    write_behind_segtuis_back(
        demo, "UPDATE contact SET name = CAST(x'4dfc6c6c6572' AS TEXT) WHERE no = 'CT000001'"
    )

    shown = run(str(demo), "contacts", "show", "CT000001")
    listed = run(str(demo), "contacts", "list", "--json")

    assert shown.returncode == 0, shown.stderr
    assert "M\ufffdller" in shown.stdout
    assert listed.returncode == 0, listed.stderr
    names = {c["no"]: c["name"] for c in json.loads(listed.stdout)}
    assert names["CT000001"] == "M\ufffdller"


def test_control_characters_stored_by_another_program_print_escaped(demo: Path) -> None:
    write_behind_segtuis_back(
        demo,
        "UPDATE language SET name = 'Da' || char(27) || '[31mnish' || char(7) WHERE code = 'DAN'",
        "UPDATE contact SET city = 'Evil' || char(8238) || 'txt' WHERE no = 'CT000002'",
    )

    table = run(str(demo), "setup", "list", "language")
    as_json = run(str(demo), "setup", "list", "language", "--json")
    contact = run(str(demo), "contacts", "show", "CT000002")

    assert table.returncode == 0 and "Da\\u001b[31mnish\\u0007" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    # In JSON the escape is JSON's own: a script reads back exactly what is stored.
    names = {row["code"]: row["name"] for row in json.loads(as_json.stdout)}
    assert names["DAN"] == "Da\x1b[31mnish\x07"
    assert "\x1b" not in as_json.stdout
    assert "Evil\\u202etxt" in contact.stdout and "\u202e" not in contact.stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"no;name;city\nX1;Anna;Leeds\n", "the columns are separated by semicolons"),
        (b'"no";"name"\n"X1";"Anna"\n', "the columns are separated by semicolons"),
        (b"no\tname\nX1\tAnna\n", "the columns are separated by tabs"),
    ],
    ids=["semicolons", "quoted-semicolons", "tabs"],
)
def test_a_csv_with_another_delimiter_is_named_as_such(
    demo: Path, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    before = dump(demo)

    line = one_line_error(run(str(demo), "contacts", "import", str(path)))

    assert f"contacts.csv: {says}; segtui reads CSV separated by commas" in line
    assert dump(demo) == before


def test_a_bad_byte_far_down_a_csv_is_reported_on_its_own_line(demo: Path, tmp_path: Path) -> None:
    rows = [b"no,name"] + [f"IM{i},Name {i}".encode() for i in range(1, 7000)]
    rows[6001] = b"IM6001,M\xfcller"  # line 6 002 of the file
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"\n".join(rows) + b"\n")
    before = dump(demo)

    line = one_line_error(run(str(demo), "contacts", "import", str(path)))

    assert (
        line
        == "segtui: error: contacts.csv, line 6002: not UTF-8 text; save the file as CSV UTF-8\n"
    )
    assert dump(demo) == before


@pytest.mark.parametrize(
    ("editor", "says"),
    [
        ("   ", "$EDITOR is blank; set it to your editor"),
        ('sh -c \'printf "\\377\\376" > "$1"\' sh', "the edited text is not UTF-8"),
        ('sh -c \'head -c 100000 /dev/zero | tr "\\0" x > "$1"\' sh', "larger than 64 kB"),
        ('sh -c \'printf "Hi\\033[2J" > "$1"\' sh', "control character (0x1b)"),
        ('sh -c \'rm "$1"; mkfifo "$1"\' sh', "not a regular file"),
    ],
    ids=["blank", "not-utf8", "too-long", "escape", "fifo"],
)
def test_what_an_editor_leaves_is_checked_before_it_is_saved(
    demo: Path, editor: str, says: str
) -> None:
    before = dump(demo)

    result = run(
        str(demo),
        "segment",
        "comment",
        "SEG00003",
        "CT000002",
        "--edit",
        extra_env={"EDITOR": editor, "VISUAL": ""},
    )

    assert says in one_line_error(result)
    assert dump(demo) == before
