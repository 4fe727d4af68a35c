"""Stored answers as text people read: the translator's and lawyer's screens and the dossier.

A sealed submission holds ``answers``: question id -> stored value, in the formats the
questionnaire engine writes (text ``str``, number ``int``, date ``{"calendar", "year", "month",
"day"}``, single option id, multi list of option ids, yes/no ``bool``, group list of dicts keyed
by sub-question key, or ``{"special": "dont_know" | "in_person"}``). This module turns one value
into display text with a given ``gettext`` (the applicant's locale for the original, Dutch for
the staff side), and lists a submission's answers in questionnaire order.

Nothing here decrypts or reads the database: callers pass plaintext they obtained through the
vault's audited functions.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from hearing.questionnaire.model import (
    DATE,
    DONT_KNOW,
    GROUP,
    IN_PERSON,
    LONGTEXT,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    YESNO,
    Question,
    Section,
)
from hearing.translate import N_

Gettext = Callable[[str], str]

# Fixed labels; the questionnaire's own ``Labels`` win when the loaded version has them.
YES = N_("Yes")
NO = N_("No")
DONT_KNOW_LABEL = N_("I don't know")
IN_PERSON_LABEL = N_("I would rather tell this in person")
CALENDAR_LABELS = {
    "solar_hijri": N_("Solar Hijri calendar"),
    "ethiopian": N_("Ethiopian calendar"),
}
# Types whose value the applicant typed: these are what a sworn translator translates.
FREE_TEXT_TYPES = (TEXT, LONGTEXT)


class Status(enum.StrEnum):
    ANSWERED = "answered"
    DONT_KNOW = DONT_KNOW
    IN_PERSON = IN_PERSON


class QuestionnaireLike(Protocol):
    """What this module needs of a loaded questionnaire (``hearing.questionnaire.load``)."""

    @property
    def sections(self) -> tuple[Section, ...]: ...


def special_of(value: object) -> str | None:
    """``"dont_know"`` or ``"in_person"`` for a special answer, else None."""
    if isinstance(value, Mapping) and set(value) == {"special"}:
        special = value["special"]
        if special in (DONT_KNOW, IN_PERSON):
            return str(special)
    return None


def status_of(value: object) -> Status:
    special = special_of(value)
    return Status(special) if special else Status.ANSWERED


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _labels(labels: object | None, gettext: Gettext) -> dict[str, str]:
    """Yes / no / specials in the reader's language, from the questionnaire's labels if any."""
    return {
        "yes": gettext(getattr(labels, "yes", None) or YES),
        "no": gettext(getattr(labels, "no", None) or NO),
        DONT_KNOW: gettext(getattr(labels, "dont_know", None) or DONT_KNOW_LABEL),
        IN_PERSON: gettext(getattr(labels, "in_person", None) or IN_PERSON_LABEL),
    }


def format_date(value: Mapping[str, Any], gettext: Gettext) -> str:
    """ISO order with only the parts given (``1990``, ``1990-03``, ``1990-03-15``), plus the
    calendar when it is not Gregorian: approximate dates stay approximate, nothing is invented."""
    year, month, day = value.get("year"), value.get("month"), value.get("day")
    parts = [str(year) if year is not None else "?"]
    if month:
        parts.append(f"{int(month):02d}")
        if day:
            parts.append(f"{int(day):02d}")
    text = "-".join(parts)
    calendar = value.get("calendar")
    if calendar in CALENDAR_LABELS:
        text += f" ({gettext(CALENDAR_LABELS[calendar])})"
    return text


def _option_label(question: Question, option_id: object, gettext: Gettext) -> str:
    option = question.option(str(option_id))
    return gettext(option.label) if option is not None else str(option_id)


def format_value(
    question: Question | None, value: object, gettext: Gettext, *, labels: object | None = None
) -> str:
    """One stored answer as text in ``gettext``'s language (typed text is shown as typed)."""
    words = _labels(labels, gettext)
    special = special_of(value)
    if special:
        return words[special]
    if is_empty(value):
        return ""
    kind = question.type if question is not None else None
    if isinstance(value, bool) or kind == YESNO:
        return words["yes"] if value else words["no"]
    if kind == DATE or (kind is None and isinstance(value, Mapping) and "year" in value):
        return format_date(value, gettext)  # type: ignore[arg-type]
    if kind == SINGLE and question is not None:
        return _option_label(question, value, gettext)
    if kind == MULTI and question is not None and isinstance(value, list):
        return ", ".join(_option_label(question, v, gettext) for v in value)
    if kind == GROUP and isinstance(value, list):
        return _format_group(question, value, gettext, labels)
    if kind == NUMBER or isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(format_value(None, v, gettext, labels=labels) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_value(None, v, gettext, labels=labels)}"
                         for k, v in value.items())
    return str(value)


