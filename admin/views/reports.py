"""Overdue lists per role, and the measurement page (lead times, breaches, consent, decided
on the form) from ``hearing.metrics``.

Each role sees the deadlines that are its own to keep, on the cases it may see:

=================  =====================================================================
planner            every stage (the planner chases all parties)
administrator      every stage (list-level facts only)
lawyer             consent and corrections/additions, own clients
translator         translation, cases of the translator's agency
screener           the whole procedure, cases at screening or later
decision officer   the whole procedure, cases handed to them
=================  =====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import ColumnElement, true

from admin.access import Purpose, current_staff, require_roles, visible_cases
from admin.labels import ROLE_LABELS
from hearing import metrics
from hearing.models import Case, Deadline, DeadlineStage, Role, User, utcnow
from hearing.web import db_session

bp = Blueprint("reports", __name__)

D = DeadlineStage
ROLE_STAGES: dict[Role, tuple[DeadlineStage, ...]] = {
    Role.PLANNER: tuple(DeadlineStage),
    Role.ADMINISTRATOR: tuple(DeadlineStage),
    Role.LAWYER: (D.CONSENT, D.LAWYER_REVIEW),
    Role.TRANSLATOR: (D.TRANSLATION,),
    Role.SCREENER: (D.PROCEDURE,),
    Role.DECISION_OFFICER: (D.PROCEDURE,),
}
LIST_LIMIT = 500


@dataclass
class Section:
    role: Role
    title: str
    rows: list  # (Case, Deadline) pairs


def _own(user: User, role: Role) -> ColumnElement[bool]:
    """Narrow the union ``visible_cases`` gives a multi-role user to this role's own cases."""
    if role is Role.LAWYER:
        return Case.lawyer_id == user.id
    if role is Role.TRANSLATOR:
        return Case.translation_agency_id == user.organisation_id
    return true()


@bp.get("/overdue")
@login_required
def overdue() -> str:
    user = current_staff()
    now = utcnow()
    db = db_session()
    sections = []
    for role, stages in ROLE_STAGES.items():
        if not user.has_role(role):
            continue
        rows = db.execute(
            visible_cases(user, Purpose.METADATA)
            .join(Deadline, Deadline.case_id == Case.id)
            .add_columns(Deadline)
            .where(_own(user, role), Deadline.closed_at.is_(None), Deadline.due_at < now,
                   Deadline.stage.in_([s.value for s in stages]))
            .order_by(Deadline.due_at, Case.id).limit(LIST_LIMIT)
        ).all()
        sections.append(Section(role, str(ROLE_LABELS[role]), [(r[0], r[1]) for r in rows]))
    return render_template("reports/overdue.html", sections=sections, now=now,
                           limit=LIST_LIMIT)


STAGE_NAMES = {
    "invited": _l("Waiting for the lawyer's consent"),
    "consented": _l("Waiting to be booked"),
    "scheduled": _l("Booked, waiting for the sitting"),
    "in_progress": _l("Filling in"),
    "submitted": _l("Sealed, waiting for translation"),
    "in_translation": _l("Translation"),
    "in_lawyer_review": _l("Lawyer's corrections and additions"),
    "ready_for_screening": _l("Screening"),
    "handed_to_decision_officer": _l("With the decision officer"),
}


@bp.get("/metrics")
@require_roles(Role.PLANNER, Role.ADMINISTRATOR)
def metrics_page() -> str:
    report = metrics.build(db_session())
    return render_template("reports/metrics.html", report=report, stage_names=STAGE_NAMES,
                           rate=metrics.Report.rate)
