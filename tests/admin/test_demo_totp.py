"""Demo users get fixed TOTP secrets and can sign in with them."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from hearing import demo
from hearing.db import Database
from hearing.demo_totp import DEMO_TOTP_SECRETS, demo_code, enrol_demo_totp
from hearing.models import User
from tests.admin.conftest import Clock


def test_demo_users_sign_in_with_their_fixed_secret(
    app: Flask, database: Database, clock: Clock
) -> None:
    with database.session() as s:
        demo.seed(s)
        assert enrol_demo_totp(s) == len(DEMO_TOTP_SECRETS)
    with database.session() as s:
        users = s.scalars(select(User).where(User.username.in_(DEMO_TOTP_SECRETS))).all()
        assert all(u.totp_confirmed and u.totp_secret == DEMO_TOTP_SECRETS[u.username]
                   for u in users)
        assert enrol_demo_totp(s) == len(DEMO_TOTP_SECRETS)  # twice is harmless
    client = app.test_client()
    response = client.post("/sign-in", data={"username": "lawyer",
                                             "password": demo.demo_password("lawyer")})
    assert response.location == "/sign-in/code"
    response = client.post("/sign-in/code", data={"code": demo_code("lawyer", clock())})
    assert response.location == "/"
    queue = client.get("/").text
    assert "V9" in queue  # the demo lawyer is every demo case's lawyer
