"""Scheduling (planner): locations and kiosks, time slots, booking, moving and cancelling
sittings, and the invitation letter (HTML and PDF).

The database enforces capacity and non-overlap; ``hearing.scheduling`` turns its refusals
into :class:`BookingError` codes, which are shown here in words. The check-in code is shown
once, with the letter; see :mod:`admin.letters` for why the letter needs the code sent back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from admin.access import Purpose, current_staff, require_roles, with_case
from admin.letters import (
    booking_for_code,
    invitation_data,
    letter_pdf,
    letter_versions,
    record_letter,
)
from admin.views.planner_forms import ConfirmForm, ReasonForm
from hearing import audit, kiosks, scheduling
from hearing.models import (
    Booking,
    BookingStatus,
    Case,
    Kiosk,
    Location,
    Role,
    TimeSlot,
    utcnow,
)
from hearing.scheduling import BookingError, NewBooking
from hearing.web import db_session, settings
from hearing.workflow import Actor, can

bp = Blueprint("scheduling", __name__, url_prefix="/scheduling")

# Where kiosks open their enrolment link; the kiosk app runs on another host in production.
SLOT_CHOICES_LIMIT = 300

BOOKING_ERRORS = {
    "slot_full": _l("This time slot is full. Choose another time slot."),
    "overlap": _l("The applicant already has a sitting that overlaps this time slot."),
    "state": _l("Only cases whose lawyer has consented can be booked."),
    "past": _l("This time slot has already started. Choose a later one."),
    "not_active": _l("This sitting is no longer waiting for the applicant (cancelled, moved "
                     "or already started)."),
    "checked_in": _l("The applicant has already checked in at the kiosk; the sitting cannot "
                     "be cancelled."),
}


def booking_error_text(error: BookingError) -> str:
    known = BOOKING_ERRORS.get(error.code)
    if known is not None:
        return str(known)
    return _("The booking was refused: %(detail)s", detail=str(error))


def _tz() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


# --- locations and kiosks -------------------------------------------------------------------


class LocationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")),
                                               Length(max=200)])
    address = TextAreaField(_l("Address"), validators=[Length(max=500)],
                            render_kw={"rows": "2"})

    def validate_name(self, field: Field) -> None:
        name = (field.data or "").strip()
        if db_session().scalar(select(Location.id).where(Location.name == name)) is not None:
            raise ValidationError(_("A location with this name exists."))


class KioskForm(FlaskForm):
    label = StringField(_l("Label"), validators=[DataRequired(_l("Enter a label.")),
                                                 Length(max=64)],
                        render_kw={"autocomplete": "off"})


def _locations_page(form: LocationForm, status: int = 200) -> Any:
    db = db_session()
    locations = db.scalars(select(Location).order_by(Location.name)).all()
    kiosks_by_location: dict[int, list[Kiosk]] = {}
    for kiosk in db.scalars(select(Kiosk).order_by(Kiosk.label)):
        kiosks_by_location.setdefault(kiosk.location_id, []).append(kiosk)
    return render_template("scheduling/locations.html", locations=locations,
                           kiosks=kiosks_by_location, form=form, kiosk_form=KioskForm()), status


@bp.get("/locations")
@require_roles(Role.PLANNER)
def locations() -> Any:
    return _locations_page(LocationForm())


@bp.post("/locations")
@require_roles(Role.PLANNER)
def add_location() -> Any:
    form = LocationForm()
    if not form.validate_on_submit():
        return _locations_page(form, 422)
    db = db_session()
    db.add(Location(name=form.name.data.strip(), address=(form.address.data or "").strip()))
    db.commit()
    flash(_("Location added."), "info")
    return redirect(url_for("scheduling.locations"))


@bp.post("/locations/<int:location_id>/kiosks")
@require_roles(Role.PLANNER)
def add_kiosk(location_id: int) -> Any:
    db = db_session()
    location = db.get(Location, location_id)
    if location is None:
        abort(404)
    form = KioskForm()
    if not form.validate_on_submit():
        flash(_("Enter a label for the kiosk."), "error")
        return redirect(url_for("scheduling.locations"))
    kiosk, token = kiosks.add_kiosk(db, location, form.label.data.strip(), settings().pepper)
    user = current_staff()
    audit.append(db, user.username, "kiosk.added", None, f"kiosk:{kiosk.id}", None,
                 {"location_id": location.id}, actor_id=user.id)
    db.commit()
    base = settings().webform_base_url
    # Shown once: only the token's keyed hash is stored, so this page cannot be shown again.
    return render_template("scheduling/kiosk_added.html", kiosk=kiosk, location=location,
                           url=f"{base.rstrip('/')}/kiosk/enrol/{token}")


# --- time slots -----------------------------------------------------------------------------


class SlotForm(FlaskForm):
    location_id = SelectField(_l("Location"), coerce=int, choices=[])
    day = StringField(_l("Date"), render_kw={"type": "date"})
    start = StringField(_l("From"), render_kw={"type": "time"})
    end = StringField(_l("To"), render_kw={"type": "time"})
    capacity = IntegerField(
        _l("Places"),
        validators=[DataRequired(_l("Enter the number of places.")),
                    NumberRange(min=1, max=500, message=_l("Between 1 and 500 places."))],
        render_kw={"inputmode": "numeric"})

    def fill_choices(self) -> None:
        self.location_id.choices = [
            (loc.id, loc.name)
            for loc in db_session().scalars(select(Location).order_by(Location.name))]

    def times(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The slot's start and end in UTC, or None (with field errors set)."""
        try:
            day = dt.date.fromisoformat((self.day.data or "").strip())
        except ValueError:
            self.day.errors = [_("Enter the date as YYYY-MM-DD.")]
            return None
        moments = []
        for f in (self.start, self.end):
            try:
                clock = dt.time.fromisoformat((f.data or "").strip())
            except ValueError:
                f.errors = [_("Enter the time as HH:MM.")]
                return None
            moments.append(dt.datetime.combine(day, clock, tzinfo=_tz()).astimezone(dt.UTC))
        starts, ends = moments
        if ends <= starts:
            self.end.errors = [_("The end must be after the start.")]
            return None
        if starts <= utcnow():
            self.day.errors = [_("The time slot must start in the future.")]
            return None
        return starts, ends


