"""Raw answers to stored values, per type, and the errors the applicant sees."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from hearing.questionnaire import Questionnaire
from hearing.questionnaire import messages as m
from hearing.questionnaire.validate import parse_digits, validate

TODAY = dt.date(2025, 6, 15)


def codes(question: Any, raw: Any) -> list[str]:
    value, errors = validate(question, raw, today=TODAY)
    assert value is None  # never a value and errors together
    return [e.code for e in errors]


def ok(question: Any, raw: Any) -> Any:
    value, errors = validate(question, raw, today=TODAY)
    assert errors == []
    json.dumps(value)  # stored values are JSON
    # Validating a stored value again changes nothing (old drafts can be re-checked).
    assert validate(question, value, today=TODAY) == (value, [])
    return value


def date(year: Any = None, month: Any = None, day: Any = None,
         calendar: str | None = "gregorian") -> dict[str, Any]:
    return {"year": year, "month": month, "day": day, "calendar": calendar}


# --- empty and special ------------------------------------------------------------------------


@pytest.mark.parametrize("qid", ["one.gate", "one.follow", "one.chained", "one.people",
                                 "two.count", "two.when"])
def test_empty_is_not_answered_never_an_error(mini: Questionnaire, qid: str) -> None:
    assert validate(mini.question(qid), None) == (None, [])


def test_empty_forms_per_type(mini: Questionnaire) -> None:
    assert validate(mini.question("one.follow"), "   \n ") == (None, [])
    assert validate(mini.question("two.count"), " ") == (None, [])
    assert validate(mini.question("two.when"), date()) == (None, [])
    assert validate(mini.question("two.when"), date(calendar="ethiopian")) == (None, [])
    assert validate(mini.question("one.chained"), "") == (None, [])
    assert validate(mini.question("one.gate"), "") == (None, [])


def test_specials(mini: Questionnaire) -> None:
    q = mini.question("one.follow")
    assert ok(q, {"special": "dont_know"}) == {"special": "dont_know"}
    assert ok(q, {"special": "in_person"}) == {"special": "in_person"}
    assert codes(q, {"special": "maybe"}) == [m.INVALID_ANSWER]
    assert codes(q, {"special": "in_person", "extra": 1}) == [m.INVALID_ANSWER]


# --- text -------------------------------------------------------------------------------------


def test_text_is_nfc_and_stripped(mini: Questionnaire) -> None:
    q = mini.question("one.follow")
    assert ok(q, "  Jose\u0301  ") == "Jos\u00e9"
    # Persian needs the zero-width non-joiner; it is kept.
    assert ok(q, "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == "می‌خواهم"


def test_text_length_is_counted_in_characters(mini: Questionnaire) -> None:
    name = mini.question("one.people.name")  # max_length 10
    assert name.max_length == 10
    assert ok(name, "ሀ" * 10) == "ሀ" * 10  # 30 bytes in UTF-8, 10 characters
    value, errors = validate(name, "ሀ" * 11)
    assert value is None and [(e.code, e.params) for e in errors] == [(m.TOO_LONG, {"max": 10})]
    assert errors[0].message % errors[0].params == (
        "This answer is too long. You can write at most 10 characters.")


def test_text_refuses_control_characters(mini: Questionnaire) -> None:
    q = mini.question("one.follow")
    assert codes(q, "a\x00b") == [m.CONTROL_CHARACTERS]
    assert codes(q, "a\x1bb") == [m.CONTROL_CHARACTERS]
    assert codes(q, "a\u202eb") == [m.CONTROL_CHARACTERS]  # right-to-left override
    assert codes(q, "a\ud800b") == [m.INVALID_TEXT]  # undecodable input (surrogateescape)
    assert codes(q, b"\xff\xfe") == [m.INVALID_TEXT]
    assert codes(q, "one\ntwo") == [m.SINGLE_LINE]
    assert codes(q, 5) == [m.INVALID_ANSWER]


def test_longtext_keeps_line_breaks(v1: Questionnaire) -> None:
    q = v1.question("reasons.account")
    assert ok(q, "first\r\nsecond\rthird\n") == "first\nsecond\nthird"
    assert codes(q, "tab\x07bell") == [m.CONTROL_CHARACTERS]


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("3", 3), (" 4 ", 4), ("٣", 3), ("۴", 4), ("१", 1), ("٠٢", 2), (5, 5)],
)
def test_numbers_in_any_script(mini: Questionnaire, raw: Any, value: int) -> None:
    assert ok(mini.question("two.count"), raw) == value


@pytest.mark.parametrize("raw", ["፫", "three", "-1", "1.5", "1,0", True, 2.0, [1]])
def test_bad_numbers(mini: Questionnaire, raw: Any) -> None:
    assert codes(mini.question("two.count"), raw) == [m.INVALID_NUMBER]


def test_number_range(mini: Questionnaire) -> None:
    value, errors = validate(mini.question("two.count"), "6")
    assert value is None
    assert [(e.code, e.params) for e in errors] == [(m.NUMBER_OUT_OF_RANGE, {"min": 1, "max": 5})]
    assert codes(mini.question("two.count"), "0") == [m.NUMBER_OUT_OF_RANGE]
    assert parse_digits("9" * 13) is None


# --- dates ------------------------------------------------------------------------------------


def test_full_and_approximate_dates(mini: Questionnaire) -> None:
    q = mini.question("two.when")
    assert ok(q, date(2001, 2, 3)) == {"calendar": "gregorian", "year": 2001, "month": 2,
                                        "day": 3}
    assert ok(q, date(2001, 2)) == {"calendar": "gregorian", "year": 2001, "month": 2,
                                     "day": None}
    assert ok(q, date(2001)) == {"calendar": "gregorian", "year": 2001, "month": None,
                                  "day": None}
    assert ok(q, date("2001", "02", "03", calendar=None))["calendar"] == "gregorian"


def test_date_errors(mini: Questionnaire) -> None:
    q = mini.question("two.when")
    assert codes(q, date(2001, None, 3)) == [m.DAY_WITHOUT_MONTH]
    assert codes(q, date(None, 2, 3)) == [m.DATE_INCOMPLETE]
    assert codes(q, date(2001, 2, 30)) == [m.IMPOSSIBLE_DATE]
    assert codes(q, date(2001, 2, 29)) == [m.IMPOSSIBLE_DATE]
    assert ok(q, date(2000, 2, 29))["day"] == 29
    assert codes(q, date(2001, 13)) == [m.INVALID_DATE]
    assert codes(q, date(2001, 0)) == [m.INVALID_DATE]
    assert codes(q, date("abc")) == [m.INVALID_DATE]
    assert codes(q, date(2001, calendar="julian")) == [m.INVALID_DATE]
    assert codes(q, date(1850)) == [m.YEAR_OUT_OF_RANGE]
    assert codes(q, date(99)) == [m.YEAR_OUT_OF_RANGE]
    assert codes(q, date(99999)) == [m.YEAR_OUT_OF_RANGE]
    assert codes(q, {"year": 2001, "hour": 3}) == [m.INVALID_DATE]
    assert codes(q, "2001-02-03") == [m.INVALID_DATE]


def test_future_dates(mini: Questionnaire) -> None:
    q = mini.question("two.when")
    assert ok(q, date(2025, 6, 15))["day"] == 15  # today is fine
    assert codes(q, date(2025, 6, 16)) == [m.FUTURE_DATE]
    assert ok(q, date(2025, 6))["month"] == 6  # this month is fine
    assert codes(q, date(2025, 7)) == [m.FUTURE_DATE]
    assert ok(q, date(2025))["year"] == 2025
    assert codes(q, date(2026)) == [m.FUTURE_DATE]


def test_other_calendars(mini: Questionnaire) -> None:
    q = mini.question("two.when")
    # 25 Khordad 1404 is 15 June 2025 (today); 26 Khordad is tomorrow.
    assert ok(q, date(1404, 3, 25, "solar_hijri"))["year"] == 1404
    assert codes(q, date(1404, 3, 26, "solar_hijri")) == [m.FUTURE_DATE]
    assert codes(q, date(1405, calendar="solar_hijri")) == [m.FUTURE_DATE]
    assert codes(q, date(1402, 12, 30, "solar_hijri")) == [m.IMPOSSIBLE_DATE]
    assert ok(q, date(1403, 12, 30, "solar_hijri"))["day"] == 30
    assert codes(q, date(2003, calendar="solar_hijri")) == [m.FUTURE_DATE]
    # Ethiopian: 8 Sene 2017 is 15 June 2025. 2017 began in September 2024.
    assert ok(q, date(2017, 10, 8, "ethiopian"))["month"] == 10
    assert codes(q, date(2017, 10, 9, "ethiopian")) == [m.FUTURE_DATE]
    assert ok(q, date(2015, 13, 6, "ethiopian"))["day"] == 6
    assert codes(q, date(2016, 13, 6, "ethiopian")) == [m.IMPOSSIBLE_DATE]
    assert codes(q, date(2016, 14, 1, "ethiopian")) == [m.INVALID_DATE]
    assert codes(q, date(2016, 13, calendar="gregorian")) == [m.INVALID_DATE]
    assert codes(q, date(1250, calendar="solar_hijri")) == [m.YEAR_OUT_OF_RANGE]


def test_dates_with_persian_and_arabic_digits(mini: Questionnaire) -> None:
    q = mini.question("two.when")
    assert ok(q, date("۱۳۷۰", "۵", "۱۲", "solar_hijri")) == {
        "calendar": "solar_hijri", "year": 1370, "month": 5, "day": 12}
    assert ok(q, date("٢٠١٥", "٣"))["year"] == 2015
    assert codes(q, date("፳፻", calendar="ethiopian")) == [m.INVALID_DATE]


def test_exact_date_required_when_not_approximate(mini: Questionnaire) -> None:
    from dataclasses import replace

    exact = replace(mini.question("two.when"), allow_approximate=False)
    assert codes(exact, date(2001, 2)) == [m.DATE_INCOMPLETE]
    assert ok(exact, date(2001, 2, 3))["day"] == 3


def test_today_defaults_to_the_real_date(mini: Questionnaire) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    raw = date(tomorrow.year, tomorrow.month, tomorrow.day)
    assert [e.code for e in validate(mini.question("two.when"), raw)[1]] == [m.FUTURE_DATE]


# --- choices ----------------------------------------------------------------------------------


def test_single(mini: Questionnaire) -> None:
    q = mini.question("one.chained")
    assert ok(q, "a") == "a"
    assert codes(q, "z") == [m.NOT_AN_OPTION]
    assert codes(q, ["a"]) == [m.NOT_AN_OPTION]


def test_multi(v1: Questionnaire) -> None:
    q = v1.question("reasons.feared")
    assert ok(q, ["police", "army", "government"]) == ["government", "police", "army"]
    assert ok(q, "police") == ["police"]
    assert validate(q, []) == (None, [])
    assert validate(q, [""]) == (None, [])
    assert codes(q, ["police", "aliens"]) == [m.NOT_AN_OPTION]
    assert codes(q, ["police", "police"]) == [m.DUPLICATE_OPTION]
    assert codes(q, [1]) == [m.NOT_AN_OPTION]


def test_yesno(mini: Questionnaire) -> None:
    q = mini.question("one.gate")
    assert ok(q, "yes") is True
    assert ok(q, "no") is False
    assert ok(q, True) is True
    assert codes(q, "maybe") == [m.INVALID_YESNO]
    assert codes(q, 1) == [m.INVALID_YESNO]


# --- groups -----------------------------------------------------------------------------------


def test_group_items_are_validated_by_their_sub_questions(mini: Questionnaire) -> None:
    q = mini.question("one.people")
    value = ok(q, [{"alive": "yes", "name": " Ali "}, {"name": {"special": "dont_know"}}, {}])
    assert value == [{"name": "Ali", "alive": True}, {"name": {"special": "dont_know"}}, {}]
    assert ok(q, []) == []  # the explicit "none" (min_items is 0)


def test_group_errors_name_the_item(mini: Questionnaire) -> None:
    q = mini.question("one.people")
    value, errors = validate(q, [{"name": "ok"}, {"name": "x" * 11, "alive": "perhaps"}])
    assert value is None
    assert [(e.code, e.path) for e in errors] == [
        (m.TOO_LONG, "one.people[1].name"), (m.INVALID_YESNO, "one.people[1].alive")]
    _, errors = validate(q, [{"colour": "red"}])
    assert [(e.code, e.path) for e in errors] == [(m.UNKNOWN_FIELD, "one.people[0].colour")]
    assert codes(q, [{}, {}, {}, {}]) == [m.TOO_MANY_ITEMS]
    assert codes(q, "items") == [m.INVALID_GROUP]
    assert codes(q, ["item"]) == [m.INVALID_GROUP]
    assert codes(q, [{"name": {"special": "never"}}]) == [m.INVALID_ANSWER]


def test_group_add_and_remove(mini: Questionnaire) -> None:
    q = mini.question("one.people")
    items = ok(q, [{"name": "A"}])
    items = ok(q, [*items, {"name": "B"}])  # add
    assert [i["name"] for i in items] == ["A", "B"]
    items = ok(q, items[1:])  # remove the first
    assert items == [{"name": "B"}]


def test_group_with_min_items_treats_empty_as_unanswered(v1: Questionnaire) -> None:
    assert validate(v1.question("background.addresses"), []) == (None, [])


def test_every_error_code_has_a_message_with_int_params() -> None:
    import re

    for code, message in m.MESSAGES.items():
        assert message, code
        assert all(kind == "d" for kind in re.findall(r"%\(\w+\)(\w)", message)), code
