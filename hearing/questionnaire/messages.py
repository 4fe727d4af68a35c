"""Validation errors: a stable code, an English source message, and its parameters.

The messages are marked with ``N_`` so ``make i18n`` extracts them into the applicant catalog;
the web app shows ``gettext(error.message, **error.params)`` next to the field. Parameters are
always ints so every translation keeps the same ``%(name)d`` placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hearing.translate import N_

TOO_LONG = "too_long"
INVALID_TEXT = "invalid_text"
CONTROL_CHARACTERS = "control_characters"
SINGLE_LINE = "single_line"
INVALID_DATE = "invalid_date"
IMPOSSIBLE_DATE = "impossible_date"
FUTURE_DATE = "future_date"
YEAR_OUT_OF_RANGE = "year_out_of_range"
DATE_INCOMPLETE = "date_incomplete"
DAY_WITHOUT_MONTH = "day_without_month"
INVALID_NUMBER = "invalid_number"
NUMBER_OUT_OF_RANGE = "number_out_of_range"
NOT_AN_OPTION = "not_an_option"
DUPLICATE_OPTION = "duplicate_option"
INVALID_YESNO = "invalid_yesno"
INVALID_GROUP = "invalid_group"
TOO_MANY_ITEMS = "too_many_items"
NO_SUCH_ITEM = "no_such_item"
UNKNOWN_FIELD = "unknown_field"
INVALID_ANSWER = "invalid_answer"
UNKNOWN_QUESTION = "unknown_question"

MESSAGES: dict[str, str] = {
    TOO_LONG: N_("This answer is too long. You can write at most %(max)d characters."),
    INVALID_TEXT: N_("This answer could not be read. Please type it again."),
    CONTROL_CHARACTERS: N_("This answer contains characters that are not allowed."),
    SINGLE_LINE: N_("Please write this answer on one line."),
    INVALID_DATE: N_("This date could not be read. Please check the day, month and year."),
    IMPOSSIBLE_DATE: N_("This date does not exist. Please check the day and the month."),
    FUTURE_DATE: N_("This date is in the future. Please check it."),
    YEAR_OUT_OF_RANGE: N_("This year is not possible. Please check the year and the calendar."),
    DATE_INCOMPLETE: N_("Please give the day, the month and the year."),
    DAY_WITHOUT_MONTH: N_("Please give the month too, or leave the day empty."),
    INVALID_NUMBER: N_("Please write a number, using digits only."),
    NUMBER_OUT_OF_RANGE: N_("Please write a number from %(min)d to %(max)d."),
    NOT_AN_OPTION: N_("Please choose one of the answers shown."),
    DUPLICATE_OPTION: N_("An answer was chosen twice. Please check your choice."),
    INVALID_YESNO: N_("Please answer yes or no."),
    INVALID_GROUP: N_("These answers could not be read. Please try again."),
    TOO_MANY_ITEMS: N_("You can add at most %(max)d entries here."),
    NO_SUCH_ITEM: N_("This entry does not exist any more."),
    UNKNOWN_FIELD: N_("These answers could not be read. Please try again."),
    INVALID_ANSWER: N_("This answer could not be read. Please try again."),
    UNKNOWN_QUESTION: N_("This question does not exist."),
}


@dataclass(frozen=True)
class ValidationError:
    """One problem with one answer. ``path`` is the question id, or ``group[index].key``."""

    code: str
    path: str
    params: dict[str, int] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English source string; pass it through gettext with ``params``."""
        return MESSAGES[self.code]


def error(code: str, path: str, **params: int) -> ValidationError:
    return ValidationError(code, path, dict(params))
