"""The host at a location: today's sittings, arrival, extending a sitting, a new resume code.

What "checking in" means on each side (see ARCHITECTURE.md, journey step 3 and 4):

- The **kiosk** check-in is the applicant's own: the one-time invitation code plus the date of
  birth, at the booked location and time. It marks the booking ``checked_in``, starts the
  draft and moves the case to *in progress* (``webform/views/checkin.py``).
- The **host** confirms that the applicant has **arrived and that their identity document was
  checked**. That changes no state (the applicant may still not start); it is recorded in the
  append-only audit log as ``booking.arrival`` with the host's name and time, and the list
  shows it. This keeps the kiosk the only way into a draft, as the architecture requires.

A sitting's end is computed by the kiosk as the kiosk session's start plus
``HEARING_SITTING_LIMIT_MINUTES`` plus ``Booking.sitting_extension_minutes``; extending adds
minutes to the booking, so it also covers a resumed session. A lost resume code is replaced
through ``hearing.vault.office.reissue_resume_code``: the draft key is re-wrapped under a new
code with the office key, and the answers are never decrypted.

Every case route checks the case (``with_case``) and then the booking at the host's own
location: a host of another location gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired

from admin.access import HOST_BOOKING_STATUSES, Purpose, current_staff, require_roles, with_case
from admin.office_keys import office_keyring
from hearing import audit
from hearing.models import (
    ACTIVE_BOOKING_STATUSES,
    AuditEvent,
    Booking,
    Case,
    Draft,
    KioskSession,
    Location,
    Role,
    utcnow,
)
from hearing.vault import KeyringError
from hearing.vault.office import reissue_resume_code
from hearing.web import db_session, settings

bp = Blueprint("host", __name__, url_prefix="/host")

ARRIVAL = "booking.arrival"
EXTENSION_CHOICES = (15, 30, 60)
# A sitting is four hours by default; hosts may add up to as much again, in steps.
MAX_EXTENSION_MINUTES = 240
RESUME_REASON = "resume code lost; identity checked by the host"


class ArrivalForm(FlaskForm):
    identity_checked = BooleanField(
        _l("Identity document checked"),
        validators=[DataRequired(_l("Check the identity document first."))])


class ExtendForm(FlaskForm):
    minutes = SelectField(_l("Extend by"), coerce=int,
                          choices=[(m, _l("%(n)d minutes", n=m)) for m in EXTENSION_CHOICES])


class ReissueForm(FlaskForm):
    identity_checked = BooleanField(
        _l("I have checked the applicant's identity document"),
        validators=[DataRequired(_l("Check the applicant's identity document first."))])


def _location_id() -> int:
    location_id = current_staff().location_id
    if location_id is None:
        abort(404)
    return location_id


def _booking_here(case: Case) -> Booking:
    """The case's sitting at the host's location (the newest not cancelled or moved), or 404."""
    booking = db_session().scalar(
        select(Booking).where(Booking.case_id == case.id,
                              Booking.location_id == _location_id(),
                              Booking.status.in_(HOST_BOOKING_STATUSES))
        .order_by(Booking.starts_at.desc(), Booking.id.desc()))
    if booking is None:
        abort(404)
    return booking


def _today_bounds() -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings().timezone)
    day = utcnow().astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=1)).astimezone(dt.UTC)


def sitting_ends_at(session_row: KioskSession, booking: Booking) -> dt.datetime:
    """The same rule the kiosk applies (``webform.applicant.Applicant.sitting_ends_at``)."""
    minutes = settings().sitting_limit_minutes + booking.sitting_extension_minutes
    return session_row.created_at + dt.timedelta(minutes=minutes)


@bp.get("/")
@require_roles(Role.HOST)
def today() -> str:
    db = db_session()
    user = current_staff()
    location = db.get(Location, user.location_id) if user.location_id else None
    rows: list[dict[str, Any]] = []
    if location is not None:
        start, end = _today_bounds()
        bookings = db.scalars(
            select(Booking).where(Booking.location_id == location.id,
                                  Booking.status.in_(HOST_BOOKING_STATUSES),
                                  Booking.starts_at < end, Booking.ends_at > start)
            .order_by(Booking.starts_at, Booking.id)).all()
        ids = [b.id for b in bookings]
        case_ids = [b.case_id for b in bookings]
        arrivals: dict[int, AuditEvent] = {}
        sessions: dict[int, KioskSession] = {}
        drafts: dict[int, Draft] = {}
        if ids:
            for event in db.scalars(select(AuditEvent).where(
                    AuditEvent.action == ARRIVAL, AuditEvent.case_id.in_(case_ids))
                    .order_by(AuditEvent.id)):
                booking_id = (event.detail or {}).get("booking_id")
                if isinstance(booking_id, int):
                    arrivals[booking_id] = event
            now = utcnow()
            for row in db.scalars(select(KioskSession).where(
                    KioskSession.case_id.in_(case_ids), KioskSession.expires_at > now)
                    .order_by(KioskSession.created_at)):
                sessions[row.case_id] = row
            for draft in db.scalars(select(Draft).where(Draft.case_id.in_(case_ids))):
                drafts[draft.case_id] = draft
        for b in bookings:
            kiosk_session = sessions.get(b.case_id)
            rows.append({
                "booking": b, "case": b.case, "arrival": arrivals.get(b.id),
                "draft": drafts.get(b.case_id),
                "ends_at": sitting_ends_at(kiosk_session, b) if kiosk_session else None,
                "active": b.status in ACTIVE_BOOKING_STATUSES,
            })
    return render_template("host/today.html", location=location, rows=rows,
                           arrival_form=ArrivalForm(), extend_form=ExtendForm(),
                           max_extension=MAX_EXTENSION_MINUTES)


@bp.post("/cases/<int:case_id>/arrival")
@require_roles(Role.HOST)
@with_case(Purpose.CONTENT)
def arrival(case: Case) -> Any:
    booking = _booking_here(case)
    form = ArrivalForm()
    if not form.validate_on_submit():
        flash(_("Check the identity document first."), "error")
        return redirect(url_for("host.today"))
    user = current_staff()
    audit.append(db_session(), user.username, ARRIVAL, case.id, "booking",
                 "arrival and identity document checked by the host",
                 {"booking_id": booking.id}, actor_id=user.id)
    db_session().commit()
    flash(_("%(v)s: arrival recorded. The applicant starts at a kiosk with the code from "
            "the letter.", v=case.v_number), "info")
    return redirect(url_for("host.today"))


@bp.post("/cases/<int:case_id>/extend")
@require_roles(Role.HOST)
@with_case(Purpose.CONTENT)
def extend(case: Case) -> Any:
    booking = _booking_here(case)
    form = ExtendForm()
    if not form.validate_on_submit():
        return redirect(url_for("host.today"))
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        flash(_("This sitting has ended; it cannot be extended."), "error")
        return redirect(url_for("host.today"))
    total = booking.sitting_extension_minutes + form.minutes.data
    if total > MAX_EXTENSION_MINUTES:
        flash(_("A sitting can be extended by at most %(n)d minutes in all.",
                n=MAX_EXTENSION_MINUTES), "error")
        return redirect(url_for("host.today"))
    booking.sitting_extension_minutes = total
    user = current_staff()
    audit.append(db_session(), user.username, "booking.sitting_extended", case.id, "booking",
                 None, {"booking_id": booking.id, "minutes": form.minutes.data,
                        "total_minutes": total}, actor_id=user.id)
    db_session().commit()
    flash(_("%(v)s: sitting extended by %(n)d minutes.", v=case.v_number,
            n=form.minutes.data), "info")
    return redirect(url_for("host.today"))


@bp.route("/cases/<int:case_id>/resume-code", methods=["GET", "POST"])
@require_roles(Role.HOST)
@with_case(Purpose.CONTENT)
def resume_code(case: Case) -> Any:
    booking = _booking_here(case)
    db = db_session()
    draft = db.scalar(select(Draft).where(Draft.case_id == case.id))
    if draft is None:
        flash(_("%(v)s has not started at a kiosk yet: there is no resume code to replace. "
                "The applicant starts with the code from the letter.", v=case.v_number),
              "error")
        return redirect(url_for("host.today"))
    form = ReissueForm()
    if form.validate_on_submit():
        user = current_staff()
        try:
            keyring = office_keyring()
        except KeyringError:
            return render_template("host/resume_code.html", case=case, booking=booking,
                                   form=form, code=None, keyring_missing=True), 503
        code = reissue_resume_code(db, draft, keyring, settings().pepper,
                                   actor=user.username, reason=RESUME_REASON,
                                   actor_id=user.id)
        db.commit()
        # Shown once, in this response: only a slow hash of it is stored.
        return render_template("host/resume_code.html", case=case, booking=booking,
                               form=None, code=code, keyring_missing=False)
    return render_template("host/resume_code.html", case=case, booking=booking, form=form,
                           code=None, keyring_missing=False), (422 if form.errors else 200)
