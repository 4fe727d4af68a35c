from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text

from hearing import scheduling
from hearing.models import Booking, CaseState, Kiosk, Location, TimeSlot, utcnow
from hearing.scheduling import BookingError, CheckInRefusal
from hearing.workflow import SYSTEM, transition
from tests.factories import make_case

PEPPER = "test-pepper"


def _slot(session, location: Location, start_in_hours: float, hours: float = 4,
          capacity: int = 2) -> TimeSlot:
    start = utcnow().replace(microsecond=0) + dt.timedelta(hours=start_in_hours)
    slot = TimeSlot(location_id=location.id, starts_at=start,
                    ends_at=start + dt.timedelta(hours=hours), capacity=capacity)
    session.add(slot)
    session.flush()
    return slot


def _consented(session, **kw):
    case = make_case(session, **kw)
    transition(session, case, "invite", SYSTEM)
    transition(session, case, "consent", SYSTEM)
    return case


@pytest.fixture
def location(session) -> Location:
    loc = Location(name="Ter Apel")
    session.add(loc)
    session.flush()
    return loc


def test_booking_makes_a_code_and_schedules_the_case(session, location) -> None:
    case = _consented(session)
    slot = _slot(session, location, 24)
    new = scheduling.book(session, case, slot, PEPPER, SYSTEM)
    assert case.state == CaseState.SCHEDULED
    assert slot.booked == 1
    assert new.invitation_code not in (new.booking.invitation_code_hash or "")
    found = scheduling.find_by_invitation_code(session, new.invitation_code.lower(), PEPPER)
    assert found is new.booking
    assert scheduling.find_by_invitation_code(session, "AAAA-BBBB-CCCC", PEPPER) is None


def test_only_consented_cases_can_be_booked(session, location) -> None:
    case = make_case(session)
    with pytest.raises(BookingError) as info:
        scheduling.book(session, case, _slot(session, location, 24), PEPPER, SYSTEM)
    assert info.value.code == "state"


def test_a_full_slot_refuses_and_the_transaction_goes_on(session, location) -> None:
    slot = _slot(session, location, 24, capacity=1)
    scheduling.book(session, _consented(session), slot, PEPPER, SYSTEM)
    late = _consented(session)
    with pytest.raises(BookingError) as info:
        scheduling.book(session, late, slot, PEPPER, SYSTEM)
    assert info.value.code == "slot_full"
    assert late.state == CaseState.CONSENTED
    session.commit()
    assert session.scalar(select(TimeSlot.booked).where(TimeSlot.id == slot.id)) == 1


def test_the_database_refuses_over_capacity_without_the_app(session, location) -> None:
    slot = _slot(session, location, 24, capacity=0)
    with pytest.raises(Exception, match="within_capacity"):
        session.execute(text("UPDATE time_slot SET booked = 1 WHERE id = :id"), {"id": slot.id})
        session.flush()


def test_overlapping_sittings_of_one_case_are_refused(session, location) -> None:
    case = _consented(session)
    first = _slot(session, location, 24, hours=4)
    overlapping = _slot(session, location, 26, hours=4)
    scheduling.book(session, case, first, PEPPER, SYSTEM)
    # Bypass the state check: the database itself must refuse the second active sitting.
    with pytest.raises(BookingError) as info:
        scheduling._insert(session, case, overlapping, PEPPER, SYSTEM)
    assert info.value.code == "overlap"


def test_cancel_and_rebook_keep_history(session, location) -> None:
    case = _consented(session)
    a, b, c = (_slot(session, location, h) for h in (24, 48, 72))
    first = scheduling.book(session, case, a, PEPPER, SYSTEM)
    second = scheduling.rebook(session, first.booking, b, PEPPER, SYSTEM)
    assert first.booking.status == "rebooked"
    assert second.booking.replaces_booking_id == first.booking.id
    session.refresh(a)
    session.refresh(b)
    assert (a.booked, b.booked) == (0, 1)
    assert case.state == CaseState.SCHEDULED
    scheduling.cancel(session, second.booking, SYSTEM, reason="ill")
    assert case.state == CaseState.CONSENTED
    session.refresh(b)
    assert b.booked == 0
    third = scheduling.book(session, case, c, PEPPER, SYSTEM)
    statuses = session.scalars(select(Booking.status).where(Booking.case_id == case.id)
                               .order_by(Booking.id)).all()
    assert statuses == ["rebooked", "cancelled", "booked"]
    assert third.invitation_code != first.invitation_code


