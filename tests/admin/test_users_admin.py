"""Administrator pages: list, create (one-time password), reset, deactivate."""

from __future__ import annotations

import re

from flask import Flask

from hearing.db import Database
from hearing.models import Location, Organisation, OrganisationKind, Role
from tests.admin.conftest import (
    Clock,
    Staff,
    add_staff,
    code,
    password_step,
    quick_client,
    sign_in,
    user,
)


def _one_time_password(html: str) -> str:
    match = re.search(r'id="one-time-password">([^<]+)<', html)
    assert match, html
    return match.group(1)


def test_only_administrators_see_the_user_pages(
    app: Flask, database: Database, clock: Clock
) -> None:
    boss = add_staff(database, Role.ADMINISTRATOR, full_name="Ada Admin")
    planner = add_staff(database, Role.PLANNER)
    assert app.test_client().get("/users/").location.startswith("/sign-in")
    assert quick_client(app, database, planner.id).get("/users/").status_code == 403
    page = quick_client(app, database, boss.id).get("/users/")
    assert page.status_code == 200 and planner.username in page.text
    assert 'href="/users/"' in page.text  # the nav shows the link to administrators


def test_create_a_translator_and_hand_over_a_one_time_password(
    app: Flask, database: Database, clock: Clock
) -> None:
    with database.session() as s:
        agency = Organisation(name="Babel", kind=OrganisationKind.TRANSLATION_AGENCY)
        s.add(agency)
        s.flush()
        agency_id = agency.id
    boss = quick_client(app, database, add_staff(database, Role.ADMINISTRATOR).id)
    form = boss.get("/users/new").text
    assert 'type="checkbox"' in form and 'value="translator"' in form
    missing = boss.post("/users/new", data={
        "username": "tara", "full_name": "Tara T", "roles": ["translator"],
        "organisation_id": "0", "location_id": "0"})
    assert "A translator needs a translation agency." in missing.text
    assert "A translator needs a register number." in missing.text
    created = boss.post("/users/new", data={
        "username": "tara", "full_name": "Tara T", "roles": ["translator", "lawyer"],
        "organisation_id": str(agency_id), "location_id": "0", "register_number": "RBTV-1"})
    assert "A lawyer needs a law firm." in created.text
    created = boss.post("/users/new", data={
        "username": "tara", "full_name": "Tara T", "roles": ["translator"],
        "organisation_id": str(agency_id), "location_id": "0", "register_number": "RBTV-1"})
    assert created.status_code == 200
    password = _one_time_password(created.text)
    assert len(password) == 16
    with database.session() as s:
        from sqlalchemy import select

        from hearing.models import User

        tara = s.scalar(select(User).where(User.username == "tara"))
        assert tara is not None
        assert tara.role_names == {"translator"} and tara.organisation_id == agency_id
        assert tara.must_change_password and not tara.totp_confirmed
        assert tara.register_number == "RBTV-1"
        tara_id = tara.id
    # Shown once: the user's page does not show it again.
    assert password not in boss.get(f"/users/{tara_id}").text
    # The new user signs in with it, enrols and must choose a password.
    client = app.test_client()
    response = password_step(client, Staff(tara_id, "tara", None, password))
    assert response.location == "/sign-in/enrol"
    duplicate = boss.post("/users/new", data={
        "username": "tara", "full_name": "Other", "roles": ["planner"],
        "organisation_id": "0", "location_id": "0"})
    assert "This username is taken." in duplicate.text


def test_a_host_needs_a_location(app: Flask, database: Database, clock: Clock) -> None:
    with database.session() as s:
        s.add(Location(name="Ter Apel"))
    boss = quick_client(app, database, add_staff(database, Role.ADMINISTRATOR).id)
    response = boss.post("/users/new", data={
        "username": "hank", "full_name": "Hank", "roles": ["host"],
        "organisation_id": "0", "location_id": "0"})
    assert "A host needs a location." in response.text


def test_reset_ends_sessions_and_sets_a_one_time_password(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.LAWYER)
    victim = app.test_client()
    sign_in(victim, staff, clock)
    boss = quick_client(app, database, add_staff(database, Role.ADMINISTRATOR).id)
    response = boss.post(f"/users/{staff.id}/reset", data={"reset_totp": "y"})
    password = _one_time_password(response.text)
    assert victim.get("/").location == "/sign-in"
    after = user(database, staff.id)
    assert after.must_change_password and not after.totp_confirmed and after.totp_secret is None
    assert password_step(app.test_client(), staff).status_code == 401  # old password gone
    client = app.test_client()
    assert password_step(client, Staff(staff.id, staff.username, None, password)).location \
        == "/sign-in/enrol"


def test_reset_keeping_the_authenticator(app: Flask, database: Database, clock: Clock) -> None:
    staff = add_staff(database, Role.LAWYER)
    boss = quick_client(app, database, add_staff(database, Role.ADMINISTRATOR).id)
    password = _one_time_password(boss.post(f"/users/{staff.id}/reset", data={}).text)
    client = app.test_client()
    assert password_step(client, Staff(staff.id, staff.username, None, password)).location \
        == "/sign-in/code"
    assert staff.secret
    response = client.post("/sign-in/code", data={"code": code(staff.secret, clock())})
    assert response.location == "/password"


def test_a_deactivated_user_cannot_sign_in(app: Flask, database: Database, clock: Clock) -> None:
    staff = add_staff(database, Role.SCREENER)
    signed_in = app.test_client()
    sign_in(signed_in, staff, clock)
    boss_staff = add_staff(database, Role.ADMINISTRATOR)
    boss = quick_client(app, database, boss_staff.id)
    assert boss.post(f"/users/{staff.id}/deactivate").status_code == 302
    assert signed_in.get("/").location == "/sign-in"
    refused = password_step(app.test_client(), staff)
    assert refused.status_code == 401 and "not correct" in refused.text
    # Administrators cannot lock themselves out.
    boss.post(f"/users/{boss_staff.id}/deactivate")
    assert user(database, boss_staff.id).active
    boss.post(f"/users/{staff.id}/activate")
    assert password_step(app.test_client(), staff).status_code == 302


def test_unknown_user_ids_are_404(app: Flask, database: Database, clock: Clock) -> None:
    boss = quick_client(app, database, add_staff(database, Role.ADMINISTRATOR).id)
    assert boss.get("/users/99999").status_code == 404
    assert boss.post("/users/99999/reset").status_code == 404
