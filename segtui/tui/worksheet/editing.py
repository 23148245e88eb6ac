"""The editing flows of the worksheet: the header form, a line's fields, a line's comment."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Coroutine
from functools import partial
from pathlib import Path

from textual import work

from segtui.domain.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segtui.domain.errors import SegtuiError
from segtui.domain.segments import SegmentHeader, SegmentLine
from segtui.domain.setup import CodeEntry
from segtui.domain.wording import counted
from segtui.paths import read_edited_text
from segtui.services.segments import segments
from segtui.services.setup import campaigns, salespeople
from segtui.tui.dialogs.comment import CommentScreen
from segtui.tui.dialogs.confirm import ConfirmScreen, YesNoCancelScreen
from segtui.tui.dialogs.form import Choices, FormField, FormScreen
from segtui.tui.dialogs.lookups import (
    YES_NO,
    code_choices,
    enum_choices,
    read_codes,
    template_choices,
)
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call
from segtui.tui.worksheet.protocol import Worksheet


def _text(value: object) -> str:
    """A stored value as the user types it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


Lookups = dict[str, Choices]
"""The values the header and line forms list on Ctrl+L, by kind of code."""


def header_fields(header: SegmentHeader, lookups: Lookups | None = None) -> list[FormField]:
    """The header form: the fields SPEC §6 lists, keyed by their service names.

    `lookups` (see `read_lookups`) are what the coded fields list on Ctrl+L.
    """
    pick = lookups or {}
    return [
        FormField(
            "interaction_template_code",
            "Template",
            header.interaction_template_code,
            "",
            pick.get("template", ()),
        ),
        FormField("description", "Description", header.description),
        FormField("subject_default", "Subject", header.subject_default),
        FormField(
            "language_code_default",
            "Language",
            header.language_code_default,
            "when the contact's has no document",
            pick.get("language", ()),
        ),
        FormField(
            "correspondence_type_default",
            "Corr. type",
            header.correspondence_type_default,
            "email | hard_copy | blank",
            enum_choices(CorrespondenceType),
        ),
        FormField(
            "ignore_contact_corres_type",
            "Ignore contact type",
            _text(header.ignore_contact_corres_type),
            "yes | no",
            YES_NO,
        ),
        *_flow_fields(header.information_flow, header.initiated_by),
        FormField(
            "salesperson_code",
            "Salesperson",
            header.salesperson_code,
            "",
            pick.get("salesperson", ()),
        ),
        FormField("campaign_no", "Campaign", header.campaign_no, "", pick.get("campaign", ())),
        FormField(
            "campaign_target",
            "Campaign target",
            _text(header.campaign_target),
            "yes | no (needs a campaign)",
            YES_NO,
        ),
        FormField(
            "campaign_response",
            "Campaign response",
            _text(header.campaign_response),
            "yes | no (needs a campaign)",
            YES_NO,
        ),
        FormField("date", "Date", _text(header.date), "YYYY-MM-DD"),
        FormField("unit_cost", "Cost", _text(header.unit_cost)),
        FormField("unit_duration_min", "Duration (min)", _text(header.unit_duration_min)),
    ]


def _flow_fields(flow: str, initiated: str) -> list[FormField]:
    """Information flow and initiated by, as the header and a line both have them."""
    return [
        FormField(
            "information_flow",
            "Information flow",
            flow,
            "outbound | inbound | blank",
            enum_choices(InformationFlow),
        ),
        FormField(
            "initiated_by",
            "Initiated by",
            initiated,
            "us | them | blank",
            enum_choices(InitiatedBy),
        ),
    ]


def read_lookups() -> Lookups:
    """Templates, languages, salespeople and campaigns for the lookups (runs in a worker)."""
    people = [CodeEntry(p.code, p.name) for p in salespeople.list_salespeople()]
    projects = [CodeEntry(c.no, c.description) for c in campaigns.list_campaigns()]
    return {
        "template": template_choices(),
        "language": read_codes("language", blank="(no language)"),
        "salesperson": code_choices(people, blank="(none)"),
        "campaign": code_choices(projects, blank="(no campaign)"),
    }


