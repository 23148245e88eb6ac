"""Add a classification to a contact: choose the kind, then one of the existing codes, or
for a profile answer the questionnaire, the question and the answer. Each list is a
ChoiceScreen; Escape at any step adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.markup import escape

from segtui.domain.setup import CodeEntry
from segtui.tui.screens.choice import ChoiceScreen
from segtui.tui.screens.contact_classifications import KINDS, LABELS, PROFILE
from segtui.tui.worker import run_service

if TYPE_CHECKING:
    from segtui.domain.setup import ProfileQuestionView
    from segtui.tui.screens.contact_classifications import ContactClassificationsScreen

Added = Callable[[str, str], object]
"""Called with (kind, code) once a classification is committed."""


def choices(entries: Sequence[CodeEntry]) -> list[tuple[str, str]]:
    """Codes as ChoiceScreen options: the code in a column, then its description."""
    width = max((len(e.code) for e in entries), default=0)
    return [(e.code, escape(f"{e.code:<{width}}  {e.text}".rstrip())) for e in entries]


def choose_classification(
    screen: ContactClassificationsScreen, contact_no: str, held: set[tuple[str, str]], added: Added
) -> None:
    """Start the chain of choices; `held` (kind, code) pairs are not offered again."""
    options = [(kind, f"{label} ({only} only)" if only else label) for kind, label, only in KINDS]
    options.append((PROFILE, LABELS[PROFILE]))

    def kind_chosen(kind: object) -> None:
        if kind == PROFILE:
            _choose_questionnaire(screen, contact_no, held, added)
        elif isinstance(kind, str) and kind in LABELS:
            _choose_code(screen, contact_no, kind, held, added)

    screen.app.push_screen(ChoiceScreen(f"Add to {contact_no}", options), kind_chosen)


def _choose_code(
    screen: ContactClassificationsScreen,
    contact_no: str,
    kind: str,
    held: set[tuple[str, str]],
    added: Added,
) -> None:
    """Offer the codes of a kind the contact does not have yet, then link the chosen one."""
    label = LABELS[kind]

    def work() -> list[CodeEntry]:
        from segtui.services.setup import codes

        return codes.list_codes(kind)

    def listed(codes: list[CodeEntry]) -> None:
        free = [c for c in codes if (kind, c.code) not in held]
        if not codes:
            screen.notify(f"There is no {label.lower()} to choose from yet", severity="warning")
        elif not free:
            screen.notify(f"{contact_no} already has every {label.lower()}", severity="warning")
        else:
            title = f"{label} for {contact_no}"
            screen.app.push_screen(ChoiceScreen(title, choices(free)), chosen)

    def chosen(code: object) -> None:
        if not isinstance(code, str) or not code:
            return

        def link() -> None:
            from segtui.services.setup import classification

            classification.link_contact(kind, contact_no, code)

        run_service(screen, link, lambda _: added(kind, code))

    run_service(screen, work, listed)


def _choose_questionnaire(
    screen: ContactClassificationsScreen, contact_no: str, held: set[tuple[str, str]], added: Added
) -> None:
    """Questionnaire, then question, then answer; then record the answer."""

    def work() -> list[CodeEntry]:
        from segtui.services.setup import codes

        return codes.list_codes("profile_questionnaire")

    def listed(questionnaires: list[CodeEntry]) -> None:
        if not questionnaires:
            screen.notify("There is no profile questionnaire yet", severity="warning")
            return
        title = f"Questionnaire for {contact_no}"
        screen.app.push_screen(ChoiceScreen(title, choices(questionnaires)), chosen)

    def chosen(code: object) -> None:
        if isinstance(code, str) and code:
            _choose_question(screen, contact_no, code, held, added)

    run_service(screen, work, listed)


def _choose_question(
    screen: ContactClassificationsScreen,
    contact_no: str,
    questionnaire: str,
    held: set[tuple[str, str]],
    added: Added,
) -> None:
    """Choose a question of the questionnaire, then one of its answers."""

    def work() -> list[ProfileQuestionView]:
        from segtui.services.setup import profiles

        return profiles.list_questions(questionnaire)

    def listed(questions: list[ProfileQuestionView]) -> None:
        if not questions:
            screen.notify(f"Questionnaire {questionnaire} has no questions", severity="warning")
            return
        by_code = {q.code: q for q in questions}

        def chosen(code: object) -> None:
            if isinstance(code, str) and code in by_code:
                _choose_answer(screen, contact_no, by_code[code], held, added)

        entries = [CodeEntry(q.code, q.description) for q in questions]
        title = f"{questionnaire} question for {contact_no}"
        screen.app.push_screen(ChoiceScreen(title, choices(entries)), chosen)

    run_service(screen, work, listed)


def _choose_answer(
    screen: ContactClassificationsScreen,
    contact_no: str,
    question: ProfileQuestionView,
    held: set[tuple[str, str]],
    added: Added,
) -> None:
    """Choose one of the question's answers the contact has not given, and record it."""
    prefix = f"{question.questionnaire_code}/{question.code}"
    free = [a for a in question.answers if (PROFILE, f"{prefix}/{a.code}") not in held]
    if not question.answers:
        screen.notify(f"Question {prefix} has no answers to choose", severity="warning")
        return
    if not free:
        screen.notify(f"{contact_no} already has every answer to {prefix}", severity="warning")
        return

    def chosen(code: object) -> None:
        if not isinstance(code, str) or not code:
            return

        def record() -> None:
            from segtui.services.setup import classification

            classification.add_profile_answer(
                contact_no, question.questionnaire_code, question.code, code
            )

        run_service(screen, record, lambda _: added(PROFILE, f"{prefix}/{code}"))

    title = escape(f"{question.description or question.code} · {contact_no}")
    screen.app.push_screen(ChoiceScreen(title, choices(free)), chosen)
