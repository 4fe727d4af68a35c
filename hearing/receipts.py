"""The applicant's receipt for a sealed hearing: what was sent, when, and what happens next.

Built from metadata only (the submission's fingerprint and time, the case, the counts the
kiosk knew at sealing), so the kiosk can print it without being able to read the submission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.config import Settings
from hearing.deadlines import add_working_days
from hearing.dossier import build_receipt
from hearing.dossier.data import Deadline, ReceiptData
from hearing.dossier.i18n import N_
from hearing.models import Case, DeadlineStage, Location, Submission
from hearing.models import Deadline as DeadlineRow
from hearing.translate import gettext_for

DEADLINE_TRANSLATION = N_("Translation of your answers into Dutch")
DEADLINE_LAWYER = N_("Your lawyer sends corrections and additions")
DEADLINE_DECISION = N_("End of the written procedure (target: six weeks)")


@dataclass(frozen=True)
class Counts:
    """How much was answered, as the applicant saw it at sealing."""

    answered: int
    total: int
    in_person: int


def expected_deadlines(
    session: Session, case: Case, sealed_at: dt.datetime, settings: Settings
) -> tuple[Deadline, ...]:
    """The deadlines that apply after sealing, from the configured stage lengths."""
    translation_due = add_working_days(
        sealed_at, settings.deadlines.translation_working_days, settings.timezone)
    review_due = add_working_days(
        translation_due, settings.deadlines.lawyer_review_working_days, settings.timezone)
    deadlines = [Deadline(DEADLINE_TRANSLATION, translation_due.date()),
                 Deadline(DEADLINE_LAWYER, review_due.date())]
    procedure = session.scalar(
        select(DeadlineRow).where(DeadlineRow.case_id == case.id,
                                  DeadlineRow.stage == DeadlineStage.PROCEDURE.value)
        .order_by(DeadlineRow.id.desc()))
    if procedure is not None:
        deadlines.append(Deadline(DEADLINE_DECISION, procedure.due_at.date()))
    return tuple(deadlines)


def receipt_data(
    session: Session, submission: Submission, counts: Counts, settings: Settings,
    *, location_id: int | None = None,
) -> ReceiptData:
    case = session.get(Case, submission.case_id)
    assert case is not None
    location = session.get(Location, location_id) if location_id else None
    return ReceiptData(
        v_number=case.v_number,
        name=f"{case.given_names} {case.family_name}",
        locale=submission.locale,
        sealed_at=submission.sealed_at,
        questionnaire_version=submission.questionnaire_version,
        answered=counts.answered,
        total=counts.total,
        in_person=counts.in_person,
        fingerprint=submission.fingerprint,
        deadlines=expected_deadlines(session, case, submission.sealed_at, settings),
        location=location.name if location else None,
    )


def receipt_pdf(
    session: Session, submission: Submission, counts: Counts, settings: Settings,
    *, location_id: int | None = None,
) -> bytes:
    data = receipt_data(session, submission, counts, settings, location_id=location_id)
    return build_receipt(data, gettext_for(submission.locale), gettext_for("nl"))