@bp.get("/slots")
@require_roles(Role.PLANNER)
def slots() -> str:
    db = db_session()
    now = utcnow()
    location_id = request.args.get("location_id", type=int)
    query = (select(TimeSlot).where(TimeSlot.ends_at > now)
             .order_by(TimeSlot.starts_at, TimeSlot.location_id).limit(SLOT_CHOICES_LIMIT))
    if location_id:
        query = query.where(TimeSlot.location_id == location_id)
    rows = db.scalars(query).all()
    locations_ = db.scalars(select(Location).order_by(Location.name)).all()
    return render_template("scheduling/slots.html", slots=rows, locations=locations_,
                           location_id=location_id, limit=SLOT_CHOICES_LIMIT)


@bp.route("/slots/new", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
def new_slot() -> Any:
    form = SlotForm()
    form.fill_choices()
    if request.method == "GET":
        form.capacity.data = 8
        form.start.data, form.end.data = "09:00", "13:00"
    if form.validate_on_submit() and (times := form.times()) is not None:
        db = db_session()
        if db.get(Location, form.location_id.data) is None:
            abort(404)
        db.add(TimeSlot(location_id=form.location_id.data, starts_at=times[0],
                        ends_at=times[1], capacity=form.capacity.data))
        db.commit()
        flash(_("Time slot added."), "info")
        return redirect(url_for("scheduling.slots"))
    return render_template("scheduling/new_slot.html", form=form), \
        (422 if form.errors else 200)


# --- booking ----------------------------------------------------------------------------------


class SlotChoiceForm(FlaskForm):
    slot_id = RadioField(_l("Time slot"), coerce=int, choices=[],
                         validators=[DataRequired(_l("Choose a time slot."))])

    def fill_choices(self, exclude: int | None = None) -> None:
        # Full slots are listed too, marked as full: the database has the last word anyway
        # (a slot can fill up while the page is open), and its refusal is shown in words.
        now = utcnow()
        rows = db_session().execute(
            select(TimeSlot, Location.name).join(Location)
            .where(TimeSlot.starts_at > now)
            .order_by(TimeSlot.starts_at, Location.name).limit(SLOT_CHOICES_LIMIT)
        ).all()
        choices = []
        for slot, location_name in rows:
            if slot.id == exclude:
                continue
            free = slot.capacity - slot.booked
            when = (f"{slot.starts_at.astimezone(_tz()):%Y-%m-%d %H:%M}"
                    f"–{slot.ends_at.astimezone(_tz()):%H:%M}")
            places = (_("full") if free <= 0
                      else _("%(free)d of %(capacity)d places free", free=free,
                             capacity=slot.capacity))
            choices.append((slot.id, f"{location_name}, {when} ({places})"))
        self.slot_id.choices = choices


def _issued(case: Case, new: NewBooking, heading: str) -> str:
    """The page that shows a fresh check-in code once, with the letter. Audited."""
    db = db_session()
    user = current_staff()
    record_letter(db, user, case, new.booking, "html")
    db.commit()
    data = invitation_data(db, case, new.booking, new.invitation_code)
    return render_template("scheduling/issued.html", case=case, booking=new.booking,
                           code=new.invitation_code, letter=data,
                           versions=letter_versions(data), heading=heading)


def _slot_or_error(form: SlotChoiceForm) -> TimeSlot:
    slot = db_session().get(TimeSlot, form.slot_id.data)
    if slot is None:
        abort(404)
    return slot


@bp.route("/cases/<int:case_id>/book", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def book(case: Case) -> Any:
    if not can(case, "schedule"):
        flash(str(BOOKING_ERRORS["state"]), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    form = SlotChoiceForm()
    form.fill_choices()
    error = None
    if form.validate_on_submit():
        db = db_session()
        try:
            new = scheduling.book(db, case, _slot_or_error(form), settings().pepper,
                                  Actor.of(current_staff()))
        except BookingError as exc:
            db.rollback()
            error = booking_error_text(exc)
        else:
            return _issued(case, new, _("Sitting booked"))
    form.fill_choices()  # after a refusal, show the places as they are now
    status = 422 if (form.errors or error) else 200
    return render_template("scheduling/book.html", case=case, form=form, error=error,
                           moving=None), status


@bp.route("/cases/<int:case_id>/rebook", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def rebook(case: Case) -> Any:
    db = db_session()
    current = scheduling.active_booking(db, case)
    if current is None or current.status != BookingStatus.BOOKED:
        flash(str(BOOKING_ERRORS["not_active"]), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    form = SlotChoiceForm()
    form.fill_choices(exclude=current.slot_id)
    error = None
    if form.validate_on_submit():
        try:
            new = scheduling.rebook(db, current, _slot_or_error(form), settings().pepper,
                                    Actor.of(current_staff()))
        except BookingError as exc:
            db.rollback()
            error = booking_error_text(exc)
            current = scheduling.active_booking(db, case)
        else:
            return _issued(case, new, _("Sitting moved"))
    form.fill_choices(exclude=current.slot_id if current else None)
    return render_template("scheduling/book.html", case=case, form=form, error=error,
                           moving=current), (422 if (form.errors or error) else 200)


@bp.route("/cases/<int:case_id>/cancel", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def cancel(case: Case) -> Any:
    db = db_session()
    current = scheduling.active_booking(db, case)
    if current is None:
        flash(str(BOOKING_ERRORS["not_active"]), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    form = ReasonForm()
    error = None
    if form.validate_on_submit():
        try:
            scheduling.cancel(db, current, Actor.of(current_staff()), form.reason.data.strip())
        except BookingError as exc:
            db.rollback()
            error = booking_error_text(exc)
        else:
            db.commit()
            flash(_("Sitting cancelled. The case can be booked again."), "info")
            return redirect(url_for("planner.case_page", case_id=case.id))
    return render_template("scheduling/cancel.html", case=case, booking=current, form=form,
                           error=error), (422 if (form.errors or error) else 200)


@bp.route("/cases/<int:case_id>/new-code", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def new_code(case: Case) -> Any:
    """A lost letter: a new check-in code (the old one stops working) and a new letter."""
    db = db_session()
    current = scheduling.active_booking(db, case)
    form = ConfirmForm()
    if current is None or current.status != BookingStatus.BOOKED:
        flash(str(BOOKING_ERRORS["not_active"]), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    if form.validate_on_submit():
        try:
            code = scheduling.reissue_invitation_code(db, current, settings().pepper)
        except BookingError as exc:
            db.rollback()
            flash(booking_error_text(exc), "error")
            return redirect(url_for("planner.case_page", case_id=case.id))
        user = current_staff()
        audit.append(db, user.username, "booking.new_code", case.id, "booking", None,
                     {"booking_id": current.id}, actor_id=user.id)
        return _issued(case, NewBooking(current, code), _("New invitation letter"))
    return render_template("scheduling/new_code.html", case=case, booking=current, form=form)


# --- the letter, from the page that shows the code ----------------------------------------


class LetterForm(FlaskForm):
    code = HiddenField(validators=[DataRequired()])


def _letter_booking(case: Case) -> tuple[Booking, str] | None:
    form = LetterForm()
    if not form.validate_on_submit():
        return None
    code = form.code.data
    booking = booking_for_code(db_session(), case, code, settings().pepper)
    return (booking, code) if booking is not None else None


def _no_letter(case: Case) -> Response:
    flash(_("This check-in code no longer belongs to the case's sitting. Make a new "
            "invitation letter."), "error")
    return redirect(url_for("planner.case_page", case_id=case.id))


@bp.post("/cases/<int:case_id>/letter")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def letter_html(case: Case) -> Any:
    found = _letter_booking(case)
    if found is None:
        return _no_letter(case)
    booking, code = found
    db = db_session()
    record_letter(db, current_staff(), case, booking, "html")
    db.commit()
    data = invitation_data(db, case, booking, code)
    return render_template("scheduling/letter.html", case=case, letter=data, code=code,
                           versions=letter_versions(data))


@bp.post("/cases/<int:case_id>/letter.pdf")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def letter_pdf_download(case: Case) -> Response:
    found = _letter_booking(case)
    if found is None:
        return _no_letter(case)
    booking, code = found
    db = db_session()
    pdf = letter_pdf(invitation_data(db, case, booking, code))
    record_letter(db, current_staff(), case, booking, "pdf")
    db.commit()
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="invitation-{case.v_number}.pdf"')
    return response

