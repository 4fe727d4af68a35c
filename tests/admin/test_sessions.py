"""Session expiry (idle and absolute), sign-out, sign out everywhere, cookie flags."""

from __future__ import annotations

from flask import Flask

import admin
from hearing.config import Settings
from hearing.db import Database
from hearing.models import Role
from tests.admin.conftest import Clock, add_staff, sign_in, user


def test_an_idle_session_ends_after_thirty_minutes(
    app: Flask, database: Database, clock: Clock
) -> None:
    client = app.test_client()
    sign_in(client, add_staff(database, Role.PLANNER), clock)
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=29)  # activity restarted the idle clock
    assert client.get("/").status_code == 200
    clock.advance(minutes=30, seconds=1)
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/sign-in"
    assert "Your session has ended" in client.get("/sign-in").text
    # Moving the clock back does not revive it: the session is gone.
    clock.advance(minutes=-31)
    assert client.get("/").status_code == 302


def test_a_session_ends_eight_hours_after_sign_in_however_active(
    app: Flask, database: Database, clock: Clock
) -> None:
    client = app.test_client()
    sign_in(client, add_staff(database, Role.PLANNER), clock)
    # sign_in() left the clock 30 s after sign-in; a request every 20 minutes until 7:59:30.
    for _ in range(23):
        clock.advance(minutes=20)
        assert client.get("/").status_code == 200
    clock.advance(minutes=19)
    assert client.get("/").status_code == 200
    clock.advance(minutes=1)
    assert client.get("/").status_code == 302


def test_the_limits_are_configurable(app: Flask, database: Database, clock: Clock) -> None:
    app.config.update(ADMIN_SESSION_IDLE_SECONDS=60, ADMIN_SESSION_MAX_SECONDS=600)
    client = app.test_client()
    sign_in(client, add_staff(database, Role.PLANNER), clock)
    clock.advance(seconds=61)
    assert client.get("/").status_code == 302


def test_sign_out(app: Flask, database: Database, clock: Clock) -> None:
    client = app.test_client()
    sign_in(client, add_staff(database, Role.PLANNER), clock)
    response = client.post("/sign-out")
    assert response.status_code == 302 and response.location == "/sign-in"
    assert client.get("/").status_code == 302
    assert client.get("/sign-out").status_code == 405  # a link cannot sign anyone out


def test_sign_out_everywhere_ends_the_other_sessions(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    colleague = add_staff(database, Role.PLANNER)
    office, home, other_user = app.test_client(), app.test_client(), app.test_client()
    sign_in(office, staff, clock)
    sign_in(home, staff, clock)
    sign_in(other_user, colleague, clock)
    epoch = user(database, staff.id).session_epoch
    response = office.post("/sign-out-everywhere")
    assert response.status_code == 302
    assert user(database, staff.id).session_epoch == epoch + 1
    assert office.get("/").status_code == 200  # the session that asked stays
    assert home.get("/").location == "/sign-in"
    assert other_user.get("/").status_code == 200  # other users are not affected
    # A new sign-in on the other computer works again.
    sign_in(home, staff, clock)
    assert home.get("/").status_code == 200


def test_cookie_flags(settings: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HEARING_SESSION_COOKIE_SECURE", raising=False)
    app = admin.create_app(settings)
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("HEARING_SESSION_COOKIE_SECURE", "true")
    assert admin.create_app(settings).config["SESSION_COOKIE_SECURE"] is True


def test_the_session_cookie_is_httponly_and_strict(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    response = app.test_client().post(
        "/sign-in", data={"username": staff.username, "password": staff.password})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("hearing_office=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
