"""The applicant's kiosk app (``webform``): language picker, check-in, questionnaire, sealing.

It runs on the kiosk network and holds only the office *public* key: it can seal a hearing
but never read one back. ``create_app`` refuses a configuration that names a private key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, session
from flask_wtf import CSRFProtect

from hearing.config import ConfigError, Settings, load_settings
from hearing.db import Database
from hearing.i18n import offered_locales
from hearing.locales import get_locale_info
from hearing.web import init_common
from webform.utf8 import RepairUtf8Form

COOKIE_NAME = "hearing_kiosk"


def create_app(
    config: Mapping[str, Any] | Settings | None = None, *, database: Database | None = None
) -> Flask:
    settings = load_settings(config)
    if settings.office_private_key_path is not None or settings.office_key_passphrase:
        # The kiosk-facing server must be unable to read sealed hearings, by construction.
        raise ConfigError(
            "the webform must not be given the office private key "
            "(unset HEARING_OFFICE_PRIVATE_KEY_PATH and HEARING_OFFICE_KEY_PASSPHRASE)"
        )
    app = Flask(__name__)
    init_common(
        app,
        settings,
        secret_key=settings.webform_secret_key,
        cookie_name=COOKIE_NAME,
        locale_selector=lambda: current_locale(settings),
        database=database,
    )
    CSRFProtect(app)
    # Answers are short texts; a kiosk never needs to post more than this.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    app.wsgi_app = RepairUtf8Form(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]

    from webform.views import kiosk

    app.register_blueprint(kiosk.bp)

    from webform.views import checkin, form

    app.register_blueprint(checkin.bp)
    app.register_blueprint(form.bp)

    @app.context_processor
    def locale_context() -> dict[str, Any]:
        info = get_locale_info(current_locale(settings))
        return {"locale_info": info, "kiosk_settings": settings}

    return app


def current_locale(settings: Settings) -> str:
    chosen = session.get("locale")
    offered = offered_locales(settings.locales)
    if chosen in offered:
        return chosen
    return settings.default_locale if settings.default_locale in offered else offered[0]
