"""Loading questionnaire files: the real v1, and every way a broken file is refused."""

from __future__ import annotations

import re

import pytest

import hearing.questionnaire as qn
from hearing.questionnaire import conditions as c
from hearing.questionnaire.loader import QuestionnaireError, load_file, version_files
from hearing.questionnaire.model import (
    CALENDARS,
    GROUP,
    LONGTEXT,
    SINGLE,
    TEXT,
    TORTURE_DISCLOSURE,
    TRAFFICKING_DISCLOSURE,
    TYPES,
    YESNO,
)
from tests.questionnaire.conftest import MINIMAL, load_minimal


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def _refused(text: str) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        load_minimal(text)
    return caught.value


def test_minimal_file_loads(mini: qn.Questionnaire) -> None:
    assert mini.version == "9"
    assert [s.id for s in mini.sections] == ["one", "two"]
    assert mini.declaration == "I declare it."
    people = mini.question("one.people")
    assert people.type == GROUP and people.none_label == "Nobody" and people.max_items == 3
    assert mini.question("one.people.where").when == c.Equals("one.people.alive", True)
    assert mini.question("one.people.where").parent == "one.people"
    assert mini.question("one.follow").max_length == 200  # the default limit
    assert mini.labels.month_names("ethiopian")[-1] == "e13"
    # yes/no labels stay strings: the loader reads only true/false as booleans.
    assert (mini.labels.yes, mini.labels.no) == ("Yes", "No")


def test_lookups(mini: qn.Questionnaire) -> None:
    assert [q.id for q in mini.top_level()] == [
        "one.gate", "one.follow", "one.chained", "one.people", "two.count", "two.when"]
    assert mini.section_of("one.people.name").id == "one"
    assert mini.next_section("one").id == "two"
    assert mini.next_section("two") is None
    assert mini.previous_section("two").id == "one"
    assert mini.previous_section("one") is None
    with pytest.raises(KeyError):
        mini.section("nope")
    with pytest.raises(KeyError):
        mini.question("one.nope")
    with pytest.raises(KeyError):
        mini.next_section("nope")