def _format_group(
    question: Question | None, items: list[Any], gettext: Gettext, labels: object | None
) -> str:
    """One block per item: a numbered title line, then ``sub-question: answer`` lines."""
    title = gettext(question.item_label) if question is not None and question.item_label else ""
    blocks: list[str] = []
    for n, item in enumerate(items, start=1):
        lines = [f"{title} {n}".strip() if title else f"{n}."]
        if isinstance(item, Mapping):
            for key, sub_value in item.items():
                if is_empty(sub_value):
                    continue
                sub = question.sub(key) if question is not None else None
                label = gettext(sub.text) if sub is not None else key
                lines.append(f"{label}: {format_value(sub, sub_value, gettext, labels=labels)}")
        else:
            lines.append(format_value(None, item, gettext, labels=labels))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def has_free_text(question: Question | None, value: object) -> bool:
    """Whether the applicant typed words in this answer (directly or inside a group item)."""
    if special_of(value) or is_empty(value):
        return False
    if question is None:
        return isinstance(value, str)
    if question.type in FREE_TEXT_TYPES:
        return True
    if question.type == GROUP and isinstance(value, list):
        return any(
            has_free_text(question.sub(key), sub_value)
            for item in value if isinstance(item, Mapping)
            for key, sub_value in item.items()
        )
    return False


@dataclass(frozen=True)
class AnswerRow:
    """One top-level answer of a submission, with its question when the version is known."""

    question_id: str
    question: Question | None
    section: Section | None
    value: Any
    status: Status

    @property
    def needs_translation(self) -> bool:
        """Every real answer gets a sworn Dutch translation; the two specials need none (the
        dossier states them in Dutch itself)."""
        return self.status is Status.ANSWERED

    @property
    def free_text(self) -> bool:
        return has_free_text(self.question, self.value)

    def question_text(self, gettext: Gettext) -> str:
        return gettext(self.question.text) if self.question is not None else self.question_id

    def section_title(self, gettext: Gettext) -> str | None:
        return gettext(self.section.title) if self.section is not None else None

    def text(self, gettext: Gettext, labels: object | None = None) -> str:
        return format_value(self.question, self.value, gettext, labels=labels)


def _top_level(questionnaire: QuestionnaireLike) -> Iterable[tuple[Section, Question]]:
    for section in questionnaire.sections:
        for question in section.questions:
            yield section, question


def answer_rows(
    questionnaire: QuestionnaireLike | None, answers: Mapping[str, Any]
) -> list[AnswerRow]:
    """The given answers in questionnaire order; empty answers are left out.

    Answers whose id the questionnaire does not know (or every answer, when the version could
    not be loaded) follow in id order with the id as their question, so nothing sealed is ever
    hidden from the people who must read it.
    """
    rows: list[AnswerRow] = []
    seen: set[str] = set()
    if questionnaire is not None:
        for section, question in _top_level(questionnaire):
            value = answers.get(question.id)
            seen.add(question.id)
            if is_empty(value):
                continue
            rows.append(AnswerRow(question.id, question, section, value, status_of(value)))
    for qid in sorted(set(answers) - seen):
        value = answers[qid]
        if not is_empty(value):
            rows.append(AnswerRow(qid, None, None, value, status_of(value)))
    return rows


def load_questionnaire(version: str) -> QuestionnaireLike | None:
    """The questionnaire a submission was answered against, or None if it cannot be loaded.

    None makes the screens fall back to question ids (see :func:`answer_rows`) rather than
    refuse to show a sealed hearing because its questionnaire file is unavailable.
    """
    try:
        from hearing import questionnaire
    except ImportError:
        return None
    load = getattr(questionnaire, "load", None)
    if load is None:
        return None
    try:
        return load(version)  # type: ignore[no-any-return]
    except (LookupError, FileNotFoundError, ValueError):
        return None


def labels_of(questionnaire: QuestionnaireLike | None) -> object | None:
    return getattr(questionnaire, "labels", None)
