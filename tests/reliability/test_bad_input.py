"""A catalogue of bad input, through the command line and the services, on both backends.

Every case must give one line `segtui: error: …` naming what is wrong, exit status 1 (2 for
the usage errors argparse catches, as SPEC §5 says), nothing on stdout, no traceback — and
leave the database exactly as it was: the same file bytes on SQLite, the same rows in
every table on PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import peewee as pw
import pytest

from segtui.cli.app import main
from segtui.db import models as m
from segtui.db.database import open_database
from segtui.domain.errors import SegtuiError
from segtui.services.contacts import contacts, importer
from segtui.services.demo.demo import create_demo
from segtui.services.log import interactions, logged
from segtui.services.log.log_segment import log_segment
from segtui.services.segments import criteria, segments
from tests.docs.docs_helpers import add_simple_field
from tests.factories import table_rows
from tests.pg_server import Server
from tests.reliability.harness import Store, run

BIG = "x" * 100_000


@dataclass(frozen=True)
class Case:
    """One bad command line and a fragment its error message must contain."""

    args: tuple[str, ...]
    says: str
    status: int = 1


def case(says: str, *args: str, status: int = 1) -> Case:
    return Case(tuple(args), says, status)


FILTERS = [
    # Malformed expressions.
    case("'<' needs a value", "contacts", "list", "--filter", "contact.city=<"),
    case("empty condition", "contacts", "list", "--filter", "contact.city=A&"),
    case("contact.city", "contacts", "list", "--filter", "contact.city=|"),
    case("contact.city", "contacts", "list", "--filter", "contact.city=1..2..3"),
    case("contact.city", "contacts", "list", "--filter", "contact.city=<>"),
    case("source.field=expression", "contacts", "list", "--filter", "contact.city"),
    case("unknown field 'colour'", "contacts", "list", "--filter", "contact.colour=red"),
    case("unknown source 'nosuch'", "contacts", "list", "--filter", "nosuch.code=X"),
    case("unknown field 'colour'", "contacts", "list", "--filter", "mailing_group.colour=X"),
    case("unknown field", "contacts", "list", "--filter", "interaction.shoe=1"),
    # Hostile text where it is also the wrong type.
    case(
        "is not a whole number",
        "contacts",
        "list",
        "--filter",
        "contact.no_of_interactions=1 OR 1=1",
    ),
    case(
        "is not a whole number",
        "contacts",
        "list",
        "--filter",
        "contact.no_of_interactions=1; DROP TABLE contact",
    ),
    case("unclosed", "contacts", "list", "--filter", "interaction.date=2026-01-01'--"),
    case(
        "not a date",
        "contacts",
        "list",
        "--filter",
        "contact.date_of_last_interaction=0); DELETE FROM contact; --",
    ),
    case("is not yes/no", "contacts", "list", "--filter", "contact.privacy_blocked=1=1"),
    # Huge and control characters.
    case("too long (100000 characters", "contacts", "list", "--filter", "contact.city=" + BIG),
    case("too long", "segment", "add", "SEG00003", "--filter", "contact.name=@*" + BIG),
    case("control character (0x01)", "contacts", "list", "--filter", "contact.city=Lon\x01don"),
    case("control character (0x1b)", "contacts", "list", "--filter", "contact.city=\x1b[31mred"),
    case(
        "control character (0x0a)",
        "segment",
        "reduce",
        "SEG00003",
        "--filter",
        "contact.city=Lon\ndon",
    ),
    # Wrong types and impossible dates.
    case(
        "'abc' is not a whole number",
        "contacts",
        "list",
        "--filter",
        "contact.no_of_interactions=abc",
    ),
    case("2026-02-30", "contacts", "list", "--filter", "interaction.date=2026-02-30"),
    case("2026-13-01", "segment", "refine", "SEG00003", "--filter", "interaction.date=2026-13-01"),
    case("'soon'", "contacts", "list", "--filter", "interaction.date=soon.."),
    case("'maybe' is not yes/no", "contacts", "list", "--filter", "contact.privacy_blocked=maybe"),
    case("no_of_interactions", "contacts", "list", "--filter", "contact.no_of_interactions=1..x"),
]

NUMBERS_AND_CODES = [
    case("segment 'SEG99999' does not exist", "segment", "show", "SEG99999"),
    case("does not exist", "segment", "show", "'; DROP TABLE segment_header; --"),
    case(
        "interaction template 'NOPE'", "segment", "new", "--description", "X", "--template", "NOPE"
    ),
    case(
        "'2026-02-30' is not a date", "segment", "new", "--description", "X", "--date", "2026-02-30"
    ),
    case(
        "invalid choice: 'fax'",
        "segment",
        "new",
        "--description",
        "X",
        "--corr-type",
        "fax",
        status=2,
    ),
    case("salesperson 'ZZ'", "segment", "new", "--description", "X", "--salesperson", "ZZ"),
    case("campaign", "segment", "new", "--description", "X", "--campaign", "CP99999"),
    case("needs a description", "segment", "new", "--description", "  "),
    case("longer than 100", "segment", "new", "--description", "d" * 101),
    case("unknown segment field 'colour'", "segment", "set", "SEG00003", "colour=red"),
    case("'yesterday' is not a date", "segment", "set", "SEG00003", "date=yesterday"),
    case("unit_cost", "segment", "set", "SEG00003", "unit_cost=abc"),
    case("FIELD=VALUE", "segment", "set", "SEG00003", "description"),
    case("no line 999", "segment", "line", "SEG00003", "999", "subject=X"),
    case("unknown line field 'colour'", "segment", "line", "SEG00003", "1", "colour=X"),
    case(
        "invalid line number value: 'one'",
        "segment",
        "line",
        "SEG00003",
        "one",
        "subject=X",
        status=2,
    ),
    case("line 999 is not in", "segment", "remove", "SEG00003", "--line", "999"),
    case("contact CT999999 is not in", "segment", "remove", "SEG00003", "--contact", "CT999999"),
    case("contact CT999999 does not exist", "segment", "add", "SEG00003", "--contact", "CT999999"),
    case("not in segment SEG00003", "segment", "comment", "SEG00003", "CT999999", "hello"),
    case("control character", "segment", "comment", "SEG00003", "CT000002", "bell\x07"),
    case("segment 'SEG99999' does not exist", "segment", "go-back", "SEG99999"),
    case("nothing to redo", "segment", "redo", "SEG00003"),
    case("saved criteria 'NOPE' does not exist", "segment", "reuse-criteria", "SEG00003", "NOPE"),
    case("logged segment 77 does not exist", "segment", "reuse-segment", "SEG00003", "77"),
    case("no add, reduce or refine", "segment", "save-criteria", "SEG00003", "X"),
    case("segment 'SEG99999' does not exist", "segment", "log", "SEG99999", "--no-send"),
    case("segment 'SEG99999' does not exist", "segment", "delete", "SEG99999"),
    case("logged segment 999 does not exist", "logged", "show", "999"),
    case("logged segment 999 does not exist", "logged", "cancel", "999"),
    case("logged segment 999 does not exist", "logged", "follow-up", "999"),
    case("invalid entry number value: '1; DROP'", "logged", "resend", "1; DROP", status=2),
    case("interaction log entry 999 does not exist", "interactions", "evaluate", "999", "positive"),
    case("'superb' is not one of", "interactions", "evaluate", "1", "superb"),
    case("interaction log entry 999 does not exist", "interactions", "cancel", "999"),
    case("saved criteria 'NOPE' does not exist", "criteria", "show", "NOPE"),
    case("saved criteria 'NOPE' does not exist", "criteria", "delete", "NOPE"),
    case("template 'NOPE' does not exist", "template", "show", "NOPE"),
    case("invalid limit value: 'ten'", "contacts", "list", "--limit", "ten", status=2),
    case("invalid limit value", "contacts", "list", "--limit", "-5", status=2),
]

# (file name, content, fragment of the message)
CSV_FILES = [
    ("missing.csv", b"type,city\ncompany,London\n", "the header has no 'name' column"),
    ("extra.csv", b"name,type,shoe_size\nAcme,company,44\n", "unknown field 'shoe_size'"),
    ("misnamed.csv", b"nmae,type\nAcme,company\n", "unknown field 'nmae'"),
    ("empty.csv", b"", "the file is empty"),
    ("twice.csv", b"name,name\nA,B\n", "field 'name' appears twice"),
    ("fewer.csv", b"name,type,city\nAcme,company\n", "row 2: 2 fields, but the header names 3"),
    ("more.csv", b"name,type\nAcme,company,London\n", "row 2: 3 fields, but the header names 2"),
    ("latin1.csv", "name\nMüller\n".encode("latin-1"), "not UTF-8 text"),
    ("utf16.csv", "name\nAcme\n".encode("utf-16"), "not UTF-8 text"),
    ("quoting.csv", b'name,type\n"Acme,company\nBolt,person\n', "broken CSV"),
    ("nul.csv", b"name\nA\x00B\n", "control character (0x00)"),
    ("robot.csv", b"name,type\nAcme,robot\n", "'robot' is not one of"),
    ("dup.csv", b"no,name\nCT900001,A\nCT900001,B\n", "'CT900001' appears twice"),
    ("taken.csv", b"no,name\nCT000001,A\n", "'CT000001' already exists"),
    ("company.csv", b"name,type,company_no\nBob,person,CT999999\n", "'CT999999' does not exist"),
    ("language.csv", b"name,language_code\nAcme,XXX\n", "language 'XXX' does not exist"),
]


def _docx_with(text: str, field: str = "") -> bytes:
    """A Word document whose body is one paragraph of `text` (and a MERGEFIELD `field`)."""
    document = docx.Document()
    paragraph = document.add_paragraph(text)
    if field:
        add_simple_field(paragraph, f" MERGEFIELD {field} ", f"«{field}»")
    path = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    target = path / f"segtui-bad-input-{abs(hash(text))}.docx"
    document.save(str(target))
    data = target.read_bytes()
    target.unlink()
    return data


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad (and some good) files the file cases use."""
    folder = tmp_path_factory.mktemp("bad-input")
    for name, content, _ in CSV_FILES:
        (folder / name).write_bytes(content)
    good = _docx_with("Dear «First_Name»,")
    (folder / "letter.docx").write_bytes(good)
    (folder / "odd.docx").write_bytes(_docx_with("Dear «First_Name», your size is ", "Shoe_Size"))
    (folder / "text.docx").write_text("this is not a Word document\n")
    (folder / "truncated.docx").write_bytes(good[: len(good) // 2])
    with zipfile.ZipFile(folder / "nozip-parts.docx", "w") as z:
        z.writestr("hello.txt", "a zip, but no Word document inside")
    (folder / "people.csv").write_text("First_Name\nAnna\n", encoding="utf-8")
    (folder / "people-latin1.csv").write_bytes("First_Name\nMüller\n".encode("latin-1"))
    (folder / "people.json").write_text('{"not": "a list"}', encoding="utf-8")
    (folder / "a-file").write_text("a file, not a folder\n")
    (folder / "broken.toml").write_text('code = "X\nsteps = [[\n', encoding="utf-8")
    (folder / "kind.json").write_text(
        '{"code": "K", "steps": [{"kind": "explode", "filters": []}]}', encoding="utf-8"
    )
    (folder / "nul.json").write_text(
        '{"code": "N", "description": "a\\u0000b", "steps": [{"kind": "add", '
        '"filters": ["contact.city=London"]}]}',
        encoding="utf-8",
    )
    (folder / "filter.json").write_text(
        '{"code": "F", "steps": [{"kind": "add", "filters": ["contact.colour=red"]}]}',
        encoding="utf-8",
    )
    return folder


def file_cases(files: Path) -> list[Case]:
    """Cases that read or write files."""
    f = str(files)
    out = f"{f}/a-file/sub"  # a folder that cannot be made: its parent is a file
    cases = [case(says, "contacts", "import", f"{f}/{name}") for name, _, says in CSV_FILES]
    cases += [
        case("cannot read", "contacts", "import", f"{f}/no-such.csv"),
        case("is a folder, not a file", "contacts", "import", f),
        case("not a Word document", "template", "import", "LETTER", f"{f}/text.docx"),
        case("not a Word document", "template", "import", "LETTER", f"{f}/truncated.docx"),
        case("not a Word document", "template", "import", "LETTER", f"{f}/nozip-parts.docx"),
        case("template 'NOPE' does not exist", "template", "import", "NOPE", f"{f}/letter.docx"),
        case("not a Word document", "docx", "fields", f"{f}/text.docx"),
        case("no-such.docx", "docx", "fields", f"{f}/no-such.docx"),
        case(
            "Shoe_Size",
            "docx",
            "merge",
            f"{f}/odd.docx",
            "--data",
            f"{f}/people.csv",
            "--out",
            f"{f}/merged",
        ),
        case(
            "not UTF-8",
            "docx",
            "merge",
            f"{f}/letter.docx",
            "--data",
            f"{f}/people-latin1.csv",
            "--out",
            f"{f}/merged",
        ),
        case(
            "people.json",
            "docx",
            "merge",
            f"{f}/letter.docx",
            "--data",
            f"{f}/people.json",
            "--out",
            f"{f}/merged",
        ),
        case("Shoe_Size", "segment", "merge", "SEG00004", "--out", f"{f}/merged"),
        case("a-file", "segment", "merge", "SEG00003", "--out", out),
        case(
            "a-file", "docx", "merge", f"{f}/letter.docx", "--data", f"{f}/people.csv", "--out", out
        ),
        case("a-file", "interactions", "letter", "1", "--out", f"{out}/letter.docx"),
        case("broken.toml", "criteria", "import", f"{f}/broken.toml"),
        case("explode", "criteria", "import", f"{f}/kind.json"),
        case("control character", "criteria", "import", f"{f}/nul.json"),
        case("unknown field 'colour'", "criteria", "import", f"{f}/filter.json"),
        case("no-such.toml", "criteria", "import", f"{f}/no-such.toml"),
    ]
    return cases


_prepared: dict[str, str] = {}


def catalogue_database(stores: Callable[[str], Store], backend: str, files: Path) -> str:
    """A small demo database plus SEG00004, whose template has a field segtui cannot fill."""
    store = stores(backend)
    if backend not in _prepared:
        url = store.new("catalogue")
        assert run(url, "demo", "--contacts", "40", "--seed", "1").returncode == 0
        with open_database(url):
            m.InteractionTemplate.create(code="ODD", description="Odd letter")
        steps = [
            ("template", "import", "ODD", str(files / "odd.docx")),
            ("segment", "new", "--description", "Odd", "--template", "ODD"),
            ("segment", "add", "SEG00004", "--contact", "CT000002"),
        ]
        for step in steps:
            result = run(url, *step)
            assert result.returncode == 0, result.stderr
        _prepared[backend] = url
    return _prepared[backend]


def state(store: Store, url: str) -> object:
    """What must not change: the file's bytes (SQLite) or every row (PostgreSQL)."""
    if store.backend == "sqlite":
        return Path(url).read_bytes()
    return store.dump(url)


def assert_one_line_error(status: int, out: str, err: str, expected: Case) -> None:
    """Exit status, empty stdout, one `segtui: error:` line naming the problem."""
    assert status == expected.status, err
    assert out == ""
    assert err.startswith("segtui: error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert expected.says in err, err


def test_the_catalogue_has_at_least_sixty_command_line_cases(files: Path) -> None:
    assert len(FILTERS) + len(NUMBERS_AND_CODES) + len(file_cases(files)) >= 60


@pytest.mark.parametrize("group", ["filters", "numbers_and_codes", "files"])
def test_bad_command_lines_are_one_line_errors_and_change_nothing(
    backend: str,
    group: str,
    files: Path,
    session_stores: Callable[[str], Store],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEGTUI_USER", "tester")
    monkeypatch.setenv("SEGTUI_CONFIG", str(files / "no-settings.toml"))
    monkeypatch.delenv("EDITOR", raising=False)
    store = session_stores(backend)
    url = catalogue_database(session_stores, backend, files)
    cases = {"filters": FILTERS, "numbers_and_codes": NUMBERS_AND_CODES}.get(group)
    cases = cases if cases is not None else file_cases(files)
    before = state(store, url)

    failures = []
    for bad in cases:
        capsys.readouterr()
        try:
            status = main(["--db", url, *bad.args])
        except SystemExit as exc:  # argparse's usage errors
            status = int(exc.code or 0)
        out, err = capsys.readouterr()
        try:
            assert_one_line_error(status, out, err, bad)
            assert state(store, url) == before, "the database changed"
        except AssertionError as exc:
            failures.append(f"{bad.args!r:.160}: {exc}")
    assert not (files / "merged").exists()
    assert failures == []


SERVICE_CASES: list[tuple[str, Callable[[], object]]] = [
    ("needs a description", lambda: segments.create_segment("  ")),
    ("'2026-02-30' is not a date", lambda: segments.create_segment("X", date="2026-02-30")),
    ("unknown line field", lambda: segments.set_line("SEG00003", 1, ["colour=red"])),
    (
        "changed by someone else",
        lambda: segments.set_line("SEG00003", 1, ["subject=X"], expected_version=99),
    ),
    (
        "changed by someone else",
        lambda: segments.set_comment("SEG00003", "x", line_no=1, expected_version=99),
    ),
    ("at most 10 000 characters", lambda: segments.set_comment("SEG00003", BIG, line_no=1)),
    ("does not exist", lambda: segments.set_comment("SEG99999", "x", line_no=1)),
    ("unknown field 'colour'", lambda: criteria.parse_filters(["contact.colour=red"])),
    ("too long", lambda: criteria.parse_filters(["contact.city=" + BIG])),
    ("control character", lambda: criteria.parse_filters(["contact.city=a\x00b"])),
    ("segment 'SEG99999' does not exist", lambda: log_segment("SEG99999", send=False)),
    ("logged segment 999 does not exist", lambda: logged.cancel_logged_segment(999)),
    ("interaction log entry 999 does not exist", lambda: interactions.cancel_interaction(999)),
    ("'superb' is not one of", lambda: interactions.evaluate_interaction(1, "superb")),
    ("control character (0x00)", lambda: contacts.create_contact({"name": "A\x00B"})),
    ("unknown contact field", lambda: contacts.create_contact({"name": "A", "shoe": "44"})),
    ("cannot read", lambda: importer.import_contacts("/no/such/file.csv")),
]


@pytest.mark.parametrize(("says", "call"), SERVICE_CASES, ids=[s for s, _ in SERVICE_CASES])
def test_bad_service_calls_raise_one_line_errors_and_change_nothing(
    database: pw.Database, says: str, call: Callable[[], object]
) -> None:
    create_demo(contacts=20, seed=1)
    before = table_rows()

    with pytest.raises(SegtuiError) as raised:
        call()

    assert says in raised.value.message
    assert "\n" not in raised.value.message
    assert table_rows() == before


def _one_line(result: subprocess.CompletedProcess[str], says: str) -> None:
    """A real process: exit 1, nothing on stdout, one error line naming the problem."""
    assert_one_line_error(result.returncode, result.stdout, result.stderr, Case((), says))


@pytest.mark.sqlite_only
def test_bad_database_files_are_one_line_errors_and_stay_untouched(
    store: Store, tmp_path: Path
) -> None:
    good = store.new("good")
    assert run(good, "demo", "--contacts", "10").returncode == 0
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    text = tmp_path / "notes.db"
    text.write_text("these are my notes, not a database\n")
    newer = Path(store.copy(good, "newer"))
    with store.cursor(str(newer)) as cur:
        cur.execute("UPDATE setting SET value = '99' WHERE key = 'schema_version'")
    files = {p: p.read_bytes() for p in (corrupt, text, newer)}
    cases = [
        ("folder /no/such/folder does not exist", "/no/such/folder/segtui.db"),
        ("is not a SQLite database", str(corrupt)),
        ("is not a SQLite database", str(text)),
        ("is a folder, not a database file", str(tmp_path)),
        ("schema version 99, newer than this segtui understands", str(newer)),
        ("sqlite:///path/to/file.db", "sqlite://segtui.db"),
    ]
    for says, target in cases:
        _one_line(run(target, "segment", "list"), says)
        _one_line(run(target, "segment", "new", "--description", "X"), says)
    assert {p: p.read_bytes() for p in files} == files
    assert not Path("/no/such/folder").exists()


@pytest.mark.sqlite_only
def test_a_read_only_database_can_be_read_and_refuses_writes_in_one_line(
    store: Store, read_only: Callable[[Path], None]
) -> None:
    url = store.new("read_only")
    assert run(url, "demo", "--contacts", "10").returncode == 0
    before = Path(url).read_bytes()
    read_only(Path(url))

    listed = run(url, "segment", "list", "--json")
    written = run(url, "segment", "new", "--description", "X")

    assert listed.returncode == 0, listed.stderr
    assert "SEG00003" in listed.stdout
    _one_line(written, "the database is read-only for you")
    assert Path(url).read_bytes() == before
    # Reading left nothing beside the file that would break the owner's later writes.
    assert sorted(p.name for p in Path(url).parent.glob(Path(url).name + "*")) == [Path(url).name]


@pytest.mark.sqlite_only
def test_a_database_in_a_read_only_folder_can_be_read_and_refuses_writes_in_one_line(
    store: Store, read_only: Callable[[Path], None]
) -> None:
    url = store.new("read_only_folder")
    assert run(url, "demo", "--contacts", "10").returncode == 0
    folder = Path(url).parent / "locked"
    folder.mkdir()
    moved = folder / Path(url).name
    Path(url).rename(moved)
    before = moved.read_bytes()
    read_only(folder)

    listed = run(str(moved), "contacts", "list")
    written = run(str(moved), "contacts", "new", "name=X")

    assert listed.returncode == 0, listed.stderr
    assert "CT000001" in listed.stdout
    _one_line(written, "the database is read-only for you (the file or its folder")
    assert moved.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == [moved.name]


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file read-only even for root (immutable), and writable again afterwards."""
    made: list[Path] = []

    def protect(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
        else:
            # Permission bits do not stop root; the immutable attribute does.
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"running as root and chattr +i failed: {done.stderr!r}")
        made.append(path)

    yield protect
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
        path.chmod(0o600)


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(
    tmp_path: Path,
) -> None:
    url = f"postgresql://alice:s3cret-pw@/segtui?host={tmp_path}&connect_timeout=5"

    result = run(url, "segment", "list")

    _one_line(result, "cannot open database")
    assert "s3cret-pw" not in result.stderr
    assert str(tmp_path) in result.stderr  # names where it looked


@pytest.mark.postgresql
def test_a_missing_postgresql_database_is_one_line(pg_server: Server) -> None:
    result = run(pg_server.url("no_such_database"), "segment", "list")

    _one_line(result, 'database "no_such_database" does not exist')
