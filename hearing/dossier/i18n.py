"""Translatable strings of the receipt and letter, and date formatting per locale.

Builders receive translator functions (``gettext``-like: ``Callable[[str], str]``), one for the
applicant's locale and one for Dutch; the web app passes Flask-Babel's translations for each.
English source strings are wrapped in :func:`N_` so ``pybabel extract`` finds them (add
``N_`` to the keywords, e.g. ``-k N_``); the builders translate them at render time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.core import UnknownLocaleError
from babel.dates import format_date, format_datetime

Gettext = Callable[[str], str]
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def N_(message: str) -> str:  # noqa: N802 (conventional gettext marker name)
    """Mark a string for extraction without translating it now."""
    return message


def identity(message: str) -> str:
    """A translator that returns the English source (for tests and the ``en`` locale)."""
    return message


def format_when(value: date | datetime, locale: str, *, time: bool = True) -> str:
    """Day, month name and year (and time) in the locale's words, Western digits kept.

    Babel's CLDR patterns are used; right-to-left locales get their own month names. On an
    unknown locale we fall back to ISO so a receipt is never lost over a date format.
    """
    try:
        if isinstance(value, datetime):
            local = value.astimezone(TIMEZONE) if value.tzinfo else value
            if time:
                return format_datetime(local, "d MMMM y, HH:mm", locale=locale)
            return format_date(local.date(), "d MMMM y", locale=locale)
        return format_date(value, "d MMMM y", locale=locale)
    except (UnknownLocaleError, ValueError):
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M" if time else "%Y-%m-%d")
        return value.isoformat()


def format_clock(value: datetime) -> str:
    """24-hour local time (HH:MM), the same in every locale the kiosk supports."""
    local = value.astimezone(TIMEZONE) if value.tzinfo else value
    return local.strftime("%H:%M")
