"""The access matrix of admin.access, per role, through the query and through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from admin.access import Purpose, case_for, may_see, visible_cases
from hearing.db import Database
from hearing.models import Case, Deadline, Role, User
from tests.admin.conftest import Clock, add_staff, quick_client
from tests.admin.world import EXPECTED, World, build_world
from tests.factories import make_case


@pytest.fixture
def world(database: Database) -> World:
    return build_world(database)


def _visible(database: Database, world: World, who: str, purpose: Purpose) -> frozenset[str]:
    names = {v: k for k, v in world.cases.items()}
    with database.session() as s:
        user = s.get(User, world.users[who])
        assert user is not None
        ids = s.scalars(visible_cases(user, purpose).with_only_columns(Case.id)).all()
    return frozenset(names[i] for i in ids)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_visible_cases_follow_the_matrix(database: Database, world: World, who: str) -> None:
    assert _visible(database, world, who, Purpose.METADATA) == EXPECTED[who]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_content_is_the_same_except_for_administrators(
    database: Database, world: World, who: str
) -> None:
    expected = frozenset() if who == "admin" else EXPECTED[who]
    assert _visible(database, world, who, Purpose.CONTENT) == expected


def test_a_deactivated_user_sees_nothing(database: Database, world: World) -> None:
    with database.session() as s:
        planner = s.get(User, world.users["planner"])
        assert planner is not None
        planner.active = False
        assert s.scalars(visible_cases(planner)).all() == []


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_work_queue_and_case_pages_follow_the_matrix(
    app: Flask, database: Database, world: World, clock: Clock, who: str
) -> None:
    client = quick_client(app, database, world.users[who])
    queue = client.get("/")
    assert queue.status_code == 200
    for name, v_number in world.v_numbers.items():
        assert (v_number in queue.text) == (name in EXPECTED[who]), name
        page = client.get(f"/cases/{world.cases[name]}")
        assert page.status_code == (200 if name in EXPECTED[who] else 404), name


def test_case_for_checks_purpose(app: Flask, database: Database, world: World) -> None:
    from werkzeug.exceptions import NotFound

    from hearing.web import db_session

    with app.test_request_context():
        admin = db_session().get(User, world.users["admin"])
        assert admin is not None
        case_id = world.cases["ready_a"]
        assert case_for(admin, case_id, purpose=Purpose.METADATA).id == case_id
        assert may_see(admin, case_id, purpose=Purpose.METADATA)
        assert not may_see(admin, case_id, purpose=Purpose.CONTENT)
        with pytest.raises(NotFound):
            case_for(admin, case_id, purpose=Purpose.CONTENT)
        with pytest.raises(NotFound):
            case_for(admin, 10_000_000, purpose=Purpose.METADATA)


def test_require_roles(app: Flask, database: Database, clock: Clock) -> None:
    from admin.access import require_roles

    @require_roles(Role.SCREENER, Role.PLANNER)
    def view() -> str:
        return "ok"

    app.add_url_rule("/test-only/screening", "test_only_screening", view)
    screener = add_staff(database, Role.SCREENER)
    lawyer = add_staff(database, Role.LAWYER)
    both = add_staff(database, Role.LAWYER, Role.PLANNER)
    assert app.test_client().get("/test-only/screening").location.startswith("/sign-in")
    assert quick_client(app, database, lawyer.id).get("/test-only/screening").status_code == 403
    assert quick_client(app, database, screener.id).get("/test-only/screening").text == "ok"
    assert quick_client(app, database, both.id).get("/test-only/screening").text == "ok"
    with pytest.raises(ValueError):
        require_roles()


def test_the_queue_is_sorted_by_next_open_deadline(
    app: Flask, database: Database, clock: Clock
) -> None:
    now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    with database.session() as s:
        oldest = make_case(s, created_at=now - dt.timedelta(days=30))
        newer = make_case(s, created_at=now - dt.timedelta(days=10))
        late = make_case(s, created_at=now - dt.timedelta(days=1))
        soon = make_case(s, created_at=now)
        closed = make_case(s, created_at=now - dt.timedelta(days=20))
        s.add_all([
            Deadline(case_id=late.id, stage="translation", due_at=now + dt.timedelta(days=9)),
            Deadline(case_id=soon.id, stage="consent", due_at=now + dt.timedelta(days=2)),
            Deadline(case_id=soon.id, stage="procedure", due_at=now + dt.timedelta(days=40)),
            # A closed deadline does not count: this case sorts by its age.
            Deadline(case_id=closed.id, stage="consent", due_at=now - dt.timedelta(days=15),
                     closed_at=now - dt.timedelta(days=16)),
        ])
        order = [soon.v_number, late.v_number, oldest.v_number, closed.v_number,
                 newer.v_number]
    planner = add_staff(database, Role.PLANNER)
    page = quick_client(app, database, planner.id).get("/").text
    positions = [page.index(v) for v in order]
    assert positions == sorted(positions)


def test_the_queue_shows_no_content(app: Flask, database: Database, world: World,
                                    clock: Clock) -> None:
    with database.session() as s:
        case = s.scalar(select(Case).where(Case.id == world.cases["ready_a"]))
        assert case is not None
        case.exit_reason = "private reason text"
    page = quick_client(app, database, world.users["planner"]).get("/").text
    assert "private reason text" not in page
