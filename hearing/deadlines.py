"""Deadlines per stage, counted in working days (Monday to Friday) in the service's time zone.

A deadline is opened when its stage starts and closed when the stage is done; a deadline
closed after its due time, or still open past it, is a breach. Public holidays are not
counted as non-working days yet: deadlines are then a day early, never late.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.config import Settings
from hearing.models import Case, Deadline, DeadlineStage, utcnow


def add_working_days(start: dt.datetime, days: int, tz: str) -> dt.datetime:
    """The end of the ``days``-th working day after ``start`` (23:59:59 local time), in UTC."""
    local = start.astimezone(ZoneInfo(tz))
    day = local.date()
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    end_local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(tz))
    return end_local.astimezone(dt.UTC)


def due_for(stage: DeadlineStage, start: dt.datetime, settings: Settings) -> dt.datetime:
    d = settings.deadlines
    if stage is DeadlineStage.PROCEDURE:
        return start + dt.timedelta(weeks=d.procedure_weeks)
    days = {
        DeadlineStage.CONSENT: d.consent_working_days,
        DeadlineStage.TRANSLATION: d.translation_working_days,
        DeadlineStage.LAWYER_REVIEW: d.lawyer_review_working_days,
    }[stage]
    return add_working_days(start, days, settings.timezone)


def open_deadline(
    session: Session, case: Case, stage: DeadlineStage, settings: Settings,
    now: dt.datetime | None = None,
) -> Deadline:
    """Start the clock for ``stage``; an earlier open deadline of the same stage is closed."""
    now = now or utcnow()
    close_deadline(session, case, stage, now)
    deadline = Deadline(case_id=case.id, stage=stage.value, set_at=now,
                        due_at=due_for(stage, now, settings))
    session.add(deadline)
    session.flush()
    return deadline


def close_deadline(
    session: Session, case: Case, stage: DeadlineStage, now: dt.datetime | None = None
) -> Deadline | None:
    deadline = current_deadline(session, case, stage)
    if deadline is not None:
        deadline.closed_at = now or utcnow()
    return deadline


def current_deadline(session: Session, case: Case, stage: DeadlineStage) -> Deadline | None:
    return session.scalar(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.stage == stage.value,
                               Deadline.closed_at.is_(None)).order_by(Deadline.id.desc())
    )


def next_deadline(session: Session, case: Case) -> Deadline | None:
    """The earliest open deadline of a case, for work queues sorted by deadline."""
    return session.scalar(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.closed_at.is_(None))
        .order_by(Deadline.due_at)
    )


def overdue(session: Session, now: dt.datetime | None = None) -> list[Deadline]:
    now = now or utcnow()
    return list(session.scalars(
        select(Deadline).where(Deadline.closed_at.is_(None), Deadline.due_at < now)
        .order_by(Deadline.due_at)
    ))
