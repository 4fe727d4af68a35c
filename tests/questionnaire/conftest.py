"""A small, valid questionnaire file that tests break one line at a time."""

from __future__ import annotations

import pytest

from hearing.questionnaire import Questionnaire, current
from hearing.questionnaire.loader import load_text

# Line numbers matter: tests assert that errors point at them.
MINIMAL = """\
version: "9"
labels:
  yes: "Yes"
  no: "No"
  dont_know: I don't know
  in_person: I would rather tell this in person
  none: Nothing to add
  calendars:
    - {id: gregorian, label: Gregorian}
    - {id: solar_hijri, label: Solar Hijri}
    - {id: ethiopian, label: Ethiopian}
  months:
    gregorian: [m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12]
    solar_hijri: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12]
    ethiopian: [e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13]
sections:
  - id: one
    title: First
    intro: Hello
    questions:
      - id: one.gate
        type: yesno
        text: Gate?
        flags: [torture_disclosure]
      - id: one.follow
        type: text
        text: Follow?
        when: {question: one.gate, equals: true}
      - id: one.chained
        type: single
        text: Chained?
        options:
          - {id: a, label: A}
          - {id: b, label: B}
        when: {question: one.follow, answered: true}
      - id: one.people
        type: group
        text: People?
        item_label: Person
        add_label: Add a person
        none_label: Nobody
        max_items: 3
        questions:
          - {id: name, type: text, max_length: 10, text: Name}
          - {id: alive, type: yesno, text: "Alive?"}
          - {id: where, type: text, text: "Where?", when: {question: alive, equals: true}}
          - {id: note, type: text, text: "Note?", required: false}
  - id: two
    title: Second
    declaration: I declare it.
    questions:
      - id: two.count
        type: number
        min: 1
        max: 5
        text: How many?
        when: {question: one.chained, in: [b]}
      - id: two.when
        type: date
        text: When?
"""


def load_minimal(text: str = MINIMAL) -> Questionnaire:
    return load_text(text, "test.yaml")


@pytest.fixture
def mini() -> Questionnaire:
    return load_minimal()


@pytest.fixture
def v1() -> Questionnaire:
    return current()
