"""The lawyer portal: "my clients" (status, every stage's date, next deadline) and the answer
to an invitation — consent, or decline with a reason — before the deadline.

The lawyer's review of translations lives in ``admin/views/lawyer_review.py``. A lawyer only
ever sees cases where ``Case.lawyer_id`` is their own id: the list filters on it, and the
answer page turns any other case into 404 even for a user who also holds another role.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from admin.access import Purpose, current_staff, require_roles, visible_cases, with_case
from hearing import consent, deadlines
from hearing.models import Case, CaseEvent, CaseState, Deadline, DeadlineStage, Role, utcnow
from hearing.web import db_session, settings

bp = Blueprint("lawyer", __name__, url_prefix="/lawyer")

CONSENT, DECLINE = "consent", "decline"


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=[
        (CONSENT, _l("My client takes part in the written hearing")),
        (DECLINE, _l("My client does not take part (the case goes to a hearing in person)")),
    ], validators=[DataRequired(_l("Choose whether your client takes part."))])
    reason = TextAreaField(_l("Reason (needed when your client does not take part)"),
                           validators=[Length(max=2000)], render_kw={"rows": "3"})

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.answer.data == DECLINE and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _("Give the reason for declining.")]
            ok = False
        return ok


def _own_cases():  # type: ignore[no-untyped-def]
    user = current_staff()
    return visible_cases(user, Purpose.METADATA).where(Case.lawyer_id == user.id)


@bp.get("/")
@require_roles(Role.LAWYER)
def my_clients() -> str:
    db = db_session()
    now = utcnow()
    next_due = (
        select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
        .where(Deadline.closed_at.is_(None)).group_by(Deadline.case_id).subquery()
    )
    rows = db.execute(
        _own_cases().outerjoin(next_due, next_due.c.case_id == Case.id)
        .add_columns(next_due.c.due_at)
        .order_by(next_due.c.due_at.is_(None), next_due.c.due_at, Case.id)
    ).all()
    stages: dict[int, list[CaseEvent]] = defaultdict(list)
    ids = [case.id for case, _due in rows]
    if ids:
        for event in db.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(ids))
                                .order_by(CaseEvent.at, CaseEvent.id)):
            stages[event.case_id].append(event)
    waiting = sum(1 for case, _due in rows if case.state == CaseState.INVITED)
    return render_template("lawyer/clients.html", rows=rows, stages=stages, now=now,
                           waiting=waiting)


@bp.route("/cases/<int:case_id>/answer", methods=["GET", "POST"])
@require_roles(Role.LAWYER)
@with_case(Purpose.CONTENT)
def answer(case: Case) -> Any:
    user = current_staff()
    if case.lawyer_id != user.id:
        abort(404)  # someone else's client, visible only through another role
    db = db_session()
    if case.state != CaseState.INVITED:
        flash(_("This invitation has already been answered."), "info")
        return redirect(url_for("lawyer.my_clients"))
    deadline = deadlines.current_deadline(db, case, DeadlineStage.CONSENT)
    now = utcnow()
    if deadline is not None and deadline.due_at <= now:
        return render_template("lawyer/answer.html", case=case, form=None, deadline=deadline,
                               now=now, too_late=True), 409
    form = AnswerForm()
    if form.validate_on_submit():
        consents = form.answer.data == CONSENT
        consent.answer(db, case, user, consents, settings(),
                       reason=(form.reason.data or "").strip() or None, now=now)
        db.commit()
        if consents:
            flash(_("Thank you. Case %(v)s will be scheduled; the invitation letter goes to "
                    "your client.", v=case.v_number), "info")
        else:
            flash(_("Case %(v)s leaves the written procedure with your reason.",
                    v=case.v_number), "info")
        return redirect(url_for("lawyer.my_clients"))
    return render_template("lawyer/answer.html", case=case, form=form, deadline=deadline,
                           now=now, too_late=False), (422 if form.errors else 200)