@work(group=FLOW)
async def edit_header(sheet: Worksheet, header: SegmentHeader) -> None:
    """Open the header form; a change that reaches the lines asks whether they follow.

    A new template on a segment with lines asks, as Business Central does, whether the
    lines that follow the header take it (yes), keep theirs (no) or nothing is saved
    (Escape); another change that reaches the lines asks whether they follow ("Update 20
    lines that follow the header: subject?"). A refused change keeps the form open with
    what was typed, on the field the refusal names.
    """
    no = header.no
    if (lookups := await call(sheet, read_lookups)) is None:
        return
    shown = header

    async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
        nonlocal shown
        assert values is not None
        # Compared with the header as last read, so a second try sends every change.
        changes = {
            f.key: values[f.key] for f in header_fields(shown, lookups) if values[f.key] != f.value
        }
        if not changes:
            return None
        refusal = await _save_header(sheet, shown, changes)
        # Read the header again: if another user changed it (the refusal says so), the
        # next save is checked against what is there now, and still sends what was typed.
        if refusal is not None and (fresh := await call(sheet, segments.get_header, no)):
            shown = fresh
        return refusal

    fields = header_fields(header, lookups)
    form = FormScreen(f"Header · {no}", fields, changed_only=False, check=save)
    await sheet.app.push_screen_wait(form)


async def _save_header(
    sheet: Worksheet, header: SegmentHeader, changes: dict[str, str]
) -> SegtuiErrorResult | None:
    """Ask what the lines do, then save; the user error of a refused change, if any."""
    no = header.no
    following = 0
    if "interaction_template_code" in changes:
        found = await attempt(sheet, partial(segments.lines_following_template_change, no, changes))
        if isinstance(found, SegtuiErrorResult):
            return found
        following = found
    if following:
        new = changes["interaction_template_code"].strip().upper() or "(none)"
        answer = await sheet.app.push_screen_wait(
            YesNoCancelScreen(
                "Apply the new template to the lines that follow the header?",
                f"{counted(following, 'line')} {'has' if following == 1 else 'have'} "
                "the segment's template "
                f"{header.interaction_template_code or '(none)'}.\n"
                f"Yes: they take {new}, with its language, subject, document, cost and "
                "duration.\nNo: they keep theirs. Escape: nothing is saved.",
            )
        )
        if answer is None:
            sheet.notify("Header not changed")
            return None
        update_lines = answer
    else:
        reach = await attempt(sheet, partial(segments.lines_a_header_change_reaches, no, changes))
        if isinstance(reach, SegtuiErrorResult):
            return reach
        reached, fields = reach
        update_lines = bool(reached) and await sheet.app.push_screen_wait(
            ConfirmScreen(
                f"Update {counted(reached, 'line')} that "
                f"{'follows' if reached == 1 else 'follow'} the header: {fields}?",
                "Lines you changed yourself keep their values.",
            )
        )
    # Saved only onto the header the form showed: a change by another user meanwhile is
    # refused (and the form comes back), never silently overwritten.
    work = partial(
        segments.set_header, no, changes, update_lines=update_lines, shown_version=header.version
    )
    updated = await attempt(sheet, work)
    if isinstance(updated, SegtuiErrorResult):
        return updated
    sheet.notify(f"Header saved; {counted(updated, 'line')} updated" if updated else "Header saved")
    sheet.reload()
    return None


def line_fields(line: SegmentLine, lookups: Lookups | None = None) -> list[FormField]:
    """The interaction fields a line may override; `lookups` as for the header."""
    pick = lookups or {}
    return [
        FormField(
            "interaction_template_code",
            "Template",
            line.interaction_template_code,
            "",
            pick.get("template", ()),
        ),
        FormField("description", "Description", line.description),
        FormField("subject", "Subject", line.subject),
        FormField(
            "correspondence_type",
            "Corr. type",
            line.correspondence_type,
            "email | hard_copy",
            enum_choices(CorrespondenceType),
        ),
        FormField("language_code", "Language", line.language_code, "", pick.get("language", ())),
        FormField(
            "salesperson_code",
            "Salesperson",
            line.salesperson_code,
            "",
            pick.get("salesperson", ()),
        ),
        FormField("date", "Date", _text(line.date), "YYYY-MM-DD"),
        FormField("unit_cost", "Cost", _text(line.unit_cost)),
        FormField("unit_duration_min", "Duration (min)", _text(line.unit_duration_min)),
        # After the fields the line form always had, so their places stay where users know.
        *_flow_fields(line.information_flow, line.initiated_by),
        FormField("campaign_no", "Campaign", line.campaign_no, "", pick.get("campaign", ())),
    ]


