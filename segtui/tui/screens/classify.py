"""Add a classification to a contact: choose the kind, then one of the existing codes, or
for a profile answer the questionnaire, the question and the answer. Each list is a
ChoiceScreen; Escape at any step adds nothing."""

from __future__ import annotations

from collections.abc import Sequence

from textual.markup import escape

from segtui.domain.setup import CodeEntry, ProfileQuestionView
from segtui.services.setup import classification, codes, profiles
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.worker import Node, call, perform

# The kinds of classification linked by code, in the order they are listed, with the
# contact type each is limited to (the service refuses the others).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("mailing_group", "Mailing group", ""),
    ("industry_group", "Industry group", "companies"),
    ("business_relation", "Business relation", "companies"),
    ("job_responsibility", "Job responsibility", "persons"),
)
PROFILE = "profile_answer"
LABELS = {kind: label for kind, label, _ in KINDS} | {PROFILE: "Profile answer"}

Added = tuple[str, str]
"""A classification just committed: (kind, code)."""


def choices(entries: Sequence[CodeEntry]) -> list[tuple[str, str]]:
    """Codes as ChoiceScreen options: the code in a column, then its description."""
    width = max((len(e.code) for e in entries), default=0)
    return [(e.code, escape(f"{e.code:<{width}}  {e.text}".rstrip())) for e in entries]


async def choose_classification(
    node: Node, contact_no: str, held: set[tuple[str, str]]
) -> Added | None:
    """Run the chain of choices (from a flow); `held` (kind, code) pairs are not offered."""
    options = [(kind, f"{label} ({only} only)" if only else label) for kind, label, only in KINDS]
    options.append((PROFILE, LABELS[PROFILE]))
    kind = await node.app.push_screen_wait(ChoiceScreen(f"Add to {contact_no}", options))
    if kind == PROFILE:
        return await _choose_answer(node, contact_no, held)
    if kind is not None and kind in LABELS:
        return await _choose_code(node, contact_no, kind, held)
    return None


async def _choose_code(
    node: Node, contact_no: str, kind: str, held: set[tuple[str, str]]
) -> Added | None:
    """Offer the codes of a kind the contact does not have yet, then link the chosen one."""
    label = LABELS[kind]
    if (existing := await call(node, codes.list_codes, kind)) is None:
        return None
    free = [c for c in existing if (kind, c.code) not in held]
    if not existing:
        node.app.notify(f"There is no {label.lower()} to choose from yet", severity="warning")
        return None
    if not free:
        node.app.notify(f"{contact_no} already has every {label.lower()}", severity="warning")
        return None
    title = f"{label} for {contact_no}"
    if not (code := await node.app.push_screen_wait(ChoiceScreen(title, choices(free)))):
        return None
    if await perform(node, classification.link_contact, kind, contact_no, code):
        return kind, code
    return None


async def _choose_answer(node: Node, contact_no: str, held: set[tuple[str, str]]) -> Added | None:
    """Questionnaire, then question, then answer; then record the answer."""
    questionnaires = await call(node, codes.list_codes, "profile_questionnaire")
    if questionnaires is None:
        return None
    if not questionnaires:
        node.app.notify("There is no profile questionnaire yet", severity="warning")
        return None
    title = f"Questionnaire for {contact_no}"
    chosen = await node.app.push_screen_wait(ChoiceScreen(title, choices(questionnaires)))
    if not chosen:
        return None
    if (question := await _choose_question(node, contact_no, chosen)) is None:
        return None
    prefix = f"{question.questionnaire_code}/{question.code}"
    free = [a for a in question.answers if (PROFILE, f"{prefix}/{a.code}") not in held]
    if not question.answers:
        node.app.notify(f"Question {prefix} has no answers to choose", severity="warning")
        return None
    if not free:
        node.app.notify(f"{contact_no} already has every answer to {prefix}", severity="warning")
        return None
    title = escape(f"{question.description or question.code} · {contact_no}")
    if not (code := await node.app.push_screen_wait(ChoiceScreen(title, choices(free)))):
        return None
    recorded = await perform(
        node,
        classification.add_profile_answer,
        contact_no,
        question.questionnaire_code,
        question.code,
        code,
    )
    return (PROFILE, f"{prefix}/{code}") if recorded else None


async def _choose_question(
    node: Node, contact_no: str, questionnaire: str
) -> ProfileQuestionView | None:
    """Choose a question of the questionnaire."""
    if (questions := await call(node, profiles.list_questions, questionnaire)) is None:
        return None
    if not questions:
        node.app.notify(f"Questionnaire {questionnaire} has no questions", severity="warning")
        return None
    by_code = {q.code: q for q in questions}
    entries = [CodeEntry(q.code, q.description) for q in questions]
    title = f"{questionnaire} question for {contact_no}"
    code = await node.app.push_screen_wait(ChoiceScreen(title, choices(entries)))
    return by_code.get(code) if code is not None else None
