"""Inviting the applicant's lawyer and recording consent or refusal, with a deadline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from hearing import deadlines, notifications
from hearing.config import Settings
from hearing.models import Case, Consent, DeadlineStage, User
from hearing.workflow import Actor, TransitionError, transition


def invite(
    session: Session, case: Case, actor: Actor, settings: Settings,
    now: dt.datetime | None = None,
) -> list[notifications.Notice]:
    """Invite the case's lawyer; returns the emails to send once the transaction commits."""
    if case.lawyer_id is None:
        raise TransitionError(case, "invite", f"case {case.v_number} has no lawyer to invite")
    transition(session, case, "invite", actor, at=now)
    case.lawyer_consent = Consent.PENDING.value
    deadline = deadlines.open_deadline(session, case, DeadlineStage.CONSENT, settings, now)
    lawyer = session.get(User, case.lawyer_id)
    if lawyer is None or not lawyer.email:
        return []
    return [notifications.invitation(case, lawyer.email, deadline, settings)]


def answer(
    session: Session, case: Case, lawyer: User, consents: bool, settings: Settings,
    reason: str | None = None, now: dt.datetime | None = None,
) -> None:
    """The lawyer consents (the procedure clock starts) or declines (with a reason)."""
    if case.lawyer_id != lawyer.id:
        raise PermissionError("only the case's own lawyer can answer for it")
    if consents:
        transition(session, case, "consent", Actor.of(lawyer), at=now)
        case.lawyer_consent = Consent.YES.value
        deadlines.close_deadline(session, case, DeadlineStage.CONSENT, now)
        deadlines.open_deadline(session, case, DeadlineStage.PROCEDURE, settings, now)
    else:
        transition(session, case, "decline", Actor.of(lawyer), reason=reason, at=now)
        case.lawyer_consent = Consent.NO.value
        deadlines.close_deadline(session, case, DeadlineStage.CONSENT, now)
