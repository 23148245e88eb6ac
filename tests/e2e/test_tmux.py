"""End to end in a real terminal: tmux at 80×24 runs segtui, keys go in, the pane is read,
and the segment built and logged through the screens is found in the database."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.letters_helpers import free_port, paragraphs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"
    ),
]

TIMEOUT = 20.0


class Terminal:
    """A tmux session running one command at 80×24."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"segtui-e2e-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (-L): a session ending elsewhere, or a server exiting as
        # its last session closes, cannot take this terminal with it; no user config (-f).
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        # A tmux server started before the tests does not pass our environment on: name the
        # test run's data folder (tests/conftest.py) so the app's log stays out of $HOME.
        env = {"XDG_DATA_HOME": os.environ["XDG_DATA_HOME"], **env}
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        line = f"env {exports} {' '.join(_quote(c) for c in command)}"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", line],
            check=True,
        )
        # If segtui ends (a crash), its pane stays with what it printed last, so a failing
        # wait shows the traceback instead of an empty screen.
        subprocess.run(
            [*self.tmux, "set-option", "-w", "-t", self.name, "remain-on-exit", "on"], check=False
        )

    def screen(self) -> str:
        """The visible pane as text."""
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Send tmux key names (Enter, C-a, F1…)."""
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)

    def type(self, text: str) -> None:
        """Type literal text."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        """Poll the pane until it shows `what` (bounded; fails with the last screen)."""
        check = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what!r}; the screen was:\n{screen}")

    def close(self) -> None:
        """End the session and its server."""
        subprocess.run([*self.tmux, "kill-server"], check=False)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def segtui(db: Path, *args: str) -> str:
    """Run the segtui command line on the database and return its output."""
    return subprocess.run(
        [sys.executable, "-m", "segtui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SEGTUI_USER": "e2e"},
    ).stdout


def test_build_reduce_go_back_and_log_a_segment_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    segtui(db, "demo", "--contacts", "60", "--seed", "1")
    env = {"SEGTUI_USER": "e2e", "TERM": "xterm-256color", "COLORTERM": ""}
    term = Terminal([sys.executable, "-m", "segtui", "--db", str(db)], env)
    try:
        term.wait_for("segtui · Segments")
        term.keys("C-n")
        term.wait_for("New Segment")
        term.type("E2E mailing")
        term.keys("Tab")
        term.type("LETTER")
        term.keys("Enter")
        screen = term.wait_for(lambda s: re.search(r"SEG\d{5} E2E mailing", s) is not None)
        match = re.search(r"(SEG\d{5}) E2E mailing", screen)
        assert match
        no = match.group(1)

        term.keys("a")
        term.wait_for("Add Contacts")
        term.type("city=Odense")
        term.keys("Enter")
        term.wait_for("1. contact.city=Odense")
        term.keys("C-a")
        screen = term.wait_for(lambda s: re.search(r"[1-9]\d* lines? · 1 step\b", s) is not None)
        added = int(re.search(r"(\d+) lines? · 1 step\b", screen).group(1))  # type: ignore[union-attr]

        term.keys("r")
        term.wait_for("Reduce Contacts")
        term.type("type=person")
        term.keys("C-d")
        screen = term.wait_for("2 steps")
        reduced = int(re.search(r"(\d+) lines? · 2 steps", screen).group(1))  # type: ignore[union-attr]
        assert reduced < added

        term.keys("C-z")  # Go Back: the persons return
        term.wait_for(f"{added} lines · 1 step")

        term.keys("l")
        term.wait_for(f"Log segment {no}?")
        term.keys("f", "y")  # with a follow-up segment
        term.wait_for("Follow-up on")  # the follow-up worksheet opens
        term.keys("F3")
        term.wait_for("Logged Segments")
        term.wait_for(no)
        term.keys("C-q")
    finally:
        term.close()

    logged = json.loads(segtui(db, "logged", "list", "--json"))
    mine = [entry for entry in logged if entry["segment_no"] == no]
    assert len(mine) == 1 and mine[0]["no_of_interactions"] == added
    entries = json.loads(segtui(db, "interactions", "list", "--segment", no, "--json"))
    assert len(entries) == added
    open_segments = json.loads(segtui(db, "segment", "list", "--json"))
    assert no not in {s["no"] for s in open_segments}
    assert any(s["description"].startswith("Follow-up on") for s in open_segments)


def test_edit_a_comment_in_the_editor_from_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    segtui(db, "demo", "--contacts", "60", "--seed", "1")
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Written in the editor\\n' > \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    env = {"SEGTUI_USER": "e2e", "TERM": "xterm-256color", "EDITOR": str(editor), "VISUAL": ""}
    term = Terminal([sys.executable, "-m", "segtui", "--db", str(db)], env)
    try:
        term.wait_for("segtui · Segments")
        term.keys("Enter")
        term.wait_for("Letter · CT")
        term.keys("E")  # suspend, run $EDITOR on the comment, resume
        term.wait_for("saved for CT")  # the notification (the toast may cover the letter)
        term.keys("C-q")
    finally:
        term.close()
    shown = json.loads(segtui(db, "segment", "show", "SEG00003", "--json"))
    assert shown["lines"][0]["comment"] == "Written in the editor"


def test_a_16_colour_terminal_gets_16_colours(tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    segtui(db, "demo", "--contacts", "60", "--seed", "1")
    env = {"SEGTUI_USER": "e2e", "TERM": "xterm", "COLORTERM": ""}  # as over plain SSH
    term = Terminal([sys.executable, "-m", "segtui", "--db", str(db)], env)
    try:
        term.wait_for("segtui · Segments")
        term.keys("Enter")
        term.wait_for("Letter · CT")
        colours = subprocess.run(
            [*term.tmux, "capture-pane", "-p", "-e", "-t", term.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        term.keys("C-q")
    finally:
        term.close()
    assert "\x1b[" in colours
    assert "38;5;" not in colours and "48;5;" not in colours  # no 256-colour codes
    assert "38;2;" not in colours and "48;2;" not in colours  # no true colour


class RefusingInbox:
    """An SMTP server's handler that refuses every message until told to take them."""

    def __init__(self) -> None:
        self.accept = False
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if not self.accept:
            return "554 5.6.0 message refused"
        self.messages.append(envelope.content)  # type: ignore[attr-defined]
        return "250 OK"


