"""What the applicant sees and what counts: visibility, answered, progress, what gets sealed.

``answers`` everywhere is the draft's mapping of top-level question id -> stored value (as
produced by :func:`hearing.questionnaire.validate.validate`). A hidden question keeps its answer
in the draft -- the applicant may change their mind back -- but it counts nowhere and is not
sealed.

Rules:

* A question is *visible* when it has no condition or its condition holds. A condition sees a
  hidden question as unanswered (value None), so a chain of follow-ups collapses as soon as its
  first question changes. Conditions only look backwards (the loader enforces it), so one pass
  in file order decides everything.
* A sub-question of a group is visible per item, by the same rule applied to that item's
  answers (sub-question conditions name only earlier keys of the same group).
* *Answered*: a special answer ("I don't know", "I would rather tell this in person") always
  counts. A group counts when it has at least ``max(min_items, 1)`` items and every item has an
  answer to each of its visible required sub-questions -- or, when ``min_items`` is 0, when the
  stored value is the empty list, which only the applicant's explicit "none" choice produces
  (see forms.py). An empty multiple choice is no answer; anything else that validate() stored is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hearing.questionnaire.conditions import is_special
from hearing.questionnaire.model import GROUP, IN_PERSON, MULTI, Question, Questionnaire

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int  # visible top-level questions
    percent: int  # rounded down: 100 only when everything visible is answered
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (answered, total)


def is_answered(question: Question, value: Any) -> bool:
    if value is None:
        return False
    if is_special(value):
        return True
    if question.type == GROUP:
        if not isinstance(value, list):
            return False
        if not value:
            return question.min_items == 0
        if len(value) < max(question.min_items, 1):
            return False
        return all(isinstance(item, dict) and _item_complete(question, item) for item in value)
    if question.type == MULTI:
        return isinstance(value, list) and bool(value)
    if isinstance(value, str):
        return bool(value)
    return True


def visible_items(group: Question, item: Mapping[str, Any]) -> list[Question]:
    """The sub-questions of ``group`` shown for one item, given that item's answers."""
    shown: dict[str, tuple[Any, bool]] = {}

    def lookup(question_id: str) -> tuple[Any, bool]:
        return shown.get(question_id, (None, False))

    visible = []
    for sub in group.questions:
        if sub.when is None or sub.when.evaluate(lookup):
            value = item.get(sub.key)
            shown[sub.id] = (value, is_answered(sub, value))
            visible.append(sub)
    return visible


def _item_complete(group: Question, item: Mapping[str, Any]) -> bool:
    return all(is_answered(sub, item.get(sub.key))
               for sub in visible_items(group, item) if sub.required)


def _visibility(q: Questionnaire, answers: Answers) -> dict[str, bool]:
    """Every top-level question id -> visible, decided in one pass in file order."""
    shown: dict[str, tuple[Any, bool]] = {}
    result: dict[str, bool] = {}

    def lookup(question_id: str) -> tuple[Any, bool]:
        return shown.get(question_id, (None, False))

    for question in q.top_level():
        visible = question.when is None or question.when.evaluate(lookup)
        result[question.id] = visible
        if visible:
            value = answers.get(question.id)
            shown[question.id] = (value, is_answered(question, value))
    return result


def visible_questions(q: Questionnaire, section_id: str, answers: Answers) -> list[Question]:
    visibility = _visibility(q, answers)
    return [question for question in q.section(section_id).questions
            if visibility[question.id]]


def is_visible(q: Questionnaire, question_id: str, answers: Answers) -> bool:
    """Whether a top-level question is shown. For a sub-question id: whether its group is."""
    question = q.question(question_id)
    return _visibility(q, answers)[question.parent or question.id]


def progress(q: Questionnaire, answers: Answers) -> Progress:
    visibility = _visibility(q, answers)
    per_section: dict[str, tuple[int, int]] = {}
    for section in q.sections:
        shown = [question for question in section.questions if visibility[question.id]]
        done = sum(1 for question in shown if is_answered(question, answers.get(question.id)))
        per_section[section.id] = (done, len(shown))
    answered = sum(done for done, _ in per_section.values())
    total = sum(count for _, count in per_section.values())
    percent = 100 if total == 0 else answered * 100 // total
    return Progress(answered=answered, total=total, percent=percent, sections=per_section)


def first_unanswered(q: Questionnaire, answers: Answers) -> tuple[str, str] | None:
    """(section id, question id) of the first visible unanswered question; None when done."""
    visibility = _visibility(q, answers)
    for section in q.sections:
        for question in section.questions:
            if visibility[question.id] and not is_answered(question, answers.get(question.id)):
                return section.id, question.id
    return None


def missing_required(q: Questionnaire, answers: Answers) -> list[str]:
    """Ids of visible required questions without an answer (what blocks hand-off)."""
    visibility = _visibility(q, answers)
    return [question.id for question in q.top_level()
            if visibility[question.id] and question.required
            and not is_answered(question, answers.get(question.id))]


def _sealable_group(group: Question, items: list[Any]) -> list[dict[str, Any]]:
    sealed = []
    for item in items:
        if not isinstance(item, dict):
            continue
        kept = {sub.key: item[sub.key] for sub in visible_items(group, item)
                if item.get(sub.key) is not None}
        if kept:  # an item added but never filled in says nothing
            sealed.append(kept)
    return sealed


def sealable_answers(q: Questionnaire, answers: Answers) -> dict[str, Any]:
    """The answers to seal: visible questions only, hidden sub-answers and blank items dropped.

    A group whose items were all blank is left out, unless it is the explicit "none" (``[]``).
    """
    visibility = _visibility(q, answers)
    sealed: dict[str, Any] = {}
    for question in q.top_level():
        value = answers.get(question.id)
        if not visibility[question.id] or value is None:
            continue
        if question.type == GROUP and isinstance(value, list) and value:
            value = _sealable_group(question, value)
            if not value:
                continue
        sealed[question.id] = value
    return sealed


def disclosures(q: Questionnaire, answers: Answers) -> set[str]:
    """Flags of visible flagged questions answered "yes" (torture, trafficking)."""
    visibility = _visibility(q, answers)
    return {flag for question in q.top_level() if question.flags
            and visibility[question.id] and answers.get(question.id) is True
            for flag in question.flags}


def in_person_answers(q: Questionnaire, answers: Answers) -> list[str]:
    """Ids (``group[index].key`` inside groups) answered "I would rather tell this in person"."""
    found: list[str] = []
    in_person = {"special": IN_PERSON}
    for question_id, value in sealable_answers(q, answers).items():
        if value == in_person:
            found.append(question_id)
        elif q.question(question_id).type == GROUP and isinstance(value, list):
            found.extend(f"{question_id}[{index}].{key}"
                         for index, item in enumerate(value)
                         for key, sub_value in item.items() if sub_value == in_person)
    return found
