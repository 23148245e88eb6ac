"""Deterministic scenes of every screen, shared by the snapshot tests and the screenshot script.

`prepare_database` makes the demo database (60 contacts, seed 1) and moves its dates so that
"today" is 2026-11-29 whatever day it runs; each scene drives the app with keys only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea
from textual.worker import WorkerCancelled

from segtui.tui.app import SegtuiApp
from segtui.tui.worker import FLOW

TODAY = dt.date(2026, 11, 29)
Scene = Callable[[Pilot[None]], Awaitable[None]]


def prepare_database(path: Path) -> Path:
    """Create the demo database at `path` with its dates moved to a fixed today."""
    os.environ.setdefault("SEGTUI_USER", "demo")
    from segtui.db import models as m
    from segtui.services import app_session
    from segtui.services.demo import demo

    if path.exists():
        path.unlink()
    app_session.open(str(path))
    demo.create_demo(contacts=60, seed=1)
    shift = TODAY - dt.date.today()
    stamp = dt.datetime.combine(TODAY, dt.time(9, 30))
    for entry in m.InteractionLogEntry.select():
        entry.date = entry.date + shift if entry.date else None
        entry.save(only=[m.InteractionLogEntry.date])
    for logged in m.LoggedSegment.select():
        logged.created_at = stamp - dt.timedelta(days=7 * logged.entry_no)
        logged.save(only=[m.LoggedSegment.created_at])
    m.SegmentHeader.update(date=TODAY).execute()
    m.SegmentLine.update(date=TODAY).execute()
    app_session.close()
    return path


def copy_database(template: Path, target: Path) -> Path:
    """A private copy of a prepared database."""
    shutil.copy(template, target)
    return target


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker, the work their results start and every key typed ahead
    (twice quiet in a row).

    Flows are not waited for: one may wait on a dialog for the next key. The work a flow
    runs is in thread workers, which are. Keys the app holds for a dialog on its way are
    replayed on timers, with the app idle in between: they are waited for by asking.
    """
    app = pilot.app
    quiet = 0
    for _ in range(100):
        for worker in [w for w in app.workers if w.group != FLOW]:
            # An exclusive worker cancels the one it replaces (the entries of a list
            # reloaded by the next key): that one is finished too, not a failure.
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        running = any(not w.is_finished and w.group != FLOW for w in app.workers)
        typing = isinstance(app, SegtuiApp) and app.typeahead.pending
        quiet = 0 if running or typing else quiet + 1
        if quiet == 2:
            return


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    """Press keys and wait for the work they start."""
    await settle(pilot)
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste text into the focused field, as a terminal does."""
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


async def still(pilot: Pilot[None]) -> None:
    """Make the frame repeatable: no blinking cursors, no notifications."""
    await settle(pilot)
    for area in pilot.app.screen.query(Input):
        area.cursor_blink = False
    for text in pilot.app.screen.query(TextArea):
        text.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


async def home(pilot: Pilot[None]) -> None:
    """Segments (home)."""
    await keys(pilot)


async def new_segment(pilot: Pilot[None]) -> None:
    """The New Segment dialog with a description typed."""
    await keys(pilot, "n")
    await paste(pilot, "Autumn letters")


async def delete_segment(pilot: Pilot[None]) -> None:
    """The delete confirmation."""
    await keys(pilot, "d")


async def worksheet(pilot: Pilot[None]) -> None:
    """The demo segment's worksheet, cursor on the first line with a comment."""
    await keys(pilot, "enter")


async def worksheet_find(pilot: Pilot[None]) -> None:
    """The worksheet's find line after Enter and n: the second of the matching lines."""
    await keys(pilot, "enter", "slash")
    await paste(pilot, "leeds")
    await keys(pilot, "enter", "n")


async def worksheet_criteria_log(pilot: Pilot[None]) -> None:
    """The worksheet after Add Contacts, with the criteria log shown."""
    await keys(pilot, "enter", "a")
    await paste(pilot, "city=Odense")
    await keys(pilot, "ctrl+a")
    if pilot.app.size.width < 110:  # wide terminals show the log beside the preview already
        await keys(pilot, "o")


async def criteria_picker(pilot: Pilot[None]) -> None:
    """The criteria picker with one filter listed and another being typed."""
    await keys(pilot, "enter", "a")
    await paste(pilot, "city=Odense|Leeds")
    await keys(pilot, "enter")
    await paste(pilot, "mailing_group.code=NEWS")


async def criteria_values(pilot: Pilot[None]) -> None:
    """Reduce Contacts listing the mailing groups with their contacts, one marked."""
    await keys(pilot, "enter", "r")
    pilot.app.screen.query_one("#source", Select).value = "mailing_group"
    await keys(pilot, "ctrl+l", "down", "space")


async def criteria_picker_error(pilot: Pilot[None]) -> None:
    """The criteria picker showing a syntax error as it is typed."""
    await keys(pilot, "enter", "a")
    await paste(pilot, "no_of_interactions=ten")


async def header_form(pilot: Pilot[None]) -> None:
    """The segment header form."""
    await keys(pilot, "enter", "h")


