"""The planner sends a sealed case to a translation agency, or moves it to another agency.

``hearing remind`` sends sealed cases to their default agency by itself (see
``hearing.translation`` for how the default is chosen); this screen is for doing it at once,
choosing another agency, or reassigning a case whose agency cannot make the deadline.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin.access import Purpose, current_staff, require_roles, with_case
from admin.outbox import send_notices
from hearing import translation as work
from hearing.models import Case, CaseState, Organisation, OrganisationKind, Role
from hearing.web import db_session, settings
from hearing.workflow import Actor, TransitionError

bp = Blueprint("translation_assignment", __name__)

ASSIGNABLE = (CaseState.SUBMITTED.value, CaseState.IN_TRANSLATION.value)


def _agencies() -> list[Organisation]:
    return list(db_session().scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.TRANSLATION_AGENCY.value)
        .order_by(Organisation.name)))


@bp.get("/cases/<int:case_id>/translation-agency")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def form(case: Case) -> str:
    session = db_session()
    current = work.current_translation(session, case)
    default = (session.get(Organisation, current.agency_id) if current is not None
               else work.choose_agency(session, case))
    return render_template("translation/assign.html", case=case, agencies=_agencies(),
                           current=current, default=default,
                           assignable=case.state in ASSIGNABLE)


@bp.post("/cases/<int:case_id>/translation-agency")
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def assign(case: Case) -> Response:
    session = db_session()
    try:
        agency = session.get(Organisation, int(request.form.get("agency_id", "")))
    except ValueError:
        abort(400)
    if agency is None or agency.kind != OrganisationKind.TRANSLATION_AGENCY.value:
        abort(400)
    actor = Actor.of(current_staff())
    reason = request.form.get("reason", "").strip() or None
    try:
        if case.state == CaseState.SUBMITTED:
            notices = work.send_to_translation(session, case, actor, settings(), agency=agency)
        else:
            notices = work.reassign(session, case, agency, actor, settings(), reason=reason)
    except (work.TranslationError, TransitionError) as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("translation_assignment.form", case_id=case.id))
    session.commit()
    _sent, failed = send_notices(notices)
    flash(_("The case was assigned to %(agency)s.", agency=agency.name), "success")
    if failed:
        flash(_("The email to the agency could not be sent."), "error")
    return redirect(url_for("translation_assignment.form", case_id=case.id))
