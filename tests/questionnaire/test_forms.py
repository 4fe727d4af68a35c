"""HTML fields <-> answers: the field naming contract and the round trip for all of v1."""

from __future__ import annotations

from typing import Any

import pytest

from hearing.questionnaire import Questionnaire, engine
from hearing.questionnaire.forms import from_fields, to_fields
from hearing.questionnaire.model import (
    DATE,
    GROUP,
    LONGTEXT,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    YESNO,
    Question,
)
from hearing.questionnaire.validate import validate


def plausible(question: Question, variant: int = 0) -> Any:
    """A valid stored answer for any question; ``variant`` varies it a little."""
    if question.type == TEXT:
        return "Ahmad کریمی"[: question.max_length] if variant == 0 else "ሰላም"
    if question.type == LONGTEXT:
        return "First line.\nSecond line, with ‌ZWNJ‌."
    if question.type == NUMBER:
        assert question.min_value is not None and question.max_value is not None
        return min(question.min_value + 1 + variant, question.max_value)
    if question.type == DATE:
        return [
            {"calendar": "solar_hijri", "year": 1380, "month": 2, "day": None},
            {"calendar": "gregorian", "year": 2015, "month": 12, "day": 31},
            {"calendar": "ethiopian", "year": 2010, "month": None, "day": None},
        ][variant % 3]
    if question.type == SINGLE:
        return question.options[variant % len(question.options)].id
    if question.type == MULTI:
        return list(question.option_ids[:2])
    if question.type == YESNO:
        return variant % 2 == 0
    assert question.type == GROUP
    items = [{sub.key: plausible(sub, index) for sub in question.questions}
             for index in range(min(2, question.max_items))]
    items[-1][question.questions[0].key] = {"special": "in_person"}
    return items


def round_trip(question: Question, value: Any) -> Any:
    fields = to_fields(question, value)
    for name in fields:
        assert name == question.id or name.startswith(question.id + "."), name
        assert all(isinstance(v, str) for v in fields[name])
    result, errors = validate(question, from_fields(question, fields))
    assert errors == [], (question.id, errors)
    return result


def every_question(q: Questionnaire) -> list[Question]:
    return q.top_level()


def test_round_trip_of_a_plausible_answer_for_every_v1_question(v1: Questionnaire) -> None:
    for question in every_question(v1):
        for variant in (0, 1):
            value = plausible(question, variant)
            assert validate(question, value) == (value, []), question.id
            assert round_trip(question, value) == value, question.id


def test_round_trip_of_specials_none_and_empty(v1: Questionnaire) -> None:
    for question in every_question(v1):
        for special in ("dont_know", "in_person"):
            assert round_trip(question, {"special": special}) == {"special": special}
        assert round_trip(question, None) is None
        if question.type == GROUP and question.min_items == 0:
            assert round_trip(question, []) == []


def test_scalar_fields(v1: Questionnaire) -> None:
    q = v1.question("start.reads_well")
    assert from_fields(q, {"start.reads_well": ["yes"]}) == "yes"
    assert from_fields(q, {"start.reads_well": [""]}) is None
    assert from_fields(q, {}) is None
    # A hidden empty field in front of the radios: ignored, so an untouched question is None.
    assert from_fields(q, {"start.reads_well": ["", "no"]}) == "no"
    # The special answer wins over anything else posted for the question.
    assert from_fields(q, {"start.reads_well": ["yes"], "start.reads_well.special":
                           ["in_person"]}) == {"special": "in_person"}
    assert from_fields(q, {"start.reads_well": ["yes"], "start.reads_well.special": [""]}) \
        == "yes"
    # Two values where one is expected reach validate() as a list, which refuses them.
    raw = from_fields(q, {"start.reads_well": ["yes", "no"]})
    assert validate(q, raw)[1]


def test_multi_fields(v1: Questionnaire) -> None:
    q = v1.question("reasons.feared")
    assert from_fields(q, {"reasons.feared": ["", "police", "army"]}) == ["police", "army"]
    # Every box unticked: the hidden empty field still posts the question, which clears it.
    assert from_fields(q, {"reasons.feared": [""]}) is None


def test_date_fields(v1: Questionnaire) -> None:
    q = v1.question("identity.birth_date")
    fields = {"identity.birth_date.day": [""], "identity.birth_date.month": ["۵"],
              "identity.birth_date.year": ["۱۳۷۰"],
              "identity.birth_date.calendar": ["solar_hijri"]}
    assert validate(q, from_fields(q, fields)) == (
        {"calendar": "solar_hijri", "year": 1370, "month": 5, "day": None}, [])
    only_calendar = {"identity.birth_date.calendar": ["ethiopian"],
                     "identity.birth_date.year": [""]}
    assert from_fields(q, only_calendar) is None


def test_group_fields_add_remove_and_none(v1: Questionnaire) -> None:
    q = v1.question("reasons.events")  # min_items 0, has a none label
    assert q.none_label
    base = "reasons.events"
    two = {f"{base}.count": ["2"], f"{base}.0.place": ["Herat"],
           f"{base}.1.place": ["Kabul"], f"{base}.1.what.special": ["in_person"],
           f"{base}.1.date.year": ["1399"], f"{base}.1.date.calendar": ["solar_hijri"]}
    value, errors = validate(q, from_fields(q, two))
    assert errors == []
    assert value == [{"place": "Herat"},
                     {"date": {"calendar": "solar_hijri", "year": 1399, "month": None,
                               "day": None},
                      "place": "Kabul", "what": {"special": "in_person"}}]
    # Add: the page renders one more (empty) item.
    added = {**two, f"{base}.count": ["3"]}
    assert validate(q, from_fields(q, added))[0] == [*value, {}]
    # Remove all items: count 0 without "none" clears the answer...
    assert from_fields(q, {f"{base}.count": ["0"]}) is None
    # ...and with "none" it is the explicit empty answer, which counts as answered.
    assert from_fields(q, {f"{base}.count": ["0"], f"{base}.none": ["1"]}) == []
    assert engine.is_answered(q, [])
    # "none" together with items: the items win.
    assert len(from_fields(q, {**two, f"{base}.none": ["1"]})) == 2
    # No count posted: inferred from the item indexes.
    assert len(from_fields(q, {f"{base}.4.place": ["x"]})) == 5
    # Fields of items beyond the count are ignored.
    assert len(from_fields(q, {f"{base}.count": ["1"], f"{base}.3.place": ["x"]})) == 1


def test_group_hostile_counts(v1: Questionnaire) -> None:
    q = v1.question("reasons.events")
    raw = from_fields(q, {"reasons.events.count": ["9" * 12]})
    assert isinstance(raw, list) and len(raw) == q.max_items + 1  # bounded, then refused
    assert [e.code for e in validate(q, raw)[1]] == ["too_many_items"]
    for count in ("-1", "two", "٣"):
        raw = from_fields(q, {"reasons.events.count": [count]})
        assert [e.code for e in validate(q, raw)[1]] == ["invalid_group"]


def test_to_fields_of_an_unanswered_group_gives_the_count(v1: Questionnaire) -> None:
    assert to_fields(v1.question("family.children"), None) == {"family.children.count": ["0"]}
    assert to_fields(v1.question("reasons.events"), []) == {
        "reasons.events.count": ["0"], "reasons.events.none": ["1"]}


@pytest.mark.parametrize("question_id", ["identity.name_own", "journey.cost", "journey.legs"])
def test_fields_of_other_questions_are_ignored(v1: Questionnaire, question_id: str) -> None:
    q = v1.question(question_id)
    assert from_fields(q, {"identity.name_ownx": ["x"], "other": ["y"]}) is None