def attached_letters(messages: list[bytes]) -> dict[str, list[str]]:
    """Each email's recipient and the paragraphs of the .docx letter attached to it."""
    letters = {}
    for raw in messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        (part,) = [p for p in message.iter_attachments() if p.get_filename().endswith(".docx")]
        letters[str(message["To"])] = paragraphs(part.get_content())
    return letters


def test_a_campaign_by_lookups_find_and_comments_logged_with_a_failing_email_and_resent(
    tmp_path: Path,
) -> None:
    db = tmp_path / "e2e.db"
    segtui(db, "demo", "--contacts", "60", "--seed", "1")
    letter = tmp_path / "autumn.docx"
    letter.write_bytes(build(_autumn_letter))
    inbox = RefusingInbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    # A short output folder: the result dialog shows it whole on one line at 80 columns.
    out = Path(tempfile.mkdtemp(prefix="e2e-", dir="/tmp")) / "out"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        '[company]\nname = "Cronus"\nemail = "office@cronus.test"\n\n'
        f'[output]\nfolder = "{out}"\n\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n',
        encoding="utf-8",
    )
    settings.chmod(0o600)
    env = {"SEGTUI_USER": "e2e", "TERM": "xterm-256color", "SEGTUI_CONFIG": str(settings)}
    term = Terminal([sys.executable, "-m", "segtui", "--db", str(db)], env)
    try:
        term.wait_for("segtui · Segments")
        # A template made in the TUI, its group chosen by lookup, its letter imported.
        term.keys("F6")
        term.wait_for("Interaction Templates")
        term.keys("n")
        term.wait_for("New interaction template")
        term.type("AUTUMN")
        term.keys("Tab")
        term.type("Autumn news")
        term.keys("Tab", "C-l")
        term.wait_for("type to filter")
        term.type("lett")
        term.keys("Enter", "C-s")
        term.wait_for("Template AUTUMN created")
        term.wait_for("AUTUMN · Autumn news")  # the new template is highlighted
        term.keys("i")
        term.wait_for("Import .docx into AUTUMN")
        term.type(str(letter))
        term.keys("Tab", "C-l")
        term.wait_for("type to filter")
        term.type("eng")
        term.keys("Enter", "Tab")
        term.type("Autumn at Cronus")
        term.keys("Enter")
        term.wait_for("ENG*     autumn.docx")  # the first language is the default

        # A segment on it (template by lookup), its contacts from a mailing group's values.
        term.keys("C-n")
        term.wait_for("New Segment")
        term.type("Autumn campaign")
        term.keys("Tab", "C-l")
        term.wait_for("type to filter")
        term.type("autu")
        term.keys("Enter", "Enter")
        term.wait_for("Subject Autumn at Cronus")  # the header took the letter's subject
        term.keys("a")
        term.wait_for("Add Contacts")
        term.type("mailing_group.code=")
        term.keys("C-l")
        term.wait_for("mailing_group.code · values and their contacts")
        term.type("news")
        term.keys("Space", "Enter")
        term.wait_for("mailing_group.code=NEWS")
        term.keys("Enter", "Enter")  # adds the filter, then (field empty) runs Add Contacts
        term.wait_for("6 lines · 1 step")

        # Find the Odense contacts and comment two of them.
        term.keys("/")
        term.type("Odense")
        term.keys("Enter")
        term.wait_for("1 of 3")
        term.keys("c")
        term.wait_for("Comment ·")
        term.type("Special offer for Odense.")
        term.keys("C-s")
        term.wait_for("Comment saved for")
        term.keys("n")
        term.wait_for("2 of 3")
        term.keys("c")
        term.wait_for("Comment ·")
        term.type("See you at the fair.")
        term.keys("C-s")
        term.wait_for(lambda s: s.count("✎  │") >= 2)

        # Log with Send: the server refuses the emails, and the result says why.
        term.keys("l")
        term.wait_for("Log segment")
        term.keys("s")
        term.wait_for("(login checked)")
        term.keys("y")
        screen = term.wait_for("letters failed")
        assert "4 entries: SMTP error 554" in screen and "message" in screen
        assert f"Hard copies written to {out}" in screen
        inbox.accept = True
        term.keys("s")  # re-send the failed ones
        screen = term.wait_for("Re-sent logged segment")
        assert "4 letters delivered" in screen
        term.keys("Escape")
        term.keys("C-q")
    finally:
        term.close()
        server.stop()
        shutil.rmtree(out.parent, ignore_errors=True)

    entries = json.loads(segtui(db, "interactions", "list", "--segment", "SEG00004", "--json"))
    assert len(entries) == 6
    assert {e["delivery_status"] for e in entries} == {""}
    assert {e["subject"] for e in entries} == {"Autumn at Cronus"}
    by_contact = {e["contact_no"]: e for e in entries}
    letters = attached_letters(inbox.messages)
    assert len(letters) == 4
    commented = [lines for lines in letters.values() if "Special offer for Odense." in lines]
    commented += [lines for lines in letters.values() if "See you at the fair." in lines]
    assert len(commented) == 2 and all("Our autumn news." in lines for lines in commented)
    assert set(by_contact) == {
        "CT000003",
        "CT000016",
        "CT000017",
        "CT000037",
        "CT000040",
        "CT000041",
    }


def _autumn_letter(document: Any) -> None:
    """The template's letter: the salutation, the subject, the line's comment, a sentence."""
    for field in ("Formal_Salutation", "Subject", "Comment"):
        add_simple_field(document.add_paragraph(), f" MERGEFIELD {field} ", f"«{field}»")
    add_text(document.add_paragraph(), "Our autumn news.")
