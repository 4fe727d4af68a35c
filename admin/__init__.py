"""The back office app (``admin``): planners, hosts, translators, lawyers, screeners,
decision officers and administrators, each seeing only the cases they may see.

It runs on the internal network and is the only app that may hold the office private key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, request, session
from flask_wtf import CSRFProtect

from hearing.config import Settings, load_settings
from hearing.db import Database
from hearing.i18n import STAFF_DOMAIN, STAFF_LOCALES, offered_locales
from hearing.locales import get_locale_info
from hearing.web import init_common

COOKIE_NAME = "hearing_office"


def create_app(
    config: Mapping[str, Any] | Settings | None = None, *, database: Database | None = None
) -> Flask:
    settings = load_settings(config)
    app = Flask(__name__)
    init_common(
        app,
        settings,
        secret_key=settings.admin_secret_key,
        cookie_name=COOKIE_NAME,
        locale_selector=lambda: staff_locale(settings),
        database=database,
        # The back office has its own catalog, in the staff locales only.
        domain=STAFF_DOMAIN,
    )
    CSRFProtect(app)

    from admin.auth import init_auth
    from admin.labels import label_context
    from admin.views import office, users
    from admin.views import screening as screening_views

    # Sign-in first: its per-request session checks must run before any view.
    init_auth(app)
    app.register_blueprint(office.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(screening_views.bp)
    from admin.views import dossier, lawyer_review, notes, translation, translation_assignment

    app.register_blueprint(translation.bp)
    app.register_blueprint(translation_assignment.bp)
    app.register_blueprint(lawyer_review.bp)
    app.register_blueprint(dossier.bp)
    app.register_blueprint(notes.bp)
    from admin.views import host, lawyer, planner, reports, scheduling

    app.register_blueprint(planner.bp)
    app.register_blueprint(scheduling.bp)
    app.register_blueprint(lawyer.bp)
    app.register_blueprint(host.bp)
    app.register_blueprint(reports.bp)
    app.context_processor(label_context)

    @app.context_processor
    def locale_context() -> dict[str, Any]:
        return {"locale_info": get_locale_info(staff_locale(settings))}

    return app


def staff_locale(settings: Settings) -> str:
    offered = [c for c in STAFF_LOCALES
               if c in offered_locales(settings.locales, domain=STAFF_DOMAIN)]
    chosen = session.get("locale")
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or offered[-1]
