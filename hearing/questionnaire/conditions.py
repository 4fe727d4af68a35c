"""Show/skip conditions as a small declarative tree, evaluated without ``eval``.

In the data file a condition is a mapping::

    when: {question: reasons.ill_treated, equals: true}
    when: {question: identity.sex, in: [female, other]}
    when: {question: documents.id_document_types, includes: passport}
    when: {question: closing.anything_to_add, answered: true}
    when: {all: [ ... ]}   {any: [ ... ]}   {not: { ... }}

A question whose condition refers to a hidden question sees that question as unanswered, so a
chain of follow-ups collapses when its first question is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hearing.questionnaire.model import SPECIALS

# (question id) -> (its answer, whether it counts as answered); None/False when hidden.
Lookup = Callable[[str], tuple[Any, bool]]


def is_special(value: object) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and isinstance(value.get("special"), str)
        and value["special"] in SPECIALS
    )


@dataclass(frozen=True)
class Equals:
    question: str
    value: bool | str

    def evaluate(self, lookup: Lookup) -> bool:
        answer, _ = lookup(self.question)
        # type() and not isinstance(): True must not equal 1 from hostile input.
        return type(answer) is type(self.value) and answer == self.value

    def references(self) -> tuple[str, ...]:
        return (self.question,)


@dataclass(frozen=True)
class In:
    question: str
    values: tuple[str, ...]

    def evaluate(self, lookup: Lookup) -> bool:
        answer, _ = lookup(self.question)
        return isinstance(answer, str) and answer in self.values

    def references(self) -> tuple[str, ...]:
        return (self.question,)


@dataclass(frozen=True)
class Includes:
    """A multiple-choice answer contains the option."""

    question: str
    value: str

    def evaluate(self, lookup: Lookup) -> bool:
        answer, _ = lookup(self.question)
        return isinstance(answer, list) and self.value in answer

    def references(self) -> tuple[str, ...]:
        return (self.question,)


@dataclass(frozen=True)
class Answered:
    """The question has an answer, special answers included (``answered: false`` negates)."""

    question: str
    value: bool = True

    def evaluate(self, lookup: Lookup) -> bool:
        _, answered = lookup(self.question)
        return answered is self.value

    def references(self) -> tuple[str, ...]:
        return (self.question,)


@dataclass(frozen=True)
class All:
    conditions: tuple[Condition, ...]

    def evaluate(self, lookup: Lookup) -> bool:
        return all(c.evaluate(lookup) for c in self.conditions)

    def references(self) -> tuple[str, ...]:
        return tuple(r for c in self.conditions for r in c.references())


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]

    def evaluate(self, lookup: Lookup) -> bool:
        return any(c.evaluate(lookup) for c in self.conditions)

    def references(self) -> tuple[str, ...]:
        return tuple(r for c in self.conditions for r in c.references())


@dataclass(frozen=True)
class Not:
    condition: Condition

    def evaluate(self, lookup: Lookup) -> bool:
        return not self.condition.evaluate(lookup)

    def references(self) -> tuple[str, ...]:
        return self.condition.references()


Condition = Equals | In | Includes | Answered | All | AnyOf | Not
