"""Booking sittings: a consented case into a time slot at a location.

The database enforces capacity and non-overlap (migration 0002); this module turns its
refusals into clear errors, creates the one-time invitation code, and keeps history: a
cancelled or rebooked sitting stays as a row with its status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hearing import codes
from hearing.models import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    BookingStatus,
    Case,
    CaseState,
    Kiosk,
    TimeSlot,
    utcnow,
)
from hearing.workflow import Actor, transition

INVITATION = "invitation"
# Applicants may check in a little before their slot opens (they queue at the door).
EARLY_CHECK_IN = dt.timedelta(minutes=30)


class BookingError(Exception):
    """A booking the rules do not allow; ``code`` says which rule."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class NewBooking:
    booking: Booking
    # Shown once, on the invitation letter; only its keyed hash is stored.
    invitation_code: str


def active_booking(session: Session, case: Case) -> Booking | None:
    return session.scalar(
        select(Booking).where(Booking.case_id == case.id,
                              Booking.status.in_(ACTIVE_BOOKING_STATUSES))
        .order_by(Booking.starts_at)
    )


def _insert(
    session: Session, case: Case, slot: TimeSlot, pepper: str, actor: Actor,
    replaces: Booking | None = None,
) -> NewBooking:
    code = codes.generate()
    booking = Booking(
        case_id=case.id, slot_id=slot.id, location_id=slot.location_id,
        starts_at=slot.starts_at, ends_at=slot.ends_at, status=BookingStatus.BOOKED.value,
        invitation_code_hash=codes.lookup_hash(code, pepper, INVITATION),
        replaces_booking_id=replaces.id if replaces else None,
        created_by_id=actor.user.id if actor.user else None,
    )
    # Flush what is pending first: begin_nested() would flush it outside the savepoint.
    session.flush()
    try:
        # A savepoint, so a refusal leaves the caller's transaction usable.
        with session.begin_nested():
            session.add(booking)
            session.flush()
    except IntegrityError as exc:
        raise _explain(exc, case, slot) from None
    session.refresh(slot)
    return NewBooking(booking, code)


def _explain(exc: IntegrityError, case: Case, slot: TimeSlot) -> BookingError:
    text = str(exc.orig)
    if "within_capacity" in text:
        return BookingError("slot_full", f"time slot {slot.id} is full ({slot.capacity} places)")
    if "booking_overlap" in text or "ex_booking_case_overlap" in text:
        return BookingError(
            "overlap", f"case {case.v_number} already has a sitting overlapping this time slot"
        )
    return BookingError("refused", f"booking refused by the database: {text.splitlines()[0]}")


def book(session: Session, case: Case, slot: TimeSlot, pepper: str, actor: Actor) -> NewBooking:
    """Book a consented case into ``slot``; moves the case to *scheduled*."""
    if case.state != CaseState.CONSENTED:
        raise BookingError(
            "state", f"case {case.v_number} is {case.state}; only consented cases can be booked"
        )
    if slot.starts_at <= utcnow():
        raise BookingError("past", "this time slot has already started")
    new = _insert(session, case, slot, pepper, actor)
    transition(session, case, "schedule", actor)
    return new


def cancel(session: Session, booking: Booking, actor: Actor, reason: str) -> None:
    """Cancel a sitting; the case goes back to *consented* to be booked again."""
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        raise BookingError("not_active", f"booking {booking.id} is {booking.status}")
    if booking.status == BookingStatus.CHECKED_IN:
        raise BookingError("checked_in", "the applicant has already checked in")
    booking.status = BookingStatus.CANCELLED.value
    booking.cancelled_at = utcnow()
    session.flush()
    case = session.get(Case, booking.case_id)
    assert case is not None
    if case.state == CaseState.SCHEDULED and active_booking(session, case) is None:
        transition(session, case, "unschedule", actor, reason=reason)


def rebook(
    session: Session, booking: Booking, slot: TimeSlot, pepper: str, actor: Actor
) -> NewBooking:
    """Move a sitting to another slot. The old row stays, marked *rebooked*; a new code is made."""
    if booking.status != BookingStatus.BOOKED:
        raise BookingError("not_active", f"booking {booking.id} is {booking.status}")
    if slot.starts_at <= utcnow():
        raise BookingError("past", "this time slot has already started")
    case = session.get(Case, booking.case_id)
    assert case is not None
    session.flush()
    try:
        with session.begin_nested():
            booking.status = BookingStatus.REBOOKED.value
            booking.cancelled_at = utcnow()
            session.flush()
            return _insert(session, case, slot, pepper, actor, replaces=booking)
    except BookingError:
        # The savepoint rolled back; the old booking is active again.
        session.refresh(booking)
        raise


def reissue_invitation_code(session: Session, booking: Booking, pepper: str) -> str:
    """A new one-time code for a letter that was lost; the old code stops working at once.

    Only for a sitting not yet started: once the code has been used the applicant continues
    with the personal resume code instead.
    """
    if booking.status != BookingStatus.BOOKED or booking.invitation_code_used_at is not None:
        raise BookingError("not_active", f"booking {booking.id} is {booking.status}")
    code = codes.generate()
    booking.invitation_code_hash = codes.lookup_hash(code, pepper, INVITATION)
    # Wrong attempts with the old code say nothing about the new one.
    booking.failed_attempts = 0
    booking.locked_until = None
    session.flush()
    return code


class CheckInRefusal(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    WRONG_LOCATION = "wrong_location"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"
    NOT_ACTIVE = "not_active"


def find_by_invitation_code(session: Session, code: str, pepper: str) -> Booking | None:
    digest = codes.lookup_hash(code, pepper, INVITATION)
    return session.scalar(select(Booking).where(Booking.invitation_code_hash == digest))


def check_in_refusal(
    booking: Booking, kiosk: Kiosk | None, now: dt.datetime | None = None
) -> CheckInRefusal | None:
    """Why this booking cannot check in at this kiosk now, or None when it can."""
    now = now or utcnow()
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        return CheckInRefusal.NOT_ACTIVE
    if kiosk is None or kiosk.location_id != booking.location_id:
        return CheckInRefusal.WRONG_LOCATION
    if now < booking.starts_at - EARLY_CHECK_IN:
        return CheckInRefusal.TOO_EARLY
    if now >= booking.ends_at:
        return CheckInRefusal.TOO_LATE
    return None