async def update_lines(pilot: Pilot[None]) -> None:
    """The "Update lines?" question after a header change."""
    await keys(pilot, "enter", "h", "tab", "tab", "ctrl+u")
    await paste(pilot, "Winter offer")
    await keys(pilot, "ctrl+s")


async def line_form(pilot: Pilot[None]) -> None:
    """The line form (per-line overrides)."""
    await keys(pilot, "enter", "e")


async def comment(pilot: Pilot[None]) -> None:
    """Editing a line's comment."""
    await keys(pilot, "enter", "c")


async def log_segment(pilot: Pilot[None]) -> None:
    """The Log confirmation with the dry-run summary."""
    await keys(pilot, "enter", "l")


async def save_criteria(pilot: Pilot[None]) -> None:
    """The Save Criteria dialog."""
    await keys(pilot, "enter", "a")
    await paste(pilot, "city=Odense")
    await keys(pilot, "ctrl+a", "s")
    await paste(pilot, "ODENSE")


async def reuse_segment(pilot: Pilot[None]) -> None:
    """The Reuse Segment picker."""
    await keys(pilot, "enter", "g")


async def help_screen(pilot: Pilot[None]) -> None:
    """Help for the worksheet."""
    await keys(pilot, "enter", "f1")


async def logged_segments(pilot: Pilot[None]) -> None:
    """The logged segments browser."""
    await keys(pilot, "f3")


async def interactions(pilot: Pilot[None]) -> None:
    """The interaction log entries browser."""
    await keys(pilot, "f4")


async def evaluate(pilot: Pilot[None]) -> None:
    """Evaluating an interaction log entry."""
    await keys(pilot, "f4", "v")


async def contacts(pilot: Pilot[None]) -> None:
    """The contacts browser."""
    await keys(pilot, "f5")


async def contact_form(pilot: Pilot[None]) -> None:
    """Editing a contact."""
    await keys(pilot, "f5", "down", "e")


async def contact_classifications(pilot: Pilot[None]) -> None:
    """The classifications of the first contact (a company)."""
    await keys(pilot, "f5", "g")


async def templates(pilot: Pilot[None]) -> None:
    """The interaction templates setup."""
    await keys(pilot, "f6")


async def template_form(pilot: Pilot[None]) -> None:
    """Editing the LETTER template: every field, codes with a lookup."""
    await keys(pilot, "f6", "e")


async def salutations(pilot: Pilot[None]) -> None:
    """Setup (F7) showing the salutations with the formulas of the one under the cursor."""
    await keys(pilot, "f7", "left_square_bracket", "down")


async def template_change(pilot: Pilot[None]) -> None:
    """The header form's question after a template change on a segment with lines."""
    await keys(pilot, "enter", "h", "ctrl+u")
    await paste(pilot, "MEETING")
    await keys(pilot, "ctrl+s")


async def discard_changes(pilot: Pilot[None]) -> None:
    """Escape on a changed header form: "Discard your changes?"."""
    await keys(pilot, "enter", "h", "tab", "tab", "ctrl+u")
    await paste(pilot, "Winter offer")
    await keys(pilot, "escape")


async def setup_tables(pilot: Pilot[None]) -> None:
    """Setup (F7) showing the mailing groups, one below the cursor."""
    await keys(pilot, "f7", *["right_square_bracket"] * 4, "down")


async def settings(pilot: Pilot[None]) -> None:
    """The Settings screen (F8) with the settings file of the scene."""
    await keys(pilot, "f8")


async def settings_refused(pilot: Pilot[None]) -> None:
    """The Settings screen refusing a port out of range, its reason under the field."""
    await keys(pilot, "f8")
    pilot.app.screen.query_one("#setting-smtp-port", Input).focus()
    await paste(pilot, "70000")


async def statistics(pilot: Pilot[None]) -> None:
    """The statistics of the newest logged segment (F3, t)."""
    await keys(pilot, "f3", "t")


SCENES: dict[str, Scene] = {
    "home": home,
    "new-segment": new_segment,
    "delete-segment": delete_segment,
    "worksheet": worksheet,
    "worksheet-find": worksheet_find,
    "worksheet-criteria-log": worksheet_criteria_log,
    "criteria-picker": criteria_picker,
    "criteria-picker-error": criteria_picker_error,
    "criteria-values": criteria_values,
    "header-form": header_form,
    "update-lines": update_lines,
    "line-form": line_form,
    "comment": comment,
    "log-segment": log_segment,
    "save-criteria": save_criteria,
    "reuse-segment": reuse_segment,
    "help": help_screen,
    "logged-segments": logged_segments,
    "interactions": interactions,
    "evaluate": evaluate,
    "contacts": contacts,
    "contact-form": contact_form,
    "contact-classifications": contact_classifications,
    "templates": templates,
    "template-form": template_form,
    "setup": setup_tables,
    "salutations": salutations,
    "template-change": template_change,
    "settings": settings,
    "settings-refused": settings_refused,
    "statistics": statistics,
    "discard-changes": discard_changes,
}
"""Every scene by the name its screenshot gets."""


def scene_runner(scene: Scene) -> Scene:
    """The scene followed by `still`, for snapshots and screenshots."""

    async def run(pilot: Pilot[None]) -> None:
        await scene(pilot)
        await still(pilot)

    return run
