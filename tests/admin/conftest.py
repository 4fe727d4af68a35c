"""Back-office fixtures: an app per test, a movable clock, staff users with TOTP."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

import admin
from admin.auth import clock as auth_clock
from hearing.config import Settings
from hearing.db import Database
from hearing.models import Role, User
from tests.factories import make_user

PASSWORD = "correct horse battery"  # what tests.factories.make_user hashes
START = dt.datetime(2026, 3, 2, 9, 0, 7, tzinfo=dt.UTC)


class Clock:
    """The time the sign-in code sees; tests move it by hand."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(START)
    monkeypatch.setattr(auth_clock, "now", fake)
    return fake


@pytest.fixture
def app(settings: Settings, database: Database, clock: Clock) -> Iterator[Flask]:
    app = admin.create_app(settings, database=database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False, ADMIN_RATE_LIMIT_ENABLED=False)
    yield app


@dataclass
class Staff:
    id: int
    username: str
    secret: str | None
    password: str = PASSWORD


def add_staff(database: Database, *roles: Role, totp: bool = True, **kw: object) -> Staff:
    """A committed user; with ``totp`` a confirmed secret, as after enrolment."""
    secret = pyotp.random_base32() if totp else None
    # tests.factories.make_user always sets must_change_password=False; set it afterwards.
    must_change = bool(kw.pop("must_change_password", False))
    with database.session() as s:
        user = make_user(s, kw.pop("username", None), *roles, totp_secret=secret,
                         totp_confirmed=totp, **kw)
        user.must_change_password = must_change
        return Staff(user.id, user.username, secret)


def code(secret: str, at: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def password_step(client: FlaskClient, staff: Staff, password: str | None = None):  # type: ignore[no-untyped-def]
    return client.post("/sign-in", data={"username": staff.username,
                                         "password": password or staff.password})


def sign_in(client: FlaskClient, staff: Staff, clock: Clock) -> None:
    """The whole sign-in; moves the clock one TOTP step on so each call has a fresh code."""
    response = password_step(client, staff)
    assert response.status_code == 302, response.text
    assert staff.secret is not None
    response = client.post("/sign-in/code", data={"code": code(staff.secret, clock())})
    assert response.status_code == 302, response.text
    clock.advance(seconds=30)


def user(database: Database, user_id: int) -> User:
    with database.session() as s:
        found = s.get(User, user_id)
        assert found is not None
        return found


def text_of(html: str) -> str:
    """The page's text with tags removed and whitespace squeezed, for message checks."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def quick_client(app: Flask, database: Database, user_id: int) -> FlaskClient:
    """A client already past sign-in, for tests about what signed-in users may see.

    It writes the same session keys as a real sign-in (see admin.auth.sessions); the sign-in
    itself is covered by test_sign_in.py.
    """
    from admin.auth import sessions

    found = user(database, user_id)
    client = app.test_client()
    stamp = auth_clock.now().timestamp()
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{found.id}:{found.session_epoch}"
        sess["_fresh"] = True
        sess[sessions.AUTH_AT] = stamp
        sess[sessions.SEEN_AT] = stamp
    return client
