"""The criteria flows of the worksheet: Add/Reduce/Refine through the picker, Go Back, Redo,
manual add and remove, Save Criteria, Reuse Criteria and Reuse Segment. Each runs the
service in a thread, tells what it did and reloads the worksheet."""

from __future__ import annotations

from functools import partial

from textual import work

from segtui.domain.segments import CriteriaActionView
from segtui.domain.wording import counted, number
from segtui.services.segments import criteria, saved_criteria
from segtui.tui.dialogs.criteria_picker import CriteriaChoice, CriteriaPickerScreen
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.dialogs.lookup import LookupScreen
from segtui.tui.dialogs.lookups import find_contacts
from segtui.tui.dialogs.pickers import ReuseSegmentScreen, SavedCriteriaScreen
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt, call
from segtui.tui.worksheet.protocol import Worksheet

STEP_NAMES = {
    "add": "Add Contacts",
    "reduce": "Reduce Contacts",
    "refine": "Refine Contacts",
    "reuse_segment": "Reuse Segment",
    "manual_add": "Add Contact",
    "manual_remove": "Remove Line",
}
"""Each kind of criteria action by the command that made it."""


def step_text(action: CriteriaActionView) -> str:
    """A criteria action as the user made it: "Reduce Contacts contact.city=Leeds"."""
    name = STEP_NAMES.get(action.kind, action.kind.replace("_", " ").capitalize())
    return " ".join([name, *action.filters])


def change_text(action: CriteriaActionView) -> str:
    """What an action did to the lines: "removed 12 lines", "added 1 line"."""
    change = action.count_after - action.count_before
    if not change:
        return "changed no lines"
    return f"{'added' if change > 0 else 'removed'} {counted(abs(change), 'line')}"


def report(sheet: Worksheet, action: CriteriaActionView | None, message: str = "") -> None:
    """Tell the line counts before and after a criteria action (or `message`), reload."""
    if action is None:
        return
    verb = action.kind.replace("_", " ").capitalize()
    before, after = number(action.count_before), counted(action.count_after, "line")
    sheet.notify(message or f"{verb}: {before} → {after}")
    sheet.reload()


@work(group=FLOW)
async def pick_criteria(sheet: Worksheet, verb: str) -> None:
    """Open the criteria picker; run the verb the user chose there."""
    if choice := await sheet.app.push_screen_wait(CriteriaPickerScreen(sheet.segment_no, verb)):
        report(sheet, await call(sheet, apply_choice, sheet.segment_no, choice))


def apply_choice(segment_no: str, choice: CriteriaChoice) -> CriteriaActionView:
    """Add, Reduce or Refine Contacts with the picker's filters and options (in a thread)."""
    entire = choice.options.entire_companies
    if choice.verb == "add":
        return criteria.add_contacts(segment_no, choice.filters, choice.options)
    if choice.verb == "reduce":
        return criteria.reduce_contacts(segment_no, choice.filters, entire_companies=entire)
    return criteria.refine_contacts(segment_no, choice.filters, entire_companies=entire)


@work(group=FLOW)
async def go_back(sheet: Worksheet) -> None:
    """Undo the last criteria action — the one on screen: if another user changed the
    segment since it was read, nothing is undone and the worksheet is read again."""
    shown = sheet.header.version if sheet.header else None
    result = await call(sheet, criteria.go_back, sheet.segment_no, shown_version=shown)
    if result is None:
        sheet.reload()
        return
    undone = f"had {change_text(result)}; {counted(result.count_before, 'line')} now"
    report(sheet, result, f"Went back: {step_text(result)} ({undone})")


@work(group=FLOW)
async def redo(sheet: Worksheet) -> None:
    """Re-apply the action undone last."""
    if (result := await call(sheet, criteria.redo, sheet.segment_no)) is not None:
        done = f"{change_text(result)}; {counted(result.count_after, 'line')} now"
        report(sheet, result, f"Redid: {step_text(result)} ({done})")


@work(group=FLOW)
async def add_contact(sheet: Worksheet) -> None:
    """Find a contact by number, name, city, post code or email and add it (a manual add,
    undoable)."""
    lookup = LookupScreen(
        "Add Contact · number, name, city, post code or email", search=find_contacts
    )
    if contact := await sheet.app.push_screen_wait(lookup):
        report(sheet, await call(sheet, criteria.add_manual, sheet.segment_no, [contact]))


@work(group=FLOW)
async def remove_line(sheet: Worksheet) -> None:
    """Remove the highlighted line (a manual remove, undoable with Go Back)."""
    line = sheet.line
    if line is None:
        return
    removed = await call(sheet, criteria.remove_lines, sheet.segment_no, line_nos=[line.line_no])
    report(sheet, removed, f"Removed {line.contact_no} {line.contact_name} (^z brings it back)")


@work(group=FLOW)
async def save_criteria(sheet: Worksheet) -> None:
    """Ask a code and description, then store the segment's criteria under it."""
    fields = [
        FormField("code", "Code", "", "e.g. LEEDS-NEWS"),
        FormField("description", "Description", "", "optional"),
    ]

    async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
        assert values is not None
        code, description = values.get("code", ""), values.get("description", "")
        work = partial(saved_criteria.save_criteria, sheet.segment_no, code, description)
        saved = await attempt(sheet, work)
        if isinstance(saved, SegtuiErrorResult):
            return saved
        sheet.notify(f"Saved criteria {saved.code} ({counted(len(saved.steps), 'step')})")
        return None

    form = FormScreen("Save Criteria", fields, save_label="Save", changed_only=False, check=save)
    await sheet.app.push_screen_wait(form)


@work(group=FLOW)
async def reuse_criteria(sheet: Worksheet) -> None:
    """Pick saved criteria and replay them into the segment."""
    if (code := await sheet.app.push_screen_wait(SavedCriteriaScreen())) is None:
        return
    actions = await call(sheet, saved_criteria.reuse_criteria, sheet.segment_no, code)
    if actions is not None:
        after = actions[-1].count_after if actions else 0
        steps, lines = counted(len(actions), "step"), counted(after, "line")
        sheet.notify(f"Reused {code}: {steps}, {lines}")
        sheet.reload()


@work(group=FLOW)
async def reuse_segment(sheet: Worksheet) -> None:
    """Pick a logged segment and add its contacts."""
    if (entry_no := await sheet.app.push_screen_wait(ReuseSegmentScreen())) is not None:
        report(sheet, await call(sheet, criteria.reuse_segment, sheet.segment_no, entry_no))
