"""No way in: private files, file names from numbers only, no password anywhere it could
leak, filter text never SQL text, and no shell ever run with user data."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segtui.cli.app import main
from segtui.config import CompanySettings, Settings, SmtpSettings, save_settings
from segtui.db import models as m
from segtui.domain.errors import InvalidInput
from segtui.services.contacts.contacts import count_contacts
from segtui.services.segments import criteria
from tests.reliability import launcher
from tests.reliability.harness import Store, env, run
from tests.services.letters_helpers import free_port, smtp_server, write_settings

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "../../etc/x"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- private files ---------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_new_database_and_its_side_files_are_private_whatever_the_umask(
    tmp_path: Path,
) -> None:
    url = tmp_path / "team.db"
    old = os.umask(0)
    try:
        result = run(str(url), "segment", "new", "--description", "First")
    finally:
        os.umask(old)

    assert result.returncode == 0, result.stderr
    assert mode(url) == 0o600
    for side in tmp_path.glob("team.db-*"):
        assert mode(side) == 0o600, side


@pytest.mark.sqlite_only
def test_the_default_database_lives_in_a_private_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_without_db(home, "segment", "list")

    assert result.returncode == 0, result.stderr
    (database,) = home.rglob("segtui.db")
    assert mode(database) == 0o600
    assert mode(database.parent) == 0o700


def run_without_db(home: Path, *args: str) -> object:
    """Run segtui with no --db and no $SEGTUI_DB, in an empty home folder."""
    environment = env({"HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")})
    home.mkdir()
    return launcher.run("segtui", args, environment)


def test_the_settings_file_is_written_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    old = os.umask(0)
    try:
        save_settings(
            Settings(
                company=CompanySettings(name="Cronus"), smtp=SmtpSettings(password="pw-in-file")
            ),
            path,
        )
    finally:
        os.umask(old)
    assert mode(path) == 0o600


# --- output file names come from numbers only -------------------------------------------------


@pytest.fixture
def hostile_mailing(database: pw.Database, tmp_path: Path) -> Iterator[str]:
    """A segment of contacts whose names and fields try to climb out of the output folder."""
    from tests.services.letters_helpers import store_template

    store_template("LETTER", _letter())
    m.Contact.create(no="CT000001", type="company", name=HOSTILE, city=HOSTILE, email="a@b.c")
    m.Contact.create(no="CT000002", type="company", name="/etc/passwd", first_name="..")
    from segtui.services.segments import segments
    from segtui.services.segments.criteria import add_manual

    no = segments.create_segment(HOSTILE[:20], template="LETTER", subject=HOSTILE)
    add_manual(no, ["CT000001", "CT000002"])
    segments.set_comment(no, "../../../tmp/evil\n..\\..\\evil", contact_no="CT000001")
    database.close()
    yield no


def _letter() -> bytes:
    import docx

    from tests.docs.docs_helpers import save

    document = docx.Document()
    document.add_paragraph("«Contact_Name» «City» «Comment» «Subject»")
    return save(document)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_segment_merge_names_letters_by_number_inside_the_folder(
    hostile_mailing: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deep" / "out"
    outside = files_under(tmp_path)

    assert main(["--db", db_url, "segment", "merge", hostile_mailing, "--out", str(out)]) == 0

    written = files_under(tmp_path) - outside
    assert written == {out / "CT000001.docx", out / "CT000002.docx"}, written
    assert (
        main(
            [
                "--db",
                db_url,
                "segment",
                "merge",
                hostile_mailing,
                "--combined",
                "--out",
                str(out / "all.docx"),
            ]
        )
        == 0
    )
    assert files_under(tmp_path) - outside == written | {out / "all.docx"}


def test_docx_merge_names_letters_by_position_inside_the_folder(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(_letter())
    data = tmp_path / "data.json"
    data.write_text(
        json.dumps(
            [{"Contact_Name": HOSTILE, "City": "/etc", "Comment": "..", "Subject": "x"}] * 3
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    before = files_under(tmp_path)

    result = run(
        "unused.db", "docx", "merge", str(template), "--data", str(data), "--out", str(out)
    )

    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path) - before == {out / f"000{i}.docx" for i in (1, 2, 3)}


# --- passwords ------------------------------------------------------------------------------

SECRET = "Pa55-w0rd-never-shown"


def test_a_refused_smtp_password_is_nowhere_in_the_database_output_or_files(
    database: pw.Database,
    db_url: str,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store_for: object,
) -> None:
    from tests.services.letters_helpers import LETTER, make_mailing, store_template

    store_template("LETTER", LETTER)
    make_mailing()
    m.SegmentLine.update(correspondence_type="email").execute()
    m.Contact.update(email="someone@example.com").execute()
    database.close()
    port = free_port()
    settings_file = write_settings(
        tmp_path / "settings.toml",
        host="127.0.0.1",
        port=port,
        security="none",
        user="mailer",
        password_env="SEGTUI_TEST_SMTP_PASSWORD",
    )
    extra = {"SEGTUI_CONFIG": str(settings_file), "SEGTUI_TEST_SMTP_PASSWORD": SECRET}

    with smtp_server(port, account=("mailer", "the-right-one")):
        logged = run(db_url, "segment", "log", "SEG00001", "--json", extra_env=extra)
        resent = run(db_url, "logged", "resend", "1", extra_env=extra)

    assert logged.returncode == 1, logged.stderr  # logged, but not delivered
    report = json.loads(logged.stdout)
    assert report["failed"] >= 1  # the server refused the login: the entries are in error
    for result in (logged, resent):
        assert SECRET not in result.stdout + result.stderr
    store: Store = store_for(backend)  # type: ignore[operator]
    dump = store.dump(db_url)
    assert SECRET not in repr(dump)
    errors = [row for row in dump["interaction_log_entry"] if "error" in row]
    assert errors, "the refusal is recorded on the entries"
    if backend == "sqlite":
        for path in Path(db_url).parent.glob(Path(db_url).name + "*"):
            assert SECRET.encode() not in path.read_bytes(), path
    for path in files_under(tmp_path):
        if path != settings_file:
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.fixture
def store_for(tmp_path: Path, request: pytest.FixtureRequest) -> object:
    """A Store on a backend, to read a database back independently of segtui."""

    def make(backend: str) -> Store:
        server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
        return Store(backend, tmp_path, server)

    return make


# --- filter text never becomes SQL text -----------------------------------------------------

FILTER_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "'; DROP TABLE contact; --",
            "x' OR '1'='1",
            "\\' OR 1=1 --",
            "%' OR name LIKE '%",
            "Robert'); DELETE FROM contact WHERE ('1'='1",
            "1; UPDATE contact SET name = 'pwned'",
            "$$; DROP TABLE contact; $$",
            "*'*",
            "@*'; SELECT pg_sleep(5); --*",
        ]
    ),
)
FIELDS = st.sampled_from(
    [
        "contact.name",
        "contact.city",
        "contact.email",
        "contact.no",
        "contact.post_code",
        "mailing_group.code",
        "interaction.template",
        "profile.answer",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=FIELDS, text=FILTER_TEXT)
def test_any_filter_text_is_only_ever_a_bound_parameter(
    database: pw.Database, field: str, text: str
) -> None:
    if not m.Contact.select().exists():
        m.Contact.create(no="CT000001", name="Robert'); DROP TABLE contact; --", city="x' OR")
    seen: list[str] = []
    real = database.execute_sql

    def recording(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    database.execute_sql = recording  # type: ignore[method-assign]
    try:
        try:
            found = count_contacts(criteria.parse_filters([f"{field}={text}"]))
        except InvalidInput:
            found = None
    finally:
        del database.execute_sql
    assert found in (None, 0, 1)
    assert seen or found is None  # a query that ran was seen
    for sql in seen:
        # The only literal in segtui's SQL is LIKE's escape character; no statement ends.
        assert re.sub(r"ESCAPE '\\'", "", sql).count("'") == 0, sql
        assert ";" not in sql
        assert not _HOSTILE_WORDS.search(sql), sql
    assert m.Contact.select().count() == 1
    assert m.Contact.get().name == "Robert'); DROP TABLE contact; --"


# Words the hostile samples use that segtui's own queries never contain.
_HOSTILE_WORDS = re.compile(r"drop|delete|update|insert|pg_sleep|pwned|robert|\$\$", re.I)


# --- no shell -------------------------------------------------------------------------------

SHELL_CALLS = re.compile(
    r"shell\s*=\s*True|os\.system\(|os\.popen\(|subprocess\.getoutput|subprocess\.getstatusoutput"
    r"|os\.exec\w*\(|os\.spawn\w*\(|pty\.spawn\("
)


def test_segtui_never_asks_for_a_shell() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "segtui").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SHELL_CALLS.search(line)
    ]
    assert found == []


def test_the_editor_gets_the_file_as_one_argument_without_a_shell(
    database: pw.Database, db_url: str, tmp_path: Path
) -> None:
    from tests.factories import make_contact

    contact = make_contact("Anna")
    from segtui.services.segments import segments
    from segtui.services.segments.criteria import add_manual

    no = segments.create_segment("Edit")
    add_manual(no, [contact.no])
    database.close()
    record = tmp_path / "argv.json"
    editor = tmp_path / "my editor.py"
    editor.write_text(
        "import json, sys\n"
        f"json.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n"
        "open(sys.argv[-1], 'w').write('$(touch pwned); `touch pwned2`')\n",
        encoding="utf-8",
    )
    # An editor command with options, as users set $EDITOR; the path has a space in it.
    command = f"{sys.executable} '{editor}' --wait"

    result = run(
        db_url,
        "segment",
        "comment",
        no,
        contact.no,
        "--edit",
        extra_env={"EDITOR": command, "VISUAL": ""},
    )

    assert result.returncode == 0, result.stderr
    argv = json.loads(record.read_text())
    assert argv[0] == "--wait" and len(argv) == 2  # the file came as one argument
    assert not list(tmp_path.rglob("pwned*"))
    assert not list(Path.cwd().glob("pwned*"))


def test_libreoffice_gets_file_names_as_arguments_without_a_shell(
    tmp_path: Path,
) -> None:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    record = tmp_path / "argv.json"
    soffice = fake_bin / "soffice"
    soffice.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, pathlib\n"
        f"json.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n"
        "out = pathlib.Path(sys.argv[sys.argv.index('--outdir') + 1])\n"
        "for f in sys.argv[sys.argv.index('--outdir') + 2:]:\n"
        "    (out / (pathlib.Path(f).stem + '.pdf')).write_bytes(b'%PDF-1.4')\n",
        encoding="utf-8",
    )
    soffice.chmod(0o755)
    template = tmp_path / "t.docx"
    template.write_bytes(_letter())
    data = tmp_path / "data.csv"
    data.write_text("Contact_Name,City,Comment,Subject\n$(touch pwned),;id,`id`,x\n")
    out = tmp_path / "out; touch pwned3 $(touch pwned4)"

    result = run(
        "unused.db",
        "docx",
        "merge",
        str(template),
        "--data",
        str(data),
        "--out",
        str(out),
        "--pdf",
        extra_env={"PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}"},
    )

    assert result.returncode == 0, result.stderr
    argv = json.loads(record.read_text())
    assert str(out / "0001.docx") in [str(Path(a)) for a in argv] or any(
        a.endswith("0001.docx") for a in argv
    )
    assert (out / "0001.pdf").exists()
    assert not list(tmp_path.rglob("pwned*"))
