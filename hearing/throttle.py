"""Throttling of wrong codes, per code and per kiosk.

After ``MAX_FAILURES`` wrong attempts the code (or the kiosk) is locked for ``LOCK_FOR``; the
applicant is told until when. A success resets the count. Counters live in the database so
every worker and every kiosk sees the same state.
"""

from __future__ import annotations

import datetime as dt

from hearing.models import Booking, Draft, Kiosk, utcnow

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
Throttled = Kiosk | Booking | Draft


def _fields(obj: Throttled) -> tuple[str, str]:
    if isinstance(obj, Draft):
        return "failed_resume_attempts", "resume_locked_until"
    return "failed_attempts", "locked_until"


def locked_until(obj: Throttled, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock ends, or None if not locked."""
    _, until_field = _fields(obj)
    until: dt.datetime | None = getattr(obj, until_field)
    return until if until is not None and until > (now or utcnow()) else None


def fail(obj: Throttled, now: dt.datetime | None = None) -> dt.datetime | None:
    """Count a wrong attempt; returns the lock's end if this attempt locked it."""
    now = now or utcnow()
    count_field, until_field = _fields(obj)
    count = (getattr(obj, count_field) or 0) + 1
    if count >= MAX_FAILURES:
        setattr(obj, count_field, 0)
        setattr(obj, until_field, now + LOCK_FOR)
        return now + LOCK_FOR
    setattr(obj, count_field, count)
    return None


def succeed(obj: Throttled) -> None:
    count_field, until_field = _fields(obj)
    setattr(obj, count_field, 0)
    setattr(obj, until_field, None)
