"""A letter shown as text in a scrolling dialog (an interaction log entry's letter); `s`
saves it as a .docx file, by default in the output folder."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from segtui.services.letters.render import export_entry_letter
from segtui.tui.commands import Command
from segtui.tui.dialogs.base import CommandModal
from segtui.tui.dialogs.confirm import ConfirmScreen
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt


class LetterScreen(CommandModal[None]):
    """Read a letter; arrows and PageUp/PageDown scroll, s saves it as .docx, Escape closes."""

    COMMAND_TABLE = (
        Command("save", "s", "Save Letter as .docx", "Write the letter to a Word file"),
        Command("close", "escape", "Close", "Close the letter"),
    )
    BINDINGS = [Binding("s", "save", "Save .docx"), Binding("escape,q", "close", "Close")]

    def __init__(
        self, title: str, text: str, *, entry_no: int | None = None, save_as: Path | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.entry_no = entry_no
        """The interaction log entry whose letter this is (None: it cannot be saved)."""
        self.save_as = save_as
        """The file offered first when saving (in the output folder)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog letter"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="letter-body"):
                yield Static(self.text, markup=False)
            saves = "s saves as .docx · " if self.entry_no is not None else ""
            yield Label(f"{saves}Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#letter-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.entry_no is not None
        return True

    @work(group=FLOW)
    async def action_save(self) -> None:
        """Ask for a file name and write the letter there, re-rendered as a Word file.

        An existing file is replaced only once the user agrees; a folder, a link or a
        device at that name is refused (nothing is written).
        """
        entry_no = self.entry_no
        if entry_no is None:
            return
        field = FormField("path", "Save as", str(self.save_as or ""), "a .docx file")
        form = FormScreen(f"Save the letter of entry {entry_no}", [field], changed_only=False)
        answer = await self.app.push_screen_wait(form)
        if not answer or not answer["path"].strip():
            return
        path = Path(answer["path"].strip()).expanduser()
        if path.is_file() and not path.is_symlink():
            question = f"{path} exists. Replace it?"
            if not await self.app.push_screen_wait(ConfirmScreen(question, default_yes=False)):
                return
        written = await attempt(self, lambda: export_entry_letter(entry_no, path))
        if isinstance(written, SegtuiErrorResult):
            self.notify(written.message, severity="error", timeout=8)
        else:
            self.save_as = written
            self.notify(f"Letter of entry {entry_no} saved to {written}")

    def action_close(self) -> None:
        """Close the letter."""
        self.dismiss(None)
