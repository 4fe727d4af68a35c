"""The planner: case list and intake (form and CSV), the route by hand, inviting the lawyer,
who has not answered, and withdrawing a case.

Selection-rule screens live in ``admin/views/screening.py``; recording the route by hand here
is for cases the rules do not (yet) cover. Every state change goes through
``hearing.workflow`` (via ``hearing.consent`` and ``hearing.scheduling`` where they apply).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from werkzeug.wrappers import Response

from admin.access import Purpose, current_staff, require_roles, visible_cases, with_case
from admin.outbox import send_notices
from admin.views.planner_forms import (
    FACT_LABELS,
    GROUND_LABELS,
    CaseFilterForm,
    CaseForm,
    ConfirmForm,
    ImportForm,
    ReasonForm,
    RouteForm,
)
from hearing import audit, consent, deadlines, intake, scheduling
from hearing.models import (
    Booking,
    Case,
    CaseEvent,
    CaseState,
    Deadline,
    DeadlineStage,
    Role,
    User,
    utcnow,
)
from hearing.web import db_session, settings
from hearing.workflow import Actor, TransitionError, can, transition

bp = Blueprint("planner", __name__, url_prefix="/planner")

LIST_LIMIT = 500
MAX_CSV_BYTES = 5 * 1024 * 1024
S = CaseState
# The route can be set or corrected until the applicant has started on the form.
ROUTE_STATES = frozenset({S.SELECTED, S.INVITED, S.CONSENTED, S.SCHEDULED})


def _next_due():  # type: ignore[no-untyped-def]
    return (
        select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
        .where(Deadline.closed_at.is_(None))
        .group_by(Deadline.case_id)
        .subquery()
    )


@bp.get("/cases")
@require_roles(Role.PLANNER)
def case_list() -> str:
    form = CaseFilterForm(request.args)
    form.fill_choices()
    now = utcnow()
    next_due = _next_due()
    query = (
        visible_cases(current_staff(), Purpose.METADATA)
        .outerjoin(next_due, next_due.c.case_id == Case.id)
        .add_columns(next_due.c.due_at)
    )
    state = form.state.data if form.state.data in {s.value for s in CaseState} else ""
    if state:
        query = query.where(Case.state == state)
    if form.overdue.data:
        query = query.where(exists().where(Deadline.case_id == Case.id,
                                           Deadline.closed_at.is_(None),
                                           Deadline.due_at < now))
    query = query.order_by(next_due.c.due_at.is_(None), next_due.c.due_at,
                           Case.created_at, Case.id).limit(LIST_LIMIT)
    rows = db_session().execute(query).all()
    return render_template("planner/cases.html", form=form, rows=rows, now=now,
                           limit=LIST_LIMIT)


@bp.route("/cases/new", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
def create_case() -> Any:
    form = CaseForm()
    form.fill_choices()
    if request.method == "GET":
        form.preferred_locale.data = form.preferred_locale.data or "ar"
        form.facts.data = ["literate_in_supported_language"]
    if form.validate_on_submit():
        db = db_session()
        case = intake.create_case(db, form.case_values())
        user = current_staff()
        audit.append(db, user.username, "case.created", case.id, "case", None,
                     {"source": "form"}, actor_id=user.id)
        db.commit()
        flash(_("Case %(v)s created.", v=case.v_number), "info")
        return redirect(url_for("planner.case_page", case_id=case.id))
    status = 422 if form.errors else 200
    return render_template("planner/new_case.html", form=form), status


@bp.route("/import", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
def import_cases() -> Any:
    form = ImportForm()
    result = None
    too_big = False
    if form.validate_on_submit():
        data = form.file.data.read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            too_big = True
        else:
            db = db_session()
            result = intake.import_csv(db, data)
            if result.ok:
                user = current_staff()
                audit.append(db, user.username, "case.imported", None, "case", None,
                             {"created": len(result.created),
                              "unchanged": len(result.unchanged)}, actor_id=user.id)
                db.commit()
            else:
                # All or nothing: one bad row and nothing of the file stays.
                db.rollback()
    status = 422 if (form.errors or too_big or (result is not None and not result.ok)) else 200
    return render_template("planner/import.html", form=form, result=result, too_big=too_big,
                           columns=intake.COLUMNS, bool_columns=intake.BOOL_COLUMNS,
                           grounds=GROUND_LABELS, max_mb=MAX_CSV_BYTES // (1024 * 1024)), status


@bp.get("/cases/<int:case_id>")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def case_page(case: Case) -> str:
    db = db_session()
    events = db.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                        .order_by(CaseEvent.at, CaseEvent.id)).all()
    bookings = db.scalars(select(Booking).where(Booking.case_id == case.id)
                          .order_by(Booking.created_at, Booking.id)).all()
    open_deadlines = db.scalars(select(Deadline).where(Deadline.case_id == case.id)
                                .order_by(Deadline.set_at, Deadline.id)).all()
    return render_template(
        "planner/case.html", case=case, events=events, bookings=bookings,
        deadlines=open_deadlines, now=utcnow(), confirm_form=ConfirmForm(),
        active=scheduling.active_booking(db, case), can=can,
        may_record_route=CaseState(case.state) in ROUTE_STATES,
        fact_labels=FACT_LABELS, ground_labels=GROUND_LABELS,
        lawyer=db.get(User, case.lawyer_id) if case.lawyer_id else None,
    )


@bp.route("/cases/<int:case_id>/route", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def record_route(case: Case) -> Any:
    if CaseState(case.state) not in ROUTE_STATES:
        flash(_("The route can no longer be changed: the applicant has started."), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    form = RouteForm()
    form.fill_choices()
    if request.method == "GET" and case.route:
        form.route.data = case.route
    if form.validate_on_submit():
        db = db_session()
        user = current_staff()
        previous = case.route
        case.route = form.route.data
        # The basis is kept in the audit log with who recorded it: the route's own history.
        audit.append(db, user.username, "case.route_recorded", case.id, "route",
                     form.basis.data.strip(), {"route": case.route, "previous": previous},
                     actor_id=user.id)
        db.commit()
        flash(_("Route recorded."), "info")
        return redirect(url_for("planner.case_page", case_id=case.id))
    return render_template("planner/route.html", case=case, form=form), \
        (422 if form.errors else 200)


@bp.post("/cases/<int:case_id>/invite")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def invite(case: Case) -> Response:
    back = redirect(url_for("planner.case_page", case_id=case.id))
    if not ConfirmForm().validate_on_submit():
        return back
    if not case.route:
        flash(_("Record the route before inviting the lawyer."), "error")
        return back
    if case.lawyer_id is None:
        flash(_("This case has no lawyer to invite."), "error")
        return back
    db = db_session()
    try:
        notices = consent.invite(db, case, Actor.of(current_staff()), settings())
    except TransitionError:
        db.rollback()
        flash(_("The lawyer can only be invited for a selected case."), "error")
        return back
    db.commit()
    sent, failed = send_notices(notices)
    if failed:
        flash(_("The lawyer is invited, but the email could not be sent. Tell the lawyer "
                "another way; the deadline runs."), "error")
    elif not sent:
        flash(_("The lawyer is invited. The lawyer has no email address: tell them another "
                "way."), "info")
    else:
        flash(_("The lawyer is invited and has been sent an email."), "info")
    return back


@bp.route("/cases/<int:case_id>/withdraw", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def withdraw(case: Case) -> Any:
    if not can(case, "withdraw"):
        flash(_("This case has already left the written procedure."), "error")
        return redirect(url_for("planner.case_page", case_id=case.id))
    form = ReasonForm()
    if form.validate_on_submit():
        db = db_session()
        actor = Actor.of(current_staff())
        reason = form.reason.data.strip()
        booking = scheduling.active_booking(db, case)
        if booking is not None and booking.status == "booked":
            # Free the place in the slot; the sitting stays in the history as cancelled.
            scheduling.cancel(db, booking, actor, reason)
        now = utcnow()
        for stage in DeadlineStage:
            deadlines.close_deadline(db, case, stage, now)
        transition(db, case, "withdraw", actor, reason=reason, at=now)
        db.commit()
        flash(_("Case %(v)s withdrawn from the written procedure.", v=case.v_number), "info")
        return redirect(url_for("planner.case_page", case_id=case.id))
    return render_template("planner/withdraw.html", case=case, form=form), \
        (422 if form.errors else 200)


@bp.get("/consent")
@require_roles(Role.PLANNER)
def awaiting_consent() -> str:
    """Invited cases whose lawyer has not answered yet, the nearest deadline first."""
    now = utcnow()
    rows = db_session().execute(
        visible_cases(current_staff(), Purpose.METADATA)
        .where(Case.state == CaseState.INVITED.value)
        .outerjoin(Deadline, (Deadline.case_id == Case.id)
                   & (Deadline.stage == DeadlineStage.CONSENT.value)
                   & Deadline.closed_at.is_(None))
        .outerjoin(User, User.id == Case.lawyer_id)
        .add_columns(Deadline.set_at, Deadline.due_at, User.full_name)
        .order_by(Deadline.due_at.is_(None), Deadline.due_at, Case.id)
    ).all()
    overdue = sum(1 for row in rows if row.due_at is not None and row.due_at < now)
    return render_template("planner/consent.html", rows=rows, now=now, overdue=overdue)
