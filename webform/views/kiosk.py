"""Kiosk screens: the language picker is the first screen."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from hearing.i18n import offered_locales
from hearing.locales import get_locale_info
from hearing.web import settings

bp = Blueprint("kiosk", __name__)


@bp.get("/")
def language_picker() -> str:
    locales = [get_locale_info(code) for code in offered_locales(settings().locales)]
    return render_template("kiosk/language.html", locales=locales)


@bp.post("/language/<code>")
def choose_language(code: str) -> Response:
    if code not in offered_locales(settings().locales):
        abort(404)
    session["locale"] = code
    return redirect(url_for("kiosk.start"))


@bp.get("/start")
def start() -> str:
    return render_template("kiosk/start.html")
