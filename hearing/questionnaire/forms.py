"""HTML form fields <-> raw answers, for one top-level question at a time.

The field naming contract (the kiosk templates render exactly this; the autosave script sends
every field whose name is the question id or starts with ``<id>.``):

=====================  ============================================================================
``<id>``               text, longtext, number, single (option id), yesno (``yes``/``no``);
                       multi: repeated, one per chosen option id
``<id>.day``           date parts: ``.day``, ``.month``, ``.year`` (digits of any script) and
``<id>.calendar``      ``.calendar`` (gregorian, solar_hijri, ethiopian; empty = gregorian)
``<id>.special``       ``dont_know`` or ``in_person``; when present and non-empty it wins
``<id>.count``         group: how many items were rendered (indexes 0 .. count-1)
``<id>.none``          group: the explicit "there is nothing to add" choice (any non-empty value)
``<id>.<i>.<key>``     group item ``i``, sub-question ``key``; dates as ``<id>.<i>.<key>.day``
                       etc., special answers as ``<id>.<i>.<key>.special``
=====================  ============================================================================

Empty values are ignored everywhere. That lets a template put a hidden empty ``<id>`` in front
of radio buttons and checkboxes, so that unticking every box still posts the question (and
clears its answer) instead of posting nothing at all.

Why ``.none`` and not just ``count = 0``: an untouched group is rendered with no items, and the
autosave would post ``count = 0`` for it; that must not count as the applicant saying "none".
So ``count = 0`` alone means "no answer" (None) and ``count = 0`` with ``.none`` means "none"
(``[]``). Removing the last item therefore clears the answer rather than leaving stale items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hearing.questionnaire.conditions import is_special
from hearing.questionnaire.model import DATE, GROUP, MULTI, YESNO, Question

Fields = Mapping[str, list[str]]

# A count that is not a number is passed on as this, which validate() refuses as a group.
INVALID = "invalid"


def _values(fields: Fields, name: str) -> list[str]:
    return [value for value in fields.get(name, []) if value != ""]


def _first(fields: Fields, name: str) -> str | None:
    values = _values(fields, name)
    return values[0] if values else None


def _scalar(question: Question, name: str, fields: Fields) -> Any:
    special = _first(fields, f"{name}.special")
    if special is not None:
        return {"special": special}
    if question.type == DATE:
        parts = {part: _first(fields, f"{name}.{part}") for part in ("day", "month", "year")}
        if all(value is None for value in parts.values()):
            return None
        return {**parts, "calendar": _first(fields, f"{name}.calendar")}
    values = _values(fields, name)
    if question.type == MULTI:
        return values or None
    if not values:
        return None
    # Two values for a one-value question is not something our pages send; let validate say so.
    return values[0] if len(values) == 1 else values


def _group(question: Question, fields: Fields) -> Any:
    name = question.id
    raw_count = _first(fields, f"{name}.count")
    if raw_count is None:
        # No count posted: infer it from the item fields that are there.
        indexes = [int(part) for field in fields
                   if field.startswith(name + ".")
                   and (part := field[len(name) + 1:].split(".", 1)[0]).isascii()
                   and part.isdigit()]
        count = max(indexes) + 1 if indexes else 0
    elif raw_count.isascii() and raw_count.isdigit():
        count = int(raw_count)
    else:
        return INVALID
    if count == 0:
        return [] if _first(fields, f"{name}.none") is not None else None
    # One more than allowed is enough for validate() to refuse; never build a huge list.
    count = min(count, question.max_items + 1)
    items = []
    for index in range(count):
        item = {}
        for sub in question.questions:
            value = _scalar(sub, f"{name}.{index}.{sub.key}", fields)
            if value is not None:
                item[sub.key] = value
        items.append(item)
    return items


def from_fields(question: Question, fields: Fields) -> Any:
    """The raw answer for ``validate()`` from the posted fields of one top-level question."""
    if question.type == GROUP:
        special = _first(fields, f"{question.id}.special")
        return {"special": special} if special is not None else _group(question, fields)
    return _scalar(question, question.id, fields)


def _scalar_fields(question: Question, name: str, value: Any, out: dict[str, list[str]]) -> None:
    if value is None:
        return
    if is_special(value):
        out[f"{name}.special"] = [value["special"]]
    elif question.type == DATE:
        for part in ("day", "month", "year"):
            out[f"{name}.{part}"] = ["" if value.get(part) is None else str(value[part])]
        out[f"{name}.calendar"] = [value.get("calendar") or ""]
    elif question.type == MULTI:
        out[name] = list(value)
    elif question.type == YESNO:
        out[name] = ["yes" if value else "no"]
    else:
        out[name] = [str(value)]


def to_fields(question: Question, value: Any) -> dict[str, list[str]]:
    """The fields that show a stored answer again (the inverse of from_fields + validate).

    A group always gets its ``.count`` (0 when unanswered) so the template knows how many
    items to render.
    """
    out: dict[str, list[str]] = {}
    if question.type != GROUP:
        _scalar_fields(question, question.id, value, out)
        return out
    if is_special(value):
        out[f"{question.id}.special"] = [value["special"]]
        out[f"{question.id}.count"] = ["0"]
        return out
    items = value if isinstance(value, list) else []
    out[f"{question.id}.count"] = [str(len(items))]
    if isinstance(value, list) and not value:
        out[f"{question.id}.none"] = ["1"]
    for index, item in enumerate(items):
        for sub in question.questions:
            _scalar_fields(sub, f"{question.id}.{index}.{sub.key}", item.get(sub.key), out)
    return out