def test_rebook_into_a_full_slot_keeps_the_old_booking(session, location) -> None:
    case = _consented(session)
    a, full = _slot(session, location, 24), _slot(session, location, 48, capacity=0)
    first = scheduling.book(session, case, a, PEPPER, SYSTEM)
    with pytest.raises(BookingError):
        scheduling.rebook(session, first.booking, full, PEPPER, SYSTEM)
    assert first.booking.status == "booked"
    session.commit()
    session.refresh(a)
    assert a.booked == 1


def test_check_in_only_at_the_booked_place_and_time(session, location) -> None:
    other = Location(name="Den Bosch")
    session.add(other)
    session.flush()
    here = Kiosk(location_id=location.id, label="k1")
    there = Kiosk(location_id=other.id, label="k2")
    session.add_all([here, there])
    case = _consented(session)
    slot = _slot(session, location, 2, hours=4)
    booking = scheduling.book(session, case, slot, PEPPER, SYSTEM).booking
    start = slot.starts_at
    assert scheduling.check_in_refusal(booking, here, start) is None
    assert scheduling.check_in_refusal(booking, here, start - dt.timedelta(minutes=20)) is None
    assert scheduling.check_in_refusal(booking, there, start) is CheckInRefusal.WRONG_LOCATION
    assert scheduling.check_in_refusal(booking, None, start) is CheckInRefusal.WRONG_LOCATION
    assert (scheduling.check_in_refusal(booking, here, start - dt.timedelta(hours=1))
            is CheckInRefusal.TOO_EARLY)
    assert scheduling.check_in_refusal(booking, here, slot.ends_at) is CheckInRefusal.TOO_LATE


@pytest.mark.postgres
@pytest.mark.parametrize("dialect", ["postgresql"], indirect=True)
def test_concurrent_bookings_never_overfill_a_slot(database) -> None:
    """Eight transactions race for two seats; exactly two win."""
    with database.session() as s:
        loc = Location(name="Race")
        s.add(loc)
        s.flush()
        slot_id = _slot(s, loc, 24, capacity=2).id
        case_ids = [_consented(s).id for _ in range(8)]
    barrier = threading.Barrier(len(case_ids))
    outcomes: list[str] = []

    def attempt(case_id: int) -> None:
        from hearing.models import Case

        with database.sessionmaker() as s:
            case, slot = s.get(Case, case_id), s.get(TimeSlot, slot_id)
            barrier.wait()
            try:
                scheduling.book(s, case, slot, PEPPER, SYSTEM)
                s.commit()
                outcomes.append("booked")
            except BookingError as exc:
                s.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(cid,)) for cid in case_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] * 2 + ["slot_full"] * 6
    with database.session() as s:
        assert s.get(TimeSlot, slot_id).booked == 2
        assert s.scalar(select(text("count(*)")).select_from(Booking)) == 2


@pytest.mark.postgres
@pytest.mark.parametrize("dialect", ["postgresql"], indirect=True)
def test_concurrent_overlapping_bookings_of_one_case(database) -> None:
    """Two planners book the same applicant at once into overlapping slots: one wins."""
    with database.session() as s:
        loc = Location(name="Race2")
        s.add(loc)
        s.flush()
        slot_ids = [_slot(s, loc, 24).id, _slot(s, loc, 25).id]
        case_id = _consented(s).id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(slot_id: int) -> None:
        from hearing.models import Case

        with database.sessionmaker() as s:
            case, slot = s.get(Case, case_id), s.get(TimeSlot, slot_id)
            barrier.wait()
            try:
                scheduling._insert(s, case, slot, PEPPER, SYSTEM)
                s.commit()
                outcomes.append("booked")
            except BookingError as exc:
                s.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(sid,)) for sid in slot_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "overlap"]
