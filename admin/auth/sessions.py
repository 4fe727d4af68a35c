"""Signed-in sessions: who is signed in, for how long, and "sign out everywhere".

The session cookie (signed, HttpOnly, SameSite=Strict) carries the user id *and* the user's
``session_epoch`` at sign-in. Bumping the epoch in the database (sign out everywhere, password
reset, deactivation) makes every cookie issued before it worthless. Each request also checks
an absolute limit since sign-in and an idle limit since the last request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from admin.auth import clock
from hearing.models import User
from hearing.web import db_session

AUTH_AT = "auth_at"  # when the second factor was accepted (POSIX seconds)
SEEN_AT = "seen_at"  # the last request in this session
PENDING = "pending_sign_in"  # password accepted, second factor still to come
PENDING_FOR = dt.timedelta(minutes=5)

# Endpoints a session in any state may reach; everything else needs a complete sign-in.
OPEN_ENDPOINTS = frozenset({"static", "health.healthz"})
# While a new password is due, only these are reachable.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"auth.change_password", "auth.sign_out"})


class Staff(UserMixin):
    """Flask-Login's view of a :class:`User`; the model itself stays free of Flask."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_epoch}"

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)


def load_staff(token: str) -> Staff | None:
    try:
        user_id, epoch = (int(part) for part in token.split(":"))
    except ValueError:
        return None
    user = db_session().get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return Staff(user)


def start(user: User) -> None:
    """Begin a fully signed-in session (after the second factor)."""
    session.clear()  # nothing from before sign-in survives: no fixation of pending state
    login_user(Staff(user))
    stamp = clock.now().timestamp()
    session[AUTH_AT] = stamp
    session[SEEN_AT] = stamp


def renew_epoch(user: User) -> None:
    """Keep *this* session valid after the user's epoch was bumped on purpose."""
    auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
    login_user(Staff(user))
    session[AUTH_AT], session[SEEN_AT] = auth_at, seen_at


def end() -> None:
    logout_user()
    session.clear()


def bump_epoch(user: User) -> None:
    user.session_epoch = (user.session_epoch or 0) + 1


def expired(now: dt.datetime) -> bool:
    config = current_app.config
    auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
    if not isinstance(auth_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return True
    stamp = now.timestamp()
    return (stamp - auth_at > config["ADMIN_SESSION_MAX_SECONDS"]
            or stamp - seen_at > config["ADMIN_SESSION_IDLE_SECONDS"])


def _check_request() -> Response | None:
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if "_user_id" not in session:
        return None
    now = clock.now()
    if expired(now) or not current_user.is_authenticated:
        # Expired, signed out elsewhere, reset or deactivated: all look the same to the user.
        end()
        flash(_l("Your session has ended. Please sign in again."), "info")
        if request.endpoint == "auth.sign_in":
            return None
        return redirect(url_for("auth.sign_in"))
    session[SEEN_AT] = now.timestamp()
    user: User = current_user.user
    if user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    return None


def init_sessions(app: Flask) -> LoginManager:
    manager = LoginManager()
    manager.init_app(app)
    manager.login_view = "auth.sign_in"
    manager.login_message = _l("Please sign in.")
    manager.login_message_category = "info"
    manager.user_loader(load_staff)
    app.before_request(_check_request)
    return manager


def session_config_defaults() -> dict[str, Any]:
    return {
        "ADMIN_SESSION_MAX_SECONDS": 8 * 3600,
        "ADMIN_SESSION_IDLE_SECONDS": 30 * 60,
    }
