"""Demo data: locations, slots, one user per role and about 20 cases spread over every state.

Used by ``hearing demo`` and by tests that want a populated database. Everything here is
invented; names are common names, V-numbers are in a range the service does not use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.models import (
    Booking,
    BookingStatus,
    Case,
    CaseState,
    Consent,
    Deadline,
    Kiosk,
    Location,
    Organisation,
    OrganisationKind,
    Role,
    Route,
    TimeSlot,
    User,
    UserRole,
    utcnow,
)
from hearing.passwords import hash_password
from hearing.workflow import SYSTEM, Actor, transition

DEMO_PASSWORD_SUFFIX = "-demo-2026"  # noqa: S105 - demo logins are printed on purpose

# The steps that bring a new case into each state, in order.
PATHS: dict[CaseState, tuple[str, ...]] = {
    CaseState.SELECTED: (),
    CaseState.INVITED: ("invite",),
    CaseState.CONSENTED: ("invite", "consent"),
    CaseState.DECLINED: ("invite", "decline"),
    CaseState.SCHEDULED: ("invite", "consent", "schedule"),
    CaseState.IN_PROGRESS: ("invite", "consent", "schedule", "check_in"),
    CaseState.SUBMITTED: ("invite", "consent", "schedule", "check_in", "seal"),
    CaseState.IN_TRANSLATION: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation"),
    CaseState.IN_LAWYER_REVIEW: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
        "finish_translation"),
    CaseState.READY_FOR_SCREENING: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
        "finish_translation", "finish_lawyer_review"),
    CaseState.HANDED_TO_DECISION_OFFICER: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
        "finish_translation", "finish_lawyer_review", "hand_off"),
    CaseState.DECIDED_ON_FORM: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
        "finish_translation", "finish_lawyer_review", "hand_off", "decide_on_form"),
    CaseState.HEARING_IN_PERSON_NEEDED: (
        "invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
        "finish_translation", "finish_lawyer_review", "hand_off", "require_hearing"),
    CaseState.WITHDRAWN: ("invite", "consent", "withdraw"),
    CaseState.EXCLUDED: ("exclude",),
}

# Deadlines the demo steps open and close, so consent lists, overdue lists and the measurement
# page have something to show: step -> (stage it opens, days allowed).
OPENS = {"invite": ("consent", 7), "consent": ("procedure", 42),
         "send_to_translation": ("translation", 7), "finish_translation": ("lawyer_review", 14)}
CLOSES = {"consent": ("consent",), "decline": ("consent",), "finish_translation": ("translation",),
          "finish_lawyer_review": ("lawyer_review",), "decide_on_form": ("procedure",),
          "require_hearing": ("procedure",), "withdraw": ("consent", "procedure"),
          "exclude": ("consent", "procedure")}
# Cases whose open deadline has passed (shown as overdue); the others are due in a few days.
OVERDUE = frozenset({"Haddad", "Ghebre"})

REASONS = {
    "decline": "Client prefers a hearing in person.",
    "withdraw": "Application withdrawn by the applicant.",
    "exclude": "Dublin claim pending.",
    "require_hearing": "Account of events needs questions in person.",
}


@dataclass(frozen=True)
class DemoCase:
    family_name: str
    given_names: str
    born: dt.date
    nationality: str
    locale: str
    state: CaseState
    route: Route | None


DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase("Al-Hassan", "Omar", dt.date(1990, 4, 12), "SYR", "ar", CaseState.SELECTED, Route.REPLACE),
    DemoCase("Haddad", "Lina", dt.date(1995, 9, 3), "SYR", "ar", CaseState.INVITED, Route.REPLACE),
    DemoCase("Saleh", "Ahmed", dt.date(1988, 1, 20), "YEM", "ar", CaseState.CONSENTED, Route.REPLACE),
    DemoCase("Tesfay", "Yonas", dt.date(1993, 6, 1), "ERI", "ti", CaseState.DECLINED, Route.PREPARE),
    DemoCase("Kaya", "Mehmet", dt.date(1985, 11, 30), "TUR", "tr", CaseState.SCHEDULED, Route.REPLACE),
    DemoCase("Rahimi", "Zahra", dt.date(1992, 2, 14), "IRN", "fa", CaseState.IN_PROGRESS, Route.PREPARE),
    DemoCase("Mahmoud", "Rania", dt.date(1991, 7, 7), "SYR", "ar", CaseState.SUBMITTED, Route.REPLACE),
    DemoCase("Ghebre", "Selam", dt.date(1997, 3, 22), "ERI", "ti", CaseState.IN_TRANSLATION, Route.PREPARE),
    DemoCase("Ahmadzai", "Farid", dt.date(1989, 8, 15), "AFG", "ps", CaseState.IN_LAWYER_REVIEW, Route.PREPARE),
    DemoCase("Karimi", "Hamid", dt.date(1994, 5, 5), "AFG", "fa_AF", CaseState.READY_FOR_SCREENING, Route.PREPARE),
    DemoCase("Aziz", "Shilan", dt.date(1996, 12, 1), "IRQ", "ckb", CaseState.HANDED_TO_DECISION_OFFICER, Route.PREPARE),
    DemoCase("Darwish", "Nour", dt.date(1987, 10, 10), "SYR", "ar", CaseState.DECIDED_ON_FORM, Route.REPLACE),
    DemoCase("Yilmaz", "Ayse", dt.date(1990, 1, 1), "TUR", "tr", CaseState.HEARING_IN_PERSON_NEEDED, Route.REPLACE),
    DemoCase("Ivanov", "Pavel", dt.date(1983, 4, 4), "XXA", "ru", CaseState.WITHDRAWN, Route.REPLACE),
    DemoCase("Mohamed", "Hodan", dt.date(1998, 9, 9), "SOM", "so", CaseState.EXCLUDED, None),
    DemoCase("Bakr", "Samir", dt.date(1986, 6, 16), "YEM", "ar", CaseState.INVITED, Route.REPLACE),
    DemoCase("Hosseini", "Maryam", dt.date(1999, 11, 11), "IRN", "fa", CaseState.SUBMITTED, Route.PREPARE),
    DemoCase("Bekele", "Hanna", dt.date(1994, 2, 2), "ERI", "am", CaseState.SCHEDULED, Route.PREPARE),
    DemoCase("Zana", "Rezan", dt.date(1993, 8, 8), "SYR", "ku", CaseState.DECIDED_ON_FORM, Route.REPLACE),
    DemoCase("Nasser", "Dina", dt.date(1992, 3, 3), "XXA", "ar", CaseState.IN_TRANSLATION, Route.REPLACE),
)

DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("planner", "Petra Planner", Role.PLANNER),
    ("host", "Hasan Host", Role.HOST),
    ("translator", "Tamar Translator", Role.TRANSLATOR),
    ("lawyer", "Laura Lawyer", Role.LAWYER),
    ("screener", "Sven Screener", Role.SCREENER),
    ("officer", "Dora Decision-Officer", Role.DECISION_OFFICER),
    ("admin", "Ada Administrator", Role.ADMINISTRATOR),
)


def demo_password(username: str) -> str:
    return username + DEMO_PASSWORD_SUFFIX


def is_seeded(session: Session) -> bool:
    return session.scalar(select(User).where(User.username == "planner")) is not None


def seed(session: Session, now: dt.datetime | None = None) -> None:
    """Fill an empty database with demo data. Safe to call twice: the second call does nothing."""
    if is_seeded(session):
        return
    now = now or utcnow()
    service = Organisation(name="Asylum service", kind=OrganisationKind.SERVICE)
    firm = Organisation(name="Van Dijk Advocaten", kind=OrganisationKind.LAW_FIRM,
                        email="office@vandijk.example")
    agency = Organisation(name="Vertaalbureau Babel", kind=OrganisationKind.TRANSLATION_AGENCY,
                          email="planning@babel.example")
    session.add_all([service, firm, agency])
    ter_apel = Location(name="Ter Apel", address="Havikshorst 1, Ter Apel")
    den_bosch = Location(name="Den Bosch", address="Stationsplein 2, 's-Hertogenbosch")
    session.add_all([ter_apel, den_bosch])
    session.flush()
    for loc in (ter_apel, den_bosch):
        session.add_all(Kiosk(location_id=loc.id, label=f"{loc.name} kiosk {n}") for n in (1, 2, 3))
    today = now.astimezone(dt.UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    todays_slot = None
    for day in range(0, 10):
        for loc in (ter_apel, den_bosch):
            slot = TimeSlot(location_id=loc.id, starts_at=today + dt.timedelta(days=day),
                            ends_at=today + dt.timedelta(days=day, hours=5), capacity=8)
            session.add(slot)
            todays_slot = todays_slot or slot
    users: dict[Role, User] = {}
    for username, name, role in DEMO_USERS:
        org = {Role.LAWYER: firm, Role.TRANSLATOR: agency}.get(role, service)
        user = User(
            username=username, full_name=name, email=f"{username}@demo.example",
            organisation=org, password_hash=hash_password(demo_password(username)),
            must_change_password=False,
            location_id=ter_apel.id if role is Role.HOST else None,
            register_number="RBTV-10234" if role is Role.TRANSLATOR else None,
        )
        user.roles = [UserRole(role=role.value)]
        session.add(user)
        users[role] = user
    session.flush()
    actors = {
        "invite": users[Role.PLANNER], "schedule": users[Role.PLANNER],
        "consent": users[Role.LAWYER], "decline": users[Role.LAWYER],
        "finish_translation": users[Role.TRANSLATOR],
        "finish_lawyer_review": users[Role.LAWYER], "hand_off": users[Role.SCREENER],
        "decide_on_form": users[Role.DECISION_OFFICER],
        "require_hearing": users[Role.DECISION_OFFICER], "exclude": users[Role.PLANNER],
    }
    for index, demo in enumerate(DEMO_CASES):
        start = now - dt.timedelta(days=40 - index)
        case = Case(
            v_number=f"V9{index + 1:08d}", family_name=demo.family_name,
            given_names=demo.given_names, date_of_birth=demo.born,
            nationality=demo.nationality, preferred_locale=demo.locale, route=demo.route,
            lawyer=users[Role.LAWYER],
            translation_agency=agency if demo.state not in (CaseState.SELECTED,) else None,
            lawyer_consent=Consent.PENDING.value, created_at=start, updated_at=start,
            dublin_claim=demo.state is CaseState.EXCLUDED,
        )
        session.add(case)
        session.flush()
        open_deadlines: dict[str, Deadline] = {}
        for number, step in enumerate(PATHS[demo.state], start=1):
            actor_user = actors.get(step)
            actor = Actor.of(actor_user) if actor_user is not None else SYSTEM
            if step in ("check_in", "seal"):
                actor = Actor("applicant")
            at = start + dt.timedelta(days=2 * number, hours=number)
            transition(session, case, step, actor, reason=REASONS.get(step), at=at)
            if step == "consent":
                case.lawyer_consent = Consent.YES.value
            elif step == "decline":
                case.lawyer_consent = Consent.NO.value
            for stage in CLOSES.get(step, ()):
                if stage in open_deadlines:
                    open_deadlines.pop(stage).closed_at = at
            if step in OPENS:
                stage, days = OPENS[step]
                open_deadlines[stage] = Deadline(case_id=case.id, stage=stage, set_at=at,
                                                 due_at=at + dt.timedelta(days=days))
                session.add(open_deadlines[stage])
        for deadline in open_deadlines.values():
            if deadline.stage == "procedure":
                deadline.due_at = now + dt.timedelta(weeks=2)
            elif demo.family_name not in OVERDUE:
                deadline.due_at = now + dt.timedelta(days=3)
            else:
                deadline.due_at = now - dt.timedelta(days=1)
        if demo.state in (CaseState.SCHEDULED, CaseState.IN_PROGRESS) and todays_slot:
            # The host's list of today: a sitting at Ter Apel (`hearing demo` may move the
            # scheduled ones to a slot open at start-up; the in-progress one stays checked in).
            checked_in = demo.state is CaseState.IN_PROGRESS
            session.add(Booking(
                case_id=case.id, slot_id=todays_slot.id, location_id=ter_apel.id,
                starts_at=todays_slot.starts_at, ends_at=todays_slot.ends_at,
                status=(BookingStatus.CHECKED_IN if checked_in else BookingStatus.BOOKED).value,
                checked_in_at=todays_slot.starts_at if checked_in else None,
                created_by_id=users[Role.PLANNER].id))
            session.flush()
    session.flush()
