"""Finding questions of a kind in the current questionnaire, so tests follow the data file."""

from __future__ import annotations

from hearing import questionnaire as qn
from hearing.questionnaire import engine
from hearing.questionnaire.model import Question


def first_visible(type_: str, answers: dict | None = None) -> Question:
    """The first top-level question of ``type_`` shown with ``answers`` (default: none yet)."""
    q = qn.current()
    for section in q.sections:
        for question in engine.visible_questions(q, section.id, answers or {}):
            if question.type == type_:
                return question
    raise LookupError(f"no visible {type_} question")


def section_of(question: Question) -> str:
    return qn.current().section_of(question.id).id
