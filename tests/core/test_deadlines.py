from __future__ import annotations

import datetime as dt

from hearing import deadlines
from hearing.config import Settings
from hearing.models import DeadlineStage
from tests.factories import make_case

TZ = "Europe/Amsterdam"


def test_working_days_skip_weekends() -> None:
    friday = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    due = deadlines.add_working_days(friday, 5, TZ)
    # Mon 23 .. Fri 27: five working days; the deadline is the end of Friday, local time.
    assert due == dt.datetime(2026, 11, 27, 22, 59, 59, tzinfo=dt.UTC)
    assert deadlines.add_working_days(friday, 1, TZ).date() == dt.date(2026, 11, 23)


def test_open_close_and_breach(session, settings: Settings) -> None:
    case = make_case(session)
    start = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)  # a Monday
    d = deadlines.open_deadline(session, case, DeadlineStage.TRANSLATION, settings, now=start)
    assert d.due_at.date() == dt.date(2026, 11, 9)
    assert deadlines.next_deadline(session, case) is d
    later = start + dt.timedelta(days=10)
    assert deadlines.overdue(session, now=later) == [d]
    deadlines.close_deadline(session, case, DeadlineStage.TRANSLATION, now=later)
    assert d.breached()
    assert deadlines.overdue(session, now=later) == []
    assert deadlines.next_deadline(session, case) is None


def test_procedure_deadline_is_weeks(session, settings: Settings) -> None:
    case = make_case(session)
    start = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    d = deadlines.open_deadline(session, case, DeadlineStage.PROCEDURE, settings, now=start)
    assert d.due_at - start == dt.timedelta(weeks=6)
