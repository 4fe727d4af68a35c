"""The questionnaire's building blocks as immutable data: options, questions, sections.

Everything here is plain data read from a versioned file; the behaviour (visibility, validation,
progress) lives in :mod:`hearing.questionnaire.engine` and :mod:`hearing.questionnaire.validate`.
Immutability matters: one loaded version is shared by every request of every worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hearing.questionnaire.conditions import Condition

# Answer types.
TEXT = "text"
LONGTEXT = "longtext"
DATE = "date"
NUMBER = "number"
SINGLE = "single"
MULTI = "multi"
YESNO = "yesno"
GROUP = "group"
TYPES = (TEXT, LONGTEXT, DATE, NUMBER, SINGLE, MULTI, YESNO, GROUP)

# The two answers every question offers on top of its own type. They satisfy ``required``:
# the applicant must never be forced to invent an answer or to write about something they
# only want to say to an officer in person.
DONT_KNOW = "dont_know"
IN_PERSON = "in_person"
SPECIALS = (DONT_KNOW, IN_PERSON)

# Flags the hand-off rules read: a "yes" to a flagged yes/no question is a disclosure that
# turns a `replace` route into `prepare`.
TORTURE_DISCLOSURE = "torture_disclosure"
TRAFFICKING_DISCLOSURE = "trafficking_disclosure"
FLAGS = (TORTURE_DISCLOSURE, TRAFFICKING_DISCLOSURE)

# Calendars applicants use for dates (DOMAIN.md): Gregorian, Solar Hijri, Ethiopian.
GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"
ETHIOPIAN = "ethiopian"
CALENDARS = (GREGORIAN, SOLAR_HIJRI, ETHIOPIAN)


@dataclass(frozen=True)
class Option:
    id: str
    label: str  # English source string; translate with gettext at display time


@dataclass(frozen=True)
class Question:
    """One prompt. ``id`` is stable across versions; ``key`` is the name inside a group item.

    Top-level questions have ``key == id``; a group's sub-question ``family.children.name`` has
    ``key == "name"`` and ``parent == "family.children"``.
    """

    id: str
    type: str
    text: str
    section: str
    key: str
    required: bool = True
    help: str | None = None
    parent: str | None = None
    max_length: int | None = None  # text, longtext
    options: tuple[Option, ...] = ()  # single, multi
    allow_approximate: bool = True  # date: year only / month and year allowed
    min_value: int | None = None  # number
    max_value: int | None = None  # number
    min_items: int = 0  # group
    max_items: int = 0  # group
    item_label: str | None = None  # group: the title of one item ("Child", "Address")
    add_label: str | None = None  # group: the button that adds an item ("Add a child")
    none_label: str | None = None  # group with min_items 0: the explicit "none" choice
    questions: tuple[Question, ...] = ()  # group: sub-questions
    when: Condition | None = None
    flags: tuple[str, ...] = ()
    line: int = 0  # where the question starts in its file, for error messages

    @property
    def is_group(self) -> bool:
        return self.type == GROUP

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def sub(self, key: str) -> Question | None:
        for sub in self.questions:
            if sub.key == key:
                return sub
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    declaration: str | None = None  # the text the applicant confirms when sealing


@dataclass(frozen=True)
class Labels:
    """Fixed answer labels that belong to the questionnaire version, not to the UI.

    ``none`` is the default label of a group's explicit "there is nobody/nothing to add"
    choice. ``months`` holds the month names per calendar id (13 for the Ethiopian calendar).
    """

    yes: str
    no: str
    dont_know: str
    in_person: str
    none: str = "There is nothing to add here."
    calendars: tuple[Option, ...] = field(default=())
    months: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def month_names(self, calendar: str) -> tuple[str, ...]:
        for calendar_id, names in self.months:
            if calendar_id == calendar:
                return names
        return ()


@dataclass(frozen=True)
class Questionnaire:
    """One version of the whole questionnaire, as loaded (and checked) from its data file.

    Lookups by id go through indexes built once here; they are excluded from comparison.
    """

    version: str
    sections: tuple[Section, ...]
    labels: Labels
    declaration: str
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)
    _section_of: dict[str, Section] = field(init=False, repr=False, compare=False)
    _sections: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Question] = {}
        section_of: dict[str, Section] = {}
        for section in self.sections:
            for question in section.questions:
                for item in (question, *question.questions):
                    by_id[item.id] = item
                    section_of[item.id] = section
        # frozen: the indexes are set once, here, and never change afterwards.
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_section_of", section_of)
        object.__setattr__(self, "_sections", {s.id: s for s in self.sections})

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def question(self, question_id: str) -> Question:
        """A top-level question or a group's sub-question by its full id (KeyError if unknown)."""
        return self._by_id[question_id]

    def top_level(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]

    def section_of(self, question_id: str) -> Section:
        return self._section_of[question_id]

    def _neighbour(self, section_id: str, step: int) -> Section | None:
        ids = [section.id for section in self.sections]
        index = ids.index(self.section(section_id).id) + step
        return self.sections[index] if 0 <= index < len(self.sections) else None

    def next_section(self, section_id: str) -> Section | None:
        return self._neighbour(section_id, 1)

    def previous_section(self, section_id: str) -> Section | None:
        return self._neighbour(section_id, -1)
