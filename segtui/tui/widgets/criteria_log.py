"""The criteria log: every action of the segment with its filters and counts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from segtui.domain.segments import CriteriaActionView


def log_text(actions: Sequence[CriteriaActionView]) -> Text:
    """The actions, one block each; undone actions are struck through and dimmed."""
    text = Text()
    if not actions:
        text.append("No criteria actions yet.\nPress a to add contacts.", style="dim")
        return text
    for action in actions:
        style = "dim strike" if action.undone else ""
        text.append(f"{action.action_no:>2} {action.kind.replace('_', ' ')}", style=style or "bold")
        text.append(f"  {action.count_before}→{action.count_after}", style=style)
        if action.undone:
            text.append("  (undone)", style="dim")
        text.append("\n")
        for line in action.filters:
            text.append(f"   {line}\n", style=style)
        options = [k.replace("_", " ") for k, v in action.options.items() if v is True]
        if options:
            text.append(f"   [{', '.join(options)}]\n", style=style or "italic")
    return text


class CriteriaLog(VerticalScroll):
    """The criteria log pane."""

    def compose(self) -> ComposeResult:
        yield Static("", id="log-text")

    def on_mount(self) -> None:
        self.border_title = "Criteria log"

    def show(self, actions: Sequence[CriteriaActionView]) -> None:
        """Show the actions."""
        self.query_one("#log-text", Static).update(log_text(actions))
