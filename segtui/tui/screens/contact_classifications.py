"""Contact Classifications: one contact's mailing groups, industry groups, business
relations, job responsibilities and profile answers; add one (a) or remove one (d)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from segtui.domain.contacts import ContactView
from segtui.services.contacts import contacts
from segtui.services.setup import classification, codes, profiles
from segtui.tui.commands import CLASSIFICATIONS, bindings
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.classify import KINDS, LABELS, PROFILE, choose_classification
from segtui.tui.widgets.cells import cell, under_cursor
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import FLOW, run_service


@dataclass(frozen=True)
class ClassificationRow:
    """One line of the screen: a linked code or a profile answer, with its description."""

    kind: str
    code: str
    text: str
    answer: tuple[str, str, str] | None = None
    """For a profile answer: its questionnaire, question and answer codes."""


@dataclass(frozen=True)
class Classifications:
    """A contact with every classification it has, as the screen lists them."""

    contact: ContactView
    rows: tuple[ClassificationRow, ...]


def read_classifications(contact_no: str) -> Classifications:
    """The contact and its classifications with descriptions (runs in a worker)."""
    contact = contacts.get_contact(contact_no)
    linked = classification.contact_classification(contact_no)
    held = (
        linked.mailing_groups,
        linked.industry_groups,
        linked.business_relations,
        linked.job_responsibilities,
    )
    rows: list[ClassificationRow] = []
    for (kind, _, _), kind_codes in zip(KINDS, held, strict=True):
        if kind_codes:
            names = {entry.code: entry.text for entry in codes.list_codes(kind)}
            rows.extend(ClassificationRow(kind, code, names.get(code, "")) for code in kind_codes)
    if linked.profile_answers:
        # The service writes answers as questionnaire/question/answer; matching them
        # against the same text built here avoids splitting codes that contain a "/".
        answers: dict[str, ClassificationRow] = {}
        for questionnaire in codes.list_codes("profile_questionnaire"):
            for question in profiles.list_questions(questionnaire.code):
                for answer in question.answers:
                    path = (questionnaire.code, question.code, answer.code)
                    text = f"{question.description or question.code}: {answer.text}"
                    answers["/".join(path)] = ClassificationRow(PROFILE, "/".join(path), text, path)
        rows.extend(answers[key] for key in linked.profile_answers if key in answers)
    return Classifications(contact, tuple(rows))


class ContactClassificationsScreen(CommandScreen):
    """The classifications of one contact; every change is committed as it is made."""

    COMMAND_TABLE = CLASSIFICATIONS
    BINDINGS = bindings(CLASSIFICATIONS)
    HELP_TITLE = "Contact Classifications"

    def __init__(self, contact_no: str) -> None:
        super().__init__()
        self.contact_no = contact_no
        self.contact_type = ""
        self.rows: tuple[ClassificationRow, ...] = ()
        self.pending = False
        """True from a read or a removal until the list read after it is shown: until
        then the rows may hold one already removed, so d is off."""

    def compose(self) -> ComposeResult:
        yield Static(
            f" segtui · Classifications · {self.contact_no}",
            id="heading",
            classes="title",
            markup=False,
        )
        yield DataTable(id="classifications", cursor_type="row", classes="browser-main")
        yield Static("", id="status", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in (("Kind", 18), ("Code", 20), ("Description", 30)):
            table.add_column(name, width=width)
        table.focus()
        self.load()

    def load(self, select: tuple[str, str] | None = None) -> None:
        """Read the classifications; put the cursor on `select` (kind, code) if given."""
        no = self.contact_no
        self._set_pending(True)
        # Its own exclusive group: after a quick remove then add, an older read still
        # running must not paint over the newer one.
        run_service(
            self,
            lambda: read_classifications(no),
            lambda found: self._show(found, select),
            group="classifications",
            exclusive=True,
            failed=self._failed,
        )

    def _set_pending(self, pending: bool) -> None:
        self.pending = pending
        self.refresh_bindings()

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", timeout=6)
        self._set_pending(False)

    def _show(self, found: Classifications, select: tuple[str, str] | None) -> None:
        contact = found.contact
        self.contact_type = contact.type
        self.rows = found.rows
        heading = f" segtui · Classifications · {contact.no} {contact.name} ({contact.type})"
        self.query_one("#heading", Static).update(heading)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for index, item in enumerate(self.rows):
            table.add_row(cell(LABELS[item.kind]), cell(item.code), cell(item.text), key=str(index))
        wanted = [i for i, r in enumerate(self.rows) if select == (r.kind, r.code)]
        if self.rows:
            table.move_cursor(row=wanted[0] if wanted else min(row, len(self.rows) - 1))
        count = len(self.rows)
        self.query_one("#status", Static).update(
            f" {count} classification{'s' if count != 1 else ''}"
            if count
            else " No classifications yet · a adds one"
        )
        self._set_pending(False)

    @property
    def highlighted(self) -> ClassificationRow | None:
        """The classification under the cursor."""
        return under_cursor(self.query_one(DataTable), self.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_classification":
            return self.is_mounted and not self.pending and self.highlighted is not None
        return True

    @work(group=FLOW)
    async def action_add_classification(self) -> None:
        """Choose a kind, then a code (or questionnaire, question and answer) to add."""
        held = {(r.kind, r.code) for r in self.rows}
        if added := await choose_classification(self, self.contact_no, held):
            kind, code = added
            self.notify(f"{LABELS[kind]} {code} added to {self.contact_no}")
            self.load(select=added)

    def action_remove_classification(self) -> None:
        """Remove the highlighted classification from the contact."""
        item = self.highlighted
        if item is None or self.pending:
            return
        no = self.contact_no
        self._set_pending(True)

        def work() -> None:
            if item.answer is not None:
                classification.remove_profile_answer(no, *item.answer)
            else:
                classification.unlink_contact(item.kind, no, item.code)

        def done(_: None) -> None:
            self.notify(f"{LABELS[item.kind]} {item.code} removed from {no}")
            self.load()

        run_service(self, work, done, failed=self._failed)
