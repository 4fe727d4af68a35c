"""Sign-in: password, TOTP, enrolment, replay, lockout, rate limit, new password, rehash."""

from __future__ import annotations

import datetime as dt

import pyotp
from argon2 import PasswordHasher
from flask import Flask

from hearing.db import Database
from hearing.models import Role
from hearing.passwords import hash_password, needs_rehash
from tests.admin.conftest import (
    PASSWORD,
    Clock,
    add_staff,
    code,
    password_step,
    sign_in,
    text_of,
    user,
)


def test_password_and_code_sign_in(app: Flask, database: Database, clock: Clock) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    response = password_step(client, staff)
    assert response.status_code == 302 and response.location == "/sign-in/code"
    # The password alone signs nobody in.
    assert client.get("/").status_code == 302
    assert staff.secret
    response = client.post("/sign-in/code", data={"code": code(staff.secret, clock())})
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Work queue" in page.text and "Sign out" in page.text


def test_the_code_page_asks_for_a_one_time_code(app: Flask, database: Database) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    password_step(client, staff)
    page = client.get("/sign-in/code").text
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page


def test_wrong_password_is_refused_with_a_generic_message(
    app: Flask, database: Database
) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    wrong = password_step(client, staff, "not the password")
    unknown = client.post("/sign-in", data={"username": "nobody", "password": "whatever"})
    assert wrong.status_code == unknown.status_code == 401
    message = "The username or password is not correct."
    assert message in wrong.text and message in unknown.text
    assert user(database, staff.id).failed_logins == 1
    assert client.get("/sign-in/code").status_code == 302  # no pending sign-in


def test_errors_are_linked_to_their_fields(app: Flask) -> None:
    page = app.test_client().post("/sign-in", data={"username": "", "password": ""}).text
    assert 'id="username-error"' in page
    assert 'aria-describedby="username-error"' in page and 'aria-invalid="true"' in page


def test_wrong_code_is_refused(app: Flask, database: Database, clock: Clock) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    password_step(client, staff)
    assert staff.secret
    wrong = "000000" if code(staff.secret, clock()) != "000000" else "111111"
    response = client.post("/sign-in/code", data={"code": wrong})
    assert response.status_code == 401
    assert "The code is not correct" in response.text
    assert client.get("/").status_code == 302
    assert user(database, staff.id).failed_logins == 1