@pytest.mark.parametrize(
    ("old", "new", "question_id", "reason"),
    [
        ("type: single", "type: dropdown", "one.chained", "unknown type 'dropdown'"),
        ("- id: one.follow", "- id: one.gate", "one.gate", "duplicate question id"),
        ("- {id: b, label: B}", "- {id: a, label: B}", "one.chained", "duplicate option id 'a'"),
        ("when: {question: one.gate, equals: true}", "when: {question: one.nope, equals: true}",
         "one.follow", "unknown or later question 'one.nope'"),
        ("when: {question: one.gate, equals: true}",
         "when: {question: one.chained, equals: a}", "one.follow",
         "unknown or later question 'one.chained'"),
        ("when: {question: alive, equals: true}", "when: {question: note, equals: true}",
         "one.people.where", "unknown or later question 'note'"),
        ("when: {question: one.chained, in: [b]}", "when: {question: one.chained, in: [z]}",
         "two.count", "option 'z'"),
        ("when: {question: one.gate, equals: true}", "when: {question: one.gate, equals: maybe}",
         "one.follow", "'equals' needs true/false"),
        ("when: {question: one.chained, in: [b]}",
         "when: {question: one.people.alive, equals: true}", "two.count",
         "sub-question 'one.people.alive'"),
        ("when: {question: one.gate, equals: true}", "when: {question: one.gate}",
         "one.follow", "a condition needs 'question'"),
        ("text: Follow?", "text: Follow?\n        colour: red", "one.follow",
         "unknown key 'colour'"),
        ("type: text\n        text: Follow?", "type: text\n        max_length: 0\n"
         "        text: Follow?", "one.follow", "'max_length' must be a whole number"),
        ("        text: Chained?\n", "", "one.chained", "missing 'text'"),
        ("flags: [torture_disclosure]", "flags: [secret]", "one.gate", "'flags' must be"),
        ("        text: Follow?\n", "        text: Follow?\n        flags: [torture_disclosure]\n",
         "one.follow", "only yes/no questions can carry flags"),
        ("- id: two.when", "- id: one.follow.day", "one.follow.day",
         "id starts with the id of question 'one.follow'"),
        ("- id: one.chained", "- id: One.Chained", "One.Chained", "invalid question id"),
        ("- {id: note, type: text, text: \"Note?\", required: false}",
         "- {id: count, type: text, text: \"Note?\"}", "one.people.count", "reserved"),
        ("- {id: note, type: text, text: \"Note?\", required: false}",
         "- {id: note, type: group, text: \"Note?\", item_label: x, add_label: y, "
         "questions: [{id: a, type: text, text: A}]}", "one.people.note",
         "cannot contain another group"),
        ("          - {id: name, type: text, max_length: 10, text: Name}\n"
         "          - {id: alive, type: yesno, text: \"Alive?\"}\n"
         "          - {id: where, type: text, text: \"Where?\", "
         "when: {question: alive, equals: true}}\n"
         "          - {id: note, type: text, text: \"Note?\", required: false}\n",
         "", "one.people", "a group needs sub-questions"),
        ("        item_label: Person\n", "", "one.people", "missing 'item_label'"),
        ("        max_items: 3", "        max_items: 3\n        min_items: 4", "one.people",
         "'min_items' is larger than 'max_items'"),
        ("        none_label: Nobody", "        none_label: Nobody\n        min_items: 1",
         "one.people", "'none_label' makes no sense"),
        ("        max: 5", "        max: 0", "two.count", "'min' is larger than 'max'"),
    ],
)
def test_refusals_name_file_line_id_and_reason(
    old: str, new: str, question_id: str, reason: str
) -> None:
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    error = _refused(text)
    assert error.file == "test.yaml"
    assert error.question_id == question_id
    assert reason in error.reason
    message = str(error)
    assert message.startswith(f"test.yaml:{error.line}: question {question_id}: ")
    # The line points into the question's own block: its id line or below, before the next id.
    id_line = next(n for n, line in enumerate(text.splitlines(), start=1)
                   if re.search(rf"id: {re.escape(question_id.split('.')[-1])}\b", line)
                   or f"id: {question_id}" in line)
    assert id_line <= error.line <= id_line + 12


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("    declaration: I declare it.\n", "", "needs the 'declaration'"),
        ("    intro: Hello", "    intro: Hello\n    declaration: Early", "only the last section"),
        ("  - id: two\n", "  - id: one\n", "duplicate section id 'one'"),
        ('version: "9"', "version: 9", "'version' must be a quoted string"),
        ("    - {id: ethiopian, label: Ethiopian}\n", "", "'labels.calendars' must name"),
        ("e12, e13]", "e12]", "'labels.months.ethiopian' must list 13"),
        ("  none: Nothing to add\n", "  none: Nothing to add\n  none: Twice\n",
         "duplicate key 'none'"),
        ("    title: Second\n", "    title: Second\n    questions: []\n",
         "duplicate key 'questions'"),
        ("  - id: two\n    title: Second\n", "  - id: two\n    title: [Second\n", "not valid YAML"),
    ],
)
def test_file_level_refusals(old: str, new: str, reason: str) -> None:
    assert old in MINIMAL
    error = _refused(MINIMAL.replace(old, new, 1))
    assert reason in error.reason
    assert str(error).startswith(f"test.yaml:{error.line}: ")
    assert error.line > 0


def test_duplicate_key_points_at_its_line() -> None:
    text = MINIMAL.replace("  none: Nothing to add\n", "  none: Nothing to add\n  none: Twice\n")
    assert _refused(text).line == _line_of(text, "none: Twice")


def test_version_must_match_file_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "10.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="does not match the file name '10'"):
        load_file(path, expected_version="10")


# --- the published versions -------------------------------------------------------------------


def test_every_published_version_loads_and_is_cached() -> None:
    assert qn.versions() == sorted(version_files(), key=int)
    assert qn.versions()[0] == "1"
    for version in qn.versions():
        assert qn.load(version) is qn.load(version)
        assert qn.load(version).version == version
    assert qn.current() is qn.load(qn.versions()[-1])
    with pytest.raises(KeyError):
        qn.load("0")


