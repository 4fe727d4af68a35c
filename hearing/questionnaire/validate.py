"""Turn a raw answer (from forms.from_fields, or a stored value) into the value that is stored.

``validate(question, raw) -> (value, errors)``: either a value (None = not answered) and no
errors, or None and at least one error -- never both, so a bad input can never overwrite what
was saved. Stored values are JSON-serialisable and final:

==========  ====================================================================================
text        ``str`` -- NFC, stripped, one line, at most ``max_length`` characters
longtext    ``str`` -- NFC, stripped, line breaks kept as ``\\n``
number      ``int``
date        ``{"calendar": str, "year": int, "month": int | None, "day": int | None}``
single      ``str`` (option id)
multi       ``list[str]`` (option ids, in the order of the options)
yesno       ``bool``
group       ``list[dict[key, value]]`` -- each item's values validated by its sub-question;
            ``[]`` is the applicant's explicit "none" (only when ``min_items`` is 0)
any         ``{"special": "dont_know" | "in_person"}``
==========  ====================================================================================

Empty input is "not answered" (None), never an error. Validating a stored value returns it
unchanged, so old drafts can be re-checked.

Digits: numbers and dates accept decimal digits of any script (Western, Arabic-Indic,
Persian, Devanagari ...) through ``unicodedata.decimal``. Ethiopic numerals are not decimal
(there is no zero; they are additive), so they are refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

from hearing.questionnaire import calendars
from hearing.questionnaire.conditions import is_special
from hearing.questionnaire.messages import (
    CONTROL_CHARACTERS,
    DATE_INCOMPLETE,
    DAY_WITHOUT_MONTH,
    DUPLICATE_OPTION,
    FUTURE_DATE,
    IMPOSSIBLE_DATE,
    INVALID_ANSWER,
    INVALID_DATE,
    INVALID_GROUP,
    INVALID_NUMBER,
    INVALID_TEXT,
    INVALID_YESNO,
    NOT_AN_OPTION,
    NUMBER_OUT_OF_RANGE,
    SINGLE_LINE,
    TOO_LONG,
    TOO_MANY_ITEMS,
    UNKNOWN_FIELD,
    YEAR_OUT_OF_RANGE,
    ValidationError,
    error,
)
from hearing.questionnaire.model import (
    CALENDARS,
    DATE,
    GREGORIAN,
    GROUP,
    LONGTEXT,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    YESNO,
    Question,
)

__all__ = ["EARLIEST_YEAR", "ValidationError", "parse_digits", "validate"]

Result = tuple[Any, list[ValidationError]]

# No applicant's date (birth, events, journey) lies before this Gregorian year; an earlier one is
# a typo or a date in the wrong calendar, and saying so helps more than storing it.
EARLIEST_YEAR = 1900
# More digits than any count or amount in the form; also keeps int() on hostile input cheap.
MAX_DIGITS = 12

# Characters refused in text although Unicode calls them "format" (Cf): bidi embeddings,
# overrides and isolates can make the dossier display text in a different order than typed.
# Marks that real keyboards produce (ZWNJ, ZWJ, LRM, RLM, ALM) stay allowed: Persian needs ZWNJ.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate(question: Question, raw: Any, *, today: dt.date | None = None) -> Result:
    """Check ``raw`` for ``question``; ``today`` exists for tests (default: the local date)."""
    if raw is None:
        return None, []
    if isinstance(raw, dict) and "special" in raw:
        if is_special(raw):
            return {"special": raw["special"]}, []
        return None, [error(INVALID_ANSWER, question.id)]
    return _by_type(question, raw, question.id, today or dt.date.today())


def _by_type(question: Question, raw: Any, path: str, today: dt.date) -> Result:
    if question.type in (TEXT, LONGTEXT):
        return _text(question, raw, path)
    if question.type == NUMBER:
        return _number(question, raw, path)
    if question.type == DATE:
        return _date(question, raw, path, today)
    if question.type == SINGLE:
        return _single(question, raw, path)
    if question.type == MULTI:
        return _multi(question, raw, path)
    if question.type == YESNO:
        return _yesno(raw, path)
    if question.type == GROUP:
        return _group(question, raw, path, today)
    return None, [error(INVALID_ANSWER, path)]  # unreachable: the loader checks types


# --- text ------------------------------------------------------------------------------------


def _text(question: Question, raw: Any, path: str) -> Result:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None, [error(INVALID_TEXT, path)]
    if not isinstance(raw, str):
        return None, [error(INVALID_ANSWER, path)]
    # Lone surrogates are what undecodable bytes become (surrogateescape); they are no text.
    if any("\ud800" <= ch <= "\udfff" for ch in raw):
        return None, [error(INVALID_TEXT, path)]
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        return None, []
    if question.type == TEXT and "\n" in text:
        return None, [error(SINGLE_LINE, path)]
    for ch in text:
        if ch == "\n":
            continue
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            return None, [error(CONTROL_CHARACTERS, path)]
        # Unassigned code points are not text anyone typed; U+FFFD is what undecodable bytes
        # became (see webform.utf8): either way the text was damaged on its way here.
        if ch == "\ufffd" or unicodedata.category(ch) == "Cn":
            return None, [error(INVALID_TEXT, path)]
    assert question.max_length is not None  # the loader sets a limit on every text question
    if len(text) > question.max_length:
        return None, [error(TOO_LONG, path, max=question.max_length)]
    return text, []


# --- numbers ----------------------------------------------------------------------------------


def parse_digits(raw: str) -> int | None:
    """A whole number written in decimal digits of any script; None if it is anything else.

    Spaces around are ignored; signs, separators and decimal points are refused rather than
    guessed at ("1.500" is fifteen hundred in one country and one and a half in another).
    """
    text = raw.strip()
    if not text or len(text) > MAX_DIGITS:
        return None
    value = 0
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def _number(question: Question, raw: Any, path: str) -> Result:
    if type(raw) is int:
        value: int | None = raw
    elif isinstance(raw, str):
        if not raw.strip():
            return None, []
        value = parse_digits(raw)
    else:
        value = None
    if value is None:
        return None, [error(INVALID_NUMBER, path)]
    low = question.min_value if question.min_value is not None else 0
    high = question.max_value if question.max_value is not None else 10**MAX_DIGITS
    if not low <= value <= high:
        return None, [error(NUMBER_OUT_OF_RANGE, path, min=low, max=high)]
    return value, []


# --- dates ------------------------------------------------------------------------------------


def _date_part(raw: Any) -> tuple[int | None, bool]:
    """(value, ok) of one date field; empty is (None, True)."""
    if raw is None:
        return None, True
    if type(raw) is int:
        return raw, True
    if isinstance(raw, str):
        if not raw.strip():
            return None, True
        value = parse_digits(raw)
        return value, value is not None
    return None, False


def _date(question: Question, raw: Any, path: str, today: dt.date) -> Result:
    if not isinstance(raw, Mapping) or set(raw) - {"calendar", "year", "month", "day"}:
        return None, [error(INVALID_DATE, path)]
    parts = {}
    for name in ("year", "month", "day"):
        value, ok = _date_part(raw.get(name))
        if not ok:
            return None, [error(INVALID_DATE, path)]
        parts[name] = value
    year, month, day = parts["year"], parts["month"], parts["day"]
    if year is None and month is None and day is None:
        return None, []  # a calendar choice alone is no answer
    calendar = raw.get("calendar") or GREGORIAN
    if calendar not in CALENDARS:
        return None, [error(INVALID_DATE, path)]
    if year is None:
        return None, [error(DATE_INCOMPLETE, path)]
    if day is not None and month is None:
        return None, [error(DAY_WITHOUT_MONTH, path)]
    if not question.allow_approximate and (month is None or day is None):
        return None, [error(DATE_INCOMPLETE, path)]
    if month is not None and not 1 <= month <= calendars.months_in_year(calendar):
        return None, [error(INVALID_DATE, path)]
    low, high = calendars.YEAR_BOUNDS[calendar]
    if not low <= year <= high:
        return None, [error(YEAR_OUT_OF_RANGE, path)]
    if day is not None and not 1 <= day <= calendars.month_length(calendar, year, month or 1):
        return None, [error(IMPOSSIBLE_DATE, path)]
    # An approximate date is checked by its first day: "2024" is fine during 2024.
    start = calendars.to_gregorian(calendar, year, month or 1, day or 1)
    if start.year < EARLIEST_YEAR:
        return None, [error(YEAR_OUT_OF_RANGE, path)]
    if start > today:
        return None, [error(FUTURE_DATE, path)]
    return {"calendar": calendar, "year": year, "month": month, "day": day}, []


# --- choices ----------------------------------------------------------------------------------


def _single(question: Question, raw: Any, path: str) -> Result:
    if not isinstance(raw, str):
        return None, [error(NOT_AN_OPTION, path)]
    if not raw:
        return None, []
    if question.option(raw) is None:
        return None, [error(NOT_AN_OPTION, path)]
    return raw, []


def _multi(question: Question, raw: Any, path: str) -> Result:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
        return None, [error(NOT_AN_OPTION, path)]
    chosen = [item for item in raw if item]
    if not chosen:
        return None, []
    if any(question.option(item) is None for item in chosen):
        return None, [error(NOT_AN_OPTION, path)]
    if len(set(chosen)) != len(chosen):
        return None, [error(DUPLICATE_OPTION, path)]
    return [option_id for option_id in question.option_ids if option_id in chosen], []


def _yesno(raw: Any, path: str) -> Result:
    if type(raw) is bool:
        return raw, []
    if raw == "":
        return None, []
    if raw == "yes":
        return True, []
    if raw == "no":
        return False, []
    return None, [error(INVALID_YESNO, path)]


# --- groups -----------------------------------------------------------------------------------


def _group(question: Question, raw: Any, path: str, today: dt.date) -> Result:
    if not isinstance(raw, list | tuple):
        return None, [error(INVALID_GROUP, path)]
    if not raw:
        # The explicit "none"; where at least one item is needed it is simply no answer yet.
        return ([] if question.min_items == 0 else None), []
    if len(raw) > question.max_items:
        return None, [error(TOO_MANY_ITEMS, path, max=question.max_items)]
    items: list[dict[str, Any]] = []
    errors: list[ValidationError] = []
    for index, raw_item in enumerate(raw):
        item_path = f"{path}[{index}]"
        if not isinstance(raw_item, Mapping):
            errors.append(error(INVALID_GROUP, item_path))
            continue
        item: dict[str, Any] = {}
        for key, raw_value in raw_item.items():
            sub = question.sub(key) if isinstance(key, str) else None
            if sub is None:
                errors.append(error(UNKNOWN_FIELD, f"{item_path}.{key}"))
                continue
            sub_path = f"{item_path}.{key}"
            if isinstance(raw_value, dict) and "special" in raw_value:
                value, problems = (
                    ({"special": raw_value["special"]}, []) if is_special(raw_value)
                    else (None, [error(INVALID_ANSWER, sub_path)])
                )
            elif raw_value is None:
                value, problems = None, []
            else:
                value, problems = _by_type(sub, raw_value, sub_path, today)
            errors.extend(problems)
            if value is not None:
                item[key] = value
        # Items keep the sub-question order, so stored drafts compare and read predictably.
        items.append({sub.key: item[sub.key] for sub in question.questions if sub.key in item})
    if errors:
        return None, errors
    return items, []