def test_a_code_from_one_step_either_side_is_accepted(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    password_step(client, staff)
    assert staff.secret
    earlier = code(staff.secret, clock() - dt.timedelta(seconds=30))
    assert client.post("/sign-in/code", data={"code": earlier}).status_code == 302


def test_a_used_code_is_refused_the_second_time(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    assert staff.secret
    used = code(staff.secret, clock())
    first = app.test_client()
    password_step(first, staff)
    assert first.post("/sign-in/code", data={"code": used}).status_code == 302
    # The same code, still inside its window, from another browser: refused.
    second = app.test_client()
    password_step(second, staff)
    replay = second.post("/sign-in/code", data={"code": used})
    assert replay.status_code == 401 and "used already" in replay.text
    # So is a code of an earlier step than the last accepted one.
    clock.advance(seconds=30)
    previous = code(staff.secret, clock() - dt.timedelta(seconds=60))
    assert second.post("/sign-in/code", data={"code": previous}).status_code == 401
    fresh = code(staff.secret, clock())
    assert second.post("/sign-in/code", data={"code": fresh}).status_code == 302


def test_five_failures_lock_the_account_for_fifteen_minutes(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    client = app.test_client()
    for _ in range(4):
        assert "not correct" in password_step(client, staff, "wrong password").text
    fifth = password_step(client, staff, "wrong password")
    assert fifth.status_code == 401
    message = text_of(fifth.text)
    assert "Too many failed attempts" in message and "locked until" in message
    locked = user(database, staff.id)
    assert locked.locked_until is not None
    assert locked.locked_until == clock() + dt.timedelta(minutes=15)
    # While locked even the right password is not accepted, and the message says until when.
    right = password_step(client, staff)
    assert right.status_code == 401 and "locked until" in text_of(right.text)
    clock.advance(minutes=15, seconds=1)
    assert password_step(client, staff).status_code == 302


def test_unknown_usernames_get_the_same_lock_message(app: Flask, clock: Clock) -> None:
    client = app.test_client()
    responses = [client.post("/sign-in", data={"username": "ghost", "password": "x" * 12})
                 for _ in range(6)]
    assert all(r.status_code == 401 for r in responses)
    assert "not correct" in responses[3].text
    assert "Too many failed attempts" in text_of(responses[4].text)
    assert "locked until" in text_of(responses[5].text)


def test_wrong_codes_count_towards_the_lock(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    assert staff.secret
    client = app.test_client()
    password_step(client, staff)
    right = code(staff.secret, clock())
    wrong = next(c for c in ("000000", "111111", "222222") if c != right)
    for _ in range(4):
        assert client.post("/sign-in/code", data={"code": wrong}).status_code == 401
    locked = client.post("/sign-in/code", data={"code": wrong}, follow_redirects=True)
    assert "locked until" in text_of(locked.text)
    # The pending sign-in is gone: the right code now leads back to the password page.
    again = client.post("/sign-in/code", data={"code": right})
    assert again.status_code == 302 and again.location == "/sign-in"


def test_too_many_posts_from_one_address_are_refused(app: Flask, database: Database) -> None:
    app.config.update(ADMIN_RATE_LIMIT_ENABLED=True, ADMIN_SIGNIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.post("/sign-in", data={"username": f"u{n}", "password": "p"}).status_code
             for n in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "Too many sign-in attempts" in client.post(
        "/sign-in", data={"username": "x", "password": "y"}).text
    # Reading the page is not limited; another address is not affected.
    assert client.get("/sign-in").status_code == 200
    other = app.test_client()
    response = other.post("/sign-in", data={"username": "x", "password": "y"},
                          environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 401


def test_the_default_limit_is_twenty_posts_a_minute(app: Flask) -> None:
    app.config.update(ADMIN_RATE_LIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/sign-in/code", data={"code": "123456"}).status_code
             for _ in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429


def test_first_sign_in_enrols_the_authenticator_app(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.LAWYER, totp=False)
    client = app.test_client()
    response = password_step(client, staff)
    assert response.location == "/sign-in/enrol"
    assert client.get("/sign-in/code").location == "/sign-in/enrol"
    page = client.get("/sign-in/enrol")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text and 'alt="QR code' in page.text
    secret = user(database, staff.id).totp_secret
    assert secret and user(database, staff.id).totp_confirmed is False
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    assert grouped in page.text
    # A reload shows the same secret; the page is not cached.
    assert grouped in client.get("/sign-in/enrol").text
    assert page.headers["Cache-Control"] == "no-store"
    assert "The code has six digits." in client.post("/sign-in/enrol", data={"code": "12345"}).text
    done = client.post("/sign-in/enrol", data={"code": pyotp.TOTP(secret).at(clock())})
    assert done.status_code == 302 and done.location == "/"
    enrolled = user(database, staff.id)
    assert enrolled.totp_confirmed and enrolled.totp_last_step is not None
    assert client.get("/").status_code == 200


def test_a_new_password_is_required_before_anything_else(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER, must_change_password=True)
    client = app.test_client()
    password_step(client, staff)
    assert staff.secret
    response = client.post("/sign-in/code", data={"code": code(staff.secret, clock())})
    assert response.location == "/password"
    assert client.get("/").location == "/password"
    assert client.get("/account").location == "/password"
    form = client.get("/password").text
    assert 'autocomplete="new-password"' in form and 'autocomplete="current-password"' in form

    def change(new: str, confirm: str | None = None, current: str = PASSWORD):  # type: ignore[no-untyped-def]
        return client.post("/password", data={
            "current_password": current, "new_password": new, "confirm": confirm or new})

    assert "at least 12 characters" in change("too short").text
    assert "different from the current one" in change(PASSWORD).text
    assert "The two new passwords differ." in change("a long new password", "another one!!").text
    assert "not correct" in change("a long new password", current="wrong").text
    done = change("a long new password")
    assert done.status_code == 302 and done.location == "/"
    assert client.get("/").status_code == 200
    assert user(database, staff.id).must_change_password is False
    clock.advance(seconds=30)
    staff.password = "a long new password"
    sign_in(app.test_client(), staff, clock)


def test_the_password_is_rehashed_when_the_parameters_change(
    app: Flask, database: Database, clock: Clock
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    staff = add_staff(database, Role.PLANNER, password_hash=hash_password(PASSWORD, weak))
    assert needs_rehash(user(database, staff.id).password_hash)
    password_step(app.test_client(), staff)
    stored = user(database, staff.id).password_hash
    assert not needs_rehash(stored) and "m=8192" not in stored
    # And the other way round: an app configured with new parameters rehashes old hashes.
    app.config["ADMIN_PASSWORD_HASHER"] = weak
    password_step(app.test_client(), staff)
    assert "m=8192" in user(database, staff.id).password_hash


def test_only_local_next_targets_are_followed(
    app: Flask, database: Database, clock: Clock
) -> None:
    staff = add_staff(database, Role.PLANNER)
    assert staff.secret
    for target, expected in (("/account", "/account"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/")):
        client = app.test_client()
        client.post(f"/sign-in?next={target}",
                    data={"username": staff.username, "password": PASSWORD})
        response = client.post("/sign-in/code", data={"code": code(staff.secret, clock())})
        assert response.location == expected
        clock.advance(seconds=30)


def test_a_post_without_csrf_token_is_refused(app: Flask, database: Database) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    staff = add_staff(database, Role.PLANNER)
    response = password_step(app.test_client(), staff)
    assert response.status_code == 400
    assert user(database, staff.id).failed_logins == 0
