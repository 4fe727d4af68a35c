"""The default selection policy written out by hand, straight from issue 6, as the oracle the
data-driven engine is compared with (and a readable statement of what the tests expect)."""

from __future__ import annotations

import datetime as dt
from typing import Any

REPLACE = {"SYR", "YEM", "TUR", "XXA"}
PREPARE = {"IRN", "ERI", "IRQ", "AFG"}
ON = dt.date(2026, 6, 15)


def base_facts(**changes: Any) -> dict[str, Any]:
    """An adult Syrian applicant whose lawyer consented, with nothing that excludes."""
    facts: dict[str, Any] = {
        "nationality": "SYR", "date_of_birth": dt.date(1990, 1, 1),
        "unaccompanied_minor": False, "nv_signal": False, "f1_signal": False,
        "dublin_claim": False, "safe_country_or_eu_protection": False,
        "subsequent_application": False, "further_hearing_held": False,
        "lawyer_consent": "yes", "literate_in_supported_language": True,
        "medical_unfit": False, "complex_grounds": frozenset(),
    }
    facts.update(changes)
    return facts


def born_aged(years: int, on: dt.date = ON, days_after: int = 0) -> dt.date:
    """A birth date making someone ``years`` old on ``on`` (their birthday is ``on`` itself,
    moved ``days_after`` days later, which makes them one year younger when positive)."""
    birthday = on.replace(year=on.year - years)
    return birthday + dt.timedelta(days=days_after)


def age(born: dt.date, on: dt.date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def expected(f: dict[str, Any], on: dt.date = ON) -> tuple[str, str | None, tuple[str, ...]]:
    years = age(f["date_of_birth"], on)
    excluded = [rule for rule, fires in (
        ("nv-signal", f["nv_signal"]),
        ("1f-signal", f["f1_signal"]),
        ("dublin", f["dublin_claim"]),
        ("safe-country", f["safe_country_or_eu_protection"]),
        ("subsequent", f["subsequent_application"]),
        ("heard-already", f["further_hearing_held"]),
        ("unaccompanied-minor", f["unaccompanied_minor"]),
        ("child-under-15", years < 15),
        ("no-consent", f["lawyer_consent"] == "no"),
        ("illiterate", not f["literate_in_supported_language"]),
        ("medical-unfit", f["medical_unfit"]),
    ) if fires]
    if excluded:
        return "excluded", None, tuple(excluded)
    replace = f["nationality"] in REPLACE
    prepare = f["nationality"] in PREPARE
    complex_ = bool(f["complex_grounds"])
    minor = 15 <= years <= 17
    fired = tuple(rule for rule, fires in (
        ("replace-nationality", replace), ("prepare-nationality", prepare),
        ("complex-grounds", complex_), ("minor-15-17", minor)) if fires)
    if replace and not (complex_ or minor):
        return "eligible", "replace", fired
    if prepare or replace:
        return "eligible", "prepare", fired
    return "not_selected", None, ("nationality-not-listed",)
