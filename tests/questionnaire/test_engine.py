"""Visibility, answered, progress, resume point, what is sealed, disclosures."""

from __future__ import annotations

from typing import Any

import pytest

from hearing.questionnaire import Questionnaire, engine
from hearing.questionnaire.model import DONT_KNOW, IN_PERSON

DK = {"special": DONT_KNOW}
IP = {"special": IN_PERSON}


def visible_ids(q: Questionnaire, section: str, answers: dict[str, Any]) -> list[str]:
    return [question.id for question in engine.visible_questions(q, section, answers)]


def test_follow_up_shown_only_after_yes(mini: Questionnaire) -> None:
    assert visible_ids(mini, "one", {}) == ["one.gate", "one.people"]
    assert visible_ids(mini, "one", {"one.gate": False}) == ["one.gate", "one.people"]
    assert visible_ids(mini, "one", {"one.gate": True}) == ["one.gate", "one.follow",
                                                            "one.people"]
    # A special answer is not "yes": the follow-up stays hidden.
    assert "one.follow" not in visible_ids(mini, "one", {"one.gate": IP})


def test_chained_hide_collapses_the_whole_chain(mini: Questionnaire) -> None:
    answers = {"one.gate": True, "one.follow": "x", "one.chained": "b", "two.count": 2}
    assert "one.chained" in visible_ids(mini, "one", answers)
    assert visible_ids(mini, "two", answers) == ["two.count", "two.when"]
    answers["one.gate"] = False
    # one.follow is hidden, so one.chained (answered: one.follow) and two.count
    # (in: one.chained) disappear too although their own answers are still in the draft.
    assert visible_ids(mini, "one", answers) == ["one.gate", "one.people"]
    assert visible_ids(mini, "two", answers) == ["two.when"]
    assert not engine.is_visible(mini, "two.count", answers)
    assert engine.is_visible(mini, "two.when", answers)
    # ...and come back with their answers when the applicant changes their mind.
    answers["one.gate"] = True
    assert engine.is_visible(mini, "two.count", answers)


def test_in_condition_and_sub_question_visibility(mini: Questionnaire) -> None:
    answers = {"one.gate": True, "one.follow": "x", "one.chained": "a"}
    assert not engine.is_visible(mini, "two.count", answers)
    group = mini.question("one.people")
    assert [s.key for s in engine.visible_items(group, {"alive": True})] == [
        "name", "alive", "where", "note"]
    assert [s.key for s in engine.visible_items(group, {"alive": False})] == [
        "name", "alive", "note"]
    # A sub-question id asks about its group.
    assert engine.is_visible(mini, "one.people.where", {})


def test_is_answered_rules(mini: Questionnaire) -> None:
    text = mini.question("one.follow")
    assert not engine.is_answered(text, None)
    assert not engine.is_answered(text, "")
    assert engine.is_answered(text, "hello")
    assert engine.is_answered(text, DK)
    assert engine.is_answered(text, IP)
    gate = mini.question("one.gate")
    assert engine.is_answered(gate, False)
    people = mini.question("one.people")  # min_items 0
    assert engine.is_answered(people, [])  # the explicit "none"
    assert engine.is_answered(people, IP)
    assert not engine.is_answered(people, [{}])  # added but empty
    assert not engine.is_answered(people, [{"name": "A"}])  # alive missing
    # "where" is hidden, "note" is optional:
    assert engine.is_answered(people, [{"name": "A", "alive": False}])
    assert not engine.is_answered(people, [{"name": "A", "alive": True}])  # where now needed
    assert engine.is_answered(people, [{"name": "A", "alive": True, "where": DK}])


def test_group_with_min_items_is_not_answered_by_empty_list(v1: Questionnaire) -> None:
    addresses = v1.question("background.addresses")
    assert addresses.min_items == 1
    assert not engine.is_answered(addresses, [])
    multi = v1.question("reasons.feared")
    assert not engine.is_answered(multi, [])
    assert engine.is_answered(multi, ["police"])


def test_every_v1_question_accepts_both_specials(v1: Questionnaire) -> None:
    from hearing.questionnaire.validate import validate

    for question in v1.top_level():
        for special in (DK, IP):
            assert validate(question, dict(special)) == (special, [])
            assert engine.is_answered(question, special)
        for sub in question.questions:
            value, errors = validate(question, [{sub.key: dict(IP)}])
            assert errors == [] and value == [{sub.key: IP}], sub.id