DOMAIN_SECTIONS = ["start", "identity", "documents", "background", "family", "journey",
                   "reasons", "return", "health", "exclusion", "closing"]


def test_v1_has_every_domain_section_in_order(v1: qn.Questionnaire) -> None:
    assert [s.id for s in v1.sections] == DOMAIN_SECTIONS
    assert all(s.title for s in v1.sections)


def test_v1_has_at_least_65_prompts(v1: qn.Questionnaire) -> None:
    top = v1.top_level()
    assert len(top) >= 65
    assert len(top) + sum(len(q.questions) for q in top) >= 100
    assert {q.type for q in top} | {s.type for q in top for s in q.questions} == set(TYPES)


def test_v1_covers_the_domain_outline(v1: qn.Questionnaire) -> None:
    ids = {q.id for q in v1.top_level()}
    for needed in [
        "start.language", "start.reads_well", "start.needs_breaks", "start.lawyer_corrections",
        "identity.name_own", "identity.name_latin", "identity.other_names",
        "identity.birth_date", "identity.birth_place", "identity.sex", "identity.nationality",
        "identity.stateless", "identity.ethnicity", "identity.religion", "identity.languages",
        "identity.marital_status", "documents.identity_documents", "documents.handed_in",
        "documents.why_none", "documents.can_obtain", "documents.travel_document",
        "documents.evidence", "background.addresses", "background.education",
        "background.jobs", "background.military_service", "background.worked_for_state",
        "background.organisations", "family.partners", "family.children",
        "family.mother_alive", "family.father_alive", "family.siblings",
        "family.relatives_europe", "journey.left_date", "journey.legal_exit", "journey.legs",
        "journey.asylum_elsewhere", "journey.fingerprints_elsewhere", "journey.organiser",
        "journey.cost", "journey.arrival_date", "journey.forced_work", "reasons.account",
        "reasons.events", "reasons.feared", "reasons.grounds", "reasons.arrested",
        "reasons.tortured", "reasons.family_harmed", "reasons.asked_for_help",
        "reasons.relocation", "reasons.since_leaving", "return.what_would_happen",
        "return.who", "return.authorities_know", "health.physical", "health.mental",
        "health.scars", "health.treatment", "health.disability", "health.pregnant",
        "health.interpreter_gender", "health.officer_gender", "exclusion.charged",
        "exclusion.armed_group", "exclusion.combat", "exclusion.violence_civilians",
        "closing.anything_to_add", "closing.unclear_questions",
    ]:
        assert needed in ids, needed
    # Repeating groups the issue names: family members, addresses, travel legs, events.
    for group in ("family.children", "family.siblings", "background.addresses",
                  "journey.legs", "reasons.events"):
        assert v1.question(group).type == GROUP
        assert v1.question(group).questions


def test_v1_disclosure_flags(v1: qn.Questionnaire) -> None:
    flagged = {q.id: q.flags for q in v1.top_level() if q.flags}
    assert {"reasons.tortured", "reasons.beaten", "reasons.sexual_violence"} <= {
        i for i, f in flagged.items() if TORTURE_DISCLOSURE in f}
    assert {"journey.forced_work", "journey.held_against_will"} <= {
        i for i, f in flagged.items() if TRAFFICKING_DISCLOSURE in f}
    assert all(v1.question(i).type == YESNO for i in flagged)


def test_v1_texts_are_short_and_limited(v1: qn.Questionnaire) -> None:
    everything = [q for t in v1.top_level() for q in (t, *t.questions)]
    for question in everything:
        # One idea per question, readable under stress: short prompts, no "if" clauses.
        assert len(question.text.split()) <= 16, question.id
        assert not re.match(r"(?i)if\b", question.text), question.id
        if question.type in (TEXT, LONGTEXT):
            assert question.max_length is not None and question.max_length > 0
        if question.type == SINGLE:
            assert len(question.options) >= 2
    assert "true and complete" in v1.declaration
    assert "lawyer" in v1.declaration and "translated" in v1.declaration
    assert {o.id for o in v1.labels.calendars} == set(CALENDARS)
    assert len({s.title for s in v1.sections}) == len(v1.sections)
