"""Staff sign-in for the back office: password + TOTP, throttling, sessions, sign-out.

``init_auth(app)`` wires it into one app: Flask-Login, a Flask-Limiter instance of its own
(in ``app.extensions``), the per-request session checks and the ``auth`` blueprint.

Configuration (``app.config``; may be changed after ``create_app``, it is read per request):

- ``ADMIN_SESSION_MAX_SECONDS`` (8 h) and ``ADMIN_SESSION_IDLE_SECONDS`` (30 min);
- ``ADMIN_SIGNIN_RATE_LIMIT`` ("20 per minute"): POSTs per remote address to each of the
  sign-in, code and enrolment pages; ``ADMIN_RATE_LIMIT_ENABLED`` (True) switches it off;
- ``ADMIN_PASSWORD_HASHER``: an argon2 ``PasswordHasher``; None means hearing.passwords';
- ``SESSION_COOKIE_SECURE``: from ``HEARING_SESSION_COOKIE_SECURE`` (default false, as the
  demo runs over plain http; set it true behind TLS).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from admin.auth import lockout, sessions
from admin.auth.views import UNKNOWN_NAMES_KEY

LIMITER_KEY = "admin.auth.limiter"
RATE_LIMITED_ENDPOINTS = ("auth.sign_in", "auth.second_factor", "auth.enrol")


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return default


def init_auth(app: Flask) -> None:
    for key, value in {
        **sessions.session_config_defaults(),
        "ADMIN_SIGNIN_RATE_LIMIT": "20 per minute",
        "ADMIN_RATE_LIMIT_ENABLED": True,
        "ADMIN_PASSWORD_HASHER": None,
    }.items():
        app.config.setdefault(key, value)
    # Flask's own default is False already, so this is set, not defaulted.
    app.config["SESSION_COOKIE_SECURE"] = _env_bool("HEARING_SESSION_COOKIE_SECURE", False)
    app.extensions[UNKNOWN_NAMES_KEY] = lockout.UnknownNames()
    sessions.init_sessions(app)

    from admin.auth.views import bp

    app.register_blueprint(bp)
    _init_limiter(app)


def _init_limiter(app: Flask) -> None:
    # One limiter per app, with its own memory: several apps in one process (tests) never
    # share counters. Behind a reverse proxy, wrap the app in ProxyFix so that the remote
    # address is the client's, not the proxy's.
    limiter = Limiter(get_remote_address, storage_uri="memory://", default_limits=[])
    limiter.init_app(app)
    app.extensions[LIMITER_KEY] = limiter
    limit = limiter.limit(
        lambda: current_app.config["ADMIN_SIGNIN_RATE_LIMIT"],
        methods=["POST"],
        exempt_when=lambda: not current_app.config["ADMIN_RATE_LIMIT_ENABLED"],
    )
    for endpoint in RATE_LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])

    @app.errorhandler(429)
    def too_many_requests(_error: Any) -> tuple[str, int]:
        return render_template("auth/too_many.html"), 429
