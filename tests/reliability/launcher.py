"""Start `segtui` as a real process of its own, without paying for Python's start-up each time.

A `python -m segtui` spends ~0.15 s of CPU (0.45 s on a slow day) before any work: the
interpreter, then peewee, psycopg2 and segtui's own modules. The reliability tests start
hundreds of them, and that start-up was half of their time. Here a fork server
(multiprocessing's "forkserver" start method) imports all of it once per test process, and
every command is a fork of it: a process of its own, with its own database connection, its
own exit status, stdout and stderr, killed by a real SIGKILL, running concurrently with the
others. What it skips is only the start-up, so the tests *of* start-up (arguments that are
not UTF-8, Ctrl+C while segtui loads, the environment Python reads as it starts) still run
`python -m segtui` (harness.SEGTUI).

The fork server is started with the test process's environment; each command then runs
with exactly the environment, working folder and arguments it is given, as a new process
would (segtui reads its environment when it runs, never when it is imported).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Program = Literal["segtui", "gate", "worker"]

_CONTEXT = multiprocessing.get_context("forkserver")
# Imported once by the fork server: every command module and what it loads.
_CONTEXT.set_forkserver_preload(["tests.reliability.preload"])


def _redirect(fd: int, path: str) -> None:
    """Point file descriptor `fd` at a new file (the child's stdout or stderr)."""
    opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(opened, fd)
    os.close(opened)


def _child(
    program: Program, argv: list[str], environment: dict[str, str], cwd: str, out: str, err: str
) -> None:
    """In the forked process: take the given environment, folder and output, then run."""
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    _redirect(1, out)
    _redirect(2, err)
    sys.argv = [program, *argv]
    if program == "segtui":
        from segtui.__main__ import main

        main()  # exits with segtui's status, as `python -m segtui` does
    elif program == "gate":
        from tests.reliability.gate import main as gate

        sys.exit(gate(argv))
    else:
        from tests.reliability.worker import main as worker

        worker(argv)


@dataclass
class Started:
    """A process started from the fork server, used as a `subprocess.Popen` is."""

    process: multiprocessing.process.BaseProcess
    args: list[str]
    out: Path
    err: Path

    @property
    def pid(self) -> int:
        """The process id."""
        assert self.process.pid is not None
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        """The exit status, -N when killed by signal N; None while it runs."""
        return self.process.exitcode

    def poll(self) -> int | None:
        """The exit status if the process has ended, else None."""
        return self.process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the end (subprocess.TimeoutExpired after `timeout` seconds)."""
        self.process.join(timeout)
        if self.process.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self.process.exitcode

    def send_signal(self, signal: int) -> None:
        """Send a signal to the process (nothing when it has ended)."""
        if self.process.exitcode is None:
            os.kill(self.pid, signal)

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Wait for the end; what it wrote to stdout and to stderr."""
        self.wait(timeout)
        said = self.out.read_text(errors="replace"), self.err.read_text(errors="replace")
        for path in (self.out, self.err):
            if path != Path(os.devnull):
                path.unlink(missing_ok=True)
        return said


_numbers = itertools.count(1)
_output: tempfile.TemporaryDirectory[str] | None = None


def _output_files() -> tuple[Path, Path]:
    """Two new files for a process's stdout and stderr (in a folder removed at exit)."""
    global _output
    if _output is None:
        _output = tempfile.TemporaryDirectory(prefix="segtui-processes-")
    stem = Path(_output.name) / f"process-{next(_numbers)}"
    return stem.with_suffix(".out"), stem.with_suffix(".err")


def start(
    program: Program, argv: Sequence[str], environment: dict[str, str], *, capture: bool = True
) -> Started:
    """Start `program ARGV…` (segtui, or this folder's gate or worker) in a new process.

    Its stdout and stderr are kept for `communicate`, or thrown away without `capture`.
    """
    out, err = _output_files() if capture else (Path(os.devnull), Path(os.devnull))
    process = _CONTEXT.Process(
        target=_child,
        args=(program, list(argv), environment, os.getcwd(), str(out), str(err)),
    )
    # The first start also starts multiprocessing's resource tracker, which hands it
    # sys.stderr's file descriptor; inside a running Textual app (a TUI test with another
    # user's segtui) sys.stderr is Textual's capture, whose descriptor is -1, and the start
    # fails with "bad value(s) in fds_to_keep". The process's real stderr is what it needs.
    with contextlib.redirect_stderr(sys.__stderr__):
        process.start()
    return Started(process, [program, *argv], out, err)


def run(
    program: Program, argv: Sequence[str], environment: dict[str, str], *, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `program ARGV…` to the end in a process of its own, as `subprocess.run` would
    with `capture_output=True, text=True`; killed if it outlives `timeout` seconds."""
    process = start(program, argv, environment)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        raise
    assert process.returncode is not None
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
