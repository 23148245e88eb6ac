"""The merge preview pane: the letter for the line under the cursor, comment highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from segtui.services.letters.preview import Preview


def split_letter(preview: Preview) -> tuple[str, str, str]:
    """The letter as (before the comment, the comment, after it); the comment may be ''."""
    start = preview.comment_start
    if preview.comment and start < 0:
        start = preview.text.find(preview.comment)
    if not preview.comment or start < 0:
        return preview.text, "", ""
    end = start + len(preview.comment)
    return preview.text[:start], preview.comment, preview.text[end:]


def comment_text(comment: str) -> Text:
    """The comment marked with a bar and in bold reverse, line by line."""
    text = Text()
    for i, line in enumerate(comment.split("\n")):
        if i:
            text.append("\n")
        text.append("┃ ", style="bold")
        text.append(line, style="bold reverse")
    return text


_COMMENT_PASSES = 3
"""After how many refreshes in a row a new letter is scrolled to its comment."""


class PreviewPane(VerticalScroll):
    """Shows one Preview, scrolled so that the comment is in view."""

    def compose(self) -> ComposeResult:
        yield Static("", id="letter", markup=False)
        yield Static("", id="comment", markup=False)
        yield Static("", id="after", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Letter"

    def show(self, preview: Preview | None, message: str = "") -> None:
        """Show a preview, or a short message when there is none."""
        before = self.query_one("#letter", Static)
        comment = self.query_one("#comment", Static)
        after = self.query_one("#after", Static)
        if preview is None:
            self.border_title = "Letter"
            self.border_subtitle = ""
            before.update(Text(message, style="dim"))
            comment.update("")
            after.update("")
            return
        self.border_title = f"Letter · {preview.contact_no}"
        self.border_subtitle = preview.source
        head, marked, tail = split_letter(preview)
        # Each part is its own block: drop the line break that ends one part.
        before.update(Text(head.removesuffix("\n")))
        comment.display = bool(marked)
        comment.update(comment_text(marked) if marked else "")
        after.update(Text(tail.removeprefix("\n")) if marked else "")
        after.display = bool(marked)
        self.scroll_home(animate=False, immediate=True)
        if marked:
            self.call_after_refresh(self._show_comment, _COMMENT_PASSES)

    def _show_comment(self, passes: int) -> None:
        """Scroll the comment into view, and again after the next refreshes."""
        # The parts updated in `show` ask the screen for their layout on their own turn; a
        # screen already refreshing may run this before it has laid them out and scroll by
        # the old letter's geometry (seen under load: the comment left below the pane). A
        # scroll after each of the next refreshes lands on the new geometry.
        comment = self.query_one("#comment", Static)
        self.scroll_to_widget(comment, animate=False, top=False, immediate=True)
        if passes > 1:
            self.call_after_refresh(self._show_comment, passes - 1)
