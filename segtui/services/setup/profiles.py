"""Profile questionnaires: their questions and the answers each question allows."""

from __future__ import annotations

from typing import Any

from segtui.db.models import (
    ProfileAnswer,
    ProfileQuestion,
    ProfileQuestionnaire,
    Territory,
)
from segtui.db.proxy import write_transaction
from segtui.domain.errors import NotFound, Refused
from segtui.domain.setup import (
    CodeEntry,
    ProfileQuestionView,
)
from segtui.services.contacts.checks import query_tuples
from segtui.services.setup.tables import (
    as_code,
    clean_code,
    clean_text,
    code_exists,
)


def find_question(questionnaire: str, question: str) -> Any:
    """A question of a questionnaire, or NotFound."""
    questionnaire, question = as_code(questionnaire), as_code(question)
    if not code_exists(ProfileQuestionnaire, questionnaire):
        raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
    row = ProfileQuestion.get_or_none(
        (ProfileQuestion.questionnaire == questionnaire) & (ProfileQuestion.code == question)
    )
    if row is None:
        raise NotFound(f"profile question {questionnaire}/{question} does not exist")
    return row


def create_question(questionnaire: str, code: str, description: str = "") -> None:
    """Add a question to a profile questionnaire."""
    questionnaire = as_code(questionnaire)
    code = clean_code(code, Territory, "question")  # same length as every code column
    description = clean_text(description, ProfileQuestion, "description", "question")
    with write_transaction():
        if not code_exists(ProfileQuestionnaire, questionnaire):
            raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
        if (
            ProfileQuestion.select()
            .where(
                (ProfileQuestion.questionnaire == questionnaire) & (ProfileQuestion.code == code)
            )
            .exists()
        ):
            raise Refused(f"profile question {questionnaire}/{code} already exists")
        ProfileQuestion.insert(
            questionnaire=questionnaire, code=code, description=description
        ).execute()


def create_answer(questionnaire: str, question: str, code: str, description: str = "") -> None:
    """Add a possible answer to a profile question."""
    questionnaire, question = as_code(questionnaire), as_code(question)
    code = clean_code(code, Territory, "answer")
    description = clean_text(description, ProfileAnswer, "description", "answer")
    with write_transaction():
        row = find_question(questionnaire, question)
        if (
            ProfileAnswer.select()
            .where((ProfileAnswer.question == row) & (ProfileAnswer.code == code))
            .exists()
        ):
            raise Refused(f"profile answer {questionnaire}/{question}/{code} already exists")
        ProfileAnswer.insert(question=row, code=code, description=description).execute()


def list_questions(questionnaire: str) -> list[ProfileQuestionView]:
    """The questions of a questionnaire with their answers."""
    questionnaire = as_code(questionnaire)
    if not code_exists(ProfileQuestionnaire, questionnaire):
        raise NotFound(f"profile questionnaire {questionnaire!r} does not exist")
    questions = (
        ProfileQuestion.select()
        .where(ProfileQuestion.questionnaire == questionnaire)
        .order_by(ProfileQuestion.code)
    )
    views = []
    for question in questions:
        answers = (
            ProfileAnswer.select(ProfileAnswer.code, ProfileAnswer.description)
            .where(ProfileAnswer.question == question)
            .order_by(ProfileAnswer.code)
        )
        views.append(
            ProfileQuestionView(
                questionnaire,
                question.code,
                question.description,
                tuple(CodeEntry(*row) for row in query_tuples(answers)),
            )
        )
    return views
