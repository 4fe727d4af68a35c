"""The inputs a rule set declares: their types, how text is parsed into them, how they read.

A rule set names every fact its rules may look at, with a type. The same declaration serves
three purposes, so they can never disagree: the loader checks each condition against it
(a rule cannot compare a yes/no fact with a date), the engine checks the facts it is given
(a typo in a fact name is an error, not a silently missing value), and text from a CSV row or
a what-if form is parsed by it.

Types:

``bool``     yes/no; a Python ``bool``; written ``yes``/``no`` in CSV and forms.
``enum``     one of the declared ``values`` (a ``str``).
``country``  an ISO 3166-1 alpha-3 code, or an ICAO 9303 code such as ``XXA`` (stateless).
``date``     a ``datetime.date``, written ``YYYY-MM-DD``; with ``past: true`` it may not lie
             after the reference date (nobody is born tomorrow).
``set``      a subset of the declared ``values`` (a ``frozenset[str]``), written as a
             ``;``-separated list, possibly empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hearing.countries import is_nationality

TYPES = ("bool", "country", "date", "enum", "set")
LANGS = ("nl", "en")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
_NONE = {"nl": "geen", "en": "none"}


@dataclass(frozen=True)
class Input:
    """One fact a rule set reads."""

    name: str
    type: str
    label: Mapping[str, str]
    values: tuple[str, ...] = ()  # the allowed values of an enum or set
    past: bool = False  # a date that may not lie after the reference date
    description: str = ""
    _allowed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        # A frozenset for membership tests, built once: facts are checked for every case.
        object.__setattr__(self, "_allowed", frozenset(self.values))

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]

    # -- typed values (what the engine receives) ---------------------------------------------

    def check(self, value: Any, on: dt.date) -> Any:
        """Return ``value`` in its canonical form, or raise ``ValueError`` saying what is wrong."""
        kind = self.type
        if kind == "bool":
            # bool only: 0/1 or "yes" would be accepted by a lax check and hide a caller's bug.
            if value is True or value is False:
                return value
            raise ValueError("must be yes or no (a boolean)")
        if kind == "enum":
            if isinstance(value, str) and value in self._allowed:
                return value
            raise ValueError(f"must be one of {', '.join(self.values)}")
        if kind == "country":
            if isinstance(value, str) and is_nationality(value):
                return value
            raise ValueError("is not an ISO 3166-1 alpha-3 code (XXA for stateless)")
        if kind == "date":
            # datetime is a subclass of date; comparing one with a date raises deep in a rule.
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise ValueError("must be a date")
            if self.past and value > on:
                raise ValueError(f"lies after the reference date {on.isoformat()}")
            return value
        # set
        if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
            raise ValueError(f"must be a set of: {', '.join(self.values)}")
        items = frozenset(value)
        unknown = sorted(str(v) for v in items - self._allowed)
        if unknown:
            raise ValueError(
                f"has unknown value(s) {', '.join(unknown)}; allowed: {', '.join(self.values)}"
            )
        return items

    # -- text (CSV cells, form fields) --------------------------------------------------------

    def parse(self, text: str | None, on: dt.date) -> Any:
        """Parse a CSV cell or form field; raise ``ValueError`` with a plain message.

        ``None`` means the cell is absent (a short row) and is always an error; an empty string
        is an error too except for a set, where it is the empty set. Case and surrounding
        blanks are forgiven (``Yes``, `` syr``), as in the case import.
        """
        if text is None:
            raise ValueError("is missing")
        text = text.strip()
        kind = self.type
        if kind == "set":
            items = [part.strip().lower() for part in text.split(";")]
            return self.check([item for item in items if item], on)
        if not text:
            raise ValueError("is empty")
        if kind == "bool":
            lowered = text.lower()
            if lowered not in ("yes", "no"):
                raise ValueError("must be yes or no")
            return lowered == "yes"
        if kind == "enum":
            return self.check(text.lower(), on)
        if kind == "country":
            return self.check(text.upper(), on)
        # date: fromisoformat alone would also take 20240101 and week dates; be exact.
        if not _ISO_DATE.match(text):
            raise ValueError("is not a date in the form YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("is not a real date") from None
        return self.check(day, on)

    def format(self, value: Any, lang: str = "en") -> str:
        """A value as a person reads it (``ja``/``nee`` in Dutch, sets comma-separated)."""
        if self.type == "bool":
            yes, no = _YES_NO.get(lang, _YES_NO["en"])
            return yes if value else no
        if self.type == "set":
            return ", ".join(sorted(value)) if value else _NONE.get(lang, _NONE["en"])
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
