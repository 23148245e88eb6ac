"""A private PostgreSQL server for the test run, on a Unix socket in a temporary folder.

The tests run every service and CLI test on SQLite and on PostgreSQL. The server is found
in this order:

1. `$SEGTUI_TEST_POSTGRES_URL` — an existing server (a database the tests may wipe);
2. `initdb` / `pg_ctl` on PATH or under /usr/lib/postgresql/*/bin — a throw-away cluster
   made for this run (as the `postgres` system user when the tests run as root, because
   PostgreSQL refuses to run as root), stopped at the end.

Without either, the PostgreSQL variants are skipped — unless `$SEGTUI_REQUIRE_POSTGRES` is
set (CI sets it), in which case they fail, so CI never passes without PostgreSQL.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

URL_ENV = "SEGTUI_TEST_POSTGRES_URL"
REQUIRE_ENV = "SEGTUI_REQUIRE_POSTGRES"

# Durability is not what the tests measure; these make a throw-away cluster several times
# faster (no fsync per commit). Crash tests kill clients, never the server, so they still
# see real transaction semantics.
FAST_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "listen_addresses": "''",
    "max_connections": "100",
    "shared_buffers": "64MB",
}


class NoPostgres(Exception):
    """No PostgreSQL server could be found or started."""


@dataclass(frozen=True)
class Server:
    """How to reach the test server: a libpq-style URL template without a database name."""

    host: str  # a socket directory or a host name
    port: int
    user: str
    password: str = ""

    def url(self, dbname: str) -> str:
        """A postgresql:// URL for one database on this server (socket dirs go in ?host=)."""
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        if self.host.startswith("/"):
            return f"postgresql://{auth}@/{dbname}?host={quote(self.host)}&port={self.port}"
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres"):  # type: ignore[no-untyped-def]
        """A psycopg2 connection in autocommit mode (for CREATE/DROP DATABASE)."""
        import psycopg2

        conn = psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=dbname,
        )
        conn.autocommit = True
        return conn


def _bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _server_user() -> tuple[str, list[str]]:
    """The user the server runs as, and the command prefix that runs a program as them."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name, []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        runner = shutil.which("runuser") or shutil.which("setpriv")
        if runner and runner.endswith("runuser"):
            return name, [runner, "-u", name, "--"]
        if runner:
            entry = pwd.getpwnam(name)
            return name, [
                runner,
                f"--reuid={entry.pw_uid}",
                f"--regid={entry.pw_gid}",
                "--init-groups",
                "--",
            ]
    raise NoPostgres("running as root and no user to run PostgreSQL as")


def _from_env() -> Server | None:
    """The server named by $SEGTUI_TEST_POSTGRES_URL, if set."""
    url = os.environ.get(URL_ENV)
    if not url:
        return None
    parsed = urlparse(url)
    return Server(
        host=parsed.hostname or "localhost",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or "",
    )


@contextmanager
def private_server() -> Iterator[Server]:
    """Start a throw-away cluster on a Unix socket; stop and delete it afterwards."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise NoPostgres("initdb/pg_ctl not found (install PostgreSQL or set " + URL_ENV + ")")
    user, as_user = _server_user()
    # Short path: a Unix socket path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="segtui-pg-"))
    data = root / "data"
    os.chmod(root, 0o755)
    if as_user:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    log = root / "server.log"

    def run(*args: str) -> None:
        result = subprocess.run([*as_user, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise NoPostgres(f"{args[0]} failed: {result.stderr.strip()} {tail}")

    options = " ".join(f"-c {k}={v}" for k, v in FAST_SETTINGS.items())
    options += f" -c unix_socket_directories={root} -p 5432"
    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except Exception:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield Server(host=str(root), port=5432, user=user)
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def test_server() -> Iterator[Server]:
    """The server the PostgreSQL variants of the tests use (see the module docstring)."""
    server = _from_env()
    if server is not None:
        yield server
        return
    with private_server() as started:
        yield started
