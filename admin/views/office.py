"""Back office home: the signed-in user's work queue, and a case's list-level summary.

The queue shows only what ``visible_cases`` allows and no case content: V-number, name,
state, route and the next open deadline. Role-specific queues can be added beside it.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import func, select

from admin.access import Purpose, current_staff, visible_cases, with_case
from hearing.models import Case, Deadline
from hearing.web import db_session

bp = Blueprint("office", __name__)

QUEUE_LIMIT = 500


@bp.get("/")
@login_required
def index() -> str:
    user = current_staff()
    next_due = (
        select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
        .where(Deadline.closed_at.is_(None))
        .group_by(Deadline.case_id)
        .subquery()
    )
    query = (
        visible_cases(user, Purpose.METADATA)
        .outerjoin(next_due, next_due.c.case_id == Case.id)
        .add_columns(next_due.c.due_at)
        # Cases with an open deadline first, soonest first; then the oldest cases.
        .order_by(next_due.c.due_at.is_(None), next_due.c.due_at, Case.created_at, Case.id)
        .limit(QUEUE_LIMIT)
    )
    rows = db_session().execute(query).all()
    return render_template("office/index.html", rows=rows, limit=QUEUE_LIMIT)


@bp.get("/cases/<int:case_id>")
@with_case(Purpose.METADATA)
def case_summary(case: Case) -> str:
    return render_template("office/case.html", case=case)
