"""Editing from the worksheet: the header form, a line's fields, a line's comment."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from segtui.tui.screens.comment import CommentScreen
from segtui.tui.screens.confirm import ConfirmScreen
from segtui.tui.screens.form import FormField, FormScreen
from segtui.tui.worker import run_service

if TYPE_CHECKING:
    from segtui.domain.segments import SegmentHeader, SegmentLine
    from segtui.tui.screens.worksheet import WorksheetScreen


def _text(value: object) -> str:
    """A stored value as the user types it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def header_fields(header: SegmentHeader) -> list[FormField]:
    """The header form: the fields SPEC §6 lists, keyed by their service names."""
    return [
        FormField("interaction_template_code", "Template", header.interaction_template_code),
        FormField("description", "Description", header.description),
        FormField("subject_default", "Subject", header.subject_default),
        FormField(
            "correspondence_type_default",
            "Corr. type",
            header.correspondence_type_default,
            "email | hard_copy | blank",
        ),
        FormField(
            "ignore_contact_corres_type",
            "Ignore contact type",
            _text(header.ignore_contact_corres_type),
            "yes | no",
        ),
        FormField("salesperson_code", "Salesperson", header.salesperson_code),
        FormField("campaign_no", "Campaign", header.campaign_no),
        FormField("date", "Date", _text(header.date), "YYYY-MM-DD"),
        FormField("unit_cost", "Cost", _text(header.unit_cost)),
        FormField("unit_duration_min", "Duration (min)", _text(header.unit_duration_min)),
    ]


def edit_header(screen: WorksheetScreen, header: SegmentHeader) -> None:
    """Open the header form; a change that reaches the lines asks "Update lines?"."""
    no = header.no

    def save(changes: dict[str, str], update_lines: bool) -> None:
        def work() -> int:
            from segtui.services.segments import segments

            return segments.set_header(no, changes, update_lines=update_lines)

        def done(updated: int) -> None:
            screen.notify(f"Header saved{f'; {updated:,} lines updated' if updated else ''}")
            screen.reload()

        run_service(screen, work, done, group="action")

    def ask(changes: dict[str, str]) -> None:
        def work() -> bool:
            from segtui.services.segments import segments

            return segments.header_change_affects_lines(no, changes)

        def done(affects: bool) -> None:
            if not affects:
                save(changes, False)
                return
            screen.app.push_screen(
                ConfirmScreen(
                    "Update lines?",
                    "The header change applies to lines that follow the header.\n"
                    "Lines you changed yourself keep their values.",
                ),
                lambda yes: save(changes, bool(yes)),
            )

        run_service(screen, work, done, group="action")

    def answered(changes: object) -> None:
        if isinstance(changes, dict) and changes:
            ask(changes)

    screen.app.push_screen(FormScreen(f"Header · {no}", header_fields(header)), answered)


def line_fields(line: SegmentLine) -> list[FormField]:
    """The interaction fields a line may override."""
    return [
        FormField("interaction_template_code", "Template", line.interaction_template_code),
        FormField("description", "Description", line.description),
        FormField("subject", "Subject", line.subject),
        FormField(
            "correspondence_type", "Corr. type", line.correspondence_type, "email | hard_copy"
        ),
        FormField("language_code", "Language", line.language_code),
        FormField("salesperson_code", "Salesperson", line.salesperson_code),
        FormField("date", "Date", _text(line.date), "YYYY-MM-DD"),
        FormField("unit_cost", "Cost", _text(line.unit_cost)),
        FormField("unit_duration_min", "Duration (min)", _text(line.unit_duration_min)),
    ]


def edit_line(screen: WorksheetScreen, line: SegmentLine) -> None:
    """Override a line's fields (refused if someone changed the line meanwhile)."""
    no, line_no, version = screen.segment_no, line.line_no, line.version

    def answered(changes: object) -> None:
        if not (isinstance(changes, dict) and changes):
            return

        def work() -> SegmentLine:
            from segtui.services.segments import segments

            return segments.set_line(no, line_no, changes, expected_version=version)

        def done(_: SegmentLine) -> None:
            screen.notify(f"Line {line_no} saved")
            screen.reload()

        run_service(screen, work, done, group="action")

    title = f"Line {line_no} · {line.contact_no} {line.contact_name}"
    screen.app.push_screen(FormScreen(title, line_fields(line)), answered)


def save_comment(screen: WorksheetScreen, line: SegmentLine, text: str) -> None:
    """Store a line's comment and refresh the table and preview."""
    no, line_no, version = screen.segment_no, line.line_no, line.version

    def work() -> int:
        from segtui.services.segments import segments

        return segments.set_comment(no, text, line_no=line_no, expected_version=version)

    def done(_: int) -> None:
        screen.notify(f"Comment saved for {line.contact_no}")
        screen.reload()

    run_service(screen, work, done, group="action")


def edit_comment(screen: WorksheetScreen, line: SegmentLine) -> None:
    """Edit the comment in a text area."""

    def answered(text: object) -> None:
        if isinstance(text, str) and text != line.comment:
            save_comment(screen, line, text)

    title = f"Comment · {line.contact_no} {line.contact_name}"
    screen.app.push_screen(CommentScreen(title, line.comment), answered)


def edit_comment_in_editor(screen: WorksheetScreen, line: SegmentLine) -> None:
    """Suspend the app, edit the comment in $EDITOR (or $VISUAL, else vi), then save it."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="segtui-") as folder:
        path = Path(folder) / f"comment-{line.contact_no}.txt"
        path.write_text(line.comment + "\n", encoding="utf-8")
        try:
            with screen.app.suspend():
                result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except Exception as exc:  # suspend is impossible in some drivers (e.g. tests, web)
            screen.notify(f"Cannot start {editor}: {exc}", severity="error")
            return
        if result.returncode != 0:
            screen.notify(f"{editor} exited with status {result.returncode}; comment unchanged")
            return
        text = path.read_text(encoding="utf-8").rstrip("\n")
    if text != line.comment:
        save_comment(screen, line, text)
