"""Flask glue shared by the two apps: settings, database, translations, health, headers.

This is the only part of ``hearing`` that touches Flask. The domain modules never import it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, current_app, g, request, send_from_directory
from flask_babel import Babel
from sqlalchemy.orm import Session

from hearing.config import Settings
from hearing.db import Database
from hearing.locales import TRANSLATIONS_DIR

SETTINGS_KEY = "hearing.settings"
DATABASE_KEY = "hearing.db"


def settings() -> Settings:
    return current_app.extensions[SETTINGS_KEY]


def database() -> Database:
    return current_app.extensions[DATABASE_KEY]


def db_session() -> Session:
    """The request's database session, opened on first use and closed at teardown."""
    if "hearing_db_session" not in g:
        g.hearing_db_session = database().sessionmaker()
    return g.hearing_db_session


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("hearing_db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


health = Blueprint("health", __name__)
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"


@health.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    if database().ping():
        return {"status": "ok", "database": "reachable"}, 200
    return {"status": "unavailable", "database": "unreachable"}, 503


@health.get("/fonts/<path:name>")
def fonts(name: str):  # type: ignore[no-untyped-def]
    """The Noto fonts shipped in the package, as web fonts for both apps."""
    response = send_from_directory(FONTS_DIR, name, max_age=7 * 24 * 3600)
    # Fonts hold no personal data: let the kiosk browser cache them.
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


def init_common(
    app: Flask,
    settings_obj: Settings,
    *,
    secret_key: str,
    cookie_name: str,
    locale_selector: Callable[[], str | None],
    database: Database | None = None,
    domain: str = "messages",
) -> None:
    """Configure what both apps share; each app passes its own key, cookie and locale rule."""
    app.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_NAME=cookie_name,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
        BABEL_DEFAULT_LOCALE=settings_obj.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings_obj.timezone,
        BABEL_DOMAIN=domain,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.extensions[SETTINGS_KEY] = settings_obj
    app.extensions[DATABASE_KEY] = database or Database(settings_obj.database_url)
    Babel(app, locale_selector=locale_selector)
    app.register_blueprint(health)
    app.teardown_appcontext(_close_session)
    app.after_request(_security_headers)
    # Request bodies are never logged: they may hold an applicant's words.
    logging.getLogger("werkzeug").setLevel(settings_obj.log_level)


def _security_headers(response):  # type: ignore[no-untyped-def]
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Nothing an applicant or a case worker sees may be kept by the browser.
    if request.endpoint not in ("static", "health.fonts"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
