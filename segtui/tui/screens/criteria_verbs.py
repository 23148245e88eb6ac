"""The criteria verbs run from the worksheet: Add/Reduce/Refine through the picker, Go Back,
Redo, manual add and remove, Reuse Criteria and Reuse Segment. Each runs in a worker, tells
what it did and reloads the worksheet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from segtui.tui.worker import run_service

if TYPE_CHECKING:
    from segtui.domain.segments import CriteriaActionView
    from segtui.tui.screens.criteria_picker import CriteriaChoice
    from segtui.tui.screens.worksheet import WorksheetScreen


def run_verb(
    screen: WorksheetScreen, work: Callable[[], CriteriaActionView], message: str = ""
) -> None:
    """Run one criteria action, tell the line counts before and after, reload."""

    def done(action: CriteriaActionView) -> None:
        verb = action.kind.replace("_", " ").capitalize()
        screen.notify(message or f"{verb}: {action.count_before:,} → {action.count_after:,} lines")
        screen.reload()

    run_service(screen, work, done, group="action")


def pick_criteria(screen: WorksheetScreen, verb: str) -> None:
    """Open the criteria picker; run the verb the user chose there."""
    from segtui.tui.screens.criteria_picker import CriteriaChoice, CriteriaPickerScreen

    def answered(choice: object) -> None:
        if isinstance(choice, CriteriaChoice):
            apply_choice(screen, choice)

    screen.app.push_screen(CriteriaPickerScreen(screen.segment_no, verb), answered)


def apply_choice(screen: WorksheetScreen, choice: CriteriaChoice) -> None:
    """Add, Reduce or Refine Contacts with the picker's filters and options."""
    no = screen.segment_no

    def work() -> CriteriaActionView:
        from segtui.services.segments import criteria

        entire = choice.options.entire_companies
        if choice.verb == "add":
            return criteria.add_contacts(no, choice.filters, choice.options)
        if choice.verb == "reduce":
            return criteria.reduce_contacts(no, choice.filters, entire_companies=entire)
        return criteria.refine_contacts(no, choice.filters, entire_companies=entire)

    run_verb(screen, work)


def go_back(screen: WorksheetScreen) -> None:
    """Undo the last criteria action."""
    no = screen.segment_no

    def work() -> CriteriaActionView:
        from segtui.services.segments import criteria

        return criteria.go_back(no)

    run_verb(screen, work, "Went back one step")


def redo(screen: WorksheetScreen) -> None:
    """Re-apply the action undone last."""
    no = screen.segment_no

    def work() -> CriteriaActionView:
        from segtui.services.segments import criteria

        return criteria.redo(no)

    run_verb(screen, work, "Redid one step")


def add_contact(screen: WorksheetScreen) -> None:
    """Ask a contact number and add it (a manual add, undoable)."""
    from segtui.tui.screens.form import FormField, FormScreen

    no = screen.segment_no

    def answered(values: object) -> None:
        if not (isinstance(values, dict) and values.get("contact", "").strip()):
            return
        contact = values["contact"]

        def work() -> CriteriaActionView:
            from segtui.services.segments import criteria

            return criteria.add_manual(no, [contact])

        run_verb(screen, work)

    fields = [FormField("contact", "Contact no.", "", "CT000001")]
    screen.app.push_screen(FormScreen("Add Contact", fields), answered)


def remove_line(screen: WorksheetScreen) -> None:
    """Remove the highlighted line (a manual remove, undoable with Go Back)."""
    line = screen.line
    if line is None:
        return
    no, line_no = screen.segment_no, line.line_no

    def work() -> CriteriaActionView:
        from segtui.services.segments import criteria

        return criteria.remove_lines(no, line_nos=[line_no])

    run_verb(screen, work, f"Removed {line.contact_no} {line.contact_name} (^z brings it back)")


def reuse_criteria(screen: WorksheetScreen) -> None:
    """Pick saved criteria and replay them into the segment."""
    from segtui.tui.screens.pickers import SavedCriteriaScreen

    no = screen.segment_no

    def answered(code: object) -> None:
        if not isinstance(code, str):
            return

        def work() -> list[CriteriaActionView]:
            from segtui.services.segments import saved_criteria

            return saved_criteria.reuse_criteria(no, code)

        def done(actions: list[CriteriaActionView]) -> None:
            after = actions[-1].count_after if actions else 0
            screen.notify(f"Reused {code}: {len(actions)} steps, {after:,} lines")
            screen.reload()

        run_service(screen, work, done, group="action")

    screen.app.push_screen(SavedCriteriaScreen(), answered)


def reuse_segment(screen: WorksheetScreen) -> None:
    """Pick a logged segment and add its contacts."""
    from segtui.tui.screens.pickers import ReuseSegmentScreen

    no = screen.segment_no

    def answered(entry_no: object) -> None:
        if not isinstance(entry_no, int):
            return

        def work() -> CriteriaActionView:
            from segtui.services.segments import criteria

            return criteria.reuse_segment(no, entry_no)

        run_verb(screen, work)

    screen.app.push_screen(ReuseSegmentScreen(), answered)
