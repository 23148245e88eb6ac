"""The merge preview pane: the letter for the line under the cursor, comment highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

if TYPE_CHECKING:
    from segtui.services.preview import Preview


def letter_text(preview: Preview) -> Text:
    """The letter as rich text; the comment's lines are marked with a bar and in bold."""
    text = Text()
    start = preview.text.find(preview.comment) if preview.comment else -1
    end = start + len(preview.comment)
    if start < 0:
        text.append(preview.text)
        return text
    text.append(preview.text[:start])
    for i, line in enumerate(preview.comment.split("\n")):
        if i:
            text.append("\n")
        text.append("┃ ", style="bold")
        text.append(line, style="bold reverse")
    text.append(preview.text[end:])
    return text


class PreviewPane(VerticalScroll):
    """Shows one Preview; the border title names the contact."""

    def compose(self) -> ComposeResult:
        yield Static("", id="letter")

    def on_mount(self) -> None:
        self.border_title = "Letter"

    def show(self, preview: Preview | None, message: str = "") -> None:
        """Show a preview, or a short message when there is none."""
        letter = self.query_one("#letter", Static)
        if preview is None:
            self.border_title = "Letter"
            letter.update(Text(message, style="dim"))
            return
        self.border_title = f"Letter · {preview.contact_no}"
        letter.update(letter_text(preview))
        self.scroll_home(animate=False)
