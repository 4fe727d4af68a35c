"""A small world of users and cases where each role sees a known subset."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from hearing.db import Database
from hearing.models import (
    Booking,
    BookingStatus,
    CaseState,
    Handoff,
    Location,
    Organisation,
    OrganisationKind,
    Role,
    Screening,
    TimeSlot,
    User,
    UserRole,
)
from hearing.passwords import hash_password
from tests.factories import make_case

S = CaseState
# One hash for everybody: these users never sign in with a password, and argon2 is slow
# (tests.factories.make_user hashes a password on every call, even when given a hash).
_HASH = hash_password("not used in these tests")
_names = itertools.count(1)


def _user(session: Session, *roles: Role, **kw: object) -> User:
    n = next(_names)
    user = User(username=f"w{n}", full_name=f"World user {n}", password_hash=_HASH,
                must_change_password=False, **kw)
    user.roles = [UserRole(role=r.value) for r in roles]
    session.add(user)
    session.flush()
    return user


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    v_numbers: dict[str, str] = field(default_factory=dict)


def build_world(database: Database) -> World:
    world = World()
    start = dt.datetime(2030, 1, 7, 8, tzinfo=dt.UTC)
    with database.session() as s:
        agency_a = Organisation(name="Agency A", kind=OrganisationKind.TRANSLATION_AGENCY)
        agency_b = Organisation(name="Agency B", kind=OrganisationKind.TRANSLATION_AGENCY)
        firm = Organisation(name="Firm", kind=OrganisationKind.LAW_FIRM)
        north, south = Location(name="North"), Location(name="South")
        s.add_all([agency_a, agency_b, firm, north, south])
        s.flush()
        users = {
            "planner": _user(s, Role.PLANNER),
            "admin": _user(s, Role.ADMINISTRATOR),
            "host_north": _user(s, Role.HOST, location_id=north.id),
            "host_south": _user(s, Role.HOST, location_id=south.id),
            "translator_a": _user(s, Role.TRANSLATOR, organisation_id=agency_a.id),
            "translator_b": _user(s, Role.TRANSLATOR, organisation_id=agency_b.id),
            "lawyer_1": _user(s, Role.LAWYER, organisation_id=firm.id),
            "lawyer_2": _user(s, Role.LAWYER, organisation_id=firm.id),
            "screener": _user(s, Role.SCREENER),
            "officer_1": _user(s, Role.DECISION_OFFICER),
            "officer_2": _user(s, Role.DECISION_OFFICER),
            "lawyer_screener": _user(s, Role.LAWYER, Role.SCREENER),
        }
        u = users
        cases = {
            "selected": make_case(s, state=S.SELECTED, lawyer_id=u["lawyer_1"].id),
            "booked_north": make_case(s, state=S.SCHEDULED, lawyer_id=u["lawyer_2"].id),
            "cancelled_north": make_case(s, state=S.CONSENTED,
                                         lawyer_id=u["lawyer_screener"].id),
            "submitted_a": make_case(s, state=S.SUBMITTED, translation_agency_id=agency_a.id),
            "translating_a": make_case(s, state=S.IN_TRANSLATION,
                                       translation_agency_id=agency_a.id,
                                       lawyer_id=u["lawyer_1"].id),
            "ready_a": make_case(s, state=S.READY_FOR_SCREENING,
                                 translation_agency_id=agency_a.id, lawyer_id=u["lawyer_2"].id),
            "handed_b": make_case(s, state=S.HANDED_TO_DECISION_OFFICER,
                                  translation_agency_id=agency_b.id),
            "withdrawn_a": make_case(s, state=S.WITHDRAWN, translation_agency_id=agency_a.id),
        }
        for name, status in (("booked_north", BookingStatus.BOOKED),
                             ("cancelled_north", BookingStatus.CANCELLED)):
            slot = TimeSlot(location_id=north.id, starts_at=start,
                            ends_at=start + dt.timedelta(hours=4), capacity=5)
            s.add(slot)
            s.flush()
            s.add(Booking(case_id=cases[name].id, slot_id=slot.id, location_id=north.id,
                          starts_at=slot.starts_at, ends_at=slot.ends_at, status=status.value))
            start += dt.timedelta(days=1)
        s.flush()
        screening = Screening(case_id=cases["handed_b"].id, ruleset_id="handoff",
                              ruleset_version="1", ruleset_hash="0" * 64,
                              reference_date=dt.date(2030, 1, 1), verdict="ok",
                              results=[])
        s.add(screening)
        s.flush()
        s.add(Handoff(case_id=cases["handed_b"].id, screening_id=screening.id,
                      screener_id=u["screener"].id, decision_officer_id=u["officer_1"].id,
                      route="prepare"))
        world.users = {k: v.id for k, v in users.items()}
        world.cases = {k: v.id for k, v in cases.items()}
        world.v_numbers = {k: v.v_number for k, v in cases.items()}
    return world


ALL = frozenset({"selected", "booked_north", "cancelled_north", "submitted_a", "translating_a",
                 "ready_a", "handed_b", "withdrawn_a"})

# What each user's work queue (metadata) holds.
EXPECTED: dict[str, frozenset[str]] = {
    "planner": ALL,
    "admin": ALL,
    "host_north": frozenset({"booked_north"}),
    "host_south": frozenset(),
    "translator_a": frozenset({"translating_a", "ready_a"}),
    "translator_b": frozenset({"handed_b"}),
    "lawyer_1": frozenset({"selected", "translating_a"}),
    "lawyer_2": frozenset({"booked_north", "ready_a"}),
    "screener": frozenset({"ready_a", "handed_b"}),
    "officer_1": frozenset({"handed_b"}),
    "officer_2": frozenset(),
    "lawyer_screener": frozenset({"cancelled_north", "ready_a", "handed_b"}),
}
