"""Check-in with the invitation code, resume with the personal code, lock and sign out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_babel import format_date, format_time, gettext
from werkzeug.wrappers import Response

from hearing import scheduling, throttle
from hearing.digits import western_digits
from hearing.models import Booking, Case, CaseState, Location, utcnow
from hearing.scheduling import CheckInRefusal
from hearing.web import db_session, settings
from hearing.workflow import APPLICANT, transition
from webform import drafts
from webform.applicant import (
    DEVICE_COOKIE,
    current_applicant,
    current_kiosk,
    sign_in,
    sign_out,
)

bp = Blueprint("checkin", __name__)

MAX_CODE_LENGTH = 40


def _birth_date(form: dict[str, str]) -> dt.date | None:
    """The date of birth from three number fields; digits in any script are accepted."""
    try:
        day, month, year = (int(western_digits(form.get(f, "")).strip() or "x")
                            for f in ("day", "month", "year"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _when_and_where(booking: Booking) -> dict[str, str]:
    location = db_session().get(Location, booking.location_id)
    tz = ZoneInfo(settings().timezone)
    start, end = booking.starts_at.astimezone(tz), booking.ends_at.astimezone(tz)
    return {
        "location": location.name if location else "",
        "address": location.address if location else "",
        "date": format_date(start, "full"),
        "start": format_time(start, "short"),
        "end": format_time(end, "short"),
    }


def _until(moment: dt.datetime) -> str:
    return format_time(moment.astimezone(ZoneInfo(settings().timezone)), "short")


def _form_error(template: str, message: str, status: int = 422, **context: object) -> Response:
    response = make_response(render_template(template, error=message, **context), status)
    return response


@bp.get("/kiosk/enrol/<token>")
def enrol(token: str) -> Response:
    """Open once on a kiosk: stores its device token in a long-lived cookie."""
    from hearing.kiosks import kiosk_for_token

    kiosk = kiosk_for_token(db_session(), token, settings().pepper)
    if kiosk is None:
        return make_response(render_template("kiosk/not_enrolled.html"), 404)
    response = redirect(url_for("kiosk.language_picker"))
    response.set_cookie(DEVICE_COOKIE, token, max_age=5 * 365 * 24 * 3600, httponly=True,
                        samesite="Strict", secure=request.is_secure)
    return response


@bp.route("/check-in", methods=["GET", "POST"])
def check_in() -> Response | str:
    kiosk = current_kiosk()
    template = "kiosk/check_in.html"
    if kiosk is None:
        return make_response(render_template("kiosk/not_enrolled.html"), 403)
    if request.method == "GET":
        return render_template(template)
    session = db_session()
    now = utcnow()
    if (until := throttle.locked_until(kiosk, now)) is not None:
        return _form_error(template, gettext(
            "Too many wrong attempts at this kiosk. Please wait until %(time)s or ask a host.",
            time=_until(until)), 429)
    code = request.form.get("code", "")[:MAX_CODE_LENGTH]
    born = _birth_date(request.form)
    booking = scheduling.find_by_invitation_code(session, code, settings().pepper)
    if booking is not None and (until := throttle.locked_until(booking, now)) is not None:
        return _form_error(template, gettext(
            "This code is locked after too many wrong attempts. "
            "Please wait until %(time)s or ask a host.", time=_until(until)), 429)
    case = session.get(Case, booking.case_id) if booking is not None else None
    if booking is None or case is None or born != case.date_of_birth:
        locked = throttle.fail(kiosk, now)
        if booking is not None:
            locked = throttle.fail(booking, now) or locked
        session.commit()
        if locked is not None:
            return _form_error(template, gettext(
                "Too many wrong attempts. Please wait until %(time)s or ask a host.",
                time=_until(locked)), 429)
        return _form_error(template, gettext(
            "The code or the date of birth is not correct. Please check them and try again."))
    throttle.succeed(kiosk)
    throttle.succeed(booking)
    if booking.invitation_code_used_at is not None:
        session.commit()
        return _form_error(template, gettext(
            "This invitation code has already been used. Please continue with your "
            "personal code."), 409, show_resume=True)
    refusal = scheduling.check_in_refusal(booking, kiosk, now)
    if refusal is not None:
        session.commit()
        place = _when_and_where(booking)
        messages = {
            CheckInRefusal.WRONG_LOCATION: gettext(
                "You are booked at %(location)s (%(address)s) on %(date)s from %(start)s to "
                "%(end)s. Please go there.", **place),
            CheckInRefusal.TOO_EARLY: gettext(
                "You are booked here on %(date)s from %(start)s to %(end)s. "
                "Please come back then.", **place),
            CheckInRefusal.TOO_LATE: gettext(
                "Your booked time at %(location)s on %(date)s from %(start)s to %(end)s has "
                "passed. Please ask a host for a new appointment.", **place),
            CheckInRefusal.NOT_ACTIVE: gettext(
                "This invitation is no longer valid. Please ask a host for help."),
        }
        return _form_error(template, messages[refusal], 403)
    if case.state != CaseState.SCHEDULED:
        session.commit()
        return _form_error(template, gettext(
            "This invitation is no longer valid. Please ask a host for help."), 403)
    started = drafts.start(session, case, settings())
    booking.invitation_code_used_at = now
    booking.checked_in_at = now
    booking.status = "checked_in"
    transition(session, case, "check_in", APPLICANT, at=now)
    token = drafts.open_session(session, started.draft, started.key, kiosk, settings())
    session.commit()
    sign_in(token)
    # The personal code is shown once, in this response, and never stored anywhere readable.
    return render_template("kiosk/resume_code.html", resume_code=started.resume_code,
                           first_section=url_for("form.resume_point"))


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> Response | str:
    kiosk = current_kiosk()
    template = "kiosk/resume.html"
    if kiosk is None:
        return make_response(render_template("kiosk/not_enrolled.html"), 403)
    if request.method == "GET":
        return render_template(template)
    session = db_session()
    now = utcnow()
    if (until := throttle.locked_until(kiosk, now)) is not None:
        return _form_error(template, gettext(
            "Too many wrong attempts at this kiosk. Please wait until %(time)s or ask a host.",
            time=_until(until)), 429)
    code = request.form.get("code", "")[:MAX_CODE_LENGTH]
    born = _birth_date(request.form)
    draft = drafts.find(session, code, settings())
    if draft is not None and (until := throttle.locked_until(draft, now)) is not None:
        return _form_error(template, gettext(
            "This code is locked after too many wrong attempts. "
            "Please wait until %(time)s or ask a host.", time=_until(until)), 429)
    case = session.get(Case, draft.case_id) if draft is not None else None
    key = None
    if draft is not None and case is not None and born == case.date_of_birth:
        key = drafts.unlock(draft, code, settings())
    if key is None or draft is None or case is None:
        locked = throttle.fail(kiosk, now)
        if draft is not None:
            locked = throttle.fail(draft, now) or locked
        session.commit()
        if locked is not None:
            return _form_error(template, gettext(
                "Too many wrong attempts. Please wait until %(time)s or ask a host.",
                time=_until(locked)), 429)
        return _form_error(template, gettext(
            "The code or the date of birth is not correct. Please check them and try again."))
    throttle.succeed(kiosk)
    throttle.succeed(draft)
    sign_out()
    token = drafts.open_session(session, draft, key, kiosk, settings())
    session.commit()
    sign_in(token)
    return redirect(url_for("form.resume_point"))


@bp.get("/locked")
def locked() -> str:
    return render_template("kiosk/locked.html")


@bp.post("/lock")
def lock() -> Response:
    """The idle timer (or the applicant) locks the screen: the server-side key is destroyed."""
    sign_out()
    if request.is_json:
        return make_response({"locked": True}, 200)
    return redirect(url_for("checkin.locked"))


@bp.post("/sign-out")
def sign_out_view() -> Response:
    sign_out()
    return redirect(url_for("kiosk.language_picker"))


@bp.app_context_processor
def applicant_context() -> dict[str, object]:
    applicant = current_applicant() if request.endpoint not in (None, "static") else None
    return {"applicant": applicant}
