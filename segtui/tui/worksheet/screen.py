"""The segment worksheet: header line, paged lines, merge preview and criteria log."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from segtui.domain.enums import CorrespondenceType
from segtui.domain.segments import CriteriaActionView, SegmentChange, SegmentHeader, SegmentLine
from segtui.domain.wording import counted
from segtui.services.letters import preview
from segtui.services.letters.preview import Preview
from segtui.services.segments import criteria, segments
from segtui.tui.commands import WORKSHEET, bindings
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.criteria_log import CriteriaLog
from segtui.tui.widgets.find_line import NEXT, PREVIOUS, FindLine
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.widgets.lines_table import LinesTable, heading
from segtui.tui.widgets.preview_pane import PreviewPane
from segtui.tui.worker import Coalescer, SegtuiErrorResult, run_service
from segtui.tui.worksheet import criteria as criteria_flows
from segtui.tui.worksheet import editing, log

WIDE = 110

# How often an open worksheet looks whether another user changed its segment (seconds):
# one indexed query that finds nothing unless someone wrote.
CHANGE_POLL_SECONDS = 3.0


def _label(value: str) -> str:
    """A stored correspondence type as the user reads it ("Hard copy"); '' for blank."""
    try:
        return CorrespondenceType(value).label
    except ValueError:
        return value


def header_fold(header: SegmentHeader) -> str:
    """The header folded to one line."""
    corr = _label(header.correspondence_type_default) or "—"
    date = header.date.isoformat() if header.date else "—"
    return (
        f" Template {header.interaction_template_code or '—'}  Corr. {corr}  "
        f"Subject {header.subject_default or '—'}  Date {date}"
    )


class WorksheetScreen(CommandScreen):
    """One open segment: its lines, the letter of the line under the cursor, its criteria."""

    COMMAND_TABLE = WORKSHEET
    BINDINGS = bindings(WORKSHEET)
    HELP_TITLE = "Segment worksheet"

    def __init__(self, segment_no: str) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.header: SegmentHeader | None = None
        self._previewer = Coalescer(self, "preview")
        self._had_line = False
        self.busy = False
        self._looking = False
        self._can_redo = False
        # The newest version another user's change was announced for (announced once).
        self._announced = 0

    def compose(self) -> ComposeResult:
        yield Static(f" segtui · {self.segment_no}", id="title", classes="title", markup=False)
        yield Static("", id="fold", classes="fold", markup=False)
        with Horizontal(id="panes"):
            with Vertical(id="lines-pane"):
                yield Static("", id="heading", classes="heading")
                table = LinesTable(self.segment_no, id="lines")
                yield table
                yield FindLine(table, id="find")
            # Preview and criteria log share one column: on a wide terminal they stack,
            # so the lines keep the width for their wider columns.
            with Vertical(id="side"):
                yield PreviewPane(id="preview")
                yield CriteriaLog(id="log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#lines-pane").border_title = "Lines"
        wide = self.app.size.width >= WIDE
        self.query_one("#log").display = wide
        self.query_one(LinesTable).focus()
        self.reload(keep_cursor=False)
        self.set_interval(CHANGE_POLL_SECONDS, self.look_for_changes)

    def on_lines_table_width_changed(self, event: LinesTable.WidthChanged) -> None:
        self.query_one("#heading", Static).update(heading(event.width))

    # -- loading --------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = True) -> None:
        """Read the header and criteria log again and reset the lines table.

        With `keep_cursor`, the cursor stays on the contact it was on, wherever other
        users' adds and removals moved its line.
        """
        no = self.segment_no
        current = self.line if keep_cursor else None
        contact = current.contact_no if current is not None else None

        def work() -> tuple[SegmentHeader, list[CriteriaActionView], int | None]:
            header, actions = segments.get_header(no), criteria.criteria_log(no)
            position = segments.position_of_contact(no, contact) if contact else None
            return header, actions, position

        def done(result: tuple[SegmentHeader, list[CriteriaActionView], int | None]) -> None:
            header, actions, position = result
            self.header = header
            steps = sum(1 for a in actions if not a.undone)
            self._can_redo = any(a.undone for a in actions)
            self.query_one("#title", Static).update(
                f" segtui · {header.no} {header.description}"
                f"{'':>4}{counted(header.no_of_lines, 'line')} · {counted(steps, 'step')}"
            )
            self.query_one("#fold", Static).update(header_fold(header) + "  [h]eader")
            self.query_one(CriteriaLog).show(actions)
            table = self.query_one(LinesTable)
            table.reset(header.no_of_lines, keep_cursor=keep_cursor, cursor_at=position)
            if not header.no_of_lines:
                self.query_one(PreviewPane).show(None, "No lines yet. Press a to add contacts.")
            self.refresh_bindings()

        run_service(self, work, done, group="header")

    def action_reload(self) -> None:
        """Read the segment again, keeping the cursor on its contact."""
        self.reload()

    def look_for_changes(self) -> None:
        """Ask (in a worker) whether another user changed the segment since it was read."""
        header = self.header
        if header is None or self.busy or self._looking:
            return
        self._looking = True
        no, seen = self.segment_no, header.version

        def work() -> list[SegmentChange]:
            return segments.changes_since(no, seen)

        def done(changes: list[SegmentChange]) -> None:
            self._looking = False
            if self.header is None or self.header.version != seen:
                return  # read again meanwhile: these changes are on screen already
            # Our own writes reload the worksheet themselves.
            others = [c for c in changes if c.changed_by != getattr(self.app, "user", "")]
            if not others or others[-1].version <= self._announced:
                return
            self._announced = others[-1].version
            said = "; ".join(c.text for c in others[-3:])
            self.notify(
                f"{no} was changed: {said}. Press Ctrl+R to read it again.",
                title="Changed by another user",
                severity="warning",
                timeout=12,
            )

        def failed(message: str) -> None:  # logged or deleted by another user
            self.notify(message, title="Changed by another user", severity="warning", timeout=12)

        run_service(self, work, done, group="changes", failed=failed)

    @property
    def line(self) -> SegmentLine | None:
        """The line under the cursor (None while its page loads)."""
        return self.query_one(LinesTable).current

    def on_lines_table_cursor_moved(self, event: LinesTable.CursorMoved) -> None:
        has_line = event.line is not None
        if has_line != self._had_line:  # line commands come and go with a loaded line
            self._had_line = has_line
            self.refresh_bindings()
        if event.line is None or not self.query_one(PreviewPane).display:
            return
        no, line_no = self.segment_no, event.line.line_no

        def work() -> Preview:
            return preview.preview(no, line_no)

        self._previewer.request(work, self._show_preview)

    def _show_preview(self, result: Preview | SegtuiErrorResult) -> None:
        pane = self.query_one(PreviewPane)
        if isinstance(result, SegtuiErrorResult):
            pane.show(None, result.message)
        else:
            pane.show(result)

    # -- which commands are possible --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs_line = {"edit_comment", "edit_comment_external", "edit_line", "remove_line"}
        needs_lines = {"reduce_contacts", "refine_contacts"}
        if action in needs_line:
            return self.is_mounted and self.line is not None
        if action in needs_lines:
            return self.header is not None and self.header.no_of_lines > 0
        if action == "log_segment":  # on an empty segment, the flow says there is nothing
            return self.header is not None
        if action in ("go_back", "save_criteria"):
            return self.header is not None and self.header.no_of_criteria_actions > 0
        if action == "redo":
            return self._can_redo
        if action in ("find_next", "find_previous"):
            return self.is_mounted and bool(self.query_one(FindLine).text)
        return True

    # -- find -----------------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find line (its text selected, to type over)."""
        self.query_one(FindLine).open()

    def action_find_next(self) -> None:
        """Go to the next line the find matches."""
        self.query_one(FindLine).step(NEXT)

    def action_find_previous(self) -> None:
        """Go to the previous line the find matches."""
        self.query_one(FindLine).step(PREVIOUS)

    def action_close(self) -> None:
        """Escape: close the find line when it is open, else back to the segments list."""
        find_line = self.query_one(FindLine)
        if find_line.is_open:
            find_line.close()
            self.refresh_bindings()
        else:
            super().action_close()

    # -- criteria (the flows live in worksheet.criteria) ------------------------------------

    def action_add_contacts(self) -> None:
        """Add contacts matching criteria."""
        criteria_flows.pick_criteria(self, "add")

    def action_reduce_contacts(self) -> None:
        """Remove the lines whose contact matches criteria."""
        criteria_flows.pick_criteria(self, "reduce")

    def action_refine_contacts(self) -> None:
        """Keep only the lines whose contact matches criteria."""
        criteria_flows.pick_criteria(self, "refine")

    def action_go_back(self) -> None:
        """Undo the last criteria action."""
        criteria_flows.go_back(self)

    def action_redo(self) -> None:
        """Re-apply the action undone last."""
        criteria_flows.redo(self)

    def action_add_contact(self) -> None:
        """Add one contact by number (a manual add, undoable)."""
        criteria_flows.add_contact(self)

    def action_remove_line(self) -> None:
        """Remove the highlighted line (a manual remove, undoable with Go Back)."""
        criteria_flows.remove_line(self)

    def action_reuse_criteria(self) -> None:
        """Replay saved criteria into this segment."""
        criteria_flows.reuse_criteria(self)

    def action_reuse_segment(self) -> None:
        """Add the contacts of a logged segment."""
        criteria_flows.reuse_segment(self)

    # -- panes ----------------------------------------------------------------------------

    def action_merge_preview(self) -> None:
        """Show or hide the letter preview (on narrow screens it replaces the criteria log)."""
        pane = self.query_one(PreviewPane)
        pane.display = not pane.display
        if pane.display and self.app.size.width < WIDE:
            self.query_one(CriteriaLog).display = False
        self.query_one(LinesTable).cursor = self.query_one(LinesTable).cursor

    def action_criteria_log(self) -> None:
        """Show or hide the criteria log (on narrow screens in place of the preview)."""
        log = self.query_one(CriteriaLog)
        log.display = not log.display
        if self.app.size.width < WIDE:
            self.query_one(PreviewPane).display = not log.display

    # -- editing ------------------------------------------------------------------------

    def action_header(self) -> None:
        """Open the header form; a change that affects lines asks whether to update them."""
        if self.header is not None:
            editing.edit_header(self, self.header)

    def action_edit_line(self) -> None:
        """Override the highlighted line's interaction fields."""
        if self.line is not None:
            editing.edit_line(self, self.line)

    def action_edit_comment(self) -> None:
        """Edit the highlighted line's comment in a text area."""
        if self.line is not None:
            editing.edit_comment(self, self.line)

    def action_edit_comment_external(self) -> None:
        """Edit the highlighted line's comment in $EDITOR."""
        if self.line is not None:
            editing.edit_comment_in_editor(self, self.line)

    # -- saved criteria, log --------------------------------------------------------------

    def action_save_criteria(self) -> None:
        """Store this segment's criteria under a code."""
        criteria_flows.save_criteria(self)

    def action_log_segment(self) -> None:
        """Show what Log would do, then log after confirmation."""
        log.log_segment(self)
