"""Hostile input, round two (issue 13): a fuzz test over the command line's whole grammar.

Hypothesis draws a command and verb from segtui's own parser, then any of that verb's
options and positionals with values from a hostile alphabet (huge and negative numbers,
control characters, direction overrides, paths through devices and FIFOs, quotes,
thousands of alternatives). Whatever it draws, segtui answers as a user expects: exit 0,
1 or 2, never a traceback, an error in exactly one line, and no control character
written raw to the terminal.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from segtui.cli.app import build_parser, main
from segtui.domain.text import UNSAFE_CHARACTER
from tests.reliability.harness import run

pytestmark = pytest.mark.sqlite_only

# Left out: the TUI (no command), verbs that start LibreOffice (--pdf) or rebuild the whole
# database (demo), which are slow rather than hostile and have tests of their own.
SKIPPED_OPTIONS = {"--pdf", "--help", "-h", "--version", "--edit"}
SKIPPED_COMMANDS = {"demo", "completion"}

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    str(2**63),
    "9" * 300,
    "SEG00003",
    "CT000002",
    "LETTER",
    "contact.no=*",
    "city=" + "|".join(f"C{i}" for i in range(600)),
    "name=" + "(" * 200,
    "A\x1bB",
    "Bell\x07",
    "Evil\u202etxt",
    "C1\x9bx",
    "'unbalanced",
    "../../etc/passwd",
    "/dev/zero",
    "/dev/null",
    "/proc/self/mem",
    "--",
    "-",
    "x" * 5000,
    "2026-02-30",
    "yes",
    "subject=Hi",
]


def _verbs() -> list[tuple[str, str, argparse.ArgumentParser]]:
    """Every (command, verb, parser) of segtui's grammar, from the parser itself."""
    found = []
    root = build_parser()
    for action in root._subparsers._group_actions:  # type: ignore[union-attr]
        for command, group in action.choices.items():
            if command in SKIPPED_COMMANDS:
                continue
            subs = [a for a in group._actions if isinstance(a, argparse._SubParsersAction)]
            for sub in subs:
                found += [(command, verb, parser) for verb, parser in sub.choices.items()]
    return found


VERBS = _verbs()


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command line of one verb with a random choice of its arguments and values."""
    command, verb, parser = draw(st.sampled_from(VERBS))
    value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
    argv = [command, verb]
    for action in parser._actions:
        if any(option in SKIPPED_OPTIONS for option in action.option_strings):
            continue
        if action.option_strings:
            if not draw(st.booleans()):
                continue
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs != 0:
                argv.append(draw(value))
        else:  # a positional: usually given, sometimes left out
            count = draw(st.integers(0, 2)) if action.nargs in ("*", "+") else 1
            if draw(st.integers(0, 9)) > 0:
                argv += [draw(value) for _ in range(count)]
    return argv


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (and a folder for the outputs the fuzzer names)."""
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "demo.db"
    assert run(str(db), "demo", "--contacts", "20", "--seed", "1").returncode == 0
    return db


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_any_command_line_is_answered_in_one_line_at_most(
    argv: list[str], fuzz_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = tmp_path_factory.getbasetemp() / "fuzz-copy.db"
    shutil.copyfile(fuzz_db, db)
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(db.parent)  # relative output paths land beside the copy, not in the repository
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(["--db", str(db), *argv])
            except SystemExit as exit_:  # argparse: usage errors and --help
                status = int(exit_.code or 0)
    finally:
        os.chdir(cwd)
        for side in db.parent.glob("fuzz-copy.db*"):
            side.unlink()

    errors = err.getvalue()
    event(f"exit status {status}")  # shown by --hypothesis-show-statistics
    assert status in (0, 1, 2), (argv, status, errors)
    assert "Traceback" not in errors, (argv, errors)
    if status:
        assert errors.startswith("segtui: error: ") and errors.count("\n") == 1, (argv, errors)
    for text in (out.getvalue(), errors):
        raw = [c for c in UNSAFE_CHARACTER.findall(text) if c not in "\n\t"]
        assert raw == [], (argv, raw)
