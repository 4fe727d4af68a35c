"""What ``hearing remind`` does: deadline reminders, and moving on when a lawyer is silent.

Run from cron (e.g. every 15 minutes). Each notice is sent once: the deadline row records
when its "near" and "passed" notices went out. A lawyer review whose deadline passed moves
the case on to screening, recorded as "no response". Sealed cases still waiting go to their
default translation agency (``hearing.translation.dispatch_submitted``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing import notifications, translation
from hearing.config import Settings
from hearing.models import (
    Case,
    CaseState,
    Deadline,
    DeadlineStage,
    LawyerReview,
    Organisation,
    Role,
    User,
    WorkStatus,
    utcnow,
)
from hearing.workflow import SYSTEM, transition

NEAR = dt.timedelta(hours=24)


@dataclass
class RemindResult:
    notices: list[notifications.Notice] = field(default_factory=list)
    lapsed_reviews: list[str] = field(default_factory=list)
    sent_to_translation: list[str] = field(default_factory=list)
    # Which deadline and which mark each notice belongs to, to undo the mark if sending fails.
    marks: dict[int, tuple[Deadline, str]] = field(default_factory=dict)

    def add(self, notice: notifications.Notice, deadline: Deadline, mark: str) -> None:
        self.notices.append(notice)
        self.marks[id(notice)] = (deadline, mark)

    def unmark(self, notice: notifications.Notice) -> None:
        # Assignment notices carry no mark: the assignment itself stands either way.
        if id(notice) in self.marks:
            deadline, mark = self.marks[id(notice)]
            setattr(deadline, mark, None)


def _planners(session: Session) -> list[str]:
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    return [u.email for u in users if u.email and u.has_role(Role.PLANNER)]


def recipients(session: Session, case: Case, stage: str) -> list[str]:
    if stage in (DeadlineStage.CONSENT, DeadlineStage.LAWYER_REVIEW):
        lawyer = session.get(User, case.lawyer_id) if case.lawyer_id else None
        return [lawyer.email] if lawyer is not None and lawyer.email else []
    if stage == DeadlineStage.TRANSLATION and case.translation_agency_id:
        agency = session.get(Organisation, case.translation_agency_id)
        return [agency.email] if agency is not None and agency.email else []
    return _planners(session)


def remind(session: Session, settings: Settings, now: dt.datetime | None = None) -> RemindResult:
    now = now or utcnow()
    result = RemindResult()
    result.sent_to_translation, assigned = translation.dispatch_submitted(session, settings, now)
    result.notices.extend(assigned)
    open_deadlines = session.scalars(
        select(Deadline).where(Deadline.closed_at.is_(None), Deadline.due_at < now + NEAR)
        .order_by(Deadline.due_at)
    ).all()
    for deadline in open_deadlines:
        case = session.get(Case, deadline.case_id)
        assert case is not None
        to = recipients(session, case, deadline.stage)
        if deadline.due_at <= now:
            if deadline.reminded_passed_at is None:
                deadline.reminded_passed_at = now
                cc = _planners(session) if deadline.stage == DeadlineStage.CONSENT else []
                for address in dict.fromkeys(to + cc):
                    notice = notifications.deadline_passed(case, address, deadline, settings)
                    result.add(notice, deadline, "reminded_passed_at")
            if (deadline.stage == DeadlineStage.LAWYER_REVIEW
                    and case.state == CaseState.IN_LAWYER_REVIEW):
                _lapse_review(session, case, deadline, now)
                result.lapsed_reviews.append(case.v_number)
        elif deadline.reminded_near_at is None:
            deadline.reminded_near_at = now
            for address in to:
                result.add(notifications.deadline_near(case, address, deadline, settings),
                           deadline, "reminded_near_at")
    session.flush()
    return result


def _lapse_review(session: Session, case: Case, deadline: Deadline, now: dt.datetime) -> None:
    review = session.scalar(
        select(LawyerReview).where(LawyerReview.case_id == case.id,
                                   LawyerReview.status == WorkStatus.IN_PROGRESS.value)
    )
    if review is None:
        review = LawyerReview(case_id=case.id, lawyer_id=case.lawyer_id, started_at=now)
        session.add(review)
    # Anything the lawyer saved but did not submit stays stored, marked as not submitted.
    review.status = WorkStatus.NO_RESPONSE.value
    transition(session, case, "lawyer_review_lapsed", SYSTEM,
               reason="lawyer review deadline passed without submission", at=now)
    deadline.closed_at = now
