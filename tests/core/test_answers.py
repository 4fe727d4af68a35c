"""Stored answer values as display text (hearing.answers), with a fixture questionnaire."""

from __future__ import annotations

from dataclasses import dataclass

from hearing.answers import (
    Status,
    answer_rows,
    format_date,
    format_value,
    has_free_text,
    special_of,
)
from hearing.questionnaire.model import (
    DATE,
    GROUP,
    LONGTEXT,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    YESNO,
    Labels,
    Option,
    Question,
    Section,
)

DUTCH = {
    "Yes": "Ja", "No": "Nee", "I don't know": "Ik weet het niet",
    "I would rather tell this in person": "Ik vertel dit liever persoonlijk",
    "Passport": "Paspoort", "Identity card": "Identiteitskaart",
    "Solar Hijri calendar": "Perzische kalender", "Child": "Kind", "Name": "Naam",
    "Year of birth": "Geboortejaar",
}


def nl(message: str) -> str:
    return DUTCH.get(message, message)


def q(qid: str, kind: str, **kw: object) -> Question:
    return Question(id=qid, type=kind, text=f"Q {qid}", section="s", key=qid, **kw)  # type: ignore[arg-type]


DOCS = q("docs", MULTI, options=(Option("passport", "Passport"), Option("id", "Identity card")))
CHILDREN = q("family.children", GROUP, item_label="Child", questions=(
    Question(id="family.children.name", type=TEXT, text="Name", section="s", key="name",
             parent="family.children"),
    Question(id="family.children.born", type=NUMBER, text="Year of birth", section="s",
             key="born", parent="family.children"),
))


def test_specials_are_named_in_the_readers_language() -> None:
    assert format_value(q("a", TEXT), {"special": "dont_know"}, nl) == "Ik weet het niet"
    assert format_value(q("a", DATE), {"special": "in_person"}, nl) == \
        "Ik vertel dit liever persoonlijk"
    assert special_of({"special": "other"}) is None
    assert special_of({"special": "dont_know", "x": 1}) is None


def test_questionnaire_labels_win_over_the_defaults() -> None:
    labels = Labels(yes="Yes!", no="No!", dont_know="Not known", in_person="Tell in person")
    assert format_value(q("a", YESNO), True, nl, labels=labels) == "Yes!"
    assert format_value(q("a", TEXT), {"special": "dont_know"}, nl, labels=labels) == "Not known"


def test_each_type() -> None:
    assert format_value(q("a", TEXT), "Aleppo <b>", nl) == "Aleppo <b>"
    assert format_value(q("a", NUMBER), 4500, nl) == "4500"
    assert format_value(q("a", YESNO), False, nl) == "Nee"
    sex = q("a", SINGLE, options=(Option("m", "Male"),))
    assert format_value(sex, "m", nl) == "Male"
    assert format_value(sex, "gone", nl) == "gone"  # an option a later version dropped
    assert format_value(DOCS, ["passport", "id"], nl) == "Paspoort, Identiteitskaart"


def test_dates_stay_as_approximate_as_given() -> None:
    assert format_date({"calendar": "gregorian", "year": 1990, "month": None, "day": None},
                       nl) == "1990"
    assert format_date({"calendar": "gregorian", "year": 1990, "month": 3, "day": 5}, nl) == \
        "1990-03-05"
    assert format_date({"calendar": "solar_hijri", "year": 1369, "month": 7, "day": None},
                       nl) == "1369-07 (Perzische kalender)"


def test_groups_one_block_per_item() -> None:
    value = [{"name": "Sara", "born": 2015}, {"name": "", "born": {"special": "dont_know"}}]
    assert format_value(CHILDREN, value, nl) == (
        "Kind 1\nNaam: Sara\nGeboortejaar: 2015\n\nKind 2\nGeboortejaar: Ik weet het niet")
    assert has_free_text(CHILDREN, value)
    assert not has_free_text(CHILDREN, [{"born": 2015}])


@dataclass(frozen=True)
class Fixture:
    sections: tuple[Section, ...]


def test_rows_follow_the_questionnaire_and_keep_unknown_answers() -> None:
    questionnaire = Fixture((
        Section("one", "One", (q("b", LONGTEXT), q("a", YESNO), q("empty", TEXT))),
        Section("two", "Two", (DOCS,)),
    ))
    answers = {"a": True, "b": "text", "docs": {"special": "in_person"}, "empty": "",
               "zz.removed": "from an older version"}
    rows = answer_rows(questionnaire, answers)
    assert [(r.question_id, r.status, r.needs_translation, r.free_text) for r in rows] == [
        ("b", Status.ANSWERED, True, True),
        ("a", Status.ANSWERED, True, False),
        ("docs", Status.IN_PERSON, False, False),
        ("zz.removed", Status.ANSWERED, True, True),
    ]
    assert rows[-1].question_text(nl) == "zz.removed"
    # Without a questionnaire nothing sealed is hidden either.
    assert [r.question_id for r in answer_rows(None, answers)] == ["a", "b", "docs", "zz.removed"]


def _value_for(question: Question) -> object:
    """A plausible stored value of each type, as the engine would seal it."""
    if question.type in (TEXT, LONGTEXT):
        return "tekst"
    if question.type == NUMBER:
        return 3
    if question.type == DATE:
        return {"calendar": "gregorian", "year": 2019, "month": 3, "day": None}
    if question.type == SINGLE:
        return question.options[0].id
    if question.type == MULTI:
        return [o.id for o in question.options[:2]]
    if question.type == YESNO:
        return True
    return [{sub.key: _value_for(sub) for sub in question.questions}]


def test_the_real_questionnaire_formats_every_question() -> None:
    import hearing.answers
    from hearing import questionnaire

    current = questionnaire.current()
    loaded = hearing.answers.load_questionnaire(current.version)
    assert loaded is current
    assert hearing.answers.load_questionnaire("no-such-version") is None
    values = {q.id: _value_for(q) for s in current.sections for q in s.questions}
    values[next(iter(values))] = {"special": "in_person"}
    rows = answer_rows(current, values)
    assert [r.question_id for r in rows] == list(values)
    for row in rows:
        text = row.text(nl, current.labels)
        assert text and "{" not in text, (row.question_id, text)
    assert rows[0].text(lambda m: m, current.labels) == current.labels.in_person
