"""The case's PDFs from the back office: the dossier and the applicant's receipt.

Dossier: planners (all cases), screeners and decision officers (the cases ``admin.access``
gives them) — the people ARCHITECTURE.md has read the complete file. Assembling it decrypts
the submission, the sworn translation and the lawyer's review, each audited with reason
"dossier". Translators, lawyers and hosts read their own part on their own screens instead.

Receipt: additionally the host of the applicant's location, to print it for the applicant.
Its counts come from the sealed answers (audited, reason "receipt"); no answer text is in it.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin.access import HOST_BOOKING_STATUSES, Purpose, current_staff, require_roles, with_case
from admin.office_keys import office_keyring
from hearing import answers as answers_module
from hearing.case_file import Reader, dossier_data, open_case_submission, receipt_counts
from hearing.dossier import build_dossier
from hearing.models import Booking, Case, Role, Submission
from hearing.receipts import receipt_pdf
from hearing.web import db_session, settings

bp = Blueprint("dossier", __name__)

DOSSIER_ROLES = (Role.PLANNER, Role.SCREENER, Role.DECISION_OFFICER)
RECEIPT_ROLES = (Role.PLANNER, Role.HOST, Role.SCREENER, Role.DECISION_OFFICER)


def _pdf(data: bytes, filename: str) -> Response:
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _require_submission(case: Case) -> None:
    if db_session().scalar(select(Submission.id).where(Submission.case_id == case.id)) is None:
        abort(404)


@bp.get("/cases/<int:case_id>/dossier.pdf")
@require_roles(*DOSSIER_ROLES)
@with_case(Purpose.CONTENT)
def dossier(case: Case) -> Response:
    _require_submission(case)
    session = db_session()
    data = dossier_data(session, case, office_keyring(), Reader.of(current_staff(), "dossier"))
    # Commit the audit entries before the (slower) PDF build: the reading happened.
    session.commit()
    return _pdf(build_dossier(data), f"dossier-{case.v_number}.pdf")


@bp.get("/cases/<int:case_id>/receipt.pdf")
@require_roles(*RECEIPT_ROLES)
@with_case(Purpose.CONTENT)
def receipt(case: Case) -> Response:
    _require_submission(case)
    session = db_session()
    submission, opened = open_case_submission(session, case, office_keyring(),
                                              Reader.of(current_staff(), "receipt"))
    session.commit()
    questionnaire = answers_module.load_questionnaire(submission.questionnaire_version)
    counts = receipt_counts(opened, questionnaire)
    # The location where the applicant sealed: their last sitting that was not cancelled.
    location_id = session.scalar(
        select(Booking.location_id).where(Booking.case_id == case.id,
                                          Booking.status.in_(HOST_BOOKING_STATUSES))
        .order_by(Booking.starts_at.desc(), Booking.id.desc()).limit(1))
    pdf = receipt_pdf(session, submission, counts, settings(), location_id=location_id)
    return _pdf(pdf, f"receipt-{case.v_number}.pdf")
