"""A checkbox that reads the same in every terminal: `[x]` ticked, `[ ]` not.

Textual's own draws a block with an X in it either way, telling the two apart by colour
alone; in 16 colours (and to many eyes in 256) an unticked one reads as ticked.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox drawn `[x]` / `[ ]`; used for every option a user ticks."""

    DEFAULT_CSS = """
    TickBox > .toggle--button, TickBox.-on > .toggle--button,
    TickBox:ansi > .toggle--button, TickBox:ansi.-on > .toggle--button {
        background: transparent;
        text-style: bold;
    }
    """

    @property
    def _button(self) -> Content:
        """The box, with an x when ticked (the brackets in the label's colours)."""
        tick = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("x" if self.value else " ", tick), "] ")