@work(group=FLOW)
async def edit_line(sheet: Worksheet, line: SegmentLine) -> None:
    """Override a line's fields (refused if someone changed the line meanwhile).

    A refused change keeps the form open with what was typed, on the field it names.
    """
    title = f"Line {line.line_no} · {line.contact_no} {line.contact_name}"
    if (lookups := await call(sheet, read_lookups)) is None:
        return
    original = line_fields(line, lookups)

    async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
        assert values is not None
        changes = {f.key: values[f.key] for f in original if values[f.key] != f.value}
        if not changes:
            return None
        work = partial(
            segments.set_line,
            sheet.segment_no,
            line.line_no,
            changes,
            expected_version=line.version,
        )
        saved = await attempt(sheet, work)
        if isinstance(saved, SegtuiErrorResult):
            return saved
        sheet.notify(f"Line {line.line_no} saved")
        sheet.reload()
        return None

    form = FormScreen(title, original, changed_only=False, check=save)
    await sheet.app.push_screen_wait(form)


async def save_comment(sheet: Worksheet, line: SegmentLine, text: str) -> SegtuiErrorResult | None:
    """Store a line's comment and refresh the table and preview; the refusal, if any."""
    saved = await attempt(
        sheet,
        partial(
            segments.set_comment,
            sheet.segment_no,
            text,
            line_no=line.line_no,
            expected_version=line.version,
        ),
    )
    if isinstance(saved, SegtuiErrorResult):
        return saved
    sheet.notify(f"Comment saved for {line.contact_no}")
    sheet.reload()
    return None


@work(group=FLOW)
async def edit_comment(sheet: Worksheet, line: SegmentLine) -> None:
    """Edit the comment in a text area; a refused comment stays open with its text."""
    title = f"Comment · {line.contact_no} {line.contact_name}"

    async def save(text: str | None) -> SegtuiErrorResult | None:
        if text is None or text == line.comment:
            return None
        return await save_comment(sheet, line, text)

    await sheet.app.push_screen_wait(CommentScreen(title, line.comment, check=save))


def edit_comment_in_editor(sheet: Worksheet, line: SegmentLine) -> None:
    """Suspend the app, edit the comment in $EDITOR (or $VISUAL, else vi), then save it.

    Not a flow: the editor runs while the app is suspended, before any other key is read.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as exc:  # an unbalanced quote
        sheet.notify(f"Cannot read $EDITOR {editor!r}: {exc}", severity="error")
        return
    if not command:
        sheet.notify("$EDITOR is blank; set it to your editor", severity="error")
        return
    with tempfile.TemporaryDirectory(prefix="segtui-") as folder:
        path = Path(folder) / f"comment-{line.contact_no}.txt"
        path.write_text(line.comment + "\n", encoding="utf-8")
        try:
            with sheet.app.suspend():
                result = subprocess.run([*command, str(path)], check=False)
        except Exception as exc:  # suspend is impossible in some drivers (e.g. tests, web)
            sheet.notify(f"Cannot start {editor}: {exc}", severity="error")
            return
        if result.returncode != 0:
            sheet.notify(f"{editor} exited with status {result.returncode}; comment unchanged")
            return
        try:
            text = read_edited_text(path).rstrip("\n")
        except SegtuiError as exc:  # too long, not UTF-8, not a file any more
            sheet.notify(exc.message, severity="error")
            return
        except OSError as exc:  # the editor removed the file
            sheet.notify(f"Cannot read the edited text: {exc.strerror}", severity="error")
            return
    if text != line.comment:
        sheet.run_worker(_report_refusal(sheet, save_comment(sheet, line, text)), group=FLOW)


async def _report_refusal(
    sheet: Worksheet, saving: Coroutine[None, None, SegtuiErrorResult | None]
) -> None:
    """Await a save with no form to go back to: a refusal is a notification."""
    if (refusal := await saving) is not None:
        sheet.notify(refusal.message, severity="error", timeout=6)
