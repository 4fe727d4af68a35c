"""Builders for the planner, scheduling, lawyer and host screen tests."""

from __future__ import annotations

import datetime as dt
import itertools

from hearing.db import Database
from hearing.models import (
    Booking,
    BookingStatus,
    Case,
    CaseState,
    Location,
    Organisation,
    OrganisationKind,
    Role,
    TimeSlot,
    User,
    UserRole,
    utcnow,
)
from hearing.passwords import hash_password
from tests.factories import make_case

# These users never type a password (tests use quick_client); one hash keeps argon2 cheap.
_HASH = hash_password("not used in these tests")
_n = itertools.count(1)


def person(database: Database, *roles: Role, **kw: object) -> int:
    with database.session() as s:
        n = next(_n)
        user = User(username=kw.pop("username", f"p{n}"),
                    full_name=kw.pop("full_name", f"Person {n}"), password_hash=_HASH,
                    must_change_password=False, **kw)
        user.roles = [UserRole(role=r.value) for r in roles]
        s.add(user)
        s.flush()
        return user.id


def firm(database: Database, name: str = "Firm") -> int:
    with database.session() as s:
        org = Organisation(name=name, kind=OrganisationKind.LAW_FIRM)
        s.add(org)
        s.flush()
        return org.id


def location(database: Database, name: str = "North", address: str = "Street 1, Town") -> int:
    with database.session() as s:
        loc = Location(name=name, address=address)
        s.add(loc)
        s.flush()
        return loc.id


def case(database: Database, **kw: object) -> int:
    with database.session() as s:
        return make_case(s, **kw).id


def slot(database: Database, location_id: int, *, hours_from_now: float = 48,
         hours: float = 4, capacity: int = 5) -> int:
    start = (utcnow() + dt.timedelta(hours=hours_from_now)).replace(microsecond=0)
    with database.session() as s:
        row = TimeSlot(location_id=location_id, starts_at=start,
                       ends_at=start + dt.timedelta(hours=hours), capacity=capacity)
        s.add(row)
        s.flush()
        return row.id


def booking_now(database: Database, location_id: int, *, state: CaseState = CaseState.SCHEDULED,
                status: BookingStatus = BookingStatus.BOOKED, **case_kw: object) -> tuple[int, int]:
    """A case with a sitting that runs now (a slot that has started), as the host sees it."""
    start = utcnow().replace(microsecond=0) - dt.timedelta(minutes=30)
    with database.session() as s:
        c = make_case(s, state=state, **case_kw)
        row = TimeSlot(location_id=location_id, starts_at=start,
                       ends_at=start + dt.timedelta(hours=4), capacity=5)
        s.add(row)
        s.flush()
        b = Booking(case_id=c.id, slot_id=row.id, location_id=location_id,
                    starts_at=row.starts_at, ends_at=row.ends_at, status=status.value)
        s.add(b)
        s.flush()
        return c.id, b.id


def get_case(database: Database, case_id: int) -> Case:
    with database.session() as s:
        found = s.get(Case, case_id)
        assert found is not None
        s.expunge(found)
        return found