def test_progress_and_first_unanswered(mini: Questionnaire) -> None:
    p = engine.progress(mini, {})
    assert (p.answered, p.total, p.percent) == (0, 3, 0)
    assert p.sections == {"one": (0, 2), "two": (0, 1)}
    assert engine.first_unanswered(mini, {}) == ("one", "one.gate")

    answers: dict[str, Any] = {"one.gate": True}
    p = engine.progress(mini, answers)
    assert (p.answered, p.total) == (1, 4)
    assert engine.first_unanswered(mini, answers) == ("one", "one.follow")

    answers.update({"one.follow": "x", "one.chained": "a", "one.people": []})
    assert engine.first_unanswered(mini, answers) == ("two", "two.when")
    answers["two.when"] = DK
    p = engine.progress(mini, answers)
    assert (p.answered, p.total, p.percent) == (5, 5, 100)
    assert engine.first_unanswered(mini, answers) is None
    assert engine.missing_required(mini, answers) == []

    answers["one.chained"] = "b"  # opens two.count
    p = engine.progress(mini, answers)
    assert (p.answered, p.total, p.percent) == (5, 6, 83)
    assert engine.first_unanswered(mini, answers) == ("two", "two.count")
    assert engine.missing_required(mini, answers) == ["two.count"]


def test_hidden_answers_do_not_count(mini: Questionnaire) -> None:
    answers = {"one.gate": False, "one.follow": "stale", "one.chained": "a"}
    p = engine.progress(mini, answers)
    assert (p.answered, p.total) == (1, 3)


def test_sealable_answers(mini: Questionnaire) -> None:
    answers = {
        "one.gate": False,
        "one.follow": "stale",  # hidden: stays in the draft, not sealed
        "one.chained": "b",  # hidden through the chain
        "two.count": 3,  # hidden through the chain
        "one.people": [
            {"name": "A", "alive": False, "where": "old answer"},  # where hidden
            {},  # added, never filled in
            {"name": "B", "alive": True, "where": "Kabul"},
        ],
        "two.when": {"calendar": "gregorian", "year": 2020, "month": None, "day": None},
    }
    sealed = engine.sealable_answers(mini, answers)
    assert sealed == {
        "one.gate": False,
        "one.people": [{"name": "A", "alive": False},
                       {"name": "B", "alive": True, "where": "Kabul"}],
        "two.when": answers["two.when"],
    }
    assert "stale" in answers.values()  # the draft itself is not changed
    assert engine.sealable_answers(mini, {"one.people": []}) == {"one.people": []}
    assert engine.sealable_answers(mini, {"one.people": [{}]}) == {}


def test_disclosures(v1: Questionnaire, mini: Questionnaire) -> None:
    assert engine.disclosures(mini, {"one.gate": True}) == {"torture_disclosure"}
    assert engine.disclosures(mini, {"one.gate": False}) == set()
    assert engine.disclosures(mini, {"one.gate": IP}) == set()
    answers = {"reasons.beaten": True, "journey.forced_work": True,
               "journey.held_against_will": False}
    assert engine.disclosures(v1, answers) == {"torture_disclosure", "trafficking_disclosure"}
    assert engine.disclosures(v1, {"health.scars": True}) == set()


def test_in_person_answers(mini: Questionnaire) -> None:
    answers = {"one.gate": IP, "one.people": [{"name": "A"}, {"name": IP}]}
    assert engine.in_person_answers(mini, answers) == ["one.gate", "one.people[1].name"]


@pytest.mark.parametrize("section", ["start", "health", "closing"])
def test_v1_sections_start_with_visible_questions(v1: Questionnaire, section: str) -> None:
    assert engine.visible_questions(v1, section, {})


def test_v1_pregnancy_depends_on_sex(v1: Questionnaire) -> None:
    assert not engine.is_visible(v1, "health.pregnant", {"identity.sex": "male"})
    assert engine.is_visible(v1, "health.pregnant", {"identity.sex": "female"})
    assert not engine.is_visible(v1, "health.pregnancy_months",
                                 {"identity.sex": "male", "health.pregnant": True})
